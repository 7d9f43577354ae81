import { CurrencySchema } from '../model/currency.js';
import { PeriodSchema } from '../model/period.js';
import { lazySchema } from '../shared/zod.js';

/**
 * zod schema for an {@link Interval} inside a measure's result. zod 4's `z.number()` rejects NaN and ±Infinity,
 * so a result that parses is free of them.
 *
 * @example
 * IntervalSchema.parse({ lower: -1, upper: 2, level: 0.95 }); // => { lower: -1, upper: 2, level: 0.95 }
 */
export const IntervalSchema = lazySchema((z) =>
  z.object({
    /** Lower bound, `null` where undefined. */
    lower: z.number().nullable(),
    /** Upper bound, `null` where undefined. */
    upper: z.number().nullable(),
    /** Coverage, e.g. 0.95. */
    level: z.number().gt(0).lt(1),
  }),
);

/**
 * zod schema for a {@link SeriesKey} as carried in results.
 *
 * @example
 * SeriesKeySchema.parse({ reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' });
 */
export const SeriesKeySchema = lazySchema((z) =>
  z.object({
    reporter: z.string(),
    partner: z.string(),
    flow: z.enum(['export', 'import']),
    product: z.string(),
  }),
);

/** Plain-language warnings (never sentences with trailing periods). */
export const WarningsSchema = lazySchema((z) => z.array(z.string()));

/** Periods as strings (`YYYY-MM` or `YYYY`). */
export const PeriodListSchema = lazySchema((z) => z.array(PeriodSchema));

export { CurrencySchema, PeriodSchema };
