import { OptionsError } from '../../errors.js';
import type { Flow } from '../../model/observation.js';
import { frequencyOf, type Period, periodRange } from '../../model/period.js';
import type { ResolvedDecompressionLimits } from '../internal/decompression.js';
import type { CacheEntry, CachePart } from './cache.js';
import { RemoteSourceError } from './remote-error.js';
import { type CacheOptions, checkCacheOptions, type PlannedQuery, retrieveAll } from './retrieve.js';
import {
  abbreviate,
  bodyText,
  type CallContext,
  createCallContext,
  emit,
  httpGet,
  RetryableBodyError,
  type TransportOptions,
  TruncatedBodyError,
} from './transport.js';
import { gunzip, isGzip, isZip, readZip } from './zip.js';

/**
 * Eurostat's Comext API root (SDMX 2.1, SDMX 3.0 and the asynchronous endpoints hang below it).
 *
 * @example
 * new URL(EUROSTAT_COMEXT_BASE_URL).host; // => 'ec.europa.eu'
 * // the default of fetchEurostat(query, { baseUrl: EUROSTAT_COMEXT_BASE_URL })
 */
export const EUROSTAT_COMEXT_BASE_URL = 'https://ec.europa.eu/eurostat/api/comext/dissemination';

/**
 * The Comext datasets the client knows: DS-045409 "EU trade since 1988 by HS2-4-6 and CN8" (member states as
 * reporters) and DS-059341 "EU trade since 2002 by HS2-4-6".
 */
export type ComextDataset = 'DS-045409' | 'DS-059341';

/**
 * What to ask Eurostat Comext for. Codes are Eurostat's (e.g. `EU27_2020`, `DE`, product `TOTAL`, `27`,
 * `85423190`), except that our `GR` and `GB` are sent as Eurostat's `EL` and `UK`. A dimension left empty
 * (or omitted where it has no default) is wildcarded: every position.
 */
export interface EurostatQuery {
  /** Dataset. Default `DS-045409`. */
  readonly dataset?: ComextDataset;
  /** Reporters (the `reporter` dimension). Empty = all (33 positions in DS-045409). */
  readonly reporters?: readonly string[];
  /** Partners (the `partner` dimension). Empty = all (282 positions). */
  readonly partners?: readonly string[];
  /** Products (HS2/4/6, CN8 or `TOTAL`). Default `['TOTAL']`; empty = all (40,321 positions). */
  readonly products?: readonly string[];
  /** Flows: `import` (Comext flow 1) and/or `export` (flow 2). Default `['export']`. */
  readonly flows?: readonly Flow[];
  /** Indicators, e.g. `VALUE_IN_EUROS`, `QUANTITY_IN_100KG`. Default `['VALUE_IN_EUROS']`. */
  readonly indicators?: readonly string[];
  /** First period, `YYYY-MM` (monthly data) or `YYYY` (annual data). */
  readonly from: Period;
  /** Last period, same frequency as `from`. */
  readonly to: Period;
}

/** Options of {@link fetchEurostatRaw} and `fetchEurostat`. Durations in milliseconds. */
export interface EurostatOptions extends TransportOptions, CacheOptions {
  /** API root, for proxies, mirrors and tests. Default {@link EUROSTAT_COMEXT_BASE_URL}. */
  readonly baseUrl?: string;
  /** SDMX REST flavour: `'2.1'` (default) or `'3.0'`. */
  readonly api?: '2.1' | '3.0';
  /** Response format: `'sdmx-csv'` (default) or `'json-stat'` (SDMX 2.1 only). */
  readonly format?: 'sdmx-csv' | 'json-stat';
  /** Largest extraction, in cells, Eurostat serves (default 5,000,000); bigger queries are split first. */
  readonly maxCells?: number;
  /** Positions of wildcarded dimensions, for the cell estimate. Defaults: DS-045409's constraints. */
  readonly dimensionSizes?: {
    readonly reporter?: number;
    readonly partner?: number;
    readonly product?: number;
  };
  /** Wait between polls of an asynchronous extraction. Default 10 000. */
  readonly asyncPollMs?: number;
  /** Give up on an asynchronous extraction after this long. Default 1 800 000 (30 minutes). */
  readonly asyncMaxWaitMs?: number;
  /** How often a chunk refused with HTTP 413 may be halved again. Default 6. */
  readonly maxSplitDepth?: number;
}

