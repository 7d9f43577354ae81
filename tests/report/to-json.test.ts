import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { OptionsError } from '../../src/errors.js';
import { toJson } from '../../src/report/to-json.js';
import { fixture } from './helpers.js';

describe('toJson', () => {
  const result = fixture();

  it('drops the simulated counterfactual paths and says how many there were', () => {
    const cfId = result.findings[0]!.counterfactualId!;
    const cf = result.counterfactuals[cfId]!;
    expect(cf.paths.length).toBe(5); // sanity anchor: the fixture has paths to drop
    const parsed = JSON.parse(toJson(result));
    const out = parsed.counterfactuals[cfId];
    expect(out.paths).toBeUndefined();
    expect(out.pathsOmitted).toEqual({ draws: 5, periods: cf.pathPeriods.length });
    expect(out.pathPeriods).toEqual(cf.pathPeriods);
    expect(out.expected).toEqual(cf.expected);
    expect(parsed.findings).toHaveLength(result.findings.length);
    expect(parsed.provenance[0].sha256).toBe(result.provenance[0]!.sha256);
  });

  it('serialises a findings list as an array that parses back to the same findings', () => {
    const parsed = JSON.parse(toJson(result.findings));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(result.findings)));
  });

  it('writes NaN and infinities as null and drops functions and undefined fields', () => {
    const f = {
      ...result.findings[0]!,
      excess: Number.NaN,
      ratio: Number.POSITIVE_INFINITY,
      extra: () => 1,
      gone: undefined,
    };
    const text = toJson([f]);
    expect(text).not.toMatch(/NaN|Infinity/);
    const parsed = JSON.parse(text)[0];
    expect(parsed.excess).toBeNull();
    expect(parsed.ratio).toBeNull();
    expect('extra' in parsed).toBe(false);
    expect('gone' in parsed).toBe(false);
    expect(parsed.actual).toBe(result.findings[0]!.actual);
  });

  it('is stable: key order of the input does not change the text, and keys come out sorted', () => {
    const f = result.findings[0]!;
    const reversed = Object.fromEntries(Object.entries(f).reverse()) as typeof f;
    expect(toJson([reversed])).toBe(toJson([f]));
    expect(toJson(result)).toBe(toJson(fixture()));
    const keys = Object.keys(JSON.parse(toJson(result)));
    expect(keys).toEqual([...keys].sort());
    expect(toJson(result, { indent: 0 })).not.toContain('\n');
  });

  it('refuses circular data and bad indents with OptionsError', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => toJson(a)).toThrow(OptionsError);
    expect(() => toJson(result, { indent: -1 })).toThrow(OptionsError);
    // A shared (not circular) reference is fine.
    const shared = { v: 1 };
    expect(JSON.parse(toJson({ a: shared, b: shared }))).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });

  test.prop([fc.jsonValue()])('any JSON value survives a round trip unchanged (up to key order)', (v) => {
    const back = JSON.parse(toJson({ v }));
    expect(back).toEqual(JSON.parse(JSON.stringify({ v })));
  });
});
