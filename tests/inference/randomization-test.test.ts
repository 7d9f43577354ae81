import { describe, expect, it } from 'vitest';
import { InsufficientDataError, OptionsError } from '../../src/errors.js';
import { type Panel, panelFromRecords } from '../../src/inference/panel.js';
import { permutationP } from '../../src/inference/placebo.js';
import { randomizationTest } from '../../src/inference/randomization-test.js';
import { RandomizationResultSchema } from '../../src/inference/schemas.js';

// A small SYNTHETIC annual panel: 12 units of different sizes and noise, 4 pre years and 2 post years.
function panel(opts: { units?: number; treated?: number; effect?: number; pre?: number } = {}): Panel {
  const units = opts.units ?? 12;
  const treated = opts.treated ?? 3;
  const pre = opts.pre ?? 4;
  const rows = [];
  for (let u = 0; u < units; u++) {
    const noise = 0.03 + 0.3 / (1 + u);
    for (let t = 0; t < pre + 2; t++) {
      const post = t >= pre;
      const wobble = Math.sin(u * 2.3 + t * 1.9) + 0.5 * Math.cos(u * 0.7 * t + 1);
      rows.push({
        unit: `u${String(u).padStart(2, '0')}`,
        period: String(2010 + t),
        treated: u < treated,
        post,
        y: Math.exp(15 + u / 3 + 0.02 * t + noise * wobble + (u < treated && post ? (opts.effect ?? 0) : 0)),
      });
    }
  }
  return panelFromRecords(rows);
}

/** The statistic by its definition, for a brute-force check: mean over A of (change − mean change outside A) / scale. */
function bruteForceP(
  changes: readonly number[],
  scales: readonly number[],
  treated: readonly boolean[],
  delta: number,
): { greater: number; less: number } {
  const d = changes.map((x, i) => x - (treated[i] ? delta : 0));
  const n = d.length;
  const k = treated.filter(Boolean).length;
  const stat = (a: readonly number[]) => {
    const inA = new Set(a);
    const outside = d.filter((_, i) => !inA.has(i));
    const m = outside.reduce((s, x) => s + x, 0) / outside.length;
    return a.reduce((s, i) => s + (d[i]! - m) / scales[i]!, 0) / k;
  };
  const real = stat(treated.flatMap((t, i) => (t ? [i] : [])));
  let ge = 0;
  let le = 0;
  let total = 0;
  const rec = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      const s = stat(chosen);
      total++;
      if (s >= real - 1e-9) ge++;
      if (s <= real + 1e-9) le++;
      return;
    }
    for (let i = start; i < n; i++) rec(i + 1, [...chosen, i]);
  };
  rec(0, []);
  return { greater: ge / total, less: le / total };
}

