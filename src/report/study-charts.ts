/**
 * Chart requests of a study ({@link ChartRequest}) as vega-lite specs: one builder per kind, each reading only the
 * request and the result's series, counterfactuals and names, never a leg's id or a label. Internal: not part of
 * the public API (the page draws them with `renderSvg`).
 *
 * Every mark a reader may point at (points, bars, interval ends) carries a `tip` field, drawn as the mark's
 * `aria-label` and turned into an SVG `<title>` (a tooltip) by {@link withTooltips}.
 *
 * @module
 */
import type { Frequency, Period } from '../model/period.js';
import { comparePeriods, frequencyOf } from '../model/period.js';
import type { Counterfactual } from '../model/result.js';
import type { Series } from '../model/series.js';
import type { ChartRequest, StudyResult } from '../model/study.js';
import { rebase } from '../panel/rebase.js';
import { type ChartSpec, CONFIG, periodTime } from './charts.js';
import { formatLevel, formatNumber, formatPct, isNum, type MoneyUnit, moneyUnit } from './format.js';

/** A chart kind that is drawn as a vega-lite chart (tables are drawn as HTML). */
export type DrawnRequest = Exclude<ChartRequest, { kind: 'table' }>;

/** The time span every time chart of one frequency shares, as UTC milliseconds. */
export type TimeDomains = Partial<Record<Frequency, readonly [Period, Period]>>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const ACTUAL = '#1d4e89';
const EXPECTED = '#b23a48';
const BAND = '#f2b8c0';
const OTHER_CF = '#9aa5b1';
const SECOND = '#c2410c';
const PALETTE = ['#1d4e89', '#c2410c', '#15803d', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];
const INK = '#1f2933';

/** A code in words, from the result's names. */
function word(result: StudyResult, code: string): string {
  return result.names[code] ?? code;
}

function scaled(v: number | null | undefined, unit: MoneyUnit): number | null {
  return isNum(v) ? v / unit.divisor : null;
}

function perPeriod(frequency: Frequency): string {
  return frequency === 'monthly' ? 'a month' : 'a year';
}

/** A money value as a tooltip states it (`EUR 1.2 m`), or `n/a`. */
function moneyText(v: number | null, currency: string, unit: MoneyUnit): string {
  return v === null ? 'n/a' : `${currency} ${formatNumber(v)} ${unit.suffix}`;
}

/** The y encoding of a money line chart: the scaled `value`, titled with its currency, unit and period. */
function moneyY(currency: string, unit: MoneyUnit, frequency: Frequency) {
  return {
    field: 'value',
    type: 'quantitative',
    title: `${currency} ${unit.name} ${perPeriod(frequency)}`,
    axis: { tickCount: 4, format: ',.0f' },
  } as const;
}

function monthLabel(period: Period): string {
  return period;
}

/** Whether a period lies in a domain (no domain: always). */
function inDomain(period: Period, domain: readonly [Period, Period] | undefined): boolean {
  if (domain === undefined || frequencyOf(period) !== frequencyOf(domain[0])) return true;
  return comparePeriods(period, domain[0]) >= 0 && comparePeriods(period, domain[1]) <= 0;
}

/** A UTC time x encoding over a shared domain, padded so end points are not clipped. */
function xTime(frequency: Frequency, domains: TimeDomains, narrow: boolean) {
  const d = domains[frequency];
  return {
    field: 't',
    type: 'temporal',
    title: null,
    scale: {
      type: 'utc',
      padding: 8,
      ...(d === undefined ? {} : { domain: [periodTime(d[0]), periodTime(d[1])] }),
    },
    axis: {
      format: frequency === 'annual' || narrow ? '%Y' : '%b %Y',
      labelAngle: 0,
      labelOverlap: true,
      tickCount:
        frequency === 'annual' || narrow ? { interval: 'year', step: 1 } : { interval: 'month', step: 6 },
      grid: false,
    },
  } as const;
}

/** The treatment as a dashed rule (no data of its own, so it works inside a facet). */
function treatmentRule(treatment: Period | null): unknown[] {
  if (treatment === null) return [];
  return [
    {
      mark: { type: 'rule', color: INK, strokeDash: [4, 3], strokeWidth: 1.2, aria: false },
      encoding: { x: { datum: periodTime(treatment), type: 'temporal', scale: { type: 'utc' } } },
    },
  ];
}

