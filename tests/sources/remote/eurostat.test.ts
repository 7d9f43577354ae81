import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OptionsError } from '../../../src/errors.js';
import { estimateCells, eurostatErrorText, fetchEurostatRaw } from '../../../src/sources/remote/eurostat.js';
import { CacheMissError, RemoteSourceError } from '../../../src/sources/remote/remote-error.js';
import { writeZip } from '../../../src/sources/remote/zip.js';
import { type ReplayServer, startReplayServer } from '../../helpers/replay-server.js';
import { fakeRuntime, fastTransport, tempDir } from './support.js';

const FIXTURE = new URL('../../fixtures/remote/eurostat/ds-045409-eu27-kg-kz-2021.sdmx.csv', import.meta.url);
const DATA_PATH = /^\/sdmx\/2\.1\/data\/DS-045409\//;

let server: ReplayServer;
let dir: string;
let cleanup: () => Promise<void>;
let csv: string;
beforeEach(async () => {
  server = await startReplayServer();
  ({ dir, cleanup } = await tempDir());
  csv = await readFile(FIXTURE, 'utf8');
});
afterEach(async () => {
  await server.close();
  await cleanup();
});

const query = { reporters: ['EU27_2020'], partners: ['KZ', 'KG'], from: '2021-01', to: '2021-12' } as const;
const rows = (text: string): string[] => text.trim().split('\n').slice(1);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
/** The fixture rows for some partners and months, as the server would answer a narrower query. */
const subset = (partners: string[], from: string, to: string): string =>
  `${[
    csv.split('\n')[0],
    ...rows(csv).filter((r) => {
      const f = r.split(',');
      return partners.includes(f[4] as string) && (f[8] as string) >= from && (f[8] as string) <= to;
    }),
  ].join('\n')}\n`;

const FAULT_413 = `<?xml version="1.0" encoding="UTF-8"?>
<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>413</faultcode><faultstring>EXTRACTION_TOO_BIG: The requested extraction is too big, estimated 9000000 rows, max authorised is 5000000, please change your filters to reduce the extraction size</faultstring></S:Fault>`;
const asyncReply = (status: string, key = 'f3a1c2d4-0000-4b5e-9c1a-123456789abc') =>
  `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><ns0:asyncResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/extraction"><status><key>${key}</key><status>${status}</status></status></ns0:asyncResponse></env:Body></env:Envelope>`;

