import { OptionsError } from '../../errors.js';
import type { Flow } from '../../model/observation.js';
import { frequencyOf, type Period } from '../../model/period.js';
import type { CacheEntry } from './cache.js';
import { createRateLimit } from './limits.js';
import { downloadPages, odataPageInfo, odataRowKey } from './paging.js';
import { RemoteSourceError } from './remote-error.js';
import { type CacheOptions, checkCacheOptions, type PlannedQuery, retrieveAll } from './retrieve.js';
import { systemRuntime } from './runtime.js';
import { bodyText, createCallContext, type TransportOptions } from './transport.js';

/**
 * The uktradeinfo API root (HMRC "UK Trade Info API" documentation: "the API's base endpoint").
 *
 * @example
 * new URL(HMRC_BASE_URL).host; // => 'api.uktradeinfo.com'
 * // the default of fetchHmrc(query, { baseUrl: HMRC_BASE_URL })
 */
export const HMRC_BASE_URL = 'https://api.uktradeinfo.com';

/**
 * What to ask HMRC's Overseas Trade Statistics for (the `/OTS` endpoint). The reporter is always the UK.
 */
export interface HmrcQuery {
  /** Partner countries, ISO alpha-2 (HMRC's `CountryCodeAlpha`). Empty or omitted = all. */
  readonly partners?: readonly string[];
  /**
   * Flows from the UK's side. Default `['export']`. HMRC splits each by EU/non-EU partner: `FlowTypeId`
   * 1 = EU imports, 2 = EU exports, 3 = non-EU imports, 4 = non-EU exports; both halves are requested.
   */
  readonly flows?: readonly Flow[];
  /**
   * Products: `TOTAL` (default: all goods summed server-side with `$apply`), CN8 codes (8 digits, matched on
   * `CommodityId`) or HS2/HS4/HS6 codes (matched on `Commodity/Hs2Code` …).
   */
  readonly products?: readonly string[];
  /** First month, `YYYY-MM` (OTS is monthly). */
  readonly from: Period;
  /** Last month, `YYYY-MM`. */
  readonly to: Period;
}

/** Options of {@link fetchHmrcRaw} and `fetchHmrc`. */
export interface HmrcOptions extends TransportOptions, CacheOptions {
  /** API root, for proxies, mirrors and tests. Default {@link HMRC_BASE_URL}. */
  readonly baseUrl?: string;
  /**
   * Requests allowed per minute. Default 60, the uktradeinfo API's limit (as documented for the API and
   * enforced by the `uktrade` R client: "the API limit (60 requests per minute)").
   */
  readonly requestsPerMinute?: number;
}

/** A row of HMRC's `/Country` lookup. */
export interface HmrcCountry {
  /** HMRC's numeric country id, used in OTS rows. */
  readonly CountryId: number;
  /** ISO alpha-2 code (HMRC's spelling). */
  readonly CountryCodeAlpha: string;
  /** English name. */
  readonly CountryName?: string;
}

/** What `fetchHmrcRaw` returns: the country lookup entry and the OTS entry (its parts are the pages). */
export interface HmrcRaw {
  /** The `/Country` lookup response (one or more pages). */
  readonly countries: CacheEntry;
  /** The OTS pages. */
  readonly ots: CacheEntry;
}

const ISO2_RE = /^[A-Z]{2}$/;
const PRODUCT_RE = /^(\d{2}|\d{4}|\d{6}|\d{8}|TOTAL)$/;

interface ResolvedHmrc {
  readonly partners: string[];
  readonly flowTypes: number[];
  readonly products: string[];
  readonly from: number;
  readonly to: number;
}

