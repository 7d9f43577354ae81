/**
 * Decompression limits shared by the remote clients and the file readers: option checking, the inflation budget
 * of one body, and a bounded reader of an HTTP body. Inflation is always bounded while it runs (zlib's
 * `maxOutputLength`, or counting streamed chunks), never checked after the whole body is in memory.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import type { DecompressionLimits } from '../options.js';

/** Default `maxBodyBytes`: 256 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
/** Default `maxInflateRatio`. */
export const DEFAULT_MAX_INFLATE_RATIO = 100;
/** Default `maxZipEntries`. */
export const DEFAULT_MAX_ZIP_ENTRIES = 100;
/** Bytes that may always be inflated, whatever the ratio: 1 MiB. */
export const INFLATE_RATIO_GRACE_BYTES = 1024 * 1024;

/** The name of a decompression limit, as the option is spelled. */
export type DecompressionLimitName = 'maxBodyBytes' | 'maxInflateRatio' | 'maxZipEntries';

/** Limits with every default filled in. `Infinity` means no limit. */
export interface ResolvedDecompressionLimits {
  readonly maxBodyBytes: number;
  readonly maxInflateRatio: number;
  readonly maxZipEntries: number;
}

/**
 * Check the decompression options and fill in the defaults.
 *
 * @param options - the caller's options (other fields are ignored)
 * @param fn - the function the options were given to, for the error message
 * @param defaults - defaults that differ from the library's (the streaming readers have no `maxBodyBytes`)
 * @throws {OptionsError} if `maxBodyBytes` or `maxInflateRatio` is not a number ≥ 1, or `maxZipEntries` not an
 *   integer ≥ 1 (`Infinity` is allowed for each: no limit)
 * @example
 * resolveDecompressionLimits({ maxZipEntries: 5 }, 'fetchEurostat').maxZipEntries; // => 5
 */
export function resolveDecompressionLimits(
  options: DecompressionLimits,
  fn: string,
  defaults: Partial<ResolvedDecompressionLimits> = {},
): ResolvedDecompressionLimits {
  const { maxBodyBytes, maxInflateRatio, maxZipEntries } = options;
  for (const [name, v] of [
    ['maxBodyBytes', maxBodyBytes],
    ['maxInflateRatio', maxInflateRatio],
  ] as const) {
    if (v !== undefined && !(typeof v === 'number' && v >= 1))
      throw new OptionsError(
        `${fn} requires ${name} to be a number ≥ 1 (Infinity: no limit), got ${String(v)}`,
      );
  }
  if (
    maxZipEntries !== undefined &&
    !(
      typeof maxZipEntries === 'number' &&
      maxZipEntries >= 1 &&
      (Number.isInteger(maxZipEntries) || maxZipEntries === Infinity)
    )
  )
    throw new OptionsError(
      `${fn} requires maxZipEntries to be an integer ≥ 1 (Infinity: no limit), got ${String(maxZipEntries)}`,
    );
  return {
    maxBodyBytes: maxBodyBytes ?? defaults.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxInflateRatio: maxInflateRatio ?? defaults.maxInflateRatio ?? DEFAULT_MAX_INFLATE_RATIO,
    maxZipEntries: maxZipEntries ?? defaults.maxZipEntries ?? DEFAULT_MAX_ZIP_ENTRIES,
  };
}

/** The library's default limits. */
export const DEFAULT_DECOMPRESSION_LIMITS: ResolvedDecompressionLimits = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxInflateRatio: DEFAULT_MAX_INFLATE_RATIO,
  maxZipEntries: DEFAULT_MAX_ZIP_ENTRIES,
};

/**
 * A decompression limit was crossed. An internal signal: the transport turns it into a `RemoteSourceError` with
 * reason `limit` (naming the query and URL), the file readers into a `DataValidationError` naming the file.
 */
export class DecompressionLimitError extends Error {
  override name: string = 'DecompressionLimitError';
  /** The limit crossed. */
  readonly limit: DecompressionLimitName;
  /** Its value. */
  readonly value: number;
  constructor(message: string, limit: DecompressionLimitName, value: number) {
    super(message);
    this.limit = limit;
    this.value = value;
  }
}

