import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Provenance } from '../model/provenance.js';
import type { ChartRequest, LegOutcome, StudyFinding, StudyResult } from '../model/study.js';
import type { ScreenResult, ScreenRow } from './screen.js';
import { nameOf, provenanceLine } from './study.js';

/** Options of {@link screenStudy}. */
export interface ScreenStudyOptions {
  /** Rows shown in the table (and turned into findings); the full table goes to `fullTableFile`. Default 200. */
  readonly top?: number;
  /** File name of the full table written next to the report. Default `screen-full.csv`. */
  readonly fullTableFile?: string;
  /** Provenance of the screened series, for the source line and the result. Default none. */
  readonly provenance?: readonly Provenance[];
  /** Title in words. Default `Screen of <n> series against their own baseline`. */
  readonly title?: string;
}

/** One screened series as a study finding (leg `screen`); `method` is `screen`. */
export interface ScreenFinding extends StudyFinding {
  readonly leg: 'screen';
  readonly method: 'screen';
  /** The row of the screen table behind it. */
  readonly row: ScreenRow;
}

/**
 * The columns of the screen table, in order (the table a screen study's report and CSV download show).
 *
 * @example
 * import { SCREEN_TABLE_COLUMNS } from 'trade-roundabout';
 * SCREEN_TABLE_COLUMNS.length; // => 13
 */
export const SCREEN_TABLE_COLUMNS = [
  'Rank',
  'Reporter',
  'Partner',
  'Product',
  'Flow',
  'Actual',
  'Expected',
  'Excess %',
  'z',
  'p',
  'q',
  'Significant',
  'Flags',
] as const;

/** One row of the screen table as cells, in the order of {@link SCREEN_TABLE_COLUMNS}. */
function screenTableRow(r: ScreenRow): (string | number | null)[] {
  return [
    r.rank,
    r.reporter,
    r.partner,
    r.product,
    r.flow,
    r.actual,
    r.expected,
    r.excessPct,
    r.z,
    r.p,
    r.q,
    r.significant === null ? null : r.significant ? 'yes' : 'no',
    r.flags.join(' '),
  ];
}

function findingOf(r: ScreenRow, s: ScreenResult): ScreenFinding {
  const level = 1 - s.settings.alpha;
  return {
    id: `screen/${r.id}`,
    leg: 'screen',
    exporter: r.reporter,
    destination: r.partner,
    productGroup: r.product,
    method: 'screen',
    currency: s.currency as Currency,
    frequency: 'monthly',
    window: { from: s.settings.from, to: s.settings.to },
    actual: r.actual,
    expected: r.expected,
    excess: r.excess,
    excessPct: r.excessPct,
    ratio: r.excessPct === null ? null : 1 + r.excessPct,
    interval: { lower: null, upper: null, level },
    pctInterval: { lower: null, upper: null, level },
    pValue: r.p,
    pMethod: `t test of the mean post-period log excess over the ${s.baseline} baseline (${s.settings.alternative}); q by ${s.settings.fdrMethod === 'bh' ? 'Benjamini–Hochberg' : 'Benjamini–Yekutieli'} over ${s.tested} tested series`,
    fit: null,
    warnings: r.flags.map((f) => `flag: ${f}`),
    text:
      `${r.reporter} ${r.flow}s of ${r.product} ${r.flow === 'export' ? 'to' : 'from'} ${r.partner}, ${s.settings.from}..${s.settings.to}: ` +
      (r.tested
        ? `excess ${r.excessPct === null ? 'n/a' : `${Math.round(r.excessPct * 100)}%`} over the ${s.baseline} baseline fitted on ${s.settings.fit.join('..')} (z ${r.z?.toFixed(2) ?? 'n/a'}, p ${r.p?.toPrecision(2) ?? 'n/a'}, q ${r.q?.toPrecision(2) ?? 'n/a'}).`
        : `not tested (${r.flags.join(', ') || 'guards'}).`),
    seriesId: null,
    counterfactualId: null,
    row: r,
  };
}

