import { excess } from '../../measures/excess.js';
import type { Currency } from '../../model/currency.js';
import type { TradeObservation } from '../../model/observation.js';
import { addPeriods, frequencyOf, type Period, periodRange, yearOf } from '../../model/period.js';
import type { Counterfactual } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import type { ChartRequest } from '../../model/study.js';
import { convertCurrency } from '../../panel/convert-currency.js';
import { slice } from '../../panel/slice.js';
import { toAnnual } from '../../panel/to-annual.js';
import { toSeries } from '../../panel/to-series.js';
import {
  type ChartContext,
  capitalise,
  type LegContext,
  type LegVerdictParts,
  nameOf,
  sourceLine,
} from '../study.js';
import type {
  AnnualSumsFinding,
  BaselineFinding,
  BaselineMethod,
  BaselineName,
  Finding,
  Specification,
} from '../types.js';
import {
  attempt,
  BASELINE_LABELS,
  type BaselineRun,
  type FindingInput,
  makeBaseline,
  makeFinding,
  meanOf,
  preYearsRange,
  type RoundaboutLeg,
  ratioOf,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { flowLabel, money, pct, pctInterval, periodWords, pValue, times } from './format.js';
import type { EventWords, ResolvedOptions } from './options.js';
import { allNoneSome, byLeg, chartId, hasInterval, levelPct, median, significantlyAbove } from './verdict.js';

/** Everything a leg adds to the result. */
export interface LegOutput {
  readonly findings: Finding[];
  readonly series: Record<string, Series>;
  readonly counterfactuals: Record<string, Counterfactual>;
  readonly warnings: string[];
}

/** An empty {@link LegOutput}. */
export function emptyLeg(): LegOutput {
  return { findings: [], series: {}, counterfactuals: {}, warnings: [] };
}

/** A finding of a series against a fitted baseline (legs a and c), from the shared fields and the baseline's. */
export function baselineFinding(
  f: FindingInput<BaselineMethod>,
  extra: { readonly baseline: BaselineName; readonly specification?: Specification },
): BaselineFinding {
  return {
    ...makeFinding(f),
    baseline: extra.baseline,
    ...(extra.specification === undefined ? {} : { specification: extra.specification }),
  };
}

/** A finding of annual sums against the pre-war years (leg a on coarsely rounded data). */
export function annualSumsFinding(
  f: FindingInput<'preWarMean (annual sums)'>,
  roundingUnit: number,
): AnnualSumsFinding {
  return { ...makeFinding(f), roundingUnit };
}

/** The monthly total-goods series of one exporter to one destination, from the source that covers it longest. */
export function exporterSeries(data: RoundaboutData, exporter: string, destination: string): Series | null {
  let best: Series | null = null;
  for (const source of data.monthly) {
    const obs = source.filter(
      (o) =>
        o.reporter === exporter &&
        o.partner === destination &&
        o.flow === 'export' &&
        o.product.classification === 'TOTAL',
    );
    if (obs.length === 0) continue;
    const s = toSeries(obs as TradeObservation[], {
      reporter: exporter,
      partner: destination,
      flow: 'export',
      // ONS months below £0.5 m are dropped by the source: count them as ~0 and say so in the notes.
      negligibleAs: 'zero',
    });
    if (best === null || s.periods.length > best.periods.length) best = s;
  }
  return best;
}

/**
 * Whether a monthly series is too coarse for a monthly baseline: values rounded to a unit that is large relative
 * to the pre-war level (ONS whole-£-million months for Kyrgyzstan), or mostly below the rounding unit.
 */
export function coarseness(
  series: Series,
  observations: readonly TradeObservation[],
  fit: readonly [Period, Period],
  words: Pick<EventWords, 'pre' | 'before'>,
): string | null {
  const unit = observations.find((o) => o.roundingUnit !== undefined)?.roundingUnit;
  if (unit === undefined) return null;
  const from = [fit[0], series.periods[0]!].sort().at(-1)!; // the later of the two (periods sort as strings)
  const pre = slice(series, from, fit[1]);
  const negligible = pre.status.filter((s) => s === 'negligible').length / Math.max(1, pre.status.length);
  const mean = meanOf(pre.values) ?? 0;
  if (negligible > 0.2 || mean < 20 * unit) {
    return `monthly values are rounded to ${money(unit, series.currency)} and average ${money(mean, series.currency)} a month ${words.before} (${Math.round(negligible * 100)}% of ${words.pre} months below the rounding unit): too coarse for a monthly baseline, so annual sums are compared instead`;
  }
  return null;
}

/** Leg (a): each exporter's exports to each destination against each baseline, in its own currency and in USD. */
export function legAboveBaseline(data: RoundaboutData, o: ResolvedOptions): LegOutput {
  const out = emptyLeg();
  const run: BaselineRun = { fit: o.fit, level: o.level, seed: o.seed, draws: o.draws };
  for (const exporter of o.exporters) {
    for (const destination of o.destinations) {
      const s = exporterSeries(data, exporter, destination);
      if (s === null) {
        out.warnings.push(`No monthly exports from ${exporter} to ${destination} in the data`);
        continue;
      }
      const sid = `${exporter}->${destination}/TOTAL/${s.currency}`;
      out.series[sid] = s;
      const sourceObs = data.monthly
        .flat()
        .filter((x) => x.reporter === exporter && x.partner === destination);
      const coarse = coarseness(s, sourceObs, o.fit, o.words);
      if (coarse !== null) {
        const unit = sourceObs.find((x) => x.roundingUnit !== undefined)?.roundingUnit ?? 1;
        annualFallback(out, s, sid, exporter, destination, coarse, unit, o);
        continue;
      }
      // The specification curve: every declared baseline on every variant of the fit window. No single one is
      // the answer; the verdict asks all of those that pass their own pre-period checks to agree.
      for (const name of specBaselines(o)) {
        for (const v of fitVariants(o, run)) {
          fitOne(out, {
            series: s,
            seriesId: sid,
            exporter,
            destination,
            baseline: name,
            run: v.run,
            options: o,
            ...(v.variant === undefined ? {} : { variant: v.variant }),
            specification: v.fit,
          });
        }
      }
      // The headline baseline again in the other currencies, so the euro's 2022 fall is not read as trade.
      for (const c of o.currencies) {
        if (c === s.currency) continue;
        const converted = attempt(out.warnings, `converting ${sid} to ${c}`, () =>
          convertCurrency(s, c, data.fxMonthly),
        );
        if (converted === null) continue;
        const cid = `${exporter}->${destination}/TOTAL/${c}`;
        out.series[cid] = converted;
        fitOne(out, {
          series: converted,
          seriesId: cid,
          exporter,
          destination,
          baseline: o.headlineBaseline,
          run,
          options: o,
          warnings: [`converted from ${s.currency} with ${data.fxMonthly.description}`],
        });
      }
    }
  }
  return out;
}

/** The declared baselines of the specification curve: `baselines` plus the headline baseline, once each. */
export function specBaselines(o: ResolvedOptions): BaselineName[] {
  return [...new Set([...o.baselines, o.headlineBaseline])];
}

/** Months by which the "earlier end" variant ends its fit window before the stated one. */
export const EARLIER_END_MONTHS = 6;

interface FitVariant {
  readonly fit: Specification['fit'];
  readonly run: BaselineRun;
  readonly variant?: { readonly suffix: string; readonly label: string };
}

/**
 * The fit-window variants of the specification curve: the stated window; the same without the COVID months (when
 * they fall inside it: the slump tilts a short pre-war trend down); and a window ending six months earlier (so the
 * last pre-war months — stockpiling, anticipation — do not set the baseline alone).
 */
export function fitVariants(o: ResolvedOptions, run: BaselineRun): FitVariant[] {
  const out: FitVariant[] = [{ fit: 'stated', run }];
  const covid = o.covidMonths;
  if (covid !== null && covid[0] <= o.fit[1] && covid[1] >= o.fit[0]) {
    out.push({
      fit: 'excl. COVID',
      run: { ...run, exclude: [covid] },
      variant: {
        suffix: 'excl. COVID',
        label: `with the COVID months ${covid[0]}..${covid[1]} left out of the fit`,
      },
    });
  }
  if (frequencyOf(o.fit[1]) === 'monthly') {
    const end = addPeriods(o.fit[1], -EARLIER_END_MONTHS);
    if (end > o.fit[0]) {
      out.push({
        fit: 'earlier end',
        run: { ...run, fit: [o.fit[0], end] },
        variant: {
          suffix: `fit to ${end}`,
          label: `with the fit window ending ${EARLIER_END_MONTHS} months earlier`,
        },
      });
    }
  }
  return out;
}

/** One baseline fit of leg (a)'s: the series, the baseline and its run, the fit-window variant. */
interface FitOne {
  readonly series: Series;
  readonly seriesId: string;
  readonly exporter: string;
  readonly destination: string;
  readonly baseline: BaselineName;
  readonly run: BaselineRun;
  readonly options: ResolvedOptions;
  /** Caveats the finding carries whatever the fit (e.g. a currency conversion). */
  readonly warnings?: readonly string[];
  /** The fit-window variant, when not the stated window. */
  readonly variant?: FitVariant['variant'];
  /** Set for the specification curve's points: which fit-window variant. */
  readonly specification?: Specification['fit'];
}

function fitOne(out: LegOutput, a: FitOne): void {
  const { series: s, seriesId: sid, exporter, destination, baseline: name, run, options: o, variant } = a;
  const spec = a.specification;
  const warnings: string[] = [...(a.warnings ?? [])];
  const method = (variant === undefined ? name : `${name} (${variant.suffix})`) as BaselineMethod;
  const cf = attempt(warnings, `${name} on ${sid}`, () => makeBaseline(name, run).fit(s));
  if (cf === null) {
    out.warnings.push(...warnings);
    return;
  }
  const ex = attempt(warnings, `excess of ${sid}`, () =>
    excess(s, cf, { from: o.treatment, level: o.level }),
  );
  if (ex === null) {
    out.warnings.push(...warnings);
    return;
  }
  const cid = `${sid}/${method}`;
  out.counterfactuals[cid] = cf;
  const t = ex.total;
  const { ratio, interval: ratioInterval } = ratioOf(ex);
  const window = { from: ex.settings.from, to: ex.settings.to };
  const text =
    `${capitalise(nameOf(exporter))} exports to ${nameOf(destination)} in ${window.from}..${window.to} were ${money(t.actual, s.currency)} (nominal), ` +
    `${times(ratio)} the ${BASELINE_LABELS[name]} fitted on ${cf.fitWindow.from}..${cf.fitWindow.to}${variant === undefined ? '' : ` ${variant.label}`} ` +
    `(expected ${money(t.expected, s.currency)}; excess ${pct(t.pct)}, ${pctInterval(t.pctInterval)}; ` +
    `ratio ${ratioInterval.lower === null ? 'n/a' : `${times(ratioInterval.lower)}–${times(ratioInterval.upper)}`}; ` +
    `${pValue(t.pValueUpper)}, share of ${ex.settings.draws} simulated baseline paths at or above the actual).`;
  const failed = cf.fit.failedChecks ?? [];
  const specification: Specification | undefined =
    spec === undefined
      ? undefined
      : {
          baseline: name,
          fit: spec,
          fitWindow: `${cf.fitWindow.from}..${cf.fitWindow.to}`,
          passesChecks: failed.length === 0,
        };
  out.findings.push(
    baselineFinding(
      {
        leg: 'above-baseline',
        exporter,
        destination,
        productGroup: 'TOTAL',
        method,
        currency: s.currency,
        frequency: s.frequency,
        window,
        actual: t.actual,
        expected: t.expected,
        excess: t.excess,
        excessPct: t.pct,
        ratio,
        interval: t.interval,
        pctInterval: t.pctInterval,
        pValue: t.pValueUpper,
        pMethod: `model-based: share of ${ex.settings.draws} simulated ${method} paths whose sum reaches the actual`,
        fit: cf.fit,
        warnings: [...warnings, ...cf.warnings, ...ex.warnings],
        text,
        seriesId: sid,
        counterfactualId: cid,
        level: o.level,
      },
      { baseline: name, ...(specification === undefined ? {} : { specification }) },
    ),
  );
}

/**
 * When monthly values are too coarse, compare annual sums: the mean of the pre-war years against each full
 * post-war year, with the rounding stated (each month ±half a rounding unit).
 */
function annualFallback(
  out: LegOutput,
  s: Series,
  sid: string,
  exporter: string,
  destination: string,
  reason: string,
  unit: number,
  o: ResolvedOptions,
): void {
  const annual = toAnnual(s, { require: 'all' });
  const aid = `${sid}/annual`;
  out.series[aid] = annual;
  const firstYear = String(Math.max(Number(yearOf(annual.periods[0]!)), Number(yearOf(o.fit[0]))));
  const preYears = periodRange(firstYear, String(Number(yearOf(o.treatment)) - 1));
  const postYears = annual.periods.filter((p, i) => p >= yearOf(o.treatment) && annual.values[i] !== null);
  const value = (p: Period): number | null => annual.values[annual.periods.indexOf(p)] ?? null;
  const pre = preYears.map(value).filter((v): v is number => v !== null);
  const base = meanOf(pre);
  if (base === null || postYears.length === 0) {
    out.warnings.push(
      `${flowLabel(exporter, destination)}: ${reason}; no complete ${o.words.pre} and ${o.words.post} years either`,
    );
    return;
  }
  const actual = postYears.reduce((acc, p) => acc + (value(p) ?? 0), 0) / postYears.length;
  const ratio = base > 0 ? actual / base : null;
  // Twelve months each off by at most half a rounding unit: an annual sum (and a mean of them) is off by ±6 units.
  const err = 6 * unit;
  const roundingNote = `each month is rounded to ${money(unit, s.currency)}, so an annual sum carries up to ${money(err, s.currency)} of rounding error`;
  // No model, so no probability interval: the range "no change" spans — the lowest to the highest pre-war year —
  // widened by the rounding on both sides (as the mirror leg's annual comparisons, plus the rounding).
  const n = postYears.length;
  const bounds = preYearsRange(pre, actual, n, err);
  const hi = pre.length > 1 ? Math.max(...pre) + err : null;
  const range =
    hi === null
      ? `one ${o.words.pre} year only: no range`
      : (actual - err) / hi > 1
        ? `above the highest ${o.words.pre} year even with the rounding against it`
        : `not clear of the highest ${o.words.pre} year once the rounding is allowed for`;
  const text =
    `${capitalise(nameOf(exporter))} exports to ${nameOf(destination)} averaged ${money(actual, s.currency)} a year in ${postYears[0]}–${postYears.at(-1)} ` +
    `against ${money(base, s.currency)} a year in ${preYears[0]}–${preYears.at(-1)} (${ratio === null ? 'no positive base' : `${times(ratio)}`}; ${range}; annual sums, ${roundingNote}).`;
  out.findings.push(
    annualSumsFinding(
      {
        leg: 'above-baseline',
        exporter,
        destination,
        productGroup: 'TOTAL',
        method: 'preWarMean (annual sums)',
        currency: s.currency,
        frequency: 'annual',
        window: { from: postYears[0]!, to: postYears.at(-1)! },
        actual: actual * postYears.length,
        expected: base * postYears.length,
        excess: (actual - base) * postYears.length,
        excessPct: ratio === null ? null : ratio - 1,
        ratio,
        ...bounds,
        pValue: null,
        pMethod: null,
        warnings: [
          reason,
          roundingNote,
          `interval: the range implied by the lowest and highest ${o.words.pre} year (${preYears[0]}–${preYears.at(-1)}), widened by the rounding error; not a probability interval`,
          ...(base < 12 * unit
            ? [
                `near-zero base: the ${o.words.pre} years average less than ${money(unit, s.currency)} a month`,
              ]
            : []),
        ],
        text,
        seriesId: aid,
        level: o.level,
      },
      unit,
    ),
  );
}

/** Leg (a)'s specification curve for one exporter × destination: what the rule and the headline read. */
export interface Curve {
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

/** The specification-curve findings (total goods) of one exporter × destination. */
export function curveFindings(
  findings: readonly Finding[],
  exporter: string,
  destination: string,
): BaselineFinding[] {
  return findings.filter(
    (f): f is BaselineFinding =>
      f.leg === 'above-baseline' &&
      f.productGroup === 'TOTAL' &&
      f.exporter === exporter &&
      f.destination === destination &&
      'specification' in f &&
      f.specification !== undefined,
  );
}

/** The specification curve of one exporter × destination, or `null` when it has none (annual sums, no data). */
export function curveOf(findings: readonly Finding[], exporter: string, destination: string): Curve | null {
  const curve = curveFindings(findings, exporter, destination);
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

/** `2.0–2.4×` (or one ratio when both ends round alike). */
export function ratioRange(c: Curve): string {
  if (c.ratioMin === null || c.ratioMax === null) return 'n/a';
  const lo = times(c.ratioMin);
  const hi = times(c.ratioMax);
  return lo === hi ? lo : `${lo.replace(/×$/, '')}–${hi}`;
}

/** How many fit-window variants the specification curve has under these options. */
export function fitVariantCount(o: ResolvedOptions): number {
  return fitVariants(o, { fit: o.fit, level: o.level, seed: o.seed, draws: o.draws }).length;
}

function verdictAbove(findings: readonly Finding[], o: ResolvedOptions): LegVerdictParts {
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
        `${flowLabel(exporter, dest)} (${c.window.from}..${c.window.to}, nominal ${c.currency}): ${c.above} of ${c.passing} ` +
          `baseline specifications put the ${levelPct(o)} interval of the cumulative excess above zero` +
          `${c.failed > 0 ? ` (${c.failed} more failed their own pre-period checks and do not count)` : ''}` +
          `${c.noInterval > 0 ? ` (${c.noInterval} more gave no interval and do not count)` : ''}; ` +
          `${ratioRange(c)} the baseline across them (median ${times(c.ratioMedian)})${clearly ? '' : ' — not clearly above'}.`,
      );
    }
  }
  const variants = [
    'the stated fit window',
    ...(o.covidMonths === null ? [] : ['the same without the COVID months']),
    `one ending ${EARLIER_END_MONTHS} months earlier`,
  ];
  return {
    status: allNoneSome(above, total),
    rule:
      `A series is clearly above its ${o.words.pre} path when every specification — each declared baseline ` +
      `(${specBaselines(o).join(', ')}) on each fit-window variant (${variants.join('; ')}) — that passes its own ` +
      `pre-period checks puts the ${levelPct(o)} interval of the cumulative excess (in the exporter's own currency, ` +
      `nominal) above zero; currency variants are shown but not counted (a version in another currency moves with the exchange rate). ` +
      `A series compared as annual sums (too coarse for a monthly baseline) is above when its ${o.words.post} mean, less the ` +
      `rounding error, exceeds the highest ${o.words.pre} year plus the rounding error. Supported: every exporter × ` +
      'destination series is clearly above; not supported: none is; mixed: some are.',
    text:
      total === 0
        ? 'The data hold no exporter × destination series to test.'
        : `${above} of ${total} exporter × destination series are clearly above their ${o.words.pre} path since ${periodWords(o.treatment)}. ${lines.join(' ')}`,
  };
}

