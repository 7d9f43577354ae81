import { isRoundaboutError, OptionsError } from '../errors.js';
import { frequencyOf, type Period } from '../model/period.js';
import { createRng } from '../numeric/rng.js';
import { finishPanel, type Panel, type PanelRecord } from './panel.js';
import type { PlaceboResult } from './schemas.js';

/**
 * Any statistic of a panel: a DiD estimate (`(p) => did(p).estimate`), an excess over a baseline summed over the
 * treated units' series (records carry their `key`), a ratio… `null` when undefined for that panel.
 */
export type PanelStatistic = (panel: Panel) => number | null;

/** Which placebo statistics count as at least as extreme as the actual one. */
export type PlaceboAlternative = 'greater' | 'less' | 'two-sided';

/** Options shared by the placebo tests. */
export interface PlaceboOptions {
  /**
   * `greater` (default): placebo ≥ actual counts (the roundabout hypothesis is an increase); `less`: placebo ≤ actual;
   * `two-sided`: |placebo| ≥ |actual|.
   */
  readonly alternative?: PlaceboAlternative;
}

/** Options of {@link placeboDates}. */
export interface PlaceboDatesOptions extends PlaceboOptions {
  /** Fake treatment dates to try (default: every pre-period date leaving `minPre` periods before and `minPost` after). */
  readonly dates?: readonly Period[];
  /** Last period of the real pre-period (default: the period before the first real post period of a treated unit). */
  readonly preEnd?: Period;
  /** Periods required before a fake date (default 6). */
  readonly minPre?: number;
  /** Periods required from a fake date to `preEnd` (default 6). */
  readonly minPost?: number;
}

/** Options of {@link placeboGroups}. */
export interface PlaceboGroupsOptions extends PlaceboOptions {
  /** The real treated group (e.g. `sanctioned`). */
  readonly treatedGroup: string;
  /** Groups to use as placebos (default: every other group). */
  readonly groups?: readonly string[];
  /** Use a random subset of this many groups (default: all). */
  readonly sample?: number;
  /** Seed of the random subset (default 1). */
  readonly seed?: number;
}

const TOL = 1e-12;

/** Harness figures quoted in the warnings (bench/README, inference section, base case with 3 treated units). */
const PLACEBO_FIGURES = {
  datesSize: '21.0%',
  unitsSize: '1.0%',
  unitsPower: '43.0%',
  rtPower: '92.0%',
};

/**
 * Permutation p-value (1 + #{placebo at least as extreme as actual}) / (1 + #placebos), always in (0, 1].
 * Internal, exported for tests.
 */
export function permutationP(
  actual: number,
  placebos: readonly number[],
  alternative: PlaceboAlternative,
): number {
  const slack = TOL * Math.max(1, Math.abs(actual));
  let count = 0;
  for (const b of placebos) {
    const extreme =
      alternative === 'greater'
        ? b >= actual - slack
        : alternative === 'less'
          ? b <= actual + slack
          : Math.abs(b) >= Math.abs(actual) - slack;
    if (extreme) count++;
  }
  return (1 + count) / (1 + placebos.length);
}

function run(
  method: PlaceboResult['method'],
  actual: number | null,
  placebos: readonly { label: string; panel: Panel }[],
  statistic: PanelStatistic,
  alternative: PlaceboAlternative,
  settings: Record<string, unknown>,
  warnings: string[],
): PlaceboResult {
  const estimates = placebos.map(({ label, panel }) => {
    let v: number | null;
    try {
      v = statistic(panel);
    } catch (e) {
      // A placebo panel can be too thin for the statistic (e.g. no pre period): that placebo is undefined.
      if (!isRoundaboutError(e)) throw e;
      v = null;
    }
    return { label, estimate: v !== null && Number.isFinite(v) ? v : null };
  });
  const valid = estimates.flatMap((e) => (e.estimate === null ? [] : [e.estimate]));
  if (valid.length < estimates.length)
    warnings.push(`${method}: ${estimates.length - valid.length} placebo(s) undefined and left out`);
  if (valid.length === 0)
    warnings.push(`${method}: no placebo statistic could be computed; p is uninformative`);
  else if (valid.length < 19)
    warnings.push(
      `${method}: only ${valid.length} placebo(s); the smallest attainable p is ${(1 / (1 + valid.length)).toFixed(3)}`,
    );
  if (actual === null)
    warnings.push(`${method}: the statistic is undefined on the real assignment; p is null`);
  return {
    method,
    estimate: actual,
    p: actual === null ? null : permutationP(actual, valid, alternative),
    n: valid.length,
    placebos: estimates,
    settings: { alternative, ...settings },
    warnings,
  };
}

