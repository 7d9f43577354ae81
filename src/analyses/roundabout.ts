import type { DatasetOptions } from '../datasets.js';
import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import { addPeriods, comparePeriods, frequencyOf, type Period, periodRange } from '../model/period.js';
import { annualPriceIndex, type PriceIndex } from '../panel/deflate.js';
import { REPORTING_CAVEATS, type ReportingCaveat } from '../reference/reporting-caveats.js';
import { BASELINE_LABELS, BASELINE_NAMES, type BaselineName } from './internal/common.js';
import { type RoundaboutData, resolveData } from './internal/data.js';
import { pct, pctInterval, pValue, times } from './internal/format.js';
import { EARLIER_END_MONTHS, fitVariants, legAboveBaseline, specBaselines } from './internal/leg-baseline.js';
import { type ControlsLegOutput, controlsMethods, legVsControls } from './internal/leg-controls.js';
import { legMirror, realTermsWords } from './internal/leg-mirror.js';
import { legSanctioned } from './internal/leg-sanctioned.js';
import {
  type ControlsTest,
  type RealTermsOptions,
  type ResolvedOptions,
  type ResolvedPrices,
  ROUNDABOUT_DEFAULTS,
} from './internal/options.js';
import type { BaselineFinding, Finding, Leg, LegVerdict, RoundaboutResult } from './types.js';

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
   * Baselines to run on every exporter × destination series, so the verdict's robustness is visible. Default
   * `['seasonalTrend', 'holtWinters', 'stlForecast', 'logLinearTrend', 'preWarMean']`.
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
  /** The EBRD's estimate of the extra growth of sanctioned goods, for comparison. Default 0.3 (+30%). */
  readonly ebrdSanctionedPremium?: number;
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
    ebrdSanctionedPremium: options.ebrdSanctionedPremium ?? d.ebrdSanctionedPremium,
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
 * Test the "Eurasian roundabout" claim — or any claim of the same shape — in one call: did exports from the
 * exporters to the destinations rise after the treatment date above an honest baseline (leg a), more than exports
 * to control destinations (leg b), more for sanctioned than for other goods (leg c), and do the destinations' own
 * records show the goods arriving and their exports to the target rising (leg d)?
 *
 * Returns one {@link Finding} per exporter × destination × product group × method (actual, expected, excess in
 * money and %, interval, p-value, fit diagnostics, warnings, a sentence), a verdict per leg in words the numbers
 * support, the headline, and every series and counterfactual used (so `renderHtml` can draw them). Money is in base
 * units of each finding's currency; relative figures are fractions. Where the data cannot answer a leg, its verdict
 * says so (`cannot-tell`) instead of guessing. Nothing is hard-wired: pass other destinations, controls, a target,
 * a treatment date, or your own data.
 *
 * Runs in a few seconds on the shipped data (most of it fitting baselines and bootstrapping).
 *
 * @param options - see {@link RoundaboutOptions}; every field has a default
 * @returns the findings, the leg verdicts, the headline and the material for charts
 * @throws {OptionsError} on inconsistent options (unknown baseline, fit window after the treatment, …)
 * @example
 * import { roundabout } from 'trade-roundabout';
 * const result = await roundabout();
 * console.log(result.verdict);
 * console.table(result.findings.filter((f) => f.leg === 'above-baseline').map((f) => ({ d: f.destination, x: f.ratio })));
 */
