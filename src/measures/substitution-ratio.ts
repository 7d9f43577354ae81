import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { frequencyOf, type Period, periodRange } from '../model/period.js';
import type { Series } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { assertFiniteOrNull, finiteOrNull, listPeriods, sum } from './numeric.js';
import { CurrencySchema, PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/** The four totals of {@link substitutionRatio}, in one currency over equally long windows. */
export interface SubstitutionTotals {
  /** Direct flows to the sanctioned destination (e.g. EU exports to Russia) before. */
  readonly directBefore: number;
  /** Direct flows after. */
  readonly directAfter: number;
  /** Flows to the intermediaries (e.g. EU exports to KZ + KG + AM) before. */
  readonly intermediariesBefore: number;
  /** Flows to the intermediaries after. */
  readonly intermediariesAfter: number;
}

/** Series input of {@link substitutionRatio}: sums over a before and an after window of equal length. */
export interface SubstitutionSeries<C extends Currency = Currency> {
  /** The direct flow (e.g. EU27_2020 exports to RU). */
  readonly direct: Series<C>;
  /** The flows to the intermediaries (one series each, same currency and frequency as `direct`). */
  readonly intermediaries: readonly Series<NoInfer<C>>[];
  /** The before window. */
  readonly before: { readonly from: Period; readonly to: Period };
  /** The after window (same number of periods). */
  readonly after: { readonly from: Period; readonly to: Period };
}

/** Options of {@link substitutionRatio}. */
export interface SubstitutionRatioOptions {
  /** Warn when the lost direct flows are below this fraction of the direct flows before (default 0.05). */
  readonly smallDenominator?: number;
}

/**
 * zod schema of {@link SubstitutionRatioResult}.
 *
 * @example
 * SubstitutionRatioResultSchema.safeParse(substitutionRatio({ directBefore: 100, directAfter: 40, intermediariesBefore: 10, intermediariesAfter: 25 })).success; // => true
 */
export const SubstitutionRatioResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('substitutionRatio'),
    settings: z.object({
      smallDenominator: z.number(),
      before: z.object({ from: PeriodSchema, to: PeriodSchema }).nullable(),
      after: z.object({ from: PeriodSchema, to: PeriodSchema }).nullable(),
      currency: CurrencySchema.nullable(),
    }),
    /** `extraIntermediaries / lostDirect`: how much of the lost direct trade reappeared as extra intermediary trade. */
    ratio: z.number().nullable(),
    components: z.object({
      directBefore: z.number().nullable(),
      directAfter: z.number().nullable(),
      intermediariesBefore: z.number().nullable(),
      intermediariesAfter: z.number().nullable(),
      /** `directBefore − directAfter` (positive when direct flows fell). */
      lostDirect: z.number().nullable(),
      /** `intermediariesAfter − intermediariesBefore`. */
      extraIntermediaries: z.number().nullable(),
      /** `lostDirect / directBefore` as a fraction. */
      directFall: z.number().nullable(),
      /** `extraIntermediaries / intermediariesBefore` as a fraction. */
      intermediariesGrowth: z.number().nullable(),
    }),
    /** Per intermediary (series input only): its before and after sums and change. */
    intermediaries: z.array(
      z.object({
        key: SeriesKeySchema,
        before: z.number().nullable(),
        after: z.number().nullable(),
        change: z.number().nullable(),
      }),
    ),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link substitutionRatio}. */
export type SubstitutionRatioResult = z.infer<typeof SubstitutionRatioResultSchema>;

function isSeriesInput<C extends Currency>(
  input: SubstitutionTotals | SubstitutionSeries<C>,
): input is SubstitutionSeries<C> {
  return (input as SubstitutionSeries<C>).direct !== undefined;
}

