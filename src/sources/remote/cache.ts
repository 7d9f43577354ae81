import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { OptionsError } from '../../errors.js';
import type { RemoteSourceName } from './progress.js';

/** One raw response (or page, or unzipped extraction) inside a cache entry. */
export interface CachePart {
  /** The URL it was fetched from. */
  readonly url: string;
  /** Its `Content-Type`, when the server sent one. */
  readonly contentType?: string;
  /** The raw bytes (after unzipping/gunzipping, before parsing). */
  readonly body: Uint8Array;
}

/**
 * A complete cached answer to one normalised query: every raw part, when it was retrieved and the source's
 * own last-update stamp (the vintage of the data).
 */
export interface CacheEntry {
  /** sha256 (hex) of `query`; the entry's folder name. */
  readonly key: string;
  /** The normalised query. */
  readonly query: string;
  /** The source. */
  readonly source: RemoteSourceName;
  /** When it was retrieved, ISO 8601 UTC. */
  readonly retrieved: string;
  /** The source's last-update stamp as published (Eurostat `LAST UPDATE`/`updated`), or `null` if none. */
  readonly lastUpdate: string | null;
  /** The raw parts, in order. */
  readonly parts: readonly CachePart[];
}

/** The pages of an unfinished paged download, kept apart from entries so that none is ever served as data. */
export interface Checkpoint {
  /** The cache key of the query being downloaded. */
  readonly key: string;
  /** The normalised query. */
  readonly query: string;
  /** The pages stored so far, in order. */
  readonly parts: readonly CachePart[];
  /** The URL of the next page to fetch. */
  readonly next: string;
}

/**
 * A disk cache of raw responses keyed by the sha256 of the normalised query, keeping every vintage.
 *
 * Layout under `dir`: `entries/<key>/<retrieved-ms>.json` (one file per vintage), `partial/<key>.json`
 * (checkpoints of unfinished paged downloads), `quarantine/<key>/<retrieved-ms>.json` (responses that did not parse,
 * never served) and `tmp/` (files being written). Only hex keys and integers
 * become path segments, so no query can name a path outside `dir`. Every write goes to `tmp/`, is flushed
 * and then renamed into place, so a crash leaves either the old state or the complete new file, never a
 * half-written entry. Each entry carries sha256 checksums of its parts and of itself; an entry that fails
 * them is ignored, as if absent.
 */
export interface ResponseCache {
  /** The absolute cache directory. */
  readonly dir: string;
  /**
   * The newest valid entry for `key`, or with `asOf` the newest retrieved at or before that instant
   * (a date `YYYY-MM-DD` means the end of that UTC day). `undefined` when there is none.
   */
  readonly read: (key: string, options?: { asOf?: string }) => Promise<CacheEntry | undefined>;
  /** Store a complete entry atomically as a new vintage. */
  readonly write: (entry: CacheEntry) => Promise<void>;
  /** Retrieval times (ISO) of every valid stored vintage of `key`, oldest first. */
  readonly vintages: (key: string) => Promise<string[]>;
  /** The checkpoint of an unfinished download of `key`, if a valid one exists. */
  readonly readCheckpoint: (key: string) => Promise<Checkpoint | undefined>;
  /** Store a checkpoint atomically (replacing the previous one). */
  readonly writeCheckpoint: (checkpoint: Checkpoint) => Promise<void>;
  /** Delete the checkpoint of `key` (after its entry is written). */
  readonly clearCheckpoint: (key: string) => Promise<void>;
  /**
   * Keep the raw parts of a response that did not parse in `quarantine/<key>/<retrieved-ms>.json`, with the reason,
   * for a human to look at. Nothing reads the quarantine back: a quarantined response is never served.
   *
   * @returns the file written
   */
  readonly quarantine: (entry: CacheEntry, reason: string) => Promise<string>;
}

const KEY_RE = /^[0-9a-f]{64}$/;
const FORMAT = 'roundabout-cache/1';

/**
 * The cache key of a normalised query: its sha256 in hex.
 *
 * @example
 * cacheKey('hmrc:OTS:…').length; // => 64
 */
