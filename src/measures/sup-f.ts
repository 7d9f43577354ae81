import type { z } from 'zod';

import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Series } from '../model/series.js';
import { createRng } from '../numeric/rng.js';
import { lazySchema } from '../shared/zod.js';
import {
  type BreakDesignOptions,
  breakF,
  estimateRho,
  type PreparedDesign,
  prepareDesign,
  type RegressionInput,
  resolveRho,
  whitenColumns,
} from './break-design.js';
import { quantileSorted, sortedCopy } from './numeric.js';
import { leastSquares, orthonormalBasis } from './ols.js';
import { PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/**
 * Asymptotic critical values of the Quandt–Andrews sup-F statistic (F form, i.e. sup-Wald / q) with 15% trimming,
 * for q = 1…20 restrictions, at the 10%, 5% and 1% levels. From Andrews (1993), "Tests for parameter instability
 * and structural change with unknown change point", Econometrica 61(4), 821–856, Table 1 as corrected in
 * Andrews (2003), Econometrica 71(1), 395–397; as tabulated (divided by q) in Stock and Watson, *Introduction to
 * Econometrics* (2003), table "Critical values of the QLR statistic with 15% trimming".
 *
 * @example
 * ANDREWS_CRITICAL_VALUES_15[0]; // => [7.12, 8.68, 12.16] (q = 1: 10%, 5%, 1%)
 */
export const ANDREWS_CRITICAL_VALUES_15: readonly (readonly [number, number, number])[] = [
  [7.12, 8.68, 12.16],
  [5.0, 5.86, 7.78],
  [4.09, 4.71, 6.02],
  [3.59, 4.09, 5.12],
  [3.26, 3.66, 4.53],
  [3.02, 3.37, 4.12],
  [2.84, 3.15, 3.82],
  [2.69, 2.98, 3.57],
  [2.58, 2.84, 3.38],
  [2.48, 2.71, 3.23],
  [2.4, 2.62, 3.09],
  [2.33, 2.54, 2.97],
  [2.27, 2.46, 2.87],
  [2.21, 2.4, 2.78],
  [2.16, 2.34, 2.71],
  [2.12, 2.29, 2.64],
  [2.08, 2.25, 2.58],
  [2.05, 2.2, 2.53],
  [2.01, 2.17, 2.48],
  [1.99, 2.13, 2.43],
];

/** Options of {@link supF}. */
export interface SupFOptions extends BreakDesignOptions {
  /**
   * Fraction of observations trimmed from each end (default 0.15): candidate breaks leave at least
   * `ceil(trim × n)` observations in each regime.
   */
  readonly trim?: number;
  /**
   * With `errors: 'ar1'`, where the AR(1) coefficient is estimated: `'null'` (default) — on the regression without
   * a break, which holds the test's size (harness: 2–7% at nominal 5% for ρ up to 0.8, 24–60 months) but lets a
   * large break pass for autocorrelation (low power; a warning says when the two estimates disagree);
   * `'break'` — on the regression with a break at the independent-errors argmax, as {@link chowTest} does at its
   * known date, which keeps power but over-rejects (11.5% at nominal 5%, ρ = 0.5, 48 months).
   */
  readonly rhoFrom?: 'null' | 'break';
  /**
   * Simulate the asymptotic null distribution of the statistic over the same candidate fractions, for a Monte
   * Carlo p-value and critical values at any trim and q. On by default (2000 draws, seed 1: the p-value's Monte
   * Carlo standard error is about 0.005 at p = 0.05; ask for more draws for a finer p); `false` turns it off (then
   * `p` is `null`).
   */
  readonly simulate?:
    | false
    | {
        /** Number of simulated Brownian paths (default 2000). */
        readonly draws?: number;
        /** Seed of the simulation's generator (xoroshiro128+, the one the baselines' paths use; default 1). */
        readonly seed?: number;
      };
}

const CriticalValuesSchema = lazySchema((z) =>
  z.object({
    /** 10% critical value (F form). */
    '0.10': z.number(),
    /** 5% critical value. */
    '0.05': z.number(),
    /** 1% critical value. */
    '0.01': z.number(),
    /** Where they come from. */
    source: z.string(),
  }),
);

/**
 * zod schema of {@link SupFResult}.
 *
 * @example
 * const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
 * const s = makeSeries({ key, currency: 'EUR', start: '2005',
 *   values: [100, 102, 99, 101, 103, 100, 98, 102, 101, 100, 150, 152, 149, 151, 150, 153, 148, 150, 151, 149] });
 * SupFResultSchema.safeParse(supF(s, { design: 'mean' })).success; // => true
 */
export const SupFResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('supF'),
    settings: z.object({
      trim: z.number(),
      design: z.enum(['seasonalTrend', 'trend', 'mean', 'custom']),
      log: z.boolean(),
      breakIn: z.string(),
      errors: z.enum(['iid', 'ar1']),
      rhoFrom: z.enum(['null', 'break']),
      simulate: z.object({ draws: z.number().int(), seed: z.number() }).nullable(),
    }),
    key: SeriesKeySchema.nullable(),
    columns: z.array(z.string()),
    /** Observations used. */
    n: z.number().int(),
    /** Number of restrictions (coefficients allowed to break). */
    q: z.number().int(),
    /** The largest F over the candidate breaks; `null` if no candidate identifies every breaking coefficient. */
    supF: z.number().nullable(),
    /** Period of the argmax (first period of the new regime), `null` for inputs without periods. */
    breakAt: PeriodSchema.nullable(),
    /** Input position of the argmax (series period index or `{ y, X }` row index). */
    breakIndex: z.number().int().nullable(),
    /** The F statistic at every candidate break; `null` where a regime cannot identify every breaking coefficient. */
    candidates: z.array(
      z.object({ period: PeriodSchema.nullable(), index: z.number().int(), F: z.number().nullable() }),
    ),
    /** The fractions of the sample where the first and last defined candidates fall (the effective trimming). */
    effectiveRange: z.tuple([z.number(), z.number()]).nullable(),
    /** Andrews' asymptotic critical values for q restrictions at 15% trimming; `null` for another trim or q > 20. */
    criticalValues: CriticalValuesSchema.nullable(),
    /**
     * p-value: the Monte Carlo p-value `(1 + #{sim ≥ supF}) / (draws + 1)` of the asymptotic null simulated over the
     * candidate fractions (see `settings.simulate`); `null` with `simulate: false` or without a statistic. (Hansen's
     * 1997 response-surface approximation is not implemented; the simulation needs no table and fits any trim.)
     */
    p: z.number().nullable(),
    /** Critical values from the simulation, when run. */
    simulatedCriticalValues: CriticalValuesSchema.nullable(),
    /** The AR(1) coefficient every candidate's regressions were whitened with (0 with `errors: 'iid'`). */
    ar1: z.number(),
    /** REML estimate of the errors' AR(1) coefficient at the independent-errors argmax, and its 90% interval. */
    ar1Estimate: z.object({ rho: z.number(), interval: z.tuple([z.number(), z.number()]) }).nullable(),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link supF}. */
