// Decompression limits (issue 12, item 7): small bombs built in memory, low limits passed as options. Every reader
// stops as soon as a limit is crossed and ends in a typed error naming the query or file and the limit; the
// options are validated. Each test below fails on the main branch before this change (noted per test).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DataValidationError, OptionsError } from '../../src/errors.js';
import { loadJsonStat } from '../../src/sources/json-stat.js';
import { cacheKey, openCache } from '../../src/sources/remote/cache.js';
import { fetchEurostatRaw } from '../../src/sources/remote/eurostat.js';
import { fetchHmrc } from '../../src/sources/remote/fetch-sources.js';
import { RemoteSourceError } from '../../src/sources/remote/remote-error.js';
import { gunzip, readZip, writeZip } from '../../src/sources/remote/zip.js';
import { loadSdmxCsv } from '../../src/sources/sdmx-csv.js';
import { type ReplayServer, type Reply, startReplayServer } from '../helpers/replay-server.js';
import { fakeRuntime, fastTransport, tempDir } from './remote/support.js';

const HEADER =
  'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n';
const ROW = 'ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,EU27_2020,KG,TOTAL,2,VALUE_IN_EUROS,2021-01,1000,\n';
/** SDMX-CSV of `bytes` bytes or a little more: a header and one row repeated (it deflates about 1000×). */
const sdmxCsv = (bytes: number): string => HEADER + ROW.repeat(Math.ceil(bytes / ROW.length));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const MiB = 1024 * 1024;

describe('gunzip and readZip stop at the limits (fail on main: no limits, the bomb is inflated whole)', () => {
  const bomb = gzipSync(enc(sdmxCsv(8 * MiB)));

  test('a gzip body past maxInflateRatio (after the 1 MiB grace) ends in a maxInflateRatio error', () => {
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => gunzip(bomb)).toThrow(
      expect.objectContaining({ name: 'DecompressionLimitError', limit: 'maxInflateRatio' }),
    );
  });

  test('a gzip body past maxBodyBytes ends in a maxBodyBytes error; one inside the limits is inflated', () => {
    const limits = { maxBodyBytes: 100_000, maxInflateRatio: Infinity, maxZipEntries: 100 };
    expect(() => gunzip(bomb, limits)).toThrow(expect.objectContaining({ limit: 'maxBodyBytes' }));
    const small = enc(sdmxCsv(50_000));
    expect(gunzip(gzipSync(small), limits)).toEqual(small);
  });

  test('a ZIP entry that declares a small size but inflates past the budget is stopped while inflating', () => {
    const zip = writeZip([{ name: 'data.csv', data: enc(sdmxCsv(8 * MiB)) }]);
    // Lie in the central directory: declare 10 bytes uncompressed.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const cd = zip.length - 22 - (46 + 'data.csv'.length);
    view.setUint32(cd + 24, 10, true);
    expect(() => readZip(zip)).toThrow(expect.objectContaining({ limit: 'maxInflateRatio' }));
  });

  test('declared sizes past the budget are refused before inflating; more entries than maxZipEntries too', () => {
    const zip = writeZip([
      { name: 'a.csv', data: enc(sdmxCsv(600_000)) },
      { name: 'b.csv', data: enc(sdmxCsv(600_000)) },
      { name: 'c.csv', data: enc('x') },
    ]);
    const limits = { maxBodyBytes: 1_000_000, maxInflateRatio: Infinity, maxZipEntries: 100 };
    expect(() => readZip(zip, limits)).toThrow(/declared sizes up to b\.csv.*maxBodyBytes 1,000,000/);
    expect(() => readZip(zip, { ...limits, maxBodyBytes: Infinity, maxZipEntries: 2 })).toThrow(
      expect.objectContaining({ limit: 'maxZipEntries', message: expect.stringContaining('3 entries') }),
    );
    expect(readZip(zip, { ...limits, maxBodyBytes: Infinity, maxZipEntries: 3 })).toHaveLength(3);
  });
});

