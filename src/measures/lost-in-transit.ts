import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import { isPeriod, yearOf } from '../model/period.js';
import { quantileSorted } from '../numeric/quantile.js';
import { isAggregate } from '../reference/countries.js';
import { lazySchema } from '../shared/zod.js';
import { CurrencySchema, WarningsSchema } from './schemas.js';

/**
 * How one exporter × importer × product × period cell of a mirror comparison is classified:
 * - `both`: both sides report a positive value — the only cells with a log ratio;
 * - `exporter-only`: the exporter reports a positive value, the importer reports zero (goods shipped, none recorded
 *   arriving: the one-sided case a log ratio cannot show, and the one re-routing would produce at its extreme);
 * - `importer-only`: the importer reports a positive value, the exporter reports zero;
 * - `importer-missing` / `exporter-missing`: one side has no observation of the cell at all, or only one without a
 *   number (confidential, not published) — not the same as a zero, and left out of every ratio;
 * - `both-zero`: both report zero;
 * - `incomplete`: annual cells (`period: 'year'`) where a side has fewer than 12 months with a number in the year;
 * - `non-positive`: a side reports a negative value (a revision), which has no logarithm.
 *
 * @example
 * LOST_IN_TRANSIT_CLASSES.includes('exporter-only'); // => true
 */
export const LOST_IN_TRANSIT_CLASSES = [
  'both',
  'exporter-only',
  'importer-only',
  'importer-missing',
  'exporter-missing',
  'both-zero',
  'incomplete',
  'non-positive',
] as const;

/**
 * One of {@link LOST_IN_TRANSIT_CLASSES}.
 *
 * @example
 * const c: LostInTransitClass = 'both';
 */
export type LostInTransitClass = (typeof LOST_IN_TRANSIT_CLASSES)[number];

/** Options of {@link lostInTransit}. */
export interface LostInTransitOptions {
  /**
   * The time unit of a cell: `'year'` (default: monthly observations are summed to calendar years, per side, and a
   * year counts only with 12 months with a number on that side) or `'period'` (each published period as it is).
   */
  readonly period?: 'year' | 'period';
  /**
   * What a month without an observation means for an annual cell: `'incomplete'` (default: the year is incomplete
   * on that side unless all 12 months have a number) or `'zero'` (a month with no observation counts as zero —
   * right for publishers that omit zero cells, as Comext does, and stated in the result's warnings). A month
   * published without a number (confidential) makes the year incomplete either way.
   */
  readonly absentMonths?: 'incomplete' | 'zero';
  /**
   * CIF/FOB allowance as a fraction (default 0.05): importers record goods CIF, exporters FOB, so a matching
   * importer figure is expected about 5% higher; the log ratio is log(importer / (exporter × (1 + cifFob))).
   */
  readonly cifFob?: number;
  /**
   * Importer groups for the summary, label → importer codes (e.g. `{ CCA3: ['KZ', 'AM', 'KG'], neighbours: [...] }`).
   * An importer in no group is summarised under `'other'`; an importer in two groups is a typed error (it would be
   * counted twice). Default: each importer is its own group.
   */
  readonly importerGroups?: Readonly<Record<string, readonly string[]>>;
  /**
   * Product groups for the summary, label → product codes (e.g. sanction categories). A code may sit in several
   * groups (the categories overlap): its cells are then counted in each, and the summary rows say so
   * (`overlapping: true`). Codes in no group are summarised under `'other'`. Default: one group, `'all'`.
   */
  readonly productGroups?: Readonly<Record<string, readonly string[]>>;
}

const nnum = lazySchema((z) => z.number().nullable());

/**
 * zod schema of one cell of `LostInTransitResult.cells`.
 *
 * @example
 * LostInTransitCellSchema.shape.class.parse('both'); // => 'both'
 */
