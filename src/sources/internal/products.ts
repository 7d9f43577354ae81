/**
 * Product codes as published → {@link Product}: `TOTAL` and its labels, HS chapters/headings/subheadings and CN8,
 * with leading zeros lost by spreadsheets restored (a 7-digit CN code, an odd-length HS code).
 *
 * @module
 */
import { type Product, productOf, TOTAL_GOODS } from '../../model/product.js';

const TOTAL_LABELS = new Set(['total', 'totals', 'tt', 'all', 'all products', 'ensemble', 'insgesamt']);

/**
 * Parse an HS/CN code or a total label. Codes of 1–6 digits are HS (odd lengths get their lost leading zero
 * back), 7–8 digits are CN8 (padded to 8). Returns `undefined` for anything else.
 *
 * @param edition - nomenclature edition to record on HS/CN products
 */
export function parseHsCnCode(code: string, edition?: string): Product | undefined {
  const s = code.trim();
  if (TOTAL_LABELS.has(s.toLowerCase())) return TOTAL_GOODS;
  if (!/^\d{1,8}$/.test(s)) return undefined;
  const opts = edition === undefined ? {} : { edition };
  if (s.length >= 7) return productOf(s, { classification: 'CN', padTo: 8, ...opts });
  return productOf(s, { classification: 'HS', ...opts });
}

/**
 * Parse a Comext product label: `TOTAL-Total`, `Total`, `8542-Electronic integrated circuits`, `8542`.
 */
export function parseComextProductLabel(label: string): Product | undefined {
  const s = label.trim();
  const direct = parseHsCnCode(s);
  if (direct !== undefined) return direct;
  const m = /^(TOTAL|\d{1,8})-/i.exec(s);
  return m ? parseHsCnCode(m[1]!) : undefined;
}
