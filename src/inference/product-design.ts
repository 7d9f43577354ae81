import { OptionsError } from '../errors.js';
import { comparePeriods, monthIndex, type Period } from '../model/period.js';
import { createRng } from '../numeric/rng.js';
import type { ProductPanel } from '../panel/to-product-panel.js';
import type { ChplEntry, ChplTier, SanctionCategory, SanctionedHs6 } from '../reference/sanctions.js';
import { ppml } from './ppml.js';
import type { PpmlResult } from './schemas.js';

/** Which comparison the design runs (see {@link productLevelDesign}). */
export type ProductDesignKind = 'cross-destination' | 'sanctioned-vs-other';

/** Which date of the sanctions list starts a code's treatment. */
export type ProductDateRule = 'sanction' | 'wind-down';

/** Options of {@link productLevelDesign}. */
export interface ProductDesignOptions {
  /** Rows of the shipped `sanctions-eu-hs6` dataset (HS2017 six-digit codes, dates, categories). */
  readonly sanctions: readonly SanctionedHs6[];
  /** Rows of the shipped `chpl` dataset, for the CHPL-tier lens; default none (no tier lens). */
  readonly chpl?: readonly ChplEntry[];
  /** Suspected transit destinations (the treated group). Default `['AM', 'KG', 'KZ']`. */
  readonly treated?: readonly string[];
  /**
   * Benchmark destinations. Default: `GE` and `UZ` in the cross-destination design; every destination of the
   * panel that is not treated, the target or excluded (the rest of the world) in the sanctioned-vs-other design.
   */
  readonly comparison?: readonly string[];
  /** The sanctioned destination (default `'RU'`): its own estimand in the sanctioned-vs-other design. */
  readonly target?: string;
  /** Destinations left out of every group (default `['BY']`: sanctioned itself). */
  readonly exclude?: readonly string[];
  /**
   * `auto` (default): `sanctioned-vs-other` when at least a quarter of the panel's products have no sanctioned HS6
   * parent and the panel has the target, else `cross-destination`. Force either with its name.
   */
  readonly design?: 'auto' | ProductDesignKind;
  /** `sanction` (default): the date the ban took effect; `wind-down`: the end of the wind-down for old contracts. */
  readonly dateRule?: ProductDateRule;
  /**
   * Codes (CN8 or HS6 prefixes) known to be sanctioned although the HS6 list has no dated parent for them (e.g. the
   * `sanctions-eu-cn8` list): left out of both groups rather than counted as "other goods". Default none.
   */
  readonly alsoSanctioned?: readonly string[];
  /** Periods `[from, to]` to use (inclusive); default the panel's. */
  readonly window?: readonly [Period, Period];
  /**
   * Randomisation inference over destinations for the headline (default `true`): every set of as many treated
   * destinations among the treated and comparison ones is assigned the treatment (each code keeping its own dates)
   * and the PPML re-fitted; the statistic is the coefficient. Enumerated when there are at most `maxAssignments`
   * sets (default 100), else `draws` seeded random sets (default 99, seed 1).
   */
  readonly randomization?:
    | boolean
    | { readonly maxAssignments?: number; readonly draws?: number; readonly seed?: number };
  /** Categories of the lens (default `luxury`, `industrial_cap`, `dual_use`); `[]` for none. */
  readonly categories?: readonly SanctionCategory[];
  /** Randomisation inference for every lens too (default `false`: each costs the assignments' re-fits). */
  readonly lensRandomization?: boolean;
  /** Event times (months relative to a code's first treated month) of the descriptive event study; default [−6, 8]. */
  readonly eventWindow?: readonly [number, number];
  /** PPML convergence tolerance (default 1e-8; `ppml`'s own default is 1e-10). */
  readonly tolerance?: number;
}

