import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateComextBulk } from '../../src/engine/index.js';
import { fromComextBulk } from '../../src/sources/comext-bulk.js';
import {
  engineSeries,
  expectSameAccounting,
  exportsOnly,
  pureJsSeries,
  toParquet,
  writeSynthetic,
} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-parity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A SYNTHETIC file in the exact Comext bulk layout (bench/generate-comext-bulk.ts), 2% of rows with a deliberate
// fault (bad value, period, flow, partner or product code), plus the Comext special partner codes.
const ROWS = 20_000;
const csv = writeSynthetic(tmp, 'comext-bulk-SYNTHETIC-parity.dat', {
  rows: ROWS,
  seed: 7,
  faultRate: 0.02,
  products: 400,
  from: '2021-01',
  to: '2022-12',
});
const gz = join(tmp, 'comext-bulk-SYNTHETIC-parity.dat.gz');
writeFileSync(gz, gzipSync(readFileSync(csv)));
const js = fromComextBulk(readFileSync(csv), { file: csv });

const QUESTION = {
  flows: ['export'],
  groupBy: ['partner', 'product', 'period'],
  productLevel: 6,
  labels: { reporter: 'EU27_2020' },
} as const;

describe('the DuckDB path and the pure-JS loader on a generated file', async () => {
  const engine = await aggregateComextBulk(csv, QUESTION);

  it('account for the same rows with the same reject reasons', async () => {
    // Exports only: the other flow's rows are outside the selection before validation, as the loader's filter.
    expectSameAccounting(engine, fromComextBulk(readFileSync(csv), { file: csv, ...exportsOnly }), true);
    // Both flows: every row validated, exactly the loader's accounting without a filter.
    expectSameAccounting(await aggregateComextBulk(csv), js);
    expect(engine.stats.rowsScanned).toBe(ROWS);
    // The faults and the special partner codes are there to be rejected: the comparison is not vacuous.
    expect(engine.stats.rowsRejected).toBeGreaterThan(150);
    expect(Object.keys(engine.stats.rejectReasons).length).toBeGreaterThan(15);
  });

  it('build the same series (EU exports by partner × HS6 × month)', () => {
    const reference = pureJsSeries(js, {
      level: 6,
      flow: 'export',
      by: ['partner', 'product'],
      label: { reporter: 'EU27_2020' },
    });
    const mine = engineSeries(engine);
    expect(Object.keys(mine).length).toBeGreaterThan(1000);
    expect(Object.keys(mine)).toEqual(Object.keys(reference));
    expect(mine).toEqual(reference);
  });

  it('build the same series split by reporter at the chapter level, imports', async () => {
    const byReporter = await aggregateComextBulk(csv, {
      flows: ['import'],
      groupBy: ['reporter', 'partner', 'product', 'period'],
      productLevel: 2,
    });
    const reference = pureJsSeries(js, { level: 2, flow: 'import', by: ['reporter', 'partner', 'product'] });
    expect(engineSeries(byReporter)).toEqual(reference);
  });

  it('give the same result from the gzip file and from Parquet converted from it', async () => {
    const parquet = join(tmp, 'parity.parquet');
    await toParquet(gz, parquet, false);
    const fromGz = await aggregateComextBulk(gz, QUESTION);
    const fromParquet = await aggregateComextBulk(parquet, QUESTION);
    expect(engineSeries(fromGz)).toEqual(engineSeries(engine));
    expect(engineSeries(fromParquet)).toEqual(engineSeries(engine));
    const { bytes: _a, ...gzStats } = fromGz.stats;
    const { bytes: _b, ...csvStats } = engine.stats;
    expect(gzStats).toEqual(csvStats);
    // Parquet holds no repeated header lines or short rows, but the same rows and rejects.
    expect(fromParquet.stats.rejectReasons).toEqual(engine.stats.rejectReasons);
    expect(fromParquet.provenance[0]?.notes).toContain('read with DuckDB (parquet)');
  });

  it('read Parquet whose columns DuckDB typed as numbers (leading zeros lost) to the same series', async () => {
    const clean = writeSynthetic(tmp, 'comext-bulk-SYNTHETIC-clean.dat', {
      rows: 3000,
      seed: 3,
      products: 200,
    });
    const typed = join(tmp, 'typed.parquet');
    await toParquet(clean, typed, true);
    const a = await aggregateComextBulk(clean, QUESTION);
    const b = await aggregateComextBulk(typed, QUESTION);
    expect(Object.keys(a.series).some((k) => k.includes('|HS:0'))).toBe(true);
    expect(engineSeries(b)).toEqual(engineSeries(a));
  });

  it('read several files in one scan as the sum of their parts', async () => {
    const half = await aggregateComextBulk([csv, gz], QUESTION);
    expect(half.stats.rowsScanned).toBe(2 * ROWS);
    expect(half.provenance.map((p) => p.file)).toEqual([
      'comext-bulk-SYNTHETIC-parity.dat',
      'comext-bulk-SYNTHETIC-parity.dat.gz',
    ]);
    const one = engine.series['KG|HS:847130'] ?? Object.values(engine.series)[0]!;
    const key = Object.keys(engine.series).find((k) => engine.series[k] === one)!;
    expect(half.series[key]?.values).toEqual(one.values.map((v) => (v === null ? null : 2 * v)));
    // Duplicates are looked for within a file: the generated file repeats no row, so none are found.
    expect(half.stats.duplicates).toBe(0);
  });
});

