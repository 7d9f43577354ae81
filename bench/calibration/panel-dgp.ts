/**
 * A SYNTHETIC annual panel of destinations that look like the real ones of leg (b): units of very different sizes
 * whose annual log exports are noisier the smaller they are, with unit-specific trends, autocorrelated fat-tailed
 * shocks, common year shocks, and three treated units shaped like KZ (large), AM and KG (small and noisy).
 *
 * Calibration (the command: `npx tsx bench/calibration/panel-dgp.ts`, which prints the figures): on the shipped EU27
 * annual exports 2010–2019 to partners above EUR 100 m a year, the residual standard deviation of log exports
 * around each partner's own linear trend has a median of about 0.17–0.19 for partners of EUR 66–490 m a year,
 * 0.12–0.13 for EUR 0.5–3.6 bn, 0.11 for EUR 3.6–9.7 bn and 0.05 above EUR 10 bn; the partners' trends vary with a
 * root mean square of 0.05–0.08 a year; the residuals' first-order autocorrelation has a median of 0.05–0.31. The
 * DGP below follows those figures: σ_i = (0.04 + 0.15·exp(−(ℓ_i − 18.5)/3))·exp(0.3·z_i) for log size ℓ_i, unit
 * trends N(0, (0.45·σ_i)²) a year, AR(1) errors with ρ = 0.3 and Student-t(5) innovations, and a common N(0, 0.05²)
 * year shock.
 *
 * {@link drawMonthlyPanel} draws the monthly panels of the inference calibration section (seasonality, AR(1) errors,
 * 3 or 10 treated units, 24–60 pre-period months); the annual draw above is kept for the annual leg's scales.
 *
 * @module
 */

import { finishPanel, type Panel, type PanelRecord } from '../../src/inference/panel.js';
import type { Rng } from '../../src/numeric/rng.js';

/** Options of {@link drawDestinationPanel}. */
export interface DestinationPanelOptions {
  /** Number of control units (default 60). */
  readonly controls?: number;
  /** Log sizes (log EUR a year) of the treated units (default KZ-, AM-, KG-like: 22.5, 20.3, 19.5). */
  readonly treatedSizes?: readonly number[];
  /** Effect in log points added to every treated unit's post years (default 0). */
  readonly effect?: number;
  /** First and last year of the history (default 2010 and 2023). */
  readonly years?: readonly [number, number];
  /** Pre-period years of the DiD (default 2017–2019) and post-period years (default 2022–2023). */
  readonly pre?: readonly [number, number];
  readonly post?: readonly [number, number];
  /** AR(1) coefficient of the errors (default 0.3). */
  readonly rho?: number;
}

/** One draw: the DiD panel (pre and post years only) and each unit's log series over the whole history. */
export interface DestinationPanel {
  /** Annual panel, pre and post years, outcome in EUR (exp of the log). */
  readonly panel: Panel;
  /** Log exports by unit over `years`. */
  readonly history: ReadonlyMap<string, Float64Array>;
  /** Labels of the treated units. */
  readonly treated: readonly string[];
  /** The true noise σ_i by unit. */
  readonly sigma: ReadonlyMap<string, number>;
  readonly years: readonly [number, number];
}

function studentT5(rng: Rng): number {
  const t = rng.normal() / Math.sqrt(rng.chiSquare(5) / 5);
  return t * Math.sqrt(3 / 5);
}

