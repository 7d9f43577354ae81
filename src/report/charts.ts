/**
 * Charts of a roundabout result as vega-lite specs, and {@link renderSvg} to turn a spec into a standalone,
 * accessible SVG string in Node (no browser, no network).
 *
 * Each builder returns a plain vega-lite spec ({@link ChartSpec}) with its data inlined, so a notebook can restyle it or
 * hand it to any vega-lite renderer. Money is drawn in millions (or thousands, when every value is below
 * 100,000) of the series' currency, and axes say so; periods are drawn on a UTC time axis, so charts do not
 * depend on the machine's time zone.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type * as Vega from 'vega';
import type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';
import type { Finding, RoundaboutResult } from '../analyses/types.js';
import { OptionsError, RoundaboutError, UnitMismatchError } from '../errors.js';
import { comparePeriods, type Frequency, frequencyOf, monthIndex, type Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import {
  escapeHtml,
  formatLevel,
  formatPct,
  formatWindow,
  isNum,
  type MoneyUnit,
  moneyUnit,
  oneLine,
  wrap,
} from './format.js';
import { headlineMethod, postStart, preWarEnd, sanctionedOtherPairs } from './select.js';

/**
 * A vega-lite specification as the chart builders return it: a plain JSON object with its data inlined, for any
 * vega-lite renderer or {@link renderSvg}. The library's own type, so its declarations do not depend on
 * vega-lite's (cast to vega-lite's `ChartSpec` to edit one with vega-lite's types).
 *
 * @example
 * const spec: ChartSpec = chartExcessByDestination(await roundabout());
 * typeof spec.$schema; // => 'string'
 */
export interface ChartSpec {
  /** The vega-lite schema URL. */
  readonly $schema?: string;
  /** The chart's title: text or a vega-lite title object. */
  readonly title?: unknown;
  /** What the chart shows, in words (used as the SVG's description). */
  readonly description?: string;
  /** Any other vega-lite property. */
  readonly [property: string]: unknown;
}

/** Font stack of every chart (the page's own). */
export const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';
const INK = '#1f2933';
const MUTED = '#52606d';
const ACTUAL = '#1d4e89';
const EXPECTED = '#b23a48';
const BAND = '#f2b8c0';
const SANCTIONED = '#c2410c';
const OTHER = '#2563eb';

/** Shared look: readable font sizes, left-aligned titles, light grid, legends below the plot. */
export const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: {
    anchor: 'start',
    fontSize: 14,
    fontWeight: 600,
    color: INK,
    subtitleFontSize: 11,
    subtitleColor: MUTED,
    offset: 10,
    // No truncation: without a canvas vega over-estimates text widths, so a limit cuts lines that would fit.
    // Subtitles are wrapped by `wrap` instead.
    limit: 0,
    subtitlePadding: 4,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    titleColor: INK,
    labelColor: MUTED,
    gridColor: '#e4e7eb',
    domainColor: '#9aa5b1',
    tickColor: '#9aa5b1',
    labelLimit: 160,
  },
  legend: {
    orient: 'bottom',
    direction: 'horizontal',
    labelFontSize: 11,
    titleFontSize: 11,
    labelLimit: 0,
    symbolStrokeWidth: 2,
  },
  header: { labelFontSize: 12, labelColor: INK, titleFontSize: 12 },
  view: { stroke: null },
} as const;

/** A title with its subtitle lines wrapped (vega does not wrap text). */
function titled(text: string, subtitle: readonly string[]) {
  return { text, subtitle: subtitle.flatMap((line) => wrap(line)) };
}

/** Milliseconds since the epoch (UTC) at the start of a period, for a time-zone-free time axis. */
export function periodTime(period: Period): number {
  if (frequencyOf(period) === 'annual') return Date.UTC(Number(period), 0, 1);
  const i = monthIndex(period);
  return Date.UTC(Math.floor(i / 12), i % 12, 1);
}

