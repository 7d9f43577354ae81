import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  type CsvOptions,
  type LoadProgress,
  type LoadResult,
  type TradeObservation,
  TradeObservationSchema,
} from '../../src/index.js';

/**
 * The column mapping of the generic CSV fixture (`csv-mapped.sample.csv`, thousand USD, `;` and decimal comma), as
 * the corruption, long-record and fuzz tests read it.
 */
export const CSV_MAPPED_OPTIONS: CsvOptions = {
  delimiter: ';',
  decimalSeparator: ',',
  valueScale: 1000,
  columns: {
    reporter: 'reporter',
    partner: 'partner',
    flow: 'flow',
    period: 'period',
    value: 'value_thousand_usd',
    currency: { constant: 'USD' },
    productCode: 'hs',
    status: 'flag',
    quantityKg: 'net_mass_t',
  },
};

/** Absolute path of a fixture in tests/fixtures/sources. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/sources/${name}`, import.meta.url));
}

/** The bytes of a fixture. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixture(name));
}

/** The text of a fixture. */
export function fixtureText(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

/** Every loader invariant: accounting, schema-valid observations, 1-based reject lines. */
export function expectWellFormed(result: LoadResult): void {
  expect(result.rowsRead).toBe(result.rowsKept + result.rejects.length);
  for (const o of result.observations) expect(TradeObservationSchema.safeParse(o).success).toBe(true);
  for (const r of result.rejects) {
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(r.reason.length).toBeGreaterThan(0);
  }
  expect(result.provenance.length).toBeGreaterThan(0);
}

/** The single observation matching a predicate (fails when there is not exactly one). */
export function only<T extends TradeObservation>(list: readonly T[], pick: (o: T) => boolean): T {
  const hits = list.filter(pick);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

/** Progress must be monotone and end at the file size with the rows read. */
export function expectProgressEndsAt(events: readonly LoadProgress[], size: number, rows: number): void {
  expect(events.length).toBeGreaterThan(0);
  for (let i = 1; i < events.length; i++) {
    expect(events[i]!.bytes).toBeGreaterThanOrEqual(events[i - 1]!.bytes);
    expect(events[i]!.rows).toBeGreaterThanOrEqual(events[i - 1]!.rows);
  }
  const last = events[events.length - 1]!;
  expect(last.bytes).toBe(size);
  expect(last.totalBytes).toBe(size);
  expect(last.rows).toBe(rows);
}