export const LostInTransitCellSchema = lazySchema((z) =>
  z.object({
    exporter: z.string(),
    importer: z.string(),
    product: z.string(),
    /** `YYYY` for annual cells, else the published period. */
    period: z.string(),
    /** What the exporter reports shipping to the importer (FOB), in the currency of the inputs; null if absent. */
    exporterValue: nnum,
    /** What the importer reports receiving from the exporter (CIF); null if absent. */
    importerValue: nnum,
    /** Months with a number behind each side's annual value (null for `period: 'period'`). */
    exporterMonths: nnum,
    importerMonths: nnum,
    class: z.enum(LOST_IN_TRANSIT_CLASSES),
    /** log(importer / (exporter × (1 + cifFob))) for `both` cells, else null. Negative = less recorded arriving. */
    logRatio: nnum,
  }),
);

/**
 * One cell of the comparison.
 *
 * @example
 * const cell: LostInTransitCell | undefined = result.cells[0];
 */
export type LostInTransitCell = z.infer<typeof LostInTransitCellSchema>;

const classCounts = lazySchema((z) =>
  z.object(
    Object.fromEntries(LOST_IN_TRANSIT_CLASSES.map((c) => [c, z.number().int().nonnegative()])) as Record<
      LostInTransitClass,
      z.ZodNumber
    >,
  ),
);

/**
 * zod schema of one summary row of `LostInTransitResult.summary`.
 *
 * @example
 * LostInTransitSummarySchema.shape.overlapping.parse(false); // => false
 */
export const LostInTransitSummarySchema = lazySchema((z) =>
  z.object({
    importerGroup: z.string(),
    productGroup: z.string(),
    period: z.string(),
    /** Cells of each class. */
    counts: classCounts,
    /** Median log ratio over the `both` cells (null when there are none). */
    medianLogRatio: nnum,
    /** Lower and upper quartile of the log ratios (type 7). */
    q25LogRatio: nnum,
    q75LogRatio: nnum,
    /** log(Σ importer / (Σ exporter × (1 + cifFob))) over the `both` cells: the value-weighted counterpart. */
    pooledLogRatio: nnum,
    /**
     * Share of the exporter's value (over `both` and `exporter-only` cells) that sits in `exporter-only` cells: what
     * the median cannot see, because a cell with nothing recorded arriving has no logarithm.
     */
    exporterOnlyValueShare: nnum,
    /** True when some product of the group also belongs to another product group (its cells are in both rows). */
    overlapping: z.boolean(),
  }),
);

/**
 * One summary row: an importer group × product group × period.
 *
 * @example
 * const row: LostInTransitSummary | undefined = result.summary[0];
 */
export type LostInTransitSummary = z.infer<typeof LostInTransitSummarySchema>;

/**
 * zod schema of {@link LostInTransitResult}.
 *
 * @example
 * LostInTransitResultSchema.shape.method.parse('lostInTransit'); // => 'lostInTransit'
 */
export const LostInTransitResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('lostInTransit'),
    settings: z.object({
      period: z.enum(['year', 'period']),
      absentMonths: z.enum(['incomplete', 'zero']),
      cifFob: z.number(),
      currency: CurrencySchema,
    }),
    cells: z.array(LostInTransitCellSchema),
    summary: z.array(LostInTransitSummarySchema),
    /** Every input observation is used or rejected: exporter side, importer side. */
    accounting: z.object({
      exporterRows: z.number().int(),
      importerRows: z.number().int(),
      used: z.number().int(),
      rejected: z.array(
        z.object({
          side: z.enum(['exporter', 'importer']),
          index: z.number().int(),
          reason: z.enum(['flow', 'aggregate', 'duplicate', 'period']),
        }),
      ),
    }),
    warnings: WarningsSchema,
  }),
);

/**
 * The result of {@link lostInTransit}.
 *
 * @example
 * const r: LostInTransitResult = lostInTransit(exportsSide, importsSide);
 */
export type LostInTransitResult = z.infer<typeof LostInTransitResultSchema>;

type Side = 'exporter' | 'importer';
type Reject = LostInTransitResult['accounting']['rejected'][number];

interface Acc {
  sum: number;
  /** Observations with a number. */
  withValue: number;
  /** Observations without a number (confidential, not published). */
  withoutValue: number;
  negative: boolean;
  months: Set<string>;
}

