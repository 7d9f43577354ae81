/**
 * Product codes: HS/CN levels, nomenclature editions, truncation, and the row types of the shipped HS tables
 * (`hs-concordance`, `hs-descriptions`). The tables themselves are datasets (`loadDataset('hs-concordance')`).
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { type Period, yearOf } from '../model/period.js';

/**
 * Levels of the product codes we use: 0 = total goods, 2/4/6 = HS chapter/heading/subheading, 8 = CN
 * subheading (the EU's Combined Nomenclature; its first 6 digits are HS).
 *
 * @example
 * ProductLevel.HS6; // => 6
 */
export const ProductLevel = { TOTAL: 0, HS2: 2, HS4: 4, HS6: 6, CN8: 8 } as const;
/** One of `0 | 2 | 4 | 6 | 8`. */
export type ProductLevel = (typeof ProductLevel)[keyof typeof ProductLevel];

/** An HS edition and the first month it applies (the WCO revises HS every five years, on 1 January). */
export interface HsEdition {
  /** Edition name, e.g. `HS2022`. */
  readonly edition: string;
  /** First month in force, `YYYY-MM`. */
  readonly from: Period;
}

/**
 * HS editions in force since 1996, oldest first (WCO; each entered into force on 1 January).
 *
 * @example
 * HS_EDITIONS.at(-1)?.edition; // => 'HS2022'
 */
export const HS_EDITIONS: readonly HsEdition[] = [
  { edition: 'HS1996', from: '1996-01' },
  { edition: 'HS2002', from: '2002-01' },
  { edition: 'HS2007', from: '2007-01' },
  { edition: 'HS2012', from: '2012-01' },
  { edition: 'HS2017', from: '2017-01' },
  { edition: 'HS2022', from: '2022-01' },
];

/**
 * The date the HS/CN 2022 revision took effect (the CN2022 came into force with it). Comparing CN8 baskets across
 * it compares different goods unless codes are mapped (see `hs-concordance`).
 *
 * @example
 * HS2022_REVISION_DATE; // => '2022-01-01'
 */
export const HS2022_REVISION_DATE = '2022-01-01';

/**
 * The HS edition in force in a period.
 *
 * @param period - `YYYY-MM` or `YYYY`
 * @returns e.g. `HS2017` for `2021-12`, `HS2022` for `2022-01`
 * @throws {OptionsError} if the period is invalid or before 1996
 * @example
 * hsEditionFor('2021-12'); // => 'HS2017'
 * hsEditionFor('2022'); // => 'HS2022'
 */
export function hsEditionFor(period: Period): string {
  const month = period.length === 4 ? `${yearOf(period)}-01` : `${yearOf(period)}-${period.slice(5)}`;
  let found: string | undefined;
  for (const e of HS_EDITIONS) if (e.from <= month) found = e.edition;
  if (found === undefined) throw new OptionsError(`hsEditionFor requires a period from 1996, got ${period}`);
  return found;
}

/**
 * The CN edition in force in a period. The EU's Combined Nomenclature is republished every year and applies from
 * 1 January, so the edition is `CN` + the year.
 *
 * @param period - `YYYY-MM` or `YYYY`
 * @returns e.g. `CN2022`
 * @throws {OptionsError} if the period is invalid
 * @example
 * cnEditionFor('2022-03'); // => 'CN2022'
 */
export function cnEditionFor(period: Period): string {
  return `CN${yearOf(period)}`;
}

/**
 * Truncate an HS/CN code to a coarser level (CN8 → HS6 → HS4 → HS2).
 *
 * @param code - a code with leading zeros, e.g. `'01012100'`
 * @param level - 2, 4, 6 or 8, at most the code's length
 * @returns the first `level` digits
 * @throws {OptionsError} if the code is not 2–8 digits or the level is finer than the code
 * @example
 * truncateCode('85423190', 4); // => '8542'
 */
export function truncateCode(code: string, level: 2 | 4 | 6 | 8): string {
  if (!/^\d{2,8}$/.test(code) || code.length % 2 !== 0) {
    throw new OptionsError(
      `truncateCode requires a code of 2, 4, 6 or 8 digits, got ${JSON.stringify(code)}`,
    );
  }
  if (level > code.length) {
    throw new OptionsError(
      `truncateCode requires a level at most the code length (${code.length}), got ${level}`,
    );
  }
  return code.slice(0, level);
}

/**
 * The level of an HS/CN code: its number of digits, or 0 for `TOTAL`.
 *
 * @param code - `TOTAL` or 2–8 digits
 * @returns 0, 2, 4, 6 or 8
 * @throws {OptionsError} for anything else
 * @example
 * codeLevel('8542'); // => 4
 */
export function codeLevel(code: string): ProductLevel {
  if (code === 'TOTAL') return 0;
  if (/^\d{2,8}$/.test(code) && code.length % 2 === 0) return code.length as ProductLevel;
  throw new OptionsError(
    `codeLevel requires TOTAL or a 2, 4, 6 or 8 digit code, got ${JSON.stringify(code)}`,
  );
}

/** Relationship of a concordance pair, from the HS2022 side to the HS2017 side. */
export type ConcordanceRelationship = '1:1' | 'n:1' | '1:n' | 'n:n';

/** One HS2022–HS2017 pair of the UNSD correlation table (`loadDataset('hs-concordance')`). */
export interface ConcordanceRow {
  /** HS2022 six-digit code. */
  readonly hs2022: string;
  /** HS2017 six-digit code. */
  readonly hs2017: string;
  /** `1:1`, `n:1` (several HS2022 codes → one HS2017), `1:n` or `n:n`. */
  readonly relationship: ConcordanceRelationship;
  /** Whether this is the single HS2017 code the UNSD "Conversions" sheet assigns to `hs2022`. */
  readonly conversion: boolean;
}

/** One HS heading description (`loadDataset('hs-descriptions')`). */
export interface HsDescription {
  /** `HS2017` or `HS2022`. */
  readonly hsVersion: 'HS2017' | 'HS2022';
  /** The code, 2, 4 or 6 digits. */
  readonly code: string;
  /** 2, 4 or 6. */
  readonly digits: 2 | 4 | 6;
  /** English description. */
  readonly description: string;
  /** Parent code (`TOTAL` for chapters). */
  readonly parent: string;
}
