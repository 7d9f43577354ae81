import { OptionsError } from '../../errors.js';
import type { Flow } from '../../model/observation.js';
import { frequencyOf, type Period, periodRange } from '../../model/period.js';
import type { CacheEntry, CachePart } from './cache.js';
import { RemoteSourceError } from './remote-error.js';
import { type CacheOptions, checkCacheOptions, type PlannedQuery, retrieveAll } from './retrieve.js';
import {
  bodyText,
  type CallContext,
  createCallContext,
  httpGet,
  RetryableBodyError,
  type TransportOptions,
} from './transport.js';

/**
 * The UN Comtrade API root.
 *
 * @example
 * new URL(COMTRADE_BASE_URL).host; // => 'comtradeapi.un.org'
 * // the default of fetchComtrade(query, { baseUrl: COMTRADE_BASE_URL, subscriptionKey })
 */
export const COMTRADE_BASE_URL = 'https://comtradeapi.un.org';

/**
 * UN M49 codes of the countries the roundabout analyses name most, so a user can write `'KZ'`. Any other
 * reporter or partner is given as its M49 number (`'398'` or `398`); `0` is the World.
 *
 * @example
 * COMTRADE_M49.KZ; // => 398
 */
export const COMTRADE_M49: Readonly<Record<string, number>> = Object.freeze({
  WORLD: 0,
  AM: 51,
  AZ: 31,
  BY: 112,
  CN: 156,
  DE: 276,
  FR: 251,
  GB: 826,
  GE: 268,
  IT: 381,
  KG: 417,
  KZ: 398,
  MN: 496,
  RU: 643,
  TJ: 762,
  TR: 792,
  UA: 804,
  US: 842,
  UZ: 860,
});

/**
 * What to ask UN Comtrade's `data/v1/get/{typeCode}/{freqCode}/{clCode}` for (final data, goods).
 */
export interface ComtradeQuery {
  /** Classification: `HS` (as reported, the default), or an edition `H4` (HS2012), `H5` (HS2017), `H6` (HS2022). */
  readonly classification?: 'HS' | 'H4' | 'H5' | 'H6';
  /** Reporters: M49 numbers, or ISO alpha-2 codes listed in {@link COMTRADE_M49}. */
  readonly reporters: readonly (string | number)[];
  /** Partners, as reporters. Default `[0]` (World); empty = every partner. */
  readonly partners?: readonly (string | number)[];
  /** Products: `TOTAL` (default), `AG2`/`AG4`/`AG6` (every code at that level) or HS codes. */
  readonly products?: readonly string[];
  /** Flows: `export` (Comtrade `X`) and/or `import` (`M`). Default `['export']`. */
  readonly flows?: readonly Flow[];
  /** First period: `YYYY-MM` for monthly data, `YYYY` for annual. */
  readonly from: Period;
  /** Last period, same frequency. */
  readonly to: Period;
}

/** Options of {@link fetchComtradeRaw} and `fetchComtrade`. */
export interface ComtradeFetchOptions extends TransportOptions, CacheOptions {
  /**
   * The API subscription key, sent as the `Ocp-Apim-Subscription-Key` header (UN Comtrade "UN Comtrade API":
   * "you will need … a valid API subscription key"). Required unless served from the cache. Library code never
   * reads the environment: the CLI passes `COMTRADE_API_KEY` here.
   */
  readonly subscriptionKey?: string;
  /** API root, for proxies, mirrors and tests. Default {@link COMTRADE_BASE_URL}. */
  readonly baseUrl?: string;
  /**
   * Records asked for per call (`maxRecords`). Default 100 000, the free tier's limit per call at the time of
   * writing (UN Comtrade subscription plans). A call that returns this many records may be cut, so the client
   * splits it by period and asks again.
   */
  readonly maxRecords?: number;
  /** Calls allowed per day. Default 500, the free tier's limit at the time of writing. */
  readonly maxCallsPerDay?: number;
  /** Calls already made today by this user (the CLI may keep count); planned calls must fit the rest. Default 0. */
  readonly callsUsedToday?: number;
  /** Periods per call. Default 12 (the API accepts a comma-separated list; keep requests modest). */
  readonly periodsPerCall?: number;
}

interface ResolvedComtrade {
  readonly cl: 'HS' | 'H4' | 'H5' | 'H6';
  readonly freq: 'M' | 'A';
  readonly reporters: number[];
  readonly partners: number[];
  readonly products: string[];
  readonly flows: ('M' | 'X')[];
  readonly periods: string[];
}

function m49(value: string | number, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1000) return value;
  const s = String(value).trim().toUpperCase();
  if (/^\d{1,3}$/.test(s)) return Number(s);
  const code = COMTRADE_M49[s];
  if (code === undefined)
    throw new OptionsError(
      `fetchComtrade ${what} ${JSON.stringify(value)} is not an M49 number or a known ISO code`,
    );
  return code;
}

