// Benchmarks of the scale path and the screen. Prints a table; never part of the tests.
//
//   npm run bench                                  # 1M and 10M rows (all four engines), screen of 10k and 100k series
//   npm run bench -- --rows 50e6                   # opt-in: 50M rows, DuckDB path and DuckDB alone, + roundabout series
//   npm run bench -- --rows 1e6 --reps 3 --screen 1000,10000,100000
//   npm run bench -- --only duckdb,alone --rows 1e6
//   npm run bench -- --only duckdb,bare,pandas --rows 5e6 --reps 3 --screen ''   # the library against a bare GROUP BY
//   npm run bench -- --only duckdb,bare,pandas --lean --rows 5e6 --reps 3 --screen ''   # default, unchecked, bare, pandas
//   npm run bench -- --baselines                   # also run bench/baselines.ts (the baselines' own benchmark)
//
// Data: SYNTHETIC files in the exact Comext bulk layout (bench/generate-comext-bulk.ts), written to bench/out
// (git-ignored) once per size and reused. Question everywhere: EU exports by partner × HS6 × month.
// Each engine runs in its own child process (so peak RSS is its own), under /usr/bin/time -v when present; the time
// is the work itself (read + aggregate), measured inside the process — start-up and imports excluded for all four.
import { spawn } from 'node:child_process';
import { existsSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateComextBulk, syntheticFileName } from './generate-comext-bulk.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1e6,10e6' },
    screen: { type: 'string', default: '10000,100000' },
    only: { type: 'string' },
    reps: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/out' },
    seed: { type: 'string', default: '1' },
    roundabout: { type: 'boolean', default: false },
    baselines: { type: 'boolean', default: false },
    lean: { type: 'boolean', default: false },
  },
});

const ROWS = args.rows === '' ? [] : args.rows.split(',').map(Number);
const SCREEN = args.screen === '' ? [] : args.screen.split(',').map(Number);
const REPS = Math.max(1, Number(args.reps));
const OUT = args.out;
const SEED = Number(args.seed);
const ONLY = args.only?.split(',');
const want = (c: string) => ONLY === undefined || ONLY.includes(c);
/** Above this size pandas and the pure-JS loader are skipped: they hold every row in memory. */
const BIG = 20e6;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Measured {
  readonly ok: boolean;
  readonly ms: number;
  readonly rssMB: number;
  /** CPU time (user + system) of the whole process from /usr/bin/time, s (start-up included; NaN without it). */
  readonly cpuS?: number;
  readonly cells?: number;
  readonly error?: string;
  /** 1-minute load average of the machine, mean of its values when the run started and ended. */
  readonly load?: number;
  readonly extra: Record<string, unknown>;
}

function run(cmd: string[], timeoutMs: number): Promise<Measured> {
  const argv = TIME === undefined ? cmd : [TIME, '-v', ...cmd];
  const load0 = loadavg()[0]!;
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const rssKB = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(last) as Record<string, unknown>;
      } catch {
        parsed = undefined;
      }
      const timeRss = rssKB === undefined ? 0 : Number(rssKB) / 1024;
      const load = (load0 + loadavg()[0]!) / 2;
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const cpuS = user === undefined || sys === undefined ? Number.NaN : Number(user) + Number(sys);
      if (code !== 0 || parsed === undefined) {
        const why =
          signal === 'SIGKILL'
            ? 'timeout'
            : /heap out of memory|Killed/i.test(stderr)
              ? 'out of memory'
              : `exit ${code}`;
        resolve({ ok: false, ms: Number.NaN, rssMB: timeRss, error: why, load, extra: {} });
        return;
      }
      const { ms, rssMB, cells, ...extra } = parsed as { ms: number; rssMB: number; cells?: number };
      resolve({
        ok: true,
        ms,
        rssMB: Math.max(rssMB, timeRss),
        cpuS,
        load,
        ...(cells === undefined ? {} : { cells }),
        extra,
      });
    });
  });
}

const tsx = (file: string, ...rest: string[]) => [process.execPath, '--import', 'tsx', file, ...rest];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Median time and maximum RSS over repeated runs (the first failure, if any run failed). */
function summarise(runs: readonly Measured[]): Measured {
  const failed = runs.find((m) => !m.ok);
  if (failed !== undefined || runs.length === 0)
    return failed ?? { ok: false, ms: Number.NaN, rssMB: 0, extra: {} };
  return {
    ok: true,
    ms: median(runs.map((r) => r.ms)),
    rssMB: Math.max(...runs.map((r) => r.rssMB)),
    cpuS: median(runs.map((r) => r.cpuS ?? Number.NaN)),
    load: median(runs.map((r) => r.load ?? Number.NaN)),
    ...(runs[0]!.cells === undefined ? {} : { cells: runs[0]!.cells }),
    extra: { ...runs[0]!.extra, runsMs: runs.map((r) => Math.round(r.ms)) },
  };
}

