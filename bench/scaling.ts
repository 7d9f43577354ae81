// The scaling table (issue 15, item 4): the library's DuckDB path and a bare DuckDB GROUP BY at 1M, 10M and 50M
// rows, and the ClickHouse engine on a local 2-shard cluster at 1M and 10M, on SYNTHETIC Comext-layout files
// (bench/generate-comext-bulk.ts, written once to bench/out and reused). Prints a Markdown table; never a test.
//
//   npm run bench:scaling                                   # 1M, 10M, 50M (DuckDB), 1M, 10M (ClickHouse)
//   npm run bench:scaling -- --rows 1e6,10e6 --ch-rows 1e6   # smaller
//   npm run bench:scaling -- --ch-rows ''                    # no ClickHouse
//
// Every case runs in its own child process under /usr/bin/time -v: wall time is the work inside the process
// (imports excluded), CPU time is the whole process's (user + system, start-up included), peak RSS the larger of
// /usr/bin/time's and the process's own. For ClickHouse the two servers' CPU (from /proc, by PID) is reported
// beside the client's, and the wall time is the engine loading the file (files mode, through the Distributed
// table) and answering; the same question on the loaded table is reported too. The cluster is started and stopped
// here with scripts/clickhouse-cluster.sh on ports of its own (ROUNDABOUT_CH_PORT_BASE, default here 28122, so it
// does not collide with CI's cluster on 18122).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateComextBulk, syntheticFileName } from './generate-comext-bulk.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1e6,10e6,50e6' },
    'ch-rows': { type: 'string', default: '1e6,10e6' },
    out: { type: 'string', default: 'bench/out' },
    'ch-port-base': { type: 'string', default: '28122' },
    'timeout-min': { type: 'string', default: '20' },
  },
});
const sizes = (s: string) => (s === '' ? [] : s.split(',').map(Number));
const ROWS = sizes(args.rows);
const CH_ROWS = sizes(args['ch-rows']);
const OUT = args.out;
const TIMEOUT = Number(args['timeout-min']) * 60_000;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Run {
  readonly ok: boolean;
  readonly ms: number;
  readonly cpuS: number;
  readonly rssMB: number;
  readonly load: number;
  readonly result: Record<string, unknown>;
  readonly error?: string;
}

function run(cmd: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const argv = TIME === undefined ? cmd : [TIME, '-v', ...cmd];
  const load0 = loadavg()[0]!;
  return new Promise((done) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const load = (load0 + loadavg()[0]!) / 2;
      const num = (re: RegExp) => Number(re.exec(stderr)?.[1] ?? Number.NaN);
      const cpuS = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
      const timeRss = num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024;
      let result: Record<string, unknown> | undefined;
      try {
        result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
      } catch {
        result = undefined;
      }
      if (code !== 0 || result === undefined) {
        const error =
          signal === 'SIGKILL' ? 'timeout' : `exit ${code}: ${stderr.split('\n').slice(-6).join(' ')}`;
        done({ ok: false, ms: Number.NaN, cpuS, rssMB: timeRss, load, result: {}, error });
        return;
      }
      const ms = Number(result.ms);
      done({ ok: true, ms, cpuS, rssMB: Math.max(timeRss || 0, Number(result.rssMB)), load, result });
    });
  });
}

const tsx = (file: string, ...rest: string[]) => [process.execPath, '--import', 'tsx', file, ...rest];

async function fileFor(rows: number): Promise<string> {
  const path = join(OUT, syntheticFileName(rows, 1, false));
  if (existsSync(path)) return path;
  process.stderr.write(`generating ${path} (SYNTHETIC)…\n`);
  return generateComextBulk(OUT, { rows, seed: 1 });
}