/**
 * A UTC time x encoding on field `t`. Monthly axes tick every 6 months (`Jan 2022`), or every year (`2022`) when
 * `yearly` is set (narrow panels); annual axes tick every year. UTC scale and UTC label formats keep charts
 * independent of the machine's time zone.
 */
function xTime(
  frequency: Frequency,
  title: string | null = frequency === 'monthly' ? 'Month' : 'Year',
  yearly = frequency === 'annual',
) {
  return {
    field: 't',
    type: 'temporal',
    // The encoding title (not only the axis title) names the field in the marks' ARIA labels.
    title,
    scale: { type: 'utc' },
    axis: {
      format: yearly ? '%Y' : '%b %Y',
      labelAngle: 0,
      labelOverlap: true,
      tickCount: yearly ? { interval: 'year', step: 1 } : { interval: 'month', step: 6 },
      grid: false,
    },
  } as const;
}

function valueFormat(max: number): string {
  return Math.abs(max) >= 10 ? ',.0f' : ',.1f';
}

function scaled(value: number | null | undefined, unit: MoneyUnit): number | null {
  return isNum(value) ? value / unit.divisor : null;
}

function perPeriod(frequency: Frequency): string {
  return frequency === 'monthly' ? 'per month' : 'per year';
}

function requireSeries(result: RoundaboutResult, id: string, fn: string): Series {
  const s = result.series[id];
  if (s === undefined)
    throw new OptionsError(`${fn} requires a series id present in the result, got ${JSON.stringify(id)}`);
  return s;
}

/** A vertical rule with a label at the start of the post-period, as layers for any time chart. */
/**
 * A vertical rule with a label at the start of the post-period, as layers for any time chart. Both marks are
 * hidden from assistive technology (`aria: false`): the chart's description already states the date, and vega
 * would otherwise label them with a local-time date, which differs between time zones.
 */