/** Draw one SYNTHETIC destination panel. */
export function drawDestinationPanel(rng: Rng, options: DestinationPanelOptions = {}): DestinationPanel {
  const controls = options.controls ?? 60;
  const treatedSizes = options.treatedSizes ?? [22.5, 20.3, 19.5];
  const effect = options.effect ?? 0;
  const [y0, y1] = options.years ?? [2010, 2023];
  const pre = options.pre ?? [2017, 2019];
  const post = options.post ?? [2022, 2023];
  const rho = options.rho ?? 0.3;
  const T = y1 - y0 + 1;
  const common = Float64Array.from({ length: T }, () => 0.05 * rng.normal());
  const units: { label: string; size: number; treated: boolean }[] = [];
  treatedSizes.forEach((size, j) => {
    units.push({ label: `T${j + 1}`, size, treated: true });
  });
  for (let j = 0; j < controls; j++)
    units.push({
      label: `C${String(j + 1).padStart(2, '0')}`,
      size: 18.5 + 7.5 * rng.uniform(),
      treated: false,
    });
  const history = new Map<string, Float64Array>();
  const sigma = new Map<string, number>();
  const records: PanelRecord[] = [];
  for (const u of units) {
    const s = (0.04 + 0.15 * Math.exp(-(u.size - 18.5) / 3)) * Math.exp(0.3 * rng.normal());
    sigma.set(u.label, s);
    const trend = 0.45 * s * rng.normal();
    const innov = s * Math.sqrt(1 - rho * rho);
    let e = s * studentT5(rng);
    const ys = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      if (t > 0) e = rho * e + innov * studentT5(rng);
      const year = y0 + t;
      ys[t] =
        u.size + trend * (t - (T - 1) / 2) + common[t]! + e + (u.treated && year >= post[0] ? effect : 0);
    }
    history.set(u.label, ys);
    for (let t = 0; t < T; t++) {
      const year = y0 + t;
      const inPre = year >= pre[0] && year <= pre[1];
      const inPost = year >= post[0] && year <= post[1];
      if (!inPre && !inPost) continue;
      records.push({
        unit: u.label,
        group: null,
        period: String(year),
        y: Math.exp(ys[t]!),
        treated: u.treated,
        post: inPost,
        cohort: u.treated ? String(post[0]) : null,
        cluster: u.label,
        key: null,
      });
    }
  }
  return {
    panel: finishPanel('annual', records),
    history,
    treated: units.filter((u) => u.treated).map((u) => u.label),
    sigma,
    years: [y0, y1],
  };
}

/**
 * Each unit's noise scale from its history before `lastYear`: the sd of its log exports around its own mean and the
 * common year means (leg (b)'s long-history scales).
 */
export function historyScales(draw: DestinationPanel, lastYear: number): Record<string, number> {
  const [y0] = draw.years;
  const n = lastYear - y0 + 1;
  const labels = [...draw.history.keys()];
  const means = new Map(
    labels.map((l) => [
      l,
      draw.history
        .get(l)!
        .subarray(0, n)
        .reduce((a, b) => a + b, 0) / n,
    ]),
  );
  const yearMean = new Float64Array(n);
  for (const l of labels) {
    const ys = draw.history.get(l)!;
    for (let t = 0; t < n; t++) yearMean[t]! += (ys[t]! - means.get(l)!) / labels.length;
  }
  const out: Record<string, number> = {};
  for (const l of labels) {
    const ys = draw.history.get(l)!;
    let ss = 0;
    for (let t = 0; t < n; t++) ss += (ys[t]! - means.get(l)! - yearMean[t]!) ** 2;
    out[l] = Math.sqrt(ss / (n - 1));
  }
  return out;
}

/** Options of {@link drawMonthlyPanel}. */
export interface MonthlyPanelOptions {
  /** Treated units (default 3: KZ-, AM-, KG-like log sizes 22.5, 20.3, 19.5; more are drawn like controls). */
  readonly treated?: number;
  /** Control units (default 37). */
  readonly controls?: number;
  /** Pre-period months, ending 2022-01 (default 36). */
  readonly preMonths?: number;
  /** Post-period months, from 2022-03 (default 22: 2022-03..2023-12). The invasion month 2022-02 is left out. */
  readonly postMonths?: number;
  /** AR(1) coefficient of the monthly errors (default 0.5). */
  readonly rho?: number;
  /** Effect in log points on every treated unit's post months (default 0). */
  readonly effect?: number;
  /**
   * Extra linear trend of the treated units in log points a month over the whole window (default 0: parallel
   * trends). A non-zero value is the misspecified "differential pre-trend" case.
   */
  readonly treatedTrend?: number;
  /** Product groups per unit for `tripleDiff` (default 1: no group). With 2, the groups are `sanctioned` and `other`. */
  readonly groups?: 1 | 2;
}

/** One monthly draw. */
export interface MonthlyPanel {
  readonly panel: Panel;
  /** The adoption month of the treated units. */
  readonly cohort: string;
  /** Labels of the treated units. */
  readonly treated: readonly string[];
}

