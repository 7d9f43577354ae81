/**
 * The contract between a study (the analysis layer) and whatever renders it (the report, the CLI, a notebook).
 *
 * A study is a list of legs; running it gives a {@link StudyResult}: findings, one {@link LegOutcome} per leg (its
 * question, verdict, the charts it asks for and its methods), and the series and counterfactuals those charts
 * draw. Charts are requested as data ({@link ChartRequest}); the renderer decides how to draw each kind. Nothing
 * here knows about a particular study, country or date, so a report renders any study by walking its legs.
 *
 * @module
 */
import type { Currency } from './currency.js';
import type { Frequency, Period } from './period.js';
import type { Provenance } from './provenance.js';
import type { Counterfactual, FitDiagnostics, Interval } from './result.js';
import type { Series } from './series.js';

/**
 * What a renderer needs of a finding. Every study's findings satisfy it (the roundabout's `Finding` union does).
 * Money is in base units of `currency` over `window`; relative figures are fractions (0.25 = +25%).
 */
export interface StudyFinding {
  /** Stable id. */
  readonly id: string;
  /** Id of the leg it belongs to. */
  readonly leg: string;
  /** Reporter of the figures (a country code or an aggregate such as `EU27_2020`). */
  readonly exporter: string;
  /** Destination, or the group of destinations. */
  readonly destination: string;
  /** Product group label. */
  readonly productGroup: string;
  /** Method id (a literal in each study's own finding type). */
  readonly method: string;
  /** Currency of money figures, or `null` for unit-free findings. */
  readonly currency: Currency | null;
  /** Frequency of the data used. */
  readonly frequency: Frequency;
  /** The window the figures sum over. */
  readonly window: { readonly from: Period; readonly to: Period };
  /** Actual value summed over the window. */
  readonly actual: number | null;
  /** Expected (counterfactual) value summed over the window. */
  readonly expected: number | null;
  /** actual − expected. */
  readonly excess: number | null;
  /** excess ÷ expected, a fraction. */
  readonly excessPct: number | null;
  /** actual ÷ expected. */
  readonly ratio: number | null;
  /** Interval for `excess`. */
  readonly interval: Interval;
  /** Interval for `excessPct`. */
  readonly pctInterval: Interval;
  /** p-value, when one exists. */
  readonly pValue: number | null;
  /** How `pValue` was obtained, in words. */
  readonly pMethod: string | null;
  /** Pre-period fit diagnostics, where there are any. */
  readonly fit: FitDiagnostics | null;
  /** Plain-language caveats. */
  readonly warnings: readonly string[];
  /** One sentence stating the finding with its units, window, baseline and uncertainty. */
  readonly text: string;
  /** Id of the series behind it (`StudyResult.series`), for charts and tooltips. */
  readonly seriesId: string | null;
  /** Id of the counterfactual behind it (`StudyResult.counterfactuals`). */
  readonly counterfactualId: string | null;
}

/** Where the figures of a chart come from, e.g. `Eurostat Comext (DS-045409), ONS; baselines: roundabout`. */
export type SourceLine = string;

/** Fields every chart request has. */
export interface ChartBase {
  /** Unique within the result, usable as an HTML id. */
  readonly id: string;
  /** Title in words (names, not codes). */
  readonly title: string;
  /** One or two sentences a reader needs to read the chart (units, window, baseline, level). */
  readonly caption: string;
  /** Where the data come from; drawn under the chart. */
  readonly source: SourceLine;
}

/** One panel of a small-multiples or single actual-vs-baseline chart. */
export interface BaselinePanel {
  /** Panel label in words, e.g. `EU → Kazakhstan`. */
  readonly label: string;
  /** The actual series (`StudyResult.series`). */
  readonly seriesId: string;
  /** Counterfactuals to draw with their bands (`StudyResult.counterfactuals`); the first is the emphasised one. */
  readonly counterfactualIds: readonly string[];
}

/**
 * A chart a leg asks for, as data. Kinds:
 * - `baseline`: actual vs counterfactual(s) with bands, one or more panels (small multiples when several);
 * - `forest`: point estimates with intervals, one row per specification;
 * - `rank`: a distribution of a statistic over units (e.g. control destinations), some units marked;
 * - `indexed-lines`: series indexed to their mean over `base` (= 100);
 * - `mirror`: exporter-reported vs importer-reported flows, pair by pair;
 * - `table`: rows of cells, optionally with a separate CSV file for the full table.
 */