describe('randomizationTest', () => {
  it('enumerates every assignment of the treatment and gives the smallest p when the treated units stand out', () => {
    const r = randomizationTest(panel({ effect: 1.5 }));
    expect(r.diagnostics).toMatchObject({ units: 12, treatedUnits: 3, controlUnits: 9, assignments: 220 });
    expect(r.diagnostics.enumerated).toBe(true);
    expect(r.pGreater).toBeCloseTo(1 / 220, 12);
    expect(r.p).toBeCloseTo(2 / 220, 12);
    expect(r.estimate!).toBeGreaterThan(1);
    expect(r.percentEffect!.estimate).toBeCloseTo(Math.expm1(r.estimate!), 12);
    expect(RandomizationResultSchema.parse(r)).toEqual(r);
  });

  it('matches a brute-force permutation p-value at any null value (studentised and raw)', () => {
    const p = panel({ effect: 0.2 });
    for (const statistic of ['studentized', 'raw'] as const) {
      const base = randomizationTest(p, { statistic });
      const changes = base.units.map((u) => u.change);
      const scales = base.units.map((u) => u.scale);
      const treated = base.units.map((u) => u.treated);
      for (const delta of [-0.5, 0, 0.1, 0.2, 0.35, 1]) {
        const r = randomizationTest(p, { statistic, null: delta });
        const b = bruteForceP(changes, scales, treated, delta);
        expect(r.pGreater).toBeCloseTo(b.greater, 12);
        expect(r.pLess).toBeCloseTo(b.less, 12);
      }
    }
  });

  it('inverts the test: the interval holds exactly the nulls that neither one-sided test rejects', () => {
    const p = panel({ units: 30, effect: 0.3 });
    const r = randomizationTest(p);
    const { lower, upper } = r.interval;
    expect(lower).not.toBeNull();
    expect(upper).not.toBeNull();
    expect(lower!).toBeLessThan(r.estimate!);
    expect(upper!).toBeGreaterThan(r.estimate!);
    const eps = 1e-7;
    expect(randomizationTest(p, { null: lower! }).pGreater!).toBeGreaterThan(0.025);
    expect(randomizationTest(p, { null: lower! - eps }).pGreater!).toBeLessThanOrEqual(0.025);
    expect(randomizationTest(p, { null: upper! }).pLess!).toBeGreaterThan(0.025);
    expect(randomizationTest(p, { null: upper! + eps }).pLess!).toBeLessThanOrEqual(0.025);
  });

  it('shifts the estimate and the interval by an effect added to the treated units (log points)', () => {
    const a = randomizationTest(panel({ units: 20 }));
    const b = randomizationTest(panel({ units: 20, effect: 0.4 }));
    expect(b.estimate! - a.estimate!).toBeCloseTo(0.4, 10);
    expect(b.interval.lower! - a.interval.lower!).toBeCloseTo(0.4, 10);
    expect(b.interval.upper! - a.interval.upper!).toBeCloseTo(0.4, 10);
    expect(b.difference! - a.difference!).toBeCloseTo(0.4, 10);
  });

  it('is the placebo rank test when one unit is treated and the statistic is raw', () => {
    const r = randomizationTest(panel({ units: 25, treated: 1, effect: 0.1 }), {
      statistic: 'raw',
      alternative: 'greater',
    });
    const mine = r.units.find((u) => u.treated)!.change;
    const others = r.units.filter((u) => !u.treated).map((u) => u.change);
    expect(r.p).toBeCloseTo(permutationP(mine, others, 'greater'), 12);
  });

  it('samples assignments with a seed when there are too many to enumerate, close to the exact p', () => {
    const p = panel({ units: 30, effect: 0.15 });
    const exact = randomizationTest(p);
    const sampled = randomizationTest(p, { maxAssignments: 1000, draws: 20_000, seed: 3 });
    expect(sampled.diagnostics).toMatchObject({ enumerated: false, assignments: 20_001 });
    expect(Math.abs(sampled.pGreater! - exact.pGreater!)).toBeLessThan(0.01);
    expect(sampled.warnings.join(' ')).toContain('20000 seeded random ones used (seed 3)');
    expect(randomizationTest(p, { maxAssignments: 1000, draws: 20_000, seed: 3 })).toEqual(sampled);
  });

  it('uses noise scales passed in, and warns, naming the numbers, when units are few', () => {
    const p = panel({ units: 6 });
    const scales = Object.fromEntries(
      ['u00', 'u01', 'u02', 'u03', 'u04', 'u05'].map((u, i) => [u, 0.1 + i / 10]),
    );
    const r = randomizationTest(p, { scales });
    expect(r.units.map((u) => u.scale)).toEqual(Object.values(scales));
    expect(r.settings.scale).toBe('given');
    const w = r.warnings.join(' ');
    expect(w).toContain('only 20 assignments of 3 treated among 6 units');
    expect(w).toContain('the 95% interval is unbounded');
    expect(w).toContain('only 3 treated unit(s)');
    expect(w).toContain('only 3 control unit(s)');
    expect(r.interval).toEqual({ lower: null, upper: null, level: 0.95 });
    // A unit without a scale is left out, with a warning.
    const fewer = randomizationTest(p, { scales: { ...scales, u05: 0 } });
    expect(fewer.diagnostics.units).toBe(5);
    expect(fewer.warnings.join(' ')).toContain('1 unit(s) without a positive noise scale left out: u05');
  });

  it('refuses what it cannot test with typed errors', () => {
    expect(() => randomizationTest(panel({ treated: 0 }))).toThrow(InsufficientDataError);
    expect(() => randomizationTest(panel({ treated: 12 }))).toThrow(InsufficientDataError);
    expect(() => randomizationTest(panel({ pre: 1 }))).toThrow(/at least 2 pre-treatment periods/);
    expect(randomizationTest(panel({ pre: 1 }), { statistic: 'raw' }).p).not.toBeNull();
    expect(() => randomizationTest(panel(), { level: 1 })).toThrow(OptionsError);
    expect(() => randomizationTest(panel(), { draws: 0 })).toThrow(OptionsError);
    const staggered = panelFromRecords([
      { unit: 'a', period: '2020', y: 1, treated: true, post: false },
      { unit: 'a', period: '2021', y: 2, treated: true, post: true, cohort: '2021' },
      { unit: 'b', period: '2021', y: 2, treated: true, post: false },
      { unit: 'b', period: '2022', y: 2, treated: true, post: true, cohort: '2022' },
      { unit: 'c', period: '2021', y: 2, treated: false, post: true },
    ]);
    expect(() => randomizationTest(staggered)).toThrow(/one common treatment date/);
    const grouped = panelFromRecords([
      { unit: 'a', group: 'x', period: '2020', y: 1, treated: true, post: false },
      { unit: 'a', group: 'y', period: '2020', y: 1, treated: true, post: false },
    ]);
    expect(() => randomizationTest(grouped)).toThrow(/one group per unit/);
  });
});