function methodsAbove(o: ResolvedOptions, context: LegContext<ResolvedOptions, RoundaboutData>): string[] {
  const gap = periodRange(addPeriods(o.fit[1], 1), addPeriods(o.treatment, -1));
  const gapWords =
    gap.length === 0
      ? ''
      : ` ${gap.length === 1 ? `the month ${gap[0]}` : `the months ${gap[0]}..${gap.at(-1)}`} between them ${gap.length === 1 ? 'belongs' : 'belong'} to neither side.`;
  const fx =
    context.given.fxMonthly === undefined
      ? context.data.fxMonthly.description
      : 'the monthly rates given as `data.fxMonthly`';
  return [
    `Baselines are fitted on ${o.fit[0]}..${o.fit[1]} and compared with ${o.treatment} onwards;${gapWords} ` +
      `Each baseline simulates ${o.draws} counterfactual paths (seed ${o.seed}); cumulative intervals are quantiles of the actual sum minus the path sums, never sums of per-period bands.`,
    `Baselines run: ${specBaselines(o)
      .map((b) => BASELINE_LABELS[b])
      .join(
        '; ',
      )}, each on ${fitVariantCount(o)} fit windows (the stated one${o.covidMonths === null ? '' : `, the same without ${o.covidMonths[0]}..${o.covidMonths[1]} (the COVID slump tilts a short ${o.words.pre} trend down)`} and one ending ${EARLIER_END_MONTHS} months earlier): a specification curve. The headline gives the range of ratios across every specification that passes its own pre-period checks, never one favoured baseline; the ${BASELINE_LABELS[o.headlineBaseline]} is also run in ${o.currencies.join(' and ')} (${fx}), shown but not counted, so exchange-rate moves are not read as trade. ${
      o.prices === undefined
        ? 'All values are nominal: no deflator is applied.'
        : 'Legs (a)–(c) are nominal: no deflator is applied to them.'
    }`,
  ];
}