/**
 * A `screen()` result as a one-leg study, so any study renderer draws it: the leg's verdict counts the series whose
 * q is at most alpha, and its one chart is a `table` of the top rows (`totalRows` says how many there are; the full
 * table is meant for `fullTableFile`, written next to the report, not embedded).
 *
 * @param result - what `screen` returned
 * @param options - rows to show (default 200), the full table's file name, provenance, title
 * @returns the study result (findings: the top rows)
 * @throws {OptionsError} when `top` is not a positive integer
 * @example
 * const r = screenStudy({ method: 'screen', baseline: 'seasonalTrend', settings: { fit: ['2019-01', '2022-01'],
 *   from: '2022-03', to: '2023-12', point: 'mean', alternative: 'greater', alpha: 0.05, fdrMethod: 'bh',
 *   minBase: 0, minMonths: 24, minPostMonths: 6 }, currency: 'EUR', series: 0, tested: 0, significant: 0,
 *   rows: [], warnings: [] });
 * r.legs[0]!.status; // => 'cannot-tell'
 */
export function screenStudy(
  result: ScreenResult,
  options: ScreenStudyOptions = {},
): StudyResult<ScreenFinding> {
  const top = options.top ?? 200;
  if (!Number.isInteger(top) || top < 1)
    throw new OptionsError(`screenStudy requires top to be a positive integer, got ${top}`);
  const s = result.settings;
  const shown = result.rows.slice(0, top);
  const findings = shown.map((r) => findingOf(r, result));
  const provenance = options.provenance ?? [];
  const source = provenanceLine(provenance);
  const table: ChartRequest = {
    kind: 'table',
    id: 'screen-table',
    title: `The ${Math.min(top, result.rows.length)} series ranked first of ${result.rows.length}`,
    caption:
      `Money in ${result.currency} summed over ${s.from}..${s.to}; excess against the ${result.baseline} baseline fitted on ` +
      `${s.fit.join('..')}; tested series first, smallest p first; q ≤ ${s.alpha} is significant (${s.fdrMethod === 'bh' ? 'Benjamini–Hochberg' : 'Benjamini–Yekutieli'}).`,
    source,
    columns: [...SCREEN_TABLE_COLUMNS],
    rows: shown.map(screenTableRow),
    totalRows: result.rows.length,
    fullTableFile: options.fullTableFile ?? 'screen-full.csv',
  };
  const status: LegOutcome['status'] =
    result.tested === 0 ? 'cannot-tell' : result.significant > 0 ? 'supported' : 'not-supported';
  const text =
    result.tested === 0
      ? `None of the ${result.series} series passed the guards, so none was tested.`
      : `${result.significant} of ${result.tested} tested series (of ${result.series} screened) rose ${s.alternative === 'less' ? 'below' : 'above'} their own baseline with q ≤ ${s.alpha}.`;
  const leg: LegOutcome = {
    leg: 'screen',
    title: 'Series that moved away from their own baseline',
    question: `Which series moved ${s.alternative === 'less' ? 'below' : s.alternative === 'greater' ? 'above' : 'away from'} their own ${result.baseline} baseline after ${s.from}, once the false discovery rate is controlled?`,
    status,
    text,
    rule: `Supported: at least one tested series has q ≤ ${s.alpha}; not supported: none has; cannot tell: no series was tested.`,
    findingIds: findings.map((f) => f.id),
    charts: [table],
    methods: [
      `Each series' ${result.baseline} baseline is fitted on ${s.fit.join('..')} and compared with ${s.from}..${s.to}; the test is a t test of the mean post-period log excess (GLS with AR(1) errors, integrated over the posterior of ρ), ${s.alternative}; q-values by ${s.fdrMethod === 'bh' ? 'Benjamini–Hochberg' : 'Benjamini–Yekutieli'} over the tested series. ` +
        `Guards: a pre-period mean of at least ${s.minBase} a month, ${s.minMonths} positive fit months, ${s.minPostMonths} post months.`,
    ],
    caveats: result.warnings,
  };
  const names: Record<string, string> = {};
  for (const r of shown)
    for (const c of [r.reporter, r.partner]) {
      const n = nameOf(c);
      if (n !== c) names[c] = n;
    }
  return {
    study: 'screen',
    title: options.title ?? `Screen of ${result.series} series against their own baseline`,
    question: leg.question,
    verdict: text,
    options: { ...s, baseline: result.baseline, currency: result.currency, top },
    findings,
    legs: [leg],
    headlineCharts: [],
    series: {},
    counterfactuals: {},
    provenance,
    methods: [],
    warnings: result.warnings,
    names,
  };
}
