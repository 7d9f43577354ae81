import type { LegOutcome, StudyFinding, StudyResult } from '../model/study.js';

/**
 * The legs of the roundabout study, by id (ids are for code; the report and the headline use each leg's title):
 * - `above-baseline` (a): exports to the destinations rose above their own pre-war baseline;
 * - `vs-controls` (b): more than exports to control destinations;
 * - `sanctioned-vs-other` (c): more for sanctioned goods than for other goods (triple difference);
 * - `mirror` (d): the destinations' own records — imports from the exporter, exports to the target, the mirror gap;
 * - `product-level`: the optional product-level leg (`productLevelLeg`), the EBRD's design on a product panel.
 */
export type Leg = 'above-baseline' | 'vs-controls' | 'sanctioned-vs-other' | 'mirror' | 'product-level';

/** Names of the single-series baselines `roundabout` can run. */
export type BaselineName =
  | 'seasonalTrend'
  | 'holtWinters'
  | 'stlForecast'
  | 'logLinearTrend'
  | 'preWarMean'
  | 'samePeriodPriorYear';

/**
 * The method of a baseline finding: the baseline's name, with the fit-window variant when it is not the stated
 * window, e.g. `seasonalTrend`, `holtWinters (excl. COVID)`, `stlForecast (fit to 2021-07)`.
 */
export type BaselineMethod =
  | BaselineName
  | `${BaselineName} (excl. COVID)`
  | `${BaselineName} (fit to ${string})`;

/**
 * The fields every roundabout finding has: the study contract's {@link StudyFinding}, with the leg typed.
 *
 * All money is in base units of `currency` over `window`; relative figures are fractions (0.25 = +25%).
 */
