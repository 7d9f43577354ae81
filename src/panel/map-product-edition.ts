import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import type { Product } from '../model/product.js';
import { aggregateCells } from './internal/cells.js';
import { policyOf } from './internal/combine.js';
import { concordanceGraph, hubDegreeOf, links, node, parseNode } from './internal/concordance.js';
import { hsEditionOf, isGroupProduct } from './internal/products.js';
import type { ConcordanceEdition, HsConcordanceRow, PanelObservation, SumOptions } from './types.js';

/** Options of {@link mapProductEdition}. */
export interface MapProductEditionOptions extends SumOptions {
  /** Edition the observations to re-code are in (by their product `edition`, or their period). */
  readonly from: ConcordanceEdition;
  /** Edition to re-code them to. */
  readonly to: ConcordanceEdition;
  /**
   * What to do with a subheading that has several correspondents in `to` (a 1:n or n:n relation), whose value
   * the table cannot split: `'keep'` (default) leaves it in the `from` edition with a note, `'error'` throws.
   */
  readonly ambiguous?: 'keep' | 'error';
  /** Hub threshold, as in `basketForEditions` (links to codes with more correspondents are ignored). Default 50. */
  readonly hubDegree?: number;
}

/**
 * Re-code observations from one HS edition to another (HS2022 → HS2017 or back) with the UNSD correlation table,
 * summing what lands on one code.
 *
 * Observations in the `from` edition (their product `edition`, e.g. `CN2022`, or else the edition in force in their
 * period: HS2017 for 2017–2021, HS2022 from 2022-01) are taken at their HS6 subheading — CN8 codes map through
 * their first six digits, so the result is HS6 — and re-coded when the subheading has exactly one correspondent
 * (1:1, or n:1 which sums several into one). A subheading with several correspondents is ambiguous: its value
 * cannot be split without weights, so it is left as it is with a note (or refused, `ambiguous: 'error'`); use
 * `basketForEditions` to compare such goods across editions. Links to hub codes (HS2022 8549 e-waste, 8524 display
 * modules) are ignored when the subheading has other correspondents. Observations of other editions, `TOTAL`,
 * groups, SITC and codes shorter than six digits pass through unchanged; codes missing from the table too, with a
 * note. Parts without a value follow {@link SumOptions}. O(n).
 *
 * To put a whole panel on one level, follow with `truncateProducts(result, 6)` so the periods in the `to` edition
 * are HS6 too.
 *
 * @param observations - observations with HS or CN products
 * @param concordance - UNSD HS2022 ↔ HS2017 correlation rows
 * @param options - `from`, `to`, `ambiguous`, `hubDegree` and the summing rules
 * @returns the observations, those in `from` re-coded to HS6 codes of `to` (product `edition` set to `to`)
 * @throws {OptionsError} if `from` equals `to`, an edition is unknown, or `ambiguous: 'error'` meets an ambiguous
 *   code
 * @throws {DataValidationError} if a concordance row is invalid
 * @example
 * const table = [{ hs2022: '870121', hs2017: '870120', relationship: 'n:1' },
 *   { hs2022: '870122', hs2017: '870120', relationship: 'n:1' }] as const;
 * const o = (code: string, value: number) => ({ reporter: 'EU27_2020', partner: 'KG', flow: 'export' as const,
 *   product: productOf(code), period: '2022-03', value, currency: 'EUR' as const, status: 'reported' as const,
 *   source: 'x' });
 * const mapped = mapProductEdition([o('87012110', 60), o('87012210', 40)], table, { from: 'HS2022', to: 'HS2017' });
 * mapped.map((m) => [m.product.code, m.value]); // => [['870120', 100]]
 */
export function mapProductEdition<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  concordance: readonly HsConcordanceRow[],
  options: MapProductEditionOptions,
): PanelObservation<C>[] {
  const fn = 'mapProductEdition';
  const { from, to } = options;
  for (const e of [from, to]) {
    if (e !== 'HS2017' && e !== 'HS2022')
      throw new OptionsError(`${fn} requires HS2017 or HS2022, got ${String(e)}`);
  }
  if (from === to) throw new OptionsError(`${fn} requires two different editions, got ${from} twice`);
  const g = concordanceGraph(concordance, fn);
  const hubDegree = hubDegreeOf(options.hubDegree, fn);
  const ambiguous = options.ambiguous ?? 'keep';
  const mapped = `${fn}: ${from} → ${to} with the UNSD correlation table (at HS6)`;
  const cache = new Map<string, { product?: Product; notes: readonly string[] }>();
  const decide = (h6: string): { product?: Product; notes: readonly string[] } => {
    const hit = cache.get(h6);
    if (hit !== undefined) return hit;
    let out: { product?: Product; notes: readonly string[] };
    const id = node(from, h6);
    if (!g.codes[from].has(h6)) {
      out = { notes: [`${fn}: ${from} ${h6} is not in the correlation table; left unchanged`] };
    } else {
      const targets = links(g, id, hubDegree).next.map((t) => parseNode(t).code);
      if (targets.length === 1) {
        out = {
          product: { classification: 'HS', code: targets[0]!, level: 6, edition: to },
          notes: [mapped],
        };
      } else {
        if (ambiguous === 'error') {
          throw new OptionsError(
            `${fn} cannot map ${from} ${h6}: it corresponds to ${targets.length} ${to} codes (${targets.slice(0, 6).join(', ')})`,
          );
        }
        out = {
          notes: [
            `${fn}: ${from} ${h6} corresponds to ${targets.length} ${to} codes; left unmapped (value cannot be split)`,
          ],
        };
      }
    }
    cache.set(h6, out);
    return out;
  };
  return aggregateCells(
    observations as readonly PanelObservation<C>[],
    (o) => {
      const p = o.product;
      if (
        p.classification === 'TOTAL' ||
        p.classification === 'SITC' ||
        isGroupProduct(p) ||
        p.code.length < 6
      ) {
        return {};
      }
      if (hsEditionOf(p, o.period) !== from) return {};
      const d = decide(p.code.slice(0, 6));
      return d.product === undefined ? { notes: d.notes } : { product: d.product, notes: d.notes };
    },
    policyOf(options),
    fn,
    (lower, neg) => [
      ...(lower ? [`${fn}: lower bound (codes with no value left out of the sum)`] : []),
      ...(neg ? [`${fn}: negligible values counted as zero`] : []),
    ],
  );
}
