import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataValidationError, type LoadProgress } from '../../src/index.js';
import { fromComextBulk, loadComextBulk } from '../../src/sources/index.js';
import { expectProgressEndsAt, expectWellFormed, fixture, fixtureBytes, only } from './helpers.js';

const CLASSIC = 'comext-bulk.documented-layout.csv';
const V2 = 'comext-bulk-v2.documented-layout.csv';
const tmp = mkdtempSync(join(tmpdir(), 'roundabout-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('fromComextBulk, classic layout', () => {
  const r = fromComextBulk(fixtureBytes(CLASSIC), { file: CLASSIC });

  it('accounts for every row and rejects the unknown partner code', () => {
    expectWellFormed(r);
    expect(r.rowsRead).toBe(9);
    expect(r.rowsKept).toBe(8);
    expect(r.rejects).toEqual([
      expect.objectContaining({ line: 10, field: 'PARTNER_ISO', reason: 'unknown country label "QS"' }),
    ]);
  });

  it('keeps CN8 codes as 8-character strings and restores a lost leading zero', () => {
    const horses = only(r.observations, (o) => o.product.code === '01012100');
    expect(horses.product).toEqual({ classification: 'CN', code: '01012100', level: 8 });
    expect(horses).toMatchObject({ reporter: 'DE', partner: 'KZ', value: 56000, quantityKg: 1500 });
  });

  it('keeps both statistical procedures of one key as separate observations that sum to the flow', () => {
    const laptops = r.observations.filter((o) => o.product.code === '84713000' && o.period === '2022-03');
    expect(laptops.map((o) => o.value)).toEqual([120500, 4000]);
    expect(r.provenance[0]?.notes?.join(' ')).toMatch(/statistical procedure/);
  });

  it('maps flows, Greece, annual YYYY52 periods, zero values and confidential codes', () => {
    expect(only(r.observations, (o) => o.reporter === 'GR')).toMatchObject({ value: 0, status: 'zero' });
    expect(only(r.observations, (o) => o.period === '2022').product.code).toBe('88023000');
    expect(only(r.observations, (o) => o.reporter === 'FR')).toMatchObject({ flow: 'import', partner: 'KZ' });
    expect(only(r.observations, (o) => o.reporter === 'IT').product).toEqual({
      classification: 'CN',
      code: '39XXXXXX',
      level: 8,
    });
  });
});

describe('fromComextBulk, v2 layout and aggregates', () => {
  it('reads the full_v2 layout (REPORTER, VALUE_EUR, QUANTITY_KG, EL for Greece)', () => {
    const r = fromComextBulk(fixtureBytes(V2), { file: V2 });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(7);
    expect(r.rejects).toEqual([]);
    expect(only(r.observations, (o) => o.reporter === 'GR')).toMatchObject({ partner: 'KZ', value: 7100 });
    expect(only(r.observations, (o) => o.reporter === 'PL').product.code).toBe('01012100');
    expect(r.observations[0]).toMatchObject({
      reporter: 'AT',
      partner: 'AD',
      period: '2024-02',
      quantityKg: 3,
    });
    expect(r.provenance[0]?.notes).toContain('layout: v2');
  });

  it('maps TOTAL and HS chapters/headings in PRODUCT_NC to the right product level', () => {
    const text =
      'REPORTER,PARTNER,PRODUCT_NC,FLOW,PERIOD,VALUE_EUR\n' +
      'DE,KG,TOTAL,2,202203,900\nDE,KG,27,2,202203,50\nDE,KG,8471,2,202203,40\nDE,KG,847130,2,202203,30\n' +
      'DE,KG,1,2,202203,1\nDE,KG,27XX,2,202203,1\n';
    const r = fromComextBulk(text);
    expectWellFormed(r);
    expect(r.observations.map((o) => [o.product.classification, o.product.code, o.product.level])).toEqual([
      ['TOTAL', 'TOTAL', 0],
      ['HS', '27', 2],
      ['HS', '8471', 4],
      ['HS', '847130', 6],
      ['HS', '01', 2],
    ]);
    expect(r.rejects).toEqual([expect.objectContaining({ line: 7, reason: 'unknown product code "27XX"' })]);
  });

  it('refuses a file without the columns of either layout', () => {
    expect(() =>
      fromComextBulk('REPORTER,PARTNER,FLOW,PERIOD,VALUE_EUR\nDE,KG,2,202203,1\n', { file: 'x.dat' }),
    ).toThrow(
      expect.objectContaining({ name: 'DataValidationError', file: 'x.dat', line: 1, field: 'PRODUCT_NC' }),
    );
  });

  it('applies the filter before counting and states how many rows it dropped', () => {
    const r = fromComextBulk(fixtureBytes(CLASSIC), { filter: (row) => row.partner === 'KG' });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(4);
    expect(new Set(r.observations.map((o) => o.partner))).toEqual(new Set(['KG']));
    expect(r.provenance[0]?.notes).toContain('options.filter excluded 5 rows (not counted in rowsRead)');
  });
});

describe('loadComextBulk', () => {
  it('streams plain and gzip files to the same observations as fromComextBulk', async () => {
    const gz = join(tmp, 'full.dat.gz');
    writeFileSync(gz, gzipSync(fixtureBytes(CLASSIC)));
    const parsed = fromComextBulk(fixtureBytes(CLASSIC), { file: fixture(CLASSIC) });
    const plain = await loadComextBulk(fixture(CLASSIC));
    expect(plain).toEqual(parsed);
    const events: LoadProgress[] = [];
    const zipped = await loadComextBulk(gz, { onProgress: (p) => events.push(p) });
    expect(zipped.observations.map((o) => ({ ...o, source: '' }))).toEqual(
      parsed.observations.map((o) => ({ ...o, source: '' })),
    );
    // sha256 and progress are of the bytes as stored (compressed).
    expect(zipped.provenance[0]?.sha256).not.toBe(parsed.provenance[0]?.sha256);
    expectProgressEndsAt(events, statSync(gz).size, 9);
  });

  it('streams a large generated file with bounded work per row, keeping only what the filter selects', async () => {
    const path = join(tmp, 'big.dat.gz');
    const lines = ['REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG'];
    const partners = ['KG', 'KZ', 'AM', 'GE', 'UZ', 'CN', 'US', 'TR'];
    for (let i = 0; i < 60_000; i++) {
      const code = String(10000000 + ((i * 7919) % 89999999)).padStart(8, '0');
      lines.push(`DE,${partners[i % 8]},E,${code},2,1,202203,${i + 1},${i % 50}`);
    }
    writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
    const events: LoadProgress[] = [];
    const r = await loadComextBulk(path, {
      filter: (row) => row.partner === 'KG',
      onProgress: (p) => events.push(p),
    });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(7_500);
    expect(r.rowsKept).toBe(7_500);
    expect(r.observations.reduce((s, o) => s + (o.value ?? 0), 0)).toBe(
      Array.from({ length: 7_500 }, (_, k) => 8 * k + 1).reduce((a, b) => a + b, 0),
    );
    expectProgressEndsAt(events, statSync(path).size, 60_000);
    expect(events.length).toBeGreaterThan(2);
  });

  it('throws a DataValidationError for a corrupt gzip file', async () => {
    const path = join(tmp, 'corrupt.dat.gz');
    const good = gzipSync(readFileSync(fixture(V2)));
    writeFileSync(path, Buffer.concat([good.subarray(0, 20), Buffer.from('not gzip at all')]));
    await expect(loadComextBulk(path)).rejects.toBeInstanceOf(DataValidationError);
  });
});
