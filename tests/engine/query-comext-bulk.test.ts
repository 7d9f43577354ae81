import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aggregateComextBulk,
  BULK_CELL_STATUS,
  ComextBulkStatsSchema,
  comextBulkObservations,
  queryComextBulk,
} from '../../src/engine/index.js';
import { AggregateMixError, DataValidationError, OptionsError } from '../../src/errors.js';
import type { LoadProgress } from '../../src/model/load-result.js';
import { toSeries } from '../../src/panel/to-series.js';
import { fromComextBulk } from '../../src/sources/comext-bulk.js';
import { expectSameAccounting, exportsOnly } from './helpers.js';

const FIXTURES = new URL('../fixtures/sources/', import.meta.url);
const CLASSIC = new URL('comext-bulk.documented-layout.csv', FIXTURES).pathname;
const V2 = new URL('comext-bulk-v2.documented-layout.csv', FIXTURES).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'roundabout-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const V2_HEADER = 'REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG';

describe('aggregateComextBulk on the documented classic layout', async () => {
  const r = await aggregateComextBulk(CLASSIC);
  const js = fromComextBulk(readFileSync(CLASSIC), { file: CLASSIC });

  it('accounts for every row as the pure-JS loader does', () => {
    expectSameAccounting(r, js);
    expect(r.stats).toMatchObject({
      rowsScanned: 9,
      rowsKept: 7,
      rowsFiltered: 1,
      rowsRejected: 1,
      passes: 1,
    });
    expect(r.stats.rejectReasons).toEqual({ 'unknown country label "QS"': 1 });
    // The YYYY52 row is an annual figure: valid, but not a month.
    expect(r.stats.filterReasons).toEqual({ 'period at the other frequency': 1 });
    expect(ComextBulkStatsSchema.parse(r.stats)).toEqual(r.stats);
  });

  it('keeps leading zeros, restores a lost zero, maps Greece and keeps confidential codes', () => {
    expect(Object.keys(r.series)).toEqual([
      'DE|KG|CN:84713000|export',
      'DE|KZ|CN:01012100|export',
      'FR|KZ|CN:27090090|import',
      'GR|KZ|CN:85423190|export',
      'IT|KG|CN:39XXXXXX|export',
      'NL|RU|CN:85176200|export',
    ]);
  });

  it('sums the statistical procedures of one cell and marks a printed zero as zero', () => {
    const laptops = r.series['DE|KG|CN:84713000|export']!;
    expect(laptops.periods).toEqual(['2022-03']);
    expect(laptops.values).toEqual([124500]);
    expect(laptops.status).toEqual(['reported']);
    expect(laptops.key).toEqual({ reporter: 'DE', partner: 'KG', flow: 'export', product: 'CN:84713000' });
    expect(r.series['GR|KZ|CN:85423190|export']).toMatchObject({ values: [0], status: ['zero'] });
  });

  it('records provenance with the pure-JS ids, and the file checksum when asked', async () => {
    expect(r.provenance).toHaveLength(1);
    expect(r.provenance[0]).toMatchObject({
      id: js.provenance[0]!.id,
      publisher: 'Eurostat',
      dataset: 'DS-045409',
      file: 'comext-bulk.documented-layout.csv',
    });
    expect(r.provenance[0]!.sha256).toBeUndefined();
    expect(r.provenance[0]!.notes?.join(' ')).toMatch(/SHA-256 not computed .*1057 bytes, modified \d{4}-/);
    expect(r.series['DE|KG|CN:84713000|export']!.sources).toEqual([js.provenance[0]!.id]);
    const pinned = await aggregateComextBulk(CLASSIC, { checksum: true });
    expect(pinned.provenance[0]!.sha256).toBe(js.provenance[0]!.sha256);
  });

  it('reads the annual rows when asked for the annual frequency', async () => {
    const a = await aggregateComextBulk(CLASSIC, { frequency: 'annual' });
    expect(Object.keys(a.series)).toEqual(['DE|KG|CN:88023000|export']);
    expect(a.series['DE|KG|CN:88023000|export']).toMatchObject({ periods: ['2022'], values: [2150000] });
    expect(a.stats.rowsFiltered).toBe(7);
  });
});

