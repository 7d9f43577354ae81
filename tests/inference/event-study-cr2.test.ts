/**
 * eventStudy's CR2 / Bell–McCaffrey inference for general contrasts (src/inference/event-study-cr2.ts) against the
 * textbook computation with explicit dummies, the full hat matrix and an eigendecomposition of each cluster's block
 * (Imbens & Kolesár 2016, eqs. 9 and 11), and HTZ's η for one restriction equal to the Bell–McCaffrey df.
 */
import { describe, expect, it } from 'vitest';
import { eventStudy } from '../../src/inference/event-study.js';
import { cr2Contrasts } from '../../src/inference/event-study-cr2.js';
import { encodeFactor, fitLinear } from '../../src/inference/linear.js';
import { panelFromRecords } from '../../src/inference/panel.js';
import { textbookCr2, zeros } from '../helpers/dense.js';

const N = 7;
const T = 6;
const E = 3; // adoption period index of units 0–2
const treated = (u: number) => u < 3;
const yOf = (u: number, t: number) =>
  1 + u * 0.3 + t * 0.1 + Math.sin(u * 2.7 + t * 1.3) * (1 + u / 3) + (treated(u) && t >= E ? 0.4 : 0);
/** Relative times of the saturated regression (reference −1 omitted). */
const RELS = [-3, -2, 0, 1, 2];

function textbook(c: number[]): { se: number; df: number } {
  const n = N * T;
  const k = N + (T - 1) + RELS.length;
  const X = zeros(n, k);
  const Y = zeros(n, 1);
  for (let u = 0; u < N; u++)
    for (let t = 0; t < T; t++) {
      const i = u * T + t;
      X[i]![u] = 1;
      if (t > 0) X[i]![N + t - 1] = 1;
      const j = RELS.indexOf(t - E);
      if (treated(u) && j >= 0) X[i]![N + T - 1 + j] = 1;
      Y[i]![0] = yOf(u, t);
    }
  const full = [...new Array<number>(N + T - 1).fill(0), ...c];
  const unitRows = Array.from({ length: N }, (_, g) => Array.from({ length: T }, (_, t) => g * T + t));
  const { se, df } = textbookCr2(X, Y, full, unitRows);
  return { se, df };
}

describe('eventStudy CR2 / Bell–McCaffrey (general contrasts vs explicit dummies)', () => {
  const rows: {
    unit: string;
    period: string;
    treated: boolean;
    post: boolean;
    cohort: string | null;
    y: number;
  }[] = [];
  for (let u = 0; u < N; u++)
    for (let t = 0; t < T; t++)
      rows.push({
        unit: `u${u}`,
        period: String(2010 + t),
        treated: treated(u),
        post: treated(u) && t >= E,
        cohort: treated(u) ? String(2010 + E) : null,
        y: yOf(u, t),
      });
  const r = eventStudy(panelFromRecords(rows), { leads: 2, lags: 2, outcome: 'level' });

  it('matches the textbook CR2 se and BM df of each coefficient and of the post average', () => {
    for (const l of [-2, 0, 1, 2]) {
      const c = RELS.map((x) => (x === l ? 1 : 0));
      const ref = textbook(c);
      const coef = r.coefficients.find((x) => x.relativeTime === l)!;
      expect(coef.se!).toBeCloseTo(ref.se, 8);
      expect(coef.df!).toBeCloseTo(ref.df, 6);
    }
    const avg = textbook(RELS.map((x) => (x >= 0 ? 1 / 3 : 0)));
    expect(r.se!).toBeCloseTo(avg.se, 8);
    expect(r.df!).toBeCloseTo(avg.df, 6);
  });

  it("HTZ's η for one restriction is the Bell–McCaffrey df", () => {
    const X = RELS.map((l) =>
      Float64Array.from(rows, (row) => (row.treated && Number(row.period) - 2010 - E === l ? 1 : 0)),
    );
    const unit = encodeFactor(
      'unit',
      rows.map((row) => row.unit),
    );
    const period = encodeFactor(
      'period',
      rows.map((row) => row.period),
    );
    const fit = fitLinear({
      y: Float64Array.from(rows, (row) => row.y),
      X,
      names: RELS.map(String),
      factors: [unit, period],
      cluster: unit,
      vcov: 'cluster',
    });
    const keys = Array.from({ length: N }, (_, g) =>
      treated(Number(unit.labels[g]!.slice(1))) ? 'e' : 'never',
    );
    const c = Float64Array.from(RELS, (l) => (l === 0 ? 1 : 0));
    const out = cr2Contrasts(fit, unit.codes, period.codes, unit.codes, [c], keys)!;
    expect(out.htz([0])!).toBeCloseTo(out.df[0]!, 8);
    expect(out.df[0]!).toBeCloseTo(textbook(RELS.map((l) => (l === 0 ? 1 : 0))).df, 6);
  });
});