export type SupFResult = z.infer<typeof SupFResultSchema>;

/**
 * Quandt–Andrews sup-F test for a structural break at an unknown date: the Chow F statistic (see
 * {@link chowTest}, same designs and `breakIn`) at every candidate break between the trimmed ends, and its maximum.
 *
 * The maximum does not follow an F distribution: compare it with Andrews' (1993, corrected 2003) asymptotic
 * critical values, given here for 15% trimming and q ≤ 20 ({@link ANDREWS_CRITICAL_VALUES_15}). The p-value comes
 * from the statistic's finite-sample null, simulated with a seed (2000 draws by default; `simulate` sets them,
 * `false` turns it off): Gaussian errors, independent after the AR(1) transform, through the actual design and
 * candidates, so the seasonal dummies, the trend and the residual degrees of freedom are accounted for (with
 * asymptotic critical values the classic test rejected 18% at nominal 5% on 48 independent Gaussian months).
 * `simulatedCriticalValues` are those of the asymptotic null — `sup ‖B(λ) − λB(1)‖² / (q λ(1 − λ))` over the
 * candidate fractions λ actually used, B a q-dimensional Brownian motion — for any trim and q.
 *
 * Errors (`errors`, default `'ar1'` for a monthly series; see {@link chowTest}): the AR(1) coefficient is
 * estimated by REML without a break (`rhoFrom: 'null'`, the default) and every candidate is refitted by GLS at
 * it; the p-value mixes the null over ρ's REML posterior. SYNTHETIC calibration (`npx tsx bench/calibration.ts
 * --only breaks --reps 100`; `breakIn: 'level'`): see bench/README.md for size and power; a large break can pass for
 * autocorrelation under `rhoFrom: 'null'` (it then warns), `rhoFrom: 'break'` keeps power and over-rejects.
 *
 * Candidates where a regime is too short to identify every breaking coefficient (e.g. fewer than 13 months for
 * the seasonal design with `breakIn: 'all'`) have `F: null` and are skipped, which trims more than asked
 * (see `effectiveRange`); the tabulated critical values are then slightly conservative. Andrews' theory assumes
 * stationary regressors: when the trend coefficient may break the critical values are approximate, and a warning
 * says so. Runs in `O(n × candidates × k²)`.
 *
 * @param input - a series, or a regression `{ y, X, periods?, names? }`
 * @param options - trimming, design and simulation; see {@link SupFOptions}
 * @returns a {@link SupFResult}
 * @throws {OptionsError} if `trim` is not in (0, 0.5), or the design options do not fit the input
 * @example
 * const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' } as const;
 * const s = makeSeries({ key, currency: 'EUR', start: '2005',
 *   values: [100, 102, 99, 101, 103, 100, 98, 102, 101, 100, 150, 152, 149, 151, 150, 153, 148, 150, 151, 149] });
 * const r = supF(s, { design: 'mean' });
 * r.breakAt; // => '2015'
 * r.supF! > r.criticalValues!['0.01']; // => true
 */