// Cells of bulk rows, valid and not: the loader's edge cases (Eurostat codes, spaces, labels, tokens, grouped
// numbers, other product levels and period labels, blank and short lines).
const REPORTERS = ['DE', 'FR', 'GR', 'EL', 'UK', ' DE', 'de', 'XX', '', 'Germany'];
const PARTNERS = ['KG', 'KZ', 'AM', 'QS', ' KG', 'Kyrgyzstan', ''];
const PRODUCTS = [
  '84713000',
  '01012100',
  '1012100',
  '39XXXXXX',
  '2709',
  'TOTAL',
  'ABC',
  ' 84713000',
  '84713010',
  '',
];
const FLOWS = ['1', '2', '2', '3', ' 2', ''];
const PERIODS = ['202203', '202204', '202252', '2022-05', '202213', '2022', 'Oct. 2022', 'x', ' 202203', ''];
const VALUES = [
  '120',
  '0',
  '-',
  ':',
  'c',
  '1,234',
  '1 234',
  '12.5',
  'x',
  '',
  '1_000',
  'inf',
  '-5',
  'nan',
  ' 7 ',
];
const QUANTITIES = ['10', '0', '-3', 'x', '', ':', '2.5'];
const LINE = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(
        ...[REPORTERS, PARTNERS, PRODUCTS, FLOWS, PERIODS, VALUES, QUANTITIES].map((xs) =>
          fc.constantFrom(...xs),
        ),
      )
      .map((f) => `${f[0]},${f[1]},E,${f[2]},${f[3]},1,${f[4]},${f[5]},${f[6]}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(',,,,,,,,', 'DE,KG,E,84713000', 'DE,KG,E,84713000,2,1,202203,5,1,extra', ''),
  },
);

describe('random bulk files', () => {
  let n = 0;
  test.prop([fc.array(LINE, { minLength: 1, maxLength: 40 }), fc.constantFrom('null', 'lowerBound')], {
    numRuns: 12,
    seed: 20240611,
  })('the DuckDB path and the pure-JS loader agree on accounting and series', async (lines, incomplete) => {
    const text = `REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG\n${lines.join('\n')}\n`;
    const path = join(tmp, `random-${n++}.csv`);
    writeFileSync(path, text);
    const loaded = fromComextBulk(text, { file: path });
    const filtered = fromComextBulk(text, { file: path, ...exportsOnly });
    const engine = await aggregateComextBulk(path, {
      flows: ['export'],
      groupBy: ['reporter', 'partner', 'product', 'period'],
      productLevel: 6,
      incomplete,
    });
    expectSameAccounting(engine, filtered, true);
    expect(engineSeries(engine, true)).toEqual(
      pureJsSeries(loaded, { level: 6, flow: 'export', by: ['reporter', 'partner', 'product'], incomplete }),
    );
  });
});
