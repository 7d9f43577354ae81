/**
 * Shared shapes of the dataset build: observation rows, reject bookkeeping, and the finishing step that turns
 * rows into a sorted CSV plus its catalog entry.
 *
 * @module
 */
import { relative } from 'node:path';
import type { DatasetCatalogEntry, ObservationColumn, RejectSummary } from '../../src/datasets.js';
import type { ObservationStatus } from '../../src/model/observation.js';
import type { Provenance } from '../../src/model/provenance.js';
import { compareStrings, sha256File, toCsvText } from './csv.js';

/** One observation as written to a dataset CSV: every field a string (`''` for none). */
export interface ObsRow {
  reporter: string;
  partner: string;
  flow: 'export' | 'import';
  product: string;
  period: string;
  value: string;
  status: ObservationStatus;
  partnerBasis: '' | 'origin' | 'consignment';
  source: string;
}

/** A built dataset: file text plus catalog entry. */
export interface BuiltDataset {
  readonly entry: DatasetCatalogEntry;
  readonly text: string;
}

/** Collects rows a builder did not keep, with reasons. */
export class RejectLog {
  readonly #byReason = new Map<
    string,
    { count: number; examples: { file: string; line: number; raw: string }[] }
  >();
  #total = 0;

  /** Record one rejected input record. */
  add(reason: string, file: string, line: number, raw: string): void {
    this.#total += 1;
    let r = this.#byReason.get(reason);
    if (r === undefined) {
      r = { count: 0, examples: [] };
      this.#byReason.set(reason, r);
    }
    r.count += 1;
    if (r.examples.length < 3) r.examples.push({ file, line, raw: raw.slice(0, 120) });
  }

  /** Number of rejected records. */
  get total(): number {
    return this.#total;
  }

