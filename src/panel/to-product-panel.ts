import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { Flow, ObservationStatus, TradeObservation } from '../model/observation.js';
import { comparePeriods, frequencyOf, type Period } from '../model/period.js';
import { hsEditionOf, isGroupProduct } from './internal/products.js';
import { mapProductEdition } from './map-product-edition.js';
import { type HsLevel, truncateProducts } from './truncate-products.js';
import type { ConcordanceEdition, HsConcordanceRow, PanelObservation, SumOptions } from './types.js';

/** Why an input observation is not in a {@link ProductPanel}. */
export type ProductPanelExclusion =
  | 'flow'
  | 'exporter'
  | 'destination'
  | 'window'
  | 'not-a-product'
  | 'coarser-than-level'
  | 'other-input-level'
  | 'product'
  | 'consignment-basis';

/** How to bridge two HS editions before grouping (see `mapProductEdition`). */
export interface ProductPanelBridge {
  /** The UNSD HS2022 ↔ HS2017 correlation rows (the shipped `hs-concordance` dataset). */
  readonly concordance: readonly HsConcordanceRow[];
  /** The edition every code is put in; codes of the other linked edition are re-coded at HS6. */
  readonly to: ConcordanceEdition;
  /** A code with several correspondents: `'keep'` (default: left in its own edition, counted) or `'error'`. */
  readonly ambiguous?: 'keep' | 'error';
  /** Hub threshold, as in `mapProductEdition`. Default 50. */
  readonly hubDegree?: number;
}

/** Options of {@link toProductPanel}. */
export interface ProductPanelOptions extends SumOptions {
  /** Product level of the panel: 2, 4 or 6 (HS), or 8 (CN, only without `bridge`). */
  readonly level: 2 | 4 | 6 | 8;
  /** Code prefixes to keep (any length, e.g. `['84', '8542']`); default every product. */
  readonly products?: readonly string[];
  /** Reporters of the flow to keep; default all. */
  readonly exporters?: readonly string[];
  /** Partners to keep; default all. */
  readonly destinations?: readonly string[];
  /** The flow, default `'export'`. */
  readonly flow?: Flow;
  /** Periods `[from, to]` to keep (inclusive, the data's frequency); default all. */
  readonly window?: readonly [Period, Period];
  /** Bridge the HS2017/HS2022 editions before grouping; default none (with a note when the data span both). */
  readonly bridge?: ProductPanelBridge;
}

/** Row accounting of {@link toProductPanel}: `read = kept + Σ excluded`, and `kept − merged = cells`. */
export interface ProductPanelAccounting {
  /** Input observations. */
  readonly read: number;
  /** Input observations that went into a cell. */
  readonly kept: number;
  /** Input observations left out, by reason (reasons with none are absent). */
  readonly excluded: Readonly<Partial<Record<ProductPanelExclusion, number>>>;
  /** Cells of the panel. */
  readonly cells: number;
  /** Kept observations summed into a cell that another observation opened (`kept − cells`). */
  readonly merged: number;
  /** Cells without a value (missing, confidential, or a sum with a part missing): NaN in `value`, never 0. */
  readonly missingCells: number;
  /** Cells whose value is negative (revisions or adjustments as published). */
  readonly negativeCells: number;
  /** Cells that sum only their known parts (see `incomplete: 'lowerBound'`). */
  readonly lowerBoundCells: number;
  /** Cells whose code could not be bridged and stays in its own edition (its `products` entry says which). */
  readonly unbridgedCells: number;
}

/**
 * A product panel in columns: one row per product × exporter × destination × period cell, each dimension stored
 * as an index into its sorted dictionary, values as a `Float64Array` (NaN: no value; never 0 for missing).
 */
