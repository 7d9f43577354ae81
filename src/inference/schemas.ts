import type { z } from 'zod';

import { lazySchema, type Zod } from '../shared/zod.js';

const num = lazySchema((z) => z.number());
const nnum = lazySchema((z) => z.number().nullable());

/**
 * zod schema of an {@link Interval}-shaped record: bounds (`null` where undefined) and the coverage level.
 *
 * @example
 * import { InferenceIntervalSchema } from 'trade-roundabout';
 * InferenceIntervalSchema.parse({ lower: 0.1, upper: 0.4, level: 0.95 }).level; // => 0.95
 */
export const InferenceIntervalSchema = lazySchema((z) => z.object({ lower: nnum, upper: nnum, level: num }));

/**
 * zod schema of one estimated coefficient: estimate, standard error, test statistic with its degrees of freedom
 * (`null` = normal reference), two-sided p-value and interval. Undefined quantities are `null`, never NaN.
 *
 * @example
 * import { CoefficientSchema } from 'trade-roundabout';
 * const c = { term: 'D', estimate: 0.5, se: 0.1, statistic: 5, df: 4, p: 0.007,
 *   interval: { lower: 0.22, upper: 0.78, level: 0.95 } };
 * CoefficientSchema.safeParse(c).success; // => true
 * CoefficientSchema.safeParse({ ...c, se: Number.NaN }).success; // => false
 */
export const CoefficientSchema = lazySchema((z) =>
  z.object({
    term: z.string(),
    estimate: nnum,
    se: nnum,
    statistic: nnum,
    df: nnum,
    p: nnum,
    interval: InferenceIntervalSchema,
  }),
);
/** One estimated coefficient (see {@link CoefficientSchema}). */
export type Coefficient = z.infer<typeof CoefficientSchema>;

/**
 * zod schema of a percentage effect derived from a log-scale coefficient: exp(δ) − 1 as a fraction (0.25 = +25%),
 * with the interval transformed the same way.
 *
 * @example
 * import { PercentEffectSchema } from 'trade-roundabout';
 * PercentEffectSchema.parse({ estimate: 0.25, interval: { lower: 0.1, upper: 0.42, level: 0.95 } }).estimate; // => 0.25
 */
export const PercentEffectSchema = lazySchema((z) =>
  z.object({ estimate: nnum, interval: InferenceIntervalSchema }),
);
/** A percentage effect (see {@link PercentEffectSchema}). */
export type PercentEffect = z.infer<typeof PercentEffectSchema>;

const SampleSchema = lazySchema((z) =>
  z.object({
    /** Regression cross-sections (unit × group). */
    units: num,
    treatedUnits: num,
    clusters: nnum,
    treatedClusters: nnum,
    periods: num,
    /** Observations dropped: `null` outcomes, and non-positive ones in logs. */
    dropped: num,
    /** Parameters counted in the small-sample correction (fixed-effect rank + regressors). */
    parameters: num,
  }),
);

/**
 * zod schema of a {@link DidResult}.
 *
 * @example
 * import { DidResultSchema } from 'trade-roundabout';
 * DidResultSchema.shape.method.parse('did-twfe'); // => 'did-twfe'
 */
export const DidResultSchema = lazySchema((z) =>
  z.object({
    method: z.enum(['did-2x2', 'did-twfe']),
    term: z.string(),
    estimate: nnum,
    se: nnum,
    statistic: nnum,
    df: nnum,
    p: nnum,
    interval: InferenceIntervalSchema,
    n: num,
    percentEffect: PercentEffectSchema.nullable(),
    settings: z.object({
      outcome: z.enum(['log', 'level']),
      fixedEffects: z.enum(['twoway', 'none']),
      vcov: z.enum(['cluster', 'cr2', 'hc1']),
      level: num,
    }),
    diagnostics: SampleSchema.extend({
      prePeriods: num,
      postPeriods: num,
      /** Mean outcome (after the log, if any) of the four cells. */
      cellMeans: z.object({ treatedPre: nnum, treatedPost: nnum, controlPre: nnum, controlPost: nnum }),
    }),
    warnings: z.array(z.string()),
  }),
);
/** Result of `did`: the DiD coefficient δ with cluster-robust inference. */
export type DidResult = z.infer<typeof DidResultSchema>;

