import type { DatasetOptions } from '../datasets.js';
import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { frequencyOf, type Period, periodRange } from '../model/period.js';
import type { ChartRequest, LegOutcome } from '../model/study.js';
import { annualPriceIndex, type PriceIndex } from '../panel/deflate.js';
import { REPORTING_CAVEATS, type ReportingCaveat } from '../reference/reporting-caveats.js';
import { legLetter } from '../shared/words.js';
import { BASELINE_LABELS, BASELINE_NAMES, type BaselineName, type RoundaboutLeg } from './internal/common.js';
import { checkGivenData, type RoundaboutData, resolveData } from './internal/data.js';
import { periodWords, statusWords, windowWords } from './internal/format.js';
import {
  aboveBaselineLeg,
  type Curve,
  curveOf,
  fitVariantCount,
  ratioRange,
  specBaselines,
} from './internal/leg-baseline.js';
import { controlsLeg } from './internal/leg-controls.js';
import { type MirrorState, mirrorLeg } from './internal/leg-mirror.js';
import type { RoundaboutLegWithData } from './internal/leg-product.js';
import { sanctionedLeg } from './internal/leg-sanctioned.js';
import {
  type ControlsTest,
  type EventWords,
  type PublishedEstimate,
  type RealTermsOptions,
  type ResolvedOptions,
  type ResolvedPrices,
  ROUNDABOUT_DEFAULTS,
} from './internal/options.js';
import {
  type ChartContext,
  capitalise,
  nameOf,
  runStudy,
  type StudyDefinition,
  sourceLine,
} from './study.js';
import type { Finding, LegVerdict, RoundaboutResult } from './types.js';

export type { BaselineName } from './internal/common.js';
export type { RoundaboutData } from './internal/data.js';

