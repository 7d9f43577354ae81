import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  // Files mode: the same rows as two files (the second gzip, decompressed by the client), loaded by the engine
  // itself — into the Distributed table rb.files over both shards, or into a temporary table on shard 1.
  const lines = readFileSync(file, 'utf8').split('\n');
  const half = Math.floor(lines.length / 2);
  const partA = join(tmp, 'comext-bulk-SYNTHETIC-clickhouse-a.dat');
  const partB = join(tmp, 'comext-bulk-SYNTHETIC-clickhouse-b.dat.gz');
  writeFileSync(partA, `${lines.slice(0, half).join('\n')}\n`);
  writeFileSync(partB, gzipSync(`${[lines[0], ...lines.slice(half)].join('\n')}`));
  const engines = [
    ['table', engine],
    [
      'files into a Distributed table',
      clickhouse({ url: url!, cluster: 'rb_cluster', table: 'rb.files', files: [partA, partB] }),
    ],
    ['files into a temporary table', clickhouse({ url: url!, files: [partA, partB] })],
  ] as const;

  it('files mode spreads the rows over both shards and drops its temporary table', async () => {
    execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'reset', dir!], { stdio: 'pipe' });
    await aggregateComextBulk([], { engine: engines[1][1], flows: ['export'], groupBy: ['partner'] });
    await aggregateComextBulk([], { engine: engines[2][1], flows: ['export'], groupBy: ['partner'] });
    const { createClient } = await import('@clickhouse/client');
    const client = createClient({ url: url!, clickhouse_settings: { wait_end_of_query: 1 } });
    try {
      const q = async (query: string) =>
        (await (await client.query({ query, format: 'JSONEachRow' })).json()) as Record<string, unknown>[];
      const all = await q('SELECT count() AS n FROM rb.files');
      const total = Number(all[0]!.n);
      expect(total).toBe(readFileSync(file, 'utf8').trimEnd().split('\n').length - 1);
      const local = await q('SELECT count() AS n FROM rb.files_local');
      expect(Number(local[0]!.n)).toBeGreaterThan(0);
      expect(Number(local[0]!.n)).toBeLessThan(total);
      const left = await q("SELECT name FROM system.tables WHERE name LIKE 'roundabout_tmp_%'");
      expect(left).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('files mode escapes hostile column names from the file header', async () => {
    // An extra column whose name would end an identifier or a literal if written unescaped (CSV-quoted in the header).
    const name = "x`y'z\\w";
    const hostile = join(tmp, 'comext-bulk-SYNTHETIC-clickhouse-hostile.dat');
    writeFileSync(
      hostile,
      lines
        .filter((l) => l !== '')
        .map((l, i) => `${l},${i === 0 ? `"${name}"` : String(i % 3)}`)
        .join('\n'),
    );
    const options = {
      flows: ['export'],
      groupBy: ['partner', 'period'],
      labels: { reporter: 'EU27_2020' },
    } as const;
    const local = await aggregateComextBulk(hostile, options);
    const remote = await aggregateComextBulk([], {
      ...options,
      engine: clickhouse({ url: url!, files: [hostile] }),
    });
    expect(remote.stats.rowsScanned).toBe(local.stats.rowsScanned);
    expect(remote.stats.rowsKept).toBe(local.stats.rowsKept);
    expect(remote.stats.duplicates).toBe(local.stats.duplicates);
    expect(engineSeries(remote)).toEqual(engineSeries(local));
  });

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
    for (const [mode, engine] of engines)
      it(`gives DuckDB's series and row accounting (${mode}): ${name}`, async () => {
        // rb.files keeps what it is given: emptied before each load.
        if (engine.files !== undefined && engine.table !== undefined)
          execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'reset', dir!], { stdio: 'pipe' });
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
