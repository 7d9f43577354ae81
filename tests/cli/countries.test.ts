import { describe, expect, it } from 'vitest';
import { editDistance, resolveCountryArg, suggestCountries } from '../../src/cli/countries.js';
import { UsageError } from '../../src/cli/exit-codes.js';

describe('country arguments of the CLI', () => {
  it.each([
    ['kazakhstan', 'KZ'],
    ['Kazakhstan', 'KZ'],
    ['am', 'AM'],
    ['Am', 'AM'],
    ['KAZ', 'KZ'],
    ['kgz', 'KG'],
    ['Kyrgyz Republic', 'KG'],
    ['uk', 'GB'],
    ['el', 'GR'],
    ['chad', 'TD'],
    ['eu27_2020', 'EU27_2020'],
  ])('%s resolves to %s', (input, code) => {
    expect(resolveCountryArg(input, '--destinations')).toBe(code);
  });

  it.each([
    ['kazakstan', 'KZ (Kazakhstan)'],
    ['Kazahkstan', 'KZ (Kazakhstan)'],
    ['armenai', 'AM (Armenia)'],
  ])('%s is refused with "did you mean %s"', (input, hint) => {
    expect(() => resolveCountryArg(input, '--destinations')).toThrow(
      new RegExp(
        `^--destinations: unknown country "${input}"; did you mean ${hint.replace(/[()]/g, '\\$&')}`,
      ),
    );
  });

  it('refuses a code that is no country, with the nearest codes, as a usage error', () => {
    let error: unknown;
    try {
      resolveCountryArg('XX', '--controls');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--controls: unknown country "XX"; did you mean [A-Z]{2} \(/);
  });

  it('refuses a group row and says why, and gives no suggestion for gibberish', () => {
    expect(() => resolveCountryArg('CIS', '--destinations')).toThrow(/"CIS" is a group of countries/);
    expect(() => resolveCountryArg('qqqqqqqq', '--destinations')).toThrow(
      /use ISO codes \(KZ, AM, KG\) or English names/,
    );
  });

  it('measures edit distance and ranks suggestions by it', () => {
    expect(editDistance('kazakstan', 'kazakhstan')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(suggestCountries('frnace')[0]).toBe('FR');
  });
});
