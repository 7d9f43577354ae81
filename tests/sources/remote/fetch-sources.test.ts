// Needs the parsers of src/sources (fromSdmxCsv, fromHmrcOts, …) exported from src/sources/index.ts.
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fetchEurostat, fetchHmrc, isoStamp } from '../../../src/sources/remote/fetch-sources.js';
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

describe('parsed results of the remote clients', () => {
  test('isoStamp turns Eurostat LAST UPDATE stamps into ISO', () => {
    expect(isoStamp('16/11/24 23:00:00')).toBe('2024-11-16T23:00:00');
    expect(isoStamp('2024-11-16T23:00:00+0100')).toBe('2024-11-16T23:00:00+0100');
  });

  test('fetchEurostat: EU27 exports to KG in 2021 sum to the Easy Comext figure (EUR 263,239,032)', async () => {
    server.route(/^\/sdmx\/2\.1\/data\//, {
      body: await fixture('eurostat/ds-045409-eu27-kg-kz-2021.sdmx.csv'),
    });
    const r = await fetchEurostat(
      { reporters: ['EU27_2020'], partners: ['KG', 'KZ'], from: '2021-01', to: '2021-12' },
      { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) },
    );
    const kg = r.observations.filter(
      (o) => o.partner === 'KG' && o.reporter === 'EU27_2020' && o.flow === 'export',
    );
    expect(kg).toHaveLength(12);
    expect(kg.reduce((s, o) => s + (o.value ?? 0), 0)).toBe(263_239_032);
    expect(r.rowsRead).toBe(r.rowsKept + r.rejects.length);
    expect(r.provenance[0]?.url).toContain('/sdmx/2.1/data/DS-045409/');
    expect(r.provenance[0]?.vintage).toBe('2024-11-16T23:00:00');
  });

  test('fetchHmrc: GB-reported GBP exports with HMRC country ids mapped to ISO codes', async () => {
    const pages = await Promise.all(
      [1, 2, 3].map(async (i) =>
        (await fixture(`hmrc/ots-uk-exports-2021-2023-page${i}.json`)).replaceAll('__BASE__', server.url),
      ),
    );
    server.route('/Country', { body: await fixture('hmrc/country.json') });
    server.route('/OTS', (u) => ({ body: pages[Number(u.searchParams.get('$skip') ?? 0) / 80] as string }));
    const r = await fetchHmrc(
      { partners: ['KG', 'KZ', 'AM', 'GE', 'AZ', 'UZ'], from: '2021-01', to: '2023-12' },
      { baseUrl: server.url, cacheDir: dir, ...fastTransport(fakeRuntime()) },
    );
    expect(r.rowsRead).toBe(201);
    const kz2022 = r.observations.filter((o) => o.partner === 'KZ' && o.period.startsWith('2022'));
    expect(kz2022.every((o) => o.reporter === 'GB' && o.currency === 'GBP' && o.flow === 'export')).toBe(
      true,
    );
    expect(kz2022.reduce((s, o) => s + (o.value ?? 0), 0)).toBe(322e6);
  });
});
