import type { z } from 'zod';
import { lazySchema } from '../shared/zod.js';

/**
 * Product classifications: `TOTAL` (all goods), `HS` (Harmonized System, 2/4/6 digits), `CN` (EU Combined
 * Nomenclature, 8 digits, whose first 6 are HS), `SITC` (Standard International Trade Classification).
 *
 * @example
 * const c: Classification = Classification.CN;
 */
export const Classification = { TOTAL: 'TOTAL', HS: 'HS', CN: 'CN', SITC: 'SITC' } as const;
/** One of `'TOTAL' | 'HS' | 'CN' | 'SITC'`. */
export type Classification = (typeof Classification)[keyof typeof Classification];

/**
 * zod schema for a {@link Product}.
 *
 * @example
 * ProductSchema.parse({ classification: 'HS', code: '8542', level: 4 });
 */
export const ProductSchema = lazySchema((z) =>
  z.object({
    classification: z.enum(['TOTAL', 'HS', 'CN', 'SITC']),
    /** The code as published, with leading zeros (`'01012100'`), or `'TOTAL'`. */
    code: z.string().min(1),
    /** Digits of the code (2, 4, 6, 8 for HS/CN; 1–5 for SITC); 0 for TOTAL. */
    level: z.number().int().min(0).max(10),
    /** Nomenclature edition, e.g. `'HS2017'`, `'HS2022'`, `'CN2021'`, `'CN2022'`. */
    edition: z.string().optional(),
  }),
);

/** A product: classification, code, level and (where known) edition. */
export type Product = z.infer<typeof ProductSchema>;

/**
 * The all-goods product.
 *
 * @example
 * TOTAL_GOODS.code; // => 'TOTAL'
 */
export const TOTAL_GOODS: Product = Object.freeze({ classification: 'TOTAL', code: 'TOTAL', level: 0 });

/**
 * Build an HS or CN product from a code, restoring leading zeros lost by spreadsheets
 * (`'1012100'` → `'01012100'`, `'2106'` stays HS4) when `padTo` is given.
 *
 * @param code - the code as published
 * @param options.classification - `'HS'` (default for ≤ 6 digits) or `'CN'` (default for 7–8 digits)
 * @param options.padTo - restore leading zeros to this many digits (a code of odd length is padded by one)
 * @param options.edition - nomenclature edition
 * @example
 * productOf('1012100').code; // => '01012100'
 * productOf('2106').level; // => 4
 */
export function productOf(
  code: string,
  options: { classification?: 'HS' | 'CN'; padTo?: number; edition?: string } = {},
): Product {
  let c = code.trim();
  if (c.toUpperCase() === 'TOTAL') return TOTAL_GOODS;
  if (options.padTo !== undefined) c = c.padStart(options.padTo, '0');
  else if (c.length % 2 === 1) c = `0${c}`;
  const classification = options.classification ?? (c.length > 6 ? 'CN' : 'HS');
  const p: Product = { classification, code: c, level: c.length };
  return options.edition === undefined ? p : { ...p, edition: options.edition };
}

/**
 * A short stable key for a product, e.g. `CN:01012100`, `HS:27`, `TOTAL`.
 *
 * @example
 * productKey({ classification: 'HS', code: '27', level: 2 }); // => 'HS:27'
 */
export function productKey(product: Product): string {
  return product.classification === 'TOTAL' ? 'TOTAL' : `${product.classification}:${product.code}`;
}