/**
 * Substitution ratio: the extra flows to intermediaries divided by the direct flows lost, e.g. how many euros of
 * additional EU exports to Kazakhstan, Kyrgyzstan and Armenia appeared per euro of EU exports to Russia that
 * disappeared. `(intermediariesAfter − intermediariesBefore) / (directBefore − directAfter)`.
 *
 * A ratio near 1 is consistent with full re-routing; it is not proof of it (the extra intermediary demand may be
 * genuine). It is `null` with a warning when direct flows did not fall, and warned about when the fall is small
 * (below `smallDenominator` of the direct flows before), since the ratio then explodes. Every component is
 * reported. With series input the windows are summed (series currency); a window with a missing period makes its
 * sum `null` (partial sums would compare different months) with a warning.
 *
 * @param input - the four totals, or `{ direct, intermediaries, before, after }` series
 * @param options - see {@link SubstitutionRatioOptions}
 * @returns a {@link SubstitutionRatioResult}
 * @throws {UnitMismatchError} if the series differ in currency or frequency
 * @throws {OptionsError} if the windows differ in length or lie outside a series, or a total is not finite
 * @example
 * const r = substitutionRatio({ directBefore: 89_169e6, directAfter: 55_008e6,
 *   intermediariesBefore: 6_507e6, intermediariesAfter: 13_404e6 });
 * r.ratio; // => (13404 - 6507) / (89169 - 55008) ≈ 0.2019
 */
export function substitutionRatio<C extends Currency>(
  input: SubstitutionTotals | SubstitutionSeries<C>,
  options: SubstitutionRatioOptions = {},
): SubstitutionRatioResult {
  const smallDenominator = options.smallDenominator ?? 0.05;
  if (!(smallDenominator >= 0 && Number.isFinite(smallDenominator))) {
    throw new OptionsError(`substitutionRatio requires smallDenominator >= 0, got ${smallDenominator}`);
  }
  const warnings: string[] = [];
  let totals: { db: number | null; da: number | null; ib: number | null; ia: number | null };
  let perIntermediary: SubstitutionRatioResult['intermediaries'] = [];
  let before: { from: Period; to: Period } | null = null;
  let after: { from: Period; to: Period } | null = null;
  let currency: Currency | null = null;

  if (isSeriesInput(input)) {
    const { direct, intermediaries } = input;
    before = { from: input.before.from, to: input.before.to };
    after = { from: input.after.from, to: input.after.to };
    currency = direct.currency;
    if (intermediaries.length === 0)
      throw new OptionsError('substitutionRatio requires at least one intermediary');
    for (const s of intermediaries) {
      if (s.currency !== direct.currency) {
        throw new UnitMismatchError(
          `substitutionRatio requires one currency, got ${s.currency} and ${direct.currency}`,
        );
      }
      if (s.frequency !== direct.frequency) {
        throw new UnitMismatchError(
          `substitutionRatio requires one frequency, got ${s.frequency} and ${direct.frequency}`,
        );
      }
    }
    for (const [name, w] of [
      ['before', before],
      ['after', after],
    ] as const) {
      for (const p of [w.from, w.to]) {
        if (frequencyOf(p) !== direct.frequency) {
          throw new UnitMismatchError(
            `substitutionRatio requires ${name} periods of the series' frequency, got ${p}`,
          );
        }
      }
      if (w.to < w.from) throw new OptionsError(`substitutionRatio requires ${name}.from <= ${name}.to`);
    }
    const nb = periodRange(before.from, before.to).length;
    const na = periodRange(after.from, after.to).length;
    if (nb !== na) {
      throw new OptionsError(
        `substitutionRatio requires windows of equal length, got ${nb} and ${na} periods`,
      );
    }
    const windowSum = (s: Series<C>, w: { from: Period; to: Period }, label: string): number | null => {
      const first = s.periods[0];
      const last = s.periods[s.periods.length - 1];
      if (first === undefined || last === undefined || w.from < first || w.to > last) {
        throw new OptionsError(
          `substitutionRatio requires the ${label} window within every series (${s.key.partner}: ${first} to ${last})`,
        );
      }
      const xs: number[] = [];
      const missing: Period[] = [];
      for (const p of periodRange(w.from, w.to)) {
        const v = s.values[s.periods.indexOf(p)] ?? null;
        if (v === null) missing.push(p);
        else xs.push(v);
      }
      if (missing.length > 0) {
        warnings.push(
          `${s.key.reporter}→${s.key.partner} has no value in ${listPeriods(missing)}: its ${label} sum is null`,
        );
        return null;
      }
      return finiteOrNull(sum(xs));
    };
    const db = windowSum(direct, before, 'before');
    const da = windowSum(direct, after, 'after');
    perIntermediary = intermediaries.map((s) => {
      const b = windowSum(s, before!, 'before');
      const a = windowSum(s, after!, 'after');
      return {
        key: { ...s.key },
        before: b,
        after: a,
        change: a !== null && b !== null ? finiteOrNull(a - b) : null,
      };
    });
    const addAll = (xs: (number | null)[]) =>
      xs.some((x) => x === null) ? null : finiteOrNull(sum(xs as number[]));
    totals = {
      db,
      da,
      ib: addAll(perIntermediary.map((x) => x.before)),
      ia: addAll(perIntermediary.map((x) => x.after)),
    };
  } else {
    assertFiniteOrNull(
      [input.directBefore, input.directAfter, input.intermediariesBefore, input.intermediariesAfter],
      'substitutionRatio totals',
    );
    totals = {
      db: input.directBefore,
      da: input.directAfter,
      ib: input.intermediariesBefore,
      ia: input.intermediariesAfter,
    };
  }

  const { db, da, ib, ia } = totals;
  const lost = db !== null && da !== null ? finiteOrNull(db - da) : null;
  const extra = ib !== null && ia !== null ? finiteOrNull(ia - ib) : null;
  let ratio: number | null = null;
  if (lost === null || extra === null) {
    warnings.push('a component is missing: the ratio is null');
  } else if (!(lost > 0)) {
    warnings.push('direct flows did not fall: the substitution ratio is undefined (null)');
  } else {
    ratio = finiteOrNull(extra / lost);
    if (db !== null && lost < smallDenominator * Math.abs(db)) {
      warnings.push(
        `small denominator: direct flows fell by less than ${smallDenominator * 100}% of their level, so the ratio is unstable`,
      );
    }
  }
  if (extra !== null && extra < 0) warnings.push('flows to the intermediaries fell: the ratio is negative');
  return {
    method: 'substitutionRatio',
    settings: { smallDenominator, before, after, currency },
    ratio,
    components: {
      directBefore: db,
      directAfter: da,
      intermediariesBefore: ib,
      intermediariesAfter: ia,
      lostDirect: lost,
      extraIntermediaries: extra,
      directFall: lost !== null && db !== null && db > 0 ? finiteOrNull(lost / db) : null,
      intermediariesGrowth: extra !== null && ib !== null && ib > 0 ? finiteOrNull(extra / ib) : null,
    },
    intermediaries: perIntermediary,
    warnings,
  };
}

