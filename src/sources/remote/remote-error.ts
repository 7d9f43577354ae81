import { SourceError } from '../../errors.js';
import type { DecompressionLimits } from '../options.js';

/**
 * Why a remote request failed. Every failure of the remote clients is one of these, so a caller can branch
 * on `reason` instead of parsing messages:
 *
 * - `http`: the server answered with a non-retryable status (or a retryable one until retries ran out);
 * - `rate-limited`: HTTP 429 and the server asked us to wait longer than `maxRetryAfterMs`;
 * - `timeout`: no complete response within `timeoutMs`;
 * - `network`: the connection failed or was reset (also mid-body);
 * - `truncated`: the body was shorter than announced, or a ZIP/gzip container was cut;
 * - `malformed`: the body was not the documented format (bad JSON, no data, unexpected shape);
 * - `aborted`: the caller's `AbortSignal` fired;
 * - `async`: Eurostat's asynchronous extraction expired, failed, or did not finish within `asyncMaxWaitMs`;
 * - `too-big`: the query exceeds a publisher's size limit and cannot be split further;
 * - `paging`: a paged download went wrong (a page repeated, a next link looped);
 * - `quota`: a call budget (e.g. UN Comtrade's free tier calls per day) would be exceeded;
 * - `limit`: a reply crossed a decompression limit (`maxBodyBytes`, `maxInflateRatio`, `maxZipEntries`; named in
 *   `limit`) — a decompression bomb, or a genuine body larger than the limits allow (not retried);
 * - `offline`: offline mode, or `asOf`, and the cache does not hold what was asked for.
 */
export type RemoteFailure =
  | 'http'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'truncated'
  | 'malformed'
  | 'aborted'
  | 'async'
  | 'too-big'
  | 'paging'
  | 'quota'
  | 'limit'
  | 'offline';

/**
 * A remote source failed. A {@link SourceError} (so `query`, `status` and `body` are there) with the
 * failure `reason`, the URL last tried and the number of attempts made.
 *
 * `body` holds the publisher's error text, abbreviated (e.g. Eurostat's `faultstring`), so a user sees the
 * publisher's own words. `name` stays `'SourceError'` (the base class declares it as that literal, and code
 * that checks `name === 'SourceError'` keeps working); branch with `instanceof` or on `reason`.
 *
 * @example
 * try { await fetchHmrc({ partners: ['KG'], from: '2022-01', to: '2022-12' }); }
 * catch (e) { if (e instanceof RemoteSourceError && e.reason === 'rate-limited') console.log(e.query); }
 */
export class RemoteSourceError extends SourceError {
  /** The failure kind. */
  readonly reason: RemoteFailure;
  /** The URL of the last request, when there was one. */
  readonly url: string | undefined;
  /** Attempts made for the failing request (1 = no retry). */
  readonly attempts: number;
  /** With reason `limit`: the decompression limit crossed. */
  readonly limit: keyof DecompressionLimits | undefined;
  constructor(
    message: string,
    details: {
      query: string;
      reason: RemoteFailure;
      url?: string | undefined;
      status?: number | undefined;
      body?: string | undefined;
      attempts?: number | undefined;
      limit?: keyof DecompressionLimits | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(message, { query: details.query, status: details.status, body: details.body }, options);
    this.reason = details.reason;
    this.url = details.url;
    this.attempts = details.attempts ?? 1;
    this.limit = details.limit;
  }
}

/**
 * Offline mode (or `asOf`) asked for responses the cache does not hold. `missing` lists every missing
 * cache key with its normalised query, so a user can fetch exactly those while online.
 *
 * @example
 * try { await fetchEurostat(q, { offline: true }); }
 * catch (e) { if (e instanceof CacheMissError) for (const m of e.missing) console.log(m.key, m.query); }
 */
export class CacheMissError extends RemoteSourceError {
  /** The cache keys (sha256 of the normalised query) and their queries that were not found. */
  readonly missing: readonly { readonly key: string; readonly query: string }[];
  constructor(
    message: string,
    details: { query: string; missing: readonly { key: string; query: string }[] },
  ) {
    super(`${message}; missing ${details.missing.map((m) => `${m.key} (${m.query})`).join(', ')}`, {
      query: details.query,
      reason: 'offline',
    });
    this.missing = details.missing;
  }
}

/**
 * Type guard for {@link RemoteSourceError}.
 *
 * @example
 * isRemoteSourceError(new Error('x')); // => false
 */
export function isRemoteSourceError(error: unknown): error is RemoteSourceError {
  return error instanceof RemoteSourceError;
}