function resolveQuery(q: ComtradeQuery): ResolvedComtrade {
  const cl = q.classification ?? 'HS';
  if (!['HS', 'H4', 'H5', 'H6'].includes(cl))
    throw new OptionsError(`fetchComtrade classification is HS, H4, H5 or H6, got ${JSON.stringify(cl)}`);
  const f = frequencyOf(q.from);
  if (frequencyOf(q.to) !== f) throw new OptionsError(`fetchComtrade requires from and to of one frequency`);
  if (q.from > q.to) throw new OptionsError(`fetchComtrade requires from ≤ to, got ${q.from} > ${q.to}`);
  if (q.reporters.length === 0) throw new OptionsError('fetchComtrade requires at least one reporter');
  const products = [...new Set(q.products ?? ['TOTAL'])].sort();
  for (const p of products)
    if (!/^(TOTAL|AG[246]|\d{2}|\d{4}|\d{6})$/.test(p))
      throw new OptionsError(
        `fetchComtrade products are TOTAL, AG2/4/6 or HS codes, got ${JSON.stringify(p)}`,
      );
  const flows = new Set<'M' | 'X'>();
  for (const fl of q.flows ?? ['export']) {
    if (fl === 'export') flows.add('X');
    else if (fl === 'import') flows.add('M');
    else throw new OptionsError(`fetchComtrade flows are 'export' or 'import', got ${JSON.stringify(fl)}`);
  }
  return {
    cl,
    freq: f === 'monthly' ? 'M' : 'A',
    reporters: [...new Set(q.reporters.map((r) => m49(r, 'reporter')))].sort((a, b) => a - b),
    partners: [...new Set((q.partners ?? [0]).map((p) => m49(p, 'partner')))].sort((a, b) => a - b),
    products,
    flows: [...flows].sort(),
    periods: periodRange(q.from, q.to).map((p) => p.replace('-', '')),
  };
}

function normalise(r: ResolvedComtrade, periods: readonly string[]): string {
  return `comtrade:C:${r.freq}:${r.cl}:reporter=${r.reporters.join(',')}:partner=${r.partners.join(',') || '*'}:cmd=${r.products.join(',')}:flow=${r.flows.join(',')}:period=${periods.join(',')}`;
}

/**
 * The data URL (UN Comtrade API, `data/v1/get/{typeCode}/{freqCode}/{clCode}` with `reporterCode`, `period`,
 * `partnerCode`, `partner2Code`, `cmdCode`, `flowCode`, `customsCode`, `motCode`, `maxRecords`, `format`,
 * `breakdownMode`, `includeDesc`). `partner2Code=0`, `customsCode=C00` and `motCode=0` ask for the totals
 * over second partner, customs procedure and mode of transport, so each flow is counted once.
 */
function dataUrl(base: string, r: ResolvedComtrade, periods: readonly string[], maxRecords: number): string {
  const u = new URL(`${base}/data/v1/get/C/${r.freq}/${r.cl}`);
  u.searchParams.set('reporterCode', r.reporters.join(','));
  u.searchParams.set('period', periods.join(','));
  if (r.partners.length > 0) u.searchParams.set('partnerCode', r.partners.join(','));
  u.searchParams.set('partner2Code', '0');
  u.searchParams.set('cmdCode', r.products.join(','));
  u.searchParams.set('flowCode', r.flows.join(','));
  u.searchParams.set('customsCode', 'C00');
  u.searchParams.set('motCode', '0');
  u.searchParams.set('maxRecords', String(maxRecords));
  u.searchParams.set('format', 'JSON');
  u.searchParams.set('breakdownMode', 'classic');
  u.searchParams.set('includeDesc', 'false');
  return u.toString();
}

/** The records of a Comtrade JSON reply, or a retryable error if it is not `{ data: [...] }`. */
function comtradeRecords(body: Uint8Array): { count: number; error: string | undefined } {
  let j: unknown;
  try {
    j = JSON.parse(bodyText(body));
  } catch (e) {
    throw new RetryableBodyError(`malformed Comtrade JSON: ${(e as Error).message}`);
  }
  const o = j as { data?: unknown; error?: unknown };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.data))
    throw new RetryableBodyError('Comtrade reply has no "data" array');
  return { count: o.data.length, error: typeof o.error === 'string' && o.error !== '' ? o.error : undefined };
}

