/**
 * Reading files for the `load*` readers: raw bytes are counted and hashed as they stream (for progress and the
 * provenance SHA-256), gunzipped when the file starts with the gzip magic bytes (within the decompression
 * limits, counted as the bytes inflate), and decoded as UTF-8.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataValidationError, OptionsError } from '../../errors.js';
import type { LoadProgress } from '../../model/load-result.js';
import type { DecompressionLimits } from '../options.js';
import {
  budgetExceeded,
  DecompressionLimitError,
  type InflateBudget,
  inflateBudget,
  type ResolvedDecompressionLimits,
  resolveDecompressionLimits,
} from './decompression.js';

/** What reading a file reports back. */
export interface FileRead {
  /** Hex SHA-256 of the bytes as stored. */
  readonly sha256: string;
  /** Bytes read. */
  readonly bytes: number;
}

/** Whether the file is gzip (by its magic bytes), and its size as stored. */
async function sniff(path: string): Promise<{ gz: boolean; size: number }> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    const { size } = await handle.stat();
    return { gz: bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b, size };
  } finally {
    await handle.close();
  }
}

async function* decodeUtf8(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  // TextDecoder (not StringDecoder) so invalid bytes decode exactly as in `from*`; the BOM is kept for the parser.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** How {@link readFileText} bounds what it inflates. */
export interface ReadLimits {
  /** The caller's decompression options. */
  readonly limits?: DecompressionLimits;
  /**
   * Whether the consumer holds the whole text (a JSON reader): then `maxBodyBytes` defaults to 256 MiB and also
   * bounds an uncompressed file; a streaming consumer's memory does not grow with the file, so by default only
   * `maxInflateRatio` bounds it.
   */
  readonly whole?: boolean;
  /** The reader's name, for option errors. */
  readonly fn?: string;
}

/** Counts inflated (or, read whole, decoded-to-be) bytes and stops the stream once they pass the budget. */
function inflateCounter(
  budget: InflateBudget,
  limits: ResolvedDecompressionLimits,
  compressed: number | undefined,
): Transform {
  let out = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      out += chunk.length;
      if (out > budget.bytes)
        callback(
          budgetExceeded(compressed === undefined ? 'the file' : 'the gzip file', budget, limits, compressed),
        );
      else callback(null, chunk);
    },
  });
}

/**
 * Stream a file's decoded text to `consume`, counting and hashing the stored bytes. A gzip file is inflated as
 * it streams; the stream stops as soon as the inflated bytes pass `maxBodyBytes` or `maxInflateRatio` × the
 * file's size (past a 1 MiB grace).
 *
 * @param onBytes - called with the cumulative bytes read of this file after each chunk
 * @param read - decompression limits and whether the consumer keeps the whole text
 * @throws {OptionsError} on a bad decompression option
 * @throws {DataValidationError} if the file cannot be read, is a corrupt gzip stream, or crosses a decompression
 *   limit (issue code `decompression_limit`)
 */
export async function readFileText(
  path: string,
  onBytes: (bytes: number) => void,
  consume: (text: AsyncIterable<string>) => Promise<void>,
  read: ReadLimits = {},
): Promise<FileRead> {
  const limits = resolveDecompressionLimits(
    read.limits ?? {},
    read.fn ?? 'load',
    read.whole ? {} : { maxBodyBytes: Infinity },
  );
  let gz: boolean;
  let size: number;
  try {
    ({ gz, size } = await sniff(path));
  } catch (e) {
    throw new DataValidationError(`cannot read file: ${(e as Error).message}`, { file: path }, [], {
      cause: e,
    });
  }
  // The consumer's own error (a typed error from a parser) must reach the caller as it was thrown: when it ends the
  // pipeline early, the stages before it are destroyed and the pipeline may reject with their AbortError instead.
  let consumerError: { error: unknown } | null = null;
  const userConsume = consume;
  consume = async (text) => {
    try {
      await userConsume(text);
    } catch (e) {
      consumerError = { error: e };
      throw e;
    }
  };
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      onBytes(bytes);
      callback(null, chunk);
    },
  });
  try {
    if (gz) {
      const bound = inflateCounter(inflateBudget(limits, size), limits, size);
      await pipeline(createReadStream(path), counter, createGunzip(), bound, decodeUtf8, consume);
    } else if (read.whole && Number.isFinite(limits.maxBodyBytes)) {
      const bound = inflateCounter({ bytes: limits.maxBodyBytes, limit: 'maxBodyBytes' }, limits, undefined);
      await pipeline(createReadStream(path), counter, bound, decodeUtf8, consume);
    } else await pipeline(createReadStream(path), counter, decodeUtf8, consume);
  } catch (caught) {
    const e = consumerError === null ? caught : (consumerError as { error: unknown }).error;
    if (e instanceof DataValidationError || e instanceof OptionsError) throw e;
    if (e instanceof DecompressionLimitError)
      throw new DataValidationError(
        e.message,
        { file: path },
        [{ code: 'decompression_limit', path: [], message: e.message }],
        { cause: e },
      );
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('E'))) {
      throw new DataValidationError(`cannot read file: ${(e as Error).message}`, { file: path }, [], {
        cause: e,
      });
    }
    throw e;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Sizes of the files, for `totalBytes`. */
export async function fileSizes(paths: readonly string[]): Promise<number[]> {
  return Promise.all(
    paths.map(async (p) => {
      try {
        return (await stat(p)).size;
      } catch (e) {
        throw new DataValidationError(`cannot read file: ${(e as Error).message}`, { file: p }, [], {
          cause: e,
        });
      }
    }),
  );
}

/** Normalise `pathOrPaths` to a non-empty list. */
export function pathList(pathOrPaths: string | readonly string[], fn: string): readonly string[] {
  const paths = typeof pathOrPaths === 'string' ? [pathOrPaths] : pathOrPaths;
  if (paths.length === 0) throw new OptionsError(`${fn} requires at least one path`);
  return paths;
}

/** Tracks progress over several files and reports it monotonically. */
export interface ProgressTracker {
  /** Bytes read of the current file (cumulative within it). */
  fileBytes(bytes: number): void;
  /** One more data record read. */
  row(): void;
  /** Move on to the next file. */
  nextFile(): void;
  /** Report the final state. */
  done(): void;
}

/** A progress tracker over files of the given sizes, reporting to `onProgress` (may be undefined). */
export function progressTracker(
  sizes: readonly number[],
  onProgress: ((p: LoadProgress) => void) | undefined,
): ProgressTracker {
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  let fileIndex = 0;
  let current = 0;
  let rows = 0;
  let reportedRows = -1;
  const emit = () => {
    if (onProgress === undefined) return;
    reportedRows = rows;
    onProgress({ bytes: Math.min(before + current, totalBytes), totalBytes, rows });
  };
  return {
    fileBytes(bytes) {
      current = Math.max(current, bytes);
      emit();
    },
    row() {
      rows++;
      if (rows - reportedRows >= 50_000) emit();
    },
    nextFile() {
      before += sizes[fileIndex] ?? current;
      fileIndex++;
      current = 0;
    },
    done() {
      current = 0;
      before = totalBytes;
      emit();
    },
  };
}
