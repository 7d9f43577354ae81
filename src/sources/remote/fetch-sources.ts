import type { LoadResult } from '../../model/load-result.js';
import { fromComtrade, fromHmrcOts, fromJsonStat, fromSdmxCsv } from '../index.js';
import { asObject, parseJson } from '../internal/json.js';
import type { CacheEntry, CachePart } from './cache.js';
import { type ComtradeFetchOptions, type ComtradeQuery, fetchComtradeRaw } from './comtrade.js';
import { type EurostatOptions, type EurostatQuery, fetchEurostatRaw } from './eurostat.js';
import { fetchHmrcRaw, type HmrcOptions, type HmrcQuery, hmrcCountries } from './hmrc.js';
import { mergeLoadResults } from './retrieve.js';
import { bodyText } from './transport.js';

/**
 * Turn a publisher's last-update stamp into an ISO date-time where its form is known: Eurostat SDMX-CSV
 * prints `DD/MM/YY HH:MM:SS` (`13/01/23 23:00:00`); JSON-stat's `updated` is already ISO. Unknown forms are
 * kept as printed.
 *
 * @example
 * isoStamp('13/01/23 23:00:00'); // => '2023-01-13T23:00:00'
 */
export function isoStamp(stamp: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(stamp.trim());
  return m ? `20${m[3]}-${m[2]}-${m[1]}T${m[4]}` : stamp;
}

/** The parser options for one raw part: an input label, a provenance id and what the remote layer knows. */
function partOptions(entry: CacheEntry, part: CachePart, index: number) {
  const label = `${entry.source}:${entry.key.slice(0, 12)}:${index + 1}`;
  return {
    file: label,
    source: label,
    provenance: {
      url: part.url,
      retrieved: entry.retrieved,
      ...(entry.lastUpdate === null ? {} : { vintage: isoStamp(entry.lastUpdate) }),
    },
  };
}

/**
 * Fetch Eurostat Comext data (DS-045409 or DS-059341) and parse it with `fromSdmxCsv` / `fromJsonStat`, so the
 * result is the same `{ observations, rejects, provenance }` the file loaders return. Values in EUR (base
 * units); Eurostat's `:` (not available) and confidential flags become `null` values with their status, never
 * numbers.
 *
 * See {@link fetchEurostatRaw} for splitting, the asynchronous path, errors and the cache.
 *
 * @param query - reporters, partners, products, flows, indicators and the period range
 * @param options - transport, cache and API options (`baseUrl`, `api`, `format`, `timeoutMs`, `offline`, `asOf`, …)
 * @returns the parsed observations, every rejected row, and one provenance record per raw response
 * @throws {OptionsError} on a bad query
 * @throws {RemoteSourceError} on a failed download; {@link CacheMissError} offline when the cache lacks data
 * @throws {RemoteSourceError} reason `malformed` when a complete response does not parse: it is kept in the cache's
 *   quarantine and never stored as a vintage, so a later call asks again
 * @throws {DataValidationError} offline, when a cached response does not parse
 * @example
 * const eu = await fetchEurostat({ reporters: ['EU27_2020'], partners: ['KG', 'KZ', 'AM'], from: '2019-01', to: '2023-12' });
 */
export async function fetchEurostat(
  query: EurostatQuery,
  options: EurostatOptions = {},
): Promise<LoadResult> {
  const parse = memoParse((entry: CacheEntry) =>
    entry.parts.map((part, i) => {
      const text = bodyText(part.body);
      const base = partOptions(entry, part, i);
      const o = { ...base, provenance: { ...base.provenance, dataset: query.dataset ?? 'DS-045409' } };
      return text.trimStart().startsWith('{') ? fromJsonStat(text, o) : fromSdmxCsv(text, o);
    }),
  );
  const entries = await fetchEurostatRaw(query, options, { validate: parse.validate });
  return mergeLoadResults(entries.flatMap(parse.results));
}

/**
 * A parser of entries whose results are kept for the entries it validated, so a fresh download (parsed before it is
 * stored, to keep a reply that does not parse out of the cache) is not parsed twice.
 */
function memoParse(parse: (entry: CacheEntry) => LoadResult[]) {
  const done = new WeakMap<CacheEntry, LoadResult[]>();
  return {
    validate: (entry: CacheEntry): void => {
      done.set(entry, parse(entry));
    },
    results: (entry: CacheEntry): LoadResult[] => done.get(entry) ?? parse(entry),
  };
}