/**
 * Tooltip targets on a line layer: invisible points (SVG still shows their `<title>` on hover), each with its `tip`,
 * so the lines stay clean on screen and in print.
 */
function tipPoints(filter: string, color: unknown): unknown {
  return {
    transform: [{ filter }],
    mark: { type: 'point', filled: true, size: 30, opacity: 0 },
    encoding: {
      x: { field: 't', type: 'temporal' },
      y: { field: 'value', type: 'quantitative' },
      color,
      description: { field: 'tip' },
    },
  };
}

/** One chart of a small multiple: its label, and its spec. */
export interface Panel {
  readonly label: string;
  readonly spec: ChartSpec;
}

/**
 * Small multiples as one chart per panel (the page lays them out in a grid that reflows, three across on a wide
 * screen, one on a phone): each panel gets its rows, its label as title, and the legend only on the first.
 */
function panelsOf(
  rows: readonly Record<string, unknown>[],
  field: string,
  order: readonly string[],
  size: { readonly width: number; readonly height: unknown },
  layer: readonly unknown[],
): Panel[] {
  return order.map((label, i) => ({
    label,
    spec: {
      $schema: SCHEMA,
      config: i === 0 ? CONFIG : { ...CONFIG, legend: { ...CONFIG.legend, disable: true } },
      title: { text: label, fontSize: 12 },
      data: { values: rows.filter((r) => r[field] === label) },
      ...size,
      layer,
    } as ChartSpec,
  }));
}

function single(label: string, spec: Record<string, unknown>): Panel[] {
  return [{ label, spec: spec as ChartSpec }];
}

function baselineSpec(
  req: Extract<ChartRequest, { kind: 'baseline' }>,
  result: StudyResult,
  domains: TimeDomains,
): Panel[] {
  const rows: Record<string, unknown>[] = [];
  const panels: string[] = [];
  let currency = '';
  let frequency: Frequency = 'monthly';
  const all: (number | null)[] = [];
  for (const panel of req.panels) {
    const s = result.series[panel.seriesId];
    if (s === undefined) continue;
    const cfs = panel.counterfactualIds
      .map((id) => result.counterfactuals[id])
      .filter((c): c is Counterfactual => c !== undefined);
    all.push(...s.values, ...(cfs[0]?.upper ?? []), ...cfs.flatMap((c) => c.expected));
  }
  const unit = moneyUnit(all);
  for (const panel of req.panels) {
    const s = result.series[panel.seriesId];
    if (s === undefined) continue;
    panels.push(panel.label);
    currency = s.currency;
    frequency = s.frequency;
    const domain = domains[s.frequency];
    s.periods.forEach((p, i) => {
      if (!inDomain(p, domain)) return;
      const v = scaled(s.values[i], unit);
      rows.push({
        panel: panel.label,
        t: periodTime(p),
        line: 'Actual',
        value: v,
        tip: `${panel.label}, ${monthLabel(p)}: actual ${moneyText(v, s.currency, unit)}`,
      });
    });
    panel.counterfactualIds.forEach((id, k) => {
      const cf = result.counterfactuals[id];
      if (cf === undefined) return;
      cf.periods.forEach((p, j) => {
        // A baseline is drawn from the start of its own fit window, never before it.
        if (comparePeriods(p, cf.fitWindow.from) < 0 || !inDomain(p, domain)) return;
        const e = scaled(cf.expected[j], unit);
        const row: Record<string, unknown> = {
          panel: panel.label,
          t: periodTime(p),
          line: k === 0 ? 'Expected' : `Other baseline ${k}`,
          value: e,
          tip: `${panel.label}, ${monthLabel(p)}: expected under ${cf.method} ${moneyText(e, s.currency, unit)}`,
        };
        if (k === 0) {
          row.lower = scaled(cf.lower[j], unit);
          row.upper = scaled(cf.upper[j], unit);
          row.band = `${formatLevel(cf.level)} band`;
        }
        rows.push(row);
      });
    });
  }
  if (rows.length === 0) return [];
  const others = [...new Set(rows.map((r) => r.line as string).filter((l) => l.startsWith('Other')))];
  const firstCf = req.panels
    .map((p) => result.counterfactuals[p.counterfactualIds[0] ?? ''])
    .find((c) => c !== undefined);
  const bandLabel = firstCf === undefined ? null : `${formatLevel(firstCf.level)} band`;
  const domainLines = ['Actual', ...(firstCf === undefined ? [] : ['Expected']), ...others];
  const color = {
    field: 'line',
    type: 'nominal',
    scale: {
      domain: domainLines,
      range: [ACTUAL, ...(firstCf === undefined ? [] : [EXPECTED]), ...others.map(() => OTHER_CF)],
    },
    legend:
      others.length > 0
        ? {
            title: null,
            values: ['Actual', 'Expected', others[0]!],
            labelExpr: `datum.label === ${JSON.stringify(others[0])} ? 'Other baselines' : datum.label`,
          }
        : { title: null },
  };
  const narrow = req.panels.length > 1;
  const layers: unknown[] = [];
  if (bandLabel !== null) {
    layers.push({
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'area', color: BAND, opacity: 0.6, aria: false },
      encoding: {
        x: xTime(frequency, domains, narrow),
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
      },
    });
  }
  layers.push(
    {
      mark: { type: 'line', strokeWidth: 1.8, aria: false },
      encoding: {
        x: xTime(frequency, domains, narrow),
        y: moneyY(currency, unit, frequency),
        color,
        detail: { field: 'line' },
        strokeWidth: {
          condition: { test: "indexof(datum.line, 'Other') === 0", value: 1 },
          value: 2,
        },
        strokeDash: {
          condition: { test: "datum.line === 'Expected'", value: [6, 3] },
          value: [1, 0],
        },
      },
    },
    tipPoints("datum.line === 'Actual' || datum.line === 'Expected'", {
      field: 'line',
      type: 'nominal',
      legend: null,
    }),
    ...treatmentRule(req.treatment),
  );
  return panelsOf(rows, 'panel', panels, { width: panels.length === 1 ? 560 : 300, height: 170 }, layers);
}

