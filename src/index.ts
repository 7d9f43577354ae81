/**
 * roundabout — are goods being re-routed to Russia through third countries, and how much?
 *
 * The public API. Re-exports only.
 *
 * @packageDocumentation
 */

export * from './analyses/index.js';
export * from './analyses/screen.js';
export * from './baselines/index.js';
export * from './datasets.js';
export * from './engine/index.js';
export {
  AggregateMixError,
  DataValidationError,
  type InputLocation,
  InsufficientDataError,
  isDataValidationError,
  isRoundaboutError,
  OptionsError,
  RoundaboutError,
  SourceError,
  UnitMismatchError,
  type ValidationIssue,
} from './errors.js';
export { chisqCdf, fCdf, normalCdf, normalQuantile, tCdf, tQuantile } from './inference/distributions.js';
export * from './inference/index.js';
export * from './measures/index.js';
export * from './model/index.js';
export * from './panel/index.js';
export * from './reference/index.js';
export * from './report/index.js';
export * from './sources/index.js';
export * from './sources/remote/index.js';
