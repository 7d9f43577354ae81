import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 11 (a lean core): importing `trade-roundabout` loads none of the heavy dependencies. zod is loaded on the
// first validation (src/shared/zod.ts), vega and vega-lite when a chart is drawn, DuckDB by trade-roundabout/bulk,
// arquero by trade-roundabout/arquero. No timing here (bench/import-time.ts measures it): a child process imports
// the entry and lists the packages it loaded, seen by a module-resolution hook (ES modules) and in require.cache
// (CommonJS, e.g. a lazy `require`).
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

const PROBE = `
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const hook = 'let port; export async function initialize(d) { port = d.port; } ' +
  'export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (u) => urls.push(u));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
const lib = await import(process.argv[1]);
if (process.argv[2]) await lib[process.argv[2]]();
await new Promise((r) => setTimeout(r, 100));
const all = [...urls, ...Object.keys(createRequire(import.meta.url).cache)];
const names = new Set(all.flatMap((u) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(u)?.slice(1) ?? []));
process.stdout.write(JSON.stringify([...names].sort()));
`;

/** The npm packages a fresh Node loads to import `entry` (and, if given, to call its export `call`). */
function packagesLoaded(entry: string, call?: string): Promise<string[]> {
  const file = fileURLToPath(new URL(`../../src/${entry}`, import.meta.url));
  const args = ['--import', TSX, '--input-type=module', '-e', PROBE, file, ...(call ? [call] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`probe exited ${code}: ${err}`)),
    );
  });
}

const HEAVY = [
  'zod',
  'vega',
  'vega-lite',
  '@duckdb/node-api',
  'arquero',
  'apache-arrow',
  'simple-statistics',
  'danfojs-node',
  '@clickhouse/client',
];

describe('importing the core (trade-roundabout) loads no heavy dependency', () => {
  it('loads none of zod, vega, vega-lite, DuckDB, arquero, simple-statistics, danfo.js, ClickHouse', async () => {
    const loaded = await packagesLoaded('index.ts');
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('the probe sees a lazily required package (sanity check: zod appears once a schema is used)', async () => {
    const loaded = await packagesLoaded('shared/zod.ts', 'zod');
    expect(loaded).toContain('zod');
  });
});