function actualOf(panel: Panel, statistic: PanelStatistic): number | null {
  const v = statistic(panel);
  return v !== null && Number.isFinite(v) ? v : null;
}

/**
 * In-time placebo: pretend treatment began at fake dates inside the pre-period, recompute the statistic on the
 * pre-period only, and compare the real statistic with the placebo distribution.
 *
 * Each placebo panel keeps only periods up to `preEnd`; every treated unit gets the fake date as its adoption date.
 * p = (1 + #{placebo ≥ actual}) / (1 + #placebos) (see `alternative`), in (0, 1]. Placebos whose statistic is
 * undefined (null, or a typed error such as too few periods) are left out with a warning. Runs the statistic once
 * per date.
 *
 * Not a calibrated test on serially correlated data: the placebo windows are shorter than the real one and lie in
 * one stretch of correlated months. Calibration (SYNTHETIC monthly panels with parallel trends, AR(1) errors and
 * seasonality, statistic the DiD of unit means, `npx tsx bench/calibration.ts --only inference`, bench/README): the
 * nominal 5% one-sided test rejected a true null in 21.0% of base-case panels (3 treated units, ρ = 0.5) and in
 * 18.0% at ρ = 0. Every result warns so; use {@link randomizationTest} for inference.
 *
 * @param panel - the real panel
 * @param statistic - any statistic of a panel, e.g. `(p) => did(p).estimate`
 * @param options - dates, pre-period end, minimum spans, alternative
 * @returns the actual statistic, placebo statistics by date, the permutation p-value and warnings
 * @throws {OptionsError} if a requested date lies outside the pre-period or has the wrong frequency
 * @example
 * import { did, panelFromRecords, placeboDates } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['a', 'b']) for (let t = 2010; t <= 2024; t++)
 *   rows.push({ unit, period: String(t), treated: unit === 'a', post: t >= 2022, y: t + (unit === 'a' && t >= 2022 ? 5 : 0) + (t % 3) });
 * const r = placeboDates(panelFromRecords(rows), (p) => did(p, { outcome: 'level', cluster: 'none' }).estimate, { minPre: 3, minPost: 2 });
 * // No fake date comes close to the real jump, so p is the smallest attainable:
 * r.p === 1 / (1 + r.n); // => true
 */