describe('options are validated (fail on main: unknown options were ignored)', () => {
  test.each([
    [{ maxBodyBytes: 0 }, /maxBodyBytes to be a number ≥ 1/],
    [{ maxBodyBytes: Number.NaN }, /maxBodyBytes/],
    [{ maxInflateRatio: 0.5 }, /maxInflateRatio to be a number ≥ 1/],
    [{ maxZipEntries: 1.5 }, /maxZipEntries to be an integer ≥ 1/],
  ])('%o is an OptionsError for the remote clients and the load* readers', async (bad, message) => {
    await expect(
      fetchEurostatRaw(
        { partners: ['KG'], from: '2021-01', to: '2021-01' },
        { ...bad, cache: false, baseUrl: 'http://127.0.0.1:9', retries: 0 },
      ),
    ).rejects.toThrow(OptionsError);
    await expect(
      fetchEurostatRaw(
        { partners: ['KG'], from: '2021-01', to: '2021-01' },
        { ...bad, cache: false, baseUrl: 'http://127.0.0.1:9', retries: 0 },
      ),
    ).rejects.toThrow(message);
    await expect(loadSdmxCsv('/nonexistent.csv', bad)).rejects.toThrow(OptionsError);
  });
});

describe('local .gz files (fail on main: read whole, no typed error)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roundabout-bomb-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a streamed .gz past maxInflateRatio is a DataValidationError naming the file and the limit', async () => {
    const path = join(dir, 'bomb.sdmx.csv.gz');
    await writeFile(path, gzipSync(enc(sdmxCsv(2 * MiB))));
    const err = await loadSdmxCsv(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err).toMatchObject({
      file: path,
      issues: [expect.objectContaining({ code: 'decompression_limit' })],
    });
    expect((err as Error).message).toContain('maxInflateRatio 100');
    // With the ratio raised, the same file is read (streamed: memory does not grow with it).
    const r = await loadSdmxCsv(path, { maxInflateRatio: Infinity });
    expect(r.rowsRead).toBe(Math.ceil((2 * MiB) / ROW.length));
  });

  test('a streamed .gz past an explicit maxBodyBytes is stopped; a file read whole (JSON) has 256 MiB by default', async () => {
    const gz = join(dir, 'rows.csv.gz');
    await writeFile(gz, gzipSync(enc(sdmxCsv(200_000))));
    await expect(loadSdmxCsv(gz, { maxBodyBytes: 100_000 })).rejects.toThrow(
      /rows\.csv\.gz: decompression limit: the gzip file exceeds maxBodyBytes 100,000 bytes/,
    );
    expect((await loadSdmxCsv(gz)).rowsRead).toBeGreaterThan(0);
    const json = join(dir, 'big.json');
    await writeFile(json, `{"id":[],"value":[],"pad":"${'x'.repeat(2000)}"}`);
    await expect(loadJsonStat(json, { maxBodyBytes: 1000 })).rejects.toMatchObject({
      name: 'DataValidationError',
      file: json,
      issues: [expect.objectContaining({ code: 'decompression_limit' })],
    });
  });
});

