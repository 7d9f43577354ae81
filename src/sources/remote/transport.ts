import { OptionsError } from '../../errors.js';
import {
  DecompressionLimitError,
  inflateBudget,
  type ResolvedDecompressionLimits,
  readBodyBounded,
  resolveDecompressionLimits,
} from '../internal/decompression.js';
import type { DecompressionLimits } from '../options.js';
import { type ConcurrencyLimit, createConcurrencyLimit, type RateLimit } from './limits.js';
import type { ProgressCallback, RemoteSourceName } from './progress.js';
import { RemoteSourceError } from './remote-error.js';
import { type Runtime, systemRuntime } from './runtime.js';

/** The part of a `fetch` `Response` the clients use. The global `Response` satisfies it. */
export interface FetchResponseLike {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers. */
  readonly headers: { get(name: string): string | null };
  /** The whole body. Rejects if the connection breaks before the body is complete. */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The body as a stream (the global `fetch` has it): read so that `maxBodyBytes` stops it early. */
  readonly body?: ReadableStream<Uint8Array> | null;
}

/**
 * A `fetch`-compatible transport: the global `fetch` (Node ≥ 20), undici's, or a wrapper adding a proxy
 * agent, logging or recording.
 *
 * @example
 * const logged: FetchLike = (url, init) => { process.stderr.write(`${url}\n`); return fetch(url, init); };
 */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<FetchResponseLike>;

/**
 * Options shared by every remote client for the HTTP layer. All durations are milliseconds.
 */
export interface TransportOptions extends DecompressionLimits {
  /** The transport. Default: the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Time allowed for one attempt, headers and whole body together. Default 60 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for retryable failures (429, 5xx, timeouts, resets, truncation). Default 4. */
  readonly retries?: number;
  /** First backoff delay; it doubles each retry. Default 1 000. */
  readonly backoffBaseMs?: number;
  /** Largest backoff delay. Default 30 000. */
  readonly backoffMaxMs?: number;
  /**
   * Longest `Retry-After` the client will wait for; a longer one ends in a `rate-limited` error rather
   * than a silent hours-long sleep. Default 300 000 (5 minutes).
   */
  readonly maxRetryAfterMs?: number;
  /** Requests of one call that may be in flight at once. Default per source (Eurostat 2, HMRC 1, Comtrade 1). */
  readonly concurrency?: number;
  /** Cancels everything: in-flight requests, backoff waits, polling. The error has reason `aborted`. */
  readonly signal?: AbortSignal;
  /** Extra request headers (e.g. `User-Agent`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Progress events. */
  readonly onProgress?: ProgressCallback;
  /** Clock, sleep and jitter source. Default: the system's. Tests inject a fake. */
  readonly runtime?: Runtime;
}

/** A complete HTTP response: status, headers (lower-case names) and the whole body. */
export interface HttpResult {
  /** The URL requested. */
  readonly url: string;
  /** HTTP status. */
  readonly status: number;
  /** Response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body. */
  readonly body: Uint8Array;
  /** Attempts it took (1 = first try). */
  readonly attempts: number;
}

/**
 * Thrown by an `accept` check to say "this body is not usable, but another attempt may be" (e.g. JSON cut
 * short by a proxy). The transport retries; when retries run out it becomes a `malformed` error.
 *
 * @example
 * throw new RetryableBodyError('body is not JSON');
 */
export class RetryableBodyError extends Error {
  // Intentionally not a RoundaboutError: it is a signal inside the transport and never reaches a user; the
  // transport turns it into a RemoteSourceError (reason `malformed`, or `truncated` for the subclass).
  override name: string = 'RetryableBodyError';
}

/**
 * A {@link RetryableBodyError} for a body cut short (a truncated ZIP or gzip stream); the final error has
 * reason `truncated`.
 *
 * @example
 * throw new TruncatedBodyError('ZIP central directory missing');
 */
