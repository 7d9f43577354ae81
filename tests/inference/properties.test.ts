import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DidResultSchema,
  did,
  eventStudy,
  type PanelRecordInput,
  panelFromRecords,
  ppml,
  tripleDiff,
} from '../../src/inference/index.js';
import { expectAllFinite } from './helpers.js';

const years = ['2016', '2017', '2018', '2019', '2020', '2021'];

function panelOf(treated: number[][], control: number[][], post = '2019'): PanelRecordInput[] {
  const rows: PanelRecordInput[] = [];
  const add = (units: number[][], isTreated: boolean, prefix: string) =>
    units.forEach((ys, u) => {
      ys.forEach((y, t) => {
        rows.push({
          unit: `${prefix}${u}`,
          period: years[t]!,
          y,
          treated: isTreated,
          post: years[t]! >= post,
        });
      });
    });
  add(treated, true, 'T');
  add(control, false, 'C');
  return rows;
}

const series = fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 });

describe('did properties', () => {
  test.prop([series, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })], { numRuns: 40 })(
    'the DiD of identical treated and control series is zero (levels and logs, both specifications)',
    (ys, nt, nc) => {
      const p = panelFromRecords(
        panelOf(
          Array.from({ length: nt }, () => ys),
          Array.from({ length: nc }, () => ys),
        ),
      );
      const scale = Math.max(...ys);
      for (const outcome of ['level', 'log'] as const)
        for (const fixedEffects of ['twoway', 'none'] as const) {
          const r = did(p, { outcome, fixedEffects });
          expect(Math.abs(r.estimate!)).toBeLessThan(1e-9 * (outcome === 'level' ? scale : 1));
          expectAllFinite(r);
        }
    },
  );

  test.prop(
    [
      fc.array(series, { minLength: 2, maxLength: 3 }),
      fc.array(series, { minLength: 2, maxLength: 3 }),
      fc.double({ min: -1e5, max: 1e5, noNaN: true }),
    ],
    { numRuns: 40 },
  )('adding a constant to every outcome leaves the level DiD (and its se) unchanged', (t, c, k) => {
    const base = panelFromRecords(panelOf(t, c));
    const shifted = panelFromRecords(
      panelOf(
        t.map((s) => s.map((y) => y + k)),
        c.map((s) => s.map((y) => y + k)),
      ),
    );
    for (const fixedEffects of ['twoway', 'none'] as const) {
      const a = did(base, { outcome: 'level', fixedEffects });
      const b = did(shifted, { outcome: 'level', fixedEffects });
      const tol = 1e-7 * (1e6 + Math.abs(k));
      expect(Math.abs(a.estimate! - b.estimate!)).toBeLessThan(tol);
      if (a.se !== null && b.se !== null) expect(Math.abs(a.se - b.se)).toBeLessThan(tol);
      expect(DidResultSchema.safeParse(b).success).toBe(true);
    }
  });
});

describe('degenerate input: typed errors or null with a warning, never NaN/Infinity', () => {
  const ok = panelOf(
    [
      [1, 2, 3, 5, 6, 7],
      [2, 2, 4, 6, 6, 8],
    ],
    [
      [1, 2, 3, 3, 4, 5],
      [3, 3, 4, 4, 5, 6],
    ],
  );

  it('no treated unit → InsufficientDataError', () => {
    const p = panelFromRecords(ok.map((r) => ({ ...r, treated: false })));
    expect(() => did(p)).toThrow(expect.objectContaining({ name: 'InsufficientDataError' }));
    expect(() => eventStudy(p)).toThrow(expect.objectContaining({ name: 'InsufficientDataError' }));
  });

  it('no post period → InsufficientDataError', () => {
    const p = panelFromRecords(ok.map((r) => ({ ...r, post: false })));
    expect(() => did(p)).toThrow(/post-treatment/);
  });

  it('no pre period → InsufficientDataError', () => {
    const p = panelFromRecords(ok.map((r) => ({ ...r, post: true })));
    expect(() => did(p)).toThrow(/pre-treatment/);
  });

  it('one cluster → estimate with null se, p and interval, and a warning', () => {
    const r = did(panelFromRecords(ok), { outcome: 'level', cluster: () => 'one' });
    expect(r.estimate).not.toBeNull();
    expect(r.se).toBeNull();
    expect(r.p).toBeNull();
    expect(r.interval).toEqual({ lower: null, upper: null, level: 0.95 });
    expect(r.warnings.some((w) => w.includes('only 1 cluster'))).toBe(true);
    expectAllFinite(r);
    expect(DidResultSchema.parse(r)).toEqual(r);
  });

  it('zeros in logs are dropped with a warning pointing to ppml', () => {
    const withZero = ok.map((r, i) => (i === 0 ? { ...r, y: 0 } : r));
    const r = did(panelFromRecords(withZero), { outcome: 'log' });
    expect(r.diagnostics.dropped).toBe(1);
    expect(r.warnings.some((w) => w.includes('ppml'))).toBe(true);
  });

  it('tripleDiff and ppml with one cluster or an all-zero outcome stay finite or throw typed errors', () => {
    expect(() =>
      ppml(
        [
          { y: 0, D: 1, u: 'a' },
          { y: 0, D: 0, u: 'b' },
        ],
        { outcome: 'y', regressors: ['D'] },
      ),
    ).toThrow(expect.objectContaining({ name: 'InsufficientDataError' }));
    const groups = panelFromRecords(
      ok.flatMap((r) => [
        { ...r, group: 's' },
        { ...r, group: 'o', y: (r.y ?? 0) + 1 },
      ]),
    );
    const r = tripleDiff(groups, { treatedGroup: 's', outcome: 'level', cluster: () => 'x' });
    expect(r.se).toBeNull();
    expectAllFinite(r);
  });
});

describe('input validation', () => {
  it('panelFromRecords names the row and field of a bad record', () => {
    expect(() =>
      panelFromRecords([{ unit: 'a', period: '2021-13', y: 1, treated: true, post: false }]),
    ).toThrow(/\[0\]\.period/);
    expect(() =>
      panelFromRecords([{ unit: 'a', period: '2021', y: 'x', treated: true, post: false }]),
    ).toThrow(expect.objectContaining({ name: 'DataValidationError', field: '[0].y' }));
  });

  it('did rejects a level outside (0, 1)', () => {
    expect(() =>
      did(panelFromRecords([{ unit: 'a', period: '2021', y: 1, treated: true, post: false }]), {
        level: 1.5,
      }),
    ).toThrow(/level in \(0, 1\)/);
  });
});