describe('remote faults on the 127.0.0.1 replay server (fail on main: read whole, then truncated or no error)', () => {
  let server: ReplayServer;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    server = await startReplayServer();
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  const DATA_PATH = /^\/sdmx\/2\.1\/data\/DS-045409\//;
  const query = { reporters: ['EU27_2020'], partners: ['KG'], from: '2021-01', to: '2021-01' } as const;
  const asyncReply = (status: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><ns0:asyncResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/extraction"><status><key>k-1</key><status>${status}</status></status></ns0:asyncResponse></env:Body></env:Envelope>`;
  const asyncZip = (zip: Uint8Array) => {
    server.route(DATA_PATH, { body: asyncReply('SUBMITTED') });
    server.route(/^\/1\.0\/async\/status\//, { body: asyncReply('AVAILABLE') });
    server.route(/^\/1\.0\/async\/data\//, { body: zip });
  };
  const bombGz = () => gzipSync(enc(sdmxCsv(8 * MiB)));

  /** The remote-fault case list: how the server misbehaves, and the limit the call must end on. */
  const FAULTS: readonly {
    name: string;
    setup: () => void;
    options?: Record<string, number>;
    limit: 'maxBodyBytes' | 'maxInflateRatio' | 'maxZipEntries';
    path: string;
  }[] = [
    {
      name: 'decompression bomb over gzip Content-Encoding (sync SDMX-CSV reply)',
      setup: () =>
        server.route(DATA_PATH, { body: bombGz(), headers: { 'content-encoding': 'gzip' } } as Reply),
      limit: 'maxInflateRatio',
      path: '/sdmx/2.1/data/',
    },
    {
      name: 'gzip Content-Encoding past maxBodyBytes',
      setup: () =>
        server.route(DATA_PATH, {
          body: gzipSync(enc(sdmxCsv(300_000))),
          headers: { 'content-encoding': 'gzip' },
        }),
      options: { maxBodyBytes: 200_000 },
      limit: 'maxBodyBytes',
      path: '/sdmx/2.1/data/',
    },
    {
      name: 'decompression bomb in a gzip body (compressed=true, no Content-Encoding)',
      setup: () => server.route(DATA_PATH, { body: bombGz() }),
      limit: 'maxInflateRatio',
      path: '/sdmx/2.1/data/',
    },
    {
      name: 'decompression bomb in an asynchronous extraction ZIP reply',
      setup: () => asyncZip(writeZip([{ name: 'DS-045409.csv', data: enc(sdmxCsv(8 * MiB)) }])),
      limit: 'maxInflateRatio',
      path: '/1.0/async/data/k-1',
    },
    {
      name: 'a ZIP reply with more entries than maxZipEntries',
      setup: () =>
        asyncZip(
          writeZip(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.csv`, data: enc(sdmxCsv(10)) }))),
        ),
      options: { maxZipEntries: 4 },
      limit: 'maxZipEntries',
      path: '/1.0/async/data/k-1',
    },
    {
      name: 'an uncompressed reply longer than maxBodyBytes',
      setup: () => server.route(DATA_PATH, { body: sdmxCsv(300_000) }),
      options: { maxBodyBytes: 200_000 },
      limit: 'maxBodyBytes',
      path: '/sdmx/2.1/data/',
    },
  ];

  test.each(FAULTS)(
    '$name ends in a RemoteSourceError naming the query and the limit, not retried, not cached',
    async (f) => {
      f.setup();
      const err = await fetchEurostatRaw(query, {
        baseUrl: server.url,
        cacheDir: dir,
        ...fastTransport(fakeRuntime()),
        ...f.options,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteSourceError);
      expect(err).toMatchObject({ reason: 'limit', limit: f.limit, attempts: 1 });
      expect((err as RemoteSourceError).url).toContain(f.path);
      expect((err as Error).message).toContain(f.limit);
      expect((err as Error).message).toContain(
        '(query: eurostat:DS-045409:M.EU27_2020.KG.TOTAL.2.VALUE_IN_EUROS',
      );
      expect(server.requests.filter((r) => r.url.startsWith(f.path))).toHaveLength(1);
      expect(await openCache(dir).read(cacheKey((err as RemoteSourceError).query))).toBeUndefined();
    },
  );

  test('a genuine gzip Content-Encoding reply within the limits is read (fails on main: counted as truncated)', async () => {
    const body = sdmxCsv(50_000);
    server.route(DATA_PATH, { body: gzipSync(enc(body)), headers: { 'content-encoding': 'gzip' } });
    const [entry] = await fetchEurostatRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      ...fastTransport(fakeRuntime()),
    });
    expect(new TextDecoder().decode(entry?.parts[0]?.body)).toBe(body);
  });

  test('HMRC: a JSON bomb over gzip Content-Encoding ends in a limit error too', async () => {
    const kz = { CountryId: 398, CountryCodeAlpha: 'KZ', CountryName: 'Kazakhstan' };
    server.route('/Country', { body: JSON.stringify({ value: [kz] }) });
    const rows = JSON.stringify({
      value: Array.from({ length: 100_000 }, () => ({
        MonthId: 202201,
        FlowTypeId: 4,
        CountryId: 398,
        Value: 1,
      })),
    });
    server.route('/OTS', { body: gzipSync(enc(rows)), headers: { 'content-encoding': 'gzip' } });
    const err = await fetchHmrc(
      { partners: ['KZ'], from: '2022-01', to: '2022-01' },
      { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()), maxInflateRatio: 10 },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SourceError', reason: 'limit', limit: 'maxInflateRatio' });
    expect((err as Error).message).toMatch(/\(query: hmrc:OTS/);
  });
});