describe('aggregateComextBulk on the documented v2 layout', async () => {
  const r = await aggregateComextBulk(V2, {
    flows: ['export'],
    groupBy: ['partner', 'product', 'period'],
    productLevel: 2,
    labels: { reporter: 'EU27_2020' },
  });

  it('sums reporters into the label and truncates codes to chapters', () => {
    expect(r.stats).toMatchObject({ rowsScanned: 7, rowsKept: 7, rowsRejected: 0 });
    expect(Object.keys(r.series)).toEqual([
      'AD|HS:35',
      'AD|HS:38',
      'AD|HS:39',
      'AM|HS:01',
      'KG|HS:84',
      'KZ|HS:85',
    ]);
    expect(r.series['KG|HS:84']).toMatchObject({
      key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'HS:84' },
      periods: ['2024-02'],
      values: [99500],
    });
  });
});

describe('queryComextBulk cells', () => {
  it('returns typed cells in period order with statuses', async () => {
    const text = [
      V2_HEADER,
      'DE,KG,E,84713000,2,1,202203,100,1',
      'DE,KG,E,84713000,2,1,202201,50,1',
      'DE,KG,E,84713000,2,1,202202,:,1',
      'FR,KG,E,84713000,2,1,202202,25,1',
      'FR,KG,E,84713000,2,1,202204,c,1',
    ].join('\n');
    const path = write('cells.csv', text);
    const q = await queryComextBulk(path, { flows: ['export'], groupBy: ['partner', 'product', 'period'] });
    expect(q.table.keys).toHaveLength(1);
    expect([...q.table.offsets]).toEqual([0, 4]);
    expect([...q.table.periods]).toEqual([24264, 24265, 24266, 24267]);
    expect([...q.table.status].map((s) => BULK_CELL_STATUS[s])).toEqual([
      'reported',
      'missing',
      'reported',
      'confidential',
    ]);
    expect([...q.table.values]).toEqual([50, 0, 100, 0]);
    expect([...q.table.rows]).toEqual([1, 2, 1, 1]);
    const lb = await aggregateComextBulk(path, {
      flows: ['export'],
      groupBy: ['partner', 'period'],
      incomplete: 'lowerBound',
    });
    // 2022-02: 25 known, one part missing → a lower bound; 2022-04: nothing known → null.
    expect(lb.series.KG).toMatchObject({
      values: [50, 25, 100, null],
      status: ['reported', 'reported', 'reported', 'confidential'],
    });
    expect(lb.series.KG?.notes.join(' ')).toMatch(/lower bound in 1 period/);
  });

  it('labels a summed dimension by its one code even when a series spans DuckDB result chunks', async () => {
    // 1,500 products × 3 months = 4,500 cells: more than two 2,048-row result chunks, so series cross chunk
    // boundaries. Every cell of a series holds one reporter, so each key names it (DE for odd codes, FR for even),
    // except one product both report: its key carries the summed label.
    const lines = [V2_HEADER];
    for (let p = 0; p < 1500; p++) {
      const code = String(84000000 + p * 10);
      const rep = p % 2 === 1 ? 'DE' : 'FR';
      for (const m of ['202201', '202202', '202203']) lines.push(`${rep},KG,E,${code},2,1,${m},${p + 1},1`);
    }
    lines.push('DE,KG,E,84000000,2,1,202202,7,1');
    const q = await queryComextBulk(write('chunks.csv', lines.join('\n')), {
      flows: ['export'],
      groupBy: ['product', 'period'],
    });
    expect(q.table.periods).toHaveLength(4500);
    expect(q.table.keys).toHaveLength(1500);
    const byProduct = new Map(q.table.keys.map((k, i) => [k.product, { k, i }]));
    expect(byProduct.get('CN:84000000')?.k.reporter).toBe('ALL');
    for (let p = 1; p < 1500; p++) {
      expect(byProduct.get(`CN:${84000000 + p * 10}`)?.k.reporter).toBe(p % 2 === 1 ? 'DE' : 'FR');
    }
    const mixed = byProduct.get('CN:84000000')!.i;
    expect([...q.table.values.slice(q.table.offsets[mixed]!, q.table.offsets[mixed + 1]!)]).toEqual([
      1, 8, 1,
    ]);
  });

  it('turns cells into observations that rebuild the same series', async () => {
    const q = await queryComextBulk(V2, {
      flows: ['export'],
      groupBy: ['partner', 'period'],
      labels: { reporter: 'EU27_2020' },
    });
    const obs = comextBulkObservations(q);
    expect(obs.map((o) => [o.partner, o.value])).toEqual([
      ['AD', 2854],
      ['AM', 44000],
      ['KG', 99500],
      ['KZ', 7100],
    ]);
    expect(obs[0]).toMatchObject({
      reporter: 'EU27_2020',
      product: { classification: 'TOTAL', code: 'TOTAL', level: 0 },
    });
    const kg = toSeries(obs, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
    expect(kg.values).toEqual([99500]);
  });

  it('reports progress that never decreases and ends at the total size', async () => {
    const seen: LoadProgress[] = [];
    const q = await queryComextBulk(CLASSIC, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
    expect(seen.at(-1)).toEqual({ bytes: q.stats.bytes, totalBytes: q.stats.bytes, rows: 9 });
  });

  it('honours memory, thread and checksum settings without changing the result', async () => {
    const a = await queryComextBulk(CLASSIC, { checksum: true });
    const b = await queryComextBulk(CLASSIC, { memoryLimit: '64MB', threads: 1, tempDirectory: tmp });
    expect(b.table).toEqual(a.table);
    expect(b.provenance[0]?.sha256).toBeUndefined();
    expect(a.provenance[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('rows the fast path does not take', () => {
  it('resolves labels, spaced codes and other period labels in a second pass, as the pure-JS loader does', async () => {
    const text = [
      V2_HEADER,
      'DE,KG,E,84713000,2,1,202203,100,1',
      ' DE,KG,E,84713000,2,1,202203,5,1',
      'Germany,Kyrgyzstan,E,84713000,2,1,Mar. 2022,7,1',
      'EL,KG,E, 1012100,2,1,2022-03,11,1',
      'GR,KG,E,01012100,2,1,202203,1 000,1',
      'DE,KG,E,84713000,2,1,202213,9,1',
      'XX,KG,E,84713000,2,1,202203,9,1',
      'DE,KG,E,ABC,2,1,202203,9,1',
      'DE,KG,E,84713000,3,1,202203,9,1',
      'DE,KG,E,84713000,2,1,202203,12O,1',
      'DE,KG,E,84713000,2,1,202203,1_000,1',
      'DE,KG,E,84713000,2,1,202203,9,-1',
      'DE,KG,E,84713000,2,1,202203,9,kg',
      'DE,KG,E,84713000,2,1,202203,-,1',
      'DE,KG,E,84713000,2,1',
      ',,,,,,,,',
      V2_HEADER,
    ].join('\n');
    const path = write('odd.csv', text);
    const r = await aggregateComextBulk(path, {
      flows: ['export'],
      groupBy: ['reporter', 'partner', 'product', 'period'],
      productLevel: 6,
    });
    expectSameAccounting(r, fromComextBulk(text, { file: path, ...exportsOnly }), true);
    expect(r.stats.passes).toBe(2);
    expect(r.stats.rejectReasons).toEqual({
      'expected 9 fields, found 6': 1,
      'negative quantity': 1,
      'quantity "kg" is not a number': 1,
      'repeated header line': 1,
      'unknown country label "XX"': 1,
      'unknown product code "ABC"': 1,
      'unrecognised period "202213"': 1,
      'value "12O" is not a number': 1,
      'value "1_000" is not a number': 1,
    });
    // FLOW 3 is not an export: outside the selection, as the loader's filter would drop it.
    expect(r.stats.filterReasons).toEqual({ 'flow not selected': 1 });
    expect(r.series['DE|KG|HS:847130']).toMatchObject({ values: [112], status: ['reported'] });
    // Asked for both flows, the same row is validated and rejected, exactly as by the loader without a filter.
    const both = await aggregateComextBulk(path, {
      groupBy: ['reporter', 'partner', 'product', 'flow', 'period'],
    });
    expectSameAccounting(both, fromComextBulk(text, { file: path }));
    expect(both.stats.rejectReasons['unknown flow "3" (1 import, 2 export)']).toBe(1);
    expect(r.series['GR|KG|HS:010121']).toMatchObject({ values: [1011], status: ['reported'] });
  });
});

describe('errors', () => {
  it('refuses options that cannot work with OptionsError', async () => {
    await expect(queryComextBulk(CLASSIC, { groupBy: ['partner', 'period'] })).rejects.toThrow(OptionsError);
    await expect(queryComextBulk(CLASSIC, { groupBy: ['partner', 'sector' as 'period'] })).rejects.toThrow(
      /unknown groupBy dimension "sector"/,
    );
    await expect(queryComextBulk(CLASSIC, { productLevel: 5 as 6 })).rejects.toThrow(
      /productLevel 2, 4, 6 or 8/,
    );
    await expect(queryComextBulk(CLASSIC, { from: '2022-03', to: '2022-01' })).rejects.toThrow(/from ≤ to/);
    await expect(queryComextBulk(CLASSIC, { partners: ['Atlantis'] })).rejects.toThrow(
      /unknown partner code/,
    );
    await expect(queryComextBulk(CLASSIC, { memoryLimit: 'lots' })).rejects.toThrow(/memoryLimit/);
    await expect(
      queryComextBulk(CLASSIC, {
        groupBy: ['product', 'flow', 'period'],
        productLevel: 4,
        products: ['847130'],
      }),
    ).rejects.toThrow(/finer than productLevel 4/);
    await expect(queryComextBulk([])).rejects.toThrow(/at least one path/);
  });

  it('names the file (and the column) of unreadable input with DataValidationError', async () => {
    const missing = join(tmp, 'nope.dat');
    await expect(queryComextBulk(missing)).rejects.toThrow(DataValidationError);
    const noValue = write(
      'no-value.csv',
      'REPORTER,PARTNER,PRODUCT_NC,FLOW,PERIOD\nDE,KG,84713000,2,202203\n',
    );
    const err = await queryComextBulk(noValue).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err).toMatchObject({ field: 'DECLARANT_ISO', line: 1 });
    await expect(queryComextBulk(write('empty.csv', '\n\n'))).rejects.toThrow(/no header line/);
    const sevenZip = join(tmp, 'full202203.7z');
    writeFileSync(sevenZip, Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]));
    await expect(queryComextBulk(sevenZip)).rejects.toThrow(/7-Zip archive .*extract the \.dat file first/);
  });

  it('refuses to sum an aggregate reporter with its members', async () => {
    const path = write(
      'agg.csv',
      [V2_HEADER, 'EU27_2020,KG,E,84713000,2,1,202203,100,1', 'DE,KG,E,84713000,2,1,202203,60,1'].join('\n'),
    );
    await expect(
      queryComextBulk(path, { flows: ['export'], groupBy: ['partner', 'period'] }),
    ).rejects.toThrow(AggregateMixError);
    // Split by reporter, or one reporter selected, there is nothing to double count.
    const split = await aggregateComextBulk(path, {
      flows: ['export'],
      groupBy: ['reporter', 'partner', 'period'],
    });
    expect(Object.keys(split.series)).toEqual(['DE|KG', 'EU27_2020|KG']);
    const one = await aggregateComextBulk(path, {
      flows: ['export'],
      reporters: ['EU27_2020'],
      groupBy: ['partner', 'period'],
    });
    expect(one.series.KG?.values).toEqual([100]);
  });
});