function forestSpec(req: Extract<ChartRequest, { kind: 'forest' }>): Panel[] {
  const pct = req.scale === 'pct';
  const fmt = (x: number | null) =>
    x === null ? 'n/a' : pct ? formatPct(x, true, 0) : `${formatNumber(x, 2)}×`;
  const rows = req.rows.map((r) => ({
    label: r.label,
    group: r.group,
    estimate: r.estimate,
    lower: r.lower,
    upper: r.upper,
    counted: r.counted ? 'counted' : 'not counted',
    tip: `${r.group}, ${r.label}: ${fmt(r.estimate)} (${fmt(r.lower)} to ${fmt(r.upper)})${r.counted ? '' : ', not counted'}${r.findingId === null ? '' : ` [${r.findingId}]`}`,
  }));
  if (rows.length === 0) return [];
  const groups = [...new Set(rows.map((r) => r.group))];
  const labels = [...new Set(rows.map((r) => r.label))];
  const x = {
    field: 'estimate',
    type: 'quantitative',
    title: pct ? 'Excess over the expected value' : 'Ratio of actual to expected',
    axis: { format: pct ? '+.0%' : '.1f', tickCount: 4 },
  };
  const opacity = {
    field: 'counted',
    type: 'nominal',
    scale: { domain: ['counted', 'not counted'], range: [1, 0.3] },
    legend: { title: null },
  };
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, axis: { labelLimit: 260 } };
  return panelsOf(rows, 'group', groups, { width: 220, height: { step: 13 } }, [
    {
      mark: { type: 'rule', color: '#9aa5b1', aria: false },
      encoding: { x: { datum: pct ? 0 : 1, type: 'quantitative' } },
    },
    {
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'rule', color: ACTUAL, strokeWidth: 1.5, aria: false },
      encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y, opacity },
    },
    {
      transform: [{ filter: 'isValid(datum.estimate)' }],
      mark: { type: 'point', filled: true, size: 36, color: ACTUAL },
      encoding: { x, y, opacity, description: { field: 'tip' } },
    },
  ]);
}

