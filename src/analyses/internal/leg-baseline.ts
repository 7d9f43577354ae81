import { excess } from '../../measures/excess.js';
import type { TradeObservation } from '../../model/observation.js';
import { addPeriods, frequencyOf, type Period, periodRange, yearOf } from '../../model/period.js';
import type { Counterfactual } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import { convertCurrency } from '../../panel/convert-currency.js';
import { slice } from '../../panel/slice.js';
import { toAnnual } from '../../panel/to-annual.js';
import { toSeries } from '../../panel/to-series.js';
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
  ratioOf,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { money, pct, pctInterval, pValue, times } from './format.js';
import type { ResolvedOptions } from './options.js';

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
): string | null {
  const unit = observations.find((o) => o.roundingUnit !== undefined)?.roundingUnit;
  if (unit === undefined) return null;
  const from = [fit[0], series.periods[0]!].sort().at(-1)!; // the later of the two (periods sort as strings)
  const pre = slice(series, from, fit[1]);
  const negligible = pre.status.filter((s) => s === 'negligible').length / Math.max(1, pre.status.length);
  const mean = meanOf(pre.values) ?? 0;
  if (negligible > 0.2 || mean < 20 * unit) {
    return `monthly values are rounded to ${money(unit, series.currency)} and average ${money(mean, series.currency)} a month before the war (${Math.round(negligible * 100)}% of pre-war months below the rounding unit): too coarse for a monthly baseline, so annual sums are compared instead`;
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
      const coarse = coarseness(s, sourceObs, o.fit);
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
    `${exporter} exports to ${destination} in ${window.from}..${window.to} were ${money(t.actual, s.currency)} (nominal), ` +
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
    out.warnings.push(`${exporter} → ${destination}: ${reason}; no complete pre- and post-war years either`);
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
  const lo = pre.length > 1 ? Math.min(...pre) - err : null;
  const hi = pre.length > 1 ? Math.max(...pre) + err : null;
  const range =
    hi === null
      ? 'one pre-war year only: no range'
      : (actual - err) / hi > 1
        ? 'above the highest pre-war year even with the rounding against it'
        : 'not clear of the highest pre-war year once the rounding is allowed for';
  const text =
    `${exporter} exports to ${destination} averaged ${money(actual, s.currency)} a year in ${postYears[0]}–${postYears.at(-1)} ` +
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
        interval: {
          lower: hi === null ? null : (actual - err - hi) * n,
          upper: lo === null ? null : (actual + err - lo) * n,
          level: 1,
        },
        pctInterval: {
          lower: hi === null || hi <= 0 ? null : (actual - err) / hi - 1,
          upper: lo === null || lo <= 0 ? null : (actual + err) / lo - 1,
          level: 1,
        },
        pValue: null,
        pMethod: null,
        warnings: [
          reason,
          roundingNote,
          `interval: the range implied by the lowest and highest pre-war year (${preYears[0]}–${preYears.at(-1)}), widened by the rounding error; not a probability interval`,
          ...(base < 12 * unit
            ? [`near-zero base: the pre-war years average less than ${money(unit, s.currency)} a month`]
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