export function supF<C extends Currency>(
  input: Series<C> | RegressionInput,
  options: SupFOptions = {},
): SupFResult {
  const fn = 'supF';
  const trim = options.trim ?? 0.15;
  if (!(trim > 0 && trim < 0.5))
    throw new OptionsError(`supF requires trim strictly between 0 and 0.5, got ${trim}`);
  const prep = prepareDesign(fn, input, options);
  const warnings = [...prep.warnings];
  const n = prep.y.length;
  const q = prep.breakCols.length;
  const m = Math.max(1, Math.ceil(trim * n));
  const scan = (rho: number) => {
    let ys = prep.y;
    let cols = prep.columns;
    if (rho !== 0) {
      const w = whitenColumns(prep.columns, prep.y, prep.pos, rho);
      ys = w.y;
      cols = w.columns;
    }
    const restricted = leastSquares(cols, ys);
    const candidates: SupFResult['candidates'] = [];
    const fractions: number[] = [];
    let best: { F: number; index: number } | null = null;
    // Row b (0-based among observations used) is the first of the new regime; each regime keeps >= m rows.
    for (let b = m; b <= n - m; b++) {
      const position = prep.pos[b]!;
      const f = breakF(prep, position, restricted, rho);
      const F = f.df1 === q && f.df2 > 0 ? f.F : null;
      candidates.push({ period: prep.periodAt(position), index: position, F });
      if (F !== null) {
        fractions.push(b / n);
        if (best === null || F > best.F) best = { F, index: position };
      }
    }
    return { candidates, fractions, best };
  };
  // The AR(1) coefficient is estimated once, under the null (the restricted regression), and every candidate is
  // refitted by GLS at it. Estimating it at the independent-errors argmax instead keeps more power but over-rejects
  // (the search absorbs low-frequency noise, so ρ comes out too small): 11.5% at nominal 5% in the harness base case.
  const iid = scan(0);
  const rhoFrom = options.rhoFrom ?? 'null';
  if (rhoFrom !== 'null' && rhoFrom !== 'break') {
    throw new OptionsError(`supF requires rhoFrom 'null' or 'break', got ${String(rhoFrom)}`);
  }
  const atBreak = iid.best?.index ?? null;
  const { rho, estimate } = resolveRho(
    fn,
    prep,
    prep.errors === 'ar1' && rhoFrom === 'null' ? null : atBreak,
    warnings,
  );
  if (prep.errors === 'ar1' && rhoFrom === 'null' && estimate !== null && atBreak !== null) {
    const alt = estimateRho(fn, prep, atBreak);
    if (alt !== null && alt.interval[1] < estimate.rho) {
      warnings.push(
        `the AR(1) coefficient is ${estimate.rho.toFixed(2)} without a break but ${alt.rho.toFixed(2)} with one at ` +
          `${prep.periodAt(atBreak) ?? `row ${atBreak}`}: a break may be taken for autocorrelation, so the p-value ` +
          "may be too large; compare with chowTest at that date or rhoFrom: 'break'",
      );
    }
  }
  const { candidates, fractions, best } = rho === 0 ? iid : scan(rho);
  const skipped = candidates.filter((c) => c.F === null).length;
  if (candidates.length === 0)
    warnings.push(`too few observations (${n}) for trim ${trim}: no candidate break`);
  else if (skipped === candidates.length) {
    warnings.push('no candidate break identifies every breaking coefficient: supF is null');
  } else if (skipped > 0) {
    warnings.push(
      `${skipped} candidate break(s) near the ends skipped: a regime too short to identify all ${q} breaking coefficients (effective trimming is larger than ${trim})`,
    );
  }
  if (prep.trendBreaks) {
    warnings.push(
      "the trend coefficient may break: Andrews' critical values assume stationary regressors and are only approximate here (Vogelsang 1997)",
    );
  }

  let criticalValues: SupFResult['criticalValues'] = null;
  const row = ANDREWS_CRITICAL_VALUES_15[q - 1];
  if (trim === 0.15 && row !== undefined) {
    criticalValues = {
      '0.10': row[0],
      '0.05': row[1],
      '0.01': row[2],
      source: 'Andrews (1993, corrected 2003), 15% trimming, F form (Stock and Watson 2003)',
    };
  } else {
    warnings.push(
      `no tabulated critical values for trim ${trim} and q = ${q} (only trim 0.15 and q <= 20)` +
        (options.simulate === false
          ? ': turn simulate on for simulated ones'
          : ': see simulatedCriticalValues'),
    );
  }

  let p: number | null = null;
  let simulatedCriticalValues: SupFResult['simulatedCriticalValues'] = null;
  let simulate: SupFResult['settings']['simulate'] = null;
  if (options.simulate !== false) {
    const draws = options.simulate?.draws ?? 2000;
    const seed = options.simulate?.seed ?? 1;
    if (!(Number.isInteger(draws) && draws >= 10)) {
      throw new OptionsError(`supF requires simulate.draws to be an integer >= 10, got ${draws}`);
    }
    if (!Number.isInteger(seed))
      throw new OptionsError(`supF requires an integer simulate.seed, got ${seed}`);
    simulate = { draws, seed };
    if (fractions.length > 0) {
      const sims = sortedCopy(simulateSupNull(n, fractions, q, draws, seed));
      simulatedCriticalValues = {
        '0.10': quantileSorted(sims, 0.9)!,
        '0.05': quantileSorted(sims, 0.95)!,
        '0.01': quantileSorted(sims, 0.99)!,
        source: `simulated asymptotic null over the ${fractions.length} candidate fractions, ${draws} draws, seed ${seed}`,
      };
      if (best !== null) {
        const defined = candidates.filter((c) => c.F !== null).map((c) => c.index);
        const nodes = rho !== 0 && estimate !== null ? estimate.nodes : [{ rho: 0, weight: 1 }];
        p = finiteSampleP(prep, defined, nodes, draws, seed);
      }
    }
  }

  return {
    method: 'supF',
    settings: {
      trim,
      design: prep.design,
      log: prep.log,
      breakIn: prep.breakInLabel,
      errors: prep.errors,
      rhoFrom,
      simulate,
    },
    key: prep.key === null ? null : { ...prep.key },
    columns: prep.names,
    n,
    q,
    supF: best?.F ?? null,
    breakAt: best === null ? null : prep.periodAt(best.index),
    breakIndex: best?.index ?? null,
    candidates,
    effectiveRange: fractions.length === 0 ? null : [fractions[0]!, fractions[fractions.length - 1]!],
    criticalValues,
    p,
    simulatedCriticalValues,
    ar1: rho,
    ar1Estimate: estimate === null ? null : { rho: estimate.rho, interval: [...estimate.interval] },
    warnings,
  };
}

