import { DataValidationError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { FxTable } from '../model/fx.js';
import type { Series } from '../model/series.js';
import { finiteOrNull } from './internal/combine.js';
import { listPeriods } from './internal/periods.js';
import { checkSeries } from './internal/series.js';

const CURRENCIES: readonly string[] = ['EUR', 'GBP', 'USD'];

/**
 * Convert a money series to another currency with an FX table of units per EUR, period by period.
 *
 * A rate between two non-euro currencies is the cross rate through EUR (GBP → USD = value / GBP-per-EUR ×
 * USD-per-EUR). The FX table's id and description are recorded in `notes`. A period with no rate in the table is
 * `null` (status `missing`) with a warning note — a rate is never reused from another period. The type changes
 * with the currency: `Series<'EUR'>` → `Series<'USD'>`. Converting to the series' own currency returns it
 * unchanged. O(periods).
 *
 * @typeParam C - currency of the input
 * @typeParam T - target currency
 * @param series - a money series
 * @param to - target currency
 * @param fx - rates as units per EUR by period, at the series' frequency (monthly series need monthly rates)
 * @returns the converted series, values in base units of `to`
 * @throws {UnitMismatchError} if the FX table's frequency differs from the series'
 * @throws {DataValidationError} if a rate it needs is not a positive finite number (naming the table and field)
 * @example
 * const fx: FxTable = { id: 'ecb-annual', description: 'ECB reference rates, annual mean', frequency: 'annual',
 *   perEur: { '2022': { USD: 1.053, GBP: 0.85276 } } };
 * const eur = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' }, currency: 'EUR', start: '2022', values: [1170.9e6] });
 * const usd = convertCurrency(eur, 'USD', fx); // Series<'USD'>
 * usd.values; // => [1232957700] (1170.9e6 × 1.053)
 */
export function convertCurrency<C extends Currency, T extends Currency>(
  series: Series<C>,
  to: T,
  fx: FxTable,
): Series<T> {
  const fn = 'convertCurrency';
  checkSeries(fn, series);
  if (!CURRENCIES.includes(to))
    throw new UnitMismatchError(`${fn} requires a currency EUR, GBP or USD, got ${String(to)}`);
  if (fx.frequency !== series.frequency) {
    throw new UnitMismatchError(
      `${fn} requires FX rates at the series' frequency, got ${fx.frequency} rates for a ${series.frequency} series`,
    );
  }
  const from: Currency = series.currency;
  if ((from as Currency) === to) return series as unknown as Series<T>;
  const rate = (currency: Currency, period: string): number | undefined => {
    if (currency === 'EUR') return 1;
    const r = fx.perEur[period]?.[currency];
    if (r === undefined) return undefined;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
      throw new DataValidationError(`rate must be a positive finite number, got ${String(r)}`, {
        file: fx.id,
        field: `perEur.${period}.${currency}`,
      });
    }
    return r;
  };
  const n = series.periods.length;
  const values = new Array<number | null>(n);
  const status = [...series.status];
  const noRate: string[] = [];
  for (let j = 0; j < n; j++) {
    const v = series.values[j]!;
    if (v === null) {
      values[j] = null;
      continue;
    }
    const p = series.periods[j]!;
    const rf = rate(from, p);
    const rt = rate(to, p);
    if (rf === undefined || rt === undefined) {
      values[j] = null;
      status[j] = 'missing';
      noRate.push(p);
      continue;
    }
    values[j] = finiteOrNull((v / rf) * rt);
  }
  const via = from !== 'EUR' && to !== 'EUR' ? `, cross rate through EUR` : '';
  const notes = [
    ...series.notes,
    `${fn}: ${from} → ${to} with ${fx.id} (${fx.description}), units per EUR by period${via}`,
  ];
  if (noRate.length > 0) {
    notes.push(`warning: ${fn}: no ${fx.id} rate for ${listPeriods(noRate)}; set to null`);
  }
  return { ...series, currency: to, values, status, notes };
}
