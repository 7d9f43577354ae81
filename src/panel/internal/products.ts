/**
 * Product helpers for the panel: labels, group products, prefix (level) relations and HS editions.
 *
 * @module
 */
import { AggregateMixError, OptionsError } from '../../errors.js';
import type { Period } from '../../model/period.js';
import { type Product, productKey } from '../../model/product.js';
import type { ConcordanceEdition } from '../types.js';

const DIGITS = /^\d+$/;

/**
 * Whether a product is a named group made by `productGroup` (its code is a name such as `sanctioned`, not digits).
 */
export function isGroupProduct(p: Product): boolean {
  return p.classification !== 'TOTAL' && !DIGITS.test(p.code);
}

/** The label a series key carries for a product: `TOTAL`, a group name, or a product key such as `HS:27`. */
export function productLabel(p: Product): string {
  if (p.classification === 'TOTAL') return 'TOTAL';
  return isGroupProduct(p) ? p.code : productKey(p);
}

/** Whether a product filter entry (`'TOTAL'`, `'HS:27'`, `'27'`, a group name) selects a product. */
export function matchesProduct(entry: string, p: Product): boolean {
  if (p.classification === 'TOTAL') return entry === 'TOTAL';
  return entry === p.code || entry === productKey(p);
}

/** HS and CN codes share their first six digits; SITC is another tree. */
function family(p: Product): string {
  return p.classification === 'SITC' ? 'SITC' : 'HS';
}

/**
 * Refuse a set of products that would double count when summed: TOTAL with anything, a named group with
 * anything, two classifications, or a code together with a code beneath it (HS 2709 and CN 27090010).
 *
 * @throws {AggregateMixError}
 */
export function checkProductMix(fn: string, products: Iterable<Product>): void {
  const byLabel = new Map<string, Product>();
  for (const p of products) byLabel.set(productLabel(p), p);
  if (byLabel.size <= 1) return;
  const labels = [...byLabel.keys()].sort();
  const sample = labels.slice(0, 4).join(', ') + (labels.length > 4 ? ', …' : '');
  for (const [label, p] of byLabel) {
    if (p.classification === 'TOTAL') {
      throw new AggregateMixError(
        `${fn} would sum TOTAL with ${labels.filter((l) => l !== label)[0]}, which it contains: filter one product level`,
      );
    }
    if (isGroupProduct(p)) {
      throw new AggregateMixError(
        `${fn} would sum the product group ${JSON.stringify(label)} with other products (${sample}); they may overlap`,
      );
    }
  }
  const families = new Set([...byLabel.values()].map(family));
  if (families.size > 1) {
    throw new AggregateMixError(`${fn} would sum SITC with HS/CN products (${sample}); they overlap`);
  }
  const codes = new Set([...byLabel.values()].map((p) => p.code));
  for (const code of codes) {
    for (let l = 1; l < code.length; l++) {
      const prefix = code.slice(0, l);
      if (codes.has(prefix)) {
        throw new AggregateMixError(
          `${fn} would sum product ${prefix} with ${code} beneath it (double counting): filter one code level`,
        );
      }
    }
  }
}

/**
 * Normalise a product code given by a user: trims, drops an `HS:`/`CN:` prefix, and restores one lost leading zero
 * on an odd-length code (`'1012100'` → `'01012100'`), as `productOf` does.
 *
 * @throws {OptionsError} if the code is not 2–8 digits
 */
export function normaliseCode(code: string, fn: string): string {
  let c = code.trim().replace(/^(HS|CN):/, '');
  if (c.length % 2 === 1) c = `0${c}`;
  if (!/^\d{2,8}$/.test(c)) {
    throw new OptionsError(`${fn} requires HS/CN codes of 2 to 8 digits, got ${JSON.stringify(code)}`);
  }
  return c;
}

/**
 * The HS edition of a nomenclature edition label (`HS2017`, `CN2021` → `HS2017`), or `undefined` if unknown.
 * CN editions follow the HS edition in force on 1 January of their year.
 */
export function hsEditionOfLabel(edition: string): string | undefined {
  const m = /^(HS|CN)(\d{4})$/.exec(edition);
  if (!m) return undefined;
  return hsEditionOfYear(Number(m[2]));
}

/** The HS edition in force in a year: HS2012 (2012–16), HS2017 (2017–21), HS2022 (2022–26), HS2027 after. */
export function hsEditionOfYear(year: number): string {
  if (year >= 2027) return 'HS2027';
  if (year >= 2022) return 'HS2022';
  if (year >= 2017) return 'HS2017';
  if (year >= 2012) return 'HS2012';
  if (year >= 2007) return 'HS2007';
  return 'HS2002';
}

/**
 * The HS edition of an observation's product: its `edition` if it names one, else the edition in force in its
 * period (the CN/HS revisions take effect on 1 January).
 */
export function hsEditionOf(product: Product, period: Period): string {
  if (product.edition !== undefined) {
    const e = hsEditionOfLabel(product.edition);
    if (e !== undefined) return e;
  }
  return hsEditionOfYear(Number(period.slice(0, 4)));
}

/** Whether `e` is one of the editions the UNSD table links. */
export function isLinkedEdition(e: string): e is ConcordanceEdition {
  return e === 'HS2017' || e === 'HS2022';
}

/**
 * Drop every code that has a shorter code of the list as a prefix (an HS4 entry covers the CN8 codes beneath it),
 * keeping the shortest covering prefix. Returns the kept codes, sorted, and what was dropped under what.
 */
export function dedupeCodes(codes: Iterable<string>): {
  kept: string[];
  dropped: { code: string; coveredBy: string }[];
} {
  const sorted = [...new Set(codes)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept = new Set<string>();
  const dropped: { code: string; coveredBy: string }[] = [];
  for (const c of sorted) {
    let cover: string | undefined;
    for (let l = 1; l < c.length && cover === undefined; l++)
      if (kept.has(c.slice(0, l))) cover = c.slice(0, l);
    if (cover === undefined) kept.add(c);
    else dropped.push({ code: c, coveredBy: cover });
  }
  return { kept: [...kept].sort(), dropped };
}
