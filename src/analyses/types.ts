import type { Currency } from '../model/currency.js';
import type { Frequency, Period } from '../model/period.js';
import type { Provenance } from '../model/provenance.js';
import type { Counterfactual, FitDiagnostics, Interval } from '../model/result.js';
import type { Series } from '../model/series.js';

/**
 * The four legs of the roundabout claim:
 * - `above-baseline` (a): exports to the destinations rose above their own pre-war baseline;
 * - `vs-controls` (b): more than exports to control destinations;
 * - `sanctioned-vs-other` (c): more for sanctioned goods than for other goods (triple difference);
 * - `mirror` (d): the destinations' own records — imports from the exporter, exports to Russia, the mirror gap.
 */
export type Leg = 'above-baseline' | 'vs-controls' | 'sanctioned-vs-other' | 'mirror';

/**
 * One tested statement: an exporter × destination × product group × method, with the numbers behind it.
 *
 * All money is in base units of `currency` over `window`; relative figures are fractions (0.25 = +25%).
 */
export interface Finding {
  /** Stable id, e.g. `above-baseline/EU27_2020/KG/TOTAL/seasonalTrend/EUR`. */
  readonly id: string;
  /** Which leg of the claim it tests. */
  readonly leg: Leg;
  /** Reporter of the exports (e.g. `EU27_2020`, `GB`) or, for mirror findings, the publisher of the figures. */
  readonly exporter: string;
  /** Destination (or the group, e.g. `CCA3`). */
  readonly destination: string;
  /** Product group label: `TOTAL`, `TOTAL_EX_HS27`, `sanctioned`, `other`, `chpl`… */
  readonly productGroup: string;
  /** Method: a baseline name, `did`, `tripleDiff`, `mirrorGap`, … */
  readonly method: string;
  /** Currency of money figures, or `null` for unit-free findings. */
  readonly currency: Currency | null;
  /** Frequency of the data used. */
  readonly frequency: Frequency;
  /** The post-treatment window the figures sum over. */
  readonly window: { readonly from: Period; readonly to: Period };
  /** Actual value summed over the window. */
  readonly actual: number | null;
  /** Expected (counterfactual) value summed over the window. */
  readonly expected: number | null;
  /** actual − expected. */
  readonly excess: number | null;
  /** excess ÷ expected, a fraction. */
  readonly excessPct: number | null;
  /** actual ÷ expected ("N× the baseline"). */
  readonly ratio: number | null;
  /** Interval for `excess` (absolute). */
  readonly interval: Interval;
  /** Interval for `excessPct`. */
  readonly pctInterval: Interval;
  /** p-value (placebo/permutation or model-based), when one exists. */
  readonly pValue: number | null;
  /** How `pValue` was obtained, e.g. `placebo destinations (n=38)`. */
  readonly pMethod: string | null;
  /** Pre-period fit of the baseline, where there is one. */
  readonly fit: FitDiagnostics | null;
  /** Plain-language caveats (near-zero base, COVID in the pre-period, few treated units, rounding…). */
  readonly warnings: readonly string[];
  /** One sentence that states the finding with its units, window, baseline and uncertainty. */
  readonly text: string;
  /** Ids of the series (`RoundaboutResult.series`) and counterfactual behind it, for charts. */
  readonly seriesId: string | null;
  /** See `seriesId`. */
  readonly counterfactualId: string | null;
  /**
   * For leg (a)'s specification curve: which declared baseline and which fit-window variant this finding is, and
   * whether the baseline passed its own pre-period checks. Absent on findings outside the curve (currency
   * variants, annual fallbacks, other legs).
   */
  readonly specification?: Specification;
}

/** One point of leg (a)'s specification curve: a declared baseline fitted on one variant of the fit window. */
export interface Specification {
  /** The baseline's name, e.g. `seasonalTrend`. */
  readonly baseline: string;
  /** The fit-window variant: the stated window, the stated window without the COVID months, or one ending earlier. */
  readonly fit: 'stated' | 'excl. COVID' | 'earlier end';
  /** The fit window actually used, `from..to`. */
  readonly fitWindow: string;
  /** True when the baseline passed every pre-period check it runs (`fit.failedChecks` is empty). */
  readonly passesChecks: boolean;
}

/** The verdict on one leg, in words the numbers support. */
export interface LegVerdict {
  /** Which leg. */
  readonly leg: Leg;
  /** Short title, e.g. "Exports to KZ/AM/KG rose above their pre-war path". */
  readonly title: string;
  /**
   * `supported`, `not-supported`, `mixed`, or `cannot-tell` when the shipped data cannot answer it. Decided by the
   * fixed rule stated in {@link LegVerdict.rule} — a summary for readers, not a test of its own.
   */
  readonly status: 'supported' | 'not-supported' | 'mixed' | 'cannot-tell';
  /** One paragraph stating the evidence, with units, windows, baselines and uncertainty. */
  readonly text: string;
  /** The rule that turned the findings into {@link LegVerdict.status}, in words (with the level used). */
  readonly rule: string;
  /** The findings behind it. */
  readonly findingIds: readonly string[];
}

/** A pair of series compared in the mirror leg (exporter-reported vs importer-reported). */
export interface MirrorPair {
  /** Id, e.g. `EU27_2020->KG`. */
  readonly id: string;
  /** Series id of the exporter-reported flow. */
  readonly exporterSeriesId: string;
  /** Series id of the importer-reported flow (converted to the exporter's currency). */
  readonly importerSeriesId: string;
}

/** What {@link roundabout} returns: findings, verdicts, and everything a report needs to draw them. */
export interface RoundaboutResult {
  /** The options it ran with, defaults resolved. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Every finding. */
  readonly findings: readonly Finding[];
  /** One verdict per leg. */
  readonly legs: readonly LegVerdict[];
  /** The headline in one or two sentences. */
  readonly verdict: string;
  /** Series used, by id. */
  readonly series: Readonly<Record<string, Series>>;
  /** Counterfactuals fitted, by id. */
  readonly counterfactuals: Readonly<Record<string, Counterfactual>>;
  /** Mirror comparisons to chart. */
  readonly mirrorPairs: readonly MirrorPair[];
  /** Provenance of every dataset used. */
  readonly provenance: readonly Provenance[];
  /** Methods, in words, for the report's methods section. */
  readonly methods: readonly string[];
  /** Caveats that apply to the whole analysis. */
  readonly warnings: readonly string[];
}