/**
 * The OTS pages of an entry parsed with `fromHmrcOts`, each row given its `Country` from HMRC's lookup. A row that
 * is not an object passes through untouched, for the parser to reject with its reason.
 */
function parseOts(ots: CacheEntry, countries: CacheEntry): LoadResult[] {
  const byId = new Map(hmrcCountries(countries).map((c) => [c.CountryId, c]));
  return ots.parts.map((part, i) => {
    const page = asObject(parseJson(bodyText(part.body), partOptions(ots, part, i).file));
    const rows = page?.value;
    const value = Array.isArray(rows)
      ? rows.map((item: unknown) => {
          const row = asObject(item);
          const c =
            row !== undefined && typeof row.CountryId === 'number' ? byId.get(row.CountryId) : undefined;
          return c && row !== undefined && row.Country === undefined
            ? { ...row, Country: { CountryId: c.CountryId, CountryCodeAlpha: c.CountryCodeAlpha } }
            : item;
        })
      : rows;
    return fromHmrcOts(
      JSON.stringify(page === undefined ? page : { ...page, value }),
      partOptions(ots, part, i),
    );
  });
}

/**
 * Fetch HMRC Overseas Trade Statistics for the UK and parse them with `fromHmrcOts`: reporter `GB`, values in
 * GBP (base units), HMRC's numeric `CountryId` mapped to ISO alpha-2 through HMRC's own country lookup (each
 * row gets `Country: { CountryId, CountryCodeAlpha }` before parsing).
 *
 * See {@link fetchHmrcRaw} for paging, resumption, the rate limit and the cache.
 *
 * @param query - partners, flows, products and the month range
 * @param options - transport, cache and rate options
 * @returns the parsed observations, rejects and provenance (one record per page)
 * @throws {OptionsError} on a bad query or a partner HMRC does not know
 * @throws {RemoteSourceError} on a failed download; {@link CacheMissError} offline when the cache lacks data
 * @throws {RemoteSourceError} reason `malformed` when the complete pages do not parse (quarantined, never a
 *   vintage); `paging` when a page repeats rows of an earlier page under a new link (nothing is summed twice)
 * @throws {DataValidationError} offline, when cached pages do not parse
 * @example
 * const uk = await fetchHmrc({ partners: ['KG', 'KZ', 'AM'], from: '2021-01', to: '2023-12' });
 */
export async function fetchHmrc(query: HmrcQuery, options: HmrcOptions = {}): Promise<LoadResult> {
  const done = new WeakMap<CacheEntry, LoadResult[]>();
  const raw = await fetchHmrcRaw(query, options, {
    validate: (ots, countries) => {
      done.set(ots, parseOts(ots, countries));
    },
  });
  return mergeLoadResults(done.get(raw.ots) ?? parseOts(raw.ots, raw.countries));
}

/**
 * Fetch UN Comtrade final data and parse them with `fromComtrade`: values in USD (base units), M49 codes
 * mapped to ISO alpha-2, the HS edition (H4/H5/H6 → HS2012/HS2017/HS2022) kept on each product.
 *
 * See {@link fetchComtradeRaw} for the subscription key, free-tier limits and the cache.
 *
 * @param query - reporters, partners, products, flows and the period range
 * @param options - `subscriptionKey`, transport, cache and limit options
 * @returns the parsed observations, rejects and provenance (one record per call)
 * @throws {OptionsError} on a bad query or a missing key when the network is needed
 * @throws {RemoteSourceError} on a failed download (`quota` past the day's calls); {@link CacheMissError} offline
 * @throws {RemoteSourceError} reason `malformed` when a complete reply does not parse (quarantined, never a vintage)
 * @throws {DataValidationError} offline, when a cached reply does not parse
 * @example
 * const kz = await fetchComtrade({ reporters: ['KZ'], partners: ['RU'], from: '2021', to: '2023' }, { subscriptionKey: key });
 */
export async function fetchComtrade(
  query: ComtradeQuery,
  options: ComtradeFetchOptions = {},
): Promise<LoadResult> {
  const parse = memoParse((entry: CacheEntry) =>
    entry.parts.map((part, i) => fromComtrade(bodyText(part.body), partOptions(entry, part, i))),
  );
  const entries = await fetchComtradeRaw(query, options, { validate: parse.validate });
  return mergeLoadResults(entries.flatMap(parse.results));
}
