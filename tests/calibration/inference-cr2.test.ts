/**
 * did's closed-form CR2 / Bell–McCaffrey inference (src/inference/did.ts `cr2TwoWay`) against the textbook
 * computation with explicit dummies, the full hat matrix and an eigendecomposition of each cluster's block
 * (Imbens & Kolesár 2016, eqs. 9 and 11).
 */
import { describe, expect, it } from 'vitest';
import { did } from '../../src/inference/did.js';
import { panelFromRecords } from '../../src/inference/panel.js';
import { tripleDiff } from '../../src/inference/triple-diff.js';
import { textbookCr2, zeros } from '../helpers/dense.js';

describe('did CR2 / Bell–McCaffrey (closed form vs explicit dummies)', () => {
  it('matches the textbook CR2 variance and BM degrees of freedom on a balanced panel', () => {
    const N = 6;
    const T = 5;
    const treated = (u: number) => u < 2;
    const post = (t: number) => t >= 3;
    const y = (u: number, t: number) =>
      1 + u * 0.3 + t * 0.1 + Math.sin(u * 2.7 + t * 1.3) * (1 + u / 3) + (treated(u) && post(t) ? 0.4 : 0);
    const rows = [];
    for (let u = 0; u < N; u++)
      for (let t = 0; t < T; t++)
        rows.push({
          unit: `u${u}`,
          period: String(2010 + t),
          treated: treated(u),
          post: post(t),
          y: y(u, t),
        });
    const r = did(panelFromRecords(rows), { outcome: 'level' });
    expect(r.settings.vcov).toBe('cr2');
    // Textbook: X = [unit dummies, period dummies 2..T, D], rows ordered unit-major.
    const n = N * T;
    const k = N + (T - 1) + 1;
    const X = zeros(n, k);
    const Y = zeros(n, 1);
    for (let u = 0; u < N; u++)
      for (let t = 0; t < T; t++) {
        const i = u * T + t;
        X[i]![u] = 1;
        if (t > 0) X[i]![N + t - 1] = 1;
        X[i]![k - 1] = treated(u) && post(t) ? 1 : 0;
        Y[i]![0] = y(u, t);
      }
    const unitRows = Array.from({ length: N }, (_, g) => Array.from({ length: T }, (_, t) => g * T + t));
    const contrast = Array.from({ length: k }, (_, j) => (j === k - 1 ? 1 : 0));
    const ref = textbookCr2(X, Y, contrast, unitRows);
    expect(r.se!).toBeCloseTo(ref.se, 10);
    expect(r.df!).toBeCloseTo(ref.df, 8);
  });

  it('falls back to CR1 with t(G−1), and says so, on an unbalanced panel', () => {
    const rows = [];
    for (let u = 0; u < 6; u++)
      for (let t = 0; t < 5; t++)
        if (!(u === 5 && t === 0))
          rows.push({
            unit: `u${u}`,
            period: String(2010 + t),
            treated: u < 2,
            post: t >= 3,
            y: 1 + Math.sin(u * 2.7 + t * 1.3),
          });
    const r = did(panelFromRecords(rows), { outcome: 'level' });
    expect(r.settings.vcov).toBe('cluster');
    expect(r.df).toBe(5);
    expect(r.warnings.some((w) => w.includes('CR1 with t(G−1) used instead'))).toBe(true);
  });
});

describe('tripleDiff CR2 / Bell–McCaffrey (the DiD of within-cell contrasts vs explicit dummies)', () => {
  /** Textbook CR2 of the DDD coefficient: full-rank dummies, the full hat matrix, clusters = units. */
  function textbook(
    N: number,
    K: number,
    T: number,
    y: (u: number, g: number, t: number) => number,
    d: (u: number, g: number, t: number) => number,
  ) {
    const n = N * K * T;
    const k = N * T + N * (K - 1) + (K - 1) * (T - 1) + 1;
    const X = zeros(n, k);
    const Y = zeros(n, 1);
    for (let u = 0; u < N; u++)
      for (let g = 0; g < K; g++)
        for (let t = 0; t < T; t++) {
          const i = (u * K + g) * T + t;
          X[i]![u * T + t] = 1; // unit × period
          if (g > 0) X[i]![N * T + u * (K - 1) + g - 1] = 1; // unit × group
          if (g > 0 && t > 0) X[i]![N * T + N * (K - 1) + (g - 1) * (T - 1) + t - 1] = 1; // group × period
          X[i]![k - 1] = d(u, g, t);
          Y[i]![0] = y(u, g, t);
        }
    const B = K * T;
    const unitRows = Array.from({ length: N }, (_, u) => Array.from({ length: B }, (_, j) => u * B + j));
    return textbookCr2(
      X,
      Y,
      Array.from({ length: k }, (_, j) => (j === k - 1 ? 1 : 0)),
      unitRows,
    );
  }

  for (const K of [2, 3]) {
    it(`matches the textbook CR2 variance and BM degrees of freedom with ${K} product groups`, () => {
      const N = 6;
      const T = 5;
      const groups = ['sanctioned', 'other', 'third'].slice(0, K);
      const treated = (u: number) => u < 2;
      const post = (t: number) => t >= 3;
      const d = (u: number, g: number, t: number) => (treated(u) && g === 0 && post(t) ? 1 : 0);
      const y = (u: number, g: number, t: number) =>
        1 +
        u * 0.3 +
        g * 0.2 +
        t * 0.1 +
        Math.sin(u * 2.7 + g * 1.9 + t * 1.3) * (1 + u / 3) +
        0.4 * d(u, g, t);
      const rows = [];
      for (let u = 0; u < N; u++)
        for (let g = 0; g < K; g++)
          for (let t = 0; t < T; t++)
            rows.push({
              unit: `u${u}`,
              group: groups[g]!,
              period: String(2010 + t),
              treated: treated(u),
              post: post(t),
              y: y(u, g, t),
            });
      const r = tripleDiff(panelFromRecords(rows), { treatedGroup: 'sanctioned', outcome: 'level' });
      const ref = textbook(N, K, T, y, d);
      expect(r.settings.vcov).toBe('cr2');
      expect(r.estimate!).toBeCloseTo(ref.estimate, 10);
      expect(r.se!).toBeCloseTo(ref.se, 10);
      expect(r.df!).toBeCloseTo(ref.df, 8);
      const cr1 = tripleDiff(panelFromRecords(rows), {
        treatedGroup: 'sanctioned',
        outcome: 'level',
        correction: 'cr1',
      });
      expect(cr1.settings.vcov).toBe('cluster');
      expect(cr1.df).toBe(N - 1);
      expect(cr1.estimate!).toBeCloseTo(ref.estimate, 10);
    });
  }

  it('falls back to CR1 with t(G−1), and says so, when a cell is missing', () => {
    const rows = [];
    for (let u = 0; u < 6; u++)
      for (const group of ['sanctioned', 'other'])
        for (let t = 0; t < 5; t++)
          if (!(u === 5 && t === 0 && group === 'other'))
            rows.push({
              unit: `u${u}`,
              group,
              period: String(2010 + t),
              treated: u < 2,
              post: t >= 3,
              y: 1 + Math.sin(u + t),
            });
    const r = tripleDiff(panelFromRecords(rows), { treatedGroup: 'sanctioned', outcome: 'level' });
    expect(r.settings.vcov).toBe('cluster');
    expect(r.df).toBe(5);
    expect(r.warnings.some((w) => w.includes('CR1 with t(G−1) used instead'))).toBe(true);
  });
});