/**
 * "Lost in transit", product by product: what exporters report shipping to a country against what that country
 * reports receiving from them, as log(importer-reported / exporter-reported) per exporter × importer × product ×
 * year, summarised by importer group, product group and year. Re-routing shows up as goods declared for a hub that
 * the hub does not record arriving (the EBRD's "lost in transit" measure).
 *
 * Zeros and one-sided reporting are handled explicitly, not dropped: a cell enters the log ratio only when both
 * sides report a positive value (`both`); a cell where the exporter ships and the importer records zero is
 * `exporter-only`, counted and valued in the summary (`exporterOnlyValueShare`), because a median of logarithms
 * cannot see it — the EBRD's Stata code drops such cells silently, which understates the gap exactly where goods
 * vanish. Cells one side does not publish at all (`importer-missing`, `exporter-missing`) are not zeros and are
 * only counted. Annual cells need 12 months with a number on a side (`incomplete` otherwise), so a year published
 * in part is not compared with a whole one.
 *
 * Inputs: `exporterReported` holds the exporters' exports (flow `export`, reporter = exporter, partner =
 * importer); `importerReported` the importers' imports (flow `import`, reporter = importer, partner = exporter).
 * Both in one currency (convert first with `convert`; the CIF/FOB allowance is the only adjustment) and one
 * product classification and edition (map codes first with the shipped concordance: the same code in two editions
 * is not the same goods). Rows of the wrong flow, aggregates (EU27_2020, WORLD: no aggregate reports its own
 * imports) and repeated keys (the first is kept) are rejected with a reason in `accounting`; nothing else is lost.
 *
 * The summary is descriptive: a median of log ratios with its quartiles, no p-value. Intra-EU mirror flows (the
 * SDMX sample's member-state pairs) show that gaps of ±20% are ordinary for one CN8 code without any re-routing.
 *
 * @param exporterReported - exporter-side observations
 * @param importerReported - importer-side observations
 * @param options - cell period, CIF/FOB allowance, groups
 * @returns cells, summary and row accounting
 * @throws {UnitMismatchError} if the observations mix currencies
 * @throws {OptionsError} for a bad allowance, an importer in two groups or a malformed period
 * @example
 * const csv = [
 *   'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE',
 *   'ESTAT:DS-045409(1.0),13/02/26 11:00:00,M,AT,BG,39201081,2,VALUE_IN_EUROS,2025-05,100.0',
 *   'ESTAT:DS-045409(1.0),13/02/26 11:00:00,M,BG,AT,39201081,1,VALUE_IN_EUROS,2025-05,84.0',
 * ].join('\n');
 * const { observations } = fromSdmxCsv(csv);
 * const r = lostInTransit(
 *   observations.filter((o) => o.flow === 'export'),
 *   observations.filter((o) => o.flow === 'import'),
 *   { period: 'period' },
 * );
 * r.cells[0]?.class; // => 'both'
 * Math.round(Math.exp(r.cells[0]!.logRatio!) * 100); // => 80
 */
