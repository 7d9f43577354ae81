import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateComextBulk } from '../../src/engine/index.js';
import { fromComextBulk } from '../../src/sources/comext-bulk.js';
import { engineSeries, expectSameAccounting, exportsOnly, pureJsSeries, writeSynthetic } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-corrupted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A SYNTHETIC file corrupted after the fact, every fault many times over (the engine aggregates identical raw keys
// before validating them, so each fault must occur on many rows of one key and of several keys): bad values and
// quantities, unknown partner codes, short and long lines, blank lines, repeated header lines, and duplicated rows
// (valid and faulty), at a deterministic spread through the file.
const clean = writeSynthetic(tmp, 'comext-bulk-SYNTHETIC-base.dat', {
  rows: 6000,
  seed: 11,
  products: 150,
  from: '2022-01',
  to: '2022-06',
});
const [header, ...body] = readFileSync(clean, 'utf8').trimEnd().split('\n');
const width = header!.split(',').length;
const cols = header!.split(',');
const at = (name: string) => cols.findIndex((c) => c.toUpperCase().startsWith(name));
const VALUE = at('VALUE');
const QUANTITY = at('QUANTITY');
const PARTNER = at('PARTNER');
const BAD_VALUES = ['x', '12,5', '1_000', 'inf', ':', 'c', '-', '1 234'];
const BAD_PARTNERS = ['QQ', 'ZZZ', 'Atlantis'];
const out: string[] = [header!];
for (let i = 0; i < body.length; i++) {
  const f = body[i]!.split(',');
  const m = i % 37;
  if (m === 1) f[VALUE] = BAD_VALUES[(i >> 3) % BAD_VALUES.length]!;
  else if (m === 2 && QUANTITY >= 0) f[QUANTITY] = (i >> 2) % 2 === 0 ? '-4' : 'kg';
  else if (m === 3) f[PARTNER] = BAD_PARTNERS[(i >> 5) % BAD_PARTNERS.length]!;
  const line = f.join(',');
  if (m === 4) out.push(f.slice(0, width - 3).join(','));
  else if (m === 5) out.push(`${line},extra`);
  else out.push(line);
  // Duplicated rows: every 11th row (some of them faulty) appears three times.
  if (i % 11 === 0) out.push(line, line);
  if (i % 997 === 0) out.push('');
  if (i % 1999 === 0) out.push(header!);
}
const path = join(tmp, 'comext-bulk-SYNTHETIC-corrupted.dat');
writeFileSync(path, `${out.join('\n')}\n`);
const text = readFileSync(path);
const js = fromComextBulk(text, { file: path });

describe('the DuckDB path and the pure-JS loader on a corrupted file', async () => {
  const question = {
    flows: ['export'],
    groupBy: ['partner', 'product', 'period'],
    productLevel: 6,
    labels: { reporter: 'EU27_2020' },
  } as const;
  const engine = await aggregateComextBulk(path, question);

  it('account for the same rows with the same reject reasons, one flow and both', async () => {
    expectSameAccounting(engine, fromComextBulk(text, { file: path, ...exportsOnly }), true);
    expectSameAccounting(await aggregateComextBulk(path), js);
    // The faults are there: values, quantities, partner codes and line lengths each rejected many times.
    const reasons = Object.entries(engine.stats.rejectReasons);
    for (const re of [
      /^value /,
      /^quantity |negative quantity/,
      /unknown country label/,
      /^expected \d+ fields/,
    ]) {
      const n = reasons.filter(([r]) => re.test(r)).reduce((a, [, k]) => a + k, 0);
      expect(n, String(re)).toBeGreaterThan(10);
    }
    expect(engine.stats.rejectReasons['repeated header line']).toBe(4);
    // Exact repeats of valid rows are counted alike and rejected once each (duplicates: 'first', the default).
    const all = await aggregateComextBulk(path);
    expect(all.stats.duplicates).toBe(js.duplicates);
    expect(js.duplicates).toBeGreaterThan(500);
  });

  it('build the same series, each exactly repeated row counted once', () => {
    const reference = pureJsSeries(js, {
      level: 6,
      flow: 'export',
      by: ['partner', 'product'],
      label: { reporter: 'EU27_2020' },
    });
    expect(Object.keys(engineSeries(engine)).length).toBeGreaterThan(100);
    expect(engineSeries(engine)).toEqual(reference);
  });

  it('build the same series by reporter at HS2 and HS4, imports, with lower bounds', async () => {
    for (const level of [2, 4] as const) {
      const r = await aggregateComextBulk(path, {
        flows: ['import'],
        groupBy: ['reporter', 'partner', 'product', 'period'],
        productLevel: level,
        incomplete: 'lowerBound',
      });
      expect(engineSeries(r)).toEqual(
        pureJsSeries(js, {
          level,
          flow: 'import',
          by: ['reporter', 'partner', 'product'],
          incomplete: 'lowerBound',
        }),
      );
    }
  });

  it('filter products by CN8 code with products summed: the same rows as the HS6 cells they fall in', async () => {
    const hs6 = Object.values(engine.series).find((s) => s.values.some((v) => v !== null && v > 0))!;
    const code = hs6.key.product.replace(/^HS:/, '');
    const r = await aggregateComextBulk(path, {
      flows: ['export'],
      groupBy: ['partner', 'period'],
      partners: [hs6.key.partner],
      products: [code],
      labels: { reporter: 'EU27_2020' },
    });
    expect(r.series[hs6.key.partner]?.values).toEqual(hs6.values);
  });
});