describe('Eurostat query building', () => {
  test('SDMX 2.1: key freq.reporter.partner.product.flow.indicators with sorted + lists, period range, format', async () => {
    server.route(DATA_PATH, { body: csv, headers: { 'content-type': 'text/csv' } });
    await fetchEurostatRaw(
      { ...query, partners: ['KZ', 'KG'], reporters: ['GR', 'EU27_2020'] },
      { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) },
    );
    const u = new URL(server.requests[0]?.url ?? '', server.url);
    expect(u.pathname).toBe('/sdmx/2.1/data/DS-045409/M.EL+EU27_2020.KG+KZ.TOTAL.2.VALUE_IN_EUROS');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      format: 'SDMX-CSV',
      startPeriod: '2021-01',
      endPeriod: '2021-12',
    });
  });

  test('SDMX 3.0: wildcard key with c[dim] filters and a TIME_PERIOD range', async () => {
    server.route(/^\/sdmx\/3\.0\//, { body: csv });
    await fetchEurostatRaw(
      { ...query, flows: ['import', 'export'] },
      { baseUrl: server.url, cacheDir: dir, api: '3.0', ...fastTransport(fakeRuntime()) },
    );
    const u = new URL(server.requests[0]?.url ?? '', server.url);
    expect(u.pathname).toBe('/sdmx/3.0/data/dataflow/ESTAT/DS-045409/1.0/*');
    expect(u.searchParams.get('c[partner]')).toBe('KG,KZ');
    expect(u.searchParams.get('c[flow]')).toBe('1,2');
    expect(u.searchParams.get('c[TIME_PERIOD]')).toBe('ge:2021-01+le:2021-12');
    expect(u.searchParams.get('format')).toBe('csvdata');
  });

  test('estimateCells multiplies positions, using DS-045409 sizes for wildcards', () => {
    expect(estimateCells(query)).toBe(24);
    expect(
      estimateCells({ reporters: ['DE'], partners: [], products: [], from: '2021-01', to: '2023-12' }),
    ).toBe(282 * 40_321 * 36);
  });

  test('bad codes and periods are programmer errors', async () => {
    await expect(
      fetchEurostatRaw({ ...query, partners: ['K/Z'] }, { baseUrl: server.url, cacheDir: dir }),
    ).rejects.toBeInstanceOf(OptionsError);
    await expect(
      fetchEurostatRaw({ ...query, to: '2021' }, { baseUrl: server.url, cacheDir: dir }),
    ).rejects.toBeInstanceOf(OptionsError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('Eurostat size limits', () => {
  test('a query above maxCells is split before sending and the parts cover the query exactly once', async () => {
    server.route(DATA_PATH, (u) => {
      const p = u.pathname.split('/').pop()?.split('.')[2]?.split('+') ?? [];
      return {
        body: subset(p, u.searchParams.get('startPeriod') ?? '', u.searchParams.get('endPeriod') ?? ''),
      };
    });
    const progress: string[] = [];
    const entries = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      maxCells: 6,
      ...fastTransport(fakeRuntime()),
      onProgress: (p) => progress.push(p.phase),
    });
    expect(entries.length).toBe(4);
    const all = entries.flatMap((e) => e.parts.flatMap((p) => rows(text(p.body))));
    expect(all.sort()).toEqual(rows(csv).sort());
    expect(progress.filter((p) => p === 'chunk')).toHaveLength(4);
  });

  test("HTTP 413 halves the chunk, merges the halves into one entry, and surfaces Eurostat's fault text when it cannot split", async () => {
    server.route(DATA_PATH, (u) => {
      const p = u.pathname.split('/').pop()?.split('.')[2]?.split('+') ?? [];
      if (p.length > 1) return { status: 413, body: FAULT_413, headers: { 'content-type': 'text/xml' } };
      return {
        body: subset(p, u.searchParams.get('startPeriod') ?? '', u.searchParams.get('endPeriod') ?? ''),
      };
    });
    const [entry] = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      ...fastTransport(fakeRuntime()),
    });
    expect(entry?.parts.length).toBeGreaterThan(1);
    expect(server.requests.filter((r) => r.url.includes('KG+KZ')).length).toBeGreaterThan(0);
    expect(entry?.parts.flatMap((p) => rows(text(p.body))).sort()).toEqual(rows(csv).sort());

    server.route(DATA_PATH, { status: 413, body: FAULT_413 });
    const err = await fetchEurostatRaw(
      { ...query, partners: ['KG'], from: '2021-01', to: '2021-01' },
      {
        baseUrl: server.url,
        cacheDir: dir,
        ...fastTransport(fakeRuntime()),
      },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'too-big', status: 413 });
    expect(err.message).toContain('EXTRACTION_TOO_BIG');
    expect(err.query).toContain('M.EU27_2020.KG.TOTAL.2.VALUE_IN_EUROS');
  });

  test('eurostatErrorText reads SOAP faults and JSON error labels', () => {
    expect(eurostatErrorText(FAULT_413)).toMatch(/^EXTRACTION_TOO_BIG: The requested extraction is too big/);
    expect(eurostatErrorText('{"error":[{"status":400,"id":140,"label":"Syntax error"}]}')).toBe(
      'Syntax error',
    );
  });

  test('a 400 with a fault body ends in an http error carrying the fault text', async () => {
    server.route(DATA_PATH, {
      status: 400,
      body: '<S:Fault><faultcode>140</faultcode><faultstring>Syntax error: unknown dimension value XX</faultstring></S:Fault>',
    });
    const err = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      ...fastTransport(fakeRuntime()),
    }).catch((e) => e);
    expect(err).toMatchObject({
      reason: 'http',
      status: 400,
      body: 'Syntax error: unknown dimension value XX',
    });
  });
});

