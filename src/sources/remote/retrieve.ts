import { OptionsError } from '../../errors.js';
import type { LoadResult } from '../../model/load-result.js';
import { type CacheEntry, type CachePart, cacheKey, openCache, type ResponseCache } from './cache.js';
import { CacheMissError, RemoteSourceError } from './remote-error.js';
import { type CallContext, emit } from './transport.js';

/**
 * Cache options shared by every remote client.
 *
 * Default behaviour: a response younger than `maxAgeMs` is served from the cache; otherwise it is fetched
 * and stored as a new vintage (old vintages are kept, so `asOf` can reproduce an earlier analysis).
 */
export interface CacheOptions {
  /** Cache directory. Default `.roundabout-cache` under the current working directory. */
  readonly cacheDir?: string;
  /** `false` disables the cache entirely (no reads, no writes). Default `true`. */
  readonly cache?: boolean;
  /** Serve only from the cache; anything missing ends in a {@link CacheMissError} listing every missing key. */
  readonly offline?: boolean;
  /**
   * Serve the newest vintage retrieved at or before this ISO date or date-time (a date means the end of that
   * UTC day), never the network. Eurostat keeps no past versions, so this is how an analysis is reproduced.
   */
  readonly asOf?: string;
  /** Reuse a cached response retrieved at most this many milliseconds ago. Default 86 400 000 (one day). */
  readonly maxAgeMs?: number;
  /** Ignore cached responses and unfinished-download checkpoints; fetch anew. Default `false`. */
  readonly refresh?: boolean;
}

/** One query of a plan: its normalised form and how to download its raw parts. */
export interface PlannedQuery {
  /** The normalised query (its sha256 is the cache key). */
  readonly query: string;
  /** Download every raw part of the answer (pages, split sub-queries, an unzipped extraction). */
  readonly download: (
    key: string,
    cache: ResponseCache | undefined,
  ) => Promise<{ parts: CachePart[]; lastUpdate: string | null }>;
  /**
   * Parse a complete entry as the caller will (throw if it does not parse). A fresh download is stored as a vintage
   * only once this passes; one that fails goes to the cache's quarantine, never served, and the call ends in a
   * `malformed` error. A cached entry that fails it (stored by an older version) is ignored as if absent.
   */
  readonly validate?: (entry: CacheEntry) => void;
}

/**
 * Check cache options.
 *
 * @throws {OptionsError} on a bad `maxAgeMs`, or `offline`/`asOf` with the cache disabled
 * @example
 * checkCacheOptions({ offline: true });
 */
export function checkCacheOptions(options: CacheOptions): void {
  if (options.maxAgeMs !== undefined && !(options.maxAgeMs >= 0))
    throw new OptionsError(`maxAgeMs must be ≥ 0, got ${options.maxAgeMs}`);
  if (options.cache === false && (options.offline || options.asOf !== undefined))
    throw new OptionsError('offline and asOf read the cache, which cache: false disables');
}

/**
 * Answer every planned query from the cache or the network, per the cache options, and return one complete
 * entry per query in plan order.
 *
 * Queries run `concurrency` at a time; after the first failure no new query starts, the running ones finish
 * (each writes only a complete entry) and the first error is thrown.
 *
 * @throws {CacheMissError} offline or with `asOf`, listing every query the cache lacks
 * @throws {RemoteSourceError} when a download fails
 * @example
 * const entries = await retrieveAll(plan, { cacheDir: '/tmp/c' }, ctx, 2);
 */
