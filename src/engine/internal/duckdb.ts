/**
 * The embedded DuckDB engine, loaded lazily: nothing here imports `@duckdb/node-api` until a bulk query runs, so
 * the core library never loads the native module (and stays free of side effects) unless this path is used.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import { MissingPeerDependencyError, OptionsError, RoundaboutError } from '../../errors.js';

/** The settings every bulk query runs with; the benchmark's "DuckDB alone" runner uses the same. */
export interface EngineSettings {
  /** DuckDB `memory_limit`, e.g. `'1GB'`; beyond it operators spill to `tempDirectory`. */
  readonly memoryLimit: string;
  /** Folder DuckDB spills to. */
  readonly tempDirectory: string;
  /** Worker threads DuckDB uses. */
  readonly threads: number;
}

/** Default memory limit: large enough for fast hash aggregation, small enough to bound the process. */
export const DEFAULT_MEMORY_LIMIT = '1GB';

const MEMORY_RE = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/**
 * Resolve the engine settings of a call.
 *
 * @throws {OptionsError} for a malformed memory limit or thread count
 */
export function resolveSettings(
  fn: string,
  options: {
    memoryLimit?: string | undefined;
    tempDirectory?: string | undefined;
    threads?: number | undefined;
  },
): EngineSettings {
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  if (!MEMORY_RE.test(memoryLimit)) {
    throw new OptionsError(
      `${fn} requires memoryLimit like '1GB' or '512MB', got ${JSON.stringify(memoryLimit)}`,
    );
  }
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 1024)) {
    throw new OptionsError(`${fn} requires threads to be an integer from 1 to 1024, got ${threads}`);
  }
  const tempDirectory = options.tempDirectory ?? join(tmpdir(), `roundabout-duckdb-${randomUUID()}`);
  return { memoryLimit: memoryLimit.replace(/\s+/g, ''), tempDirectory, threads };
}

type NodeApi = typeof import('@duckdb/node-api');

/** The optional peer dependency the bulk engine loads, and the entry point that loads it. */
const DUCKDB_PACKAGE = '@duckdb/node-api';
const BULK_ENTRY = 'trade-roundabout/bulk';

let api: Promise<NodeApi> | undefined;

/**
 * Whether a loader error says the package itself is absent (rather than present but failing to load, e.g. its
 * native binding missing for this platform): Node's ESM and CommonJS resolvers both quote the missing name.
 */
function isNotInstalled(cause: unknown, name: string): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

/**
 * The error a failed import of `@duckdb/node-api` becomes.
 *
 * @param fn - the bulk function that was called
 */
export function duckDbLoadError(fn: string, cause: unknown): MissingPeerDependencyError {
  return new MissingPeerDependencyError(DUCKDB_PACKAGE, BULK_ENTRY, fn, {
    cause,
    installed: !isNotInstalled(cause, DUCKDB_PACKAGE),
  });
}

/**
 * Import `@duckdb/node-api` once, on first use. The package is an optional peer dependency of
 * `trade-roundabout/bulk`; nothing else in the library loads it.
 *
 * @throws {MissingPeerDependencyError} if the package is not installed or cannot load on this platform
 */
export function loadDuckDb(fn: string): Promise<NodeApi> {
  api ??= import('@duckdb/node-api').catch((cause: unknown) => {
    api = undefined;
    throw duckDbLoadError(fn, cause);
  });
  return api;
}

/** An open embedded database with one connection. */
export interface Engine {
  readonly connection: DuckDBConnection;
  /** Close the connection and the database and remove a temp folder this call created. */
  close(): Promise<void>;
}

/** Quote a string as a SQL literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The `SET` statements of {@link EngineSettings} (the DuckDB-alone benchmark runs the same ones). */
export function settingStatements(settings: EngineSettings): string[] {
  return [
    `SET memory_limit = ${sqlString(settings.memoryLimit)}`,
    `SET temp_directory = ${sqlString(settings.tempDirectory)}`,
    `SET threads = ${settings.threads}`,
    // Insertion order is meaningless for a GROUP BY and keeping it costs memory.
    'SET preserve_insertion_order = false',
    // Progress is polled through the API; never printed.
    'SET enable_progress_bar = true',
    'SET enable_progress_bar_print = false',
  ];
}

/**
 * Open an in-memory database with the settings applied.
 *
 * @param ownTemp - whether the temp folder was made up for this call (then `close` removes it)
 */
export async function openEngine(fn: string, settings: EngineSettings, ownTemp: boolean): Promise<Engine> {
  const duckdb = await loadDuckDb(fn);
  let instance: DuckDBInstance;
  try {
    instance = await duckdb.DuckDBInstance.create(':memory:');
  } catch (cause) {
    throw new RoundaboutError(`${fn} could not start DuckDB: ${String(cause)}`, { cause });
  }
  const connection = await instance.connect();
  try {
    for (const s of settingStatements(settings)) await connection.run(s);
  } catch (cause) {
    connection.closeSync();
    instance.closeSync();
    throw new OptionsError(`${fn} could not apply the engine settings: ${String(cause)}`);
  }
  return {
    connection,
    async close() {
      connection.closeSync();
      instance.closeSync();
      if (ownTemp) await rm(settings.tempDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * Run a query and hand each result chunk to `onChunk`, polling DuckDB's query progress meanwhile.
 *
 * @param onProgress - called with the fraction of the query done, in [0, 1], never decreasing
 * @param onRowCount - called once, before the first chunk, with the number of result rows (the result is
 * materialised, so DuckDB knows it): lets the reader allocate its arrays once
 */
export async function runChunks(
  connection: DuckDBConnection,
  sql: string,
  onChunk: (chunk: DuckDBDataChunk) => void,
  onProgress?: (fraction: number) => void,
  onRowCount?: (rows: number) => void,
): Promise<void> {
  let last = 0;
  const timer =
    onProgress === undefined
      ? undefined
      : setInterval(() => {
          const pct = connection.progress.percentage;
          if (pct > 0) {
            const f = Math.min(0.99, pct / 100);
            if (f > last) {
              last = f;
              onProgress(f);
            }
          }
        }, 200);
  try {
    const result = await connection.run(sql);
    onRowCount?.(result.rowCount);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      onChunk(chunk);
    }
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
}
