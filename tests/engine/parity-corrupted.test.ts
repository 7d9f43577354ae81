import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateComextBulk, RECORD_TOO_LONG } from '../../src/engine/index.js';
import { DataValidationError } from '../../src/errors.js';
import { fromComextBulk } from '../../src/sources/comext-bulk.js';
import {
  engineSeries,
  expectSameAccounting,
  exportsOnly,
  pureJsSeries,
  reasonCounts,
  writeSynthetic,
} from './helpers.js';

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

// The same corrupted file, broken further: a quote that never closes, and a record longer than maxRecordBytes.
// Rule (both paths): an over-long record is a reject (`record-too-long`) and reading goes on; an unclosed quote is
// a DataValidationError naming the file and the line where the quote opens.
describe('the DuckDB path and the pure-JS loader on an unclosed quote and an over-long record', () => {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const at = 2000;
  const write = (name: string, body: string[]) => {
    const p = join(tmp, name);
    writeFileSync(p, `${body.join('\n')}\n`);
    return p;
  };
  const row = lines[at]!.split(',');
  const openQuote = [...row];
  openQuote[PARTNER] = `"${openQuote[PARTNER]}`;
  const quoted = [...lines.slice(0, at), openQuote.join(','), ...lines.slice(at)];
  const unclosed = write('comext-bulk-SYNTHETIC-unclosed-quote.dat', quoted);
  // A well-quoted field with line breaks earlier: the error names the physical line, not the record's index.
  const multiline = [...row];
  multiline[PARTNER] = '"K\nG"';
  const withBreaks = [...lines.slice(0, 10), multiline.join(','), ...quoted.slice(10)];
  const unclosedAfterBreaks = write('comext-bulk-SYNTHETIC-unclosed-after-breaks.dat', withBreaks);

  it('stop with the same typed error at the line where the quote opens', async () => {
    for (const [file, line] of [
      [unclosed, at + 1],
      [unclosedAfterBreaks, at + 3],
    ] as const) {
      const js = (() => {
        try {
          fromComextBulk(readFileSync(file), { file });
        } catch (e) {
          return e;
        }
      })();
      expect(js).toBeInstanceOf(DataValidationError);
      expect(js).toMatchObject({ file, line });
      for (const options of [{}, { flows: ['export'] as const }]) {
        const e = await aggregateComextBulk(file, options).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(DataValidationError);
        expect(e).toMatchObject({ file, line });
        expect(String((e as Error).message)).toMatch(/quoted field is never closed/);
      }
    }
    // The same from gzip: the line is counted in the decompressed text.
    const gz = `${unclosed}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(unclosed)));
    await expect(aggregateComextBulk(gz)).rejects.toMatchObject({ file: gz, line: at + 1 });
  });

  it('stop at an unclosed quote in a file large enough to be scanned in parallel', async () => {
    // About 7 MB after the quote: DuckDB's parallel scanner reads on after it; the error must still come.
    const big = [...lines.slice(0, 300), openQuote.join(',')];
    for (let i = 0; i < 50; i++) big.push(...lines.slice(1));
    const file = write('comext-bulk-SYNTHETIC-unclosed-large.dat', big);
    await expect(aggregateComextBulk(file, { threads: 2 })).rejects.toMatchObject({ file, line: 301 });
  });

  it('reject an over-long record with a reason and read on, as if the line were a reject of its own', async () => {
    const long = [...row];
    long[VALUE] = '9'.repeat(5 * 1024 * 1024);
    const file = write('comext-bulk-SYNTHETIC-long-record.dat', [
      ...lines.slice(0, at),
      long.join(','),
      ...lines.slice(at),
    ]);
    const engine = await aggregateComextBulk(file);
    expect(engine.stats.rejectReasons[RECORD_TOO_LONG]).toBe(1);
    // Everything else exactly as the loader reads the file without that line.
    const { [RECORD_TOO_LONG]: _, ...rest } = engine.stats.rejectReasons;
    expect(engine.stats.rowsScanned).toBe(js.rowsRead + 1);
    expect(engine.stats.rowsRejected).toBe(js.rejects.length + 1);
    expect(rest).toEqual(reasonCounts(js));
    expect(engine.stats.duplicates).toBe(js.duplicates);
    // And the pure-JS loader on the same bytes: the same one record-too-long reject, the same accounting.
    const same = fromComextBulk(readFileSync(file), { file });
    expect(same.rowsRead).toBe(engine.stats.rowsScanned);
    expect(same.rejects.length).toBe(engine.stats.rowsRejected);
    const tooLong = same.rejects.filter((x) => x.reason.startsWith(RECORD_TOO_LONG));
    expect(tooLong.map((x) => x.line)).toEqual([at + 1]);
    expect(reasonCounts({ ...same, rejects: same.rejects.filter((x) => !tooLong.includes(x)) })).toEqual(
      rest,
    );
    // A quoted long field too, and a lower limit.
    const quotedLong = [...row];
    quotedLong[VALUE] = `"${'1'.repeat(3000)}"`;
    const small = write('comext-bulk-SYNTHETIC-long-quoted.dat', [
      ...lines.slice(0, at),
      quotedLong.join(','),
      ...lines.slice(at),
    ]);
    const r = await aggregateComextBulk(small, { maxRecordBytes: 2048 });
    expect(r.stats.rejectReasons[RECORD_TOO_LONG]).toBe(1);
    expect(r.stats.rowsScanned).toBe(js.rowsRead + 1);
    await expect(aggregateComextBulk(small, { maxRecordBytes: 10 })).rejects.toThrow(/maxRecordBytes/);
  });
});