interface Row {
  readonly rows: number;
  readonly engine: string;
  readonly r: Run;
  readonly bare?: Run;
  readonly serverCpuS?: number;
  readonly note?: string;
}
const table: Row[] = [];
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const rate = (rows: number, ms: number) => {
  const r = rows / (ms / 1000);
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${Math.round(r / 1e3)} k`;
};

function print(): string {
  const head =
    '| rows | engine | wall s | CPU s (client) | CPU s (servers) | peak RSS MB | rows/s | × bare DuckDB (wall) | × bare (CPU) | load avg |\n' +
    '| ---: | ------ | -----: | -------------: | --------------: | ----------: | -----: | -------------------: | -----------: | -------: |';
  const lines = table.map(({ rows, engine, r, bare, serverCpuS, note }) => {
    const label = `${rows >= 1e6 ? `${rows / 1e6}M` : rows}`;
    if (!r.ok) return `| ${label} | ${engine} | failed: ${r.error} | | | | | | | |`;
    const ratio = bare?.ok ? fmt(r.ms / bare.ms) : '—';
    const cpuRatio = bare?.ok ? fmt((r.cpuS + (serverCpuS ?? 0)) / bare.cpuS) : '—';
    return (
      `| ${label} | ${engine}${note === undefined ? '' : ` (${note})`} | ${fmt(r.ms / 1000)} | ${fmt(r.cpuS, 1)} | ` +
      `${serverCpuS === undefined ? '—' : fmt(serverCpuS, 1)} | ${Math.round(r.rssMB)} | ${rate(rows, r.ms)} | ${ratio} | ${cpuRatio} | ${fmt(r.load, 1)} |`
    );
  });
  return [head, ...lines].join('\n');
}

const bareRuns = new Map<number, Run>();
for (const rows of ROWS) {
  const file = await fileFor(rows);
  const bytes = statSync(file).size;
  process.stderr.write(`${rows} rows (${(bytes / 1e6).toFixed(0)} MB): bare DuckDB…\n`);
  const bare = await run(tsx('bench/cases/duckdb-bare.ts', file));
  bareRuns.set(rows, bare);
  table.push({ rows, engine: 'bare DuckDB GROUP BY', r: bare, bare });
  process.stderr.write(`${rows} rows: library DuckDB path…\n`);
  const lib = await run(tsx('bench/cases/library-duckdb.ts', file));
  table.push({ rows, engine: 'library, DuckDB (queryComextBulk, duplicates checked)', r: lib, bare });
  process.stderr.write(`${print()}\n`);
}

if (CH_ROWS.length > 0) {
  const haveCh = (() => {
    try {
      execFileSync('sh', ['-c', 'command -v clickhouse-server && command -v clickhouse-client'], {
        stdio: 'pipe',
      });
      return true;
    } catch {
      return false;
    }
  })();
  if (!haveCh)
    process.stderr.write('clickhouse-server/clickhouse-client not installed: ClickHouse rows skipped\n');
  else {
    const dir = resolve(OUT, 'clickhouse-scaling');
    mkdirSync(dir, { recursive: true });
    const env = { ...process.env, ROUNDABOUT_CH_PORT_BASE: args['ch-port-base'] };
    const url = execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'start', dir], {
      env,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1)!;
    try {
      for (const rows of CH_ROWS) {
        const file = await fileFor(rows);
        let bare = bareRuns.get(rows);
        if (bare === undefined) {
          bare = await run(tsx('bench/cases/duckdb-bare.ts', file));
          table.push({ rows, engine: 'bare DuckDB GROUP BY', r: bare, bare });
        }
        process.stderr.write(`${rows} rows: ClickHouse cluster (${url})…\n`);
        const ch = await run(tsx('bench/cases/library-clickhouse.ts', file, url, dir), env);
        table.push({
          rows,
          engine: 'library, ClickHouse 2 shards: load the file + query',
          r: ch.ok ? { ...ch, cpuS: Number(ch.result.clientCpuS) } : ch,
          note: 'client CPU in-process',
          bare,
          serverCpuS: Number(ch.result.serverCpuS),
        });
        if (ch.ok) {
          const q: Run = {
            ...ch,
            ms: Number(ch.result.queryMs),
            cpuS: Number(ch.result.queryClientCpuS),
          };
          table.push({
            rows,
            engine: 'library, ClickHouse 2 shards: query on the loaded table',
            r: q,
            bare,
            serverCpuS: Number(ch.result.queryServerCpuS),
            note: `client CPU in-process; servers' peak RSS ${(ch.result.serverPeakMB as number[]).map((x) => Math.round(x)).join(' + ')} MB`,
          });
        }
        process.stderr.write(`${print()}\n`);
      }
    } finally {
      execFileSync('bash', ['scripts/clickhouse-cluster.sh', 'stop', dir], { env, stdio: 'pipe' });
    }
  }
}

const text = `${print()}\n`;
process.stdout.write(text);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(OUT, `scaling-${stamp}.md`), text);
writeFileSync(join(OUT, `scaling-${stamp}.json`), `${JSON.stringify(table, null, 1)}\n`);
