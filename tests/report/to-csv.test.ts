import { fc, test } from '@fast-check/vitest';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analyses/types.js';
import { CSV_COLUMNS, toCsv } from '../../src/report/to-csv.js';
import { fixture, HOSTILE, hostileFinding } from './helpers.js';

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, relax_quotes: false });
}

describe('toCsv', () => {
  const result = fixture();

  it('writes a header and one CRLF-terminated row per finding, with flat interval and fit columns', () => {
    const csv = toCsv(result.findings);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    // No bare LF: every line break is CRLF (the fixture's texts contain no newlines).
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const parsed = rows(csv);
    expect(parsed).toHaveLength(result.findings.length);
    const kg = parsed[0]!;
    const f = result.findings[0]!;
    expect(kg.id).toBe(f.id);
    expect(Number(kg.actual)).toBe(f.actual);
    expect(Number(kg.interval_lower)).toBe(f.interval.lower);
    expect(Number(kg.interval_upper)).toBe(f.interval.upper);
    expect(Number(kg.pct_interval_level)).toBe(0.95);
    expect(Number(kg.fit_n)).toBe(36);
    expect(kg.warnings).toBe(f.warnings.join(' | '));
  });

  it('writes null as an empty cell, and a finding without currency or p-value as such', () => {
    const parsed = rows(toCsv(result.findings));
    const triple = parsed.find((r) => r.method === 'tripleDiff')!;
    expect(triple.currency).toBe('');
    expect(triple.actual).toBe('');
    expect(Number(triple.excess_pct)).toBeCloseTo(0.482, 12);
    const gb = parsed.find((r) => r.exporter === 'GB' && r.destination === 'KG')!;
    expect(gb.p_value).toBe('');
  });

  it('quotes commas, quotes and newlines, and neutralises formula-like TEXT cells', () => {
    const csv = toCsv([hostileFinding(result)]);
    const r = rows(csv)[0]!;
    expect(r.text).toBe(HOSTILE); // quoted field with comma, quote and LF survives intact
    expect(r.destination).toBe(`'=HYPERLINK("http://evil")`);
    expect(r.product_group).toBe(`'+cmd|calc`);
    expect(r.method).toBe(`'@SUM(A1)`);
    expect(r.p_method).toBe(`'-2+3`);
    expect(r.warnings).toBe(`'\tleading tab | second, with comma | third "quoted"`);
    // Sanity anchor: an ordinary text cell is not prefixed.
    expect(r.exporter).toBe('EU27_2020');
  });

  it('neutralises formulas behind leading spaces or tabs and full-width ＝＋－＠ (Excel/LibreOffice fold them)', () => {
    const f = result.findings[0]!;
    const cases = [
      ' =1+1',
      '\t=cmd',
      '  @SUM(A1)',
      ' \t-2+3',
      '＝HYPERLINK("x")',
      '＋1',
      '－1',
      '＠A1',
      '\u3000=1',
    ];
    for (const destination of cases) {
      const r = rows(toCsv([{ ...f, destination }]))[0]!;
      expect(r.destination).toBe(`'${destination}`);
    }
    // Anchors: text that merely contains these characters, or spaces before ordinary text, is left alone.
    for (const destination of ['KG = Kyrgyzstan', ' KG', 'a＝b', 'x-y']) {
      expect(rows(toCsv([{ ...f, destination }]))[0]!.destination).toBe(destination);
    }
  });

  it('keeps NUMBER cells numeric: a negative excess is written as -15000000, not neutralised', () => {
    const gbKz = result.findings.find((f) => f.exporter === 'GB' && f.destination === 'KZ')!;
    expect(gbKz.excess).toBeLessThan(0);
    const line = toCsv([gbKz]).split('\r\n')[1]!;
    expect(line).toContain(',-15000000,');
    expect(line).not.toContain("'-");
    const r = rows(toCsv([gbKz]))[0]!;
    expect(Number(r.excess)).toBe(-15_000_000);
    expect(Number(r.excess_pct)).toBeCloseTo(-15 / 337, 12);
    expect(Number(r.interval_lower)).toBe(-101_500_000);
  });

  const text = fc.string({ unit: 'binary', maxLength: 40 });
  test.prop([
    text,
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(text, { maxLength: 3 }),
  ])(
    'round-trips through csv-parse: text cells come back (with a quote prefix where neutralised), numbers exactly',
    (destination, note, excess, warnings) => {
      const f: Finding = { ...result.findings[0]!, destination, text: note, excess, warnings };
      const r = rows(toCsv([f]))[0]!;
      const unneutral = (s: string) =>
        /^[\t\r]/.test(s) || /^[\s\u200b]*[=+\-@＝＋－＠]/.test(s) ? `'${s}` : s;
      expect(r.destination).toBe(unneutral(destination));
      expect(r.text).toBe(unneutral(note));
      expect(Number(r.excess)).toBe(excess === 0 ? 0 : excess);
      expect(r.warnings).toBe(warnings.length === 0 ? '' : unneutral(warnings.join(' | ')));
    },
  );
});
