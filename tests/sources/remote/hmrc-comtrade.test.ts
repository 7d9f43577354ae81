import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fetchComtradeRaw } from '../../../src/sources/remote/comtrade.js';
import { fetchHmrcRaw } from '../../../src/sources/remote/hmrc.js';
import { CacheMissError, RemoteSourceError } from '../../../src/sources/remote/remote-error.js';
import { type ReplayServer, startReplayServer } from '../../helpers/replay-server.js';
import { fakeRuntime, fastTransport, tempDir } from './support.js';

const fixture = (name: string) =>
  readFile(new URL(`../../fixtures/remote/hmrc/${name}`, import.meta.url), 'utf8');

let server: ReplayServer;
let dir: string;
let cleanup: () => Promise<void>;
let pages: string[];
beforeEach(async () => {
  server = await startReplayServer();
  ({ dir, cleanup } = await tempDir());
  const base = server.url;
  pages = await Promise.all(
    [1, 2, 3].map(async (i) =>
      (await fixture(`ots-uk-exports-2021-2023-page${i}.json`)).replaceAll('__BASE__', base),
    ),
  );
  server.route('/Country', { body: await fixture('country.json') });
});
afterEach(async () => {
  await server.close();
  await cleanup();
});

const query = { partners: ['KZ', 'KG', 'AM', 'GE', 'AZ', 'UZ'], from: '2021-01', to: '2023-12' } as const;
const pageOf = (u: URL): number => Number(u.searchParams.get('$skip') ?? 0) / 80;
const otsRows = (body: Uint8Array): unknown[] =>
  (JSON.parse(new TextDecoder().decode(body)) as { value: unknown[] }).value;

describe('HMRC OTS client', () => {
  test('builds the documented $apply/$filter request and follows @odata.nextLink through every page', async () => {
    server.route('/OTS', (u) => ({ body: pages[pageOf(u)] as string }));
    const progress: number[] = [];
    const raw = await fetchHmrcRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      ...fastTransport(fakeRuntime()),
      onProgress: (p) => p.phase === 'page' && p.query.startsWith('hmrc:OTS') && progress.push(p.rows ?? -1),
    });
    const first = new URL(server.requests.find((r) => r.url.startsWith('/OTS'))?.url ?? '', server.url);
    expect(first.searchParams.get('$apply')).toBe(
      'filter((FlowTypeId eq 2 or FlowTypeId eq 4) and MonthId ge 202101 and MonthId le 202312 and (CountryId eq 31 or CountryId eq 51 or CountryId eq 268 or CountryId eq 398 or CountryId eq 417 or CountryId eq 860))/groupby((MonthId,FlowTypeId,CountryId),aggregate(Value with sum as Value,NetMass with sum as NetMass))',
    );
    expect(raw.ots.parts).toHaveLength(3);
    expect(raw.ots.parts.flatMap((p) => otsRows(p.body))).toHaveLength(201);
    expect(progress).toEqual([80, 160, 201]);
  });

  test('a failed page is resumed on the next call from the checkpoint: no page fetched twice, none lost', async () => {
    server.route('/OTS', (u) =>
      pageOf(u) === 2 ? { status: 500, body: 'boom' } : { body: pages[pageOf(u)] as string },
    );
    const o = { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()), retries: 1 };
    await expect(fetchHmrcRaw(query, o)).rejects.toMatchObject({ reason: 'http', status: 500 });
    await expect(fetchHmrcRaw(query, { ...o, offline: true })).rejects.toBeInstanceOf(CacheMissError);
    server.route('/OTS', (u) => ({ body: pages[pageOf(u)] as string }));
    const before = server.requests.length;
    const raw = await fetchHmrcRaw(query, o);
    const resumed = server.requests.slice(before).filter((r) => r.url.startsWith('/OTS'));
    expect(resumed.map((r) => pageOf(new URL(r.url, server.url)))).toEqual([2]);
    const all = raw.ots.parts.flatMap((p) => otsRows(p.body));
    expect(all).toHaveLength(201);
    expect(new Set(all.map((r) => JSON.stringify(r))).size).toBe(201);
  });

  test('a page that repeats, or a next link that loops, is a paging error, not a duplicated download', async () => {
    server.route('/OTS', (u) => ({
      body: pages[Math.min(pageOf(u), 1)]?.replace('$skip=160', '$skip=240') as string,
    }));
    const o = { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) };
    await expect(fetchHmrcRaw(query, o)).rejects.toMatchObject({ reason: 'paging' });
    server.route('/OTS', (u) => {
      const body = pages[pageOf(u) === 0 ? 0 : 1] as string;
      return { body: pageOf(u) === 0 ? body : body.replace('$skip=160', '$skip=80') };
    });
    await expect(fetchHmrcRaw(query, { ...o, refresh: true })).rejects.toMatchObject({ reason: 'paging' });
  });

  test('keeps to the rate limit: the 61st request in a minute waits for the window', async () => {
    server.route('/OTS', (u) => ({ body: pages[pageOf(u)] as string }));
    const rt = fakeRuntime(0);
    await fetchHmrcRaw(query, {
      baseUrl: server.url,
      cacheDir: dir,
      requestsPerMinute: 2,
      ...fastTransport(rt),
    });
    expect(rt.sleeps.length).toBeGreaterThanOrEqual(1);
    expect(rt.sleeps.every((ms) => ms > 0 && ms <= 60_000)).toBe(true);
  });

  test('an unknown partner is an options error naming the code', async () => {
    await expect(
      fetchHmrcRaw(
        { ...query, partners: ['ZZ'] },
        { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) },
      ),
    ).rejects.toThrow(/ZZ/);
  });
});