/**
 * Draws from the asymptotic null of the sup-F statistic (F form) over the given fractions b/n: q independent
 * Gaussian random walks with n steps of variance 1/n (exact for Brownian motion at the grid points), tied down to
 * bridges, `max_λ Σ_j (W_j(λ) − λ W_j(1))² / (q λ (1 − λ))`.
 */
function simulateSupNull(
  n: number,
  fractions: readonly number[],
  q: number,
  draws: number,
  seed: number,
): number[] {
  const rng = createRng(seed);
  const normal = rng.normal;
  const steps = fractions.map((l) => Math.round(l * n));
  const sd = 1 / Math.sqrt(n);
  const out: number[] = new Array(draws);
  const walk = new Float64Array(n + 1);
  const acc = new Float64Array(steps.length);
  for (let d = 0; d < draws; d++) {
    acc.fill(0);
    for (let j = 0; j < q; j++) {
      walk[0] = 0;
      for (let t = 1; t <= n; t++) walk[t] = walk[t - 1]! + sd * normal();
      const end = walk[n]!;
      for (let c = 0; c < steps.length; c++) {
        const l = fractions[c]!;
        const b = walk[steps[c]!]! - l * end;
        acc[c] = acc[c]! + b * b;
      }
    }
    let mx = 0;
    for (let c = 0; c < steps.length; c++) {
      const l = fractions[c]!;
      const s = acc[c]! / (q * l * (1 - l));
      if (s > mx) mx = s;
    }
    out[d] = mx;
  }
  return out;
}

