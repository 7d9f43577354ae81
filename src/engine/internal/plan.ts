/**
 * Turning the options of a bulk query into a {@link QueryPlan}: validation, code lookups, product prefixes, the
 * period window. Shared by `queryComextBulk` and the benchmark's "DuckDB alone" runner, so both run the same SQL.
 *
 * @module
 */
import { OptionsError } from '../../errors.js';
import type { DuplicateRows } from '../../model/load-result.js';
import type { Flow } from '../../model/observation.js';
import { type Frequency, frequencyOf, monthIndex, type Period } from '../../model/period.js';
import { AGGREGATES, COUNTRIES, isAggregate } from '../../reference/countries.js';
import { type CountryResolver, countryResolver } from '../../shared/ingest.js';
import type { BulkInput } from './inputs.js';
import type { GeoRow, PeriodRow, QueryPlan } from './sql.js';

/**
 * Longest record accepted by default: 4 MiB (the pure-JS loaders' `maxRecordBytes` default).
 *
 * @example
 * DEFAULT_MAX_RECORD_BYTES; // => 4194304
 */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * A dimension of the cells: see `QueryComextBulkOptions.groupBy`.
 *
 * @example
 * const groupBy: BulkDimension[] = ['partner', 'product', 'period'];
 */
export type BulkDimension = 'reporter' | 'partner' | 'product' | 'flow' | 'period';

/** The options the plan depends on (a subset of `QueryComextBulkOptions`). */
export interface PlanOptions {
  readonly reporters?: readonly string[] | undefined;
  readonly partners?: readonly string[] | undefined;
  readonly flows?: readonly Flow[] | undefined;
  readonly productLevel?: 2 | 4 | 6 | 8 | undefined;
  readonly products?: readonly string[] | undefined;
  readonly frequency?: Frequency | undefined;
  readonly from?: Period | undefined;
  readonly to?: Period | undefined;
  readonly groupBy?: readonly BulkDimension[] | undefined;
  readonly countryLabels?: Readonly<Record<string, string>> | undefined;
  readonly incomplete?: 'null' | 'lowerBound' | undefined;
  readonly duplicates?: DuplicateRows | undefined;
  readonly maxRecordBytes?: number | undefined;
}

/** The resolved options, with the code table the query's ids refer to. */
export interface ResolvedPlan {
  readonly plan: QueryPlan;
  /** Our code of each geo id. */
  readonly codes: readonly string[];
  /** The order of the split dimensions (period excluded), as the caller gave them. */
  readonly dimensions: readonly Exclude<BulkDimension, 'period'>[];
  readonly frequency: Frequency;
  readonly flows: readonly Flow[];
  /** Normalised product prefixes (undefined: all products). */
  readonly products: readonly string[] | undefined;
  /** Our codes of the reporter / partner filters (undefined: all). */
  readonly reporters: readonly string[] | undefined;
  readonly partners: readonly string[] | undefined;
  /** The resolver used for codes the lookup table does not hold. */
  readonly resolve: CountryResolver;
}

const DIMENSIONS: readonly BulkDimension[] = ['reporter', 'partner', 'product', 'flow', 'period'];

/** Normalise a product code prefix given by a user (`HS:27`, `8471`, `1012100` → `01012100`). */
export function normaliseProductPrefix(code: string, fn: string): string {
  let c = String(code)
    .trim()
    .replace(/^(HS|CN):/i, '');
  if (c.length % 2 === 1) c = `0${c}`;
  if (!/^\d{2}(\d{2}){0,3}$/.test(c)) {
    throw new OptionsError(
      `${fn} requires product codes of 2, 4, 6 or 8 digits, got ${JSON.stringify(code)}`,
    );
  }
  return c;
}

function periodIndex(p: Period, frequency: Frequency, fn: string, name: string): number {
  let f: Frequency;
  try {
    f = frequencyOf(p);
  } catch {
    throw new OptionsError(`${fn} requires ${name} as YYYY-MM or YYYY, got ${JSON.stringify(p)}`);
  }
  if (f !== frequency) {
    throw new OptionsError(`${fn} requires ${name} at the ${frequency} frequency, got ${JSON.stringify(p)}`);
  }
  return f === 'monthly' ? monthIndex(p) : Number(p);
}

