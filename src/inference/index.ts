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
export {
  type Panel,
  type PanelRecord,
  type PanelRecordInput,
  type PanelSeries,
  panelFromRecords,
  panelSeries,
  type ToPanelOptions,
  toPanel,
} from './panel.js';
export {
  type Alternative,
  type PanelStatistic,
  type PlaceboDatesOptions,
  type PlaceboGroupsOptions,
  type PlaceboOptions,
  placeboDates,
  placeboGroups,
  placeboUnits,
} from './placebo.js';
export { type PpmlOptions, ppml } from './ppml.js';
export * from './schemas.js';
export { type TripleDiffOptions, tripleDiff } from './triple-diff.js';
export { type WildClusterBootstrapOptions, wildClusterBootstrap } from './wild-cluster-bootstrap.js';
