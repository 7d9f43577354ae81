import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateComextBulk, queryComextBulk } from '../../src/engine/index.js';
import { DataValidationError, OptionsError } from '../../src/errors.js';
import { DUPLICATE_ROW_REASON } from '../../src/model/load-result.js';
import { fromComextBulk, loadComextBulk } from '../../src/sources/comext-bulk.js';
import { expectSameAccounting } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-duplicates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A small SYNTHETIC bulk file (v2 layout): line 3 is repeated exactly on lines 5 and 6, line 4 differs from line 3
// only by its statistical procedure (a legitimate second row of the same cell), a faulty row is repeated (line 8
// repeats line 7: rejects, never duplicates).
const HEADER = 'REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG';
const lines = [
  HEADER,
  'DE,KG,E,84713000,2,1,202203,1000,10',
  'FR,KG,E,84713000,2,1,202203,500,5',
  'FR,KG,E,84713000,2,2,202203,70,1',
  'FR,KG,E,84713000,2,1,202203,500,5',
  'FR,KG,E,84713000,2,1,202203,500,5',
  'IT,KG,E,84713000,2,1,202203,x,5',
  'IT,KG,E,84713000,2,1,202203,x,5',
  'IT,KG,E,84713000,1,1,202203,30,5',
  'IT,KG,E,84713000,1,1,202203,30,5',
];
const path = join(tmp, 'comext-bulk-SYNTHETIC-duplicates.dat');
writeFileSync(path, `${lines.join('\n')}\n`);
const text = readFileSync(path);
const QUESTION = {
  flows: ['export'],
  groupBy: ['partner', 'period'],
  labels: { reporter: 'EU27_2020' },
} as const;

describe('exact duplicate rows', () => {
  it("'first' (default): each repeat counted and rejected once, in both paths alike", async () => {
    const js = fromComextBulk(text, { file: path });
    expect(js.duplicates).toBe(3);
    expect(js.rejects.filter((r) => r.reason === DUPLICATE_ROW_REASON).map((r) => r.line)).toEqual([
      5, 6, 10,
    ]);
    expect((await loadComextBulk(path)).duplicates).toBe(3);
    const both = await aggregateComextBulk(path);
    expect(both.stats.duplicates).toBe(3);
    expectSameAccounting(both, js);
    const engine = await aggregateComextBulk(path, QUESTION);
    // Exports only: the import repeat (line 10) is outside the selection, as the loader's filter drops it.
    expect(engine.stats.duplicates).toBe(2);
    expect(engine.stats.rejectReasons[DUPLICATE_ROW_REASON]).toBe(2);
    expect(engine.series.KG?.values).toEqual([1000 + 500 + 70]);
    const filtered = fromComextBulk(text, { file: path, filter: (r) => r.flow === '2' });
    expect(filtered.duplicates).toBe(2);
    expectSameAccounting(engine, filtered, true);
  });

  it("'sum': every copy summed and the repeats still counted", async () => {
    const js = fromComextBulk(text, { file: path, duplicates: 'sum' });
    expect(js.duplicates).toBe(3);
    expect(js.rejects.some((r) => r.reason === DUPLICATE_ROW_REASON)).toBe(false);
    const engine = await aggregateComextBulk(path, { ...QUESTION, duplicates: 'sum' });
    expect(engine.stats.duplicates).toBe(2);
    expect(engine.series.KG?.values).toEqual([1000 + 3 * 500 + 70]);
    expectSameAccounting(await aggregateComextBulk(path, { duplicates: 'sum' }), js);
  });

  it("'error': a typed error naming the file and the lines, the same on both paths", async () => {
    const message = /line 5: row repeats line 3 exactly/;
    expect(() => fromComextBulk(text, { file: path, duplicates: 'error' })).toThrow(message);
    await expect(loadComextBulk(path, { duplicates: 'error' })).rejects.toThrow(message);
    const e = await queryComextBulk(path, { ...QUESTION, duplicates: 'error' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataValidationError);
    expect(e).toMatchObject({ file: path, line: 5 });
    expect(String((e as Error).message)).toMatch(message);
  });

  it("'unchecked': repeats summed unseen, no count (documented)", async () => {
    const js = fromComextBulk(text, { file: path, duplicates: 'unchecked' });
    expect(js.duplicates).toBeUndefined();
    const engine = await aggregateComextBulk(path, { ...QUESTION, duplicates: 'unchecked' });
    expect(engine.stats.duplicates).toBeUndefined();
    expect(engine.series.KG?.values).toEqual([1000 + 3 * 500 + 70]);
    expectSameAccounting(await aggregateComextBulk(path, { duplicates: 'unchecked' }), js);
  });

  it('looks for repeats within each file (the same file twice: its repeats twice, its rows summed twice)', async () => {
    const copy = join(tmp, 'comext-bulk-SYNTHETIC-duplicates-copy.dat');
    writeFileSync(copy, text);
    const js = await loadComextBulk([path, copy]);
    const engine = await aggregateComextBulk([path, copy]);
    expect(js.duplicates).toBe(2 * 3);
    expect(engine.stats.duplicates).toBe(js.duplicates);
    expectSameAccounting(engine, js);
    const e = await queryComextBulk([copy, path], { duplicates: 'error' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ file: copy, line: 5 });
  });

  it('refuses an unknown policy', async () => {
    await expect(queryComextBulk(path, { duplicates: 'drop' as 'first' })).rejects.toThrow(OptionsError);
    expect(() => fromComextBulk(text, { duplicates: 'drop' as 'first' })).toThrow(OptionsError);
  });
});