/** Options of {@link productSubstitution}. */
export interface ProductSubstitutionOptions {
  /** The sanctioned destination whose direct flows were lost (default `'RU'`). */
  readonly direct?: string;
  /** The intermediaries (default `['AM', 'KG', 'KZ']`). */
  readonly intermediaries?: readonly string[];
  /** Destinations whose growth by product is the counterfactual (default `['GE', 'UZ']`). */
  readonly benchmark?: readonly string[];
  /** The before window `[from, to]` (inclusive). */
  readonly before: readonly [Period, Period];
  /** The after window, as long as `before`. */
  readonly after: readonly [Period, Period];
  /** Products to report one by one (default every product with a defined ratio, largest lost direct flow first). */
  readonly maxProducts?: number;
  /** As in {@link substitutionRatio} (default 0.05). */
  readonly smallDenominator?: number;
  /**
   * Whose growth is the counterfactual: `pooled` (default) one factor for every product, the benchmark's growth in
   * all the panel's products together; `by-product` each product's own benchmark growth (explodes on small bases:
   * products whose factor is above `maxGrowth` or below its inverse are left out and counted).
   */
  readonly growth?: 'pooled' | 'by-product';
  /** With `growth: 'by-product'`: the largest factor kept (default 10). */
  readonly maxGrowth?: number;
}

/** One product of {@link productSubstitution}. */
export interface ProductSubstitutionRow {
  readonly product: string;
  /** Benchmark growth after/before of this product (the pooled counterfactual), or `null`. */
  readonly growth: number | null;
  /** Counterfactual direct flow after minus the actual (positive: lost), pooled counterfactual. */
  readonly lostDirect: number | null;
  /** Actual intermediary flow after minus its counterfactual. */
  readonly extraIndirect: number | null;
  /** `extraIndirect / lostDirect`, pooled counterfactual; `null` when nothing was lost. */
  readonly ratio: number | null;
  /** The ratio under each benchmark destination's own growth: the lowest and highest (the counterfactuals' range). */
  readonly interval: { readonly lower: number; readonly upper: number } | null;
}