describe('UN Comtrade client', () => {
  const reply = (n: number) =>
    JSON.stringify({
      elapsedTime: '0.1 secs',
      count: n,
      data: Array.from({ length: n }, (_, i) => ({ i })),
      error: '',
    });

  test('sends the subscription key as a header, never in the URL, with the documented parameters', async () => {
    server.route('/data/v1/get/C/A/HS', { body: reply(3) });
    const entries = await fetchComtradeRaw(
      { reporters: ['KZ'], partners: ['RU'], flows: ['export'], from: '2021', to: '2023' },
      { baseUrl: server.url, cacheDir: dir, subscriptionKey: 'secret-key', ...fastTransport(fakeRuntime()) },
    );
    const r = server.requests[0];
    expect(r?.headers['ocp-apim-subscription-key']).toBe('secret-key');
    expect(r?.url).not.toContain('secret');
    const u = new URL(r?.url ?? '', server.url);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      reporterCode: '398',
      partnerCode: '643',
      period: '2021,2022,2023',
      flowCode: 'X',
      cmdCode: 'TOTAL',
      maxRecords: '100000',
    });
    expect(entries[0]?.parts[0]?.url).not.toContain('secret');
  });

  test('a reply with maxRecords records is re-asked in halves by period', async () => {
    server.route('/data/v1/get/C/M/HS', (u) => ({
      body: reply((u.searchParams.get('period') ?? '').split(',').length > 2 ? 5 : 2),
    }));
    const [entry] = await fetchComtradeRaw(
      { reporters: [398], from: '2022-01', to: '2022-04' },
      {
        baseUrl: server.url,
        cacheDir: dir,
        subscriptionKey: 'k',
        maxRecords: 5,
        ...fastTransport(fakeRuntime()),
      },
    );
    expect(entry?.parts).toHaveLength(2);
    expect(server.requests.map((r) => new URL(r.url, server.url).searchParams.get('period'))).toEqual([
      '202201,202202,202203,202204',
      '202201,202202',
      '202203,202204',
    ]);
  });

  test('the free tier call budget is checked before any request', async () => {
    const err = await fetchComtradeRaw(
      { reporters: ['KZ'], from: '2020-01', to: '2023-12' },
      {
        baseUrl: server.url,
        cacheDir: dir,
        subscriptionKey: 'k',
        periodsPerCall: 12,
        callsUsedToday: 498,
        ...fastTransport(fakeRuntime()),
      },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'quota' });
    expect(server.requests).toHaveLength(0);
  });
});