function treatmentLayers(period: Period, label: string) {
  const data = { values: [{ t: periodTime(period), label }] };
  const x = { field: 't', type: 'temporal', scale: { type: 'utc' } } as const;
  return [
    {
      data,
      mark: { type: 'rule', color: INK, strokeDash: [4, 3], strokeWidth: 1.2, aria: false },
      encoding: { x },
    },
    {
      data,
      // Left of the rule: the pre-period is where the lines are low, so the label rarely covers data.
      mark: {
        type: 'text',
        align: 'right',
        baseline: 'top',
        dx: -4,
        dy: 2,
        fontSize: 11,
        color: INK,
        aria: false,
      },
      encoding: { x, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
}

/** Options of {@link chartActualVsBaseline}. */
export interface ChartActualVsBaselineOptions {
  /** Chart title (default: `<reporter> exports to <partner>: actual vs <method> baseline`). */
  readonly title?: string;
  /** Plot width in pixels (default 640). */
  readonly width?: number;
  /** Plot height in pixels (default 240). */
  readonly height?: number;
}

/**
 * Actual vs expected for one series: the actual values, the baseline's expected path and its prediction band
 * (shaded between `lower` and `upper`), with the first post-period marked by a labelled rule.
 *
 * The post-period start is the `window.from` of the finding that cites this series and counterfactual, else the
 * first simulated period of the counterfactual, else the period after its fit window. Money is drawn in millions
 * (or thousands) of the series' currency per period. `null` values break the lines and the band.
 *
 * @param result - the analysis result that holds the series and the counterfactual
 * @param seriesId - key of `result.series`
 * @param counterfactualId - key of `result.counterfactuals`
 * @param options - see {@link ChartActualVsBaselineOptions}
 * @returns a vega-lite spec with inline data
 * @throws {OptionsError} if either id is not in the result
 * @throws {UnitMismatchError} if the series and the counterfactual differ in currency or frequency
 * @example
 * const result = await roundabout();
 * const f = result.findings.find((x) => x.seriesId !== null && x.counterfactualId !== null)!;
 * const svg = await renderSvg(chartActualVsBaseline(result, f.seriesId!, f.counterfactualId!));
 */
export function chartActualVsBaseline(
  result: RoundaboutResult,
  seriesId: string,
  counterfactualId: string,
  options: ChartActualVsBaselineOptions = {},
): ChartSpec {
  const series = requireSeries(result, seriesId, 'chartActualVsBaseline');
  const cf = result.counterfactuals[counterfactualId];
  if (cf === undefined) {
    throw new OptionsError(
      `chartActualVsBaseline requires a counterfactual id present in the result, got ${JSON.stringify(counterfactualId)}`,
    );
  }
  if (cf.currency !== series.currency || cf.frequency !== series.frequency) {
    throw new UnitMismatchError(
      `chartActualVsBaseline requires a series and counterfactual in one currency and frequency, got ${series.currency}/${series.frequency} and ${cf.currency}/${cf.frequency}`,
    );
  }
  const finding = result.findings.find(
    (f) => f.seriesId === seriesId && f.counterfactualId === counterfactualId,
  );
  const start = finding?.window.from ?? cf.pathPeriods[0] ?? null;
  const cfAt = new Map(cf.periods.map((p, i) => [p, i]));
  const unit = moneyUnit([...series.values, ...cf.upper, ...cf.expected]);
  const expectedLabel = `Expected (${cf.method})`;
  const bandLabel = `${formatLevel(cf.level)} prediction band`;
  const lines: { t: number; series: string; value: number | null }[] = [];
  const band: { t: number; lower: number | null; upper: number | null }[] = [];
  series.periods.forEach((p, i) => {
    const t = periodTime(p);
    lines.push({ t, series: 'Actual', value: scaled(series.values[i], unit) });
    const j = cfAt.get(p);
    if (j === undefined) return;
    lines.push({ t, series: expectedLabel, value: scaled(cf.expected[j], unit) });
    band.push({ t, lower: scaled(cf.lower[j], unit), upper: scaled(cf.upper[j], unit) });
  });
  const max = Math.max(0, ...lines.map((r) => r.value ?? 0), ...band.map((r) => r.upper ?? 0));
  const { reporter, partner, product } = series.key;
  const yTitle = `${series.currency} ${unit.name} ${perPeriod(series.frequency)}`;
  const color = {
    scale: { domain: ['Actual', expectedLabel, bandLabel], range: [ACTUAL, EXPECTED, BAND] },
    legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 3 },
  };
  const first = series.periods[0] ?? '';
  const last = series.periods[series.periods.length - 1] ?? '';
  const title = options.title ?? `${reporter} exports to ${partner}: actual vs ${cf.method} baseline`;
  const subtitle = [
    `${product} goods, ${yTitle}. Baseline fitted on ${formatWindow(cf.fitWindow)}; shaded: ${bandLabel}.`,
    ...(start === null ? [] : [`Dashed line: post-period from ${start}.`]),
  ];
  const description = oneLine(
    `Line chart of ${series.frequency} ${reporter} exports to ${partner} (${product}) from ${first} to ${last}, in ${yTitle}: ` +
      `actual values against the expected path of the ${cf.method} baseline with its ${bandLabel}` +
      `${start === null ? '' : `; the post-period starts ${start}`}. ${finding?.text ?? ''}`,
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titled(title, subtitle),
    description,
    width: options.width ?? 640,
    height: options.height ?? 240,
    config: CONFIG,
    layer: [
      {
        data: { values: band },
        mark: { type: 'area', opacity: 0.55, invalid: 'break-paths-show-domains' },
        encoding: {
          x: xTime(series.frequency),
          y: {
            field: 'lower',
            type: 'quantitative',
            title: yTitle,
            axis: { format: valueFormat(max), tickCount: 5 },
          },
          y2: { field: 'upper' },
          color: { datum: bandLabel, type: 'nominal', ...color },
        },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
        encoding: {
          x: xTime(series.frequency),
          y: { field: 'value', type: 'quantitative' },
          color: { field: 'series', type: 'nominal', ...color },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: {
              domain: ['Actual', expectedLabel],
              range: [
                [1, 0],
                [6, 3],
              ],
            },
          },
        },
      },
      ...(start === null ? [] : treatmentLayers(start, `post-period from ${start} →`)),
    ],
  } as ChartSpec;
}

/** Options of {@link chartExcessByDestination}. */
export interface ChartExcessByDestinationOptions {
  /** Leg whose findings to draw (default `above-baseline`). */
  readonly leg?: Finding['leg'];
  /** Method (default: the headline method, that of the first `above-baseline` finding with a baseline). */
  readonly method?: string;
  /** Exporter (default: that of the first matching finding). */
  readonly exporter?: string;
  /** Product group (default: that of the first matching finding). */
  readonly productGroup?: string;
  /** Plot width in pixels (default: 90 per destination, at least 320). */
  readonly width?: number;
}

/**
 * The excess over the baseline by destination: one bar per destination with the interval as an error bar and
 * the relative excess printed above it.
 *
 * Draws the findings of one leg × method × exporter × product group × currency (defaults: the headline ones);
 * findings whose `excess` is `null` are left out and named in the subtitle. Money is in millions (or thousands)
 * of the findings' currency, summed over each finding's window.
 *
 * @param result - the analysis result
 * @param options - see {@link ChartExcessByDestinationOptions}
 * @returns a vega-lite spec with inline data
 * @throws {OptionsError} if no finding with a defined excess matches
 * @example
 * const result = await roundabout();
 * const svg = await renderSvg(chartExcessByDestination(result, { method: 'seasonalTrend' }));
 */
export function chartExcessByDestination(
  result: RoundaboutResult,
  options: ChartExcessByDestinationOptions = {},
): ChartSpec {
  const leg = options.leg ?? 'above-baseline';
  const method = options.method ?? (leg === 'above-baseline' ? headlineMethod(result) : null);
  const candidates = result.findings.filter(
    (f) =>
      f.leg === leg &&
      (method === null || f.method === method) &&
      (options.exporter === undefined || f.exporter === options.exporter) &&
      (options.productGroup === undefined || f.productGroup === options.productGroup),
  );
  const head = candidates.find((f) => isNum(f.excess) && f.currency !== null);
  if (head === undefined) {
    throw new OptionsError(
      `chartExcessByDestination requires at least one ${leg} finding with a money excess${method === null ? '' : ` for method ${method}`}`,
    );
  }
  const chosen = candidates.filter(
    (f) =>
      f.method === head.method &&
      f.exporter === head.exporter &&
      f.productGroup === head.productGroup &&
      f.currency === head.currency,
  );
  const drawn = chosen.filter((f) => isNum(f.excess));
  const skipped = chosen.filter((f) => !isNum(f.excess)).map((f) => f.destination);
  const unit = moneyUnit(drawn.flatMap((f) => [f.excess, f.interval.lower, f.interval.upper]));
  const sorted = [...drawn].sort((a, b) => (b.excess ?? 0) - (a.excess ?? 0));
  const rows = sorted.map((f) => ({
    destination: f.destination,
    excess: scaled(f.excess, unit),
    lower: scaled(f.interval.lower, unit),
    upper: scaled(f.interval.upper, unit),
    label: isNum(f.excessPct) ? formatPct(f.excessPct) : '',
  }));
  const max = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.excess ?? 0), Math.abs(r.upper ?? 0)]));
  const windows = [...new Set(drawn.map((f) => formatWindow(f.window)))];
  const levels = [...new Set(drawn.map((f) => formatLevel(f.interval.level)))];
  const currency = head.currency ?? '';
  const yTitle = `Excess, ${currency} ${unit.name} (sum over window)`;
  const subtitle = [
    `${head.productGroup} goods, ${head.method} baseline, window ${windows.join('; ')}. Error bars: ${levels.join('/')} interval; label: excess in % of expected.`,
    ...(skipped.length > 0 ? [`No excess defined for ${skipped.join(', ')}.`] : []),
  ];
  const description = oneLine(
    `Bar chart of the excess of ${head.exporter} exports over the ${head.method} baseline by destination, in ${currency} ${unit.name}: ` +
      drawn
        .map(
          (f) =>
            `${f.destination} ${formatPct(f.excessPct)} (${currency} ${(scaled(f.excess, unit) ?? 0).toFixed(1)} ${unit.suffix})`,
        )
        .join(', ') +
      '.',
  );
  const x = {
    field: 'destination',
    type: 'nominal',
    title: 'Destination',
    // Rows come sorted by excess; `sort: null` keeps that order (a field sort conflicts across the layers,
    // whose invalid-value filters make different datasets).
    sort: null,
    axis: { labelAngle: 0 },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titled(`Excess ${head.exporter} exports by destination`, subtitle),
    description,
    width: options.width ?? Math.max(320, 90 * rows.length),
    height: 240,
    config: CONFIG,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', color: ACTUAL, opacity: 0.85, width: { band: 0.6 } },
        encoding: {
          x,
          y: {
            field: 'excess',
            type: 'quantitative',
            title: yTitle,
            axis: { format: valueFormat(max), tickCount: 5 },
          },
        },
      },
      {
        mark: { type: 'rule', color: INK, strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'tick', color: INK, thickness: 1.5, size: 14 },
        encoding: { x, y: { field: 'lower', type: 'quantitative' } },
      },
      {
        mark: { type: 'tick', color: INK, thickness: 1.5, size: 14 },
        encoding: { x, y: { field: 'upper', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 11, color: INK },
        encoding: { x, y: { field: 'upper', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#9aa5b1' },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
    ],
  } as ChartSpec;
}

/** Options of {@link chartSanctionedVsOther}. */
export interface ChartSanctionedVsOtherOptions {
  /**
   * Base window whose mean is 100 (default: from each series' first period to the end of the earliest
   * counterfactual fit window of the same frequency, else to two periods before the post-period start).
   */
  readonly base?: { readonly from: Period; readonly to: Period };
  /** Only these destinations (default all with a sanctioned/other pair). */
  readonly destinations?: readonly string[];
  /** Width of each panel in pixels (default 240). */
  readonly width?: number;
}

/**
 * Sanctioned vs other goods, each indexed to its own pre-war mean (= 100), one panel per destination, with the
 * post-period start marked.
 *
 * Pairs are found by series key: a series with product `sanctioned` and one with product `other` for the same
 * reporter, partner, flow, frequency and currency. A series whose base mean is not positive (or has no values
 * in the base window) cannot be indexed and is left out, named in the subtitle. `null` values break the lines.
 *
 * @param result - the analysis result
 * @param options - see {@link ChartSanctionedVsOtherOptions}
 * @returns a vega-lite spec with inline data, faceted by destination
 * @throws {OptionsError} if the result holds no sanctioned/other pair (after the destination filter), or none can be indexed
 * @example
 * const result = await roundabout();
 * const svg = await renderSvg(chartSanctionedVsOther(result, { base: { from: '2020-01', to: '2021-12' } }));
 */
export function chartSanctionedVsOther(
  result: RoundaboutResult,
  options: ChartSanctionedVsOtherOptions = {},
): ChartSpec {
  const pairs = sanctionedOtherPairs(result).filter(
    (p) => options.destinations === undefined || options.destinations.includes(p.sanctioned.key.partner),
  );
  if (pairs.length === 0) {
    throw new OptionsError(
      'chartSanctionedVsOther requires series with products sanctioned and other for one destination',
    );
  }
  const rows: { t: number; destination: string; group: string; index: number | null }[] = [];
  const bases = new Set<string>();
  const skipped: string[] = [];
  for (const pair of pairs) {
    for (const [series, group] of [
      [pair.sanctioned, 'Sanctioned goods'],
      [pair.other, 'Other goods'],
    ] as const) {
      const base = options.base ?? { from: series.periods[0] ?? '', to: preWarEnd(result, series) };
      const inBase = series.values.filter(
        (v, i): v is number =>
          isNum(v) &&
          comparePeriods(series.periods[i] ?? '', base.from) >= 0 &&
          comparePeriods(series.periods[i] ?? '', base.to) <= 0,
      );
      const mean = inBase.length === 0 ? null : inBase.reduce((a, b) => a + b, 0) / inBase.length;
      if (mean === null || !(mean > 0)) {
        skipped.push(`${series.key.partner} ${group.toLowerCase()}`);
        continue;
      }
      bases.add(formatWindow(base));
      series.periods.forEach((p, i) => {
        const v = series.values[i];
        rows.push({
          t: periodTime(p),
          destination: series.key.partner,
          group,
          index: isNum(v) ? (100 * v) / mean : null,
        });
      });
    }
  }
  if (rows.length === 0) {
    throw new OptionsError(
      'chartSanctionedVsOther requires at least one series with a positive mean in the base window',
    );
  }
  const head = pairs[0]!.sanctioned;
  const start = postStart(result, head.frequency);
  const destinations = [...new Set(rows.map((r) => r.destination))];
  const subtitle = [
    `${head.key.reporter} ${head.key.flow}s, ${head.currency} values indexed to their own mean over ${[...bases].join('; ')} (= 100). Each panel has its own scale.${start === null ? '' : ` Dashed line: post-period from ${start}.`}`,
    ...(skipped.length > 0 ? [`Not indexable (no positive base): ${skipped.join(', ')}.`] : []),
  ];
  const description = oneLine(
    `Line charts, one per destination (${destinations.join(', ')}), of ${head.key.reporter} ${head.key.flow}s of sanctioned and of other goods, ` +
      `each indexed to its pre-war mean (= 100)${start === null ? '' : `; the post-period starts ${start}`}.`,
  );
  const layers: unknown[] = [
    {
      mark: { type: 'rule', color: '#9aa5b1' },
      encoding: { y: { datum: 100, type: 'quantitative' } },
    },
    {
      mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
      encoding: {
        x: xTime(head.frequency, head.frequency === 'monthly' ? 'Month' : 'Year', true),
        y: {
          field: 'index',
          type: 'quantitative',
          title: 'Index (pre-war mean = 100)',
          axis: { format: ',.0f', tickCount: 5 },
        },
        color: {
          field: 'group',
          type: 'nominal',
          scale: { domain: ['Sanctioned goods', 'Other goods'], range: [SANCTIONED, OTHER] },
          legend: { title: null },
        },
      },
    },
  ];
  if (start !== null) {
    layers.push({
      mark: { type: 'rule', color: INK, strokeDash: [4, 3], strokeWidth: 1.2, aria: false },
      encoding: { x: { datum: periodTime(start), type: 'temporal', scale: { type: 'utc' } } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titled('Sanctioned vs other goods, indexed to the pre-war level', subtitle),
    description,
    config: CONFIG,
    data: { values: rows },
    facet: { column: { field: 'destination', type: 'nominal', title: null, sort: destinations } },
    resolve: { scale: { y: 'independent' } },
    spacing: 24,
    spec: { width: options.width ?? 240, height: 200, layer: layers },
  } as ChartSpec;
}

/** Options of {@link chartMirrorGap}. */
export interface ChartMirrorGapOptions {
  /** Plot width in pixels (default 560). */
  readonly width?: number;
  /** Plot height in pixels (default 220). */
  readonly height?: number;
}

/**
 * The mirror gap: the same flow as reported by the exporter and by the importer, over time, with the
 * post-period start marked.
 *
 * The importer's series must already be in the exporter's currency (the analysis converts it and says how in the
 * series' `notes`). Money in millions (or thousands) per period; `null` values break the lines.
 *
 * @param result - the analysis result
 * @param mirrorPairId - `id` of an entry of `result.mirrorPairs`
 * @param options - see {@link ChartMirrorGapOptions}
 * @returns a vega-lite spec with inline data
 * @throws {OptionsError} if the pair or one of its series is not in the result
 * @throws {UnitMismatchError} if the two series differ in currency or frequency
 * @example
 * const result = await roundabout();
 * const svg = await renderSvg(chartMirrorGap(result, result.mirrorPairs[0]!.id));
 */
export function chartMirrorGap(
  result: RoundaboutResult,
  mirrorPairId: string,
  options: ChartMirrorGapOptions = {},
): ChartSpec {
  const pair = result.mirrorPairs.find((p) => p.id === mirrorPairId);
  if (pair === undefined) {
    throw new OptionsError(
      `chartMirrorGap requires a mirror pair id present in the result, got ${JSON.stringify(mirrorPairId)}`,
    );
  }
  const exp = requireSeries(result, pair.exporterSeriesId, 'chartMirrorGap');
  const imp = requireSeries(result, pair.importerSeriesId, 'chartMirrorGap');
  if (exp.currency !== imp.currency || exp.frequency !== imp.frequency) {
    throw new UnitMismatchError(
      `chartMirrorGap requires two series in one currency and frequency, got ${exp.currency}/${exp.frequency} and ${imp.currency}/${imp.frequency}`,
    );
  }
  const unit = moneyUnit([...exp.values, ...imp.values]);
  const expLabel = `${exp.key.reporter}-reported ${exp.key.flow}s to ${exp.key.partner}`;
  const impLabel = `${imp.key.reporter}-reported ${imp.key.flow}s from ${imp.key.partner}`;
  const rows = [
    ...exp.periods.map((p, i) => ({
      t: periodTime(p),
      source: expLabel,
      value: scaled(exp.values[i], unit),
    })),
    ...imp.periods.map((p, i) => ({
      t: periodTime(p),
      source: impLabel,
      value: scaled(imp.values[i], unit),
    })),
  ];
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  const yTitle = `${exp.currency} ${unit.name} ${perPeriod(exp.frequency)}`;
  const finding = result.findings.find(
    (f) =>
      f.leg === 'mirror' && (f.seriesId === pair.exporterSeriesId || f.seriesId === pair.importerSeriesId),
  );
  const start = finding?.window.from ?? postStart(result, exp.frequency);
  const notes = imp.notes.length > 0 ? ` ${imp.key.reporter} series: ${imp.notes.join('; ')}.` : '';
  const encodingColor = {
    field: 'source',
    type: 'nominal',
    scale: { domain: [expLabel, impLabel], range: [ACTUAL, SANCTIONED] },
    legend: { title: null },
  } as const;
  const x = xTime(exp.frequency);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titled(`Mirror gap: ${exp.key.reporter} → ${exp.key.partner}, as each side reports it`, [
      `${exp.key.product} goods, ${yTitle}.${notes}`,
    ]),
    description: oneLine(
      `Line chart of ${exp.frequency} trade between ${exp.key.reporter} and ${exp.key.partner} in ${yTitle}, as reported by the exporter and by the importer` +
        `${start === null ? '' : `; the post-period starts ${start}`}. ${finding?.text ?? ''}`,
    ),
    width: options.width ?? 560,
    height: options.height ?? 220,
    config: CONFIG,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, point: { size: 40 }, invalid: 'break-paths-show-domains' },
        encoding: {
          x,
          y: {
            field: 'value',
            type: 'quantitative',
            title: yTitle,
            axis: { format: valueFormat(max), tickCount: 5 },
          },
          color: encodingColor,
        },
      },
      ...(start === null ? [] : treatmentLayers(start, `post-period from ${start} →`)),
    ],
  } as ChartSpec;
}

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix for the ids inside the SVG (clip paths, gradients), so several charts can share one HTML page
   * (default: derived from a hash of the chart, so output is deterministic).
   */
  readonly idPrefix?: string;
  /** Accessible name of the chart (its `<title>` and `aria-label`). Default: the spec's title, else `Chart`. */
  readonly title?: string;
}