export async function roundabout(options: RoundaboutOptions = {}): Promise<RoundaboutResult> {
  const o = resolveOptions(options);
  const steps = 6;
  let done = 0;
  const progress = (step: string) => options.onProgress?.(step, done++, steps);
  const datasetOptions: DatasetOptions =
    options.datasetsDir === undefined ? {} : { datasetsDir: options.datasetsDir };
  const data = await resolveData(options.data, datasetOptions, () => undefined);
  progress('data loaded');
  const a = legAboveBaseline(data, o);
  progress('baselines fitted');
  const b = legVsControls(data, o);
  progress('controls compared');
  const c = legSanctioned(data, o);
  progress('sanctioned goods compared');
  const d = legMirror(data, o);
  progress('mirror data compared');
  const findings = [...a.findings, ...b.findings, ...c.findings, ...d.findings];
  const legs: LegVerdict[] = [
    verdictAbove(findings, o),
    verdictControls(findings, o, b.controlsUsed),
    verdictSanctioned(findings, o),
    verdictMirror(findings, o),
  ].map((l) => ({ ...l, question: l.title, charts: [], methods: [], caveats: [] }));
  const result: RoundaboutResult = {
    study: 'roundabout',
    title: 'The roundabout',
    question: 'Did exports re-route through the destinations after the treatment date?',
    headlineCharts: [],
    names: {},
    options: { ...o },
    findings,
    legs,
    verdict: headline(findings, legs, o),
    series: { ...a.series, ...b.series, ...c.series, ...d.series },
    counterfactuals: { ...a.counterfactuals, ...c.counterfactuals },
    mirrorPairs: d.mirrorPairs,
    provenance: [...data.provenance],
    methods: methods(o, b, data, options.data ?? {}),
    warnings: [...new Set([...a.warnings, ...b.warnings, ...c.warnings, ...d.warnings])],
  };
  progress('done');
  return result;
}

type Verdict = Pick<LegVerdict, 'leg' | 'title' | 'status' | 'rule' | 'text' | 'findingIds'>;

function byLeg(findings: readonly Finding[], leg: Leg): Finding[] {
  return findings.filter((f) => f.leg === leg);
}

/** `68% above` / `21% below` (no sign: the word carries the direction). */
function aboveOrBelow(fraction: number | null): string {
  if (fraction === null) return 'n/a against';
  return `${pct(Math.abs(fraction)).slice(1)} ${fraction < 0 ? 'below' : 'above'}`;
}

/**
 * The interval of the excess lies above zero: the absolute one (defined even when some simulated paths sum to zero
 * or less, where the relative one is not), else the relative one.
 */
function significantlyAbove(f: Finding): boolean {
  return (f.interval.lower ?? f.pctInterval.lower ?? Number.NEGATIVE_INFINITY) > 0;
}

function hasInterval(f: Finding): boolean {
  return f.interval.lower !== null || f.pctInterval.lower !== null;
}

/** The interval level as a percentage, e.g. `95%`. */
function levelPct(o: ResolvedOptions): string {
  return `${Number((o.level * 100).toFixed(1))}%`;
}

function controlsRule(o: ResolvedOptions): string {
  return (
    `A destination clearly beats the controls when its placebo p-value (its studentised rise — log change ÷ its own ` +
    `noise — ranked among the control destinations') is at most ${Number((1 - o.level).toFixed(3))}; a pooled DiD ` +
    `when its ${levelPct(o)} ${o.controlsTest === 'randomization' ? 'randomisation-test' : 'wild-cluster-bootstrap'} ` +
    'interval lies above zero. Supported: every destination and every DiD clearly beats ' +
    'the controls; not supported: none does; mixed: some do.'
  );
}

function sanctionedRule(o: ResolvedOptions): string {
  return (
    `Supported: the triple difference's ${levelPct(o)} interval (sanctioned vs other goods × destinations vs ` +
    'comparison destinations × before vs after) lies above zero; mixed: its point estimate is positive but the ' +
    'interval includes zero; not supported: the estimate is zero or negative; cannot tell: no triple difference ' +
    'could be estimated.'
  );
}

function mirrorRule(o: ResolvedOptions): string {
  return (
    `A flow rose when its post-war mean is above the highest pre-war year (the destinations' imports from the ` +
    `exporters and their exports to ${o.target}, as the destinations record them). Supported: every such flow ` +
    'rose; not supported: none did; mixed: some did. The mirror gaps are reported alongside and do not enter the ' +
    `status; IMF figures for ${o.target} are not counted as independent evidence.`
  );
}