/**
 * zod schema of a {@link TripleDiffResult}.
 *
 * @example
 * import { TripleDiffResultSchema } from 'trade-roundabout';
 * TripleDiffResultSchema.shape.method.parse('ddd-fe'); // => 'ddd-fe'
 */
export const TripleDiffResultSchema = lazySchema((z) =>
  z.object({
    method: z.enum(['ddd-fe', 'ddd-saturated']),
    term: z.string(),
    estimate: nnum,
    se: nnum,
    statistic: nnum,
    df: nnum,
    p: nnum,
    interval: InferenceIntervalSchema,
    n: num,
    percentEffect: PercentEffectSchema.nullable(),
    settings: z.object({
      outcome: z.enum(['log', 'level']),
      fixedEffects: z.enum(['full', 'none']),
      treatedGroup: z.string(),
      vcov: z.enum(['cluster', 'cr2', 'hc1']),
      level: num,
    }),
    diagnostics: SampleSchema.extend({ groups: z.array(z.string()) }),
    warnings: z.array(z.string()),
  }),
);
/** Result of `tripleDiff`: the treated × group × post coefficient. */
export type TripleDiffResult = z.infer<typeof TripleDiffResultSchema>;

/**
 * zod schema of one relative-time coefficient of an event study.
 *
 * @example
 * import { EventCoefficientSchema } from 'trade-roundabout';
 * EventCoefficientSchema.shape.relativeTime.parse(-2); // => -2
 */
export const EventCoefficientSchema = lazySchema(() =>
  CoefficientSchema.extend({
    /** Periods since treatment (0 = first treated period). */
    relativeTime: num,
    /** Observations of treated units at this relative time. */
    n: num,
  }),
);
/** One relative-time coefficient (see {@link EventCoefficientSchema}). */
export type EventCoefficient = z.infer<typeof EventCoefficientSchema>;

/**
 * zod schema of an {@link EventStudyResult}.
 *
 * @example
 * import { EventStudyResultSchema } from 'trade-roundabout';
 * EventStudyResultSchema.shape.method.parse('sun-abraham'); // => 'sun-abraham'
 */
export const EventStudyResultSchema = lazySchema((z) =>
  z.object({
    method: z.enum(['sun-abraham', 'twfe']),
    /** The average of the post-treatment coefficients (relative times 0..lags), the headline. */
    estimate: nnum,
    se: nnum,
    statistic: nnum,
    df: nnum,
    p: nnum,
    interval: InferenceIntervalSchema,
    n: num,
    percentEffect: PercentEffectSchema.nullable(),
    coefficients: z.array(EventCoefficientSchema),
    /**
     * Joint test that all leads (except the reference) are zero: a CR2 Wald test with the HTZ small-sample F(q, df2)
     * with 10 or more treated units; with fewer, a permutation test over the adoption dates (`statistic` is the
     * permutation statistic and `df2` is `null`).
     */
    preTrend: z.object({ statistic: nnum, df1: num, df2: nnum, p: nnum }).nullable(),
    cohorts: z.array(z.object({ cohort: z.string(), units: num })),
    settings: z.object({
      outcome: z.enum(['log', 'level']),
      leads: num,
      lags: num,
      reference: num,
      control: z.enum(['never-treated', 'last-treated']),
      level: num,
    }),
    diagnostics: SampleSchema,
    warnings: z.array(z.string()),
  }),
);
/** Result of `eventStudy`. */
export type EventStudyResult = z.infer<typeof EventStudyResultSchema>;

/**
 * zod schema of the randomisation-inference summary of `ppml` and `feols` (their `randomization` option): the
 * statistic on the real assignment, the two-sided p over the assignments of the treatment paths to units, and
 * their counts.
 *
 * @example
 * import { RandomizationSummarySchema } from 'trade-roundabout';
 * RandomizationSummarySchema.shape.statistic.parse('t'); // => 't'
 */