/**
 * A vega logger that never prints: errors are collected (they fail the render), warnings are dropped (the
 * chart builders' specs compile without any but an expected legend merge, which a test checks).
 */
function collectingLogger(vega: typeof Vega, errors: string[]): Vega.LoggerInterface {
  return vega.logger(vega.Error, 'log', (_method, _level, args) => {
    errors.push(args.map(String).join(' '));
  });
}

function titleText(spec: ChartSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === 'string') return t;
  if (t !== null && typeof t === 'object') {
    const text = (t as { text?: unknown }).text;
    if (typeof text === 'string') return text;
    if (Array.isArray(text)) return text.map(String).join(' ');
  }
  return 'Chart';
}

/** Give every `id` inside an SVG a prefix and update the references to it. */
function scopeIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  let out = svg;
  for (const id of new Set(ids)) {
    const safe = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`\\sid="${safe}"`, 'g'), ` id="${prefix}-${id}"`)
      .replace(new RegExp(`url\\(#${safe}\\)`, 'g'), `url(#${prefix}-${id})`)
      .replace(new RegExp(`href="#${safe}"`, 'g'), `href="#${prefix}-${id}"`);
  }
  return out;
}

/**
 * Render a vega-lite spec to a standalone SVG string in Node, with an accessible name.
 *
 * Compiles with vega-lite, renders with a headless vega `View` (`renderer: 'none'`), and adds `role="img"`,
 * an `aria-label` (the spec's title), a `<title>`, and a `<desc>` (the spec's description, linked by
 * `aria-describedby`) to the root element. Ids inside
 * the SVG are prefixed (see {@link RenderSvgOptions.idPrefix}) so charts can be inlined side by side. Vega-lite and
 * vega warnings are dropped, never printed.
 *
 * @param spec - a vega-lite spec, e.g. from {@link chartActualVsBaseline}
 * @param options - see {@link RenderSvgOptions}
 * @returns the SVG markup, starting with `<svg`
 * @throws {RoundaboutError} if vega-lite or vega reports an error
 * @example
 * const result = await roundabout();
 * const svg = await renderSvg(chartExcessByDestination(result));
 * svg.startsWith('<svg'); // => true
 */