/**
 * The code lookup: every two-letter code, every country and aggregate code we know and the caller's own labels,
 * each resolved with the same resolver the pure-JS loader uses. Codes that resolve to one of our codes share an id.
 */
function geoTable(
  resolve: CountryResolver,
  extra: Readonly<Record<string, string>> | undefined,
): { rows: GeoRow[]; ids: Map<string, number>; codes: string[] } {
  // The table depends only on the caller's extra labels: build it once per set of labels.
  const cacheKey = extra === undefined ? '' : JSON.stringify(Object.entries(extra).sort());
  const hit = GEO_CACHE.get(cacheKey);
  if (hit !== undefined) return { rows: [...hit.rows], ids: new Map(hit.ids), codes: [...hit.codes] };
  const built = buildGeoTable(resolve, extra);
  if (GEO_CACHE.size >= 8) GEO_CACHE.clear();
  GEO_CACHE.set(cacheKey, built);
  return { rows: [...built.rows], ids: new Map(built.ids), codes: [...built.codes] };
}

const GEO_CACHE = new Map<string, { rows: GeoRow[]; ids: Map<string, number>; codes: string[] }>();

function buildGeoTable(
  resolve: CountryResolver,
  extra: Readonly<Record<string, string>> | undefined,
): { rows: GeoRow[]; ids: Map<string, number>; codes: string[] } {
  const candidates = new Set<string>();
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of A) for (const b of A) candidates.add(a + b);
  for (const c of COUNTRIES) {
    candidates.add(c.code);
    if (c.eurostat !== undefined) candidates.add(c.eurostat);
    if (c.alpha3 !== undefined) candidates.add(c.alpha3);
  }
  for (const a of AGGREGATES) candidates.add(a.code);
  if (extra !== undefined) for (const k of Object.keys(extra)) candidates.add(k.trim());
  const resolvedRaw: [string, string][] = [];
  for (const raw of [...candidates].sort()) {
    const code = resolve(raw);
    if (code !== undefined) resolvedRaw.push([raw, code]);
  }
  // Ids in code order, so cells sorted by id come out sorted by code.
  const codes = [...new Set(resolvedRaw.map(([, code]) => code))].sort();
  const ids = new Map(codes.map((c, i) => [c, i]));
  const rows: GeoRow[] = resolvedRaw.map(([raw, code]) => ({
    raw,
    id: ids.get(code)!,
    aggregate: isAggregate(code),
  }));
  return { rows, ids, codes };
}

/**
 * Validate the options and build the plan.
 *
 * @throws {OptionsError} for an unknown dimension or option value, or a flow that would sum exports with imports
 */