async function measure(cmd: string[], timeoutMs: number): Promise<Measured> {
  const runs: Measured[] = [];
  for (let r = 0; r < REPS; r++) {
    const m = await run(cmd, timeoutMs);
    runs.push(m);
    if (!m.ok) break;
  }
  return summarise(runs);
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const big = (x: number) =>
  !Number.isFinite(x)
    ? '—'
    : x >= 1e6
      ? `${(x / 1e6).toFixed(2)} M`
      : x >= 1e3
        ? `${(x / 1e3).toFixed(0)} k`
        : x.toFixed(0);

const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

const results: Record<string, unknown>[] = [];
say(
  `Machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; ` +
    `node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z; reps ${REPS} (median time, max RSS)`,
);
say(
  'Data: SYNTHETIC Comext-layout files (bench/generate-comext-bulk.ts); question: EU exports by partner × HS6 × month',
);
say();

for (const rows of ROWS) {
  const name = syntheticFileName(rows, SEED, false);
  const path = join(OUT, name);
  if (!existsSync(path)) {
    const need = rows * 95;
    const free = (() => {
      try {
        const s = statfsSync(existsSync(OUT) ? OUT : '.');
        return s.bavail * s.bsize;
      } catch {
        return Number.POSITIVE_INFINITY;
      }
    })();
    if (free < need * 1.5) {
      say(
        `skipping ${big(rows)} rows: about ${fmt(need / 1e9)} GB needed, ${fmt(free / 1e9)} GB free in ${OUT}`,
      );
      continue;
    }
    process.stdout.write(`generating ${name} …\n`);
    await generateComextBulk(OUT, { rows, seed: SEED });
  }
  const bytes = statSync(path).size;
  const cases: [string, string, string[], number][] = [
    [
      'duckdb',
      'library DuckDB path (queryComextBulk; duplicate rows checked, the default)',
      tsx('bench/cases/library-duckdb.ts', path),
      3_600_000,
    ],
    [
      'duckdb-unchecked',
      "library DuckDB path, duplicates: 'unchecked' (no whole-row grouping)",
      tsx('bench/cases/library-duckdb.ts', path, '--duplicates', 'unchecked'),
      3_600_000,
    ],
    ['alone', 'DuckDB alone (same SQL, same settings)', tsx('bench/cases/duckdb-alone.ts', path), 3_600_000],
    ['bare', 'bare DuckDB GROUP BY (no validation)', tsx('bench/cases/duckdb-bare.ts', path), 3_600_000],
  ];
  if (rows <= BIG) {
    cases.push(
      [
        'js',
        'pure-JS loader (loadComextBulk + Map)',
        [process.execPath, '--max-old-space-size=16384', '--import', 'tsx', 'bench/cases/pure-js.ts', path],
        3_600_000,
      ],
      [
        'pandas',
        `pandas ${'(/usr/bin/python3)'}`,
        ['/usr/bin/python3', 'bench/pandas_groupby.py', path],
        3_600_000,
      ],
    );
  }
  if (rows <= 10e6) {
    cases.push([
      'duckdb-series',
      'library DuckDB path → Series (aggregateComextBulk)',
      tsx('bench/cases/library-duckdb.ts', path, '--series'),
      3_600_000,
    ]);
  }
  cases.push([
    'duckdb-sha',
    'library DuckDB path, checksum: true (SHA-256 of the file)',
    tsx('bench/cases/library-duckdb.ts', path, '--checksum'),
    3_600_000,
  ]);
  if (args.roundabout || rows > BIG) {
    cases.push([
      'roundabout',
      'bulk file → roundabout series + roundabout()',
      tsx('bench/cases/roundabout-series.ts', path),
      3_600_000,
    ]);
  }
  // Repetitions round-robin over the engines, so a load spike on the shared machine hits them alike.
  const chosen = cases.filter(
    ([id]) =>
      want(id) ||
      (want('duckdb') &&
        (id === 'duckdb-unchecked' || (!args.lean && (id === 'duckdb-sha' || id === 'duckdb-series')))),
  );
  const runs = new Map<string, Measured[]>();
  for (let r = 0; r < REPS; r++) {
    for (const [id, label, cmd, timeout] of chosen) {
      const previous = runs.get(id) ?? [];
      if (previous.some((m) => !m.ok)) continue;
      process.stdout.write(`  ${big(rows)} rows, run ${r + 1}/${REPS}: ${label} …\n`);
      previous.push(await run(cmd, timeout));
      runs.set(id, previous);
    }
  }
  const measured = new Map<string, Measured>();
  for (const [id, label] of chosen) {
    const m = summarise(runs.get(id) ?? []);
    measured.set(id, m);
    results.push({ rows, bytes, engine: id, label, ...m });
  }
  const pandas = measured.get('pandas');
  const alone = measured.get('alone');
  const bare = measured.get('bare');
  say(`### ${big(rows)} rows (${fmt(bytes / 1e6, 0)} MB CSV)`);
  say();
  say(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`,
  );
  say(
    '| engine | wall s | CPU s (process) | load avg | rows/s | MB/s | peak RSS MB | × pandas | × bare DuckDB (wall) | × bare DuckDB (CPU) | × DuckDB alone | cells |',
  );
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [id, label] of cases) {
    const m = measured.get(id);
    if (m === undefined) continue;
    const s = m.ms / 1000;
    const vs = (ref: Measured | undefined) => (ref?.ok && m.ok ? `${fmt(m.ms / ref.ms, 2)}` : '—');
    const cpuVs = (ref: Measured | undefined) =>
      ref?.ok && m.ok ? `${fmt((m.cpuS ?? Number.NaN) / (ref.cpuS ?? Number.NaN), 2)}` : '—';
    say(
      `| ${label}${m.ok ? '' : ` (${m.error})`} | ${fmt(s, 2)} | ${fmt(m.cpuS ?? Number.NaN, 1)} | ${fmt(m.load ?? Number.NaN, 1)} | ${big(rows / s)} | ${fmt(bytes / 1e6 / s)} | ${fmt(m.rssMB, 0)} | ${vs(pandas)} | ${vs(bare)} | ${cpuVs(bare)} | ${vs(alone)} | ${m.cells ?? '—'} |`,
    );
  }
  if (rows > BIG)
    say(`(pandas and the pure-JS loader skipped above ${big(BIG)} rows: they hold every row in memory)`);
  const rb = measured.get('roundabout');
  if (rb?.ok) {
    say(
      `roundabout series: ${big(rows)} rows aggregated in ${fmt(Number(rb.extra.aggregateMs) / 1000, 1)} s (two scans), ` +
        `roundabout() done at ${fmt(rb.ms / 1000, 1)} s, peak RSS ${fmt(rb.rssMB, 0)} MB, ${rb.extra.findings} findings`,
    );
  }
  say();
}

if (SCREEN.length > 0 && want('screen')) {
  say(
    '### screen (SYNTHETIC series of 96 months, vectorised seasonalTrend, GLS/AR(1) test on a ρ grid with a pooled prior, BH FDR)',
  );
  say();
  say('| series | threads | wall s | series/s | peak RSS MB | tested | significant |');
  say('|---:|---|---:|---:|---:|---:|---:|');
  let prev: { n: number; s: number } | undefined;
  const growth: string[] = [];
  for (const n of SCREEN) {
    for (const threads of ['1', 'auto']) {
      const m = await measure(tsx('bench/cases/screen.ts', String(n), threads), 1_800_000);
      results.push({ engine: 'screen', series: n, threads, ...m });
      const s = m.ms / 1000;
      say(
        `| ${big(n)} | ${threads} | ${fmt(s, 2)} | ${big(n / s)} | ${fmt(m.rssMB, 0)} | ${m.extra.tested ?? '—'} | ${m.extra.significant ?? '—'} |`,
      );
      if (threads === 'auto' && m.ok) {
        if (prev !== undefined)
          growth.push(
            `${big(prev.n)} → ${big(n)} series: time × ${fmt(s / prev.s, 1)} for × ${fmt(n / prev.n, 0)} series`,
          );
        prev = { n, s };
      }
    }
  }
  if (growth.length > 0) say(`growth: ${growth.join('; ')}`);
  say();
}

if (args.baselines) {
  say('### baselines (bench/baselines.ts, run as is)');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/baselines.ts', '--series', '500', '--draws', '200'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
  });
  await new Promise((r) => child.on('close', r));
  say(text.trim());
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
writeFileSync(join(OUT, `results-${stamp}.json`), JSON.stringify(results, null, 2));
writeFileSync(join(OUT, `results-${stamp}.md`), `${lines.join('\n')}\n`);
process.stdout.write(`\nwritten ${join(OUT, `results-${stamp}.md`)} and .json\n`);
