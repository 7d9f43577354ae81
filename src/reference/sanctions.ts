/**
 * Types of the sanctions product lists and small helpers over them. The lists themselves ship as datasets:
 * `loadDataset('sanctions-eu-hs6')` (EBRD authors' HS6 list), `loadDataset('sanctions-eu-cn8')` (Reg. 833/2014
 * CN8 list as of 2022-10-07) and `loadDataset('chpl')` (Common High Priority List).
 *
 * @module
 */

/**
 * Categories of the EBRD authors' HS6 list (Chupilkin, Javorcik, Peeva & Plekhanov, openICPSR 229004).
 *
 * @example
 * SanctionCategory.dual_use; // => 'dual_use'
 */
export const SanctionCategory = {
  aviation: 'aviation',
  dual_use: 'dual_use',
  firearms: 'firearms',
  industrial_cap: 'industrial_cap',
  luxury: 'luxury',
  military_tech: 'military_tech',
  oil_exploration: 'oil_exploration',
  oil_refining: 'oil_refining',
} as const;
/** One sanction category. */
export type SanctionCategory = (typeof SanctionCategory)[keyof typeof SanctionCategory];

/** One HS2017 six-digit code of the EBRD authors' EU sanctions list. */
export interface SanctionedHs6 {
  /** HS2017 six-digit code. */
  readonly hs6: string;
  /** Whether the EU sanctions exports of this code to Russia. */
  readonly sanctioned: boolean;
  /** Date the sanction took effect (`YYYY-MM-DD`), or `null` when not sanctioned. */
  readonly date: string | null;
  /** End of the wind-down period for existing contracts (`YYYY-MM-DD`), or `null`. */
  readonly windDownDate: string | null;
  /** Whether the code is only partly covered (some CN8 lines exempt), or `null` when not stated. */
  readonly partiallyExempt: boolean | null;
  /** EUR price threshold for luxury goods (sanctioned above it), or `null`. */
  readonly maxPrice: number | null;
  /** Sanction categories. */
  readonly categories: readonly SanctionCategory[];
}

/** One CN8 code of Reg. 833/2014 as consolidated on 2022-10-07. */
export interface SanctionedCn8 {
  /** CN8 code with leading zeros. */
  readonly cn8: string;
  /** Eurostat label. */
  readonly label: string;
}

/**
 * CHPL tiers: 1 and 2 are the highest priority (integrated circuits, electronics), 3A/3B and 4A/4B follow.
 *
 * @example
 * const t: ChplTier = '3A';
 */
export type ChplTier = '1' | '2' | '3A' | '3B' | '4A' | '4B';

/** One HS2022 six-digit code of the Common High Priority List. */
export interface ChplEntry {
  /** HS2022 six-digit code. */
  readonly hs6: string;
  /** Tier. */
  readonly tier: ChplTier;
  /** List version, e.g. `2024-02`. */
  readonly listVersion: string;
}

/**
 * The HS6 codes under sanction on a date (effective date on or before it).
 *
 * @param list - rows of `sanctions-eu-hs6`
 * @param date - `YYYY-MM-DD`, `YYYY-MM` (end of that month) or `YYYY` (end of that year)
 * @returns the sorted codes
 * @example
 * const { rows } = await loadDataset('sanctions-eu-hs6');
 * sanctionedOn(rows, '2022-03-31').length; // => 1494 (17 codes of 2016-12-22, 894 of 2022-02-25, 583 of 2022-03-15)
 */
export function sanctionedOn(list: readonly SanctionedHs6[], date: string): string[] {
  const end = date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
  return list
    .filter((r) => r.sanctioned && r.date !== null && r.date <= end)
    .map((r) => r.hs6)
    .sort();
}

/**
 * The CHPL codes of some tiers.
 *
 * @param entries - rows of `chpl`
 * @param tiers - tiers to keep (default: all)
 * @returns the sorted HS2022 codes
 * @example
 * const { rows } = await loadDataset('chpl');
 * chplCodes(rows, ['1', '2']).length; // => 9
 */
export function chplCodes(entries: readonly ChplEntry[], tiers?: readonly ChplTier[]): string[] {
  return entries
    .filter((e) => tiers === undefined || tiers.includes(e.tier))
    .map((e) => e.hs6)
    .sort();
}
