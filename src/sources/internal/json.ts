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
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(s);
    const line = offset === undefined ? undefined : s.slice(0, offset).split('\n').length;
    throw new DataValidationError(
      `undecodable JSON: ${message}`,
      { file, line },
      [{ code: 'invalid_json', path: [], message }],
      { cause: e },
    );
  }
}

/**
 * Offset of the first JSON syntax error, by a small recursive-descent scan (V8 does not always say where).
 * Only called once parsing has failed.
 */
export function jsonErrorOffset(s: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      i += c === 0x5c ? 2 : 1;
    }
    return false;
  };
  const value = (depth: number): boolean => {
    ws();
    if (depth > 10_000) return false;
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"' || !str()) return false;
          ws();
          if (s[i] !== ':') return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) {
          i++;
          return true;
        } else return false;
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 512));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  if (!value(0)) return Math.min(i, s.length);
  ws();
  return i < s.length ? i : undefined;
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