export function placeboDates(
  panel: Panel,
  statistic: PanelStatistic,
  options: PlaceboDatesOptions = {},
): PlaceboResult {
  const alternative = options.alternative ?? 'greater';
  const minPre = options.minPre ?? 6;
  const minPost = options.minPost ?? 6;
  const firstPost = panel.records
    .filter((r) => r.treated && r.post)
    .map((r) => r.period)
    .sort()[0];
  const prePeriods = panel.periods.filter((p) =>
    options.preEnd !== undefined ? p <= options.preEnd : firstPost === undefined || p < firstPost,
  );
  const preEnd = prePeriods[prePeriods.length - 1];
  let dates: Period[];
  if (options.dates !== undefined) {
    for (const d of options.dates) {
      if (frequencyOf(d) !== panel.frequency || !prePeriods.includes(d) || d === prePeriods[0])
        throw new OptionsError(
          `placeboDates requires dates inside the pre-period after its first period, got ${d}`,
        );
    }
    dates = [...options.dates];
  } else {
    dates = prePeriods.filter((_, i) => i >= minPre && prePeriods.length - i >= minPost);
  }
  const pre = panel.records.filter((r) => preEnd !== undefined && r.period <= preEnd);
  const warnings = [
    `placeboDates: the placebos are computed on the pre-period only, with other window lengths than the real statistic; on SYNTHETIC monthly panels with AR(1) errors and seasonality the nominal 5% test rejected a true null in ${PLACEBO_FIGURES.datesSize} (bench/README) — read p as descriptive, use randomizationTest for inference`,
  ];
  const placebos = dates.map((d) => ({
    label: d,
    panel: finishPanel(
      panel.frequency,
      pre.map((r) => ({ ...r, post: r.period >= d, cohort: r.treated ? d : null })),
    ),
  }));
  return run(
    'placeboDates',
    actualOf(panel, statistic),
    placebos,
    statistic,
    alternative,
    { dates, preEnd: preEnd ?? null, minPre, minPost },
    warnings,
  );
}

/**
 * In-space placebo: drop the real treated units and let each control unit in turn pretend to be treated (with the
 * controls' post period), recompute the statistic, and compare (Abadie, Diamond & Hainmueller 2010).
 *
 * Units are the records' `unit` (a destination keeps all its product groups together). With C controls there are
 * C placebos, so p ≥ 1/(1 + C): with the EBRD's two comparison countries the test cannot reject at 5% — said in a
 * warning.
 *
 * With several treated units the real statistic (an average over them) is compared with placebos of one unit each,
 * which are noisier, so the test is conservative and weak. Calibration (SYNTHETIC monthly panels, 3 treated units,
 * statistic the DiD of unit means, bench/README): size 1.0% at nominal 5%, power 43.0% against 0.2 log
 * points where {@link randomizationTest} has 92.0%. The result warns when there is more than one treated unit.
 *
 * @param panel - the real panel
 * @param statistic - any statistic of a panel
 * @param options - alternative
 * @returns the actual statistic, placebo statistics by unit, the permutation p-value and warnings
 * @example
 * import { did, panelFromRecords, placeboUnits } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['KG', 'GE', 'UZ', 'AZ', 'TR']) for (const period of ['2021', '2022'])
 *   rows.push({ unit, period, treated: unit === 'KG', post: period === '2022', y: unit === 'KG' && period === '2022' ? 9 : unit.charCodeAt(0) % 3 });
 * placeboUnits(panelFromRecords(rows), (p) => did(p, { outcome: 'level', fixedEffects: 'none', cluster: 'none' }).estimate).placebos.length; // => 4
 */
export function placeboUnits(
  panel: Panel,
  statistic: PanelStatistic,
  options: PlaceboOptions = {},
): PlaceboResult {
  const alternative = options.alternative ?? 'greater';
  const treatedUnits = new Set(panel.records.filter((r) => r.treated).map((r) => r.unit));
  const controlRecords = panel.records.filter((r) => !treatedUnits.has(r.unit));
  const controls = [...new Set(controlRecords.map((r) => r.unit))].sort();
  const firstPost = new Map<string, Period>();
  for (const r of controlRecords) {
    const prev = firstPost.get(r.unit);
    if (r.post && (prev === undefined || r.period < prev)) firstPost.set(r.unit, r.period);
  }
  const placebos = controls.map((c) => ({
    label: c,
    panel: finishPanel(
      panel.frequency,
      controlRecords.map(
        (r): PanelRecord => ({
          ...r,
          treated: r.unit === c,
          cohort: r.unit === c ? (firstPost.get(c) ?? null) : null,
        }),
      ),
    ),
  }));
  const warnings: string[] = [];
  if (controls.length < 2)
    warnings.push('placeboUnits: fewer than 2 control units; no placebo has a control group');
  if (treatedUnits.size > 1)
    warnings.push(
      `placeboUnits: ${treatedUnits.size} treated units are compared with placebos of one unit each, whose statistics are noisier; with 3 treated units the nominal 5% test rejected a true null in ${PLACEBO_FIGURES.unitsSize} of SYNTHETIC panels and had ${PLACEBO_FIGURES.unitsPower} power against 0.2 log points, randomizationTest ${PLACEBO_FIGURES.rtPower} (bench/README) — use randomizationTest, which permutes all ${treatedUnits.size}-unit assignments`,
    );
  return run(
    'placeboUnits',
    actualOf(panel, statistic),
    placebos,
    statistic,
    alternative,
    { units: controls },
    warnings,
  );
}