/** How many bytes a body of `compressedBytes` may inflate to, and which limit sets that bound. */
export interface InflateBudget {
  /** Most inflated bytes allowed (may be `Infinity`). */
  readonly bytes: number;
  /** The limit that sets `bytes`. */
  readonly limit: 'maxBodyBytes' | 'maxInflateRatio';
}

/**
 * The inflation budget of one body: `min(maxBodyBytes, max(1 MiB, maxInflateRatio × compressedBytes))`.
 *
 * @example
 * inflateBudget(DEFAULT_DECOMPRESSION_LIMITS, 268_000); // => { bytes: 26_800_000, limit: 'maxInflateRatio' }
 */
export function inflateBudget(limits: ResolvedDecompressionLimits, compressedBytes: number): InflateBudget {
  const byRatio = Math.max(INFLATE_RATIO_GRACE_BYTES, limits.maxInflateRatio * compressedBytes);
  return limits.maxBodyBytes <= byRatio
    ? { bytes: limits.maxBodyBytes, limit: 'maxBodyBytes' }
    : { bytes: byRatio, limit: 'maxInflateRatio' };
}

/** Thousands-separated integer, for messages. */
function n(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);
}

/**
 * The error for a body that inflates past its budget.
 *
 * @param what - what was inflating, e.g. `the gzip body` or `ZIP entry data.csv`
 * @example
 * budgetExceeded('the gzip body', inflateBudget(DEFAULT_DECOMPRESSION_LIMITS, 1000), DEFAULT_DECOMPRESSION_LIMITS, 1000);
 */
export function budgetExceeded(
  what: string,
  budget: InflateBudget,
  limits: ResolvedDecompressionLimits,
  compressedBytes: number | undefined,
): DecompressionLimitError {
  if (budget.limit === 'maxBodyBytes')
    return new DecompressionLimitError(
      `decompression limit: ${what} exceeds maxBodyBytes ${n(limits.maxBodyBytes)} bytes` +
        ' (raise maxBodyBytes if the data are genuine)',
      'maxBodyBytes',
      limits.maxBodyBytes,
    );
  return new DecompressionLimitError(
    `decompression limit: ${what} inflates to more than ${n(budget.bytes)} bytes from ${n(compressedBytes ?? 0)}` +
      ` compressed, above maxInflateRatio ${limits.maxInflateRatio} (after a ${n(INFLATE_RATIO_GRACE_BYTES)}-byte grace;` +
      ' raise maxInflateRatio if the data are genuine)',
    'maxInflateRatio',
    limits.maxInflateRatio,
  );
}

/** Whether an error is zlib's "output larger than maxOutputLength". */
export function isOutputTooLarge(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** zlib's `maxOutputLength` for a budget (zlib requires a safe integer ≥ 1). */
export function maxOutputLength(bytes: number): { maxOutputLength?: number } {
  if (!Number.isFinite(bytes) || bytes >= 2 ** 32) return {};
  return { maxOutputLength: Math.max(1, Math.floor(bytes)) };
}

/** The part of a `fetch` response {@link readBodyBounded} reads. */
export interface BodySource {
  /** The body as a stream, when the transport offers one (the global `fetch` does). */
  readonly body?: ReadableStream<Uint8Array> | null;
  /** The whole body (used only when there is no stream). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Read a response body, stopping (and cancelling the stream) as soon as it passes `budget.bytes`. A transport
 * without a body stream is read whole and then checked.
 *
 * @throws {DecompressionLimitError} when the body is larger than the budget
 * @example
 * const body = await readBodyBounded(await fetch(url), { bytes: 1e6, limit: 'maxBodyBytes' }, 'the reply', limits, undefined);
 */
export async function readBodyBounded(
  res: BodySource,
  budget: InflateBudget,
  what: string,
  limits: ResolvedDecompressionLimits,
  compressedBytes: number | undefined,
): Promise<Uint8Array> {
  const stream = res.body;
  if (stream === undefined || stream === null || typeof stream.getReader !== 'function') {
    const whole = new Uint8Array(await res.arrayBuffer());
    if (whole.byteLength > budget.bytes) throw budgetExceeded(what, budget, limits, compressedBytes);
    return whole;
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > budget.bytes) {
      await reader.cancel().catch(() => undefined);
      throw budgetExceeded(what, budget, limits, compressedBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