export async function retrieveAll(
  plan: readonly PlannedQuery[],
  options: CacheOptions,
  ctx: CallContext,
  concurrency: number,
): Promise<CacheEntry[]> {
  checkCacheOptions(options);
  const cache = options.cache === false ? undefined : openCache(options.cacheDir);
  const keys = plan.map((p) => cacheKey(p.query));
  const summary =
    plan.length === 1
      ? (plan[0] as PlannedQuery).query
      : `${plan.length} queries: ${plan.map((p) => p.query).join(' | ')}`;

  if (options.offline || options.asOf !== undefined) {
    const found: (CacheEntry | undefined)[] = [];
    for (const key of keys)
      found.push(await cache?.read(key, options.asOf === undefined ? {} : { asOf: options.asOf }));
    const missing = plan.flatMap((p, i) => (found[i] ? [] : [{ key: keys[i] as string, query: p.query }]));
    if (missing.length > 0)
      throw new CacheMissError(
        options.asOf === undefined
          ? `offline: the cache in ${cache?.dir} lacks ${missing.length} of ${plan.length} queries`
          : `asOf ${options.asOf}: the cache in ${cache?.dir} holds no vintage at or before it for ${missing.length} of ${plan.length} queries`,
        { query: summary, missing },
      );
    for (const p of plan) emit(ctx, { phase: 'cache', query: p.query });
    return found as CacheEntry[];
  }

  const maxAgeMs = options.maxAgeMs ?? 86_400_000;
  const out: CacheEntry[] = new Array(plan.length);
  let next = 0;
  let done = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < plan.length) {
      const i = next++;
      const p = plan[i] as PlannedQuery;
      const key = keys[i] as string;
      try {
        out[i] = await answerOne(p, key);
        done++;
        if (plan.length > 1)
          emit(ctx, { phase: 'chunk', query: p.query, chunksDone: done, chunksTotal: plan.length });
      } catch (e) {
        if (failure === undefined) failure = e;
      }
    }
  };
  const answerOne = async (p: PlannedQuery, key: string): Promise<CacheEntry> => {
    if (cache && !options.refresh) {
      const cached = await cache.read(key);
      if (cached && ctx.runtime.now() - Date.parse(cached.retrieved) <= maxAgeMs && parses(p, cached)) {
        emit(ctx, { phase: 'cache', query: p.query });
        return cached;
      }
    }
    if (cache && options.refresh) await cache.clearCheckpoint(key);
    if (ctx.signal?.aborted)
      throw new RemoteSourceError(
        'request aborted by the caller',
        { query: p.query, reason: 'aborted' },
        { cause: ctx.signal.reason },
      );
    const { parts, lastUpdate } = await p.download(key, cache);
    const entry: CacheEntry = {
      key,
      query: p.query,
      source: ctx.source,
      retrieved: new Date(ctx.runtime.now()).toISOString(),
      lastUpdate,
      parts,
    };
    if (p.validate !== undefined) {
      try {
        p.validate(entry);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        const kept = cache ? await cache.quarantine(entry, why) : undefined;
        if (cache) await cache.clearCheckpoint(key);
        throw new RemoteSourceError(
          `a complete response that does not parse was not stored as a vintage: ${why}` +
            (kept === undefined ? '' : ` (raw bytes kept, never served, in ${kept})`),
          { query: p.query, reason: 'malformed', url: parts[0]?.url },
          { cause: e },
        );
      }
    }
    if (cache) {
      await cache.write(entry);
      await cache.clearCheckpoint(key);
    }
    return entry;
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plan.length)) }, worker));
  if (failure !== undefined) throw failure;
  emit(ctx, { phase: 'done', query: summary });
  return out;
}

/** Whether a cached entry passes the plan's check (always, without one). */
function parses(p: PlannedQuery, entry: CacheEntry): boolean {
  if (p.validate === undefined) return true;
  try {
    p.validate(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * Concatenate load results (disjoint chunks or pages of one query) into one. Rows read and kept add up, so
 * `rowsRead === rowsKept + rejects.length` still holds.
 *
 * @example
 * mergeLoadResults([a, b]).observations.length === a.observations.length + b.observations.length; // => true
 */
export function mergeLoadResults<R extends LoadResult>(results: readonly R[]): LoadResult {
  return {
    observations: results.flatMap((r) => r.observations),
    rejects: results.flatMap((r) => r.rejects),
    provenance: results.flatMap((r) => r.provenance),
    rowsRead: results.reduce((s, r) => s + r.rowsRead, 0),
    rowsKept: results.reduce((s, r) => s + r.rowsKept, 0),
    negativeValues: results.reduce((s, r) => s + (r.negativeValues ?? 0), 0),
  };
}
