/**
 * Aggregation in observation space: relabel each observation (a new reporter, a shorter product code, a group)
 * and sum what lands in one cell. Shared by aggregateReporters, truncateProducts, productGroup and
 * mapProductEdition.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import { type Product, productKey } from '../../model/product.js';
import type { PanelObservation } from '../types.js';
import { type Component, combine, type Policy } from './combine.js';

/** The fields an aggregation may change. */
export interface Relabel {
  readonly reporter?: string;
  readonly product?: Product;
  /** Notes to attach to the resulting observation. */
  readonly notes?: readonly string[];
}

/** The identity of an observation's cell (one value per cell in a well-formed input). */
export function cellId(o: PanelObservation): string {
  return `${o.reporter}\u0000${o.partner}\u0000${o.flow}\u0000${productKey(o.product)}\u0000${o.period}\u0000${o.currency}\u0000${o.partnerBasis ?? ''}`;
}

/**
 * Relabel every observation with `relabel` (`undefined` drops it), then sum the observations that share a cell
 * under `policy`. A cell with one observation keeps it (relabelled); a sum gets `sources`, summed `quantityKg`
 * where every part has one, no `roundingUnit` (a sum of rounded figures is not rounded to that unit), and
 * `lowerBound` when only known parts were summed.
 *
 * @throws {OptionsError} if the input holds one cell twice
 */
export function aggregateCells<C extends Currency>(
  observations: readonly PanelObservation<C>[],
  relabel: (o: PanelObservation<C>) => Relabel | undefined,
  policy: Policy,
  fn: string,
  noteOf?: (lowerBound: boolean, negligibleZero: boolean) => readonly string[],
): PanelObservation<C>[] {
  const seen = new Set<string>();
  const cells = new Map<
    string,
    { first: PanelObservation<C>; relabel: Relabel; parts: PanelObservation<C>[] }
  >();
  for (const o of observations) {
    const id = cellId(o);
    if (seen.has(id)) {
      throw new OptionsError(
        `${fn} found two observations for ${o.reporter}→${o.partner} ${o.flow} ${productKey(o.product)} ${o.period}: the input holds a cell twice`,
      );
    }
    seen.add(id);
    const r = relabel(o);
    if (r === undefined) continue;
    const same = r.reporter === undefined && r.product === undefined;
    const next: PanelObservation<C> = same
      ? o
      : {
          ...o,
          ...(r.reporter === undefined ? {} : { reporter: r.reporter }),
          ...(r.product === undefined ? {} : { product: r.product }),
        };
    const target = same ? id : cellId(next);
    const cell = cells.get(target);
    if (cell === undefined) cells.set(target, { first: next, relabel: r, parts: [o] });
    else cell.parts.push(o);
  }
  const out: PanelObservation<C>[] = [];
  for (const { first, relabel: r, parts } of cells.values()) {
    const notes = new Set<string>();
    for (const p of parts) if (p.notes !== undefined) for (const n of p.notes) notes.add(n);
    if (r.notes !== undefined) for (const n of r.notes) notes.add(n);
    if (parts.length === 1) {
      const c = combine(parts as Component[], policy);
      const extra = noteOf?.(c.lowerBound, c.negligibleZero) ?? [];
      for (const n of extra) notes.add(n);
      const changed = c.value !== first.value;
      const { negative: _neg, ...one } = first;
      out.push({
        ...one,
        ...(changed ? { value: c.value, status: c.status } : {}),
        ...(c.value !== null && c.value < 0 ? { negative: true as const } : {}),
        ...(notes.size > 0 ? { notes: [...notes].sort() } : {}),
      });
      continue;
    }
    const c = combine(
      parts.map((p) => ({ value: p.value, status: p.status, lowerBound: p.lowerBound })),
      policy,
    );
    for (const n of noteOf?.(c.lowerBound, c.negligibleZero) ?? []) notes.add(n);
    const negativeParts = parts.filter((p) => p.value !== null && p.value < 0).length;
    if (negativeParts > 0) {
      notes.add(
        `${fn}: sums ${negativeParts} negative value${negativeParts === 1 ? '' : 's'} (revisions or adjustments as published)`,
      );
    }
    const sources = new Set<string>();
    for (const p of parts) {
      if (p.sources !== undefined) for (const s of p.sources) sources.add(s);
      else sources.add(p.source);
    }
    let kg: number | undefined = 0;
    for (const p of parts) {
      if (p.quantityKg === undefined || kg === undefined) kg = undefined;
      else kg += p.quantityKg;
    }
    const {
      roundingUnit: _r,
      quantityKg: _q,
      lowerBound: _l,
      notes: _n,
      sources: _s,
      negative: _neg,
      ...rest
    } = first;
    const sourceList = [...sources].sort();
    out.push({
      ...rest,
      value: c.value,
      status: c.status,
      source: sourceList[0]!,
      sources: sourceList,
      ...(kg === undefined || c.value === null ? {} : { quantityKg: kg }),
      ...(c.value !== null && c.value < 0 ? { negative: true as const } : {}),
      ...(c.lowerBound ? { lowerBound: true } : {}),
      ...(notes.size > 0 ? { notes: [...notes].sort() } : {}),
    });
  }
  return out;
}
