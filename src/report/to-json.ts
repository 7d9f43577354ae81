import type { Finding, RoundaboutResult } from '../analyses/types.js';
import { OptionsError } from '../errors.js';

/** Options of {@link toJson}. */
export interface ToJsonOptions {
  /** Spaces of indentation (default 2; 0 for one line). */
  readonly indent?: number;
}

/** A JSON value, as {@link normalise} returns it. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Turn any value into plain JSON data: object keys sorted, non-finite numbers as `null`, functions, symbols and
 * `undefined` dropped from objects (`null` in arrays, as `JSON.stringify` does), bigints as strings, Dates as ISO
 * strings, and the simulated `paths` of counterfactuals replaced by `pathsOmitted: { draws, periods }`.
 */
function normalise(value: unknown, seen: Set<object>): Json | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const obj = value as object;
  if (seen.has(obj)) throw new OptionsError('toJson requires acyclic data, got a circular reference');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((x) => normalise(x, seen) ?? null);
    const record = obj as Record<string, unknown>;
    // A null-prototype record, so a key named `__proto__` is kept as data, not taken as the prototype.
    const out: { [key: string]: Json } = Object.create(null);
    // Counterfactual paths are draws × periods numbers (often 1,000 × 22): summarised, not written out.
    const hasPaths = Array.isArray(record.paths) && Array.isArray(record.pathPeriods);
    for (const key of Object.keys(record).sort()) {
      if (hasPaths && key === 'paths') continue;
      const v = normalise(record[key], seen);
      if (v !== undefined) out[key] = v;
    }
    if (hasPaths) {
      const paths = record.paths as unknown[];
      out.pathsOmitted = { draws: paths.length, periods: (record.pathPeriods as unknown[]).length };
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Serialise a roundabout result (or a list of findings) to stable JSON.
 *
 * Stable: object keys are sorted at every level, so the same data always give the same text whatever order
 * they were built in. Safe: numbers that are not finite become `null` (results should hold none), functions
 * and `undefined` fields are dropped, and the output parses back with `JSON.parse`. Lean: the simulated
 * counterfactual `paths` (draws × periods) are DROPPED and summarised as `pathsOmitted: { draws, periods }`
 * next to `pathPeriods`; everything else is kept, including each counterfactual's expected values and bands.
 *
 * @param input - what `roundabout()` returns, or any list of findings
 * @param options - see {@link ToJsonOptions}
 * @returns JSON text (no trailing newline)
 * @throws {OptionsError} if the input contains a circular reference
 * @example
 * import { writeFile } from 'node:fs/promises';
 * const result = await roundabout();
 * await writeFile('result.json', toJson(result));
 * JSON.parse(toJson(result.findings)).length === result.findings.length; // => true
 */
export function toJson(
  input: RoundaboutResult | readonly Finding[] | Readonly<Record<string, unknown>>,
  options: ToJsonOptions = {},
): string {
  const indent = options.indent ?? 2;
  if (!Number.isInteger(indent) || indent < 0 || indent > 10) {
    throw new OptionsError(`toJson requires an integer indent from 0 to 10, got ${indent}`);
  }
  return JSON.stringify(normalise(input, new Set()) ?? null, null, indent);
}