/** One fitted PPML of the design, with its randomisation summary. */
export interface ProductDesignFit {
  /** What was fitted (`headline`, `category luxury`, `CHPL tier 1` …). */
  readonly label: string;
  /** Products (codes) in the fit. */
  readonly products: number;
  /** exp(β) − 1 of the headline regressor, with its (cluster-robust, not to be trusted with few clusters) interval. */
  readonly percentEffect: {
    readonly estimate: number;
    readonly lower: number;
    readonly upper: number;
  } | null;
  /** Randomisation p over destinations, or `null` when not run. */
  readonly randomizationP: number | null;
  /** The smallest p the randomisation can give (1 / assignments), or `null`. */
  readonly minimumP: number | null;
  /** Randomisation over destinations, or `null` when not run. */
  readonly randomization: ProductRandomization | null;
  /** The full `ppml` result. */
  readonly ppml: PpmlResult;
}

/** Randomisation inference of one fit: sets of treated destinations reassigned, each code keeping its own dates. */
export interface ProductRandomization {
  /** Destinations the treatment is reassigned among (treated and comparison). */
  readonly units: number;
  readonly treatedUnits: number;
  /** Assignments evaluated, the real one included. */
  readonly assignments: number;
  /** `true`: every set of `treatedUnits` among `units` (C(units, treatedUnits)); `false`: seeded random sets. */
  readonly enumerated: boolean;
  /** Share of assignments with |β| ≥ |β_real| (two-sided, the real one included). */
  readonly p: number | null;
  /** Assignments whose fit failed (left out). */
  readonly failed: number;
}

/** One adoption cohort of the staggered dates. */
export interface ProductCohort {
  /** First treated month. */
  readonly month: Period;
  /** Codes in the cohort. */
  readonly products: number;
  /** Months of the window before this cohort's first treated month in which an earlier cohort is already treated. */
  readonly notYetTreatedMonths: number;
}

/** One event time of the descriptive event study. */
export interface ProductEventTime {
  /** Months relative to the code's first treated month (0 = that month). */
  readonly k: number;
  /** Codes observed at this event time. */
  readonly products: number;
  /** log(treated / benchmark) of the summed values at k, minus the same at k = −1 (log points); `null` if undefined. */
  readonly gap: number | null;
}

/** The estimand fitted, next to the EBRD's, and whether they differ. */
export interface ProductEstimand {
  /** What is estimated here, in words. */
  readonly ours: string;
  /** The EBRD's (Chupilkin, Javorcik, Peeva & Plekhanov) product-level estimand, in words. */
  readonly ebrd: string;
  /** `true` when the two differ. */
  readonly differs: boolean;
  /** Why, one reason a line. */
  readonly differences: readonly string[];
}

/** Result of {@link productLevelDesign}. */
export interface ProductDesignResult {
  readonly method: 'productLevelDesign';
  readonly design: ProductDesignKind;
  /** Why this design (auto rule or the user's choice). */
  readonly designReason: string;
  readonly estimand: ProductEstimand;
  readonly settings: {
    readonly treated: readonly string[];
    readonly comparison: readonly string[];
    readonly target: string | null;
    readonly dateRule: ProductDateRule;
    /** How a date becomes a first treated month. */
    readonly monthRule: string;
    readonly window: readonly [Period, Period];
    readonly fixedEffects: readonly string[];
    /** How zeros and missing cells enter. */
    readonly zeros: string;
    /** How a code in several categories is counted. */
    readonly overlap: string;
  };
  /** Where the codes went. */
  readonly codes: {
    readonly total: number;
    /** In the design (dated sanctioned codes, and in `sanctioned-vs-other` the other goods). */
    readonly used: number;
    /** With a sanctioned HS6 parent and a date. */
    readonly dated: number;
    /** Sanctioned with no dated HS6 parent (left out). */
    readonly undated: number;
    /** Dated after the window: never treated in it (kept, not-yet-treated throughout). */
    readonly datedAfterWindow: number;
    /** Treated from the window's first month: no pre-period (kept; absorbed by the fixed effects). */
    readonly treatedThroughout: number;
    /** Other goods (no sanctioned parent), `sanctioned-vs-other` only. */
    readonly other: number;
  };
  /** Rows given to the PPML: cells, zeros filled in for absent cells, missing and negative cells dropped. */
  readonly rows: {
    readonly total: number;
    readonly filledZeros: number;
    readonly missingDropped: number;
    readonly negativeDropped: number;
  };
  /** The headline fit. */
  readonly headline: ProductDesignFit;
  /** The target's own coefficient (sanctioned × post × target), `sanctioned-vs-other` only: "how much steeper". */
  readonly targetEffect: { readonly estimate: number; readonly lower: number; readonly upper: number } | null;
  /** The same design on each category's codes (overlapping) and each CHPL tier's. */
  readonly lenses: readonly ProductDesignFit[];
  readonly cohorts: readonly ProductCohort[];
  readonly eventStudy: readonly ProductEventTime[];
  readonly warnings: readonly string[];
}

