/**
 * Analyses: named studies composed from the library's parts, and the machinery to define your own (a study is a
 * list of legs with defaults and a data resolver; `runStudy` walks it).
 *
 * @module
 */

export type { RoundaboutLeg } from './internal/common.js';
export type { LegOutput } from './internal/leg-baseline.js';
export type { ControlsLegOutput, ControlsState } from './internal/leg-controls.js';
export type { MirrorState } from './internal/leg-mirror.js';
export {
  type ProductLegData,
  type ProductLegSettings,
  type ProductLegState,
  productLeg,
  productLevelLeg,
  type RoundaboutLegWithData,
} from './internal/leg-product.js';
export type {
  ControlsTest,
  EventWords,
  PublishedEstimate,
  RealTermsOptions,
  ResolvedOptions as ResolvedRoundaboutOptions,
  ResolvedPrices,
} from './internal/options.js';
export {
  type BaselineName,
  defaultRoundaboutData,
  ROUNDABOUT_LEGS,
  type RoundaboutData,
  type RoundaboutOptions,
  roundabout,
  roundaboutStudy,
} from './roundabout.js';
export {
  SCREEN_TABLE_COLUMNS,
  type ScreenFinding,
  type ScreenStudyOptions,
  screenStudy,
} from './screen-study.js';
export {
  type ChartContext,
  capitalise,
  type LegContext,
  type LegDefinition,
  type LegRun,
  type LegVerdictParts,
  listWords,
  nameOf,
  provenanceLine,
  runStudy,
  type StudyDefinition,
  type StudyRun,
  sourceLine,
} from './study.js';
export type * from './types.js';
