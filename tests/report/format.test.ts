import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMarkdown,
  formatMoney,
  formatMoneyInterval,
  formatNumber,
  formatP,
  formatPct,
  formatWindow,
  padTo,
  wrap,
} from '../../src/report/format.js';

describe('report number formatting', () => {
  it('formatMoney prints base units as readable millions with the currency', () => {
    expect(formatMoney(1_170_900_000, 'EUR')).toBe('EUR 1,170.9 m');
    expect(formatMoney(12_110_000_000, 'EUR')).toBe('EUR 12,110.0 m');
    expect(formatMoney(-15_000_000, 'GBP', undefined, true)).toBe('GBP -15.0 m');
    expect(formatMoney(75_300_000, 'GBP', undefined, true)).toBe('GBP +75.3 m');
    // Below 100,000 the unit switches to thousands, so small flows do not print as 0.0 m.
    expect(formatMoney(45_300, 'USD')).toBe('USD 45.3 thousand');
    expect(formatMoney(null, 'EUR')).toBe('n/a');
    expect(formatMoney(Number.NaN, 'EUR')).toBe('n/a');
  });

  it('formatPct reads fractions as signed percentages, and rounding to zero loses the sign', () => {
    expect(formatPct(3.448)).toBe('+344.8%');
    expect(formatPct(-0.045)).toBe('-4.5%');
    expect(formatPct(11.3)).toBe('+1,130.0%');
    expect(formatPct(-0.00001)).toBe('0.0%');
    expect(formatPct(0.25, false)).toBe('25.0%');
    expect(formatPct(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('formatP, formatWindow and money intervals', () => {
    expect(formatP(0.0256)).toBe('0.026');
    expect(formatP(0.0004)).toBe('<0.001');
    expect(formatP(null)).toBe('n/a');
    expect(formatWindow({ from: '2022-03', to: '2023-12' })).toBe('2022-03 to 2023-12');
    expect(formatWindow({ from: '2022', to: '2022' })).toBe('2022');
    expect(formatMoneyInterval({ lower: 700_100_000, upper: 950_200_000, level: 0.95 }, 'EUR')).toBe(
      'EUR +700.1 to +950.2 m (95%)',
    );
    expect(
      formatMoneyInterval({ lower: -101_500_000, upper: 71_500_000, level: 0.9 }, 'GBP', undefined, false),
    ).toBe('GBP -101.5 to +71.5 m');
    expect(formatMoneyInterval({ lower: null, upper: 1, level: 0.95 }, 'EUR')).toBe('n/a');
    // Level 1 marks a range (the span of the pre-war years), not a "100%" probability interval.
    expect(formatMoneyInterval({ lower: 76_000_000, upper: 192_000_000, level: 1 }, 'GBP')).toBe(
      'GBP +76.0 to +192.0 m (range)',
    );
  });

  test.prop([fc.double({ min: -1e13, max: 1e13, noNaN: true }), fc.integer({ min: 0, max: 4 })])(
    'formatNumber groups thousands and equals toFixed once the commas are removed',
    (x, decimals) => {
      const text = formatNumber(x, decimals);
      const expected = Math.abs(x).toFixed(decimals);
      expect(text.replace(/,/g, '').replace(/^-/, '')).toBe(expected);
      expect(text).toMatch(/^-?\d{1,3}(,\d{3})*(\.\d+)?$/);
      // A minus sign only where the rounded value is not zero.
      expect(text.startsWith('-')).toBe(x < 0 && Number(expected) !== 0);
    },
  );

  test.prop([fc.oneof(fc.double(), fc.constant(null))])('formatters never print NaN or Infinity', (x) => {
    for (const text of [formatMoney(x, 'EUR'), formatPct(x), formatP(x), formatNumber(x)]) {
      expect(text).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('report text escaping', () => {
  test.prop([fc.string({ unit: 'binary' })])(
    'escapeHtml leaves no markup characters and decodes back',
    (s) => {
      const e = escapeHtml(s);
      expect(e).not.toMatch(/[<>"']/);
      const decoded = e
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
      expect(decoded).toBe(s);
    },
  );

  test.prop([fc.string({ unit: 'binary' })])(
    'escapeMarkdown leaves no unescaped pipe, angle bracket or backtick, and no line break',
    (s) => {
      const e = escapeMarkdown(s);
      expect(e).not.toMatch(/[\r\n]/);
      // Every special character is preceded by an odd number of backslashes.
      for (const m of e.matchAll(/(\\*)([|<>`[\]*])/g)) expect((m[1] ?? '').length % 2).toBe(1);
    },
  );

  it('escapeMarkdown keeps codes readable and stops a line from starting a block', () => {
    expect(escapeMarkdown('EU27_2020', false)).toBe('EU27_2020');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('-4.5%', false)).toBe('-4.5%');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('<b>x</b> &amp;')).toBe('\\<b\\>x\\</b\\> &amp;amp;');
  });

  it('padTo pads and cuts by code points; wrap splits at spaces', () => {
    expect(padTo('ab', 4)).toBe('ab  ');
    expect(padTo('ab', 4, 'right')).toBe('  ab');
    expect(padTo('abcdef', 4)).toBe('abc…');
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });
});
