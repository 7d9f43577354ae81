/**
 * Measures: how far a series departs from its counterfactual or its own history — excess, growth, z-scores,
 * structural-break tests, mirror gaps and substitution ratios. Every measure returns a plain, JSON-serialisable
 * record described by a zod schema (exported beside it).
 *
 * @module
 */
export type {
  BreakDesign,
  BreakDesignOptions,
  BreakErrors,
  BreakIn,
  RegressionInput,
} from './break-design.js';
export { type ChowTestOptions, type ChowTestResult, ChowTestResultSchema, chowTest } from './chow-test.js';
export {
  type ExcessOptions,
  type ExcessPeriod,
  ExcessPeriodSchema,
  type ExcessResult,
  ExcessResultSchema,
  excess,
} from './excess.js';
export {
  type GrowthOptions,
  GrowthPeriodSchema,
  type GrowthResult,
  GrowthResultSchema,
  type GrowthVsOptions,
  type GrowthWindowOptions,
  growth,
} from './growth.js';
export {
  type GrowthZScoreOptions,
  type GrowthZScoreResult,
  GrowthZScoreResultSchema,
  growthZScore,
} from './growth-z-score.js';
export {
  LOST_IN_TRANSIT_CLASSES,
  type LostInTransitCell,
  LostInTransitCellSchema,
  type LostInTransitClass,
  type LostInTransitOptions,
  type LostInTransitResult,
  LostInTransitResultSchema,
  type LostInTransitSummary,
  LostInTransitSummarySchema,
  lostInTransit,
} from './lost-in-transit.js';
export {
  type MirrorGapOptions,
  MirrorGapPeriodSchema,
  type MirrorGapResult,
  MirrorGapResultSchema,
  mirrorGap,
} from './mirror-gap.js';
export {
  MAD_CONSTANT,
  type RobustZOptions,
  type RobustZResult,
  RobustZResultSchema,
  robustZ,
} from './robust-z.js';
export { IntervalSchema } from './schemas.js';
export {
  type SubstitutionRatioOptions,
  type SubstitutionRatioResult,
  SubstitutionRatioResultSchema,
  type SubstitutionSeries,
  type SubstitutionTotals,
  substitutionRatio,
} from './substitution-ratio.js';
export {
  ANDREWS_CRITICAL_VALUES_15,
  type SupFOptions,
  type SupFResult,
  SupFResultSchema,
  supF,
} from './sup-f.js';
export {
  UNIT_VALUE_STATUSES,
  UnitValuePeriodSchema,
  type UnitValueSeries,
  UnitValueSeriesSchema,
  type UnitValueStatus,
  type UnitValuesOptions,
  UnitValuesResultSchema,
  unitValues,
  unitValueWarnings,
} from './unit-values.js';
export { type ZScoreResult, ZScoreResultSchema, zScore } from './z-score.js';