/** Options of {@link roundabout}. Every field has a documented default; all are overridable. */
export interface RoundaboutOptions extends DatasetOptions {
  /**
   * Exporters (reporters of the export figures). Default `['EU27_2020', 'GB']`: the EU from Comext, the UK from
   * ONS (whole £ millions). Each exporter's monthly series comes from the data source that covers it longest.
   */
  readonly exporters?: readonly string[];
  /** Suspected transit destinations. Default the CCA3: `['KZ', 'AM', 'KG']`. */
  readonly destinations?: readonly string[];
  /**
   * Clean control destinations for the annual comparison, or `'auto'` (default): every country in the annual data
   * that `excludeFromControls` does not exclude, with pre-war exports of at least `minControlExports` a year.
   */
  readonly controls?: readonly string[] | 'auto';
  /**
   * Destinations never used as clean controls under `controls: 'auto'`. Default `'auto'`: for each exporter, the
   * `controlExclusions` of its study — the exporter and its customs union, partners across a trade-regime change in
   * the window (Brexit), the target's land neighbours and transit hubs (`hubs`), countries at war, under broad
   * sanctions or in collapse during the window, and open ship registries — each with its reason and source. A list
   * replaces it (the destinations, other neighbours and target are always excluded).
   */
  readonly excludeFromControls?: readonly string[] | 'auto';
  /** The target's transit hubs for the automatic exclusions. Default: the reference table `TRANSIT_HUBS[target]`. */
  readonly hubs?: readonly string[];
  /**
   * The test of leg (b)'s pooled DiD: `'randomization'` (default; `randomizationTest` over assignments of the
   * treatment to control destinations, studentised, with an interval by test inversion) or `'wildClusterBootstrap'`
   * (which under-rejects with three treated destinations).
   */
  readonly controlsTest?: ControlsTest;
  /**
   * Comparison destinations in the monthly and product-level data, default `['GE', 'UZ']`. They are suspected hubs
   * themselves, so findings call them "other neighbours", not controls.
   */
  readonly otherNeighbours?: readonly string[];
  /** The sanctioned country whose imports are being re-routed. Default `'RU'`. */
  readonly target?: string;
  /** First post-treatment month. Default `'2022-03'` (the invasion month 2022-02 belongs to neither side). */
  readonly treatment?: Period;
  /** Monthly fit window of the baselines, `[from, to]`. Default `['2019-01', '2022-01']`. */
  readonly fit?: readonly [Period, Period];
  /** Pre-war years of the annual comparisons. Default `['2017', '2019']` (the EBRD's pre-war years). */
  readonly annualPre?: readonly [Period, Period];
  /** Post-war years of the annual comparisons. Default `['2022', '2023']`. */
  readonly annualPost?: readonly [Period, Period];
  /**
   * Baselines to run on every exporter × destination series, so the verdict's robustness is visible; each one is a
   * declared specification of leg (a)'s rule. Default `['seasonalTrend', 'stlForecast', 'logLinearTrend',
   * 'preWarMean']`, the baselines whose cumulative intervals hold their level on their part of the calibration grid
   * (bench/README). `holtWinters` can be added; its interval is not calibrated (85.5–97% coverage at a nominal 95%)
   * and it says so in a warning, so with it the rule leans on an interval narrower than stated in some regimes.
   */
  readonly baselines?: readonly BaselineName[];
  /** The baseline quoted in the headline and run on the product lenses. Default `'seasonalTrend'`. */
  readonly headlineBaseline?: BaselineName;
  /** Currencies the headline baseline is also run in (converted with ECB rates). Default `['EUR', 'USD']`. */
  readonly currencies?: readonly Currency[];
  /** Smallest pre-war annual exports (exporter's currency) for an automatic control. Default 100 million. */
  readonly minControlExports?: number;
  /** Interval coverage. Default 0.95. */
  readonly level?: number;
  /** Seed of every simulation and bootstrap. Default 1. */
  readonly seed?: number;
  /** Simulated baseline paths per fit. Default 1000. */
  readonly draws?: number;
  /** Wild cluster bootstrap draws. Default 9999. */
  readonly bootstrapDraws?: number;
  /**
   * The EBRD's estimate of the extra growth of sanctioned goods, for comparison. Default 0.3 (+30%). Shorthand for
   * `sanctionedPremium` with the EBRD as its source.
   */
  readonly ebrdSanctionedPremium?: number;
  /**
   * A published estimate the triple difference is set beside (value and source, in words), or `null` for none.
   * Default: the EBRD's +30% (Chupilkin, Javorcik & Plekhanov 2023).
   */
  readonly sanctionedPremium?: PublishedEstimate | null;
  /** How the two sides of the treatment date are worded. Default `pre-war` / `post-war` / `before the war` / `after the war`. */
  readonly words?: EventWords;
  /**
   * What the sanctioned-goods list is, in words. Default: the shipped list's (Reg. (EU) 833/2014 as consolidated on
   * 2022-10-07), or "the product codes given as `data.sanctioned`" when you pass your own.
   */
  readonly sanctionedList?: string;
  /**
   * Where the data come from: called with the data you passed (`data`) and the dataset options; returns every field
   * of {@link RoundaboutData}. Default: {@link defaultRoundaboutData}, which fills the gaps from the shipped datasets.
   */
  readonly resolveData?: (
    given: Partial<RoundaboutData> | undefined,
    options: DatasetOptions,
  ) => Promise<RoundaboutData>;
  /**
   * Months to leave out in a robustness run of the headline baseline (default the COVID months
   * `['2020-03', '2020-12']`, which tilt a short pre-war trend down); `null` for no such run.
   */
  readonly covidMonths?: readonly [Period, Period] | null;
  /**
   * Known peculiarities of reporters' published figures (a commodity that swings totals, re-export flows), attached
   * as warnings to the mirror-leg findings they concern. Default the reference table `REPORTING_CAVEATS`; pass your
   * own (or `[]`) for another study. Publisher estimates need no entry: they are warned from the data's status.
   */
  readonly reportingCaveats?: readonly ReportingCaveat[];
  /**
   * Real terms (default: none — every value nominal): deflate the mirror leg's series in `prices.currency` to
   * constant prices of `prices.base` by `prices.index`, e.g. the shipped U.S. export price index for the USD mirror
   * data (`{ index: await loadPriceIndex('us-export-prices-monthly'), currency: 'USD' }`). Each deflated finding,
   * and the methods, say that the values are real, at which base, by which index, and the index's caveat. Legs
   * (a)–(c) stay nominal.
   */
  readonly prices?: RealTermsOptions;
  /** Data to use instead of the shipped datasets (any field). */
  readonly data?: Partial<RoundaboutData>;
  /**
   * The legs to run, in order. Default {@link ROUNDABOUT_LEGS} (the four legs of the claim). Add the product-level
   * leg with `[...ROUNDABOUT_LEGS, productLeg]`; a leg with a `loadData` step (as `productLevelLeg`'s) adds the data
   * it needs after the resolver ran.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each leg has its own state type
  readonly legs?: readonly RoundaboutLegWithData<any>[];
  /** Called as the analysis moves through its steps. */
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

function resolveOptions(options: RoundaboutOptions): ResolvedOptions {
  const d = ROUNDABOUT_DEFAULTS;
  let o: ResolvedOptions = {
    exporters: options.exporters ?? d.exporters,
    destinations: options.destinations ?? d.destinations,
    controls: options.controls ?? 'auto',
    excludeFromControls: options.excludeFromControls ?? 'auto',
    hubs: options.hubs ?? null,
    controlsTest: options.controlsTest ?? d.controlsTest,
    otherNeighbours: options.otherNeighbours ?? d.otherNeighbours,
    target: options.target ?? d.target,
    treatment: options.treatment ?? d.treatment,
    fit: options.fit ?? d.fit,
    annualPre: options.annualPre ?? d.annualPre,
    annualPost: options.annualPost ?? d.annualPost,
    baselines: options.baselines ?? d.baselines,
    headlineBaseline: options.headlineBaseline ?? d.headlineBaseline,
    currencies: options.currencies ?? d.currencies,
    minControlExports: options.minControlExports ?? d.minControlExports,
    level: options.level ?? d.level,
    seed: options.seed ?? d.seed,
    draws: options.draws ?? d.draws,
    bootstrapDraws: options.bootstrapDraws ?? d.bootstrapDraws,
    sanctionedPremium:
      options.sanctionedPremium !== undefined
        ? options.sanctionedPremium
        : {
            value: options.ebrdSanctionedPremium ?? d.ebrdSanctionedPremium,
            source: d.sanctionedPremiumSource,
          },
    words: options.words ?? d.words,
    sanctionedList:
      options.sanctionedList ??
      (options.data?.sanctioned === undefined
        ? d.sanctionedList
        : 'the product codes given as `data.sanctioned`'),
    covidMonths: options.covidMonths === undefined ? d.covidMonths : options.covidMonths,
    reportingCaveats: options.reportingCaveats ?? REPORTING_CAVEATS,
  };
  const fn = 'roundabout';
  if (options.prices !== undefined) {
    o = { ...o, prices: resolvePrices(fn, options.prices, o.annualPre) };
  }
  if (o.exporters.length === 0) throw new OptionsError(`${fn} requires at least one exporter`);
  if (o.destinations.length === 0) throw new OptionsError(`${fn} requires at least one destination`);
  for (const p of [o.treatment, ...o.fit]) {
    if (frequencyOf(p) !== 'monthly')
      throw new OptionsError(`${fn} requires monthly treatment and fit periods, got ${p}`);
  }
  for (const p of [...o.annualPre, ...o.annualPost]) {
    if (frequencyOf(p) !== 'annual') throw new OptionsError(`${fn} requires annual pre/post years, got ${p}`);
  }
  if (o.fit[0] > o.fit[1] || o.fit[1] >= o.treatment) {
    throw new OptionsError(
      `${fn} requires fit[0] ≤ fit[1] < treatment, got ${o.fit.join('..')} and ${o.treatment}`,
    );
  }
  for (const b of [...o.baselines, o.headlineBaseline]) {
    if (!BASELINE_NAMES.includes(b))
      throw new OptionsError(
        `${fn}: unknown baseline ${JSON.stringify(b)}; use one of ${BASELINE_NAMES.join(', ')}`,
      );
  }
  if (!(o.level > 0 && o.level < 1))
    throw new OptionsError(`${fn} requires a level in (0, 1), got ${o.level}`);
  if (o.controlsTest !== 'randomization' && o.controlsTest !== 'wildClusterBootstrap')
    throw new OptionsError(`${fn}: unknown controlsTest ${JSON.stringify(o.controlsTest)}`);
  const overlap = o.destinations.filter(
    (x) => o.otherNeighbours.includes(x) || (Array.isArray(o.controls) && o.controls.includes(x)),
  );
  if (overlap.length > 0)
    throw new OptionsError(`${fn}: ${overlap.join(', ')} cannot be both a destination and a comparison`);
  return o;
}

/** Check `prices` and turn its index into annual levels (monthly indexes: means over complete years). */
function resolvePrices(
  fn: string,
  p: RealTermsOptions,
  annualPre: readonly [Period, Period],
): ResolvedPrices {
  const own = p.index as { readonly name?: unknown; readonly caveats?: unknown };
  const name = p.name ?? (typeof own.name === 'string' ? own.name : undefined);
  if (name === undefined || name === '')
    throw new OptionsError(`${fn} requires prices.name (the price index has no name of its own)`);
  const base: readonly [Period, Period] =
    p.base === undefined ? annualPre : typeof p.base === 'string' ? [p.base, p.base] : p.base;
  for (const y of base) {
    if (frequencyOf(y) !== 'annual')
      throw new OptionsError(`${fn} requires annual prices.base years (the mirror leg is annual), got ${y}`);
  }
  if (base[0] > base[1])
    throw new OptionsError(`${fn} requires prices.base from <= to, got ${base.join('..')}`);
  const periods =
    'periods' in p.index && Array.isArray(p.index.periods)
      ? (p.index.periods as readonly Period[])
      : Object.keys(p.index);
  const first = periods[0];
  if (first === undefined) throw new OptionsError(`${fn} requires a non-empty prices.index`);
  let annual: Record<Period, number>;
  if (frequencyOf(first) === 'monthly') annual = annualPriceIndex(p.index);
  else {
    annual = {};
    const levels = toSeriesLike(p.index);
    levels.periods.forEach((y, i) => {
      const v = levels.values[i];
      if (v !== null && v !== undefined) annual[y] = v;
    });
  }
  const missingBase = periodRange(base[0], base[1]).filter((y) => !(annual[y]! > 0));
  if (missingBase.length > 0)
    throw new OptionsError(
      `${fn}: prices.index has no level for base year(s) ${missingBase.join(', ')} (monthly indexes need all twelve months)`,
    );
  const caveats = Array.isArray(own.caveats) ? own.caveats : [];
  const caveat = p.caveat ?? (typeof caveats[0] === 'string' ? caveats[0] : null);
  return { annual, name, base, currency: p.currency, caveat };
}

function toSeriesLike(index: PriceIndex): { periods: readonly Period[]; values: readonly (number | null)[] } {
  if ('periods' in index && Array.isArray(index.periods))
    return index as { periods: readonly Period[]; values: readonly (number | null)[] };
  const m = index as Readonly<Record<Period, number>>;
  const periods = Object.keys(m).sort();
  return { periods, values: periods.map((y) => m[y] ?? null) };
}

/**
 * The shipped data resolver of {@link roundabout}: the data you pass, every missing field filled from the shipped
 * datasets (Comext and ONS exports, the destinations' mirror data, the IMF's Russia data, CHPL, ECB rates). The
 * legs never read datasets themselves; pass `resolveData` to take the data from elsewhere.
 *
 * @param given - the data you pass (any field), checked at run time
 * @param options - where the shipped datasets are (`datasetsDir`)
 * @returns every field of {@link RoundaboutData}, with the provenance of what it loaded
 * @throws {OptionsError} when a given field has the wrong shape
 * @example
 * import { defaultRoundaboutData } from 'trade-roundabout';
 * const data = await defaultRoundaboutData(undefined, {});
 * data.provenance.length > 5; // => true
 */
export function defaultRoundaboutData(
  given: Partial<RoundaboutData> | undefined,
  options: DatasetOptions,
): Promise<RoundaboutData> {
  return resolveData(given, options, () => undefined);
}

/**
 * The four legs of the roundabout, in the order the claim argues: above the baseline, against control destinations,
 * sanctioned goods against the rest, and the destinations' own exports to the sanctioned country.
 *
 * @example
 * import { ROUNDABOUT_LEGS } from 'trade-roundabout';
 * ROUNDABOUT_LEGS.map((l) => l.id); // => ['above-baseline', 'vs-controls', 'sanctioned-vs-other', 'mirror']
 */
export const ROUNDABOUT_LEGS = [aboveBaselineLeg, controlsLeg, sanctionedLeg, mirrorLeg] as const;

/** The headline small multiples: actual vs the headline baseline, one panel per destination, first exporter. */
function headlineCharts(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
): ChartRequest[] {
  const o = c.options;
  const exporter = o.exporters[0]!;
  const heads = o.destinations
    .map((d) =>
      findings.find(
        (f) =>
          f.method === o.headlineBaseline &&
          f.leg === 'above-baseline' &&
          f.productGroup === 'TOTAL' &&
          f.exporter === exporter &&
          f.destination === d &&
          'specification' in f &&
          f.specification?.fit === 'stated' &&
          f.seriesId !== null &&
          f.counterfactualId !== null,
      ),
    )
    .filter((f): f is Finding => f !== undefined);
  if (heads.length === 0) return [];
  const f0 = heads[0]!;
  return [
    {
      kind: 'baseline',
      id: 'headline',
      title: `Exports from ${c.name(exporter)} against their ${o.words.pre} path, by destination`,
      caption:
        `Monthly exports in ${f0.currency ?? ''} (nominal), actual against the ${BASELINE_LABELS[o.headlineBaseline]} fitted on ` +
        `${o.fit[0]}..${o.fit[1]}, with its ${Math.round(o.level * 100)}% band; each panel on its own scale. ` +
        `The verdict counts every baseline and fit window (leg a), not this one alone.`,
      source: sourceLine(
        heads.map((f) => f.seriesId!),
        c.series,
        c.provenance,
      ),
      panels: heads.map((f) => ({
        label: capitalise(c.name(f.destination)),
        seriesId: f.seriesId!,
        counterfactualIds: [f.counterfactualId!],
      })),
      treatment: o.treatment,
    },
  ];
}

/**
 * The headline: for the first exporter, each destination's range of ratios across the specification curve (never
 * the most favourable specification or destination alone), then the verdict of every leg.
 */
function headline(findings: readonly Finding[], legs: readonly LegOutcome[], o: ResolvedOptions): string {
  const exporter = o.exporters[0]!;
  // Each leg by its letter and title in words (its id is for code, not readers).
  const status = legs
    .map(
      (l, i) =>
        `(${legLetter(i)}) ${l.title.charAt(0).toLowerCase()}${l.title.slice(1)}: ${statusWords(l.status)}`,
    )
    .join('; ');
  const curves = o.destinations
    .map((d) => curveOf(findings, exporter, d))
    .filter((c): c is Curve => c !== null && c.passing > 0);
  if (curves.length === 0) return `Verdict by leg — ${status}.`;
  const w = curves[0]!.window;
  const sameWindow = curves.every((c) => c.window.from === w.from && c.window.to === w.to);
  const parts = curves.map(
    (c) =>
      `${nameOf(c.destination)} ${ratioRange(c)}${sameWindow ? '' : ` (${windowWords(c.window.from, c.window.to)})`} ` +
      `(${c.above} of ${c.passing} specifications clearly above)`,
  );
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return (
    `${capitalise(nameOf(exporter))} exports${sameWindow ? ` from ${windowWords(w.from, w.to)}` : ''} (nominal ${curves[0]!.currency}) relative to ` +
    `their ${o.words.pre} path, as the range across ${n(specBaselines(o).length, 'baseline')} × ${n(fitVariantCount(o), 'fit window')} ` +
    `(fitted up to ${periodWords(o.fit[1])}): ` +
    `${parts.join('; ')}. Verdict by leg — ${status}.`
  );
}

/**
 * The roundabout study as data: its four legs, its defaults, how options are resolved, and its data resolver
 * (`options.resolveData`, default {@link defaultRoundaboutData}). Run it with `runStudy`, or reuse its legs in a study
 * of your own.
 *
 * @example
 * import { roundaboutStudy } from 'trade-roundabout';
 * roundaboutStudy.legs.map((l) => l.id); // => ['above-baseline', 'vs-controls', 'sanctioned-vs-other', 'mirror']
 */
export const roundaboutStudy: StudyDefinition<ResolvedOptions, RoundaboutOptions, RoundaboutData, Finding> = {
  id: 'roundabout',
  title: (o) =>
    `Exports from ${nameOf(o.exporters.join('/'))} to ${nameOf(o.destinations.join('/'))} since ${periodWords(o.treatment)}`,
  question: (o) =>
    `Did exports from ${nameOf(o.exporters.join('/'))} to ${nameOf(o.destinations.join('/'))} rise from ${periodWords(o.treatment)} on above an honest baseline, ` +
    `more than to control destinations and more for sanctioned goods, and do the destinations' own records show the goods arriving and travelling on to ${nameOf(o.target)}?`,
  legs: ROUNDABOUT_LEGS as readonly RoundaboutLeg<unknown>[],
  defaults: ROUNDABOUT_DEFAULTS,
  resolveOptions,
  resolveData: (input) => {
    checkGivenData(input.data);
    const datasetOptions: DatasetOptions =
      input.datasetsDir === undefined ? {} : { datasetsDir: input.datasetsDir };
    return (input.resolveData ?? defaultRoundaboutData)(input.data, datasetOptions);
  },
  given: (input) => input.data ?? {},
  provenance: (data) => data.provenance,
  verdict: headline,
  headlineCharts,
  methods: (o, { data }) => [
    `Treatment from ${o.treatment}; intervals at ${Math.round(o.level * 1000) / 10}%; simulations and bootstraps seeded with ${o.seed}. ` +
      `Data: ${[...new Set(data.provenance.map((p) => `${p.publisher} ${p.dataset}`))].join('; ')}. Each leg states its own methods.`,
  ],
  progress: (input) => input.onProgress,
};

/** The roundabout study with other legs (and their `loadData` steps); the study itself when none are given. */
function withLegs(
  // biome-ignore lint/suspicious/noExplicitAny: each leg has its own state type
  legs: readonly RoundaboutLegWithData<any>[] | undefined,
): StudyDefinition<ResolvedOptions, RoundaboutOptions, RoundaboutData, Finding> {
  if (legs === undefined) return roundaboutStudy;
  if (!Array.isArray(legs) || legs.length === 0)
    throw new OptionsError('roundabout requires legs to be a non-empty array of leg definitions');
  const ids = legs.map((l) => l.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new OptionsError(`roundabout: leg ${twice[0]} is given twice`);
  return {
    ...roundaboutStudy,
    legs,
    resolveData: async (input, o) => {
      let data = await roundaboutStudy.resolveData(input, o);
      const datasetOptions: DatasetOptions =
        input.datasetsDir === undefined ? {} : { datasetsDir: input.datasetsDir };
      for (const leg of legs) if (leg.loadData !== undefined) data = await leg.loadData(data, datasetOptions);
      return data;
    },
  };
}

/**
 * Test the "Eurasian roundabout" claim — or any claim of the same shape — in one call: did exports from the
 * exporters to the destinations rise after the treatment date above an honest baseline (leg a), more than exports
 * to control destinations (leg b), more for sanctioned than for other goods (leg c), and do the destinations' own
 * records show the goods arriving and their exports to the target rising (leg d)?
 *
 * Returns one {@link Finding} per exporter × destination × product group × method (actual, expected, excess in
 * money and %, interval, p-value, fit diagnostics, warnings, a sentence), one outcome per leg (question, verdict in
 * words the numbers support, the charts it asks for, its methods), the headline, and every series and counterfactual
 * used. Money is in base units of each finding's currency; relative figures are fractions. Where the data cannot
 * answer a leg, its verdict says so (`cannot-tell`) instead of guessing. Nothing is hard-wired: pass other
 * destinations, controls, a target, a treatment date, your own data or your own data resolver.
 *
 * Runs in a few seconds on the shipped data (most of it fitting baselines and bootstrapping).
 *
 * @param options - see {@link RoundaboutOptions}; every field has a default
 * @returns the findings, the leg outcomes, the headline and the material for charts
 * @throws {OptionsError} on inconsistent options (unknown baseline, fit window after the treatment, …)
 * @example
 * import { roundabout } from 'trade-roundabout';
 * const result = await roundabout();
 * console.log(result.verdict);
 * console.table(result.findings.filter((f) => f.leg === 'above-baseline').map((f) => ({ d: f.destination, x: f.ratio })));
 */
export async function roundabout(options: RoundaboutOptions = {}): Promise<RoundaboutResult> {
  const { legStates, ...run } = await runStudy(withLegs(options.legs), options);
  const mirror = legStates[mirrorLeg.id] as MirrorState | undefined;
  return {
    ...run,
    legs: run.legs as LegVerdict[],
    mirrorPairs: mirror?.mirrorPairs ?? [],
  };
}
