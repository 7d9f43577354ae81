/**
 * The accumulator every loader writes into: kept observations, rejects with file/line/field/reason, and the
 * record counts. `rowsRead` is counted independently of the outcomes so the invariant
 * `rowsRead === rowsKept + rejects.length` is a real check.
 *
 * @module
 */
import { RoundaboutError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { LoadResult, Reject } from '../../model/load-result.js';
import { type TradeObservation, TradeObservationSchema } from '../../model/observation.js';
import type { Provenance } from '../../model/provenance.js';
import { abbreviate } from './text.js';

/** Mutable accumulator of one input (file or in-memory text). */
export interface Collector<C extends Currency> {
  /** Input label used in rejects. */
  readonly file: string;
  readonly observations: TradeObservation<C>[];
  readonly rejects: Reject[];
  rowsRead: number;
  rowsKept: number;
  /** Kept observations with a value below zero (flagged `negative`). */
  negativeValues: number;
}

/** A new, empty collector for one input. */
export function createCollector<C extends Currency>(file: string): Collector<C> {
  return { file, observations: [], rejects: [], rowsRead: 0, rowsKept: 0, negativeValues: 0 };
}

/** Record a reject for the record at `line`. */
export function rejectRow<C extends Currency>(
  out: Collector<C>,
  line: number,
  field: string | undefined,
  reason: string,
  raw?: string,
): void {
  out.rejects.push({
    file: out.file,
    line,
    ...(field === undefined ? {} : { field }),
    reason,
    ...(raw === undefined ? {} : { raw: abbreviate(raw) }),
  });
}

/**
 * Keep an observation after validating it against {@link TradeObservationSchema}; a record that fails becomes a
 * reject naming the first failing field. `records` is how many input records produced it (a value row plus a
 * quantity row merged into it count as two). A value below zero is kept, flagged `negative: true` and counted.
 */
export function keepRow<C extends Currency>(
  out: Collector<C>,
  kept: TradeObservation<C>,
  line: number,
  raw: string | undefined,
  records = 1,
): boolean {
  const negative = kept.value !== null && kept.value < 0;
  const observation: TradeObservation<C> =
    negative && kept.negative !== true ? { ...kept, negative: true } : kept;
  const check = TradeObservationSchema.safeParse(observation);
  if (!check.success) {
    const issue = check.error.issues[0];
    const field = issue === undefined ? undefined : issue.path.map(String).join('.');
    const reason = check.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    for (let i = 0; i < records; i++) rejectRow(out, line, field, `invalid observation: ${reason}`, raw);
    return false;
  }
  out.observations.push(observation);
  out.rowsKept += records;
  if (negative) out.negativeValues++;
  return true;
}

/**
 * Finish one input: check the accounting invariant and attach provenance.
 *
 * @throws {RoundaboutError} if the loader lost track of a record (a bug, never a data problem)
 */
export function finishCollector<C extends Currency>(
  out: Collector<C>,
  provenance: Provenance,
): LoadResult<C> {
  if (out.rowsRead !== out.rowsKept + out.rejects.length) {
    throw new RoundaboutError(
      `loader accounting error in ${out.file}: read ${out.rowsRead}, kept ${out.rowsKept}, rejected ${out.rejects.length}`,
    );
  }
  return {
    observations: out.observations,
    rejects: out.rejects,
    provenance: [provenance],
    rowsRead: out.rowsRead,
    rowsKept: out.rowsKept,
    negativeValues: out.negativeValues,
  };
}

/** Concatenate the results of several inputs. */
export function combineResults<C extends Currency>(results: readonly LoadResult<C>[]): LoadResult<C> {
  const observations: TradeObservation<C>[] = [];
  const rejects: Reject[] = [];
  const provenance: Provenance[] = [];
  let rowsRead = 0;
  let rowsKept = 0;
  let negativeValues = 0;
  for (const r of results) {
    for (const o of r.observations) observations.push(o);
    for (const j of r.rejects) rejects.push(j);
    provenance.push(...r.provenance);
    rowsRead += r.rowsRead;
    rowsKept += r.rowsKept;
    negativeValues += r.negativeValues ?? 0;
  }
  return { observations, rejects, provenance, rowsRead, rowsKept, negativeValues };
}
