/**
 * roundabout — are goods being re-routed to Russia through third countries, and how much?
 *
 * The public API. Re-exports only.
 *
 * @packageDocumentation
 */
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
export * from './model/index.js';