export const RandomizationSummarySchema = lazySchema((z) =>
  z.object({
    /** Field of the units the treatment paths are assigned to. */
    unit: z.string(),
    statistic: z.enum(['t', 'coefficient']),
    observed: nnum,
    /** Two-sided: share of assignments with |S| ≥ |S_real|, the real one included. */
    p: nnum,
    assignments: num,
    enumerated: z.boolean(),
    units: num,
    treatedUnits: num,
    failed: num,
    seed: num,
  }),
);
/** Randomisation-inference summary (see {@link RandomizationSummarySchema}). */
export type RandomizationSummary = z.infer<typeof RandomizationSummarySchema>;

/**
 * Fields `ppml` and `feols` share: the headline regressor (the first) with its coefficient, se, statistic (z for
 * `ppml`, t with `df` for `feols`), p and interval; n; exp(β) − 1 (`null` where β is not a log effect); every
 * coefficient.
 */
const hdfeHeadline = (z: Zod) => ({
  term: z.string(),
  estimate: nnum,
  se: nnum,
  statistic: nnum,
  df: nnum,
  p: nnum,
  interval: InferenceIntervalSchema,
  n: num,
  percentEffect: PercentEffectSchema.nullable(),
  coefficients: z.array(CoefficientSchema),
});

/** Diagnostics `ppml` and `feols` share: fixed-effect levels, cluster counts, whether a non-PSD V was fixed. */
const hdfeClusterDiagnostics = (z: Zod) => ({
  fixedEffectLevels: z.array(num),
  /** Clusters (the smaller count when two-way), `null` without clustering. */
  clusters: nnum,
  /** Clusters in each cluster dimension. */
  clusterCounts: z.array(num),
  /** True when a non-PSD two-way covariance had its negative eigenvalues set to 0. */
  vcovFixed: z.boolean(),
});

/**
 * zod schema of a {@link PpmlResult}.
 *
 * @example
 * import { PpmlResultSchema } from 'trade-roundabout';
 * PpmlResultSchema.shape.method.parse('ppml'); // => 'ppml'
 */
export const PpmlResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('ppml'),
    ...hdfeHeadline(z),
    settings: z.object({
      outcome: z.string(),
      regressors: z.array(z.string()),
      fixedEffects: z.array(z.string()),
      vcov: z.enum(['HC0', 'cluster']),
      /** The cluster field, or the two fields of two-way clustering. */
      cluster: z.union([z.string(), z.array(z.string())]).nullable(),
      /** How two-way cluster terms are corrected: each its own G (`conventional`) or min(G) (`min`). */
      clusterDf: z.enum(['conventional', 'min']),
      /** The small-sample correction applied, in words (to match a reference). */
      correction: z.string(),
      level: num,
      tolerance: num,
      maxIterations: num,
    }),
    diagnostics: z.object({
      iterations: num,
      converged: z.boolean(),
      deviance: nnum,
      /** Observations dropped because their fixed-effect group has only zero outcomes (separation). */
      separated: num,
      /** Observations dropped for a missing outcome or regressor. */
      missing: num,
      ...hdfeClusterDiagnostics(z),
    }),
    /** Randomisation inference over cluster units, when asked for. */
    randomization: RandomizationSummarySchema.nullable(),
    warnings: z.array(z.string()),
  }),
);
/** Result of `ppml`. */
export type PpmlResult = z.infer<typeof PpmlResultSchema>;

/**
 * zod schema of a {@link FeolsResult}.
 *
 * @example
 * import { FeolsResultSchema } from 'trade-roundabout';
 * FeolsResultSchema.shape.method.parse('feols'); // => 'feols'
 */
