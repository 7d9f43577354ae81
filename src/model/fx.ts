import type { Currency } from './currency.js';
import type { Frequency, Period } from './period.js';

/**
 * Exchange rates as units of each currency per 1 EUR, by period (EUR itself is 1 and need not be listed).
 * The ECB publishes reference rates this way; a rate between two non-euro currencies is the cross
 * rate through EUR.
 *
 * @example
 * const fx: FxTable = { id: 'fx-ecb', description: 'ECB, monthly mean of daily reference rates',
 *   frequency: 'annual', perEur: { '2022': { USD: 1.053, GBP: 0.85276 } } };
 */
export interface FxTable {
  /** Provenance id of the rates (recorded on every converted series). */
  readonly id: string;
  /** What the rates are, e.g. `ECB euro reference rates, arithmetic mean of daily rates`. */
  readonly description: string;
  /** Frequency of the periods. */
  readonly frequency: Frequency;
  /** Units of currency per 1 EUR, by period; absent = not quoted. */
  readonly perEur: Readonly<Record<Period, Readonly<Partial<Record<Currency, number>>>>>;
}