/** Result of {@link productSubstitution}. */
export interface ProductSubstitutionResult {
  readonly method: 'productSubstitution';
  readonly settings: {
    readonly direct: string;
    readonly intermediaries: readonly string[];
    readonly benchmark: readonly string[];
    readonly before: readonly [Period, Period];
    readonly after: readonly [Period, Period];
    readonly currency: Currency | null;
    /** The counterfactual, in words. */
    readonly counterfactual: string;
  };
  /** Products with a defined ratio, largest lost direct flow first (at most `maxProducts`). */
  readonly products: readonly ProductSubstitutionRow[];
  /**
   * The offset share at the aggregate: Σ extra indirect / Σ lost direct over every product kept (also those whose
   * own direct flows did not fall, so no product is picked by its outcome).
   */
  readonly offsetShare: {
    /** Pooled counterfactual. */
    readonly estimate: number | null;
    /** Lowest and highest over the benchmark destinations' own counterfactuals. */
    readonly interval: { readonly lower: number; readonly upper: number } | null;
    /** No counterfactual growth (after − before), as `substitutionRatio` on the sums. */
    readonly naive: number | null;
    readonly lostDirect: number | null;
    readonly extraIndirect: number | null;
    /** Products summed. */
    readonly products: number;
  };
  /** The EBRD's published figure for comparison, in words. */
  readonly ebrd: string;
  /** Products left out and why (`nothing-lost`: no ratio of its own, but in the aggregate). */
  readonly excluded: Readonly<
    Record<'missing-cell' | 'no-benchmark-base' | 'nothing-lost' | 'extreme-growth', number>
  >;
  readonly warnings: readonly string[];
}

/** The panel-side shape {@link productSubstitution} reads (a `ProductPanel`). */
export interface ProductPanelLike {
  readonly products: readonly string[];
  readonly destinations: readonly string[];
  readonly periods: readonly Period[];
  readonly product: Uint32Array;
  readonly destination: Uint32Array;
  readonly period: Uint32Array;
  readonly value: Float64Array;
  readonly currency: Currency | null;
}

/**
 * Substitution by product: for each product, the extra flows to the intermediaries over their counterfactual,
 * divided by the direct flows lost against theirs — and the same summed over products, the **offset share** (the
 * EBRD put it at about 5% of the fall in EU exports to Russia, 5–10% later).
 *
 * Counterfactual: both flows of a product would have grown by g, the growth (after-window sum ÷ before-window
 * sum) of the exports to the benchmark destinations — of all the panel's products together (`growth: 'pooled'`,
 * the default) or of the same product (`'by-product'`). So lost direct = directBefore·g − directAfter and extra
 * indirect = intermediariesAfter − intermediariesBefore·g: {@link substitutionRatio} on the counterfactual-scaled
 * totals. The interval is the range of the ratio when each benchmark destination's own growth is the
 * counterfactual — a spread over counterfactuals, not a sampling interval. A cell absent from the panel is a zero;
 * a product with a cell without a value (NaN) is left out, as is one whose direct flows did not fall below the
 * counterfactual, and (by product) one with no benchmark flow before or an extreme factor (counted in `excluded`).
 * `naive` is the same share with g = 1 (after − before, no counterfactual).
 *
 * @param panel - a product panel (`toProductPanel`) of one exporter with the direct, intermediary and benchmark
 *   destinations
 * @param options - destinations and the two windows
 * @returns per-product ratios with intervals, the aggregate offset share, exclusions and warnings
 * @throws {OptionsError} on windows of different lengths or outside the panel, or a destination not in it
 * @example
 * const o = (code: string, partner: string, period: string, value: number) => ({ reporter: 'EU27_2020', partner,
 *   flow: 'export' as const, product: productOf(code), period, value, currency: 'EUR' as const,
 *   status: 'reported' as const, source: 'x' });
 * const p = toProductPanel([o('84713000', 'RU', '2021', 100), o('84713000', 'RU', '2022', 20),
 *   o('84713000', 'KZ', '2021', 10), o('84713000', 'KZ', '2022', 30),
 *   o('84713000', 'GE', '2021', 10), o('84713000', 'GE', '2022', 10)], { level: 8 });
 * const r = productSubstitution(p, { intermediaries: ['KZ'], benchmark: ['GE'], before: ['2021', '2021'], after: ['2022', '2022'] });
 * r.products[0]!.ratio; // => 0.25
 * r.offsetShare.estimate; // => 0.25
 */
