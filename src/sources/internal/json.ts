/**
 * JSON input helpers: parse with a {@link DataValidationError} naming the line, and read loosely typed fields
 * without ever throwing a TypeError.
 *
 * @module
 */
import { DataValidationError } from '../../errors.js';

/**
 * Parse JSON text.
 *
 * @throws {DataValidationError} naming the line of the syntax error
 */
export function parseJson(text: string, file: string): unknown {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    let line: number | undefined;
    const pos = /position (\d+)/.exec(message);
    const lc = /line (\d+)/.exec(message);
    if (pos) line = s.slice(0, Number(pos[1])).split('\n').length;
    else if (lc) line = Number(lc[1]);
    throw new DataValidationError(
      `undecodable JSON: ${message}`,
      { file, line },
      [{ code: 'invalid_json', path: [], message }],
      { cause: e },
    );
  }
}

/** A plain JSON object, or `undefined`. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A scalar JSON value as trimmed text (`''` for null, undefined, objects and arrays). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return '';
}

/** Abbreviated JSON of a record, for rejects. */
export function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