const DEFAULT_CATEGORIES: readonly SanctionCategory[] = ['luxury', 'industrial_cap', 'dual_use'];
const EBRD =
  'a product-level regression of EU exports on sanctioned × post × destination group (the CCA3 and other neighbours of Russia, and Russia itself), with the rest of the world as the benchmark and each product dated by its own sanction (Chupilkin, Javorcik, Peeva & Plekhanov)';

/** First treated month of a date: the first month that starts on or after it (2022-02-25 → 2022-03). */
function firstTreatedMonth(date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (d === 1) return date.slice(0, 7) as Period;
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return next as Period;
}

/** The HS6 parent of a panel product code (level 6 or 8; a bridge suffix is stripped). */
function hs6Of(code: string): string {
  return code.replace(/ \(.*\)$/, '').slice(0, 6);
}

/**
 * The EBRD's product-level design on a {@link ProductPanel}: PPML with product × month and product × destination
 * fixed effects, each code treated from its own sanction date, randomisation inference over destinations, split by
 * sanction category and CHPL tier, with the staggered adoption described by cohort and event time.
 *
 * Two designs, chosen by what the panel holds (`design: 'auto'`, stated in `designReason`):
 * - `cross-destination` (the shipped data: sanctioned codes only): the same sanctioned goods to the treated
 *   destinations vs to the comparison destinations; D = treated destination × post(code). The product × month
 *   effects absorb what the sanctions did to every destination alike.
 * - `sanctioned-vs-other` (a fetched panel with every product): D = sanctioned code × post(code) × treated
 *   destination, benchmark = every other destination (rest of the world) and the other goods, with destination ×
 *   month effects added; a second regressor, sanctioned × post × target, is the "how much steeper the fall to the
 *   target for sanctioned goods" estimand (`targetEffect`).
 *
 * Rules, stated in the result: a code's date is its HS6 parent's in `sanctions` (HS2017; a CN8 code's first six
 * digits), the sanction date unless `dateRule: 'wind-down'`; its first treated month is the first month that starts
 * on or after that date. Codes with no dated parent are left out and counted. A cell absent from the panel is a zero
 * (Comext prints no row where no member state published a value); a cell with no value (NaN) or a negative value
 * is dropped and counted. A code in several categories is in the lens of each (the lenses overlap; they are not a
 * partition and do not add up). CHPL codes are HS2022 and are matched on the code's first six digits as printed.
 *
 * With few destinations the cluster-robust interval is not valid; randomisation inference re-fits every assignment
 * of the treated paths to the destinations (3 of 5 gives C(5, 3) = 10, so the smallest p is 0.1 and a 5% test
 * cannot reject) and a warning names the counts. Cost: one PPML per assignment.
 *
 * @param panel - a product panel at level 6 or 8 (`toProductPanel`), exports of one exporter
 * @param options - the sanctions list, groups, design, date rule, lenses, window
 * @returns the headline fit, lenses, cohorts, event study, the estimand beside the EBRD's, and warnings
 * @throws {OptionsError} on a panel of another level or of several exporters, unknown or overlapping groups, a
 *   window outside the panel
 * @example
 * const sanctions = [{ hs6: '847130', sanctioned: true, date: '2022-02-25', windDownDate: null,
 *   partiallyExempt: null, maxPrice: null, categories: ['dual_use' as const] }];
 * const obs = [];
 * for (const partner of ['AM', 'KG', 'KZ', 'GE', 'UZ']) for (const period of ['2022-01', '2022-02', '2022-03', '2022-04']) {
 *   const up = ['AM', 'KG', 'KZ'].includes(partner) && period >= '2022-03';
 *   obs.push({ reporter: 'EU27_2020', partner, flow: 'export' as const, product: productOf('84713000'), period,
 *     value: (partner.charCodeAt(0) + period.length) * (up ? 2 : 1), currency: 'EUR' as const, status: 'reported' as const, source: 'x' });
 * }
 * const r = productLevelDesign(toProductPanel(obs, { level: 8 }), { sanctions, categories: [] });
 * r.design; // => 'cross-destination'
 * Math.round(r.headline.percentEffect!.estimate * 100); // => 100
 * r.headline.minimumP; // => 0.1
 */
