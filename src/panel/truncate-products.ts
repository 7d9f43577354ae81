import { AggregateMixError, OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import type { Product } from '../model/product.js';
import { aggregateCells } from './internal/cells.js';
import { policyOf } from './internal/combine.js';
import { hsEditionOfLabel, isGroupProduct } from './internal/products.js';
import type { PanelObservation, SumOptions } from './types.js';

/** An HS level a CN/HS code can be truncated to: chapter (2), heading (4), subheading (6). */
export type HsLevel = 2 | 4 | 6;

/**
 * Aggregate HS/CN observations to a coarser level — CN8 → HS6 → HS4 → HS2 — by truncating each code to its first
 * `level` digits and summing the observations that then share a cell.
 *
 * Codes already at or above `level` (and `TOTAL`) pass through unchanged. The result is an `HS` product; a CN
 * edition becomes the HS edition it is built on (`CN2021` → `HS2017`). Parts without a value follow
 * {@link SumOptions}. O(n).
 *
 * The input must not hold a code together with a code beneath it (e.g. HS4 `2709` rows beside CN8 `27090010`
 * rows, as in the sanctioned-goods extract): both would land in one cell and double count, so this refuses. Filter
 * one code level first.
 *
 * @param observations - observations with HS or CN products (and possibly `TOTAL`)
 * @param level - 2, 4 or 6
 * @param options - the summing rules
 * @returns observations at `level` (or coarser), one per cell
 * @throws {OptionsError} if `level` is not 2, 4 or 6, a product is SITC or a named group, or a cell occurs twice
 * @throws {AggregateMixError} if the input holds a code and a code beneath it
 * @example
 * const o = (code: string, value: number) => ({ reporter: 'EU27_2020', partner: 'KG', flow: 'export' as const,
 *   product: productOf(code), period: '2022-03', value, currency: 'EUR' as const, status: 'reported' as const,
 *   source: 'x' });
 * const hs6 = truncateProducts([o('84713000', 1), o('84713010', 2), o('84714100', 4)], 6);
 * hs6.map((h) => [h.product.code, h.value]); // => [['847130', 3], ['847141', 4]]
 */
export function truncateProducts<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  level: HsLevel,
  options: SumOptions = {},
): PanelObservation<C>[] {
  const fn = 'truncateProducts';
  if (level !== 2 && level !== 4 && level !== 6) {
    throw new OptionsError(`${fn} requires level 2, 4 or 6, got ${String(level)}`);
  }
  const codes = new Set<string>();
  for (const o of observations) {
    const p = o.product;
    if (p.classification === 'TOTAL') continue;
    if (p.classification === 'SITC' || isGroupProduct(p)) {
      throw new OptionsError(`${fn} requires HS or CN products, got ${p.classification} ${p.code}`);
    }
    codes.add(p.code);
  }
  for (const code of codes) {
    for (let l = 2; l < code.length; l += 2) {
      if (codes.has(code.slice(0, l))) {
        throw new AggregateMixError(
          `${fn} found product ${code.slice(0, l)} and ${code} beneath it: summing both would double count (filter one code level)`,
        );
      }
    }
  }
  const cache = new Map<string, Product>();
  const truncated = (p: Product): Product => {
    const id = `${p.code}|${p.edition ?? ''}`;
    let hit = cache.get(id);
    if (hit === undefined) {
      const edition = p.edition === undefined ? undefined : (hsEditionOfLabel(p.edition) ?? p.edition);
      hit = {
        classification: 'HS',
        code: p.code.slice(0, level),
        level,
        ...(edition === undefined ? {} : { edition }),
      };
      cache.set(id, hit);
    }
    return hit;
  };
  return aggregateCells(
    observations as readonly PanelObservation<C>[],
    (o) =>
      o.product.classification === 'TOTAL' || o.product.code.length <= level
        ? {}
        : { product: truncated(o.product) },
    policyOf(options),
    fn,
    (lower, neg) => [
      ...(lower ? [`${fn} to HS${level}: lower bound (codes with no value left out of the sum)`] : []),
      ...(neg ? [`${fn} to HS${level}: negligible values counted as zero`] : []),
    ],
  );
}