function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Draw one SYNTHETIC monthly destination panel: log exports of unit i in month t are
 * ℓ_i + s_i(month) + c_t + e_it (+ effect on treated post months), with log sizes ℓ_i uniform on 18.5–26 (EUR a
 * year, controls) or KZ/AM/KG-like (treated), a unit-specific seasonal profile s_i of amplitude 0.05–0.25, a common
 * month shock c_t ~ N(0, 0.04²) plus a common seasonal profile, and AR(1) errors with Student-t(5) innovations and
 * marginal sd σ_i = (0.06 + 0.30·exp(−(ℓ_i − 18.5)/3))·exp(0.3·z_i) — small destinations' monthly series are several
 * times noisier than large ones', like the annual figures of {@link drawDestinationPanel} scaled to months (a
 * chosen, not a fitted, scale). No unit-specific trends: parallel trends hold unless `treatedTrend` is set.
 */
export function drawMonthlyPanel(rng: Rng, options: MonthlyPanelOptions = {}): MonthlyPanel {
  const nTreated = options.treated ?? 3;
  const controls = options.controls ?? 37;
  const preMonths = options.preMonths ?? 36;
  const postMonths = options.postMonths ?? 22;
  const rho = options.rho ?? 0.5;
  const effect = options.effect ?? 0;
  const treatedTrend = options.treatedTrend ?? 0;
  const groups = options.groups ?? 1;
  const feb22 = 2022 * 12 + 1;
  const first = feb22 - preMonths;
  const last = feb22 + postMonths;
  const T = last - first + 1;
  const common = Float64Array.from(
    { length: T },
    (_, t) => 0.04 * rng.normal() + 0.1 * Math.cos((2 * Math.PI * (first + t)) / 12),
  );
  const sizes = [22.5, 20.3, 19.5];
  const units: { label: string; size: number; treated: boolean }[] = [];
  for (let j = 0; j < nTreated; j++)
    units.push({
      label: `T${String(j + 1).padStart(2, '0')}`,
      size: sizes[j] ?? 18.5 + 7.5 * rng.uniform(),
      treated: true,
    });
  for (let j = 0; j < controls; j++)
    units.push({
      label: `C${String(j + 1).padStart(2, '0')}`,
      size: 18.5 + 7.5 * rng.uniform(),
      treated: false,
    });
  const records: PanelRecord[] = [];
  const cohort = monthLabel(feb22 + 1);
  const series = (s: number, amp: number): Float64Array => {
    const phase = 2 * Math.PI * rng.uniform();
    const innov = s * Math.sqrt(1 - rho * rho);
    let e = s * studentT5(rng);
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      if (t > 0) e = rho * e + innov * studentT5(rng);
      out[t] = amp * Math.cos((2 * Math.PI * (first + t)) / 12 + phase) + e;
    }
    return out;
  };
  for (const u of units) {
    const s = (0.06 + 0.3 * Math.exp(-(u.size - 18.5) / 3)) * Math.exp(0.3 * rng.normal());
    const base = series(s, 0.05 + 0.2 * rng.uniform());
    const groupList = groups === 1 ? [null] : ['other', 'sanctioned'];
    const groupNoise = groupList.map((g) =>
      g === null ? null : series(0.7 * s, 0.05 + 0.2 * rng.uniform()),
    );
    groupList.forEach((g, gi) => {
      const gn = groupNoise[gi];
      const gLevel = g === 'sanctioned' ? -1.5 : 0;
      for (let t = 0; t < T; t++) {
        const m = first + t;
        if (m === feb22) continue;
        const post = m > feb22;
        const hit = u.treated && post && (groups === 1 || g === 'sanctioned');
        const ly =
          u.size -
          Math.log(12) +
          gLevel +
          common[t]! +
          base[t]! +
          (gn?.[t] ?? 0) +
          (u.treated ? treatedTrend * (t - (T - 1) / 2) : 0) +
          (hit ? effect : 0);
        records.push({
          unit: u.label,
          group: g,
          period: monthLabel(m),
          y: Math.exp(ly),
          treated: u.treated,
          post,
          cohort: u.treated ? cohort : null,
          cluster: u.label,
          key: null,
        });
      }
    });
  }
  return {
    panel: finishPanel('monthly', records),
    cohort,
    treated: units.filter((u) => u.treated).map((u) => u.label),
  };
}