function resolveQuery(q: HmrcQuery): ResolvedHmrc {
  if (frequencyOf(q.from) !== 'monthly' || frequencyOf(q.to) !== 'monthly')
    throw new OptionsError(`fetchHmrc requires monthly periods YYYY-MM, got ${q.from} and ${q.to}`);
  if (q.from > q.to) throw new OptionsError(`fetchHmrc requires from ≤ to, got ${q.from} > ${q.to}`);
  const partners = [...new Set(q.partners ?? [])].sort();
  for (const p of partners)
    if (!ISO2_RE.test(p))
      throw new OptionsError(`fetchHmrc partners are ISO alpha-2 codes, got ${JSON.stringify(p)}`);
  const flowTypes = new Set<number>();
  for (const f of q.flows ?? ['export']) {
    if (f === 'import') {
      flowTypes.add(1);
      flowTypes.add(3);
    } else if (f === 'export') {
      flowTypes.add(2);
      flowTypes.add(4);
    } else throw new OptionsError(`fetchHmrc flows are 'export' or 'import', got ${JSON.stringify(f)}`);
  }
  const products = [...new Set(q.products ?? ['TOTAL'])].sort();
  for (const p of products)
    if (!PRODUCT_RE.test(p))
      throw new OptionsError(
        `fetchHmrc products are TOTAL or HS2/4/6 or CN8 digit codes, got ${JSON.stringify(p)}`,
      );
  if (products.includes('TOTAL') && products.length > 1)
    throw new OptionsError('fetchHmrc products: TOTAL cannot be combined with codes (it would double count)');
  return {
    partners,
    flowTypes: [...flowTypes].sort(),
    products,
    from: Number(q.from.replace('-', '')),
    to: Number(q.to.replace('-', '')),
  };
}

function normalise(r: ResolvedHmrc): string {
  return `hmrc:OTS:flow=${r.flowTypes.join(',')}:month=${r.from}..${r.to}:partner=${r.partners.join(',') || '*'}:product=${r.products.join(',')}`;
}

const or = (terms: string[]): string =>
  terms.length === 1 ? (terms[0] as string) : `(${terms.join(' or ')})`;

/**
 * Build the OData request of the OTS endpoint (HMRC "UK Trade Info API" documentation: `$filter` on
 * `MonthId`, `FlowTypeId`, `CountryId`, `CommodityId`; OData v4 `$apply` for aggregation).
 * TOTAL sums `Value` (GBP) and `NetMass` (kg) by month, flow and country on the server, which keeps the
 * answer to a few hundred rows instead of every CN8 × port line.
 */
function otsUrl(base: string, r: ResolvedHmrc, countryIds: number[]): string {
  const terms = [
    or(r.flowTypes.map((f) => `FlowTypeId eq ${f}`)),
    `MonthId ge ${r.from}`,
    `MonthId le ${r.to}`,
  ];
  if (countryIds.length > 0) terms.push(or(countryIds.map((c) => `CountryId eq ${c}`)));
  const total = r.products.includes('TOTAL');
  if (!total)
    terms.push(
      or(
        r.products.map((p) =>
          p.length === 8 ? `CommodityId eq ${Number(p)}` : `Commodity/Hs${p.length}Code eq '${p}'`,
        ),
      ),
    );
  const filter = terms.join(' and ');
  const u = new URL(`${base}/OTS`);
  if (total)
    u.searchParams.set(
      '$apply',
      `filter(${filter})/groupby((MonthId,FlowTypeId,CountryId),aggregate(Value with sum as Value,NetMass with sum as NetMass))`,
    );
  else u.searchParams.set('$filter', filter);
  return u.toString();
}

/**
 * Read the country lookup pages into HMRC country rows.
 *
 * @throws {RemoteSourceError} (reason `malformed`) if a page has no usable rows
 * @example
 * hmrcCountries(entry).find((c) => c.CountryCodeAlpha === 'KG')?.CountryId;
 */
export function hmrcCountries(entry: CacheEntry): HmrcCountry[] {
  const out: HmrcCountry[] = [];
  for (const part of entry.parts) {
    const rows = (JSON.parse(bodyText(part.body)) as { value: unknown[] }).value;
    for (const r of rows as Partial<HmrcCountry>[]) {
      if (typeof r?.CountryId === 'number' && typeof r.CountryCodeAlpha === 'string')
        out.push({
          CountryId: r.CountryId,
          CountryCodeAlpha: r.CountryCodeAlpha.trim(),
          ...(typeof r.CountryName === 'string' ? { CountryName: r.CountryName } : {}),
        });
    }
  }
  if (out.length === 0)
    throw new RemoteSourceError('HMRC country lookup holds no CountryId/CountryCodeAlpha rows', {
      query: entry.query,
      reason: 'malformed',
    });
  return out;
}