export const FeolsResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('feols'),
    ...hdfeHeadline(z),
    settings: z.object({
      outcome: z.string(),
      transform: z.enum(['log', 'none']),
      regressors: z.array(z.string()),
      fixedEffects: z.array(z.string()),
      vcov: z.enum(['HC0', 'HC1', 'cluster']),
      cluster: z.union([z.string(), z.array(z.string())]).nullable(),
      clusterDf: z.enum(['conventional', 'min']),
      correction: z.string(),
      singletons: z.enum(['keep', 'drop']),
      level: num,
    }),
    diagnostics: z.object({
      /** Rows dropped for a missing outcome, regressor or label. */
      missing: num,
      /** Observations dropped because the outcome was zero or negative (log only). */
      nonPositive: num,
      /** Singleton observations dropped (`singletons: 'drop'`). */
      singletons: num,
      /** Parameters counted in the small-sample correction (fixed-effect rank + kept regressors). */
      parameters: num,
      ...hdfeClusterDiagnostics(z),
    }),
    randomization: RandomizationSummarySchema.nullable(),
    warnings: z.array(z.string()),
  }),
);
/** Result of `feols`. */
export type FeolsResult = z.infer<typeof FeolsResultSchema>;

/**
 * zod schema of a {@link PlaceboResult}.
 *
 * @example
 * import { PlaceboResultSchema } from 'trade-roundabout';
 * PlaceboResultSchema.shape.method.parse('placeboUnits'); // => 'placeboUnits'
 */
export const PlaceboResultSchema = lazySchema((z) =>
  z.object({
    method: z.enum(['placeboDates', 'placeboUnits', 'placeboGroups']),
    /** The statistic on the real assignment. */
    estimate: nnum,
    /** Permutation p-value (1 + #{placebo at least as extreme}) / (1 + #placebos), in (0, 1]; `null` if undefined. */
    p: nnum,
    /** Number of placebo statistics that were defined (used in `p`). */
    n: num,
    placebos: z.array(z.object({ label: z.string(), estimate: nnum })),
    settings: z.object({ alternative: z.enum(['greater', 'less', 'two-sided']) }).catchall(z.unknown()),
    warnings: z.array(z.string()),
  }),
);
/** Result of `placeboDates`, `placeboUnits` and `placeboGroups`. */
export type PlaceboResult = z.infer<typeof PlaceboResultSchema>;

/**
 * zod schema of a {@link BootstrapResult}.
 *
 * @example
 * import { BootstrapResultSchema } from 'trade-roundabout';
 * BootstrapResultSchema.shape.method.parse('blockBootstrap'); // => 'blockBootstrap'
 */
export const BootstrapResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('blockBootstrap'),
    /** The statistic on the original data. */
    estimate: nnum,
    /** Standard deviation of the bootstrap replicates. */
    se: nnum,
    /** Percentile interval of the replicates. */
    interval: InferenceIntervalSchema,
    p: z.null(),
    /** Observations resampled (non-null values). */
    n: num,
    settings: z.object({
      type: z.enum(['moving', 'circular', 'stationary']),
      blockLength: num,
      draws: num,
      seed: num,
      level: num,
    }),
    diagnostics: z.object({ validDraws: num, droppedNulls: num }),
    warnings: z.array(z.string()),
  }),
);
/** Result of `blockBootstrap`. */
export type BootstrapResult = z.infer<typeof BootstrapResultSchema>;

/**
 * zod schema of a {@link WildBootstrapResult}.
 *
 * @example
 * import { WildBootstrapResultSchema } from 'trade-roundabout';
 * WildBootstrapResultSchema.shape.method.parse('wild-cluster-bootstrap'); // => 'wild-cluster-bootstrap'
 */