/** Short labels of the fit-window variants, for chart rows. */
const VARIANT_WORDS: Readonly<Record<Specification['fit'], string>> = {
  stated: 'stated fit window',
  'excl. COVID': 'without the COVID months',
  'earlier end': `fit ending ${EARLIER_END_MONTHS} months earlier`,
};

/** A baseline's name in a chart label: its label up to the first parenthesis (`seasonal-trend baseline`). */
export function baselineShort(name: BaselineName): string {
  return BASELINE_LABELS[name].replace(/ \(.*$/, '');
}

function chartsAbove(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
): ChartRequest[] {
  const o = c.options;
  const out: ChartRequest[] = [];
  const level = levelPct(o);
  for (const exporter of o.exporters) {
    const rows: Extract<ChartRequest, { kind: 'forest' }>['rows'][number][] = [];
    let window: Curve['window'] | null = null;
    let currency: Currency | null = null;
    const forestSeries: string[] = [];
    for (const d of o.destinations) {
      const curve = curveFindings(findings, exporter, d);
      const label = `${flowLabel(exporter, d)}`;
      if (curve.length === 0) {
        const annual = findings.find(
          (f) => f.method === 'preWarMean (annual sums)' && f.exporter === exporter && f.destination === d,
        );
        if (annual?.seriesId != null && c.series[annual.seriesId] !== undefined) {
          out.push({
            kind: 'baseline',
            id: chartId('baseline', exporter, d),
            title: `Exports from ${c.name(exporter)} to ${c.name(d)}, annual sums`,
            caption:
              `Annual sums in ${annual.currency ?? ''} (nominal); the monthly values are too coarsely rounded for a monthly baseline, ` +
              `so the ${o.words.post} years are compared with the ${o.words.pre} years (see the finding). Treatment from ${o.treatment}.`,
            source: sourceLine([annual.seriesId], c.series, c.provenance),
            panels: [{ label, seriesId: annual.seriesId, counterfactualIds: [] }],
            treatment: o.treatment,
          });
        }
        continue;
      }
      const stated = curve.filter((f) => f.specification?.fit === 'stated' && f.counterfactualId !== null);
      const head = stated.find((f) => f.baseline === o.headlineBaseline) ?? stated[0];
      const sid = curve[0]!.seriesId!;
      window ??= curve[0]!.window;
      currency ??= curve[0]!.currency;
      forestSeries.push(sid);
      if (head !== undefined) {
        const cfs = [head, ...stated.filter((f) => f !== head)].map((f) => f.counterfactualId!);
        out.push({
          kind: 'baseline',
          id: chartId('baseline', exporter, d),
          title: `Exports from ${c.name(exporter)} to ${c.name(d)} against their ${o.words.pre} baselines`,
          caption:
            `Monthly exports in ${curve[0]!.currency ?? ''} (nominal), actual against the ${BASELINE_LABELS[head.baseline]} ` +
            `(emphasised, with its ${level} band) and the other declared baselines, each fitted on ${head.specification!.fitWindow}; ` +
            `the excess is summed over ${head.window.from}..${head.window.to}.`,
          source: sourceLine([sid], c.series, c.provenance),
          panels: [{ label, seriesId: sid, counterfactualIds: cfs }],
          treatment: o.treatment,
        });
      }
      for (const f of curve) {
        const spec = f.specification!;
        rows.push({
          label: `${baselineShort(f.baseline)}, ${VARIANT_WORDS[spec.fit]}`,
          group: capitalise(c.name(d)),
          estimate: f.excessPct,
          lower: f.pctInterval.lower,
          upper: f.pctInterval.upper,
          counted: spec.passesChecks && hasInterval(f),
          findingId: f.id,
        });
      }
    }
    if (rows.length > 0 && window !== null) {
      out.push({
        kind: 'forest',
        id: chartId('forest', exporter),
        title: `Excess of exports from ${c.name(exporter)} under every baseline and fit window`,
        caption:
          `Cumulative excess over ${window.from}..${window.to} in % of the expected value (nominal ${currency ?? ''}), ` +
          `with ${level} intervals, one row per baseline × fit window; faded rows fail their own pre-period checks or give no interval and do not count.`,
        source: sourceLine(forestSeries, c.series, c.provenance),
        scale: 'pct',
        rows,
      });
    }
  }
  return out;
}

/** Leg (a) as a value: exports to each destination against their own pre-treatment baselines. */
export const aboveBaselineLeg: RoundaboutLeg<undefined> = {
  id: 'above-baseline',
  title: (o) => `Exports to ${nameOf(o.destinations.join('/'))} rose above their ${o.words.pre} path`,
  question: (o) =>
    `Did exports from ${nameOf(o.exporters.join('/'))} to ${nameOf(o.destinations.join('/'))} rise from ${periodWords(o.treatment)} on above what their own ${o.words.pre} path implies?`,
  run: ({ data, options }) => ({ ...legAboveBaseline(data, options), state: undefined }),
  verdict: (findings, o) => verdictAbove(findings, o),
  charts: (findings, context) => chartsAbove(findings, context),
  methods: (o, context) => methodsAbove(o, context),
};
