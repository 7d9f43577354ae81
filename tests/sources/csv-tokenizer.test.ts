// The CSV tokenizer shared by every from* and load* reader (issue 12 item 2): its dialect, its limits, and the
// property that makes from*/load* parity hold by construction — any split of the text into chunks gives the same
// records (or the same error) as the whole text.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DataValidationError, OptionsError } from '../../src/index.js';
import {
  type CsvItem,
  createCsvTokenizer,
  csvItemsFromText,
} from '../../src/sources/internal/csv-records.js';

const rows = (text: string, delimiter = ',', maxRecordBytes?: number) =>
  csvItemsFromText(text, {
    file: 't.csv',
    delimiter,
    ...(maxRecordBytes === undefined ? {} : { maxRecordBytes }),
  });

/** Tokenize text pushed in the given pieces; the outcome is the items or the error's message. */
function outcome(pieces: readonly string[], delimiter: string, maxRecordBytes: number): unknown {
  const items: CsvItem[] = [];
  try {
    const t = createCsvTokenizer({ file: 't.csv', delimiter, maxRecordBytes }, (i) => items.push(i));
    for (const p of pieces) t.push(p);
    t.end();
  } catch (e) {
    expect(e).toBeInstanceOf(DataValidationError);
    return { error: (e as Error).message, line: (e as DataValidationError).line };
  }
  return items;
}

describe('the CSV dialect', () => {
  it('reads RFC 4180 quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(rows('a,b\n"x,1","say ""hi""",\n"two\r\nlines",z\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x,1', 'say "hi"', ''], line: 2 },
      { fields: ['two\nlines', 'z'], line: 3 },
    ]);
  });

  it('counts \\r\\n, \\r and \\n as one physical line each, mixed in one file, and skips empty lines', () => {
    expect(rows('h\r\na\rb\n\r\n\nc\r"d\re"\rf')).toEqual([
      { fields: ['h'], line: 1 },
      { fields: ['a'], line: 2 },
      { fields: ['b'], line: 3 },
      { fields: ['c'], line: 6 },
      { fields: ['d\ne'], line: 7 },
      { fields: ['f'], line: 9 },
    ]);
  });

  it('drops a leading BOM only, keeps a quote inside an unquoted field, and honours the delimiter', () => {
    expect(rows('\ufeffa;b"c;\ufeffd\n', ';')).toEqual([{ fields: ['a', 'b"c', '\ufeffd'], line: 1 }]);
    expect(rows('a, "b",c')).toEqual([{ fields: ['a', ' "b"', 'c'], line: 1 }]);
    expect(rows('a,b,\n,\n')).toEqual([
      { fields: ['a', 'b', ''], line: 1 },
      { fields: ['', ''], line: 2 },
    ]);
  });

  it('an unclosed quote is a DataValidationError naming the line the quote opened on', () => {
    const text = 'h1,h2\nok,1\nbad,"never\nclosed,2\nmore,3\n';
    expect(() => rows(text)).toThrow(DataValidationError);
    try {
      rows(text);
    } catch (e) {
      expect((e as DataValidationError).line).toBe(3);
      expect((e as DataValidationError).file).toBe('t.csv');
      expect((e as Error).message).toContain('a quoted field opened on line 3 is never closed');
    }
  });

  it('a closing quote followed by anything but a delimiter or line break is a DataValidationError', () => {
    expect(() => rows('a\n"b"c\n')).toThrow(/line 2: malformed CSV: a closing quote is followed by "c"/);
    expect(() => rows('a\n"b\n"c\n')).toThrow(/line 3: .*\(the field opened on line 2\)/);
  });

  it('a record over maxRecordBytes (UTF-8 bytes) is an over-long item, and reading goes on after it', () => {
    // 'é' is 2 bytes: "éé,x" is 6 bytes.
    expect(rows('éé,x\nab\n', ',', 6)).toEqual([
      { fields: ['éé', 'x'], line: 1 },
      { fields: ['ab'], line: 2 },
    ]);
    expect(rows('h\néé,xy\n"q\nq",1\nab\n', ',', 6)).toEqual([
      { fields: ['h'], line: 1 },
      { tooLong: true, line: 2, bytes: 7, head: 'éé,xy' },
      { tooLong: true, line: 3, bytes: 7, head: '"q\nq",1' },
      { fields: ['ab'], line: 5 },
    ]);
    // An emoji is a surrogate pair: 4 bytes.
    expect(rows('😀😀', ',', 7)).toEqual([{ tooLong: true, line: 1, bytes: 8, head: '😀😀' }]);
  });

  it('an unclosed quote stays an error however long the record has grown', () => {
    const text = `h\n"${'x'.repeat(100)}\n${'y'.repeat(100)}\n`;
    expect(() => rows(text, ',', 10)).toThrow(/opened on line 2 is never closed/);
  });

  it('rejects unusable options', () => {
    expect(() => rows('a', '"')).toThrow(OptionsError);
    expect(() => rows('a', ',,')).toThrow(OptionsError);
    expect(() => rows('a', ',', 0)).toThrow(OptionsError);
    expect(() => rows('a', ',', 1.5)).toThrow(OptionsError);
  });
});

const ALPHABET = ['a', 'b', '1', ' ', 'é', '😀', ',', ';', '"', '""', '\r', '\n', '\r\n', '\ufeff'];
const csvText = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join(''));
const cuts = fc.array(fc.nat({ max: 200 }), { maxLength: 8 });

function split(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((x, y) => x - y);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

describe('chunking never changes what is read', () => {
  test.prop([csvText, cuts, fc.constantFrom(',', ';'), fc.integer({ min: 1, max: 40 })], { numRuns: 3000 })(
    'random CSV text split into random chunks gives the same records, over-long records or error as the whole',
    (text, at, delimiter, max) => {
      expect(outcome(split(text, at), delimiter, max)).toEqual(outcome([text], delimiter, max));
    },
  );

  const field = fc
    .array(fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' '), { maxLength: 6 })
    .map((a) => a.join(''));
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
  test.prop([table, cuts, fc.constantFrom('\n', '\r\n', '\r')], { numRuns: 1000 })(
    'records written with RFC 4180 quoting come back field for field (line breaks inside as \\n), on their lines',
    (records, at, eol) => {
      const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
      const text = records.map((r) => r.map(quote).join(',')).join(eol) + eol;
      const got = outcome(split(text, at), ',', 1 << 20) as CsvItem[];
      let line = 1;
      const expected = records.map((r) => {
        const item = { fields: r.map((f) => f.replace(/\r\n/g, '\n')), line };
        line += 1 + r.reduce((k, f) => k + (f.match(/\r\n|\n/g)?.length ?? 0), 0);
        return item;
      });
      expect(got).toEqual(expected);
    },
  );
});