export function resolvePlan(fn: string, inputs: readonly BulkInput[], options: PlanOptions): ResolvedPlan {
  const groupBy = options.groupBy ?? DIMENSIONS;
  for (const d of groupBy) {
    if (!DIMENSIONS.includes(d)) {
      throw new OptionsError(
        `${fn}: unknown groupBy dimension ${JSON.stringify(d)}; use ${DIMENSIONS.join(', ')}`,
      );
    }
  }
  if (new Set(groupBy).size !== groupBy.length)
    throw new OptionsError(`${fn} requires distinct groupBy dimensions`);
  const flows = options.flows ?? ['export', 'import'];
  if (flows.length === 0 || flows.some((f) => f !== 'export' && f !== 'import')) {
    throw new OptionsError(`${fn} requires flows among 'export' and 'import', got ${JSON.stringify(flows)}`);
  }
  if (!groupBy.includes('flow') && new Set(flows).size !== 1) {
    throw new OptionsError(
      `${fn} requires one flow, or 'flow' in groupBy: exports and imports are never summed`,
    );
  }
  const frequency = options.frequency ?? 'monthly';
  if (frequency !== 'monthly' && frequency !== 'annual') {
    throw new OptionsError(
      `${fn} requires frequency 'monthly' or 'annual', got ${JSON.stringify(frequency)}`,
    );
  }
  const byProduct = groupBy.includes('product');
  const level = options.productLevel ?? 8;
  if (![2, 4, 6, 8].includes(level)) {
    throw new OptionsError(
      `${fn} requires productLevel 2, 4, 6 or 8, got ${JSON.stringify(options.productLevel)}`,
    );
  }
  if (!byProduct && options.productLevel !== undefined) {
    throw new OptionsError(`${fn}: productLevel needs 'product' in groupBy (products are summed otherwise)`);
  }
  const products =
    options.products === undefined
      ? undefined
      : [...new Set(options.products.map((p) => normaliseProductPrefix(p, fn)))].sort();
  if (products !== undefined && products.length === 0) {
    throw new OptionsError(`${fn} requires at least one product code when products is given`);
  }
  if (byProduct && products !== undefined) {
    const finer = products.filter((p) => p.length > level);
    if (finer.length > 0) {
      throw new OptionsError(
        `${fn}: product codes finer than productLevel ${level} (${finer.slice(0, 3).join(', ')}) would leave partial cells`,
      );
    }
  }
  const from = options.from === undefined ? undefined : periodIndex(options.from, frequency, fn, 'from');
  const to = options.to === undefined ? undefined : periodIndex(options.to, frequency, fn, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new OptionsError(`${fn} requires from ≤ to, got ${options.from} and ${options.to}`);
  }
  const resolve = countryResolver(options.countryLabels);
  const geo = geoTable(resolve, options.countryLabels);
  const idsOf = (codes: readonly string[] | undefined, what: string): [number[], string[]] | undefined => {
    if (codes === undefined) return undefined;
    if (codes.length === 0)
      throw new OptionsError(`${fn} requires at least one ${what} when ${what}s is given`);
    const ours = codes.map((c) => {
      const code = resolve(c);
      if (code === undefined) throw new OptionsError(`${fn}: unknown ${what} code ${JSON.stringify(c)}`);
      return code;
    });
    const ids = ours.map((c) => {
      let id = geo.ids.get(c);
      if (id === undefined) {
        id = geo.codes.length;
        geo.ids.set(c, id);
        geo.codes.push(c);
      }
      return id;
    });
    return [[...new Set(ids)].sort((a, b) => a - b), [...new Set(ours)].sort()];
  };
  const rep = idsOf(options.reporters, 'reporter');
  const par = idsOf(options.partners, 'partner');
  const flowCodes = [...new Set(flows)].map((f) => (f === 'import' ? '1' : '2')).sort() as ('1' | '2')[];
  const dimensions = groupBy.filter((d): d is Exclude<BulkDimension, 'period'> => d !== 'period');
  const plan: QueryPlan = {
    inputs,
    byReporter: groupBy.includes('reporter'),
    byPartner: groupBy.includes('partner'),
    productLevel: byProduct ? (level as 2 | 4 | 6 | 8) : 0,
    frequency: frequency === 'monthly' ? 'M' : 'A',
    reporterIds: rep?.[0],
    partnerIds: par?.[0],
    flows: flowCodes,
    from,
    to,
    products,
    geo: geo.rows,
    periods: [] as PeriodRow[],
    lowerBound: options.incomplete === 'lowerBound',
    duplicates: options.duplicates ?? 'first',
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
  };
  return {
    plan,
    codes: geo.codes,
    dimensions,
    frequency,
    flows: [...new Set(flows)].sort(),
    products,
    reporters: rep?.[1],
    partners: par?.[1],
    resolve,
  };
}

/** Add codes found in the data (resolved in JS) to the plan's lookup tables. */
export function extendPlan(
  resolved: ResolvedPlan,
  geo: readonly { raw: string; code: string }[],
  periods: readonly PeriodRow[],
): ResolvedPlan {
  const codes = [...resolved.codes];
  const ids = new Map(codes.map((c, i) => [c, i]));
  const rows: GeoRow[] = [...resolved.plan.geo];
  for (const g of geo) {
    let id = ids.get(g.code);
    if (id === undefined) {
      id = codes.length;
      ids.set(g.code, id);
      codes.push(g.code);
    }
    rows.push({ raw: g.raw, id, aggregate: isAggregate(g.code) });
  }
  return {
    ...resolved,
    codes,
    plan: { ...resolved.plan, geo: rows, periods: [...resolved.plan.periods, ...periods] },
  };
}