export function cacheKey(query: string): string {
  return createHash('sha256').update(query, 'utf8').digest('hex');
}

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parse an `asOf` option into epoch milliseconds (a bare date means the end of that UTC day).
 *
 * @throws {OptionsError} if it is not an ISO date or date-time
 * @example
 * asOfInstant('2024-01-31'); // => Date.parse('2024-01-31T23:59:59.999Z')
 */
export function asOfInstant(asOf: string): number {
  const s = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : asOf;
  const t = /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : Number.NaN;
  if (Number.isNaN(t))
    throw new OptionsError(`asOf requires an ISO date YYYY-MM-DD or date-time, got ${JSON.stringify(asOf)}`);
  return t;
}

interface StoredPart {
  url: string;
  contentType?: string;
  sha256: string;
  data: string;
}

interface StoredEntry {
  format: string;
  key: string;
  query: string;
  source: RemoteSourceName;
  retrieved: string;
  lastUpdate: string | null;
  parts: StoredPart[];
  /** sha256 over everything above (see `entryDigest`). */
  sha256: string;
}

function entryDigest(e: Omit<StoredEntry, 'sha256'>): string {
  return sha256Hex(
    JSON.stringify([
      e.format,
      e.key,
      e.query,
      e.source,
      e.retrieved,
      e.lastUpdate,
      e.parts.map((p) => [p.url, p.contentType ?? null, p.sha256]),
    ]),
  );
}

function storeParts(parts: readonly CachePart[]): StoredPart[] {
  return parts.map((p) => ({
    url: p.url,
    ...(p.contentType === undefined ? {} : { contentType: p.contentType }),
    sha256: sha256Hex(p.body),
    data: Buffer.from(p.body).toString('base64'),
  }));
}

function loadParts(parts: unknown): CachePart[] | undefined {
  if (!Array.isArray(parts)) return undefined;
  const out: CachePart[] = [];
  for (const p of parts as Partial<StoredPart>[]) {
    if (typeof p?.url !== 'string' || typeof p.data !== 'string' || typeof p.sha256 !== 'string')
      return undefined;
    const body = new Uint8Array(Buffer.from(p.data, 'base64'));
    if (sha256Hex(body) !== p.sha256) return undefined;
    out.push({
      url: p.url,
      body,
      ...(typeof p.contentType === 'string' ? { contentType: p.contentType } : {}),
    });
  }
  return out;
}

/**
 * Open (lazily create) a {@link ResponseCache} in `dir`.
 *
 * @param dir - the cache directory (default `.roundabout-cache` under the current working directory)
 * @throws {OptionsError} if `dir` is empty
 * @example
 * const cache = openCache('/tmp/my-cache');
 * const entry = await cache.read(cacheKey(query), { asOf: '2024-06-30' });
 */