export function productSubstitution(
  panel: ProductPanelLike,
  options: ProductSubstitutionOptions,
): ProductSubstitutionResult {
  const fn = 'productSubstitution';
  const direct = options.direct ?? 'RU';
  const intermediaries = [...(options.intermediaries ?? ['AM', 'KG', 'KZ'])];
  const benchmark = [...(options.benchmark ?? ['GE', 'UZ'])];
  for (const d of [direct, ...intermediaries, ...benchmark])
    if (!panel.destinations.includes(d))
      throw new OptionsError(`${fn}: destination ${d} is not in the panel`);
  if (benchmark.length === 0) throw new OptionsError(`${fn} requires at least one benchmark destination`);
  const inWindow = (w: readonly [Period, Period], name: string): Set<number> => {
    if (w[1] < w[0]) throw new OptionsError(`${fn} requires ${name}[0] <= ${name}[1]`);
    const span = periodRange(w[0], w[1]);
    const idx = new Set<number>();
    for (const t of span) {
      const i = panel.periods.indexOf(t);
      if (i < 0) throw new OptionsError(`${fn} requires the ${name} window within the panel (no ${t})`);
      idx.add(i);
    }
    return idx;
  };
  const before = inWindow(options.before, 'before');
  const after = inWindow(options.after, 'after');
  if (before.size !== after.size)
    throw new OptionsError(
      `${fn} requires windows of equal length, got ${before.size} and ${after.size} periods`,
    );
  const dIdx = new Map(panel.destinations.map((d, i) => [d, i]));
  const role = new Map<number, string>([[dIdx.get(direct)!, 'direct']]);
  for (const d of intermediaries) role.set(dIdx.get(d)!, 'indirect');
  const benchPos = new Map(benchmark.map((d, j) => [dIdx.get(d)!, j]));
  // Per product: [directB, directA, indirectB, indirectA, bench_j B, bench_j A...]
  const width = 4 + 2 * benchmark.length;
  const acc = new Map<number, Float64Array>();
  const missing = new Set<number>();
  for (let i = 0; i < panel.value.length; i++) {
    const t = panel.period[i]!;
    const side = before.has(t) ? 0 : after.has(t) ? 1 : -1;
    if (side < 0) continue;
    const d = panel.destination[i]!;
    const r = role.get(d);
    const b = benchPos.get(d);
    if (r === undefined && b === undefined) continue;
    const p = panel.product[i]!;
    const v = panel.value[i]!;
    if (Number.isNaN(v)) {
      missing.add(p);
      continue;
    }
    let a = acc.get(p);
    if (a === undefined) {
      a = new Float64Array(width);
      acc.set(p, a);
    }
    if (r === 'direct') a[side]! += v;
    else if (r === 'indirect') a[2 + side]! += v;
    if (b !== undefined) a[4 + 2 * b + side]! += v;
  }
  const smallDenominator = options.smallDenominator ?? 0.05;
  const ratioAt = (a: Float64Array, g: number) =>
    substitutionRatio(
      {
        directBefore: a[0]! * g,
        directAfter: a[1]!,
        intermediariesBefore: a[2]! * g,
        intermediariesAfter: a[3]!,
      },
      { smallDenominator },
    );
  const growthRule = options.growth ?? 'pooled';
  if (growthRule !== 'pooled' && growthRule !== 'by-product')
    throw new OptionsError(`${fn} requires growth 'pooled' or 'by-product', got ${String(growthRule)}`);
  const maxGrowth = options.maxGrowth ?? 10;
  if (!(maxGrowth > 1)) throw new OptionsError(`${fn} requires maxGrowth > 1, got ${maxGrowth}`);
  const excluded = {
    'missing-cell': missing.size,
    'no-benchmark-base': 0,
    'nothing-lost': 0,
    'extreme-growth': 0,
  };
  // Pooled factors: all products, and each benchmark destination alone.
  const pooledB = new Float64Array(benchmark.length);
  const pooledA = new Float64Array(benchmark.length);
  for (const [p, a] of acc) {
    if (missing.has(p)) continue;
    for (let j = 0; j < benchmark.length; j++) {
      pooledB[j]! += a[4 + 2 * j]!;
      pooledA[j]! += a[5 + 2 * j]!;
    }
  }
  const sumOf = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
  const pooledG = sumOf(pooledB) > 0 ? sumOf(pooledA) / sumOf(pooledB) : null;
  const pooledOwn = benchmark.map((_, j) => (pooledB[j]! > 0 ? pooledA[j]! / pooledB[j]! : null));
  if (growthRule === 'pooled' && pooledG === null)
    throw new OptionsError(`${fn}: the benchmark destinations have no flow in the before window`);
  const rows: (ProductSubstitutionRow & { lost: number })[] = [];
  // Every product in the aggregate (with or without a ratio of its own): lost and extra, pooled and per benchmark.
  const all: { lost: number; extra: number; lostAt: number[]; extraAt: number[] }[] = [];
  const growthsOf = (a: Float64Array): (number | null)[] =>
    benchmark.map((_, j) => (a[4 + 2 * j]! > 0 ? a[5 + 2 * j]! / a[4 + 2 * j]! : null));
  for (const [p, a] of acc) {
    if (missing.has(p)) continue;
    let g: number;
    let own: (number | null)[];
    if (growthRule === 'pooled') {
      g = pooledG!;
      own = pooledOwn;
    } else {
      let bb = 0;
      let ba = 0;
      for (let j = 0; j < benchmark.length; j++) {
        bb += a[4 + 2 * j]!;
        ba += a[5 + 2 * j]!;
      }
      if (!(bb > 0)) {
        excluded['no-benchmark-base']++;
        continue;
      }
      g = ba / bb;
      if (g > maxGrowth || g < 1 / maxGrowth) {
        excluded['extreme-growth']++;
        continue;
      }
      own = growthsOf(a);
    }
    const r = ratioAt(a, g);
    const lost = r.components.lostDirect;
    const extra = r.components.extraIntermediaries;
    if (lost !== null && extra !== null)
      all.push({
        lost,
        extra,
        extraAt: own.map((x) => (x === null ? extra : a[3]! - a[2]! * x)),
        lostAt: own.map((x) => (x === null ? lost : a[0]! * x - a[1]!)),
      });
    if (lost === null || extra === null || !(lost > 0)) {
      excluded['nothing-lost']++;
      continue;
    }
    const ratios = own
      .filter((x): x is number => x !== null)
      .map((x) => ratioAt(a, x).ratio)
      .filter((x): x is number => x !== null);
    rows.push({
      product: panel.products[p]!,
      growth: g,
      lostDirect: lost,
      extraIndirect: extra,
      ratio: r.ratio,
      interval:
        ratios.length === own.length && ratios.length > 0
          ? { lower: Math.min(...ratios), upper: Math.max(...ratios) }
          : null,
      lost,
    });
  }
  rows.sort((x, y) => y.lost - x.lost || (x.product < y.product ? -1 : 1));
  const warnings: string[] = [];
  let lostSum = 0;
  let extraSum = 0;
  let naiveLost = 0;
  let naiveExtra = 0;
  for (const r of all) {
    lostSum += r.lost;
    extraSum += r.extra;
  }
  for (const [p, a] of acc) {
    if (missing.has(p)) continue;
    naiveLost += a[0]! - a[1]!;
    naiveExtra += a[3]! - a[2]!;
  }
  // The aggregate under each benchmark's own counterfactual (a product lacking that benchmark keeps its own g).
  const perBenchmark = benchmark.map((_, j) => {
    let l = 0;
    let e = 0;
    for (const r of all) {
      l += r.lostAt[j]!;
      e += r.extraAt[j]!;
    }
    return l > 0 ? e / l : null;
  });
  const defined = perBenchmark.filter((x): x is number => x !== null);
  if (rows.length === 0) warnings.push(`${fn}: no product lost direct flows against its counterfactual`);
  if (!(lostSum > 0))
    warnings.push(`${fn}: direct flows did not fall against the counterfactual: no offset share`);
  if (excluded['missing-cell'] > 0)
    warnings.push(`${fn}: ${excluded['missing-cell']} product(s) with a cell without a value left out`);
  const max = options.maxProducts ?? rows.length;
  return {
    method: 'productSubstitution',
    settings: {
      direct,
      intermediaries,
      benchmark,
      before: [options.before[0], options.before[1]],
      after: [options.after[0], options.after[1]],
      currency: panel.currency,
      counterfactual:
        growthRule === 'pooled'
          ? `every product's flows grow as exports of all these products to ${benchmark.join(' + ')} did (after ÷ before = ${pooledG!.toFixed(4)}); interval: each benchmark destination's own growth`
          : `each product's flows grow as the same product's exports to ${benchmark.join(' + ')} did (after ÷ before; factors beyond ${maxGrowth}× or 1/${maxGrowth} left out); interval: each benchmark destination's own growth`,
    },
    products: rows.slice(0, max).map(({ product, growth, lostDirect, extraIndirect, ratio, interval }) => ({
      product,
      growth,
      lostDirect,
      extraIndirect,
      ratio,
      interval,
    })),
    offsetShare: {
      estimate: lostSum > 0 ? extraSum / lostSum : null,
      interval:
        defined.length === benchmark.length && defined.length > 0
          ? { lower: Math.min(...defined), upper: Math.max(...defined) }
          : null,
      naive: naiveLost > 0 ? naiveExtra / naiveLost : null,
      lostDirect: all.length > 0 ? lostSum : null,
      extraIndirect: all.length > 0 ? extraSum : null,
      products: all.length,
    },
    ebrd: 'EBRD: re-routing through third countries offset about 5% of the fall in EU exports to Russia, 5–10% later',
    excluded,
    warnings,
  };
}

