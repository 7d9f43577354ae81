// Issue 12 item 2: a record over 4 MiB (a long field) and an unclosed quote early in a large file, through every
// CSV from* and load*. On the csv-parse reader, load* ended in a bare AbortError and from* in a DataValidationError
// ("a quoted field is never closed", wrong for a long unquoted field). Now both agree: an over-long record is a
// 'record-too-long' reject and reading goes on; an unclosed quote is a DataValidationError naming the line it
// opened on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataValidationError, type LoadResult } from '../../src/index.js';
import {
  fromComextBulk,
  fromComextRelational,
  fromCsv,
  fromSdmxCsv,
  loadComextBulk,
  loadComextRelational,
  loadCsv,
  loadSdmxCsv,
} from '../../src/sources/index.js';
import { CSV_MAPPED_OPTIONS as CSV_OPTIONS, expectWellFormed, fixtureText } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-long-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Reader {
  readonly name: string;
  readonly fixture: string;
  readonly delimiter: string;
  readonly from: (text: string, file: string, max?: number) => LoadResult;
  readonly load: (path: string, max?: number) => Promise<LoadResult>;
}

const opt = (max?: number) => (max === undefined ? {} : { maxRecordBytes: max });
const READERS: readonly Reader[] = [
  {
    name: 'csv',
    fixture: 'csv-mapped.sample.csv',
    delimiter: ';',
    from: (t, file, max) => fromCsv(t, { ...CSV_OPTIONS, file, ...opt(max) }),
    load: (p, max) => loadCsv(p, { ...CSV_OPTIONS, ...opt(max) }),
  },
  {
    name: 'SDMX-CSV',
    fixture: 'comext-same-query.sdmx-csv.documented-layout.csv',
    delimiter: ',',
    from: (t, file, max) => fromSdmxCsv(t, { file, ...opt(max) }),
    load: (p, max) => loadSdmxCsv(p, opt(max)),
  },
  {
    name: 'relational',
    fixture: 'comext-relational.kz-export-2022-02.csv',
    delimiter: ',',
    from: (t, file, max) => fromComextRelational(t, { file, ...opt(max) }),
    load: (p, max) => loadComextRelational(p, opt(max)),
  },
  {
    name: 'Comext bulk',
    fixture: 'comext-bulk.documented-layout.csv',
    delimiter: ',',
    from: (t, file, max) => fromComextBulk(t, { file, ...opt(max) }),
    load: (p, max) => loadComextBulk(p, opt(max)),
  },
];

/** The fixture's lines without quotes (none of these fixtures needs them once the CSV sample's are dropped). */
function lines(r: Reader): string[] {
  return fixtureText(r.fixture).replace(/"/g, '').split(/\r?\n/);
}

const BIG = 5 * 1024 * 1024;

async function both(r: Reader, text: string, name: string, max?: number) {
  const path = join(tmp, `${r.name}-${name}.csv`);
  writeFileSync(path, text);
  const settle = async (f: () => LoadResult | Promise<LoadResult>) => {
    try {
      return { result: await f() };
    } catch (e) {
      return { error: e };
    }
  };
  return {
    path,
    from: await settle(() => r.from(text, path, max)),
    load: await settle(() => r.load(path, max)),
  };
}

describe.each(READERS)('$name: a record over maxRecordBytes', (r) => {
  it('a 5 MiB field on line 3 is one record-too-long reject on line 3, the other rows as before, in from* and load*', async () => {
    const ls = lines(r);
    const base = r.from(ls.join('\n'), 'x');
    const fields = (ls[2] as string).split(r.delimiter);
    fields[fields.length - 1] = 'x'.repeat(BIG);
    const broken = [...ls.slice(0, 2), fields.join(r.delimiter), ...ls.slice(3)].join('\n');
    const { path, from, load } = await both(r, broken, 'long');
    for (const got of [from, load]) {
      expect(got.error).toBeUndefined();
      const res = got.result as LoadResult;
      expectWellFormed(res);
      expect(res.rowsRead).toBe(base.rowsRead);
      const long = res.rejects.filter((j) => j.reason.startsWith('record-too-long'));
      expect(long).toHaveLength(1);
      expect(long[0]).toMatchObject({ file: path, line: 3 });
      expect(long[0]?.reason).toBe(
        `record-too-long: ${Buffer.byteLength(fields.join(r.delimiter))} bytes, over maxRecordBytes (4194304)`,
      );
      // Every other record reads as it did without the long field.
      expect(res.rejects.length - 1).toBe(base.rejects.filter((j) => j.line !== 3).length);
    }
    expect(load.result?.observations).toEqual(from.result?.observations);
    expect(load.result?.rejects).toEqual(from.result?.rejects);
  });

  it('the limit is an option: a record one byte over a small maxRecordBytes is rejected and reading goes on', async () => {
    const ls = lines(r);
    const max = Math.max(...ls.map((l) => Buffer.byteLength(l)));
    const third = ls[2] as string;
    const broken = [
      ...ls.slice(0, 2),
      `${third}${'y'.repeat(max + 1 - Buffer.byteLength(third))}`,
      ...ls.slice(3),
    ].join('\n');
    const { from, load } = await both(r, broken, 'option', max);
    for (const got of [from, load]) {
      const res = got.result as LoadResult;
      expectWellFormed(res);
      expect(res.rejects.find((j) => j.line === 3)?.reason).toBe(
        `record-too-long: ${max + 1} bytes, over maxRecordBytes (${max})`,
      );
      expect(res.rowsRead).toBe(r.from(ls.join('\n'), 'x').rowsRead);
    }
  });
});

describe.each(READERS)('$name: an unclosed quote early in a large file', (r) => {
  it('is a DataValidationError naming the file and the line the quote opened on, in from* and load*', async () => {
    const ls = lines(r);
    const fields = (ls[2] as string).split(r.delimiter);
    fields[1] = `"${fields[1]}`;
    // More than 4 MiB follows the quote, as in a large file.
    const filler = ls[3] as string;
    const rows = Array.from({ length: Math.ceil(BIG / filler.length) }, () => filler);
    const broken = [...ls.slice(0, 2), fields.join(r.delimiter), ...rows].join('\n');
    const { path, from, load } = await both(r, broken, 'unclosed');
    for (const got of [from, load]) {
      expect(got.error).toBeInstanceOf(DataValidationError);
      const e = got.error as DataValidationError;
      expect(e.file).toBe(path);
      expect(e.line).toBe(3);
      expect(e.message).toContain('a quoted field opened on line 3 is never closed');
    }
  });
});