export async function renderSvg(spec: ChartSpec, options: RenderSvgOptions = {}): Promise<string> {
  // vega and vega-lite are loaded on first use, so importing the library does not load a chart renderer.
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const errors: string[] = [];
  const logger = collectingLogger(vega, errors);
  let view: Vega.View | undefined;
  let raw: string;
  try {
    const compiled = vl.compile(spec as unknown as VegaLiteSpec, { logger }).spec;
    view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
    raw = await view.toSVG();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RoundaboutError(`renderSvg could not render the chart: ${reason}`, { cause: error });
  } finally {
    view?.finalize();
  }
  if (errors.length > 0)
    throw new RoundaboutError(`renderSvg could not render the chart: ${errors.join('; ')}`);
  const title = options.title ?? titleText(spec);
  const description = typeof spec.description === 'string' ? spec.description : '';
  const prefix = options.idPrefix ?? `c${createHash('sha256').update(raw).digest('hex').slice(0, 10)}`;
  const scoped = scopeIds(raw, prefix);
  return scoped.replace(
    /^<svg\b([^>]*)>/,
    `<svg$1 role="img" aria-label="${escapeHtml(title)}" aria-describedby="${prefix}-desc">` +
      `<title id="${prefix}-title">${escapeHtml(title)}</title><desc id="${prefix}-desc">${escapeHtml(description)}</desc>`,
  );
}
