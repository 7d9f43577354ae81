import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { comextBulkChunks, type GenerateOptions } from '../../bench/generate-comext-bulk.js';
import type { AggregateComextBulkResult } from '../../src/engine/index.js';
import type { LoadResult } from '../../src/model/load-result.js';
import type { TradeObservation } from '../../src/model/observation.js';
import type { Series } from '../../src/model/series.js';
import { combine, policyOf } from '../../src/panel/internal/combine.js';
import { toSeriesSet } from '../../src/panel/to-series-set.js';
import { truncateProducts } from '../../src/panel/truncate-products.js';
import type { PanelObservation } from '../../src/panel/types.js';

/** Write a SYNTHETIC Comext-layout file (the benchmark generator) into `dir` and return its path. */
export function writeSynthetic(dir: string, name: string, options: GenerateOptions): string {
  const path = join(dir, name);
  writeFileSync(path, [...comextBulkChunks(options)].join(''));
  return path;
}

/** Convert a CSV file to Parquet with DuckDB's COPY, as a user would (`autoDetect`: let DuckDB type the columns). */
export async function toParquet(csv: string, parquet: string, autoDetect: boolean): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const read = autoDetect ? `read_csv('${csv}')` : `read_csv('${csv}', all_varchar = true)`;
    await c.run(`COPY (SELECT * FROM ${read}) TO '${parquet}' (FORMAT parquet)`);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Reject counts by reason of a pure-JS load. */
export function reasonCounts(r: LoadResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of r.rejects) out[x.reason] = (out[x.reason] ?? 0) + 1;
  return out;
}

/** The comparable part of a series: key, periods, values, statuses. */
export function core(s: Series): {
  key: Series['key'];
  periods: string[];
  values: (number | null)[];
  status: string[];
} {
  return { key: s.key, periods: [...s.periods], values: [...s.values], status: [...s.status] };
}

/**
 * The pure-JS reference: the loader's monthly CN8 observations (one flow), truncated to an HS level by the panel
 * (which sums the statistical procedures of a cell), then one series per `by` key.
 */
export function pureJsSeries(
  loaded: LoadResult<'EUR'>,
  options: {
    level: 2 | 4 | 6;
    flow: 'export' | 'import';
    by: readonly ('reporter' | 'partner' | 'product' | 'flow')[];
    label?: { reporter?: string; product?: string };
    incomplete?: 'null' | 'lowerBound';
  },
): Record<string, ReturnType<typeof core>> {
  // Confidential codes (`39XXXXXX`) are left out: the panel does not truncate them (the engine keeps them as
  // `39XXXX`, compared separately).
  const cn8 = loaded.observations.filter(
    (o) => o.period.length === 7 && /^\d{8}$/.test(o.product.code) && o.flow === options.flow,
  );
  // Bulk rows split a cell by statistical procedure; the panel refuses a cell twice, so sum those first with the
  // panel's own summing rules.
  const cells = new Map<string, TradeObservation<'EUR'>[]>();
  for (const o of cn8) {
    const id = [o.reporter, o.partner, o.flow, o.product.code, o.period].join('|');
    const list = cells.get(id);
    if (list === undefined) cells.set(id, [o]);
    else list.push(o);
  }
  const sum = { incomplete: options.incomplete ?? 'null' } as const;
  const summed = [...cells.values()].map((list): PanelObservation<'EUR'> => {
    const c = combine(list, policyOf(sum));
    return { ...list[0]!, value: c.value, status: c.status, ...(c.lowerBound ? { lowerBound: true } : {}) };
  });
  const hs = truncateProducts(summed, options.level, sum);
  const set = toSeriesSet(hs, {
    by: options.by,
    flow: options.flow,
    ...sum,
    ...(options.label ? { label: options.label } : {}),
  });
  return Object.fromEntries(Object.entries(set).map(([k, s]) => [k, core(s)]));
}

/** The same view of a DuckDB result (optionally without the confidential `39XXXX`-style product codes). */
export function engineSeries(
  r: AggregateComextBulkResult,
  numericOnly = false,
): Record<string, ReturnType<typeof core>> {
  return Object.fromEntries(
    Object.entries(r.series)
      .filter(([, s]) => !numericOnly || !/X/.test(s.key.product))
      .map(([k, s]) => [k, core(s)]),
  );
}

/**
 * The DuckDB path and the pure-JS loader account for the same rows with the same reasons. When the engine selected
 * one flow, rows of the other flow are outside the selection before validation, as with the loader's `filter`:
 * compare with the loader run with that filter (`flowFiltered`).
 */
export function expectSameAccounting(
  engine: AggregateComextBulkResult,
  js: LoadResult,
  flowFiltered = false,
): void {
  const skipped = flowFiltered ? (engine.stats.filterReasons['flow not selected'] ?? 0) : 0;
  expect(engine.stats.rowsScanned - skipped).toBe(js.rowsRead);
  expect(engine.stats.rowsRejected).toBe(js.rejects.length);
  expect(engine.stats.rowsKept + engine.stats.rowsFiltered - skipped).toBe(js.rowsKept);
  expect(engine.stats.rejectReasons).toEqual(reasonCounts(js));
}

/** The pure-JS loader's filter equivalent to an engine query of one flow. */
export const exportsOnly = { filter: (r: { flow: string }) => r.flow === '2' } as const;
