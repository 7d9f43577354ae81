import type { LoadResult } from '../../model/load-result.js';
import { fromComtrade, fromHmrcOts, fromJsonStat, fromSdmxCsv } from '../index.js';
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
 * @throws {DataValidationError} when a response is not the documented format
 * @example
 * const eu = await fetchEurostat({ reporters: ['EU27_2020'], partners: ['KG', 'KZ', 'AM'], from: '2019-01', to: '2023-12' });
 */
export async function fetchEurostat(
  query: EurostatQuery,
  options: EurostatOptions = {},
): Promise<LoadResult> {
  const entries = await fetchEurostatRaw(query, options);
  return mergeLoadResults(
    entries.flatMap((entry) =>
      entry.parts.map((part, i) => {
        const text = bodyText(part.body);
        const base = partOptions(entry, part, i);
        const o = { ...base, provenance: { ...base.provenance, dataset: query.dataset ?? 'DS-045409' } };
        return text.trimStart().startsWith('{') ? fromJsonStat(text, o) : fromSdmxCsv(text, o);
      }),
    ),
  );
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
 * @throws {DataValidationError} when a page is not the documented format
 * @example
 * const uk = await fetchHmrc({ partners: ['KG', 'KZ', 'AM'], from: '2021-01', to: '2023-12' });
 */
export async function fetchHmrc(query: HmrcQuery, options: HmrcOptions = {}): Promise<LoadResult> {
  const raw = await fetchHmrcRaw(query, options);
  const byId = new Map(hmrcCountries(raw.countries).map((c) => [c.CountryId, c]));
  return mergeLoadResults(
    raw.ots.parts.map((part, i) => {
      const page = JSON.parse(bodyText(part.body)) as { value: Record<string, unknown>[] };
      const value = page.value.map((row) => {
        const c = typeof row.CountryId === 'number' ? byId.get(row.CountryId) : undefined;
        return c && row.Country === undefined
          ? { ...row, Country: { CountryId: c.CountryId, CountryCodeAlpha: c.CountryCodeAlpha } }
          : row;
      });
      return fromHmrcOts(JSON.stringify({ ...page, value }), partOptions(raw.ots, part, i));
    }),
  );
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
 * @throws {DataValidationError} when a reply is not the documented format
 * @example
 * const kz = await fetchComtrade({ reporters: ['KZ'], partners: ['RU'], from: '2021', to: '2023' }, { subscriptionKey: key });
 */
export async function fetchComtrade(
  query: ComtradeQuery,
  options: ComtradeFetchOptions = {},
): Promise<LoadResult> {
  const entries = await fetchComtradeRaw(query, options);
  return mergeLoadResults(
    entries.flatMap((entry) =>
      entry.parts.map((part, i) => fromComtrade(bodyText(part.body), partOptions(entry, part, i))),
    ),
  );
}