export interface ProductPanel {
  /** Product codes (with ` (HS2017)`-style suffix for a code left in another edition by the bridge). */
  readonly products: readonly string[];
  /** Exporter codes. */
  readonly exporters: readonly string[];
  /** Destination codes. */
  readonly destinations: readonly string[];
  /** Periods, in order. */
  readonly periods: readonly Period[];
  /** Per row: index into `products`. */
  readonly product: Uint32Array;
  /** Per row: index into `exporters`. */
  readonly exporter: Uint32Array;
  /** Per row: index into `destinations`. */
  readonly destination: Uint32Array;
  /** Per row: index into `periods`. */
  readonly period: Uint32Array;
  /** Per row: the value in `currency`; NaN when the cell has none. */
  readonly value: Float64Array;
  /** Per row: kilograms where every summed part had a quantity; NaN otherwise. */
  readonly quantityKg: Float64Array;
  /** Per row: the cell's status (the weakest of its parts). */
  readonly status: readonly ObservationStatus[];
  /** The one currency of every value; `null` when the panel is empty. */
  readonly currency: Currency | null;
  /** The product level. */
  readonly level: 2 | 4 | 6 | 8;
  /** The flow. */
  readonly flow: Flow;
  /** The bridged edition, or `null` without a bridge. */
  readonly edition: ConcordanceEdition | null;
  /** Row accounting. */
  readonly accounting: ProductPanelAccounting;
  /** What was done (edition bridging, summing), each note once. */
  readonly notes: readonly string[];
}

/** One row of a {@link ProductPanel} as a plain record (for `ppml` and tables). */
export interface ProductPanelRow {
  readonly product: string;
  readonly exporter: string;
  readonly destination: string;
  readonly period: Period;
  /** `null` when the cell has no value. */
  readonly value: number | null;
  /** `null` when no quantity is known. */
  readonly quantityKg: number | null;
  readonly status: ObservationStatus;
}

const LEVELS = new Set([2, 4, 6, 8]);

function checkOptions(options: ProductPanelOptions, fn: string): void {
  if (!LEVELS.has(options.level))
    throw new OptionsError(`${fn} requires level 2, 4, 6 or 8, got ${options.level}`);
  if (options.bridge !== undefined && options.level === 8)
    throw new OptionsError(`${fn} bridges editions at HS6: use level 2, 4 or 6 with bridge, got 8`);
  if (options.bridge !== undefined && options.bridge.to !== 'HS2017' && options.bridge.to !== 'HS2022')
    throw new OptionsError(`${fn} requires bridge.to HS2017 or HS2022, got ${String(options.bridge.to)}`);
  for (const p of options.products ?? []) {
    if (!/^\d{2,10}$/.test(p))
      throw new OptionsError(`${fn} requires product prefixes of 2–10 digits, got '${p}'`);
  }
  if (options.window !== undefined) {
    const [a, b] = options.window;
    if (frequencyOf(a) !== frequencyOf(b) || comparePeriods(a, b) > 0)
      throw new OptionsError(
        `${fn} requires a window [from, to] of one frequency with from ≤ to, got [${a}, ${b}]`,
      );
  }
}

/**
 * Build a product panel — product × exporter × destination × period, values and quantities in columns — from trade
 * observations at CN8/HS6 (or any HS level), with every input observation kept or left out for a stated reason.
 *
 * Steps, in order: select by flow, exporter, destination, window, product code (`TOTAL`, SITC and named groups
 * are not products here) and prefix; keep one input level (the finest present: a heading printed beside its own
 * CN8 codes would be counted twice), and origin-basis imports where a reporter publishes both bases; truncate to
 * HS6; with `bridge`, re-code the other linked edition's codes with the UNSD table **before any grouping** (a code
 * with several correspondents cannot be split and stays in its edition, counted in `unbridgedCells`); then truncate
 * to `level` and sum what shares a cell under the {@link SumOptions} rules (missing parts make a missing cell unless
 * `incomplete` says otherwise). Without a bridge, data that span the HS2017→HS2022 revision (2022-01) get a note:
 * codes that changed are then different products before and after.
 *
 * O(n log n) in the observations.
 *
 * @typeParam C - the currency
 * @param observations - trade observations (e.g. `loadSdmxCsv(...).observations`, a Comext bulk query)
 * @param options - level, selection, window, bridge and summing rules
 * @returns the columnar panel with its accounting and notes
 * @throws {OptionsError} on a bad level, prefix or window, or bridging at level 8
 * @throws {UnitMismatchError} if the selected observations carry more than one currency
 * @example
 * const o = (code: string, partner: string, period: string, value: number | null) => ({ reporter: 'EU27_2020',
 *   partner, flow: 'export' as const, product: productOf(code), period, value, currency: 'EUR' as const,
 *   status: value === null ? ('missing' as const) : ('reported' as const), source: 'x' });
 * const p = toProductPanel([o('84713000', 'KZ', '2021-01', 5), o('84713010', 'KZ', '2021-01', 2),
 *   o('84714100', 'KG', '2021-01', null), o('TOTAL', 'KZ', '2021-01', 100)], { level: 6 });
 * p.products; // => ['847130', '847141']
 * [...p.value].map((v) => (Number.isNaN(v) ? 'no value' : v)); // => [7, 'no value']
 * p.accounting.excluded; // => { 'not-a-product': 1 }
 */