export class TruncatedBodyError extends RetryableBodyError {
  override name: string = 'TruncatedBodyError';
}

/** Statuses worth another attempt: timeouts, rate limiting and transient server errors. */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Per-call state shared by every request of one client call: counters, limits, options. */
export interface CallContext {
  /** The source, for progress events. */
  readonly source: RemoteSourceName;
  /** Resolved options. */
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly maxRetryAfterMs: number;
  readonly signal: AbortSignal | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly onProgress: ProgressCallback | undefined;
  readonly runtime: Runtime;
  readonly limit: ConcurrencyLimit;
  readonly rateLimit: RateLimit | undefined;
  /** Mutable counters of this call. */
  readonly counters: { requests: number; bytes: number };
  /** Decompression limits applied to every reply. */
  readonly decompression: ResolvedDecompressionLimits;
}

/**
 * Check the numeric transport options.
 *
 * @throws {OptionsError} on a negative or non-finite duration or count
 * @example
 * checkTransportOptions({ timeoutMs: 1000 });
 */
export function checkTransportOptions(options: TransportOptions): void {
  const nonNegative: [string, number | undefined][] = [
    ['timeoutMs', options.timeoutMs],
    ['retries', options.retries],
    ['backoffBaseMs', options.backoffBaseMs],
    ['backoffMaxMs', options.backoffMaxMs],
    ['maxRetryAfterMs', options.maxRetryAfterMs],
  ];
  for (const [name, v] of nonNegative) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      throw new OptionsError(`remote clients require ${name} to be a finite number ≥ 0, got ${v}`);
  }
  if (options.timeoutMs !== undefined && options.timeoutMs <= 0)
    throw new OptionsError(`remote clients require timeoutMs > 0, got ${options.timeoutMs}`);
  if (options.retries !== undefined && !Number.isInteger(options.retries))
    throw new OptionsError(`remote clients require an integer retries, got ${options.retries}`);
  if (
    options.concurrency !== undefined &&
    !(Number.isInteger(options.concurrency) && options.concurrency >= 1)
  )
    throw new OptionsError(`remote clients require an integer concurrency ≥ 1, got ${options.concurrency}`);
}

/**
 * Parse a `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) into milliseconds from
 * `now`. Returns `undefined` when absent or unparseable; a date in the past gives 0.
 *
 * @example
 * parseRetryAfter('120', 0); // => 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')); // => 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/**
 * The backoff before retry number `retry` (1-based): exponential (`base · 2^(retry−1)`, capped at `max`)
 * with "equal jitter" (half fixed, half random), so that many clients do not retry in lockstep, and never
 * less than a server's `Retry-After`.
 *
 * @param retry - 1 for the first retry
 * @param random - a number in [0, 1)
 * @example
 * backoffDelay(3, { baseMs: 1000, maxMs: 30_000, random: 0 }); // => 2000 (half of 4000)
 */