/**
 * Positions per dimension of DS-045409 as published in Eurostat's asynchronous-API guidelines (freq 2,
 * reporter 33, partner 282, product 40,321, flow 2, period 468, indicators 3).
 */
const DS_045409_SIZES = { reporter: 33, partner: 282, product: 40_321 } as const;

/** A fully resolved chunk of a Eurostat query. */
interface Chunk {
  readonly dataset: ComextDataset;
  readonly freq: 'M' | 'A';
  readonly reporters: readonly string[];
  readonly partners: readonly string[];
  readonly products: readonly string[];
  readonly flows: readonly ('1' | '2')[];
  readonly indicators: readonly string[];
  readonly from: Period;
  readonly to: Period;
}

const CODE_RE = /^[A-Za-z0-9_]{1,20}$/;

function toEurostatGeo(code: string): string {
  return code === 'GR' ? 'EL' : code === 'GB' ? 'UK' : code;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function resolveQuery(q: EurostatQuery): Chunk {
  const dataset = q.dataset ?? 'DS-045409';
  if (dataset !== 'DS-045409' && dataset !== 'DS-059341')
    throw new OptionsError(
      `fetchEurostat requires dataset DS-045409 or DS-059341, got ${JSON.stringify(dataset)}`,
    );
  const f = frequencyOf(q.from);
  if (frequencyOf(q.to) !== f)
    throw new OptionsError(`fetchEurostat requires from and to of one frequency, got ${q.from} and ${q.to}`);
  if (q.from > q.to) throw new OptionsError(`fetchEurostat requires from ≤ to, got ${q.from} > ${q.to}`);
  const check = (name: string, values: readonly string[]): string[] => {
    for (const v of values)
      if (!CODE_RE.test(v))
        throw new OptionsError(
          `fetchEurostat ${name} codes are letters, digits and _, got ${JSON.stringify(v)}`,
        );
    return sortedUnique(values);
  };
  const flows = q.flows ?? ['export'];
  for (const fl of flows)
    if (fl !== 'export' && fl !== 'import')
      throw new OptionsError(`fetchEurostat flows are 'export' or 'import', got ${JSON.stringify(fl)}`);
  return {
    dataset,
    freq: f === 'monthly' ? 'M' : 'A',
    reporters: check('reporter', (q.reporters ?? []).map(toEurostatGeo)),
    partners: check('partner', (q.partners ?? []).map(toEurostatGeo)),
    products: check('product', q.products ?? ['TOTAL']),
    flows: sortedUnique(flows.map((x) => (x === 'import' ? '1' : '2'))) as ('1' | '2')[],
    indicators: check('indicator', q.indicators ?? ['VALUE_IN_EUROS']),
    from: q.from,
    to: q.to,
  };
}

/**
 * The SDMX 2.1 series key of a chunk: `freq.reporter.partner.product.flow.indicators`, values joined with `+`,
 * an empty position meaning "all" (Eurostat SDMX 2.1 data query guidelines: "Wildcarding is supported via
 * entering no value").
 */
function seriesKey(c: Chunk): string {
  return [
    c.freq,
    c.reporters.join('+'),
    c.partners.join('+'),
    c.products.join('+'),
    c.flows.join('+'),
    c.indicators.join('+'),
  ].join('.');
}

/**
 * The normalised query of a chunk: everything that decides the answer, in a fixed order with sorted code
 * lists, so the same data always gets the same cache key. The base URL is left out: a mirror serves the
 * same data.
 */
function normalise(c: Chunk, api: '2.1' | '3.0', format: 'sdmx-csv' | 'json-stat'): string {
  return `eurostat:${c.dataset}:${seriesKey(c)}:${c.from}..${c.to}:sdmx${api}:${format}`;
}

/**
 * Build the data URL of a chunk.
 *
 * SDMX 2.1 (Eurostat "API - Detailed guidelines - SDMX2.1 API - data query"):
 * `{base}/sdmx/2.1/data/{dataset}/{key}?format=SDMX-CSV|JSON&startPeriod=…&endPeriod=…`.
 * SDMX 3.0 ("SDMX3.0 API - data query"): `{base}/sdmx/3.0/data/dataflow/ESTAT/{dataset}/1.0/*?c[dim]=…`
 * with the selections as `c` filters (comma-separated values, `ge:`/`le:` on `TIME_PERIOD`) and
 * `format=csvdata&formatVersion=2.0` for SDMX-CSV 2.0.
 */
function dataUrl(base: string, c: Chunk, api: '2.1' | '3.0', format: 'sdmx-csv' | 'json-stat'): string {
  if (api === '2.1') {
    const u = new URL(`${base}/sdmx/2.1/data/${c.dataset}/${seriesKey(c)}`);
    u.searchParams.set('format', format === 'json-stat' ? 'JSON' : 'SDMX-CSV');
    u.searchParams.set('startPeriod', c.from);
    u.searchParams.set('endPeriod', c.to);
    return u.toString();
  }
  const u = new URL(`${base}/sdmx/3.0/data/dataflow/ESTAT/${c.dataset}/1.0/*`);
  const dims: [string, readonly string[]][] = [
    ['freq', [c.freq]],
    ['reporter', c.reporters],
    ['partner', c.partners],
    ['product', c.products],
    ['flow', c.flows],
    ['indicators', c.indicators],
  ];
  for (const [dim, values] of dims) if (values.length > 0) u.searchParams.set(`c[${dim}]`, values.join(','));
  u.searchParams.set('c[TIME_PERIOD]', `ge:${c.from}+le:${c.to}`);
  u.searchParams.set('format', 'csvdata');
  u.searchParams.set('formatVersion', '2.0');
  return u.toString();
}

/**
 * Estimated extraction cost in cells, as Eurostat computes it: the product of the positions matched by each
 * dimension filter (Eurostat "API - Detailed guidelines - Asynchronous API", extraction cost).
 *
 * @example
 * estimateCells({ partners: ['KG'], reporters: ['EU27_2020'], from: '2019-01', to: '2019-12' }); // => 12
 */
export function estimateCells(query: EurostatQuery, sizes: EurostatOptions['dimensionSizes'] = {}): number {
  return cells(resolveQuery(query), sizes);
}

function cells(c: Chunk, sizes: EurostatOptions['dimensionSizes'] = {}): number {
  const n = (values: readonly string[], all: number): number => (values.length === 0 ? all : values.length);
  return (
    n(c.reporters, sizes.reporter ?? DS_045409_SIZES.reporter) *
    n(c.partners, sizes.partner ?? DS_045409_SIZES.partner) *
    n(c.products, sizes.product ?? DS_045409_SIZES.product) *
    c.flows.length *
    c.indicators.length *
    periodRange(c.from, c.to).length
  );
}

/** Halve a chunk along its longest explicit code list, else along time; `undefined` if it cannot be split. */
function halve(c: Chunk): [Chunk, Chunk] | undefined {
  const lists = (['products', 'partners', 'reporters', 'indicators'] as const)
    .map((k) => [k, c[k]] as const)
    .filter(([, v]) => v.length > 1)
    .sort((a, b) => b[1].length - a[1].length);
  const periods = periodRange(c.from, c.to);
  const longest = lists[0];
  if (longest && longest[1].length >= periods.length) {
    const [k, v] = longest;
    const mid = Math.ceil(v.length / 2);
    return [
      { ...c, [k]: v.slice(0, mid) },
      { ...c, [k]: v.slice(mid) },
    ];
  }
  if (periods.length > 1) {
    const mid = Math.ceil(periods.length / 2);
    return [
      { ...c, to: periods[mid - 1] as Period },
      { ...c, from: periods[mid] as Period },
    ];
  }
  if (longest) {
    const [k, v] = longest;
    const mid = Math.ceil(v.length / 2);
    return [
      { ...c, [k]: v.slice(0, mid) },
      { ...c, [k]: v.slice(mid) },
    ];
  }
  return undefined;
}

/** Split a chunk until every piece is at most `maxCells`. */
function plan(c: Chunk, maxCells: number, sizes: EurostatOptions['dimensionSizes']): Chunk[] {
  if (cells(c, sizes) <= maxCells) return [c];
  const halves = halve(c);
  if (!halves)
    throw new OptionsError(
      `fetchEurostat cannot split ${seriesKey(c)} ${c.from} below ${maxCells} cells (estimated ${cells(c, sizes)}): name the wildcarded dimensions`,
    );
  return [...plan(halves[0], maxCells, sizes), ...plan(halves[1], maxCells, sizes)];
}

/**
 * Read Eurostat's error text from a body: the SOAP-style `<faultstring>` of SDMX errors (e.g.
 * `EXTRACTION_TOO_BIG: The requested extraction is too big, estimated … rows, max authorised is 5000000 …`),
 * or the `label` of a JSON error (`{"error":[{"status":400,"label":"…"}]}`). Falls back to the abbreviated body.
 *
 * @example
 * eurostatErrorText('<S:Fault><faultcode>413</faultcode><faultstring>EXTRACTION_TOO_BIG: …</faultstring></S:Fault>');
 * // => 'EXTRACTION_TOO_BIG: …'
 */
export function eurostatErrorText(body: string): string {
  const fault = /<(?:\w+:)?faultstring>([\s\S]*?)<\/(?:\w+:)?faultstring>/i.exec(body);
  if (fault) return abbreviate(fault[1] as string);
  try {
    const j = JSON.parse(body) as { error?: unknown };
    const errs = Array.isArray(j.error) ? j.error : j.error ? [j.error] : [];
    const labels = errs
      .map((e: { label?: unknown; status?: unknown }) => (typeof e?.label === 'string' ? e.label : undefined))
      .filter((x): x is string => x !== undefined);
    if (labels.length > 0) return abbreviate(labels.join('; '));
  } catch {
    // not JSON
  }
  return abbreviate(body);
}

/** The status of an asynchronous extraction, from the initial reply or a status poll. */
interface AsyncStatus {
  readonly key: string | undefined;
  readonly status: string;
}

const ASYNC_STATUSES = new Set([
  'SUBMITTED',
  'PROCESSING',
  'AVAILABLE',
  'EXPIRED',
  'ERROR',
  'UNKNOWN_REQUEST',
]);

/**
 * Recognise Eurostat's asynchronous reply: an XML body with a `<status>` (SUBMITTED, PROCESSING, AVAILABLE,
 * EXPIRED, ERROR, UNKNOWN_REQUEST) and, in the first reply, the `<key>` to poll (Eurostat "API - Detailed
 * guidelines - Asynchronous API").
 */
function asyncStatusOf(text: string): AsyncStatus | undefined {
  if (!text.trimStart().startsWith('<')) return undefined;
  const statuses = [...text.matchAll(/<(?:\w+:)?status>\s*([A-Z_]+)\s*<\/(?:\w+:)?status>/g)].map(
    (m) => m[1] as string,
  );
  const status = statuses.find((s) => ASYNC_STATUSES.has(s));
  if (!status) return undefined;
  const key = /<(?:\w+:)?key>\s*([^<\s]+)\s*<\/(?:\w+:)?key>/.exec(text)?.[1];
  return { key, status };
}

/**
 * Unpack a data body: ZIP (async extractions) → its first file, gzip → inflated, else as is; within the call's
 * decompression limits (inflation stops as soon as one is crossed).
 */
function unpack(body: Uint8Array, limits: ResolvedDecompressionLimits): Uint8Array {
  if (isZip(body)) {
    const entries = readZip(body, limits);
    const first = entries[0];
    if (!first) throw new TruncatedBodyError('ZIP extraction holds no file');
    return first.data;
  }
  if (isGzip(body)) return gunzip(body, limits);
  return body;
}

/**
 * {@link unpack} that remembers its last answer, so the body the transport's `accept` check unpacked is not
 * inflated a second time (a bomb that passes the limits would otherwise cost twice).
 */
function unpacker(limits: ResolvedDecompressionLimits): (body: Uint8Array) => Uint8Array {
  let last: { body: Uint8Array; data: Uint8Array } | undefined;
  return (body) => {
    if (last?.body !== body) last = { body, data: unpack(body, limits) };
    return last.data;
  };
}

/** Check a data body is the documented format, so a cut or garbled one is retried. */
function checkData(body: Uint8Array, format: 'sdmx-csv' | 'json-stat', api: '2.1' | '3.0'): void {
  const text = bodyText(body);
  if (format === 'json-stat') {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch (e) {
      throw new RetryableBodyError(`malformed JSON-stat: ${(e as Error).message}`);
    }
    const o = j as { value?: unknown; id?: unknown };
    if (typeof o !== 'object' || o === null || !Array.isArray(o.id) || o.value === undefined)
      throw new RetryableBodyError('JSON-stat body lacks id or value');
    return;
  }
  const header = text
    .slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length)
    .replace(/^\uFEFF/, '');
  const want = api === '2.1' ? 'OBS_VALUE' : 'OBS_VALUE';
  if (!header.includes(want) || !header.includes('TIME_PERIOD'))
    throw new RetryableBodyError(
      `SDMX-CSV body lacks the TIME_PERIOD and OBS_VALUE columns: ${abbreviate(header, 120)}`,
    );
  // A CSV cut mid-row: the last line has fewer separators than the header. A complete file ends with \n.
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const last = lines[lines.length - 1] ?? '';
  if (lines.length > 1 && countCommas(last) < countCommas(header))
    throw new TruncatedBodyError('SDMX-CSV body ends inside a row');
}