export function openCache(dir = '.roundabout-cache'): ResponseCache {
  if (dir.trim() === '') throw new OptionsError('openCache requires a non-empty directory');
  const root = resolve(dir);

  /** Join path segments under root, refusing anything that would leave it. */
  const inside = (...segments: string[]): string => {
    const p = resolve(root, ...segments);
    const rel = relative(root, p);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
      throw new OptionsError(`cache path escapes the cache directory: ${segments.join('/')}`);
    return p;
  };
  const checkKey = (key: string): string => {
    if (!KEY_RE.test(key))
      throw new OptionsError(`cache keys are sha256 hex strings, got ${JSON.stringify(key)}`);
    return key;
  };

  const atomicWrite = async (target: string, text: string): Promise<void> => {
    const tmpDir = inside('tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${randomBytes(8).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await mkdir(resolve(target, '..'), { recursive: true });
      await rename(tmp, target);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  };

  /** Write `text` to `<folder>/<key>/<ms>.json`, or the next free millisecond slot (two writes in one ms). */
  const writeSlot = async (folder: string, key: string, ms: number, text: string): Promise<string> => {
    let slot = ms;
    for (;;) {
      const target = inside(folder, key, `${slot}.json`);
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await atomicWrite(target, text);
        return target;
      }
      slot++;
    }
  };

  const readStored = async (file: string): Promise<StoredEntry | undefined> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return undefined;
    }
    const e = parsed as Partial<StoredEntry>;
    if (
      e?.format !== FORMAT ||
      typeof e.key !== 'string' ||
      typeof e.query !== 'string' ||
      typeof e.retrieved !== 'string' ||
      typeof e.sha256 !== 'string' ||
      !Array.isArray(e.parts)
    )
      return undefined;
    const { sha256, ...rest } = e as StoredEntry;
    if (entryDigest(rest) !== sha256) return undefined;
    return e as StoredEntry;
  };

  const listVintageFiles = async (key: string): Promise<{ ms: number; file: string }[]> => {
    const folder = inside('entries', checkKey(key));
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    return names
      .map((n) => /^(\d{1,16})\.json$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ ms: Number(m[1]), file: join(folder, m[0]) }))
      .sort((a, b) => a.ms - b.ms);
  };

  const toEntry = (s: StoredEntry): CacheEntry | undefined => {
    const parts = loadParts(s.parts);
    if (!parts) return undefined;
    return {
      key: s.key,
      query: s.query,
      source: s.source,
      retrieved: s.retrieved,
      lastUpdate: s.lastUpdate ?? null,
      parts,
    };
  };

  return {
    dir: root,
    read: async (key, options = {}) => {
      const limit = options.asOf === undefined ? Number.POSITIVE_INFINITY : asOfInstant(options.asOf);
      const files = await listVintageFiles(key);
      for (let i = files.length - 1; i >= 0; i--) {
        const f = files[i] as { ms: number; file: string };
        if (f.ms > limit) continue;
        const stored = await readStored(f.file);
        if (!stored || stored.key !== key) continue;
        const entry = toEntry(stored);
        if (entry) return entry;
      }
      return undefined;
    },
    write: async (entry) => {
      checkKey(entry.key);
      if (cacheKey(entry.query) !== entry.key)
        throw new OptionsError('cache entries must be keyed by the sha256 of their query');
      const ms = Date.parse(entry.retrieved);
      if (Number.isNaN(ms))
        throw new OptionsError(`cache entry retrieved time is not ISO: ${entry.retrieved}`);
      const base = {
        format: FORMAT,
        key: entry.key,
        query: entry.query,
        source: entry.source,
        retrieved: entry.retrieved,
        lastUpdate: entry.lastUpdate,
        parts: storeParts(entry.parts),
      };
      const stored: StoredEntry = { ...base, sha256: entryDigest(base) };
      await writeSlot('entries', entry.key, ms, JSON.stringify(stored));
    },
    vintages: async (key) => {
      const out: string[] = [];
      for (const f of await listVintageFiles(key)) {
        const s = await readStored(f.file);
        if (s && s.key === key && loadParts(s.parts)) out.push(s.retrieved);
      }
      return out;
    },
    readCheckpoint: async (key) => {
      const file = inside('partial', `${checkKey(key)}.json`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        return undefined;
      }
      const c = parsed as {
        format?: string;
        key?: string;
        query?: string;
        next?: string;
        parts?: unknown;
        sha256?: string;
      };
      if (c.format !== FORMAT || c.key !== key || typeof c.query !== 'string' || typeof c.next !== 'string')
        return undefined;
      const parts = loadParts(c.parts);
      if (!parts) return undefined;
      if (
        sha256Hex(
          JSON.stringify([c.key, c.query, c.next, (c.parts as StoredPart[]).map((p) => p.sha256)]),
        ) !== c.sha256
      )
        return undefined;
      return { key, query: c.query, next: c.next, parts };
    },
    writeCheckpoint: async (cp) => {
      const parts = storeParts(cp.parts);
      const sha256 = sha256Hex(JSON.stringify([cp.key, cp.query, cp.next, parts.map((p) => p.sha256)]));
      await atomicWrite(
        inside('partial', `${checkKey(cp.key)}.json`),
        JSON.stringify({ format: FORMAT, key: cp.key, query: cp.query, next: cp.next, parts, sha256 }),
      );
    },
    clearCheckpoint: async (key) => {
      await rm(inside('partial', `${checkKey(key)}.json`), { force: true });
    },
    quarantine: async (entry, reason) => {
      checkKey(entry.key);
      const ms = Date.parse(entry.retrieved);
      const record = {
        format: `${FORMAT}:quarantine`,
        key: entry.key,
        query: entry.query,
        source: entry.source,
        retrieved: entry.retrieved,
        reason,
        parts: storeParts(entry.parts),
      };
      return writeSlot('quarantine', entry.key, Number.isNaN(ms) ? Date.now() : ms, JSON.stringify(record));
    },
  };
}
