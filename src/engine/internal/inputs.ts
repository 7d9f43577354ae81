/**
 * What a bulk input is before DuckDB reads it: its format (CSV, gzip CSV, Parquet), its header, and where the
 * columns the loader needs sit. The layouts are those `loadComextBulk` recognises, told apart the same way.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataValidationError } from '../../errors.js';
import {
  type BulkColumns,
  type BulkLayout,
  bulkLayoutOf,
  cleanField,
  csvRecordsFromText,
} from '../../shared/ingest.js';
import { sqlString } from './duckdb.js';

/** One input file, inspected. */
export interface BulkInput {
  readonly path: string;
  readonly format: 'csv' | 'parquet';
  readonly compression: 'none' | 'gzip';
  /** Column names as in the file (cleaned of BOMs and surrounding whitespace). */
  readonly header: readonly string[];
  /** Lines before the header (blank lines at the top of a CSV file); 0 for Parquet. */
  readonly skip: number;
  /** 1-based line of the header (1 for Parquet). */
  readonly headerLine: number;
  /** The layout and the column positions, found as the pure-JS loader finds them (one shared function). */
  readonly layout: BulkLayout;
  readonly columns: BulkColumns;
  /** Size of the file as stored. */
  readonly bytes: number;
  /** Modification time, ISO 8601 (for provenance when no checksum is computed). */
  readonly modified?: string;
}

function cannotRead(path: string, e: unknown): DataValidationError {
  return new DataValidationError(`cannot read file: ${(e as Error).message}`, { file: path }, [], {
    cause: e,
  });
}

async function magic(path: string): Promise<{ bytes: Buffer; size: number; modified: string }> {
  try {
    const handle = await open(path, 'r');
    try {
      const st = await handle.stat();
      const bytes = Buffer.alloc(4);
      const { bytesRead } = await handle.read(bytes, 0, 4, 0);
      return { bytes: bytes.subarray(0, bytesRead), size: st.size, modified: st.mtime.toISOString() };
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw cannotRead(path, e);
  }
}

/** The first `max` characters of a (possibly gzip) text file, enough to hold its header. */
async function head(path: string, gzip: boolean, max = 1 << 20): Promise<string> {
  const raw = createReadStream(path, gzip ? {} : { end: max });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += decoder.decode(chunk, { stream: true });
      // Enough once a line break follows some non-blank text (blank leading lines are not the header).
      if (/\S[^\n]*\n/.test(text) || text.length >= max) break;
    }
  } catch (e) {
    throw cannotRead(path, e);
  } finally {
    raw.destroy();
  }
  return text;
}

/**
 * Split CSV text into records (RFC 4180 quotes) with the loaders' tokenizer, keeping empty lines out.
 *
 * @throws {DataValidationError} on a quote that is never closed or a malformed closing quote
 */
export function csvFields(text: string, file = '<CSV line>'): string[][] {
  return csvRecordsFromText(text, { file }).map((r) => r.fields as string[]);
}

/**
 * Inspect one file: Parquet by its magic bytes (`PAR1`), gzip by its magic bytes, anything else CSV.
 *
 * @throws {DataValidationError} if the file cannot be read, is empty, or lacks a required column
 */
export async function inspectInput(path: string, connection: DuckDBConnection): Promise<BulkInput> {
  const { bytes, size, modified } = await magic(path);
  // Eurostat ships the bulk files as .7z archives, which neither DuckDB nor Node reads.
  if (bytes.length >= 2 && bytes[0] === 0x37 && bytes[1] === 0x7a) {
    throw new DataValidationError(
      'a 7-Zip archive (Eurostat ships the bulk files as .7z): extract the .dat file first (7z x), or re-compress it as gzip',
      { file: path },
    );
  }
  if (bytes.length === 4 && bytes.toString('latin1') === 'PAR1') {
    let header: string[];
    try {
      const r = await connection.runAndReadAll(
        `SELECT name FROM parquet_schema(${sqlString(path)}) WHERE num_children IS NULL OR num_children = 0`,
      );
      header = r.getRows().map((row) => String(row[0]));
    } catch (e) {
      throw cannotRead(path, e);
    }
    const { layout, columns } = bulkLayoutOf(header, path, 1);
    return {
      path,
      format: 'parquet',
      compression: 'none',
      header,
      skip: 0,
      headerLine: 1,
      layout,
      columns,
      bytes: size,
      modified,
    };
  }
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = await head(path, gzip);
  const lines = text.split('\n');
  let skip = 0;
  while (skip < lines.length - 1 && lines[skip]!.replace(/\ufeff/g, '').trim() === '') skip++;
  const first = (lines[skip] ?? '').replace(/\r$/, '');
  const header = first.trim() === '' ? [] : (csvFields(first, path)[0] ?? []).map(cleanField);
  if (header.length === 0 || header.every((h) => h === '')) {
    throw new DataValidationError('empty input: no header line', { file: path, line: 1 }, [
      { code: 'missing_header', path: [], message: 'no header line' },
    ]);
  }
  const { layout, columns } = bulkLayoutOf(header, path, skip + 1);
  return {
    path,
    format: 'csv',
    compression: gzip ? 'gzip' : 'none',
    header,
    skip,
    headerLine: skip + 1,
    layout,
    columns,
    bytes: size,
    modified,
  };
}

/**
 * Hex SHA-256 of a file's bytes as stored.
 *
 * @throws {DataValidationError} if the file cannot be read
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      hash.update(chunk as Buffer);
  } catch (e) {
    throw cannotRead(path, e);
  }
  return hash.digest('hex');
}

/**
 * The 1-based physical line of the byte at `offset` (0-based, in the decompressed text for gzip): one more than the
 * line breaks before it. Reads the file up to that byte (used only to word an error).
 */
export async function lineAt(path: string, gzip: boolean, offset: number): Promise<number> {
  const raw = createReadStream(path);
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  let line = 1;
  let seen = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = Math.min(chunk.length, offset - seen);
      for (let i = chunk.indexOf(10); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) line++;
      seen += chunk.length;
      if (seen >= offset) break;
    }
  } finally {
    raw.destroy();
  }
  return line;
}
