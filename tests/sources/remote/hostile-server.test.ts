// Hostile servers (issue 12) on the 127.0.0.1 replay server: repeated keys under new links, null rows, complete
// 200 replies that do not parse, prototype-named ids. Every call ends in a result with exact accounting or a typed
// error; nothing is summed twice; a reply that does not parse never becomes a cached vintage.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cacheKey, openCache } from '../../../src/sources/remote/cache.js';
import { fetchEurostat, fetchHmrc } from '../../../src/sources/remote/fetch-sources.js';
import { RemoteSourceError } from '../../../src/sources/remote/remote-error.js';
import { type ReplayServer, startReplayServer } from '../../helpers/replay-server.js';
import { fakeRuntime, fastTransport, tempDir } from './support.js';

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

const fixture = (p: string) => readFile(new URL(`../../fixtures/remote/${p}`, import.meta.url), 'utf8');
const options = () => ({ baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) });
const otsRequests = () => server.requests.filter((r) => r.url.startsWith('/OTS')).length;

/** Files under a folder of the cache (recursively), or [] when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  try {
    return (await readdir(join(dir, folder), { recursive: true })).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

const HMRC_QUERY = { partners: ['KZ'], from: '2022-01', to: '2022-02' } as const;
const KZ = { CountryId: 398, CountryCodeAlpha: 'KZ', CountryName: 'Kazakhstan' };
const rowsJan = [{ MonthId: 202201, FlowTypeId: 4, CountryId: 398, Value: 11000000, NetMass: null }];
const rowsFeb = [{ MonthId: 202202, FlowTypeId: 4, CountryId: 398, Value: 12000000, NetMass: null }];

describe('HMRC pages from a hostile server', () => {
  beforeEach(() => server.route('/Country', { body: JSON.stringify({ value: [KZ] }) }));

  test('the same rows sent again under new next links are a paging error, never added (6 observations for 2 keys)', async () => {
    // Every page differs in its bytes (its next link), so only the row keys show the repetition.
    server.route('/OTS', (u) => {
      const skip = Number(u.searchParams.get('$skip') ?? 0);
      const next = skip < 4 ? `${server.url}/OTS?$skip=${skip + 2}` : undefined;
      return {
        body: JSON.stringify({
          value: [...rowsJan, ...rowsFeb],
          ...(next ? { '@odata.nextLink': next } : {}),
        }),
      };
    });
    const err = await fetchHmrc(HMRC_QUERY, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'paging' });
    expect((err as Error).message).toContain('row 1 of page 2 repeats the key');
    // Nothing was stored: a later call does not serve the tripled rows from the cache either.
    expect(
      await openCache(dir).vintages(
        cacheKey('hmrc:OTS:flow=2,4:month=202201..202202:partner=KZ:product=TOTAL'),
      ),
    ).toEqual([]);
  });

  test('pages whose rows are distinct are kept (anchor of the test above)', async () => {
    server.route('/OTS', (u) => {
      const second = u.searchParams.get('$skip') === '1';
      return {
        body: JSON.stringify(
          second ? { value: rowsFeb } : { value: rowsJan, '@odata.nextLink': `${server.url}/OTS?$skip=1` },
        ),
      };
    });
    const r = await fetchHmrc(HMRC_QUERY, options());
    expect(r.observations.map((o) => [o.period, o.value])).toEqual([
      ['2022-01', 11e6],
      ['2022-02', 12e6],
    ]);
  });

  test('null, number and array rows are rejects with a reason, and the offline replay gives the same result', async () => {
    server.route('/OTS', { body: JSON.stringify({ value: [null, ...rowsJan, 7, [1, 2], ...rowsFeb] }) });
    const r = await fetchHmrc(HMRC_QUERY, options());
    expect(r.rowsRead).toBe(5);
    expect(r.rowsKept).toBe(2);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [1, 'row is not an object'],
      [3, 'row is not an object'],
      [4, 'row is not an object'],
    ]);
    const again = await fetchHmrc(HMRC_QUERY, { ...options(), offline: true });
    expect(again.observations).toEqual(r.observations);
    expect(again.rejects).toEqual(r.rejects);
  });
});

describe('Eurostat replies that are complete but do not parse', () => {
  const QUERY = { reporters: ['EU27_2020'], partners: ['KG'], from: '2021-01', to: '2021-12' } as const;
  // The columns the transport checks for (TIME_PERIOD, OBS_VALUE) are there; the partner column the parser needs
  // is not.
  const NO_PARTNER =
    'DATAFLOW,LAST UPDATE,freq,reporter,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n' +
    'ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,EU27_2020,TOTAL,2,VALUE_IN_EUROS,2021-01,18119813,\n';

  test('is quarantined, not stored as a vintage, and the next call asks the server again', async () => {
    server.route(/^\/sdmx\/2\.1\/data\//, { body: NO_PARTNER });
    const err = await fetchEurostat(QUERY, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteSourceError);
    expect(err).toMatchObject({ reason: 'malformed' });
    expect((err as Error).message).toContain('missing column PARTNER');
    expect(await filesUnder('entries')).toEqual([]);
    const quarantined = await filesUnder('quarantine');
    expect(quarantined).toHaveLength(1);
    const kept = JSON.parse(await readFile(join(dir, 'quarantine', quarantined[0]!), 'utf8')) as {
      parts: { data: string }[];
    };
    expect(Buffer.from(kept.parts[0]!.data, 'base64').toString('utf8')).toBe(NO_PARTNER);
    // The server now answers properly: the call goes to the network (no poisoned vintage) and succeeds.
    server.route(/^\/sdmx\/2\.1\/data\//, {
      body: await fixture('eurostat/ds-045409-eu27-kg-kz-2021.sdmx.csv'),
    });
    const before = server.requests.length;
    const r = await fetchEurostat(QUERY, options());
    expect(server.requests.length).toBe(before + 1);
    expect(r.rowsKept).toBeGreaterThan(0);
    expect(await filesUnder('entries')).toHaveLength(1);
  });

  test('a JSON-stat reply with prototype-named dimension and category ids loads (and is cached)', async () => {
    const body = `{"version":"2.0","class":"dataset","id":["freq","reporter","partner","product","flow","indicators","time","__proto__"],
      "size":[1,1,1,1,1,1,1,1],"dimension":{"freq":{"category":{"index":{"M":0}}},
      "reporter":{"category":{"index":{"EU27_2020":0}}},"partner":{"category":{"index":{"KG":0}}},
      "product":{"category":{"index":{"TOTAL":0}}},"flow":{"category":{"index":{"2":0}}},
      "indicators":{"category":{"index":{"VALUE_IN_EUROS":0}}},"time":{"category":{"index":{"2021-01":0}}},
      "__proto__":{"category":{"index":{"constructor":0},"label":{"constructor":"toString"}}}},
      "value":{"0":18119813},"updated":"2024-11-16T23:00:00+0100"}`;
    server.route(/^\/sdmx\/2\.1\/data\//, { body });
    const r = await fetchEurostat({ ...QUERY, to: '2021-01' }, { ...options(), format: 'json-stat' });
    expect(r.observations.map((o) => [o.partner, o.period, o.value])).toEqual([['KG', '2021-01', 18119813]]);
    expect(await filesUnder('entries')).toHaveLength(1);
  });
});

test('the HMRC fixtures still load through the hardened path (anchor)', async () => {
  const pages = await Promise.all(
    [1, 2, 3].map(async (i) =>
      (await fixture(`hmrc/ots-uk-exports-2021-2023-page${i}.json`)).replaceAll('__BASE__', server.url),
    ),
  );
  server.route('/Country', { body: await fixture('hmrc/country.json') });
  server.route('/OTS', (u) => ({ body: pages[Number(u.searchParams.get('$skip') ?? 0) / 80] as string }));
  const r = await fetchHmrc(
    { partners: ['KG', 'KZ', 'AM', 'GE', 'AZ', 'UZ'], from: '2021-01', to: '2023-12' },
    options(),
  );
  expect(r.rowsRead).toBe(201);
  expect(otsRequests()).toBe(3);
});
