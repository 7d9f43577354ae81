import { lazySchema } from '../shared/zod.js';

/**
 * Currencies a trade value can be stored in. Values are always in base units (EUR, not EUR thousands).
 *
 * The const object plus derived union follows flechette: `Currency.EUR` is a value, `Currency` a type.
 *
 * @example
 * const c: Currency = Currency.EUR; // 'EUR'
 */
export const Currency = { EUR: 'EUR', GBP: 'GBP', USD: 'USD' } as const;
/** One of `'EUR' | 'GBP' | 'USD'`. */
export type Currency = (typeof Currency)[keyof typeof Currency];

/**
 * zod schema for {@link Currency}.
 *
 * @example
 * CurrencySchema.parse('EUR'); // => 'EUR'
 */
export const CurrencySchema = lazySchema((z) => z.enum(['EUR', 'GBP', 'USD']));
