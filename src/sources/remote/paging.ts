import { createHash } from 'node:crypto';
import type { CachePart, ResponseCache } from './cache.js';
import { RemoteSourceError } from './remote-error.js';
import { bodyText, type CallContext, emit, httpGet, RetryableBodyError } from './transport.js';

/** What a page says about itself: how many data rows it holds and the link to the next page, if any. */
export interface PageInfo {
  /** Data rows in the page. */
  readonly rows: number;
  /** Absolute or relative URL of the next page; `undefined` on the last page. */
  readonly next: string | undefined;
  /**
   * The key of each data row (what identifies a figure: month, flow, commodity, country, port, …), when the caller
   * asked for keys; `undefined` for a row that has none (not an object). A key seen twice ends the download.
   */
  readonly keys?: readonly (string | undefined)[];
}

/**
 * Read an OData v4 JSON page: its `value` array and its `@odata.nextLink` (OData JSON Format v4.01 §4.5.5,
 * which the uktradeinfo API follows for server-driven paging).
 *
 * @param body - the page
 * @param rowKey - the key of a row, to return `keys` (see {@link PageInfo.keys})
 * @throws {RetryableBodyError} if the body is not JSON with a `value` array (e.g. cut short)
 * @example
 * odataPageInfo(new TextEncoder().encode('{"value":[],"@odata.nextLink":"https://x/OTS?$skip=30000"}'));
 * // => { rows: 0, next: 'https://x/OTS?$skip=30000' }
 */
export function odataPageInfo(body: Uint8Array, rowKey?: (row: unknown) => string | undefined): PageInfo {
  let json: unknown;
  try {
    json = JSON.parse(bodyText(body));
  } catch (e) {
    throw new RetryableBodyError(`malformed JSON page: ${(e as Error).message}`);
  }
  const o = json as { value?: unknown; '@odata.nextLink'?: unknown };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.value))
    throw new RetryableBodyError('OData page has no "value" array');
  const next = o['@odata.nextLink'];
  return {
    rows: o.value.length,
    next: typeof next === 'string' && next !== '' ? next : undefined,
    ...(rowKey === undefined ? {} : { keys: o.value.map(rowKey) }),
  };
}

/**
 * The key of an OData row as the identity of its figure: every field except the measures (`Value`, `NetMass`,
 * `SuppUnit`), in name order, nested objects (`Country`, `Commodity` from `$expand`) included. Two rows with one
 * key are one figure sent twice (or two versions of it); either way, adding them would count it twice.
 *
 * @example
 * odataRowKey({ MonthId: 202203, FlowTypeId: 4, CountryId: 398, Value: 5 }) ===
 *   odataRowKey({ Value: 7, CountryId: 398, FlowTypeId: 4, MonthId: 202203 }); // => true
 */
export function odataRowKey(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
  const canonical = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(canonical);
    return Object.entries(v)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => [k, canonical(x)]);
  };
  const fields = Object.entries(row)
    .filter(([k]) => k !== 'Value' && k !== 'NetMass' && k !== 'SuppUnit')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, canonical(v)]);
  return JSON.stringify(fields);
}

/**
 * Download every page of a paged query, following next links, with resumption: after each page the pages
 * so far and the next link are checkpointed in the cache (never as an entry), and a later call for the same
 * query continues from the checkpoint instead of starting over — no page fetched twice, none lost.
 *
 * Guards against servers that misbehave: a next link already followed (a loop), a page identical to an
 * earlier one (a server ignoring `$skip`), or — when `pageInfo` returns row keys — a row whose key an earlier page
 * already sent (the same rows again under a new link) ends in a `paging` error rather than an endless or duplicated
 * download: nothing is ever added twice. A key repeated within one page is a `malformed` error. Each page is
 * retried per the transport options.
 *
 * @param firstUrl - the URL of the first page
 * @param query - the normalised query (for errors and progress)
 * @param key - its cache key (for the checkpoint)
 * @param cache - the cache, or `undefined` when disabled (then no resumption)
 * @param ctx - the call context
 * @param pageInfo - reads rows and next link from a page (throw {@link RetryableBodyError} on a bad page)
 * @returns the pages in order
 * @throws {RemoteSourceError} when a page cannot be fetched or paging goes wrong
 * @example
 * const pages = await downloadPages(url, query, key, cache, ctx, odataPageInfo);
 */
export async function downloadPages(
  firstUrl: string,
  query: string,
  key: string,
  cache: ResponseCache | undefined,
  ctx: CallContext,
  pageInfo: (body: Uint8Array) => PageInfo,
): Promise<CachePart[]> {
  const checkpoint = await cache?.readCheckpoint(key);
  const parts: CachePart[] = checkpoint && checkpoint.query === query ? [...checkpoint.parts] : [];
  let url: string | undefined = checkpoint && checkpoint.query === query ? checkpoint.next : firstUrl;
  const seenUrls = new Set(parts.map((p) => p.url));
  const seenBodies = new Set(parts.map((p) => digest(p.body)));
  /** Row key → where it was first seen (page and row, 1-based). */
  const seenKeys = new Map<string, { page: number; row: number }>();
  const checkKeys = (page: PageInfo, n: number, url: string): void => {
    const keys = page.keys ?? [];
    for (let r = 0; r < keys.length; r++) {
      const key = keys[r];
      if (key === undefined) continue;
      const first = seenKeys.get(key);
      if (first === undefined) {
        seenKeys.set(key, { page: n, row: r + 1 });
        continue;
      }
      const same = first.page === n;
      throw new RemoteSourceError(
        same
          ? `page ${n} holds the row key ${key} twice (rows ${first.row} and ${r + 1}): nothing is summed twice`
          : `paging: row ${r + 1} of page ${n} repeats the key ${key} of row ${first.row} of page ${first.page} ` +
              '(the server sent rows again under a new link): nothing is summed twice',
        { query, reason: same ? 'malformed' : 'paging', url },
      );
    }
  };
  let rows = 0;
  parts.forEach((p, i) => {
    const info = pageInfo(p.body);
    checkKeys(info, i + 1, p.url);
    rows += info.rows;
  });
  while (url !== undefined) {
    if (seenUrls.has(url))
      throw new RemoteSourceError(`paging loops: next link ${url} was already followed`, {
        query,
        reason: 'paging',
        url,
      });
    let info: PageInfo | undefined;
    const res = await httpGet(url, query, ctx, {
      accept: (body) => {
        info = pageInfo(body);
      },
    });
    const page = info as PageInfo;
    const d = digest(res.body);
    if (seenBodies.has(d))
      throw new RemoteSourceError(
        `paging: page ${parts.length + 1} repeats an earlier page (the server ignored the paging link)`,
        { query, reason: 'paging', url },
      );
    checkKeys(page, parts.length + 1, url);
    seenUrls.add(url);
    seenBodies.add(d);
    parts.push({
      url,
      body: res.body,
      ...(res.headers['content-type'] === undefined ? {} : { contentType: res.headers['content-type'] }),
    });
    rows += page.rows;
    const next: string | undefined = page.next === undefined ? undefined : new URL(page.next, url).toString();
    if (next !== undefined && cache) await cache.writeCheckpoint({ key, query, parts, next });
    emit(ctx, { phase: 'page', query, url, pages: parts.length, rows });
    url = next;
  }
  return parts;
}

function digest(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