describe('Eurostat asynchronous extractions', () => {
  test('SUBMITTED → PROCESSING → AVAILABLE, then a truncated ZIP is re-fetched and the whole file is stored', async () => {
    const zip = writeZip([{ name: 'DS-045409.csv', data: new TextEncoder().encode(csv) }]);
    server.route(DATA_PATH, { body: asyncReply('SUBMITTED'), headers: { 'content-type': 'text/xml' } });
    server.route(/^\/1\.0\/async\/status\//, [
      { body: asyncReply('PROCESSING') },
      { body: asyncReply('AVAILABLE') },
    ]);
    server.route(/^\/1\.0\/async\/data\//, [{ body: zip.subarray(0, zip.length - 30) }, { body: zip }]);
    const rt = fakeRuntime();
    const [entry] = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      asyncPollMs: 5_000,
      ...fastTransport(rt),
    });
    expect(text(entry?.parts[0]?.body ?? new Uint8Array())).toBe(csv);
    expect(entry?.lastUpdate).toBe('16/11/24 23:00:00');
    expect(server.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/sdmx/2.1/data/DS-045409/M.EU27_2020.KG+KZ.TOTAL.2.VALUE_IN_EUROS',
      '/1.0/async/status/f3a1c2d4-0000-4b5e-9c1a-123456789abc',
      '/1.0/async/status/f3a1c2d4-0000-4b5e-9c1a-123456789abc',
      '/1.0/async/data/f3a1c2d4-0000-4b5e-9c1a-123456789abc',
      '/1.0/async/data/f3a1c2d4-0000-4b5e-9c1a-123456789abc',
    ]);
    expect(rt.sleeps.slice(0, 2)).toEqual([5_000, 5_000]);
  });

  test('an EXPIRED extraction, or one never ready within asyncMaxWaitMs, is a typed async error and caches nothing', async () => {
    server.route(DATA_PATH, { body: asyncReply('SUBMITTED') });
    server.route(/^\/1\.0\/async\/status\//, { body: asyncReply('EXPIRED') });
    const o = { baseUrl: server.url, cacheDir: dir, asyncPollMs: 1_000, ...fastTransport(fakeRuntime()) };
    await expect(fetchEurostatRaw(query, o)).rejects.toMatchObject({ reason: 'async', body: 'EXPIRED' });
    server.route(/^\/1\.0\/async\/status\//, { body: asyncReply('PROCESSING') });
    await expect(fetchEurostatRaw(query, { ...o, asyncMaxWaitMs: 10_000 })).rejects.toMatchObject({
      reason: 'async',
    });
    await expect(fetchEurostatRaw(query, { ...o, offline: true })).rejects.toBeInstanceOf(CacheMissError);
  });
});

describe('Eurostat cache, vintages and offline mode', () => {
  test('a second call within maxAgeMs is served from the cache; offline lists every missing chunk key', async () => {
    server.route(DATA_PATH, { body: csv });
    const rt = fakeRuntime();
    const o = { baseUrl: server.url, cacheDir: dir, ...fastTransport(rt) };
    const first = await fetchEurostatRaw(query, o);
    const again = await fetchEurostatRaw(query, o);
    expect(server.requests).toHaveLength(1);
    expect(again[0]?.retrieved).toBe(first[0]?.retrieved);
    const offline = await fetchEurostatRaw(query, { ...o, offline: true });
    expect(text(offline[0]?.parts[0]?.body ?? new Uint8Array())).toBe(csv);

    const err = await fetchEurostatRaw(
      { ...query, partners: ['AM', 'KG', 'KZ'] },
      { ...o, offline: true, maxCells: 12 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(CacheMissError);
    expect(err.missing.length).toBeGreaterThanOrEqual(2);
    for (const m of err.missing) expect(m.key).toMatch(/^[0-9a-f]{64}$/);
    expect(err.message).toContain(err.missing[0].key);
    expect(server.requests).toHaveLength(1);
  });

  test('asOf reproduces an earlier vintage after the data were revised', async () => {
    const rt = fakeRuntime(Date.parse('2024-01-10T08:00:00Z'));
    const o = { baseUrl: server.url, cacheDir: dir, ...fastTransport(rt) };
    server.route(DATA_PATH, { body: csv });
    await fetchEurostatRaw(query, o);
    rt.clock = Date.parse('2024-03-05T08:00:00Z');
    const revised = csv.replace('18119813', '18200000');
    server.route(DATA_PATH, { body: revised });
    const [now] = await fetchEurostatRaw(query, o);
    expect(text(now?.parts[0]?.body ?? new Uint8Array())).toContain('18200000');
    const [then] = await fetchEurostatRaw(query, { ...o, asOf: '2024-02-01' });
    expect(text(then?.parts[0]?.body ?? new Uint8Array())).toContain('18119813');
    await expect(fetchEurostatRaw(query, { ...o, asOf: '2023-12-31' })).rejects.toBeInstanceOf(
      CacheMissError,
    );
  });

  test('a fault that outlasts the retries leaves no cache entry behind', async () => {
    server.route(DATA_PATH, { status: 503, body: 'down' });
    const o = { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()), retries: 1 };
    await expect(fetchEurostatRaw(query, o)).rejects.toMatchObject({ reason: 'http', status: 503 });
    await expect(fetchEurostatRaw(query, { ...o, offline: true })).rejects.toBeInstanceOf(CacheMissError);
  });

  test('a CSV cut inside a row is retried, never stored', async () => {
    server.route(DATA_PATH, [{ body: csv.slice(0, csv.length - 20) }, { body: csv }]);
    const [entry] = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      ...fastTransport(fakeRuntime()),
    });
    expect(text(entry?.parts[0]?.body ?? new Uint8Array())).toBe(csv);
    expect(server.requests).toHaveLength(2);
  });
});
