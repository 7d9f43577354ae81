import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateComextBulk, chString, clickhouse } from '../../src/engine/index.js';
import { engineSeries, writeSynthetic } from './helpers.js';

// Labels that would end a literal or start an escape or a comment if written into the SQL unescaped.
const HOSTILE = [
  "it's",
  'back\\slash',
  "\\'",
  "'; DROP TABLE rb.comext; --",
  'a // b',
  'tab\there',
  'nul\0x',
  '`tick`',
];

const url = process.env.ROUNDABOUT_CLICKHOUSE_URL;
const dir = process.env.ROUNDABOUT_CLICKHOUSE_DIR;

// Only collected when ROUNDABOUT_CLICKHOUSE_URL is set (vitest.config.ts), as .ci/run does after starting the cluster.
// Runs against the 2-shard cluster of scripts/clickhouse-cluster.sh (CI starts it and sets both variables).
if (url === undefined || dir === undefined)
  throw new Error(
    'set ROUNDABOUT_CLICKHOUSE_URL and ROUNDABOUT_CLICKHOUSE_DIR (scripts/clickhouse-cluster.sh start prints them)',
  );

describe('ClickHouse engine on a 2-shard cluster', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'roundabout-clickhouse-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // A SYNTHETIC file with faults, split across the two shards by the script (odd / even lines).
  const file = writeSynthetic(tmp, 'comext-bulk-SYNTHETIC-clickhouse.dat', {
    rows: 40_000,
    seed: 5,
    products: 300,
    from: '2022-01',
    to: '2022-12',
    faultRate: 0.02,
  });
  execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'load', file, dir!], { stdio: 'pipe' });
  const engine = clickhouse({ url: url!, cluster: 'rb_cluster', table: 'rb.comext' });

  it('round-trips hostile literals through the server', async () => {
    const { createClient } = await import('@clickhouse/client');
    const client = createClient({ url: url!, clickhouse_settings: { wait_end_of_query: 1 } });
    try {
      for (const s of HOSTILE) {
        const r = await client.query({ query: `SELECT ${chString(s)} AS s`, format: 'JSONEachRow' });
        expect(((await r.json()) as { s: string }[])[0]!.s).toBe(s);
      }
    } finally {
      await client.close();
    }
  });

  for (const [name, options] of [
    [
      'exports by partner × HS6 × month',
      {
        flows: ['export'],
        groupBy: ['partner', 'product', 'period'],
        productLevel: 6,
        labels: { reporter: 'EU27_2020' },
      },
    ],
    [
      'both flows by reporter × partner × HS2',
      { groupBy: ['reporter', 'partner', 'product', 'flow', 'period'], productLevel: 2 },
    ],
    [
      'imports, duplicates summed, lower bounds',
      {
        flows: ['import'],
        groupBy: ['partner', 'period'],
        duplicates: 'sum',
        incomplete: 'lowerBound',
        labels: { reporter: 'EU27_2020' },
      },
    ],
    [
      'exports, duplicates unchecked',
      {
        flows: ['export'],
        groupBy: ['partner', 'period'],
        duplicates: 'unchecked',
        labels: { reporter: 'EU27_2020' },
      },
    ],
  ] as const) {
    it(`gives DuckDB's series and row accounting: ${name}`, async () => {
      const local = await aggregateComextBulk(file, options as never);
      const remote = await aggregateComextBulk([], { ...(options as object), engine } as never);
      expect(remote.stats.rowsScanned).toBe(local.stats.rowsScanned);
      expect(remote.stats.rowsKept).toBe(local.stats.rowsKept);
      expect(remote.stats.rejectReasons).toEqual(local.stats.rejectReasons);
      expect(remote.stats.filterReasons).toEqual(local.stats.filterReasons);
      expect(remote.stats.duplicates).toBe(local.stats.duplicates);
      expect(Object.keys(remote.series).length).toBeGreaterThan(10);
      // Keys, periods, values and statuses (sources and notes name the table instead of the file).
      expect(engineSeries(remote)).toEqual(engineSeries(local));
    });
  }
});