/**
 * Download and cache HMRC OTS data for a query, without parsing: the `/Country` lookup (to turn ISO codes
 * into HMRC's `CountryId`) and every page of the OTS answer, following `@odata.nextLink` with resumption.
 * Requests keep to the API's rate limit (60 a minute by default). `fetchHmrc` parses the result.
 *
 * @param query - what to fetch
 * @param options - transport, cache and rate options
 * @param hooks - `validate`: parse the OTS entry (with the country lookup) before it is stored as a vintage
 *   (`fetchHmrc` passes its parser); see `PlannedQuery.validate`
 * @throws {OptionsError} on a bad query or a partner HMRC does not know
 * @throws {RemoteSourceError} when the download fails
 * @throws {CacheMissError} offline or with `asOf` when the cache lacks the lookup or the data
 * @example
 * const raw = await fetchHmrcRaw({ partners: ['KG', 'KZ', 'AM'], from: '2021-01', to: '2023-12' });
 */
export async function fetchHmrcRaw(
  query: HmrcQuery,
  options: HmrcOptions = {},
  hooks: { readonly validate?: (ots: CacheEntry, countries: CacheEntry) => void } = {},
): Promise<HmrcRaw> {
  const r = resolveQuery(query);
  checkCacheOptions(options);
  const perMinute = options.requestsPerMinute ?? 60;
  if (!(Number.isInteger(perMinute) && perMinute >= 1))
    throw new OptionsError(`fetchHmrc requestsPerMinute must be an integer ≥ 1, got ${perMinute}`);
  const base = (options.baseUrl ?? HMRC_BASE_URL).replace(/\/+$/, '');
  const ctx = createCallContext('hmrc', options, {
    concurrency: 1,
    rateLimit: createRateLimit({ requests: perMinute, perMs: 60_000 }, options.runtime ?? systemRuntime),
  });
  const lookupQuery = 'hmrc:Country';
  const lookupPlan: PlannedQuery = {
    query: lookupQuery,
    download: async (key, cache) => ({
      parts: await downloadPages(
        `${base}/Country?$select=CountryId,CountryCodeAlpha,CountryName`,
        lookupQuery,
        key,
        cache,
        ctx,
        odataPageInfo,
      ),
      lastUpdate: null,
    }),
  };
  const otsQuery = normalise(r);
  const otsPlan = (lookup: CacheEntry | undefined): PlannedQuery => ({
    query: otsQuery,
    ...(hooks.validate === undefined || lookup === undefined
      ? {}
      : { validate: (entry: CacheEntry) => hooks.validate?.(entry, lookup) }),
    download: async (key, cache) => {
      const countries = lookup === undefined ? [] : hmrcCountries(lookup);
      const ids = countryIdsOf(r.partners, countries, otsQuery);
      return {
        parts: await downloadPages(otsUrl(base, r, ids), otsQuery, key, cache, ctx, (body) =>
          odataPageInfo(body, odataRowKey),
        ),
        lastUpdate: null,
      };
    },
  });
  if (options.offline || options.asOf !== undefined) {
    const [countries, ots] = await retrieveAll([lookupPlan, otsPlan(undefined)], options, ctx, 1);
    return { countries: countries as CacheEntry, ots: ots as CacheEntry };
  }
  const [countries] = (await retrieveAll([lookupPlan], options, ctx, 1)) as [CacheEntry];
  hmrcCountries(countries);
  const [ots] = (await retrieveAll([otsPlan(countries)], options, ctx, 1)) as [CacheEntry];
  return { countries, ots };
}

function countryIdsOf(
  partners: readonly string[],
  countries: readonly HmrcCountry[],
  query: string,
): number[] {
  const ids: number[] = [];
  for (const p of partners) {
    const found = countries.filter((c) => c.CountryCodeAlpha === p).map((c) => c.CountryId);
    if (found.length === 0)
      throw new OptionsError(
        `fetchHmrc: HMRC's country lookup has no CountryCodeAlpha ${p} (query ${query})`,
      );
    ids.push(...found);
  }
  return [...new Set(ids)].sort((a, b) => a - b);
}
