import { OptionsError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import type { Product } from '../model/product.js';
import type { EditionBasket } from './basket-for-editions.js';
import { listCodes } from './internal/build.js';
import { aggregateCells } from './internal/cells.js';
import { policyOf } from './internal/combine.js';
import { dedupeCodes, hsEditionOf, isGroupProduct, normaliseCode } from './internal/products.js';
import type { PanelObservation, SumOptions } from './types.js';

/** Options of {@link productGroup}. */
export interface ProductGroupOptions extends SumOptions {
  /** Name of the group, used as its product code and series label (e.g. `'sanctioned'`). Not digits, not `TOTAL`. */
  readonly name: string;
}

/** The kept code of `set` that covers `code` (is a prefix of it or equal), if any. */
function coverOf(code: string, set: ReadonlySet<string>): string | undefined {
  for (let l = 2; l <= code.length; l += 2) {
    const p = code.slice(0, l);
    if (set.has(p)) return p;
  }
  return undefined;
}

/**
 * Sum the observations of a list of HS/CN codes into one named product group (e.g. the sanctioned goods), cell
 * by cell (reporter × partner × flow × period × currency × partner basis).
 *
 * A list entry covers its code and every code beneath it (`2709` covers CN `27090010`). A list that mixes levels
 * (an HS4 entry and CN8 codes beneath it) is de-duplicated first, keeping the shortest covering prefix, so nothing
 * is counted twice. Likewise, when the data hold a row for a code and rows for codes beneath it in the same cell
 * (the sanctioned-goods extract has HS4 rows beside their CN8 rows), the coarser row is used and the finer ones are
 * ignored (noted). Odd-length codes get their lost leading zero back (`'1012100'` → `'01012100'`).
 *
 * Pass an {@link EditionBasket} (from `basketForEditions`) instead of a list to use, for each observation, the codes
 * of its HS edition (its product `edition`, or the edition in force in its period: HS2017 for 2017–2021, HS2022
 * from 2022), so the group means the same goods on both sides of the 2022 revision.
 *
 * Parts without a value follow {@link SumOptions}. Observations outside the list are dropped. O(n).
 *
 * @param observations - observations with HS or CN products (others are ignored)
 * @param codes - HS/CN codes of 2 to 8 digits, or an edition basket
 * @param options - `name` of the group and the summing rules
 * @returns one observation per cell, product `{ classification: 'HS', code: name, level: 0 }`, with notes
 * @throws {OptionsError} if the name is invalid, a code is not 2–8 digits, the list is empty, an observation's
 *   edition is not in the basket, or the input holds one cell twice
 * @example
 * const o = (code: string, value: number) => ({ reporter: 'EU27_2020', partner: 'KG', flow: 'export' as const,
 *   product: productOf(code), period: '2022-03', value, currency: 'EUR' as const, status: 'reported' as const,
 *   source: 'x' });
 * const g = productGroup([o('27090010', 100), o('27090090', 50), o('27101100', 7)], ['2709', '27090010', '2710'],
 *   { name: 'oil' }); // 27090010 is under 2709: counted once
 * g[0]?.value; // => 157
 * toSeries(g, { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'oil' }).key.product; // => 'oil'
 */
export function productGroup<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  codes: readonly string[] | EditionBasket,
  options: ProductGroupOptions,
): PanelObservation<C>[] {
  const fn = 'productGroup';
  const name = options.name.trim();
  if (name === '' || /^\d+$/.test(name) || name.toUpperCase() === 'TOTAL' || name.includes(':')) {
    throw new OptionsError(
      `${fn} requires a name that is not digits, TOTAL or empty, got ${JSON.stringify(options.name)}`,
    );
  }
  const notes: string[] = [];
  const listOf = (list: readonly string[], what: string): ReadonlySet<string> => {
    if (list.length === 0) throw new OptionsError(`${fn} requires at least one code${what}`);
    const { kept, dropped } = dedupeCodes(list.map((c) => normaliseCode(c, fn)));
    if (dropped.length > 0) {
      notes.push(
        `${fn} ${name}: ${dropped.length} code(s)${what} covered by a shorter code of the list not counted again (${listCodes(
          dropped.map((d) => `${d.code} under ${d.coveredBy}`),
          4,
        )})`,
      );
    }
    return new Set(kept);
  };
  let setFor: (o: TradeObservation<C>) => ReadonlySet<string>;
  if (isBasket(codes)) {
    const s17 = listOf(codes.hs2017, ' (HS2017)');
    const s22 = listOf(codes.hs2022, ' (HS2022)');
    notes.push(`${fn} ${name}: codes mapped across HS editions (HS2017 before 2022, HS2022 from 2022-01)`);
    setFor = (o) => {
      const e = hsEditionOf(o.product, o.period);
      if (e === 'HS2017') return s17;
      if (e === 'HS2022') return s22;
      throw new OptionsError(
        `${fn} has codes for HS2017 and HS2022 only, got ${o.product.code} of ${e} (${o.period}): filter the periods`,
      );
    };
  } else {
    const s = listOf(codes, '');
    setFor = () => s;
  }

  // Match each observation to the list, then, within a cell, keep only the coarsest matched rows.
  const matched: PanelObservation<C>[] = [];
  const matchedCells: string[] = [];
  const cellCodes = new Map<string, Set<string>>();
  const cellOf = (o: TradeObservation<C>): string =>
    `${o.reporter}\u0000${o.partner}\u0000${o.flow}\u0000${o.period}\u0000${o.currency}\u0000${o.partnerBasis ?? ''}`;
  for (const o of observations) {
    const p = o.product;
    if (p.classification === 'TOTAL' || p.classification === 'SITC' || isGroupProduct(p)) continue;
    if (coverOf(p.code, setFor(o)) === undefined) continue;
    matched.push(o);
    const cell = cellOf(o);
    matchedCells.push(cell);
    let set = cellCodes.get(cell);
    if (set === undefined) {
      set = new Set();
      cellCodes.set(cell, set);
    }
    set.add(p.code);
  }
  let ignored = 0;
  const kept = matched.filter((o, i) => {
    const set = cellCodes.get(matchedCells[i]!)!;
    if (set.size === 1) return true;
    const code = o.product.code;
    for (let l = 2; l < code.length; l += 2) {
      if (set.has(code.slice(0, l))) {
        ignored++;
        return false;
      }
    }
    return true;
  });
  if (ignored > 0) {
    notes.push(
      `${fn} ${name}: ${ignored} row(s) ignored because a row of a code above them in the same cell was used`,
    );
  }
  const product: Product = { classification: 'HS', code: name, level: 0 };
  const lowerNote = `${fn} ${name}: lower bound (codes with no value left out of the sum)`;
  const negNote = `${fn} ${name}: negligible values counted as zero`;
  return aggregateCells(
    kept,
    () => ({ product, notes }),
    policyOf(options),
    fn,
    (lower, neg) => [...(lower ? [lowerNote] : []), ...(neg ? [negNote] : [])],
  );
}

function isBasket(x: readonly string[] | EditionBasket): x is EditionBasket {
  return !Array.isArray(x);
}
