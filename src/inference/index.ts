/**
 * Causal inference on trade panels: difference-in-differences, triple differences, event studies (with an
 * estimator valid under staggered adoption), PPML gravity regressions, placebo permutation tests, block and wild
 * cluster bootstraps, and false-discovery-rate control.
 *
 * @module
 */

export { type BlockBootstrapOptions, blockBootstrap } from './block-bootstrap.js';
export type { ClusterOption } from './design.js';
export { type DidOptions, did } from './did.js';
export { type EventStudyOptions, eventStudy } from './event-study.js';
export { type FdrOptions, fdr } from './fdr.js';
export { type FeolsOptions, feols } from './fe-ols.js';
export type { ClusterDf, RandomizationOption } from './hdfe.js';
export {
  type Panel,
  type PanelRecord,
  type PanelRecordInput,
  PanelRecordInputSchema,
  type PanelSeries,
  panelFromRecords,
  panelSeries,
  type ToPanelOptions,
  toPanel,
} from './panel.js';
export {
  type PanelStatistic,
  type PlaceboAlternative,
  type PlaceboDatesOptions,
  type PlaceboGroupsOptions,
  type PlaceboOptions,
  placeboDates,
  placeboGroups,
  placeboUnits,
} from './placebo.js';
export { type PpmlOptions, ppml } from './ppml.js';
export { type RandomizationTestOptions, randomizationTest } from './randomization-test.js';
export {
  type BootstrapResult,
  BootstrapResultSchema,
  type Coefficient,
  CoefficientSchema,
  type DidResult,
  DidResultSchema,
  type EventCoefficient,
  EventCoefficientSchema,
  type EventStudyResult,
  EventStudyResultSchema,
  type FdrResult,
  FdrResultSchema,
  type FeolsResult,
  FeolsResultSchema,
  InferenceIntervalSchema,
  type PercentEffect,
  PercentEffectSchema,
  type PlaceboResult,
  PlaceboResultSchema,
  type PpmlResult,
  PpmlResultSchema,
  type RandomizationResult,
  RandomizationResultSchema,
  type RandomizationSummary,
  RandomizationSummarySchema,
  type TripleDiffResult,
  TripleDiffResultSchema,
  type WildBootstrapResult,
  WildBootstrapResultSchema,
} from './schemas.js';
export { type TripleDiffOptions, tripleDiff } from './triple-diff.js';
export { type WildClusterBootstrapOptions, wildClusterBootstrap } from './wild-cluster-bootstrap.js';