export interface FindingCore extends StudyFinding {
  /** Which leg of the claim it tests (the product-level leg's findings are {@link ProductLevelFinding}). */
  readonly leg: Exclude<Leg, 'product-level'>;
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

/**
 * A series against a fitted baseline (legs a and c): actual vs expected over the post-treatment window, with the
 * baseline's simulated interval and model-based p-value.
 */
export interface BaselineFinding extends FindingCore {
  readonly method: BaselineMethod;
  /** The baseline fitted. */
  readonly baseline: BaselineName;
  /**
   * For leg (a)'s specification curve: which declared baseline and which fit-window variant this finding is, and
   * whether the baseline passed its own pre-period checks. Absent on findings outside the curve (currency
   * variants, product groups).
   */
  readonly specification?: Specification;
}

/** Leg (a) on a series too coarse for a monthly baseline: post-war annual sums against the pre-war years. */
export interface AnnualSumsFinding extends FindingCore {
  readonly method: 'preWarMean (annual sums)';
  /** The rounding unit of the monthly values, in the finding's currency. */
  readonly roundingUnit: number;
}

/** One unit of a placebo (randomisation) distribution: its studentised rise. */
export interface PlaceboUnit {
  /** Destination code. */
  readonly unit: string;
  /** True for the destination tested (the others are control destinations). */
  readonly treated: boolean;
  /** Its log change divided by its own noise scale. */
  readonly value: number;
}

/** Leg (b): one destination's rise ranked among the control destinations' (randomisation test). */
export interface PlaceboFinding extends FindingCore {
  readonly method: 'placebo destinations';
  /** The control destinations it is ranked among. */
  readonly controls: readonly string[];
  /** Its rank among all assignments (1 = the largest rise), or `null` when no test could be run. */
  readonly rank: number | null;
  /** Number of assignments the rank is out of. */
  readonly assignments: number | null;
  /** Every unit's studentised rise (the destination and the controls), for a rank chart. */
  readonly distribution: readonly PlaceboUnit[];
}

/** Leg (b): a pooled difference in differences against control destinations or the other neighbours. */
export interface DidFinding extends FindingCore {
  readonly method: 'did';
  /** Against whom: clean control destinations (annual) or the other neighbours (monthly). */
  readonly comparison: 'controls' | 'other-neighbours';
  /** The treated destinations. */
  readonly treated: readonly string[];
  /** The comparison destinations. */
  readonly comparisonUnits: readonly string[];
}

/** Leg (c): sanctioned vs other goods × destinations vs comparison destinations × before vs after. */
export interface TripleDiffFinding extends FindingCore {
  readonly method: 'tripleDiff';
  /** Destinations with product-level data that entered as treated. */
  readonly treated: readonly string[];
  /** Comparison destinations that entered. */
  readonly comparisonUnits: readonly string[];
}

/** Leg (d): a flow as one side records it, post-war mean against the pre-war years. */
export interface MirrorGrowthFinding extends FindingCore {
  readonly method: 'preWarMean (annual)';
  /** Whose record the series is. */
  readonly recordedBy: string;
  /** The flow in the recorder's terms. */
  readonly flow: 'import' | 'export';
  /** True when some post-war values are the publisher's estimates, not the recorder's own records. */
  readonly estimated: boolean;
}

/** Leg (d): importer-reported imports against exporter-reported exports (after a CIF/FOB allowance). */
export interface MirrorGapFinding extends FindingCore {
  readonly method: 'mirrorGap';
  /** The gap before the war, as a fraction (importer ÷ adjusted exporter − 1), or `null`. */
  readonly preGap: number | null;
  /** The CIF/FOB allowance applied, a fraction. */
  readonly cifFob: number;
  /** Series id of the exporter-reported side (converted to the importer's currency). */
  readonly exporterSeriesId: string;
}

/**
 * The optional product-level leg (`productLevelLeg`): the EBRD's product-level design (`productLevelDesign`), PPML
 * on a product panel with absorbed fixed effects, each code treated from its own sanction date, randomisation
 * inference over destinations. Its `leg` is `product-level`.
 * `excessPct` is exp(β) − 1, `pctInterval` the cluster-robust interval (not valid with few clusters), `pValue` the
 * randomisation p (headline only).
 */
export interface ProductLevelFinding extends StudyFinding {
  readonly leg: 'product-level';
  readonly method: 'productLevelDesign';
  /** `headline`: every code, the treated destinations together; `destination`: one treated destination alone; `lens`: one sanction category's codes. */
  readonly role: 'headline' | 'destination' | 'lens';
  /** Which comparison was run. */
  readonly design: 'cross-destination' | 'sanctioned-vs-other';
  /** The treated destinations of this fit. */
  readonly treated: readonly string[];
  /** The comparison destinations. */
  readonly comparisonUnits: readonly string[];
  /** Product codes in the fit. */
  readonly products: number;
  /** Observations the PPML used (after separated ones were dropped). */
  readonly observations: number;
  /** Destination clusters of the standard errors. */
  readonly clusters: number | null;
  /** Assignments of the randomisation (the real one included), or `null` when it was not run. */
  readonly assignments: number | null;
  /** The smallest p the randomisation can give (1 ÷ assignments), or `null`. */
  readonly minimumP: number | null;
}

/**
 * One tested statement: an exporter × destination × product group × method, with the numbers behind it. A union
 * keyed by `method`: narrow on it to reach a family's own fields.
 *
 * @example
 * const f = result.findings[0]!;
 * if (f.method === 'mirrorGap') console.log(f.preGap);
 */
export type Finding =
  | BaselineFinding
  | AnnualSumsFinding
  | PlaceboFinding
  | DidFinding
  | TripleDiffFinding
  | MirrorGrowthFinding
  | MirrorGapFinding
  | ProductLevelFinding;

/** Method families of {@link Finding}. */
export type FindingMethod = Finding['method'];

/**
 * The verdict on one leg of the roundabout: the study contract's {@link LegOutcome}. `leg` is one of {@link Leg}
 * for the shipped legs, or the id of a leg of your own passed in `roundabout`'s `legs`.
 */
export interface LegVerdict extends LegOutcome {
  /** Which leg. */
  readonly leg: Leg | (string & {});
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

/** What {@link roundabout} returns: a {@link StudyResult} of roundabout findings, plus the mirror pairs. */
export interface RoundaboutResult extends StudyResult<Finding> {
  /** One verdict per leg. */
  readonly legs: readonly LegVerdict[];
  /** Mirror comparisons to chart. */
  readonly mirrorPairs: readonly MirrorPair[];
}
