/**
 * The UK leg of the roundabout analysis, fed by the HMRC Overseas Trade Statistics client.
 *
 * Runs with no internet: it starts the fault-injecting replay server on 127.0.0.1 with responses in the
 * uktradeinfo OTS layout (tests/fixtures/remote/hmrc/, whose values are ONS country totals put in OTS's shape —
 * see that folder's README), fetches UK exports to Kyrgyzstan, Kazakhstan and Armenia and to the controls
 * (Georgia, Azerbaijan, Uzbekistan) through `fetchHmrc` — paging, rate limit and cache included — builds one
 * monthly series per partner and prints 2021 against 2022 and 2023.
 *
 * Run: `npx tsx examples/uk-leg-hmrc.ts`
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchHmrc, makeSeries, periodRange, type Series } from 'trade-roundabout';
import { startReplayServer } from '../tests/helpers/replay-server.js';

const TARGETS = ['KG', 'KZ', 'AM'];
const CONTROLS = ['GE', 'AZ', 'UZ'];

const fixtures = new URL('../tests/fixtures/remote/hmrc/', import.meta.url);
const server = await startReplayServer();
const cacheDir = await mkdtemp(join(tmpdir(), 'roundabout-example-'));
try {
  const pages = await Promise.all(
    [1, 2, 3].map(async (i) =>
      (await readFile(new URL(`ots-uk-exports-2021-2023-page${i}.json`, fixtures), 'utf8')).replaceAll(
        '__BASE__',
        server.url,
      ),
    ),
  );
  server.route('/Country', { body: await readFile(new URL('country.json', fixtures), 'utf8') });
  server.route('/OTS', (url) => ({
    body: pages[Number(url.searchParams.get('$skip') ?? 0) / 80] ?? '{"value":[]}',
  }));

  const uk = await fetchHmrc(
    { partners: [...TARGETS, ...CONTROLS], flows: ['export'], from: '2021-01', to: '2023-12' },
    { baseUrl: server.url, cacheDir },
  );

  const months = periodRange('2021-01', '2023-12');
  const series = new Map<string, Series<'GBP'>>();
  for (const partner of [...TARGETS, ...CONTROLS]) {
    const byMonth = new Map<string, number>();
    for (const o of uk.observations) {
      if (o.partner !== partner || o.flow !== 'export' || o.value === null) continue;
      byMonth.set(o.period, (byMonth.get(o.period) ?? 0) + o.value);
    }
    series.set(
      partner,
      makeSeries({
        key: { reporter: 'GB', partner, flow: 'export', product: 'TOTAL' },
        currency: 'GBP',
        start: '2021-01',
        // A month without a row: ONS/HMRC printed nothing (rounds to zero or suppressed), not a known zero.
        values: months.map((m) => byMonth.get(m) ?? null),
      }),
    );
  }

  const sum = (s: Series<'GBP'>, year: string): number =>
    s.values.reduce<number>((acc, v, i) => (s.periods[i]?.startsWith(year) && v !== null ? acc + v : acc), 0);
  const m = (x: number): string => (x / 1e6).toFixed(0).padStart(6);
  console.log('UK exports of goods, GBP million (sum of monthly values; months with no figure left out)');
  console.log('partner  group      2021    2022    2023   2022/2021  2023/2021');
  for (const [partner, s] of series) {
    const [a, b, c] = ['2021', '2022', '2023'].map((y) => sum(s, y)) as [number, number, number];
    const ratio = (x: number): string => (a > 0 ? `${(x / a).toFixed(2)}x` : 'n/a').padStart(9);
    const group = TARGETS.includes(partner) ? 'target ' : 'control';
    console.log(`${partner.padEnd(8)} ${group} ${m(a)}  ${m(b)}  ${m(c)}  ${ratio(b)}  ${ratio(c)}`);
  }
  console.log(
    `${uk.observations.length} observations, ${uk.rejects.length} rejects, ${uk.provenance.length} provenance records`,
  );
} finally {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
}
