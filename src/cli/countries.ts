/**
 * Country arguments of the CLI: ISO codes in any case (`kz`, `KAZ`), aggregate codes (`eu27_2020`) or names
 * (`Kazakhstan`, `Kyrgyz Republic`), resolved to our codes; unknown ones refused with the nearest codes and names.
 *
 * @module
 */

import {
  AGGREGATES,
  COUNTRIES,
  classifyLabel,
  getAggregate,
  getCountry,
  normaliseLabel,
  resolveCountryLabel,
} from '../reference/countries.js';
import { AGGREGATE_ALIASES, COUNTRY_ALIASES } from '../reference/country-aliases.js';
import { UsageError } from './exit-codes.js';

/**
 * Levenshtein distance (insertions, deletions, substitutions, each 1) between two strings.
 *
 * @example
 * editDistance('kazakstan', 'kazakhstan'); // => 1
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

interface Candidate {
  /** The matching key: a lower-cased code or a normalised name. */
  readonly key: string;
  readonly code: string;
}

let candidates: readonly Candidate[] | undefined;

function allCandidates(): readonly Candidate[] {
  if (candidates !== undefined) return candidates;
  const out: Candidate[] = [];
  const add = (text: string | undefined, code: string): void => {
    if (text === undefined || text === '') return;
    out.push({ key: normaliseLabel(text), code });
  };
  for (const c of COUNTRIES) {
    if (c.historical) continue;
    add(c.code, c.code);
    add(c.alpha3, c.code);
    add(c.name, c.code);
    // Latin-script aliases only: a user typing at a shell gets suggestions they can read back.
    for (const n of COUNTRY_ALIASES[c.code] ?? [])
      if (/^[\p{Script=Latin}\s\d.,'()-]+$/u.test(n)) add(n, c.code);
  }
  for (const a of AGGREGATES) {
    add(a.code, a.code);
    add(a.name, a.code);
    for (const n of AGGREGATE_ALIASES[a.code] ?? [])
      if (/^[\p{Script=Latin}\s\d.,'()-]+$/u.test(n)) add(n, a.code);
  }
  candidates = out;
  return out;
}

/**
 * Our code with its English name, for messages.
 *
 * @example
 * describeCode('KZ'); // => 'KZ (Kazakhstan)'
 */
export function describeCode(code: string): string {
  const name = getCountry(code)?.name ?? getAggregate(code)?.name;
  return name === undefined ? code : `${code} (${name})`;
}

/**
 * The nearest codes to an unknown country argument, by edit distance over codes and names (at most `limit`,
 * closest first; none when nothing is within about a third of the input's length).
 *
 * @example
 * suggestCountries('kazakstan'); // => ['KZ']
 */
export function suggestCountries(input: string, limit = 3): string[] {
  const key = normaliseLabel(input);
  if (key === '') return [];
  const threshold = Math.max(1, Math.floor(key.length / 3));
  const best = new Map<string, number>();
  for (const c of allCandidates()) {
    // Compare a short input with codes, a long one with names: `xx` is near `xk`, not near `chad`.
    if (Math.abs(c.key.length - key.length) > threshold) continue;
    const d = editDistance(key, c.key);
    if (d <= threshold && d < (best.get(c.code) ?? Number.POSITIVE_INFINITY)) best.set(c.code, d);
  }
  return [...best.entries()]
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([code]) => code);
}

/**
 * Resolve one country argument to our code: an ISO alpha-2 or alpha-3 code in any case, an aggregate code
 * (`EU27_2020`), or a name in English (also French, Russian and the publishers' spellings the reference table
 * knows).
 *
 * @param input - the argument as typed
 * @param flag - the option it came from, for the message (`--destinations`)
 * @returns our code
 * @throws {UsageError} for an unknown argument, with the nearest codes ("did you mean"), or a vague group (`CIS`)
 * @example
 * resolveCountryArg('kazakhstan', '--destinations'); // => 'KZ'
 * resolveCountryArg('am', '--destinations'); // => 'AM'
 */
export function resolveCountryArg(input: string, flag: string): string {
  const text = input.trim();
  const asCode = /^[A-Za-z]{2,3}$/.test(text) ? resolveCountryLabel(text.toUpperCase()) : undefined;
  const code = asCode ?? resolveCountryLabel(text);
  if (code !== undefined) return code;
  const group = classifyLabel(text);
  if (group?.kind === 'group') {
    throw new UsageError(
      `${flag}: ${JSON.stringify(input)} is a group of countries, not one country or aggregate (${group.reason ?? 'no code'})`,
    );
  }
  const near = suggestCountries(text);
  const hint =
    near.length === 0
      ? '; use ISO codes (KZ, AM, KG) or English names (Kazakhstan)'
      : `; did you mean ${near.map(describeCode).join(', ')}?`;
  throw new UsageError(`${flag}: unknown country ${JSON.stringify(input)}${hint}`);
}

/**
 * Resolve a comma-separated list of country arguments ({@link resolveCountryArg} on each), dropping repeats.
 *
 * @example
 * resolveCountryList(['kazakhstan', 'am', 'KZ'], '--destinations'); // => ['KZ', 'AM']
 */
export function resolveCountryList(inputs: readonly string[], flag: string): string[] {
  return [...new Set(inputs.map((x) => resolveCountryArg(x, flag)))];
}