  /** Deterministic summary, sorted by reason. */
  summary(): RejectSummary[] {
    return [...this.#byReason.entries()]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([reason, r]) => ({ reason, count: r.count, examples: r.examples }));
  }
}

/** Metadata of a source file, turned into a {@link Provenance} record with its checksum. */
export interface SourceMeta {
  /** Path relative to the raw folder, e.g. `ecb_eurofxref/DERIVED_ecb_annual_average_rates.csv`. */
  readonly file: string;
  readonly publisher: string;
  readonly dataset: string;
  readonly title: string;
  readonly url?: string;
  readonly vintage?: string;
  readonly retrieved?: string;
  readonly licence: string;
  readonly units: string;
  readonly notes?: readonly string[];
}

/**
 * Build the provenance record of a source file (its id is the dataset name, or `name:file-stem` when several files
 * feed one dataset).
 */
export function provenanceOf(rawDir: string, id: string, meta: SourceMeta): Provenance {
  const p: Provenance = {
    id,
    publisher: meta.publisher,
    dataset: meta.dataset,
    title: meta.title,
    licence: meta.licence,
    file: meta.file,
    sha256: sha256File(`${rawDir}/${meta.file}`),
    units: meta.units,
  };
  return {
    ...p,
    ...(meta.url === undefined ? {} : { url: meta.url }),
    ...(meta.vintage === undefined ? {} : { vintage: meta.vintage }),
    ...(meta.retrieved === undefined ? {} : { retrieved: meta.retrieved }),
    ...(meta.notes === undefined ? {} : { notes: [...meta.notes] }),
  };
}

/** Catalog fields a builder states; the rest is computed by {@link finishObservations}. */
export type ObservationSpec = Omit<
  DatasetCatalogEntry,
  'kind' | 'file' | 'rows' | 'columns' | 'coverage' | 'build' | 'rebuild' | 'constants'
> & {
  /** Columns written, in order (a subset of the observation columns). */
  readonly columns: readonly ObservationColumn[];
  /** Values of the fields that are not columns (plus `currency`, optional `roundingUnit`, `edition`). */
  readonly constants: Readonly<Record<string, string | number>>;
};

const SORT_KEYS: readonly (keyof ObsRow)[] = [
  'reporter',
  'partner',
  'flow',
  'product',
  'partnerBasis',
  'period',
];

/** The command line that rebuilds every dataset. */
export const REBUILD_COMMAND = 'npx tsx scripts/build-datasets.ts';

/**
 * Sort the rows, check the constants and duplicates, and produce the CSV text and catalog entry.
 *
 * @throws {Error} if a row disagrees with a constant or two rows share a key (a build bug, never data)
 */
export function finishObservations(
  spec: ObservationSpec,
  input: readonly ObsRow[],
  read: { rowsRead: number; rejects: RejectLog; synthesised?: number },
): BuiltDataset {
  let rows = [...input];
  for (const [k, v] of Object.entries(spec.constants)) {
    if (!SORT_KEYS.includes(k as keyof ObsRow) && k !== 'source' && k !== 'status') continue;
    for (const r of rows) {
      if (r[k as keyof ObsRow] !== v) throw new Error(`${spec.name}: row disagrees with constant ${k}=${v}`);
    }
  }
  const keyed = rows.map((r) => ({ r, key: SORT_KEYS.map((k) => r[k]).join('\u0000') }));
  keyed.sort((a, b) => compareStrings(a.key, b.key));
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i - 1]?.key === keyed[i]?.key) {
      throw new Error(`${spec.name}: duplicate observation ${keyed[i]?.key.split('\u0000').join('|')}`);
    }
  }
  rows = keyed.map((x) => x.r);
  let from: string | undefined;
  let to: string | undefined;
  for (const r of rows) {
    if (from === undefined || r.period < from) from = r.period;
    if (to === undefined || r.period > to) to = r.period;
  }
  const file = `${spec.name}.csv`;
  const text = toCsvText(
    spec.columns,
    rows.map((r) => spec.columns.map((c) => r[c])),
  );
  const synthesised = read.synthesised ?? 0;
  const rowsKept = rows.length - synthesised;
  if (rowsKept + read.rejects.total !== read.rowsRead) {
    throw new Error(
      `${spec.name}: kept ${rowsKept} + rejected ${read.rejects.total} != read ${read.rowsRead}`,
    );
  }
  const entry: DatasetCatalogEntry = {
    ...spec,
    kind: 'observations',
    file,
    rows: rows.length,
    columns: spec.columns,
    constants: spec.constants,
    ...(from === undefined || to === undefined ? {} : { coverage: { from, to } }),
    build: {
      rowsRead: read.rowsRead,
      rowsKept,
      synthesised,
      rejects: read.rejects.summary(),
    },
    rebuild: REBUILD_COMMAND,
  };
  return { entry, text };
}

/** Catalog fields a table builder states. */
export type TableSpec = Omit<
  DatasetCatalogEntry,
  'kind' | 'file' | 'rows' | 'build' | 'rebuild' | 'constants'
> & {
  readonly constants?: Readonly<Record<string, string | number>>;
};

/** Produce the CSV text and catalog entry of a table dataset (rows already sorted by the builder). */
export function finishTable(
  spec: TableSpec,
  rows: readonly (readonly string[])[],
  read: { rowsRead: number; rejects?: RejectLog; corrected?: number },
): BuiltDataset {
  const rejects = read.rejects ?? new RejectLog();
  const entry: DatasetCatalogEntry = {
    ...spec,
    kind: 'table',
    file: `${spec.name}.csv`,
    rows: rows.length,
    constants: spec.constants ?? {},
    build: {
      rowsRead: read.rowsRead,
      rowsKept: read.rowsRead - rejects.total,
      synthesised: 0,
      rejects: rejects.summary(),
      ...(read.corrected === undefined ? {} : { corrected: read.corrected }),
    },
    rebuild: REBUILD_COMMAND,
  };
  return { entry, text: toCsvText(spec.columns, rows) };
}

/** Path of `file` relative to `dir`, with forward slashes (never an absolute machine path). */
export function relativePath(dir: string, file: string): string {
  return relative(dir, file).split('\\').join('/');
}
