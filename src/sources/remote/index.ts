/**
 * Remote clients for Eurostat Comext, HMRC Overseas Trade Statistics and UN Comtrade, with a vintage-stamped
 * disk cache and fault-tolerant HTTP. The lead wires these into the public API.
 *
 * @module
 */
export {
  type CacheEntry,
  type CachePart,
  type Checkpoint,
  cacheKey,
  openCache,
  type ResponseCache,
} from './cache.js';
export {
  COMTRADE_BASE_URL,
  COMTRADE_M49,
  type ComtradeFetchOptions,
  type ComtradeQuery,
  fetchComtradeRaw,
} from './comtrade.js';
export {
  type ComextDataset,
  EUROSTAT_COMEXT_BASE_URL,
  type EurostatOptions,
  type EurostatQuery,
  estimateCells,
  eurostatErrorText,
  fetchEurostatRaw,
} from './eurostat.js';
export { fetchComtrade, fetchEurostat, fetchHmrc, isoStamp } from './fetch-sources.js';
export {
  fetchHmrcRaw,
  HMRC_BASE_URL,
  type HmrcCountry,
  type HmrcOptions,
  type HmrcQuery,
  type HmrcRaw,
} from './hmrc.js';
export { type ConcurrencyLimit, createConcurrencyLimit, createRateLimit, type RateLimit } from './limits.js';
export type { ProgressCallback, RemoteProgress, RemoteSourceName } from './progress.js';
export {
  CacheMissError,
  isRemoteSourceError,
  type RemoteFailure,
  RemoteSourceError,
} from './remote-error.js';
export type { CacheOptions } from './retrieve.js';
export { abortableSleep, type Runtime, systemRuntime } from './runtime.js';
export {
  type FetchLike,
  type FetchResponseLike,
  parseRetryAfter,
  type TransportOptions,
} from './transport.js';