export function backoffDelay(
  retry: number,
  options: { baseMs: number; maxMs: number; random: number; retryAfterMs?: number | undefined },
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = cap / 2 + (cap / 2) * Math.min(Math.max(options.random, 0), 1);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

const decoder = new TextDecoder('utf-8');

/** Decode a body as UTF-8 (a BOM is dropped). */
export function bodyText(body: Uint8Array): string {
  return decoder.decode(body);
}

/** At most `n` characters of a text, for error messages. */
export function abbreviate(text: string, n = 500): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

function headersOf(res: FetchResponseLike): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'content-length', 'retry-after', 'last-modified', 'content-encoding']) {
    const v = res.headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

interface AttemptFailure {
  readonly reason: 'timeout' | 'network' | 'truncated' | 'http' | 'malformed' | 'rate-limited' | 'limit';
  readonly limit?: DecompressionLimitError['limit'];
  readonly message: string;
  readonly status?: number;
  readonly body?: string;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * GET a URL with a per-attempt timeout, retries with exponential backoff and jitter that honour
 * `Retry-After`, the call's concurrency and rate limits, and cancellation by the call's `AbortSignal`.
 *
 * Returns only complete responses: a 2xx whose body arrived whole (checked against `Content-Length`)
 * and passed `accept`; or, when `passStatus` includes it, that non-2xx status (e.g. Eurostat's 413, which the
 * caller answers by splitting the query). Every other outcome is a {@link RemoteSourceError} naming `query`.
 *
 * @param url - the absolute URL
 * @param query - the normalised query, for errors and progress
 * @param ctx - the call context (see {@link createCallContext})
 * @param options.accept - checks a 2xx body; throw {@link RetryableBodyError} to retry
 * @param options.passStatus - non-2xx statuses returned to the caller instead of thrown
 * @throws {RemoteSourceError} after the last failed attempt, or at once when aborted or for a non-retryable status
 * @example
 * const res = await httpGet('https://api.uktradeinfo.com/Country', 'hmrc:Country', createCallContext('hmrc', {}));
 */
export async function httpGet(
  url: string,
  query: string,
  ctx: CallContext,
  options: {
    accept?: (body: Uint8Array, headers: Readonly<Record<string, string>>) => void;
    passStatus?: readonly number[];
    headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<HttpResult> {
  const headers = { ...ctx.headers, ...options.headers };
  let last: AttemptFailure | undefined;
  let attempts = 0;
  for (let attempt = 1; attempt <= ctx.retries + 1; attempt++) {
    throwIfAborted(ctx, query, url, attempt);
    if (attempt > 1 && last) {
      const waitMs = backoffDelay(attempt - 1, {
        baseMs: ctx.backoffBaseMs,
        maxMs: ctx.backoffMaxMs,
        random: ctx.runtime.random(),
        retryAfterMs: last.retryAfterMs,
      });
      emit(ctx, {
        phase: 'retry',
        query,
        url,
        attempt,
        waitMs,
        ...(last.status === undefined ? {} : { status: last.status }),
        error: last.message,
      });
      await sleepOrAbort(ctx, waitMs, query, url, attempt);
    }
    if (ctx.rateLimit) await acquireOrAbort(ctx, query, url, attempt);
    attempts = attempt;
    const outcome = await ctx.limit(() => attemptOnce(url, query, ctx, headers, attempt, options));
    if ('result' in outcome) return outcome.result;
    last = outcome.failure;
    if (!outcome.retryable) break;
  }
  const f = last as AttemptFailure;
  throw new RemoteSourceError(
    `${f.message} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { query, reason: f.reason, url, status: f.status, body: f.body, attempts, limit: f.limit },
    { cause: f.cause },
  );
}

async function attemptOnce(
  url: string,
  query: string,
  ctx: CallContext,
  headers: Record<string, string>,
  attempt: number,
  options: {
    accept?: (body: Uint8Array, headers: Readonly<Record<string, string>>) => void;
    passStatus?: readonly number[];
  },
): Promise<{ result: HttpResult } | { failure: AttemptFailure; retryable: boolean }> {
  throwIfAborted(ctx, query, url, attempt);
  emit(ctx, { phase: 'request', query, url, attempt });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timeout after ${ctx.timeoutMs} ms`));
  }, ctx.timeoutMs);
  const onAbort = (): void => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let res: FetchResponseLike;
    let body: Uint8Array;
    try {
      res = await ctx.fetch(url, { method: 'GET', headers, signal: controller.signal });
      body = await readBody(res, ctx.decompression);
    } catch (cause) {
      if (cause instanceof DecompressionLimitError) return limitFailure(cause);
      throwIfAborted(ctx, query, url, attempt, cause);
      if (timedOut)
        return {
          failure: { reason: 'timeout', message: `no complete response within ${ctx.timeoutMs} ms`, cause },
          retryable: true,
        };
      return {
        failure: { reason: 'network', message: `network error: ${describe(cause)}`, cause },
        retryable: true,
      };
    }
    ctx.counters.requests++;
    ctx.counters.bytes += body.byteLength;
    const h = headersOf(res);
    const declared = h['content-length'];
    // With a Content-Encoding, Content-Length counts the encoded bytes and `fetch` hands over decoded ones.
    if (
      declared !== undefined &&
      !encoded(h) &&
      /^\d+$/.test(declared) &&
      Number(declared) !== body.byteLength
    ) {
      return {
        failure: {
          reason: 'truncated',
          message: `body truncated: ${body.byteLength} of ${declared} bytes`,
          status: res.status,
        },
        retryable: true,
      };
    }
    emit(ctx, { phase: 'response', query, url, attempt, status: res.status });
    if (res.status >= 200 && res.status < 300) {
      try {
        options.accept?.(body, h);
      } catch (e) {
        if (e instanceof DecompressionLimitError) return limitFailure(e, res.status);
        if (e instanceof RetryableBodyError)
          return {
            failure: {
              reason: e instanceof TruncatedBodyError ? 'truncated' : 'malformed',
              message: e.message,
              status: res.status,
              body: abbreviate(bodyText(body.subarray(0, 2000))),
            },
            retryable: true,
          };
        throw e;
      }
      return { result: { url, status: res.status, headers: h, body, attempts: attempt } };
    }
    if (options.passStatus?.includes(res.status))
      return { result: { url, status: res.status, headers: h, body, attempts: attempt } };
    const text = abbreviate(bodyText(body));
    const retryAfterMs = parseRetryAfter(h['retry-after'], ctx.runtime.now()) ?? retryAfterFromBody(text);
    if (res.status === 429 && retryAfterMs !== undefined && retryAfterMs > ctx.maxRetryAfterMs) {
      return {
        failure: {
          reason: 'rate-limited',
          message: `HTTP 429: the server asks to wait ${Math.round(retryAfterMs / 1000)} s, more than maxRetryAfterMs ${ctx.maxRetryAfterMs} ms`,
          status: 429,
          body: text,
          retryAfterMs,
        },
        retryable: false,
      };
    }
    const failure: AttemptFailure = {
      reason: res.status === 429 ? 'rate-limited' : 'http',
      message: `HTTP ${res.status}${text ? `: ${abbreviate(text, 200)}` : ''}`,
      status: res.status,
      body: text,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
    return { failure, retryable: RETRYABLE_STATUS.has(res.status) };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

/** Whether a reply carries a Content-Encoding other than `identity`. */
function encoded(h: Readonly<Record<string, string>>): boolean {
  const e = h['content-encoding']?.trim().toLowerCase();
  return e !== undefined && e !== '' && e !== 'identity';
}

/**
 * Read a reply's body within `maxBodyBytes`; with a Content-Encoding and a Content-Length (the encoded size)
 * also within `maxInflateRatio` of it (past the grace). The stream stops as soon as the budget is passed.
 */
function readBody(res: FetchResponseLike, limits: ResolvedDecompressionLimits): Promise<Uint8Array> {
  const h = headersOf(res);
  const length = h['content-length'];
  const sized = encoded(h) && length !== undefined && /^\d+$/.test(length);
  const budget = sized
    ? inflateBudget(limits, Number(length))
    : { bytes: limits.maxBodyBytes, limit: 'maxBodyBytes' as const };
  const what = encoded(h) ? `the reply body (Content-Encoding ${h['content-encoding']})` : 'the reply body';
  return readBodyBounded(res, budget, what, limits, sized ? Number(length) : undefined);
}

/** A decompression limit ends the request: a bomb does not shrink on a retry. */
function limitFailure(
  e: DecompressionLimitError,
  status?: number,
): { failure: AttemptFailure; retryable: false } {
  return {
    failure: {
      reason: 'limit',
      message: e.message,
      limit: e.limit,
      cause: e,
      ...(status === undefined ? {} : { status }),
    },
    retryable: false,
  };
}

/**
 * Azure API Management (UN Comtrade) says "Rate limit is exceeded. Try again in 9 seconds." in the body
 * of a 429; read that when there is no `Retry-After` header.
 */
function retryAfterFromBody(text: string): number | undefined {
  const m = /try again in (\d+) seconds?/i.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const extra = inner instanceof Error ? ` (${inner.message})` : '';
    return `${cause.message}${extra}`;
  }
  return String(cause);
}

function throwIfAborted(
  ctx: CallContext,
  query: string,
  url: string,
  attempt: number,
  cause?: unknown,
): void {
  if (ctx.signal?.aborted)
    throw new RemoteSourceError(
      'request aborted by the caller',
      { query, reason: 'aborted', url, attempts: attempt },
      { cause: cause ?? ctx.signal.reason },
    );
}

async function sleepOrAbort(
  ctx: CallContext,
  ms: number,
  query: string,
  url: string,
  attempt: number,
): Promise<void> {
  try {
    await ctx.runtime.sleep(ms, ctx.signal);
  } catch (cause) {
    throwIfAborted(ctx, query, url, attempt, cause);
    throw cause;
  }
  throwIfAborted(ctx, query, url, attempt);
}

async function acquireOrAbort(ctx: CallContext, query: string, url: string, attempt: number): Promise<void> {
  try {
    await ctx.rateLimit?.acquire(ctx.signal, (waitMs) =>
      emit(ctx, { phase: 'waiting', query, url, attempt, waitMs, waitingFor: 'rate-limit' }),
    );
  } catch (cause) {
    throwIfAborted(ctx, query, url, attempt, cause);
    throw cause;
  }
}

/** Send a progress event with the call's counters. A throwing callback is ignored. */
export function emit(
  ctx: CallContext,
  event: Omit<Parameters<ProgressCallback>[0], 'source' | 'requests' | 'bytes'>,
): void {
  if (!ctx.onProgress) return;
  try {
    ctx.onProgress({
      source: ctx.source,
      requests: ctx.counters.requests,
      bytes: ctx.counters.bytes,
      ...event,
    });
  } catch {
    // A progress bar must never break a download.
  }
}

/**
 * Resolve transport options into the context shared by the requests of one call.
 *
 * @param source - the source name
 * @param options - transport options
 * @param defaults.concurrency - the source's default concurrency
 * @param extra.limit - a concurrency limit to share (default: a new one of `options.concurrency`)
 * @param extra.rateLimit - a request-rate limit, if the source publishes one
 * @throws {OptionsError} on bad option values
 * @example
 * const ctx = createCallContext('eurostat', { timeoutMs: 10_000 });
 */
export function createCallContext(
  source: RemoteSourceName,
  options: TransportOptions,
  extra: { concurrency?: number; limit?: ConcurrencyLimit; rateLimit?: RateLimit } = {},
): CallContext {
  checkTransportOptions(options);
  const runtime = options.runtime ?? systemRuntime;
  const fetchImpl: FetchLike | undefined =
    options.fetch ?? (typeof globalThis.fetch === 'function' ? (globalThis.fetch as FetchLike) : undefined);
  if (!fetchImpl) throw new OptionsError('remote clients require a fetch implementation (Node ≥ 20 has one)');
  return {
    source,
    fetch: fetchImpl,
    timeoutMs: options.timeoutMs ?? 60_000,
    retries: options.retries ?? 4,
    backoffBaseMs: options.backoffBaseMs ?? 1_000,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 300_000,
    signal: options.signal,
    headers: options.headers ?? {},
    onProgress: options.onProgress,
    runtime,
    limit: extra.limit ?? createConcurrencyLimit(options.concurrency ?? extra.concurrency ?? 1),
    rateLimit: extra.rateLimit,
    counters: { requests: 0, bytes: 0 },
    decompression: resolveDecompressionLimits(options, `${source} client`),
  };
}
