/**
 * roundabout — are goods being re-routed to Russia through third countries, and how much?
 *
 * The public API: what an analysis needs. Re-exports only. Heavier or narrower parts have entries of their own:
 * `trade-roundabout/bulk` (Comext bulk files through DuckDB, an optional peer dependency),
 * `trade-roundabout/remote` (the remote clients' raw layer: raw responses, the response cache, rate and
 * concurrency limits, the injectable runtime), `trade-roundabout/arquero` and `trade-roundabout/danfo` (tables).
 *
 * @packageDocumentation
 */

export * from './analyses/index.js';
export * from './analyses/screen.js';
export * from './baselines/index.js';
export * from './datasets.js';
export {
  AggregateMixError,
  DataValidationError,
  type InputLocation,
  InsufficientDataError,
  isDataValidationError,
  isMissingPeerDependencyError,
  isRoundaboutError,
  MissingPeerDependencyError,
  OptionsError,
  RoundaboutError,
  SourceError,
  UnitMismatchError,
  type ValidationIssue,
} from './errors.js';
export { chisqCdf, fCdf, normalCdf, normalQuantile, tCdf, tQuantile } from './inference/distributions.js';
export * from './inference/index.js';
export {
  type ProductCohort,
  type ProductDateRule,
  type ProductDesignFit,
  type ProductDesignKind,
  type ProductDesignOptions,
  type ProductDesignResult,
  type ProductEstimand,
  type ProductEventTime,
  type ProductRandomization,
  productLevelDesign,
} from './inference/product-design.js';
export * from './measures/index.js';
export {
  type ProductPanelLike,
  type ProductSubstitutionOptions,
  type ProductSubstitutionResult,
  type ProductSubstitutionRow,
  productSubstitution,
  type SteeperFallResult,
  type SteeperFallTotals,
  steeperFall,
} from './measures/substitution-ratio.js';
export * from './model/index.js';
export * from './panel/index.js';
export * from './reference/index.js';
export * from './report/index.js';
export * from './sources/index.js';
// The remote clients as an analysis uses them: fetch and parse, their options, progress and errors. The raw layer
// (raw responses, cache, limits, runtime, Retry-After parsing) is `trade-roundabout/remote`.
export type { ComtradeFetchOptions, ComtradeQuery } from './sources/remote/comtrade.js';
export type { ComextDataset, EurostatOptions, EurostatQuery } from './sources/remote/eurostat.js';
export { fetchComtrade, fetchEurostat, fetchHmrc } from './sources/remote/fetch-sources.js';
export type { HmrcOptions, HmrcQuery } from './sources/remote/hmrc.js';
export type { ProgressCallback, RemoteProgress, RemoteSourceName } from './sources/remote/progress.js';
export {
  CacheMissError,
  isRemoteSourceError,
  type RemoteFailure,
  RemoteSourceError,
} from './sources/remote/remote-error.js';
export type { CacheOptions } from './sources/remote/retrieve.js';
export type { FetchLike, FetchResponseLike, TransportOptions } from './sources/remote/transport.js';
