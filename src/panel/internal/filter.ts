/**
 * The observation filter shared by `toSeries` and `toSeriesSet`.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { Flow, PartnerBasis, TradeObservation } from '../../model/observation.js';
import type { Frequency, Period } from '../../model/period.js';
import { periodInfo } from './periods.js';
import { matchesProduct } from './products.js';

/** Which observations a series is built from. Every field narrows; an absent field matches everything. */
export interface ObservationFilter<K extends Currency = Currency> {
  /** Reporter code(s), e.g. `'EU27_2020'` or the member states `['AT', 'BE', …]`. */
  readonly reporter?: string | readonly string[];
  /** Partner code(s), e.g. `'KG'`. */
  readonly partner?: string | readonly string[];
  /** `'export'` or `'import'`. */
  readonly flow?: Flow;
  /**
   * Product(s): `'TOTAL'`, a product key (`'HS:27'`, `'CN:01012100'`), a bare code (`'27'`) or a group name made by
   * `productGroup` (`'sanctioned'`). Exact match: a code does not select the codes beneath it (see
   * `truncateProducts` and `productGroup`).
   */
  readonly product?: string | readonly string[];
  /** Keep only observations in this currency. */
  readonly currency?: K;
  /** Keep only `monthly` or `annual` observations (implied by `from`/`to`). */
  readonly frequency?: Frequency;
  /** Keep only observations with this partner basis (Armstat publishes imports by origin and by consignment). */
  readonly partnerBasis?: PartnerBasis;
  /** First period to keep, inclusive (`YYYY-MM` or `YYYY`). */
  readonly from?: Period;
  /** Last period to keep, inclusive. */
  readonly to?: Period;
}

function asSet(x: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (x === undefined) return undefined;
  return new Set(typeof x === 'string' ? [x] : x);
}

/** Describe a filter for error messages. */
export function describeFilter(f: ObservationFilter): string {
  const parts: string[] = [];
  for (const k of [
    'reporter',
    'partner',
    'flow',
    'product',
    'currency',
    'frequency',
    'partnerBasis',
    'from',
    'to',
  ] as const) {
    const v = f[k];
    if (v !== undefined) parts.push(`${k} ${typeof v === 'string' ? v : (v as readonly string[]).join('+')}`);
  }
  return parts.length === 0 ? 'the whole input' : parts.join(', ');
}

/** Compile a filter into a predicate. */
export function compileFilter(f: ObservationFilter, fn: string): (o: TradeObservation) => boolean {
  const reporters = asSet(f.reporter);
  const partners = asSet(f.partner);
  const products =
    f.product === undefined ? undefined : typeof f.product === 'string' ? [f.product] : [...f.product];
  let frequency = f.frequency;
  let from: number | undefined;
  let to: number | undefined;
  for (const [name, p] of [
    ['from', f.from],
    ['to', f.to],
  ] as const) {
    if (p === undefined) continue;
    const info = periodInfo(p, fn);
    if (frequency !== undefined && frequency !== info.frequency) {
      throw new OptionsError(`${fn} requires ${name} (${p}) to match frequency ${frequency}`);
    }
    frequency = info.frequency;
    if (name === 'from') from = info.index;
    else to = info.index;
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new OptionsError(`${fn} requires from <= to, got ${f.from} and ${f.to}`);
  }
  for (const [name, set] of [
    ['reporter', reporters],
    ['partner', partners],
  ] as const) {
    if (set !== undefined && set.size === 0) throw new OptionsError(`${fn} requires at least one ${name}`);
  }
  if (products !== undefined && products.length === 0)
    throw new OptionsError(`${fn} requires at least one product`);
  const productCache = new Map<string, boolean>();
  return (o) => {
    if (f.flow !== undefined && o.flow !== f.flow) return false;
    if (reporters !== undefined && !reporters.has(o.reporter)) return false;
    if (partners !== undefined && !partners.has(o.partner)) return false;
    if (f.currency !== undefined && o.currency !== f.currency) return false;
    if (f.partnerBasis !== undefined && o.partnerBasis !== f.partnerBasis) return false;
    if (products !== undefined) {
      // Few distinct products against many rows: decide once per product.
      const pk = `${o.product.classification}:${o.product.code}`;
      let hit = productCache.get(pk);
      if (hit === undefined) {
        hit = products.some((e) => matchesProduct(e, o.product));
        productCache.set(pk, hit);
      }
      if (!hit) return false;
    }
    if (frequency !== undefined || from !== undefined || to !== undefined) {
      const info = periodInfo(o.period, fn);
      if (frequency !== undefined && info.frequency !== frequency) return false;
      if (from !== undefined && info.index < from) return false;
      if (to !== undefined && info.index > to) return false;
    }
    return true;
  };
}