export type ChartRequest =
  | (ChartBase & {
      readonly kind: 'baseline';
      readonly panels: readonly BaselinePanel[];
      /** First post-treatment period (drawn as a rule), or `null`. */
      readonly treatment: Period | null;
    })
  | (ChartBase & {
      readonly kind: 'forest';
      /** How estimates are expressed: fractions (`pct`) or ratios (`ratio`, 1 = no change). */
      readonly scale: 'pct' | 'ratio';
      readonly rows: readonly {
        readonly label: string;
        /** Grouping of rows (e.g. the series), drawn as a facet or colour. */
        readonly group: string;
        readonly estimate: number | null;
        readonly lower: number | null;
        readonly upper: number | null;
        /** False when the specification failed its own checks (drawn faded). */
        readonly counted: boolean;
        readonly findingId: string | null;
      }[];
    })
  | (ChartBase & {
      readonly kind: 'rank';
      /** The statistic ranked, in words with its unit. */
      readonly statistic: string;
      readonly units: readonly {
        readonly code: string;
        readonly label: string;
        readonly value: number;
        /** Marked units (the destinations under study). */
        readonly marked: boolean;
      }[];
    })
  | (ChartBase & {
      readonly kind: 'indexed-lines';
      readonly lines: readonly { readonly label: string; readonly seriesId: string }[];
      /** Periods whose mean is 100. */
      readonly base: readonly [Period, Period];
      readonly treatment: Period | null;
    })
  | (ChartBase & {
      readonly kind: 'mirror';
      readonly pairs: readonly {
        readonly label: string;
        readonly exporterSeriesId: string;
        readonly importerSeriesId: string;
      }[];
      readonly treatment: Period | null;
    })
  | (ChartBase & {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly (string | number | null)[])[];
      /** Rows in the full table when `rows` shows only the top ones. */
      readonly totalRows: number;
      /** File name of the full table written next to the report, when there is one. */
      readonly fullTableFile: string | null;
    });

/** Kinds of {@link ChartRequest}. */
export type ChartKind = ChartRequest['kind'];

/** Verdict statuses a leg can reach. */
export type VerdictStatus = 'supported' | 'not-supported' | 'mixed' | 'cannot-tell';

/** One leg of a study after it ran: its question, verdict, charts and methods. */
export interface LegOutcome {
  /** Leg id, e.g. `above-baseline`. */
  readonly leg: string;
  /** Short title in words. */
  readonly title: string;
  /** The question the leg answers, in one sentence. */
  readonly question: string;
  /** Verdict, decided by {@link LegOutcome.rule}. */
  readonly status: VerdictStatus;
  /** One paragraph stating the evidence. */
  readonly text: string;
  /** The rule that turned the findings into the status, in words. */
  readonly rule: string;
  /** Findings behind the verdict. */
  readonly findingIds: readonly string[];
  /** Charts the leg asks the renderer to draw, in order. */
  readonly charts: readonly ChartRequest[];
  /** The leg's methods, in words. */
  readonly methods: readonly string[];
  /** Caveats that concern this leg as a whole (each stated once; findings carry their own). */
  readonly caveats: readonly string[];
}

/** What running a study gives: everything a renderer needs, with nothing specific to one study. */
export interface StudyResult<F extends StudyFinding = StudyFinding> {
  /** Study id, e.g. `roundabout` or `screen`. */
  readonly study: string;
  /** Title in words. */
  readonly title: string;
  /** The question the study asks, in one sentence. */
  readonly question: string;
  /** The headline in one or two sentences. */
  readonly verdict: string;
  /** The options it ran with, defaults resolved. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Every finding. */
  readonly findings: readonly F[];
  /** One outcome per leg, in the order the study argues. */
  readonly legs: readonly LegOutcome[];
  /** Charts for the first screen (e.g. the headline small multiples), drawn before the legs. */
  readonly headlineCharts: readonly ChartRequest[];
  /** Series used, by id. */
  readonly series: Readonly<Record<string, Series>>;
  /** Counterfactuals fitted, by id. */
  readonly counterfactuals: Readonly<Record<string, Counterfactual>>;
  /** Provenance of every dataset used. */
  readonly provenance: readonly Provenance[];
  /** Methods, in words, that concern the whole study. */
  readonly methods: readonly string[];
  /** Caveats that apply to the whole study. */
  readonly warnings: readonly string[];
  /** Names for codes that appear in findings and series (countries, aggregates, product groups). */
  readonly names: Readonly<Record<string, string>>;
}