function rankSpec(req: Extract<ChartRequest, { kind: 'rank' }>): Panel[] {
  if (req.units.length === 0) return [];
  const sorted = [...req.units].sort((a, b) => b.value - a.value);
  const rows = sorted.map((u, i) => ({
    code: u.code,
    label: u.label,
    value: u.value,
    rank: i + 1,
    marked: u.marked ? 'Under study' : 'Control destination',
    tip: `${u.label} (${u.code}): ${formatNumber(u.value, 2)}, rank ${i + 1} of ${sorted.length}`,
  }));
  return single(req.title, {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: rows },
    width: Math.min(1000, Math.max(420, rows.length * 9)),
    height: 200,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: 'rank',
            type: 'ordinal',
            title: 'Rank (largest rise first)',
            axis: { labels: false, ticks: false },
          },
          y: { field: 'value', type: 'quantitative', title: req.statistic, axis: { tickCount: 5 } },
          color: {
            field: 'marked',
            type: 'nominal',
            scale: { domain: ['Under study', 'Control destination'], range: [SECOND, '#cbd2d9'] },
            legend: { title: null },
          },
          description: { field: 'tip' },
        },
      },
      {
        transform: [{ filter: "datum.marked === 'Under study'" }],
        mark: { type: 'text', angle: 270, align: 'left', dx: 4, fontSize: 11, color: INK, aria: false },
        encoding: {
          x: { field: 'rank', type: 'ordinal' },
          y: { datum: 0, type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  });
}

function indexedSpec(
  req: Extract<ChartRequest, { kind: 'indexed-lines' }>,
  result: StudyResult,
  domains: TimeDomains,
): Panel[] {
  const rows: Record<string, unknown>[] = [];
  const labels: string[] = [];
  let frequency: Frequency = 'monthly';
  for (const line of req.lines) {
    const s = result.series[line.seriesId] as Series | undefined;
    if (s === undefined) continue;
    let idx: { readonly periods: readonly Period[]; readonly values: readonly (number | null)[] };
    try {
      idx = rebase(s, { base: req.base });
    } catch {
      continue; // a line whose base cannot be indexed is left out, never drawn wrong
    }
    labels.push(line.label);
    frequency = s.frequency;
    idx.periods.forEach((p, i) => {
      if (!inDomain(p, domains[s.frequency])) return;
      const v = idx.values[i] ?? null;
      rows.push({
        line: line.label,
        t: periodTime(p),
        value: v,
        tip: `${line.label}, ${p}: ${v === null ? 'n/a' : formatNumber(v, 0)}`,
      });
    });
  }
  if (rows.length === 0) return [];
  const color = {
    field: 'line',
    type: 'nominal',
    scale: { domain: labels, range: PALETTE.slice(0, Math.max(1, labels.length)) },
    legend: { title: null, labelLimit: 0 },
  };
  return single(req.title, {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: rows },
    width: 460,
    height: 190,
    layer: [
      {
        mark: { type: 'rule', color: '#9aa5b1', aria: false },
        encoding: { y: { datum: 100, type: 'quantitative' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2, aria: false },
        encoding: {
          x: xTime(frequency, domains, false),
          y: {
            field: 'value',
            type: 'quantitative',
            title: `Index (${req.base[0]}–${req.base[1]} = 100)`,
            axis: { tickCount: 5, format: ',.0f' },
          },
          color,
        },
      },
      tipPoints('isValid(datum.value)', { ...color, legend: null }),
      ...treatmentRule(req.treatment),
    ],
  });
}

function mirrorSpec(
  req: Extract<ChartRequest, { kind: 'mirror' }>,
  result: StudyResult,
  domains: TimeDomains,
): Panel[] {
  const rows: Record<string, unknown>[] = [];
  const panels: string[] = [];
  let frequency: Frequency = 'annual';
  let currency = '';
  const all = req.pairs.flatMap((p) => [
    ...(result.series[p.exporterSeriesId]?.values ?? []),
    ...(result.series[p.importerSeriesId]?.values ?? []),
  ]);
  const unit = moneyUnit(all);
  const EXP = "Exporter's record";
  const IMP = "Importer's record";
  for (const pair of req.pairs) {
    const e = result.series[pair.exporterSeriesId];
    const m = result.series[pair.importerSeriesId];
    if (e === undefined || m === undefined) continue;
    panels.push(pair.label);
    frequency = e.frequency;
    currency = m.currency;
    for (const [s, side, who] of [
      [e, EXP, `as ${word(result, e.key.reporter)} records its exports`],
      [m, IMP, `as ${word(result, m.key.reporter)} records its imports`],
    ] as const) {
      s.periods.forEach((p, i) => {
        if (!inDomain(p, domains[s.frequency])) return;
        const v = scaled(s.values[i], unit);
        rows.push({
          panel: pair.label,
          side,
          t: periodTime(p),
          value: v,
          tip: `${pair.label}, ${p}, ${who}: ${moneyText(v, s.currency, unit)}`,
        });
      });
    }
  }
  if (rows.length === 0) return [];
  const color = {
    field: 'side',
    type: 'nominal',
    scale: { domain: [EXP, IMP], range: [ACTUAL, SECOND] },
    legend: { title: null },
  };
  return panelsOf(rows, 'panel', panels, { width: panels.length === 1 ? 560 : 300, height: 150 }, [
    {
      mark: { type: 'line', strokeWidth: 2, aria: false },
      encoding: {
        x: xTime(frequency, domains, true),
        y: moneyY(currency, unit, frequency),
        color,
      },
    },
    tipPoints('isValid(datum.value)', { ...color, legend: null }),
    ...treatmentRule(req.treatment),
  ]);
}