export function productLevelDesign(panel: ProductPanel, options: ProductDesignOptions): ProductDesignResult {
  const fn = 'productLevelDesign';
  if (panel.level !== 6 && panel.level !== 8)
    throw new OptionsError(`${fn} requires a panel at level 6 or 8, got ${panel.level}`);
  if (panel.exporters.length > 1)
    throw new OptionsError(
      `${fn} requires one exporter, got ${panel.exporters.length} (${panel.exporters.join(', ')})`,
    );
  const warnings: string[] = [];
  const treated = [...(options.treated ?? ['AM', 'KG', 'KZ'])];
  const target = options.target ?? 'RU';
  const exclude = new Set(options.exclude ?? ['BY']);
  const dateRule = options.dateRule ?? 'sanction';
  if (dateRule !== 'sanction' && dateRule !== 'wind-down')
    throw new OptionsError(`${fn} requires dateRule 'sanction' or 'wind-down', got ${String(dateRule)}`);
  const tolerance = options.tolerance ?? 1e-8;
  const has = new Set(panel.destinations);
  for (const d of treated)
    if (!has.has(d)) throw new OptionsError(`${fn}: treated destination ${d} is not in the panel`);

  // Codes: dates, categories.
  const byHs6 = new Map(options.sanctions.map((r) => [r.hs6, r]));
  const also = options.alsoSanctioned ?? [];
  const firstMonth = new Map<number, Period>();
  const isOther = new Set<number>();
  let undated = 0;
  panel.products.forEach((code, p) => {
    const row = byHs6.get(hs6Of(code));
    const date = row?.sanctioned
      ? dateRule === 'sanction'
        ? row.date
        : (row.windDownDate ?? row.date)
      : null;
    if (date !== null && date !== undefined) firstMonth.set(p, firstTreatedMonth(date));
    else if (row?.sanctioned || also.some((a) => code.startsWith(a))) undated++;
    else isOther.add(p);
  });
  const otherShare = panel.products.length === 0 ? 0 : isOther.size / panel.products.length;
  let design: ProductDesignKind;
  let designReason: string;
  if (options.design === undefined || options.design === 'auto') {
    design = otherShare >= 0.25 && has.has(target) ? 'sanctioned-vs-other' : 'cross-destination';
    designReason =
      design === 'sanctioned-vs-other'
        ? `auto: ${isOther.size} of ${panel.products.length} codes have no sanctioned HS6 parent (other goods) and the panel has ${target}`
        : `auto: only ${isOther.size} of ${panel.products.length} codes lack a sanctioned HS6 parent${has.has(target) ? '' : ` and ${target} is not in the panel`}: the panel holds sanctioned goods, so the same goods are compared across destinations`;
  } else if (options.design === 'cross-destination' || options.design === 'sanctioned-vs-other') {
    design = options.design;
    designReason = `asked for (${design})`;
  } else throw new OptionsError(`${fn} requires design auto, cross-destination or sanctioned-vs-other`);
  if (design === 'cross-destination' && isOther.size > 0) {
    undated += isOther.size;
    warnings.push(
      `${fn}: ${isOther.size} code(s) with no sanctioned HS6 parent are left out of the cross-destination design`,
    );
  }
  const comparison = [
    ...(options.comparison ??
      (design === 'cross-destination'
        ? ['GE', 'UZ'].filter((d) => has.has(d))
        : panel.destinations.filter((d) => !treated.includes(d) && d !== target && !exclude.has(d)))),
  ];
  for (const d of comparison)
    if (!has.has(d)) throw new OptionsError(`${fn}: comparison destination ${d} is not in the panel`);
  if (comparison.length === 0) throw new OptionsError(`${fn} requires at least one comparison destination`);
  const overlap = treated.filter((d) => comparison.includes(d) || d === target);
  if (overlap.length > 0)
    throw new OptionsError(`${fn}: ${overlap.join(', ')} is both treated and comparison or target`);
  const destinations = [
    ...treated,
    ...comparison,
    ...(design === 'sanctioned-vs-other' && has.has(target) ? [target] : []),
  ];

  // Window.
  const window: [Period, Period] = options.window
    ? [options.window[0], options.window[1]]
    : [panel.periods[0]!, panel.periods[panel.periods.length - 1]!];
  if (panel.periods.length === 0) throw new OptionsError(`${fn} requires a non-empty panel`);
  const periods = panel.periods
    .map((t, i) => [t, i] as const)
    .filter(([t]) => comparePeriods(t, window[0]) >= 0 && comparePeriods(t, window[1]) <= 0);
  if (periods.length < 2) throw new OptionsError(`${fn} requires at least 2 periods in the window`);
  const [w0, w1] = [periods[0]![0], periods[periods.length - 1]![0]];

  // Code counts.
  let datedAfterWindow = 0;
  let treatedThroughout = 0;
  for (const m of firstMonth.values()) {
    if (comparePeriods(m, w1) > 0) datedAfterWindow++;
    else if (comparePeriods(m, w0) <= 0) treatedThroughout++;
  }
  const usedCodes = [...firstMonth.keys(), ...(design === 'sanctioned-vs-other' ? [...isOther] : [])].sort(
    (a, b) => a - b,
  );

  // Cells → rows (absent = 0).
  const destIndex = new Map(panel.destinations.map((d, i) => [d, i]));
  const nT = panel.periods.length;
  const nD = panel.destinations.length;
  const cell = new Map<number, number>();
  for (let i = 0; i < panel.value.length; i++)
    cell.set((panel.product[i]! * nD + panel.destination[i]!) * nT + panel.period[i]!, panel.value[i]!);
  const treatedSet = new Set(treated);
  const rows: Record<string, string | number>[] = [];
  let filledZeros = 0;
  let missingDropped = 0;
  let negativeDropped = 0;
  for (const p of usedCodes) {
    const code = panel.products[p]!;
    const start = firstMonth.get(p) ?? null;
    for (const d of destinations) {
      const di = destIndex.get(d)!;
      for (const [t, ti] of periods) {
        const v = cell.get((p * nD + di) * nT + ti);
        let y: number;
        if (v === undefined) {
          y = 0;
          filledZeros++;
        } else if (Number.isNaN(v)) {
          missingDropped++;
          continue;
        } else if (v < 0) {
          negativeDropped++;
          continue;
        } else y = v;
        const post = start !== null && comparePeriods(t, start) >= 0 ? 1 : 0;
        rows.push({
          product: code,
          destination: d,
          period: t,
          y,
          post,
          D: treatedSet.has(d) ? post : 0,
          ...(design === 'sanctioned-vs-other' ? { DT: d === target ? post : 0 } : {}),
        });
      }
    }
  }
  const fixedEffects: (readonly string[])[] = [
    ['product', 'period'],
    ['product', 'destination'],
    ...(design === 'sanctioned-vs-other' ? [['destination', 'period']] : []),
  ];
  const regressors = design === 'sanctioned-vs-other' && has.has(target) ? ['D', 'DT'] : ['D'];
  const riOpt = typeof options.randomization === 'object' ? options.randomization : {};
  const ri =
    options.randomization === false
      ? null
      : {
          maxAssignments: riOpt.maxAssignments ?? 100,
          draws: riOpt.draws ?? 99,
          seed: riOpt.seed ?? 1,
        };
  const riUnits = [...treated, ...comparison];
  const assignmentSets = (): { sets: string[][]; enumerated: boolean } => {
    const G = riUnits.length;
    const k = treated.length;
    let total = 1;
    for (let i = 1; i <= k; i++) total = (total * (G - k + i)) / i;
    total = Math.round(total);
    if (total <= ri!.maxAssignments) {
      const sets: string[][] = [];
      const pick = (start: number, acc: string[]) => {
        if (acc.length === k) {
          sets.push([...acc]);
          return;
        }
        for (let i = start; i < G; i++) pick(i + 1, [...acc, riUnits[i]!]);
      };
      pick(0, []);
      return { sets, enumerated: true };
    }
    const rng = createRng(ri!.seed);
    const sets: string[][] = [];
    for (let b = 0; b < ri!.draws; b++) {
      const perm = [...riUnits];
      for (let i = G - 1; i > 0; i--) {
        const r = rng.int(i + 1);
        [perm[i], perm[r]] = [perm[r]!, perm[i]!];
      }
      sets.push(perm.slice(0, k));
    }
    return { sets, enumerated: false };
  };
  const randomize = (
    sub: Record<string, string | number>[],
    observed: number | null,
  ): ProductRandomization => {
    const { sets, enumerated } = assignmentSets();
    const real = [...treated].sort().join(',');
    let atLeast = observed === null ? 0 : 1;
    let count = observed === null ? 0 : 1;
    let failed = 0;
    const saved = sub.map((r) => r.D as number);
    try {
      for (const set of sets) {
        if (enumerated && [...set].sort().join(',') === real) continue;
        const inSet = new Set(set);
        for (const r of sub) r.D = inSet.has(r.destination as string) ? (r.post as number) : 0;
        let b: number | null = null;
        try {
          b = ppml(sub, { outcome: 'y', regressors, fixedEffects, tolerance }).estimate;
        } catch {
          b = null;
        }
        if (b === null || !Number.isFinite(b)) {
          failed++;
          continue;
        }
        count++;
        if (observed !== null && Math.abs(b) >= Math.abs(observed) - 1e-10 * (1 + Math.abs(observed)))
          atLeast++;
      }
    } finally {
      sub.forEach((r, i) => {
        r.D = saved[i]!;
      });
    }
    return {
      units: riUnits.length,
      treatedUnits: treated.length,
      assignments: count + (observed === null ? 0 : 0),
      enumerated,
      p: observed === null || count === 0 ? null : atLeast / count,
      failed,
    };
  };
  const fitOne = (
    label: string,
    keep: (product: string) => boolean,
    doRandomize: boolean,
  ): ProductDesignFit => {
    const sub = rows.filter((r) => keep(r.product as string));
    const r = ppml(sub, {
      outcome: 'y',
      regressors,
      fixedEffects,
      cluster: 'destination',
      tolerance,
    });
    const pe = r.percentEffect;
    const rand = doRandomize && ri !== null ? randomize(sub, r.estimate) : null;
    const assignments = rand?.assignments ?? 0;
    return {
      label,
      products: new Set(sub.map((x) => x.product)).size,
      percentEffect:
        pe === null || pe.estimate === null || pe.interval.lower === null || pe.interval.upper === null
          ? null
          : { estimate: pe.estimate, lower: pe.interval.lower, upper: pe.interval.upper },
      randomizationP: rand?.p ?? null,
      minimumP: assignments > 0 ? 1 / assignments : null,
      randomization: rand,
      ppml: r,
    };
  };
  const headline = fitOne('headline', () => true, true);
  for (const w of headline.ppml.warnings) warnings.push(w);
  if (headline.randomization !== null) {
    const s = headline.randomization;
    if (!s.enumerated)
      warnings.push(
        `${fn}: randomisation drew ${s.assignments - 1} seeded random sets of ${s.treatedUnits} among ${s.units} destinations (seed ${ri!.seed})`,
      );
    if (s.assignments > 0 && 1 / s.assignments > 0.05)
      warnings.push(
        `${fn}: ${s.units} destination clusters, ${s.treatedUnits} treated: randomisation has only ${s.assignments} assignments, so the smallest possible p is ${(1 / s.assignments).toFixed(3)} — no 5% test is possible, whatever the data`,
      );
  }
  let targetEffect: ProductDesignResult['targetEffect'] = null;
  const dt = headline.ppml.coefficients.find((c) => c.term === 'DT');
  if (dt?.estimate != null && dt.interval.lower !== null && dt.interval.upper !== null)
    targetEffect = {
      estimate: Math.expm1(dt.estimate),
      lower: Math.expm1(dt.interval.lower),
      upper: Math.expm1(dt.interval.upper),
    };

  // Lenses: categories (overlapping) and CHPL tiers.
  const lensRi = options.lensRandomization ?? false;
  const lenses: ProductDesignFit[] = [];
  const sanctionedCode = (code: string) => firstMonth.has(panel.products.indexOf(code));
  const codeIndex = new Map(panel.products.map((c, i) => [c, i]));
  const inLens = (test: (code: string) => boolean) => (code: string) =>
    isOther.has(codeIndex.get(code)!) || test(code);
  for (const cat of options.categories ?? DEFAULT_CATEGORIES) {
    const test = (code: string) => byHs6.get(hs6Of(code))?.categories.includes(cat) === true;
    const n = usedCodes.filter((p) => firstMonth.has(p) && test(panel.products[p]!)).length;
    if (n === 0) {
      warnings.push(`${fn}: no dated code in category ${cat}: no lens`);
      continue;
    }
    lenses.push(tryFit(`category ${cat}`, inLens(test), lensRi));
  }
  if (options.chpl !== undefined) {
    const tierOf = new Map(options.chpl.map((e) => [e.hs6, e.tier]));
    const tiers = [...new Set(options.chpl.map((e) => e.tier))].sort() as ChplTier[];
    for (const tier of tiers) {
      const test = (code: string) => tierOf.get(hs6Of(code)) === tier && sanctionedCode(code);
      const n = usedCodes.filter((p) => test(panel.products[p]!)).length;
      if (n === 0) continue;
      lenses.push(tryFit(`CHPL tier ${tier}`, inLens(test), lensRi));
    }
  }
  function tryFit(label: string, keep: (code: string) => boolean, randomize: boolean): ProductDesignFit {
    try {
      return fitOne(label, keep, randomize);
    } catch (e) {
      warnings.push(`${fn}: lens ${label} could not be fitted: ${(e as Error).message}`);
      return {
        label,
        products: 0,
        percentEffect: null,
        randomizationP: null,
        minimumP: null,
        randomization: null,
        ppml: headline.ppml,
      };
    }
  }

  // Cohorts and the descriptive event study.
  const cohortCounts = new Map<Period, number>();
  for (const p of usedCodes) {
    const m = firstMonth.get(p);
    if (m !== undefined && comparePeriods(m, w0) > 0 && comparePeriods(m, w1) <= 0)
      cohortCounts.set(m, (cohortCounts.get(m) ?? 0) + 1);
  }
  const cohortMonths = [...cohortCounts.keys()].sort(comparePeriods);
  const cohorts = cohortMonths.map((month) => ({
    month,
    products: cohortCounts.get(month)!,
    notYetTreatedMonths: monthIndex(month) - monthIndex(cohortMonths[0]!),
  }));
  if (cohorts.length > 0) {
    const maxNyt = Math.max(...cohorts.map((c) => c.notYetTreatedMonths));
    const later = cohorts.slice(1).reduce((s, c) => s + c.products, 0);
    warnings.push(
      `${fn}: ${cohorts.length} adoption month(s); ${cohorts[0]!.products} code(s) start in ${cohorts[0]!.month}, ${later} later: not-yet-treated controls exist for at most ${maxNyt} month(s), so the staggered event study is descriptive only`,
    );
  }
  const [k0, k1] = options.eventWindow ?? [-6, 8];
  const sums = new Map<number, { t: number; c: number; products: Set<string> }>();
  const compSet = new Set(comparison);
  for (const r of rows) {
    const p = codeIndex.get(r.product as string)!;
    const m = firstMonth.get(p);
    if (m === undefined) continue;
    if (comparePeriods(m, w0) <= 0 || comparePeriods(m, w1) > 0) continue;
    const k = monthIndex(r.period as Period) - monthIndex(m);
    if (k < k0 || k > k1) continue;
    const s = sums.get(k) ?? { t: 0, c: 0, products: new Set<string>() };
    if (treatedSet.has(r.destination as string)) s.t += r.y as number;
    else if (compSet.has(r.destination as string)) s.c += r.y as number;
    else continue;
    s.products.add(r.product as string);
    sums.set(k, s);
  }
  const ref = sums.get(-1);
  const refGap = ref && ref.t > 0 && ref.c > 0 ? Math.log(ref.t / ref.c) : null;
  const eventStudy: ProductEventTime[] = [];
  for (let k = k0; k <= k1; k++) {
    const s = sums.get(k);
    if (s === undefined) continue;
    eventStudy.push({
      k,
      products: s.products.size,
      gap: refGap !== null && s.t > 0 && s.c > 0 ? Math.log(s.t / s.c) - refGap : null,
    });
  }

  // The estimand beside the EBRD's.
  const differences: string[] = [];
  if (design === 'cross-destination') {
    differences.push(
      'no other goods in the panel: the same sanctioned goods are compared across destinations (sanctioned × post × treated destination within product × month), not sanctioned vs other goods',
    );
    differences.push(
      `benchmark: ${comparison.join(', ')}, not the rest of the world${comparison.some((d) => ['GE', 'UZ'].includes(d)) ? ' (Georgia and Uzbekistan are themselves suspected hubs, so the comparison is conservative)' : ''}`,
    );
  } else if (comparison.length < 10)
    differences.push(`benchmark: only ${comparison.length} destination(s), not the rest of the world`);
  if (dateRule !== 'sanction') differences.push('dates: the wind-down dates, not the sanction dates');
  if (comparePeriods(w1, '2023-01' as Period) < 0)
    differences.push(`window ends ${w1}: the post-period is under a year`);
  const ours =
    design === 'cross-destination'
      ? `PPML, y = EU exports by code × destination × month, D = [destination in ${treated.join('/')}] × [month ≥ the code's first treated month], fixed effects product × month and product × destination, benchmark ${comparison.join('/')}`
      : `PPML, y = exports by code × destination × month, D = sanctioned code × post(code) × [destination in ${treated.join('/')}] and DT = sanctioned × post × [${target}], fixed effects product × month, product × destination, destination × month, benchmark: other goods and ${comparison.length} other destinations`;
  return {
    method: 'productLevelDesign',
    design,
    designReason,
    estimand: { ours, ebrd: EBRD, differs: differences.length > 0, differences },
    settings: {
      treated,
      comparison,
      target: design === 'sanctioned-vs-other' ? target : null,
      dateRule,
      monthRule:
        'first treated month = the first month that starts on or after the date (2022-02-25 → 2022-03)',
      window: [w0, w1],
      fixedEffects: fixedEffects.map((f) => f.join('×')),
      zeros:
        'a code × destination × month absent from the panel is a zero (Comext has no row where nothing was published); cells with no value or a negative value are dropped and counted',
      overlap:
        'a code in several categories is in each category lens (lenses overlap, they do not add up); the headline counts it once',
    },
    codes: {
      total: panel.products.length,
      used: usedCodes.length,
      dated: firstMonth.size,
      undated,
      datedAfterWindow,
      treatedThroughout,
      other: design === 'sanctioned-vs-other' ? isOther.size : 0,
    },
    rows: { total: rows.length, filledZeros, missingDropped, negativeDropped },
    headline,
    targetEffect,
    lenses,
    cohorts,
    eventStudy,
    warnings,
  };
}