async function downloadPeriods(
  base: string,
  r: ResolvedComtrade,
  periods: readonly string[],
  query: string,
  ctx: CallContext,
  maxRecords: number,
  headers: Record<string, string>,
  budget: { left: number },
): Promise<CachePart[]> {
  if (budget.left <= 0)
    throw new RemoteSourceError('UN Comtrade call budget for today is used up', { query, reason: 'quota' });
  budget.left--;
  const url = dataUrl(base, r, periods, maxRecords);
  let info: { count: number; error: string | undefined } = { count: 0, error: undefined };
  const res = await httpGet(url, query, ctx, {
    headers,
    accept: (body) => {
      info = comtradeRecords(body);
    },
  });
  if (info.error !== undefined)
    throw new RemoteSourceError(`UN Comtrade answered with an error: ${info.error}`, {
      query,
      reason: 'http',
      url,
      status: res.status,
      body: info.error,
    });
  if (info.count >= maxRecords) {
    // The reply may be cut at maxRecords: ask again in two halves of the period list.
    if (periods.length === 1)
      throw new RemoteSourceError(
        `UN Comtrade returned ${info.count} records, the maxRecords limit, for a single period: narrow the reporters, partners or products`,
        { query, reason: 'too-big', url },
      );
    const mid = Math.ceil(periods.length / 2);
    return [
      ...(await downloadPeriods(base, r, periods.slice(0, mid), query, ctx, maxRecords, headers, budget)),
      ...(await downloadPeriods(base, r, periods.slice(mid), query, ctx, maxRecords, headers, budget)),
    ];
  }
  return [
    {
      url: redactKey(url),
      body: res.body,
      ...(res.headers['content-type'] === undefined ? {} : { contentType: res.headers['content-type'] }),
    },
  ];
}

/** URLs are stored in the cache and provenance; the key travels in a header, but strip any query-string copy. */
function redactKey(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('subscription-key');
  return u.toString();
}

/**
 * Download and cache UN Comtrade data for a query, without parsing. The period range is cut into calls of
 * `periodsPerCall` periods; the number of calls must fit the day's budget (`maxCallsPerDay − callsUsedToday`)
 * before anything is sent. A reply with `maxRecords` records is treated as possibly cut and re-asked in
 * halves. `fetchComtrade` parses the result, keeping the classification (H4/H5/H6) on each observation.
 *
 * @param query - what to fetch
 * @param options - key, transport, cache and limit options
 * @throws {OptionsError} on a bad query, a missing key when the network is needed
 * @throws {RemoteSourceError} when the download fails (`quota` if the call budget would be exceeded)
 * @throws {CacheMissError} offline or with `asOf` when the cache lacks a call
 * @example
 * const entries = await fetchComtradeRaw({ reporters: ['KZ'], partners: ['RU'], flows: ['export'], from: '2021', to: '2023' },
 *   { subscriptionKey: key });
 */
export async function fetchComtradeRaw(
  query: ComtradeQuery,
  options: ComtradeFetchOptions = {},
  hooks: { readonly validate?: (entry: CacheEntry) => void } = {},
): Promise<CacheEntry[]> {
  const r = resolveQuery(query);
  checkCacheOptions(options);
  const maxRecords = options.maxRecords ?? 100_000;
  const perCall = options.periodsPerCall ?? 12;
  const maxCalls = options.maxCallsPerDay ?? 500;
  const used = options.callsUsedToday ?? 0;
  if (!(Number.isInteger(maxRecords) && maxRecords >= 1))
    throw new OptionsError(`fetchComtrade maxRecords must be an integer ≥ 1`);
  if (!(Number.isInteger(perCall) && perCall >= 1))
    throw new OptionsError(`fetchComtrade periodsPerCall must be an integer ≥ 1`);
  const base = (options.baseUrl ?? COMTRADE_BASE_URL).replace(/\/+$/, '');
  const ctx = createCallContext('comtrade', options, { concurrency: 1 });
  const groups: string[][] = [];
  for (let i = 0; i < r.periods.length; i += perCall) groups.push(r.periods.slice(i, i + perCall));
  const offline = options.offline === true || options.asOf !== undefined;
  const budget = { left: maxCalls - used };
  if (!offline && groups.length > budget.left)
    throw new RemoteSourceError(
      `UN Comtrade: ${groups.length} calls needed but only ${Math.max(0, budget.left)} of ${maxCalls} left today`,
      { query: normalise(r, r.periods), reason: 'quota' },
    );
  const key = options.subscriptionKey;
  const plan: PlannedQuery[] = groups.map((periods) => {
    const q = normalise(r, periods);
    return {
      query: q,
      download: async () => {
        if (key === undefined || key.trim() === '')
          throw new OptionsError(
            'fetchComtrade requires subscriptionKey to reach the API (the CLI reads COMTRADE_API_KEY)',
          );
        return {
          parts: await downloadPeriods(
            base,
            r,
            periods,
            q,
            ctx,
            maxRecords,
            { 'Ocp-Apim-Subscription-Key': key },
            budget,
          ),
          lastUpdate: null,
        };
      },
      ...(hooks.validate === undefined ? {} : { validate: hooks.validate }),
    };
  });
  return retrieveAll(plan, options, ctx, 1);
}