export function toProductPanel<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  options: ProductPanelOptions,
): ProductPanel {
  const fn = 'toProductPanel';
  checkOptions(options, fn);
  const flow = options.flow ?? 'export';
  const exporters = options.exporters === undefined ? null : new Set(options.exporters);
  const destinations = options.destinations === undefined ? null : new Set(options.destinations);
  const prefixes = options.products ?? null;
  const excluded: Partial<Record<ProductPanelExclusion, number>> = {};
  const exclude = (why: ProductPanelExclusion) => {
    excluded[why] = (excluded[why] ?? 0) + 1;
  };
  const windowFreq = options.window === undefined ? null : frequencyOf(options.window[0]);
  let selected: TradeObservation<C>[] = [];
  for (const o of observations) {
    if (o.flow !== flow) exclude('flow');
    else if (exporters !== null && !exporters.has(o.reporter)) exclude('exporter');
    else if (destinations !== null && !destinations.has(o.partner)) exclude('destination');
    else if (
      options.window !== undefined &&
      (frequencyOf(o.period) !== windowFreq ||
        comparePeriods(o.period, options.window[0]) < 0 ||
        comparePeriods(o.period, options.window[1]) > 0)
    )
      exclude('window');
    else if (
      (o.product.classification !== 'HS' && o.product.classification !== 'CN') ||
      isGroupProduct(o.product)
    )
      exclude('not-a-product');
    else if (o.product.level < options.level) exclude('coarser-than-level');
    else if (prefixes !== null && !prefixes.some((p) => o.product.code.startsWith(p))) exclude('product');
    else selected.push(o);
  }
  // One input level: the finest present.
  const finest = selected.reduce((m, o) => Math.max(m, o.product.level), 0);
  {
    const keep: TradeObservation<C>[] = [];
    for (const o of selected) {
      if (o.product.level === finest) keep.push(o);
      else exclude('other-input-level');
    }
    selected = keep;
  }
  // Origin basis where a reporter × partner has both bases.
  const hasOrigin = new Set(
    selected.filter((o) => o.partnerBasis === 'origin').map((o) => `${o.reporter}\u0000${o.partner}`),
  );
  {
    const keep: TradeObservation<C>[] = [];
    for (const o of selected) {
      if (o.partnerBasis === 'consignment' && hasOrigin.has(`${o.reporter}\u0000${o.partner}`))
        exclude('consignment-basis');
      else keep.push(o);
    }
    selected = keep;
  }
  const currencies = new Set(selected.map((o) => o.currency));
  if (currencies.size > 1)
    throw new UnitMismatchError(
      `${fn} requires one currency, got ${[...currencies].sort().join(', ')}: convert first (convertCurrency)`,
    );
  const kept = selected.length;
  const sum: SumOptions = {
    ...(options.incomplete === undefined ? {} : { incomplete: options.incomplete }),
    ...(options.negligibleAs === undefined ? {} : { negligibleAs: options.negligibleAs }),
  };
  const notes = new Set<string>();
  let cells: PanelObservation<C>[] = selected;
  if (options.level <= 6 && finest > 6) cells = truncateProducts(cells, 6, sum);
  const editions = new Set(cells.map((o) => hsEditionOf(o.product, o.period)));
  if (options.bridge !== undefined) {
    const b = options.bridge;
    const from: ConcordanceEdition = b.to === 'HS2017' ? 'HS2022' : 'HS2017';
    cells = mapProductEdition(cells, b.concordance, {
      from,
      to: b.to,
      ...sum,
      ...(b.ambiguous === undefined ? {} : { ambiguous: b.ambiguous }),
      ...(b.hubDegree === undefined ? {} : { hubDegree: b.hubDegree }),
    });
  } else if (editions.has('HS2017') && editions.has('HS2022')) {
    notes.add(
      `${fn}: the data span the HS2017 → HS2022 revision and no bridge was asked for: codes that changed are different products before and after`,
    );
  }
  if (options.level < 6) cells = truncateProducts(cells, options.level as HsLevel, sum);
  // Columns.
  const productId = (o: PanelObservation<C>): string => {
    const base = o.product.code;
    if (options.bridge === undefined) return base;
    const e = hsEditionOf(o.product, o.period);
    return e === options.bridge.to ? base : `${base} (${e})`;
  };
  const rows = cells.map((o) => ({ o, product: productId(o) }));
  rows.sort(
    (a, b) =>
      cmp(a.product, b.product) ||
      cmp(a.o.reporter, b.o.reporter) ||
      cmp(a.o.partner, b.o.partner) ||
      comparePeriods(a.o.period, b.o.period),
  );
  const dict = (values: Iterable<string>) => [...new Set(values)].sort(cmp);
  const products = dict(rows.map((r) => r.product));
  const exporterList = dict(rows.map((r) => r.o.reporter));
  const destinationList = dict(rows.map((r) => r.o.partner));
  const periods = [...new Set(rows.map((r) => r.o.period))].sort(comparePeriods);
  const index = (list: readonly string[]) => new Map(list.map((v, i) => [v, i]));
  const [pi, ei, di, ti] = [index(products), index(exporterList), index(destinationList), index(periods)];
  const n = rows.length;
  const panel = {
    product: new Uint32Array(n),
    exporter: new Uint32Array(n),
    destination: new Uint32Array(n),
    period: new Uint32Array(n),
    value: new Float64Array(n),
    quantityKg: new Float64Array(n),
  };
  const status: ObservationStatus[] = [];
  let missingCells = 0;
  let negativeCells = 0;
  let lowerBoundCells = 0;
  let unbridgedCells = 0;
  rows.forEach(({ o, product }, i) => {
    panel.product[i] = pi.get(product)!;
    panel.exporter[i] = ei.get(o.reporter)!;
    panel.destination[i] = di.get(o.partner)!;
    panel.period[i] = ti.get(o.period)!;
    panel.value[i] = o.value ?? Number.NaN;
    panel.quantityKg[i] = o.quantityKg ?? Number.NaN;
    status.push(o.status);
    if (o.value === null) missingCells++;
    else if (o.value < 0) negativeCells++;
    if (o.lowerBound === true) lowerBoundCells++;
    if (options.bridge !== undefined && product.endsWith(')')) unbridgedCells++;
    for (const note of o.notes ?? []) notes.add(note);
  });
  return {
    products,
    exporters: exporterList,
    destinations: destinationList,
    periods,
    ...panel,
    status,
    currency: selected[0]?.currency ?? null,
    level: options.level,
    flow,
    edition: options.bridge?.to ?? null,
    accounting: {
      read: observations.length,
      kept,
      excluded,
      cells: n,
      merged: kept - n,
      missingCells,
      negativeCells,
      lowerBoundCells,
      unbridgedCells,
    },
    notes: [...notes].sort(),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rows of a {@link ProductPanel} as plain records, e.g. for `ppml` (`outcome: 'value'`, fixed effects
 * `['product', 'destination']` and `['product', 'period']`). A cell without a value has `value: null`.
 *
 * @param panel - a product panel
 * @returns one record per cell, in the panel's row order
 * @example
 * const o = (partner: string, value: number) => ({ reporter: 'EU27_2020', partner, flow: 'export' as const,
 *   product: productOf('84713000'), period: '2021-01', value, currency: 'EUR' as const, status: 'reported' as const,
 *   source: 'x' });
 * productPanelRows(toProductPanel([o('KZ', 5), o('KG', 2)], { level: 6 })).map((r) => [r.destination, r.value]);
 * // => [['KG', 2], ['KZ', 5]]
 */
export function productPanelRows(panel: ProductPanel): ProductPanelRow[] {
  const out: ProductPanelRow[] = [];
  for (let i = 0; i < panel.value.length; i++) {
    const v = panel.value[i]!;
    const q = panel.quantityKg[i]!;
    out.push({
      product: panel.products[panel.product[i]!]!,
      exporter: panel.exporters[panel.exporter[i]!]!,
      destination: panel.destinations[panel.destination[i]!]!,
      period: panel.periods[panel.period[i]!]!,
      value: Number.isNaN(v) ? null : v,
      quantityKg: Number.isNaN(q) ? null : q,
      status: panel.status[i]!,
    });
  }
  return out;
}
