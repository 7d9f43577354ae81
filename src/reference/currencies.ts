/**
 * Exchange-rate rows of the shipped ECB table (`loadDataset('fx-ecb')`) and their conversion to an
 * {@link FxTable}.
 *
 * @module
 */
import type { FxTable } from '../model/fx.js';
import type { Frequency, Period } from '../model/period.js';

/** Currencies the ECB table carries, as units per 1 EUR. */
export type FxCurrency = 'USD' | 'GBP' | 'RUB' | 'TRY' | 'CNY' | 'CHF' | 'JPY';

/** One period of the ECB average reference rates. */
export interface FxRow {
  /** `YYYY` (annual mean) or `YYYY-MM` (monthly mean). */
  readonly period: Period;
  /** Number of daily fixings averaged. */
  readonly nDays: number;
  /**
   * Mean units of each currency per 1 EUR; `null` where not quoted (RUB from 2022-03-01; TRY/CNY before they
   * were quoted).
   */
  readonly perEur: Readonly<Record<FxCurrency, number | null>>;
  /** Mean over days of the daily USD per GBP cross rate (not the ratio of the means). */
  readonly usdPerGbp: number | null;
}

/**
 * Build an {@link FxTable} of EUR, USD and GBP from ECB rows of one frequency.
 *
 * @param rows - rows of `fx-ecb`
 * @param frequency - which periods to keep
 * @returns the table, with id `fx-ecb:monthly` or `fx-ecb:annual`
 * @example
 * const { rows } = await loadDataset('fx-ecb');
 * fxTableFromRows(rows, 'annual').perEur['2022']?.USD; // => 1.053049 (ECB: 1.0530)
 */
export function fxTableFromRows(rows: readonly FxRow[], frequency: Frequency): FxTable {
  const perEur: Record<Period, { USD?: number; GBP?: number }> = {};
  for (const r of rows) {
    if ((r.period.length === 4) !== (frequency === 'annual')) continue;
    const e: { USD?: number; GBP?: number } = {};
    if (r.perEur.USD !== null) e.USD = r.perEur.USD;
    if (r.perEur.GBP !== null) e.GBP = r.perEur.GBP;
    perEur[r.period] = e;
  }
  return {
    id: `fx-ecb:${frequency}`,
    description: `ECB euro foreign exchange reference rates, ${frequency} arithmetic mean of daily rates (units per EUR)`,
    frequency,
    perEur,
  };
}
