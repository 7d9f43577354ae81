import { lazySchema } from '../shared/zod.js';
import { type Currency, CurrencySchema } from './currency.js';
import { type Period, PeriodSchema } from './period.js';
import { type Product, ProductSchema } from './product.js';

/**
 * The status of an observation. Missing is not zero; confidential is not zero.
 *
 * - `reported`: a value as published;
 * - `zero`: the publisher printed a true zero (or `-` meaning none);
 * - `negligible`: below the publisher's rounding unit, or suppressed (e.g. a month absent from an ONS file that
 *   drops zero cells) — small but not known to be zero; `value` is `null`;
 * - `missing`: no value published (Eurostat `:`); `value` is `null`;
 * - `confidential`: withheld for confidentiality; `value` is `null`;
 * - `estimated`: estimated by the publisher from other data (e.g. IMF figures for Russia from 2022, built from
 *   partners' records) — not independent evidence;
 * - `provisional`: preliminary, subject to revision.
 *
 * @example
 * const s: ObservationStatus = ObservationStatus.missing;
 */
export const ObservationStatus = {
  reported: 'reported',
  zero: 'zero',
  negligible: 'negligible',
  missing: 'missing',
  confidential: 'confidential',
  estimated: 'estimated',
  provisional: 'provisional',
} as const;
/** One of the observation statuses. */
export type ObservationStatus = (typeof ObservationStatus)[keyof typeof ObservationStatus];

/** Trade flow from the reporter's point of view. */
export type Flow = 'export' | 'import';

/** Whether a partner is the country of origin or of consignment (Armenia publishes both for imports). */
export type PartnerBasis = 'origin' | 'consignment';

const VALUE_STATUSES = new Set<ObservationStatus>(['reported', 'zero', 'estimated', 'provisional']);

/**
 * zod schema for a {@link TradeObservation}. Enforces that `missing`, `confidential` and `negligible` carry a `null`
 * value, that `zero` carries 0, that the other statuses carry a finite number, and that a value below zero carries
 * `negative: true` (and only such a value).
 *
 * @example
 * TradeObservationSchema.parse({ reporter: 'EU27_2020', partner: 'KG', flow: 'export',
 *   product: { classification: 'TOTAL', code: 'TOTAL', level: 0 }, period: '2022',
 *   value: 1170.9e6, currency: 'EUR', status: 'reported', source: 'eu-exports-annual' });
 */
export const TradeObservationSchema = lazySchema((z) =>
  z
    .object({
      reporter: z.string().min(1),
      partner: z.string().min(1),
      flow: z.enum(['export', 'import']),
      product: ProductSchema,
      period: PeriodSchema,
      value: z.number().finite().nullable(),
      currency: CurrencySchema,
      quantityKg: z.number().finite().nonnegative().optional(),
      status: z.enum([
        'reported',
        'zero',
        'negligible',
        'missing',
        'confidential',
        'estimated',
        'provisional',
      ]),
      roundingUnit: z.number().positive().optional(),
      partnerBasis: z.enum(['origin', 'consignment']).optional(),
      negative: z.literal(true).optional(),
      source: z.string().min(1),
    })
    .superRefine((o, ctx) => {
      if (VALUE_STATUSES.has(o.status) && o.value === null) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `status ${o.status} requires a value` });
      }
      if (!VALUE_STATUSES.has(o.status) && o.value !== null) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `status ${o.status} requires value null` });
      }
      if (o.status === 'zero' && o.value !== 0) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'status zero requires value 0' });
      }
      const below = o.value !== null && o.value < 0;
      if (below !== (o.negative === true)) {
        ctx.addIssue({
          code: 'custom',
          path: ['negative'],
          message: below
            ? 'a value below zero requires negative: true'
            : 'negative: true requires a value below zero',
        });
      }
    }),
);

/**
 * One published trade figure: who reported it, with whom, which way, what goods, when, how much.
 *
 * `value` is in **base units** of `currency` (EUR, not EUR thousands); `null` when there is no number
 * (see `status`). `reporter` is whoever published the figure: EU-reported exports to KG are
 * `{ reporter: 'EU27_2020', partner: 'KG', flow: 'export' }`, KG-reported imports from the EU are
 * `{ reporter: 'KG', partner: 'EU27_2020', flow: 'import' }`.
 *
 * @typeParam C - the currency, carried in the type so a EUR observation cannot silently mix with a GBP one
 */
export interface TradeObservation<C extends Currency = Currency> {
  /** Country or aggregate code of the publisher's side (ISO alpha-2, or `EU27_2020`, `WORLD`, …). */
  readonly reporter: string;
  /** Country or aggregate code of the other side. */
  readonly partner: string;
  /** `export` or `import`, from the reporter's side. */
  readonly flow: Flow;
  /** The goods. */
  readonly product: Product;
  /** `YYYY-MM` or `YYYY`. */
  readonly period: Period;
  /** Value in base units of `currency`; `null` when no number is published. */
  readonly value: number | null;
  /** Currency of `value`. */
  readonly currency: C;
  /** Net mass in kilograms, where published. */
  readonly quantityKg?: number;
  /** See {@link ObservationStatus}. */
  readonly status: ObservationStatus;
  /** The publisher's rounding unit in base units (e.g. `1e6` for whole £ millions). */
  readonly roundingUnit?: number;
  /** Origin or consignment, where the publisher distinguishes them. */
  readonly partnerBasis?: PartnerBasis;
  /**
   * `true` when the published value is below zero. Publishers print negative figures for revisions and adjustments
   * (a correction of an earlier month, a returned consignment); they are kept as published and summed like any
   * value, but flagged so that nothing mistakes them for trade: loaders count them (`LoadResult.negativeValues`),
   * `toSeries` notes where they were summed, and measures on logarithms treat a value ≤ 0 as no value.
   */
  readonly negative?: true;
  /** The id of the {@link Provenance} record it came from. */
  readonly source: string;
}