/**
 * The vega-lite specs of a drawn chart request, one per panel; none when the result holds none of the data it names
 * (the page then leaves the chart out instead of drawing it empty).
 *
 * @param request - a chart request of the result (any kind but `table`)
 * @param result - the study result that holds its series and counterfactuals
 * @param domains - the time span shared by every time chart of a frequency
 */
export function requestPanels(request: DrawnRequest, result: StudyResult, domains: TimeDomains): Panel[] {
  switch (request.kind) {
    case 'baseline':
      return baselineSpec(request, result, domains);
    case 'forest':
      return forestSpec(request);
    case 'rank':
      return rankSpec(request);
    case 'indexed-lines':
      return indexedSpec(request, result, domains);
    case 'mirror':
      return mirrorSpec(request, result, domains);
  }
}

/** Ids of the series a request draws. */
function requestSeries(request: ChartRequest): string[] {
  switch (request.kind) {
    case 'baseline':
      return request.panels.map((p) => p.seriesId);
    case 'indexed-lines':
      return request.lines.map((l) => l.seriesId);
    case 'mirror':
      return request.pairs.flatMap((p) => [p.exporterSeriesId, p.importerSeriesId]);
    default:
      return [];
  }
}

/**
 * The time span each frequency's charts share, so time axes agree from chart to chart: from the earliest start of
 * a fit window or index base drawn (or of a series, when no chart of that frequency has either) to the last period
 * of any series drawn.
 *
 * @param requests - every chart request of the page
 * @param result - the study result
 */
export function timeDomains(requests: readonly ChartRequest[], result: StudyResult): TimeDomains {
  // Anchors (fit windows, index bases) fix where a frequency's axes start; series starts count only without any.
  const anchors: Partial<Record<Frequency, Period[]>> = {};
  const starts: Partial<Record<Frequency, Period[]>> = {};
  const ends: Partial<Record<Frequency, Period[]>> = {};
  const push = (m: typeof starts, p: Period | undefined) => {
    if (p === undefined) return;
    const f = frequencyOf(p);
    m[f] = [...(m[f] ?? []), p];
  };
  for (const r of requests) {
    if (r.kind === 'baseline')
      for (const p of r.panels)
        for (const id of p.counterfactualIds) push(anchors, result.counterfactuals[id]?.fitWindow.from);
    if (r.kind === 'indexed-lines') push(anchors, r.base[0]);
    for (const id of requestSeries(r)) {
      const s = result.series[id];
      if (s === undefined) continue;
      push(ends, s.periods.at(-1));
      push(starts, s.periods[0]);
    }
  }
  const out: TimeDomains = {};
  for (const f of ['monthly', 'annual'] as const) {
    const a = [...(anchors[f] ?? starts[f] ?? [])].sort(comparePeriods)[0];
    const b = [...(ends[f] ?? [])].sort(comparePeriods).at(-1);
    if (a !== undefined && b !== undefined) out[f] = [a, b];
  }
  return out;
}

/**
 * Give every mark with an `aria-label` a `<title>` child, so pointing at it shows a tooltip in any browser (vega's
 * SVG output labels marks for screen readers only).
 *
 * @param svg - SVG markup from `renderSvg`
 */
export function withTooltips(svg: string): string {
  return svg.replace(
    /(<(path|rect|line)\b[^>]*?\saria-label="([^"]*)"[^>]*?)(\/>|>(<\/\2>)?)/g,
    (_m, open: string, tag: string, label: string) => `${open}><title>${label}</title></${tag}>`,
  );
}
