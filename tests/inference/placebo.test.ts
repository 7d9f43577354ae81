import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  did,
  type PanelRecordInput,
  PlaceboResultSchema,
  panelFromRecords,
  panelSeries,
  placeboDates,
  placeboGroups,
  placeboUnits,
  tripleDiff,
} from '../../src/inference/index.js';
import { permutationP } from '../../src/inference/placebo.js';
import { createRng } from '../../src/numeric/rng.js';
import { expectAllFinite, realPanel } from './helpers.js';

const didLog = (p: Parameters<typeof did>[0]) => did(p, { outcome: 'log' }).estimate;

describe('placebo tests on the real EU27 panel', () => {
  const panel = realPanel();

  it('placeboDates: fake dates inside 2019-01..2022-01 give a permutation p for the real jump', () => {
    const r = placeboDates(panel, didLog);
    expect(r.settings.preEnd).toBe('2022-01');
    // 36 pre months (2022-02 excluded): dates with ≥ 6 months before and ≥ 6 from the date to 2022-01.
    expect(r.placebos.map((x) => x.label)[0]).toBe('2019-07');
    expect(r.placebos.map((x) => x.label).at(-1)).toBe('2021-08');
    expect(r.n).toBe(26);
    const bigger = r.placebos.filter((x) => x.estimate! >= r.estimate!).length;
    expect(r.p).toBeCloseTo((1 + bigger) / 27, 12);
    // Nothing in the pre-period comes close to the 2022 jump.
    expect(r.p).toBeCloseTo(1 / 27, 12);
    expect(PlaceboResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('placeboUnits: GE and UZ each pretend to be treated; with 2 placebos p cannot go below 1/3', () => {
    const r = placeboUnits(panel, didLog);
    expect(r.placebos.map((x) => x.label)).toEqual(['GE', 'UZ']);
    expect(r.n).toBe(2);
    expect(r.p!).toBeGreaterThanOrEqual(1 / 3);
    expect(r.warnings.some((w) => w.includes('smallest attainable p is 0.333'))).toBe(true);
    // Each placebo is a did of one control against the other: the two are mirror images.
    expect(r.placebos[0]!.estimate!).toBeCloseTo(-r.placebos[1]!.estimate!, 10);
  });
});

describe('placebos with a statistic written on series (panelSeries)', () => {
  it('placeboUnits runs a growth-ratio statistic over the treated series of each placebo panel', () => {
    // Statistic: mean log growth (post mean / pre mean) of treated series minus that of controls.
    const growth = (p: Parameters<typeof panelSeries>[0]): number | null => {
      const g = (treated: boolean): number => {
        const ss = panelSeries(p).filter((s) => s.treated === treated);
        const logs = ss.map((s) => {
          const pre = s.values.filter((v, i) => v !== null && s.periods[i]! < '2022-03') as number[];
          const post = s.values.filter((v, i) => v !== null && s.periods[i]! >= '2022-03') as number[];
          const m = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
          return Math.log(m(post) / m(pre));
        });
        return logs.reduce((a, b) => a + b, 0) / logs.length;
      };
      return g(true) - g(false);
    };
    const panel = realPanel();
    const r = placeboUnits(panel, growth);
    expect(panelSeries(panel)).toHaveLength(5);
    expect(r.estimate!).toBeGreaterThan(0.5);
    expect(r.placebos.map((x) => x.label)).toEqual(['GE', 'UZ']);
    expect(r.placebos[0]!.estimate!).toBeCloseTo(-r.placebos[1]!.estimate!, 10);
    expect(r.p).toBeCloseTo(1 / 3, 12);
  });
});

describe('placeboGroups', () => {
  // 4 destinations (KZ treated) × 8 product groups × 4 years; only sanctioned goods to KZ jump after 2022.
  const rng = createRng(5);
  const groups = ['sanctioned', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'];
  const rows: PanelRecordInput[] = [];
  for (const unit of ['KZ', 'GE', 'UZ', 'AZ'])
    for (const group of groups)
      for (const period of ['2020', '2021', '2022', '2023']) {
        const post = period >= '2022';
        const jump = unit === 'KZ' && group === 'sanctioned' && post ? 1 : 0;
        rows.push({
          unit,
          group,
          period,
          treated: unit === 'KZ',
          post,
          y: Math.exp(3 + jump + 0.05 * rng.uniform()),
        });
      }
  const panel = panelFromRecords(rows);
  const ddd = (p: typeof panel) => tripleDiff(p, { treatedGroup: 'sanctioned', cluster: 'none' }).estimate;

  it('each other group plays the treated group; the real one is the most extreme, so p = 1/8', () => {
    const r = placeboGroups(panel, ddd, { treatedGroup: 'sanctioned' });
    expect(r.placebos.map((x) => x.label)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7']);
    expect(r.estimate!).toBeCloseTo(1, 1);
    expect(r.p).toBeCloseTo(1 / 8, 12);
    expectAllFinite(r);
  });

  it('a seeded random subset reproduces', () => {
    const a = placeboGroups(panel, ddd, { treatedGroup: 'sanctioned', sample: 3, seed: 9 });
    const b = placeboGroups(panel, ddd, { treatedGroup: 'sanctioned', sample: 3, seed: 9 });
    expect(a.placebos).toHaveLength(3);
    expect(b).toEqual(a);
  });

  it('refuses an absent treated group', () => {
    expect(() => placeboGroups(panel, ddd, { treatedGroup: 'dual-use' })).toThrow(/dual-use/);
  });
});

describe('permutation p-values', () => {
  test.prop([
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 50 }),
    fc.constantFrom('greater', 'less', 'two-sided' as const),
  ])('are in (0, 1] and at least 1/(1 + #placebos)', (actual, placebos, alternative) => {
    const p = permutationP(actual, placebos, alternative);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(p).toBeGreaterThanOrEqual(1 / (1 + placebos.length));
  });

  it('count ties as at least as extreme', () => {
    expect(permutationP(2, [2, 1, 3], 'greater')).toBe(3 / 4);
    expect(permutationP(-2, [2, 1, 3], 'two-sided')).toBe(3 / 4);
    expect(permutationP(2, [2, 1, 3], 'less')).toBe(3 / 4);
  });
});