function countCommas(line: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) n++;
  }
  return n;
}

/**
 * The source's last-update stamp of a data part: the `LAST UPDATE` column of SDMX-CSV 1.0 (first data row)
 * or `updated` of JSON-stat. `null` when absent.
 *
 * @example
 * eurostatLastUpdate(new TextEncoder().encode('DATAFLOW,LAST UPDATE,freq\nESTAT:DS-045409(1.0),13/01/23 23:00:00,M\n'));
 * // => '13/01/23 23:00:00'
 */
export function eurostatLastUpdate(body: Uint8Array): string | null {
  const text = bodyText(body);
  if (text.trimStart().startsWith('{')) {
    try {
      const u = (JSON.parse(text) as { updated?: unknown }).updated;
      return typeof u === 'string' ? u : null;
    } catch {
      return null;
    }
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const header = (lines[0] ?? '').split(',');
  const i = header.indexOf('LAST UPDATE');
  if (i < 0 || lines[1] === undefined) return null;
  return lines[1].split(',')[i] ?? null;
}

/**
 * Download one chunk: the synchronous answer, or Eurostat's asynchronous path (poll the status until
 * AVAILABLE, then fetch the ZIP), halving the chunk again when Eurostat refuses it with 413.
 */
async function downloadChunk(
  base: string,
  c: Chunk,
  query: string,
  options: Required<
    Pick<EurostatOptions, 'api' | 'format' | 'asyncPollMs' | 'asyncMaxWaitMs' | 'maxSplitDepth'>
  >,
  ctx: CallContext,
  depth: number,
): Promise<CachePart[]> {
  const url = dataUrl(base, c, options.api, options.format);
  const unpack = unpacker(ctx.decompression);
  const res = await httpGet(url, query, ctx, {
    passStatus: [400, 404, 413],
    accept: (body) => {
      const data = unpack(body);
      if (!asyncStatusOf(bodyText(data.subarray(0, 4096)))) checkData(data, options.format, options.api);
    },
  });
  if (res.status === 413) {
    const reason = eurostatErrorText(bodyText(res.body));
    const halves = depth < options.maxSplitDepth ? halve(c) : undefined;
    if (!halves)
      throw new RemoteSourceError(`Eurostat refused the extraction as too big: ${reason}`, {
        query,
        reason: 'too-big',
        url,
        status: 413,
        body: reason,
      });
    const a = await downloadChunk(base, halves[0], query, options, ctx, depth + 1);
    const b = await downloadChunk(base, halves[1], query, options, ctx, depth + 1);
    return [...a, ...b];
  }
  if (res.status === 400 || res.status === 404) {
    const reason = eurostatErrorText(bodyText(res.body));
    throw new RemoteSourceError(`Eurostat answered HTTP ${res.status}: ${reason}`, {
      query,
      reason: 'http',
      url,
      status: res.status,
      body: reason,
    });
  }
  const data = unpack(res.body);
  const st = asyncStatusOf(bodyText(data.subarray(0, 4096)));
  if (!st) return [{ url, body: data, ...contentType(res.headers) }];
  return [await awaitAsync(base, st, query, url, options, ctx)];
}

function contentType(h: Readonly<Record<string, string>>): { contentType?: string } {
  return h['content-type'] === undefined ? {} : { contentType: h['content-type'] };
}

/**
 * Eurostat's asynchronous delivery: poll `{base}/1.0/async/status/{key}` every `asyncPollMs` until the status
 * is AVAILABLE, then fetch `{base}/1.0/async/data/{key}` (a ZIP). EXPIRED, ERROR, UNKNOWN_REQUEST or running
 * out of `asyncMaxWaitMs` end in an `async` error naming the key.
 */
async function awaitAsync(
  base: string,
  first: AsyncStatus,
  query: string,
  url: string,
  options: Required<Pick<EurostatOptions, 'format' | 'api' | 'asyncPollMs' | 'asyncMaxWaitMs'>>,
  ctx: CallContext,
): Promise<CachePart> {
  const key = first.key;
  if (!key || !/^[A-Za-z0-9_-]{1,100}$/.test(key))
    throw new RemoteSourceError('Eurostat announced an asynchronous extraction without a usable key', {
      query,
      reason: 'async',
      url,
    });
  const started = ctx.runtime.now();
  let status = first.status;
  const statusUrl = `${base}/1.0/async/status/${encodeURIComponent(key)}`;
  while (status !== 'AVAILABLE') {
    if (status === 'EXPIRED' || status === 'ERROR' || status === 'UNKNOWN_REQUEST')
      throw new RemoteSourceError(`Eurostat asynchronous extraction ${key} ended with status ${status}`, {
        query,
        reason: 'async',
        url: statusUrl,
        body: status,
      });
    const waited = ctx.runtime.now() - started;
    if (waited + options.asyncPollMs > options.asyncMaxWaitMs)
      throw new RemoteSourceError(
        `Eurostat asynchronous extraction ${key} not ready after ${Math.round(waited / 1000)} s (status ${status})`,
        { query, reason: 'async', url: statusUrl, body: status },
      );
    emit(ctx, {
      phase: 'waiting',
      query,
      url: statusUrl,
      waitMs: options.asyncPollMs,
      waitingFor: 'extraction',
    });
    try {
      await ctx.runtime.sleep(options.asyncPollMs, ctx.signal);
    } catch (cause) {
      throw new RemoteSourceError(
        'request aborted by the caller',
        { query, reason: 'aborted', url: statusUrl },
        { cause },
      );
    }
    const res = await httpGet(statusUrl, query, ctx, {
      accept: (body) => {
        if (!asyncStatusOf(bodyText(body)))
          throw new RetryableBodyError('Eurostat async status reply has no <status>');
      },
    });
    status = (asyncStatusOf(bodyText(res.body)) as AsyncStatus).status;
  }
  const dataUrlAsync = `${base}/1.0/async/data/${encodeURIComponent(key)}`;
  const unpack = unpacker(ctx.decompression);
  const res = await httpGet(dataUrlAsync, query, ctx, {
    accept: (body) => {
      if (!isZip(body) && !isGzip(body) && !bodyText(body.subarray(0, 1)).match(/[{A-Za-z"]/))
        throw new RetryableBodyError('Eurostat async data is neither ZIP, gzip nor text');
      checkData(unpack(body), options.format, options.api);
    },
  });
  return { url: dataUrlAsync, body: unpack(res.body), ...contentType(res.headers) };
}

/**
 * Plan, download and cache a Eurostat Comext query, without parsing: one complete {@link CacheEntry} per
 * planned chunk (a query above `maxCells` is split first; a chunk Eurostat refuses with 413 is halved and its
 * pieces stored together). `fetchEurostat` parses these into observations.
 *
 * Follows Eurostat's API documentation ("API - Detailed guidelines": SDMX 2.1 and 3.0 data queries,
 * Asynchronous API); see https://ec.europa.eu/eurostat/web/user-guides/data-browser/api-data-access.
 *
 * @param query - what to fetch
 * @param options - transport, cache and API options
 * @param hooks - `validate`: parse an entry before it is stored as a vintage (`fetchEurostat` passes its parser);
 *   see `PlannedQuery.validate`
 * @returns the entries, in plan order
 * @throws {OptionsError} on a bad query or one that cannot be split below `maxCells`
 * @throws {RemoteSourceError} when the download fails (reason says why; `body` holds Eurostat's error text)
 * @throws {CacheMissError} offline or with `asOf` when the cache lacks a chunk
 * @example
 * const entries = await fetchEurostatRaw({ reporters: ['EU27_2020'], partners: ['KG'], from: '2021-01', to: '2023-12' });
 */
export async function fetchEurostatRaw(
  query: EurostatQuery,
  options: EurostatOptions = {},
  hooks: { readonly validate?: (entry: CacheEntry) => void } = {},
): Promise<CacheEntry[]> {
  const api = options.api ?? '2.1';
  const format = options.format ?? 'sdmx-csv';
  if (api !== '2.1' && api !== '3.0')
    throw new OptionsError(`fetchEurostat api is '2.1' or '3.0', got ${String(api)}`);
  if (format !== 'sdmx-csv' && format !== 'json-stat')
    throw new OptionsError(`fetchEurostat format is 'sdmx-csv' or 'json-stat', got ${String(format)}`);
  if (api === '3.0' && format === 'json-stat')
    throw new OptionsError('fetchEurostat serves JSON-stat through the SDMX 2.1 API only');
  const maxCells = options.maxCells ?? 5_000_000;
  if (!(maxCells >= 1)) throw new OptionsError(`fetchEurostat maxCells must be ≥ 1, got ${maxCells}`);
  checkCacheOptions(options);
  const base = (options.baseUrl ?? EUROSTAT_COMEXT_BASE_URL).replace(/\/+$/, '');
  const chunks = plan(resolveQuery(query), maxCells, options.dimensionSizes);
  const ctx = createCallContext('eurostat', options, { concurrency: 2 });
  const resolved = {
    api,
    format,
    asyncPollMs: options.asyncPollMs ?? 10_000,
    asyncMaxWaitMs: options.asyncMaxWaitMs ?? 1_800_000,
    maxSplitDepth: options.maxSplitDepth ?? 6,
  };
  const planned: PlannedQuery[] = chunks.map((c) => {
    const q = normalise(c, api, format);
    return {
      query: q,
      download: async () => {
        const parts = await downloadChunk(base, c, q, resolved, ctx, 0);
        const stamps = parts.map((p) => eurostatLastUpdate(p.body)).filter((s): s is string => s !== null);
        return { parts, lastUpdate: stamps[0] ?? null };
      },
      ...(hooks.validate === undefined ? {} : { validate: hooks.validate }),
    };
  });
  return retrieveAll(planned, options, ctx, options.concurrency ?? 2);
}