export function lostInTransit<C extends Currency>(
  exporterReported: readonly TradeObservation<C>[],
  importerReported: readonly TradeObservation<C>[],
  options: LostInTransitOptions = {},
): LostInTransitResult {
  const fn = 'lostInTransit';
  const unit = options.period ?? 'year';
  if (unit !== 'year' && unit !== 'period')
    throw new OptionsError(`${fn}: period must be 'year' or 'period'`);
  const absentMonths = options.absentMonths ?? 'incomplete';
  if (absentMonths !== 'incomplete' && absentMonths !== 'zero')
    throw new OptionsError(`${fn}: absentMonths must be 'incomplete' or 'zero'`);
  const cifFob = options.cifFob ?? 0.05;
  if (!Number.isFinite(cifFob) || cifFob <= -1 || cifFob > 1)
    throw new OptionsError(`${fn}: cifFob must be a fraction in (−1, 1], got ${cifFob}`);
  const currencies = new Set([...exporterReported, ...importerReported].map((o) => o.currency));
  if (currencies.size > 1)
    throw new UnitMismatchError(
      `${fn} needs one currency on both sides, got ${[...currencies].sort().join(' and ')}: convert first`,
    );
  const currency = ([...currencies][0] ?? 'EUR') as Currency;

  const importerGroupOf = new Map<string, string>();
  for (const [label, codes] of Object.entries(options.importerGroups ?? {})) {
    for (const c of codes) {
      const prev = importerGroupOf.get(c);
      if (prev !== undefined && prev !== label)
        throw new OptionsError(`${fn}: importer ${c} is in importer groups ${prev} and ${label}`);
      importerGroupOf.set(c, label);
    }
  }
  const productGroupsOf = new Map<string, string[]>();
  for (const [label, codes] of Object.entries(options.productGroups ?? {})) {
    for (const c of new Set(codes)) {
      const list = productGroupsOf.get(c) ?? [];
      list.push(label);
      productGroupsOf.set(c, list);
    }
  }

  const rejected: Reject[] = [];
  const cellsBySide: Record<Side, Map<string, Acc>> = { exporter: new Map(), importer: new Map() };
  const seen: Record<Side, Set<string>> = { exporter: new Set(), importer: new Set() };
  let used = 0;
  const take = (side: Side, list: readonly TradeObservation[]) => {
    const flow = side === 'exporter' ? 'export' : 'import';
    for (let index = 0; index < list.length; index++) {
      const o = list[index]!;
      const reject = (reason: Reject['reason']) => rejected.push({ side, index, reason });
      if (o.flow !== flow) {
        reject('flow');
        continue;
      }
      if (isAggregate(o.reporter) || isAggregate(o.partner)) {
        reject('aggregate');
        continue;
      }
      if (!isPeriod(o.period)) {
        reject('period');
        continue;
      }
      const [exp, imp] = side === 'exporter' ? [o.reporter, o.partner] : [o.partner, o.reporter];
      const raw = `${exp}|${imp}|${o.product.code}|${o.period}`;
      if (seen[side].has(raw)) {
        reject('duplicate');
        continue;
      }
      seen[side].add(raw);
      used++;
      const period = unit === 'year' ? yearOf(o.period) : o.period;
      const key = `${exp}|${imp}|${o.product.code}|${period}`;
      let acc = cellsBySide[side].get(key);
      if (acc === undefined) {
        acc = { sum: 0, withValue: 0, withoutValue: 0, negative: false, months: new Set() };
        cellsBySide[side].set(key, acc);
      }
      if (o.value !== null) {
        acc.sum += o.value;
        acc.withValue++;
        if (o.value < 0) acc.negative = true;
        acc.months.add(o.period);
      } else acc.withoutValue++;
    }
  };
  take('exporter', exporterReported);
  take('importer', importerReported);

  const keys = [...new Set([...cellsBySide.exporter.keys(), ...cellsBySide.importer.keys()])].sort();
  const cells: LostInTransitCell[] = [];
  for (const key of keys) {
    const [exporter, importer, product, period] = key.split('|') as [string, string, string, string];
    const e = cellsBySide.exporter.get(key);
    const i = cellsBySide.importer.get(key);
    const annualFrom = (a: Acc | undefined) => (a === undefined ? null : a.months.size);
    const completeYear = (a: Acc) =>
      unit === 'period' ||
      (a.months.size === 1 && isAnnual(a)) ||
      (absentMonths === 'zero' ? a.withoutValue === 0 : a.months.size === 12);
    const ev = e !== undefined && e.withValue > 0 ? e.sum : null;
    const iv = i !== undefined && i.withValue > 0 ? i.sum : null;
    let cls: LostInTransitClass;
    if (ev === null) cls = 'exporter-missing';
    else if (iv === null) cls = 'importer-missing';
    else if (!completeYear(e!) || !completeYear(i!)) cls = 'incomplete';
    else if (e!.negative || i!.negative || ev < 0 || iv < 0) cls = 'non-positive';
    else if (ev > 0 && iv > 0) cls = 'both';
    else if (ev > 0) cls = 'exporter-only';
    else if (iv > 0) cls = 'importer-only';
    else cls = 'both-zero';
    cells.push({
      exporter,
      importer,
      product,
      period,
      exporterValue: ev,
      importerValue: iv,
      exporterMonths: unit === 'year' ? annualFrom(e) : null,
      importerMonths: unit === 'year' ? annualFrom(i) : null,
      class: cls,
      logRatio: cls === 'both' ? Math.log(iv! / (ev! * (1 + cifFob))) : null,
    });
  }

  // Summary: importer group × product group × period.
  const groupsOf = (product: string) =>
    productGroupsOf.get(product) ?? [options.productGroups ? 'other' : 'all'];
  const overlappingGroups = new Set<string>();
  for (const labels of productGroupsOf.values())
    if (labels.length > 1) for (const l of labels) overlappingGroups.add(l);
  const bins = new Map<string, LostInTransitCell[]>();
  for (const c of cells) {
    const ig = options.importerGroups ? (importerGroupOf.get(c.importer) ?? 'other') : c.importer;
    for (const pg of groupsOf(c.product)) {
      const k = `${ig}|${pg}|${c.period}`;
      const list = bins.get(k);
      if (list === undefined) bins.set(k, [c]);
      else list.push(c);
    }
  }
  const summary: LostInTransitSummary[] = [...bins.keys()].sort().map((k) => {
    const [importerGroup, productGroup, period] = k.split('|') as [string, string, string];
    const list = bins.get(k)!;
    const counts = Object.fromEntries(LOST_IN_TRANSIT_CLASSES.map((c) => [c, 0])) as Record<
      LostInTransitClass,
      number
    >;
    for (const c of list) counts[c.class]++;
    const both = list.filter((c) => c.class === 'both');
    const logs = both.map((c) => c.logRatio!).sort((a, b) => a - b);
    const sumE = both.reduce((s, c) => s + c.exporterValue!, 0);
    const sumI = both.reduce((s, c) => s + c.importerValue!, 0);
    const onlyE = list.filter((c) => c.class === 'exporter-only').reduce((s, c) => s + c.exporterValue!, 0);
    return {
      importerGroup,
      productGroup,
      period,
      counts,
      medianLogRatio: quantileSorted(logs, 0.5),
      q25LogRatio: quantileSorted(logs, 0.25),
      q75LogRatio: quantileSorted(logs, 0.75),
      pooledLogRatio: sumE > 0 && sumI > 0 ? Math.log(sumI / (sumE * (1 + cifFob))) : null,
      exporterOnlyValueShare: sumE + onlyE > 0 ? onlyE / (sumE + onlyE) : null,
      overlapping: overlappingGroups.has(productGroup),
    };
  });

  const warnings: string[] = [];
  const count = (cls: LostInTransitClass) => cells.filter((c) => c.class === cls).length;
  const one = count('exporter-only') + count('importer-only');
  if (one > 0)
    warnings.push(
      `${one} of ${cells.length} cells are reported by one side only (zero on the other): they have no log ratio and are counted, not dropped (exporterOnlyValueShare)`,
    );
  if (unit === 'year' && absentMonths === 'zero')
    warnings.push('months without an observation are counted as zero (absentMonths: zero)');
  if (count('incomplete') > 0)
    warnings.push(
      `${count('incomplete')} annual cells lack 12 months with a number on a side: left out of the ratios`,
    );
  if (overlappingGroups.size > 0)
    warnings.push(
      `product groups overlap (${[...overlappingGroups].sort().join(', ')}): a code in several groups is counted in each`,
    );
  if (rejected.length > 0) warnings.push(`${rejected.length} input rows rejected (see accounting.rejected)`);

  return {
    method: 'lostInTransit',
    settings: { period: unit, absentMonths, cifFob, currency },
    cells,
    summary,
    accounting: {
      exporterRows: exporterReported.length,
      importerRows: importerReported.length,
      used,
      rejected,
    },
    warnings,
  };
}

/** An accumulator fed by one annual observation (period `YYYY`): complete by construction. */
function isAnnual(a: Acc): boolean {
  const [only] = a.months;
  return only !== undefined && only.length === 4;
}