export const WildBootstrapResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('wild-cluster-bootstrap'),
    term: z.string(),
    estimate: nnum,
    /** The CR1 standard error of the original fit. */
    se: nnum,
    /** The CR1 t statistic for the null. */
    statistic: nnum,
    /** Bootstrap p-value: share of bootstrap |t*| ≥ |t| (symmetric, two-sided). */
    p: nnum,
    /** Confidence set by test inversion (WCR) or percentile-t (WCU); a `null` bound means unbounded at this level. */
    interval: InferenceIntervalSchema,
    n: num,
    percentEffect: PercentEffectSchema.nullable(),
    settings: z.object({
      outcome: z.enum(['log', 'level']),
      fixedEffects: z.enum(['twoway', 'none']),
      weights: z.enum(['rademacher', 'webb']),
      draws: num,
      seed: num,
      imposeNull: z.boolean(),
      null: num,
      level: num,
    }),
    diagnostics: z.object({
      clusters: num,
      treatedClusters: num,
      /** True when all 2^G Rademacher sign vectors were used instead of random draws. */
      enumerated: z.boolean(),
      draws: num,
    }),
    warnings: z.array(z.string()),
  }),
);
/** Result of `wildClusterBootstrap`. */
export type WildBootstrapResult = z.infer<typeof WildBootstrapResultSchema>;

/**
 * zod schema of an {@link FdrResult}.
 *
 * @example
 * import { FdrResultSchema } from 'trade-roundabout';
 * FdrResultSchema.shape.method.parse('bh'); // => 'bh'
 */
export const FdrResultSchema = lazySchema((z) =>
  z.object({
    method: z.enum(['bh', 'by']),
    alpha: num,
    /** Non-null p-values tested. */
    m: num,
    /** Adjusted p-values in input order; `null` where the input was `null`. */
    adjusted: z.array(nnum),
    /** Whether each hypothesis is rejected at `alpha`; `null` where the input was `null`. */
    rejected: z.array(z.boolean().nullable()),
    rejections: num,
  }),
);
/** Result of `fdr`. */
export type FdrResult = z.infer<typeof FdrResultSchema>;

/**
 * zod schema of a {@link RandomizationResult}.
 *
 * @example
 * import { RandomizationResultSchema } from 'trade-roundabout';
 * RandomizationResultSchema.shape.method.parse('randomization-test'); // => 'randomization-test'
 */
export const RandomizationResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('randomization-test'),
    term: z.string(),
    /**
     * The additive effect (log points in logs) that makes the treated units' statistic the median of its
     * randomisation distribution — a Hodges–Lehmann-type estimate consistent with `interval`.
     */
    estimate: nnum,
    /** The plain difference in mean changes, treated − controls (the 2×2 DiD of unit means). */
    difference: nnum,
    /** The statistic on the real assignment under the null: mean studentised change of the treated relative to the controls. */
    statistic: nnum,
    /** The p-value for `alternative`. */
    p: nnum,
    /** One-sided p-values: share of assignments whose statistic is at least (at most) the real one. */
    pGreater: nnum,
    pLess: nnum,
    /** Interval by test inversion (two one-sided tests at (1 − level)/2); a `null` bound is unbounded at this level. */
    interval: InferenceIntervalSchema,
    /** exp(estimate) − 1 and its interval, in logs. */
    percentEffect: PercentEffectSchema.nullable(),
    /** Observations used. */
    n: num,
    /** Each unit's change (post mean − pre mean of the outcome), noise scale and studentised change. */
    units: z.array(
      z.object({ unit: z.string(), treated: z.boolean(), change: num, scale: num, studentized: num }),
    ),
    settings: z.object({
      outcome: z.enum(['log', 'level']),
      statistic: z.enum(['studentized', 'raw']),
      scale: z.enum(['pre', 'given']),
      alternative: z.enum(['greater', 'less', 'two-sided']),
      maxAssignments: num,
      draws: num,
      seed: num,
      null: num,
      level: num,
    }),
    diagnostics: z.object({
      units: num,
      treatedUnits: num,
      controlUnits: num,
      /** Assignments compared (all k-subsets when `enumerated`, else the real one plus `draws` random ones). */
      assignments: num,
      enumerated: z.boolean(),
      /** The smallest attainable one-sided p-value, 1 / assignments. */
      smallestP: num,
    }),
    warnings: z.array(z.string()),
  }),
);
/** Result of `randomizationTest`. */
export type RandomizationResult = z.infer<typeof RandomizationResultSchema>;