/**
 * Product placebo: let other product groups (e.g. non-sanctioned HS chapters) in turn play the treated group, and
 * compare the real statistic with theirs.
 *
 * Each placebo panel drops the real treated group and relabels the placebo group as `treatedGroup`, so a statistic
 * written for the real group (e.g. `tripleDiff(p, { treatedGroup: 'sanctioned' })`) runs unchanged. With `sample`
 * a seeded random subset of the groups is used.
 *
 * @param panel - a panel with product groups
 * @param statistic - any statistic of a panel
 * @param options - the treated group, candidate groups, random subset size and seed, alternative
 * @returns the actual statistic, placebo statistics by group, the permutation p-value and warnings
 * @throws {OptionsError} if the panel lacks the treated group, or a requested placebo group is absent
 * @example
 * import { panelFromRecords, placeboGroups, tripleDiff } from 'trade-roundabout';
 * const rows = [];
 * for (const unit of ['KZ', 'GE', 'UZ']) for (const group of ['sanctioned', 'food', 'cars', 'other'])
 *   for (const period of ['2021', '2022'])
 *     rows.push({ unit, group, period, treated: unit === 'KZ', post: period === '2022',
 *       y: 10 + (unit === 'KZ' && group === 'sanctioned' && period === '2022' ? 4 : 0) + group.length });
 * const r = placeboGroups(panelFromRecords(rows), (p) => tripleDiff(p, { treatedGroup: 'sanctioned', outcome: 'level', cluster: 'none' }).estimate,
 *   { treatedGroup: 'sanctioned' });
 * r.placebos.map((x) => x.label); // => ['cars', 'food', 'other']
 */
export function placeboGroups(
  panel: Panel,
  statistic: PanelStatistic,
  options: PlaceboGroupsOptions,
): PlaceboResult {
  const alternative = options.alternative ?? 'greater';
  const tg = options.treatedGroup;
  const all = [...new Set(panel.records.map((r) => r.group).filter((g): g is string => g !== null))].sort();
  if (!all.includes(tg))
    throw new OptionsError(`placeboGroups requires the treated group ${tg} in the panel`);
  let groups = options.groups === undefined ? all.filter((g) => g !== tg) : [...options.groups];
  for (const g of groups)
    if (!all.includes(g) || g === tg)
      throw new OptionsError(
        `placeboGroups requires placebo groups present in the panel and not ${tg}, got ${g}`,
      );
  const seed = options.seed ?? 1;
  if (options.sample !== undefined && options.sample < groups.length) {
    const rng = createRng(seed);
    const pool = [...groups];
    for (let i = 0; i < options.sample; i++) {
      const j = i + rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    groups = pool.slice(0, options.sample).sort();
  }
  const rest = panel.records.filter((r) => r.group !== tg);
  const placebos = groups.map((g) => ({
    label: g,
    panel: finishPanel(
      panel.frequency,
      rest.map((r) => (r.group === g ? { ...r, group: tg } : r)),
    ),
  }));
  return run(
    'placeboGroups',
    actualOf(panel, statistic),
    placebos,
    statistic,
    alternative,
    { treatedGroup: tg, groups, seed },
    [],
  );
}