/** The totals of {@link steeperFall}: one flow to the target, sanctioned and other goods, before and after. */
export interface SteeperFallTotals {
  readonly sanctionedBefore: number;
  readonly sanctionedAfter: number;
  readonly otherBefore: number;
  readonly otherAfter: number;
}

/** Result of {@link steeperFall}. */
export interface SteeperFallResult {
  readonly method: 'steeperFall';
  /** (sanctionedAfter / sanctionedBefore) ÷ (otherAfter / otherBefore). */
  readonly ratioOfRatios: number | null;
  /** 1 − ratioOfRatios: how much steeper the fall of sanctioned goods is, as a share (0.8 = 80% steeper). */
  readonly steeper: number | null;
  /** log(ratioOfRatios), log points. */
  readonly logGap: number | null;
  readonly sanctionedChange: number | null;
  readonly otherChange: number | null;
  /** The estimand, and the EBRD's beside it. */
  readonly estimand: string;
  readonly warnings: readonly string[];
}

/**
 * How much steeper the fall to the target (Russia) was for sanctioned goods than for other goods, from totals over
 * equally long windows: 1 − (S_after / S_before) ÷ (O_after / O_before). A descriptive ratio of ratios; the EBRD's
 * "about 80%" is a product-level regression estimate (see `productLevelDesign`'s `targetEffect` on a panel with
 * every product), so the two answer the same question with different weights (totals weight big products).
 *
 * @param totals - sanctioned and other goods to the target, before and after
 * @returns the ratio of ratios, the steeper share and log gap, with warnings on non-positive bases
 * @throws {OptionsError} if a total is not finite
 * @example
 * steeperFall({ sanctionedBefore: 100, sanctionedAfter: 10, otherBefore: 100, otherAfter: 50 }).steeper; // => 0.8
 */
export function steeperFall(totals: SteeperFallTotals): SteeperFallResult {
  const { sanctionedBefore: sb, sanctionedAfter: sa, otherBefore: ob, otherAfter: oa } = totals;
  for (const [k, v] of Object.entries(totals))
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new OptionsError(`steeperFall requires finite totals, got ${k} = ${String(v)}`);
  const warnings: string[] = [];
  const s = sb > 0 ? sa / sb : null;
  const o = ob > 0 ? oa / ob : null;
  if (s === null || o === null) warnings.push('a before total is not positive: no ratio');
  const rr = s !== null && o !== null && o > 0 ? s / o : null;
  if (o !== null && !(o > 0)) warnings.push('other goods fell to zero: no ratio');
  return {
    method: 'steeperFall',
    ratioOfRatios: finiteOrNull(rr),
    steeper: rr === null ? null : finiteOrNull(1 - rr),
    logGap: rr !== null && rr > 0 ? Math.log(rr) : null,
    sanctionedChange: s === null ? null : s - 1,
    otherChange: o === null ? null : o - 1,
    estimand:
      '1 − (sanctioned after/before) ÷ (other after/before) of flows to the target, on totals; the EBRD (about 80% steeper) estimate it at product level by regression',
    warnings,
  };
}
