import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { OptionsError } from '../../src/errors.js';
import { formatTable } from '../../src/report/format-table.js';
import { fixture } from './helpers.js';

/** Start column of each header cell, found from the dashes of the rule line. */
function columnStarts(rule: string): number[] {
  return [...rule.matchAll(/-+/g)].map((m) => m.index);
}

describe('formatTable', () => {
  const result = fixture();
  const eu = result.findings.filter((f) => f.currency === 'EUR' && f.leg === 'above-baseline');

  it('prints one line per key finding under a header with units and a rule', () => {
    const lines = formatTable(result, { width: 200 }).trimEnd().split('\n');
    expect(lines).toHaveLength(2 + result.findings.length); // every fixture finding is cited by a leg
    expect(lines[0]).toMatch(/^Exporter\s+Dest\s+Group\s+Method\s+Window\s+Cur\s+Actual \(m\)/);
    expect(lines[0]).toContain('Interval (95%)');
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
  });

  it('names the currency in the header when all findings share it, and prints millions', () => {
    const text = formatTable(eu, { width: 200 });
    const [header, rule, kg] = text.split('\n');
    expect(header).toContain('Actual (EUR m)');
    expect(header).toContain('Excess (EUR m)');
    expect(header).not.toContain('Cur');
    // KG: actual EUR 3,860.4 m, excess +3,351.9 m, +659.2%, p 0.026.
    expect(kg).toMatch(
      /^EU27_2020 +KG +TOTAL +preWarMean +2022-03 to 2023-12 +3,860\.4 +508\.5 +\+3,351\.9 +\+659\.2%/,
    );
    expect(kg).toMatch(/0\.026$/);
    expect(rule).toBeDefined();
  });

  it('aligns columns: numbers end where their header ends, text starts where its header starts', () => {
    const lines = formatTable(eu, { width: 200 }).trimEnd().split('\n');
    const starts = columnStarts(lines[1]!);
    const ends = [...lines[1]!.matchAll(/-+/g)].map((m) => m.index + m[0].length);
    for (const line of lines.slice(2)) {
      // Destination (text) starts at its column; Excess % (number) ends at its column.
      expect(line.slice(starts[1]!, starts[1]! + 2)).toMatch(/^(KG|KZ|AM)$/);
      expect(line.slice(0, ends[8]!)).toMatch(/%$/);
    }
  });

  it('fits a narrow width by dropping expected, actual and window first, then cutting lines', () => {
    const wide = formatTable(result, { width: 200 });
    const narrow = formatTable(result, { width: 80 });
    expect(wide).toContain('Expected');
    expect(narrow).not.toContain('Expected');
    expect(narrow).not.toContain('Window');
    expect(narrow).toContain('Excess %');
    for (const line of narrow.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    const tiny = formatTable(result, { width: 40 });
    for (const line of tiny.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(tiny).toContain('…');
  });

  it('prints n/a for undefined figures and the relative interval where there is no money excess', () => {
    const triple = result.findings.filter((f) => f.method === 'tripleDiff');
    const line = formatTable(triple, { width: 200 }).split('\n')[2]!;
    expect(line).toContain('n/a');
    expect(line).toContain('+48.2%');
    expect(line).toContain('+12.1%..+93.4%');
  });

  it('refuses a width below 40 and says so when there are no findings', () => {
    expect(() => formatTable(result, { width: 10 })).toThrow(OptionsError);
    expect(formatTable([], { width: 80 })).toContain('(no findings)');
  });

  it('strips terminal escape sequences, control characters and bidi overrides from labels', () => {
    const f = result.findings[0]!;
    const hostile = {
      ...f,
      exporter: '\u001b[2J\u001b[31mEU27\u001b[0m',
      destination: '\u001b]0;owned\u0007KG\u009b1A',
      productGroup: 'all\u001bPq#0\u001b\\\u0000\u0008 goods\nnext\u202e',
    };
    const text = formatTable([hostile], { width: 200 });
    // No ESC, CSI, BEL, NUL, backspace or RTL override reaches the terminal, and the table keeps three lines.
    const controls = [...text].filter((ch) => {
      const c = ch.codePointAt(0)!;
      return (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
    });
    expect(controls).toEqual([]);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    const row = text.split('\n')[2]!;
    expect(row).toMatch(/^EU27 +KG +all goods next /);
    // Anchor: ordinary labels pass through unchanged.
    expect(formatTable([f], { width: 200 }).split('\n')[2]).toMatch(/^EU27_2020 +KG/);
  });

  test.prop([fc.integer({ min: 40, max: 240 })])('never exceeds the requested width', (width) => {
    for (const line of formatTable(result, { width }).trimEnd().split('\n')) {
      expect([...line].length).toBeLessThanOrEqual(width);
    }
  });
});