/** Leg (a)'s specification curve for one exporter × destination: what the rule and the headline read. */
interface Curve {
  readonly exporter: string;
  readonly destination: string;
  readonly window: { readonly from: Period; readonly to: Period };
  readonly currency: Currency | null;
  /** Specifications that pass their own pre-period checks, and those above zero among them. */
  readonly passing: number;
  readonly above: number;
  /** Specifications that failed a check (shown, not counted). */
  readonly failed: number;
  /** Specifications that passed their checks but gave no interval (not counted). */
  readonly noInterval: number;
  /** Ratio actual ÷ expected across the passing specifications. */
  readonly ratioMin: number | null;
  readonly ratioMedian: number | null;
  readonly ratioMax: number | null;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function curveOf(findings: readonly Finding[], exporter: string, destination: string): Curve | null {
  const curve = findings.filter(
    (f) =>
      f.leg === 'above-baseline' &&
      f.productGroup === 'TOTAL' &&
      f.exporter === exporter &&
      f.destination === destination &&
      'specification' in f &&
      f.specification !== undefined,
  ) as BaselineFinding[];
  if (curve.length === 0) return null;
  const checked = curve.filter((f) => f.specification!.passesChecks);
  const passing = checked.filter(hasInterval);
  const ratios = passing.map((f) => f.ratio).filter((r): r is number => r !== null);
  return {
    exporter,
    destination,
    window: curve[0]!.window,
    currency: curve[0]!.currency,
    passing: passing.length,
    above: passing.filter(significantlyAbove).length,
    failed: curve.length - checked.length,
    noInterval: checked.length - passing.length,
    ratioMin: ratios.length ? Math.min(...ratios) : null,
    ratioMedian: median(ratios),
    ratioMax: ratios.length ? Math.max(...ratios) : null,
  };
}

function ratioRange(c: Curve): string {
  if (c.ratioMin === null || c.ratioMax === null) return 'n/a';
  const lo = times(c.ratioMin);
  const hi = times(c.ratioMax);
  return lo === hi ? lo : `${lo.replace(/×$/, '')}–${hi}`;
}

function verdictAbove(findings: readonly Finding[], o: ResolvedOptions): Verdict {
  const fs = byLeg(findings, 'above-baseline').filter((f) => f.productGroup === 'TOTAL');
  const lines: string[] = [];
  let above = 0;
  let total = 0;
  for (const exporter of o.exporters) {
    for (const dest of o.destinations) {
      const mine = fs.filter((f) => f.exporter === exporter && f.destination === dest);
      if (mine.length === 0) continue;
      total++;
      const c = curveOf(findings, exporter, dest);
      if (c === null) {
        const annual = mine.find((f) => f.frequency === 'annual');
        if (annual !== undefined) {
          lines.push(annual.text);
          if (significantlyAbove(annual)) above++;
        }
        continue;
      }
      const clearly = c.passing > 0 && c.above === c.passing;
      if (clearly) above++;
      lines.push(
        `${exporter} → ${dest} (${c.window.from}..${c.window.to}, nominal ${c.currency}): ${c.above} of ${c.passing} ` +
          `baseline specifications put the ${levelPct(o)} interval of the cumulative excess above zero` +
          `${c.failed > 0 ? ` (${c.failed} more failed their own pre-period checks and do not count)` : ''}` +
          `${c.noInterval > 0 ? ` (${c.noInterval} more gave no interval and do not count)` : ''}; ` +
          `${ratioRange(c)} the baseline across them (median ${times(c.ratioMedian)})${clearly ? '' : ' — not clearly above'}.`,
      );
    }
  }
  const status: LegVerdict['status'] =
    total === 0 ? 'cannot-tell' : above === total ? 'supported' : above === 0 ? 'not-supported' : 'mixed';
  const variants = [
    'the stated fit window',
    'the same without the COVID months',
    `one ending ${EARLIER_END_MONTHS} months earlier`,
  ];
  return {
    leg: 'above-baseline',
    title: `Exports to ${o.destinations.join('/')} rose above their pre-war path`,
    status,
    rule:
      `A series is clearly above its pre-war path when every specification — each declared baseline ` +
      `(${specBaselines(o).join(', ')}) on each fit-window variant (${variants.join('; ')}) — that passes its own ` +
      `pre-period checks puts the ${levelPct(o)} interval of the cumulative excess (in the exporter's own currency, ` +
      `nominal) above zero; currency variants are shown but not counted (a USD version moves with the exchange rate). ` +
      'A series compared as annual sums (too coarse for a monthly baseline) is above when its post-war mean, less the ' +
      'rounding error, exceeds the highest pre-war year plus the rounding error. Supported: every exporter × ' +
      'destination series is clearly above; not supported: none is; mixed: some are.',
    text:
      total === 0
        ? 'The data hold no exporter × destination series to test.'
        : `${above} of ${total} exporter × destination series are clearly above their pre-war path since ${o.treatment}. ${lines.join(' ')}`,
    findingIds: fs.map((f) => f.id),
  };
}

function verdictControls(
  findings: readonly Finding[],
  o: ResolvedOptions,
  controlsUsed: Record<string, string[]>,
): Verdict {
  const fs = byLeg(findings, 'vs-controls');
  const placebo = fs.filter((f) => f.method === 'placebo destinations');
  const didAnnual = fs.filter((f) => f.method === 'did' && f.frequency === 'annual');
  if (placebo.length === 0 && didAnnual.length === 0) {
    return {
      leg: 'vs-controls',
      title: 'More than exports to control destinations',
      status: 'cannot-tell',
      rule: controlsRule(o),
      text: 'No data by partner for clean control destinations.',
      findingIds: fs.map((f) => f.id),
    };
  }
  const top = placebo.filter((f) => (f.pValue ?? 1) <= 1 - o.level);
  const didSig = didAnnual.filter(significantlyAbove);
  const status: LegVerdict['status'] =
    top.length === placebo.length && didSig.length === didAnnual.length
      ? 'supported'
      : top.length === 0 && didSig.length === 0
        ? 'not-supported'
        : 'mixed';
  const parts = placebo.map(
    (f) =>
      `${f.exporter} → ${f.destination}: ${aboveOrBelow(f.excessPct)} what the controls' median growth implies (${pValue(f.pValue)})`,
  );
  const dids = didAnnual.map(
    (f) =>
      `${f.exporter}: DiD ${pct(f.excessPct)} (${pctInterval(f.pctInterval)}, ${pValue(f.pValue)}, ${controlsUsed[f.exporter]?.length ?? 0} controls)`,
  );
  return {
    leg: 'vs-controls',
    title: 'More than exports to control destinations',
    status,
    rule: controlsRule(o),
    text: `Annual ${o.annualPre.join('–')} vs ${o.annualPost.join('–')}, against clean controls. ${[...parts, ...dids].join('; ')}.`,
    findingIds: fs.map((f) => f.id),
  };
}

function verdictSanctioned(findings: readonly Finding[], o: ResolvedOptions): Verdict {
  const fs = byLeg(findings, 'sanctioned-vs-other');
  const ddd = fs.find((f) => f.method === 'tripleDiff');
  const perDest = o.destinations
    .map((d) => {
      const s = fs.find((f) => f.destination === d && f.productGroup === 'sanctioned');
      const x = fs.find((f) => f.destination === d && f.productGroup === 'other');
      return s && x ? `${d}: sanctioned ${pct(s.excessPct)}, other ${pct(x.excessPct)} vs baseline` : null;
    })
    .filter((x): x is string => x !== null);
  if (ddd === undefined) {
    return {
      leg: 'sanctioned-vs-other',
      title: 'More for sanctioned goods than for other goods',
      status: 'cannot-tell',
      rule: sanctionedRule(o),
      text:
        perDest.length === 0
          ? 'No destination has product-level exports (sanctioned and other goods) over a usable window: see the warnings.'
          : `No comparison destinations with product-level data, so no triple difference; by destination against its own baseline: ${perDest.join('; ')}.`,
      findingIds: fs.map((f) => f.id),
    };
  }
  const e = ddd.excessPct;
  const status: LegVerdict['status'] =
    e === null ? 'cannot-tell' : significantlyAbove(ddd) ? 'supported' : e > 0 ? 'mixed' : 'not-supported';
  return {
    leg: 'sanctioned-vs-other',
    title: 'More for sanctioned goods than for other goods',
    status,
    rule: sanctionedRule(o),
    text:
      `${ddd.text} ${perDest.join('; ')}.` +
      (status === 'mixed'
        ? ' The point estimate is positive but the interval includes zero: with few destinations the data cannot rule out no difference.'
        : ''),
    findingIds: fs.map((f) => f.id),
  };
}

function verdictMirror(findings: readonly Finding[], o: ResolvedOptions): Verdict {
  const fs = byLeg(findings, 'mirror');
  const imports = fs.filter(
    (f) => f.method === 'preWarMean (annual)' && f.exporter !== o.target && f.destination !== o.target,
  );
  // The target's own import figures (IMF estimates from partners' data) are shown but not counted.
  const toTarget = fs.filter(
    (f) =>
      f.method === 'preWarMean (annual)' &&
      f.destination === o.target &&
      !(f.seriesId ?? '').endsWith(`reported-by-${o.target}`),
  );
  const gaps = fs.filter((f) => f.method === 'mirrorGap');
  if (imports.length === 0 && toTarget.length === 0) {
    return {
      leg: 'mirror',
      title: `The destinations' own records`,
      status: 'cannot-tell',
      rule: mirrorRule(o),
      text: 'No mirror data for the destinations.',
      findingIds: fs.map((f) => f.id),
    };
  }
  const rose = (f: Finding) => (f.ratio ?? 0) > 1 && (f.pctInterval.lower ?? Number.NEGATIVE_INFINITY) > 0;
  const up = [...imports, ...toTarget].filter(rose).length;
  const all = imports.length + toTarget.length;
  const status: LegVerdict['status'] = up === all ? 'supported' : up === 0 ? 'not-supported' : 'mixed';
  const say = (f: Finding) => `${f.exporter} → ${f.destination} ${times(f.ratio)} pre-war`;
  return {
    leg: 'mirror',
    title: `The destinations' own records: imports from the exporters and exports to ${o.target}`,
    status,
    rule: mirrorRule(o),
    text:
      (realTermsWords(o) === null
        ? ''
        : `In real terms (${realTermsWords(o)}${o.prices?.caveat == null ? '' : `; ${o.prices.caveat}`}): `) +
      `${up} of ${all} importer-reported flows are above every pre-war year. Imports as the destinations record them: ${imports.map(say).join('; ') || 'none'}. ` +
      `Their exports to ${o.target}: ${toTarget.map(say).join('; ') || 'none'}. ` +
      gaps.map((g) => g.text).join(' '),
    findingIds: fs.map((f) => f.id),
  };
}

/**
 * The headline: for the first exporter, each destination's range of ratios across the specification curve (never
 * the most favourable specification or destination alone), then the verdict of every leg.
 */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fitVariantCount(o: ResolvedOptions): number {
  return fitVariants(o, { fit: o.fit, level: o.level, seed: o.seed, draws: o.draws }).length;
}

function headline(findings: readonly Finding[], legs: readonly LegVerdict[], o: ResolvedOptions): string {
  const exporter = o.exporters[0]!;
  const status = legs.map((l) => `${l.leg}: ${l.status}`).join(', ');
  const curves = o.destinations
    .map((d) => curveOf(findings, exporter, d))
    .filter((c): c is Curve => c !== null && c.passing > 0);
  if (curves.length === 0) return `Verdict by leg — ${status}.`;
  const w = curves[0]!.window;
  const sameWindow = curves.every((c) => c.window.from === w.from && c.window.to === w.to);
  const parts = curves.map(
    (c) =>
      `${c.destination} ${ratioRange(c)}${sameWindow ? '' : ` (${c.window.from}..${c.window.to})`} ` +
      `(${c.above} of ${c.passing} specifications clearly above)`,
  );
  return (
    `${exporter} exports${sameWindow ? ` in ${w.from}..${w.to}` : ''} (nominal ${curves[0]!.currency}) relative to ` +
    `their pre-war path, as the range across ${plural(specBaselines(o).length, 'baseline')} × ${plural(fitVariantCount(o), 'fit window')} ` +
    `(fitted up to ${o.fit[1]}): ` +
    `${parts.join('; ')}. Verdict by leg — ${status}.`
  );
}

/** First and last period of some observations, as `from..to`; `null` when there are none. */
function spanOf(obs: readonly TradeObservation[]): string | null {
  if (obs.length === 0) return null;
  let lo = obs[0]!.period;
  let hi = lo;
  for (const x of obs) {
    if (comparePeriods(x.period, lo) < 0) lo = x.period;
    if (comparePeriods(x.period, hi) > 0) hi = x.period;
  }
  return `${lo}..${hi}`;
}

/** The methods paragraph, from the options and the data actually used (shipped defaults are named as such). */
function methods(
  o: ResolvedOptions,
  controls: ControlsLegOutput,
  data: RoundaboutData,
  given: Partial<RoundaboutData>,
): string[] {
  const gap = periodRange(addPeriods(o.fit[1], 1), addPeriods(o.treatment, -1));
  const gapWords =
    gap.length === 0
      ? ''
      : ` ${gap.length === 1 ? `the month ${gap[0]}` : `the months ${gap[0]}..${gap.at(-1)}`} between them ${gap.length === 1 ? 'belongs' : 'belong'} to neither side.`;
  const sanctionedReporter = data.sanctioned[0]?.reporter;
  const sanctionedSpan = spanOf(data.sanctioned);
  const sanctionedWords =
    sanctionedReporter === undefined
      ? 'Sanctioned goods: no product-level data, so the sanctioned-vs-other leg is not run.'
      : `Sanctioned goods: ${
          given.sanctioned === undefined
            ? 'the CN8 codes of Reg. (EU) 833/2014 as consolidated on 2022-10-07 (shipped dataset `eu-sanctioned-exports-monthly`)'
            : 'the product codes given as `data.sanctioned`'
        }, exported by ${sanctionedReporter}; other goods = total − sanctioned from the same extraction (${sanctionedSpan}); CHPL = ${
          given.chplCodes === undefined
            ? "the Common High Priority List's HS6 codes (Feb 2024) and their HS2017 predecessors"
            : 'the HS6 codes given as `data.chplCodes`'
        }. The triple difference has destination×group, destination×month and group×month fixed effects.`;
  const estimatedFrom = data.target
    .filter((x) => x.reporter === o.target && x.status === 'estimated')
    .reduce<string | null>(
      (lo, x) => (lo === null || comparePeriods(x.period, lo) < 0 ? x.period : lo),
      null,
    );
  const real = realTermsWords(o);
  return [
    `Baselines are fitted on ${o.fit[0]}..${o.fit[1]} and compared with ${o.treatment} onwards;${gapWords} ` +
      `Each baseline simulates ${o.draws} counterfactual paths (seed ${o.seed}); cumulative intervals are quantiles of the actual sum minus the path sums, never sums of per-period bands.`,
    `Baselines run: ${specBaselines(o)
      .map((b) => BASELINE_LABELS[b])
      .join(
        '; ',
      )}, each on ${fitVariantCount(o)} fit windows (the stated one${o.covidMonths === null ? '' : `, the same without ${o.covidMonths[0]}..${o.covidMonths[1]} (the COVID slump tilts a short pre-war trend down)`} and one ending ${EARLIER_END_MONTHS} months earlier): a specification curve. The headline gives the range of ratios across every specification that passes its own pre-period checks, never one favoured baseline; the ${BASELINE_LABELS[o.headlineBaseline]} is also run in ${o.currencies.join(' and ')} (${given.fxMonthly === undefined ? 'ECB monthly average rates' : 'the monthly rates given as `data.fxMonthly`'}), shown but not counted, so exchange-rate moves are not read as trade. ${
      real === null
        ? 'All values are nominal: no deflator is applied.'
        : `Legs (a)–(c) are nominal: no deflator is applied to them.`
    }`,
    ...controlsMethods(o, controls),
    ...(o.otherNeighbours.length === 0
      ? []
      : [
          `${o.otherNeighbours.join(', ')} are compared monthly as "other neighbours": they are suspected hubs themselves, so a rise there biases comparisons towards zero.`,
        ]),
    sanctionedWords,
    `Mirror data: ${given.mirror === undefined ? "the destinations' national statistics (shipped datasets; thousand USD, scaled to USD)" : 'the records given as `data.mirror`'}; imports from an aggregate exporter are rebuilt as the sum of its members (by country of origin where both bases are published); the exporters' figures are converted to USD with ${given.fxAnnual === undefined ? 'ECB annual averages' : 'the annual rates given as `data.fxAnnual`'} and compared with a 5% CIF/FOB allowance.${
      estimatedFrom === null
        ? ''
        : ` ${o.target}'s own partner figures from ${estimatedFrom} are the publisher's estimates (status estimated), largely from partners' data: shown, not counted as independent evidence.`
    }${
      real === null
        ? ''
        : ` Real terms: the mirror leg's ${o.prices!.currency} series (after conversion) are ${real}, annual means of the index over complete years (real = nominal × mean level in the base years ÷ the year's level); series in other currencies stay nominal.${o.prices!.caveat === null ? '' : ` Caveat: ${o.prices!.caveat}`}`
    }`,
  ];
}