/** What the finite-sample null of sup-F needs at one ρ: the residual maker of the design and the candidates' bases. */
interface NullNode {
  readonly weight: number;
  /** Orthonormal basis of the whitened restricted design. */
  readonly basis: Float64Array[];
  /** Per candidate, an orthonormal basis of its whitened break columns after projecting out the design. */
  readonly candidates: Float64Array[][];
  /** Residual degrees of freedom of the unrestricted regressions, n − rank − q. */
  readonly df2: number;
  /** The observed sup-F at this ρ. */
  readonly observed: number;
}

function residualise(v: Float64Array, basis: readonly Float64Array[]): Float64Array {
  const out = Float64Array.from(v);
  const n = v.length;
  for (const q of basis) {
    let a = 0;
    for (let k = 0; k < n; k++) a += q[k]! * out[k]!;
    for (let k = 0; k < n; k++) out[k] = out[k]! - a * q[k]!;
  }
  return out;
}

/** A single column scaled to unit length (its own basis), or none if it is negligible. */
function normalised(v: Float64Array): Float64Array[] {
  let ss = 0;
  let mx = 0;
  for (const x of v) {
    ss += x * x;
    mx = Math.max(mx, Math.abs(x));
  }
  const norm = Math.sqrt(ss);
  if (!(norm > 1e-9 * Math.max(mx, 1e-300) * Math.sqrt(v.length)) || !(mx > 0)) return [];
  return [v.map((x) => x / norm)];
}

function supOf(e: Float64Array, node: Omit<NullNode, 'observed'>, q: number): number {
  let ee = 0;
  for (const v of e) ee += v * v;
  let mx = 0;
  for (const c of node.candidates) {
    let proj = 0;
    for (const b of c) {
      let a = 0;
      for (let k = 0; k < e.length; k++) a += b[k]! * e[k]!;
      proj += a * a;
    }
    const rest = ee - proj;
    if (!(rest > 0)) continue;
    const f = proj / q / (rest / node.df2);
    if (f > mx) mx = f;
  }
  return mx;
}

/**
 * Monte Carlo p-value of sup-F under its finite-sample null: Gaussian errors that are independent after the
 * AR(1) transform at ρ, with ρ drawn from `nodes` (its REML posterior; a single node at 0 for independent errors).
 * Under the null the F statistics depend on the data only through the residuals of the restricted design, so
 * each draw is z ~ N(0, I), its residual e = M z, and the sup over candidates of (‖Q_bᵀe‖²/q) / ((‖e‖² −
 * ‖Q_bᵀe‖²)/df2), with Q_b an orthonormal basis of candidate b's break columns after projecting out the design.
 * The p-value is (1 + #{sim ≥ observed at the draw's ρ}) / (draws + 1).
 */
function finiteSampleP(
  prep: PreparedDesign,
  positions: readonly number[],
  nodes: readonly { rho: number; weight: number }[],
  draws: number,
  seed: number,
): number {
  const n = prep.y.length;
  const q = prep.breakCols.length;
  const built: NullNode[] = [];
  for (const nd of nodes) {
    const w = whitenColumns(prep.columns, prep.y, prep.pos, nd.rho);
    const basis = orthonormalBasis(w.columns);
    const candidates: Float64Array[][] = [];
    for (const position of positions) {
      const breakCols = prep.breakCols.map((c) =>
        Float64Array.from(prep.columns[c]!, (x, i) => (prep.pos[i]! >= position ? x : 0)),
      );
      const wb = whitenColumns(breakCols, prep.y, prep.pos, nd.rho).columns.map((c) => residualise(c, basis));
      const b = wb.length === 1 ? normalised(wb[0]!) : orthonormalBasis(wb);
      if (b.length === q) candidates.push(b);
    }
    const df2 = n - basis.length - q;
    if (df2 <= 0 || candidates.length === 0) continue;
    const partial = { weight: nd.weight, basis, candidates, df2 };
    built.push({ ...partial, observed: supOf(residualise(w.y, basis), partial, q) });
  }
  if (built.length === 0) return 1;
  const rng = createRng(seed);
  const z = new Float64Array(n);
  let ge = 0;
  for (let d = 0; d < draws; d++) {
    let u = rng.uniform();
    let node = built[built.length - 1]!;
    for (const b of built) {
      u -= b.weight;
      if (u <= 0) {
        node = b;
        break;
      }
    }
    for (let k = 0; k < n; k++) z[k] = rng.normal();
    if (supOf(residualise(z, node.basis), node, q) >= node.observed) ge++;
  }
  return (1 + ge) / (draws + 1);
}
