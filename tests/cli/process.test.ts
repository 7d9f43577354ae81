import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets.js';
import { type ReplayServer, startReplayServer } from '../helpers/replay-server.js';

// The CLI as a user runs it: a child process, its exit code, stdout and stderr.
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));
const NODE = ['--import', TSX, MAIN];

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function run(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return collect(
    spawn(process.execPath, [...NODE, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...baseEnv, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Run the CLI into `| head -n <lines>` in bash; the CLI's own exit code comes back as the last stdout line. */
async function runIntoHead(args: readonly string[], lines: number): Promise<Run & { cliCode: number }> {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const cmd = `${quote(process.execPath)} ${[...NODE, ...args].map(quote).join(' ')} | head -n ${lines}; echo "exit=\${PIPESTATUS[0]}"`;
  const r = await collect(spawn('bash', ['-c', cmd], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  const m = /exit=(\d+)\n$/.exec(r.stdout);
  return { ...r, stdout: r.stdout.replace(/exit=\d+\n$/, ''), cliCode: Number(m?.[1]) };
}

let dir: string;
let server: ReplayServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roundabout-cli-process-'));
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** EU27 monthly exports to KZ and KG 2019-01..2024-08 from the shipped dataset, as Eurostat's SDMX-CSV. */
async function sdmxCsv(): Promise<string> {
  const eu = await loadDataset('eu-exports-monthly');
  const rows = eu.observations
    .filter(
      (o) => o.reporter === 'EU27_2020' && o.flow === 'export' && (o.partner === 'KZ' || o.partner === 'KG'),
    )
    .map(
      (o) =>
        `ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,EU27_2020,${o.partner},TOTAL,2,VALUE_IN_EUROS,${o.period},${o.value ?? ''},`,
    );
  return `DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n${rows.join('\n')}\n`;
}

describe('roundabout as a process', () => {
  it('report --destinations kazakhstan,am --format csv --out - | head prints CSV and exits 0', async () => {
    const r = await runIntoHead(
      [
        'report',
        '--destinations',
        'kazakhstan,am',
        '--format',
        'csv',
        '--out',
        '-',
        '--baseline',
        'seasonalTrend',
      ],
      3,
    );
    expect(r.cliCode).toBe(0);
    const lines = r.stdout.trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^id,leg,exporter,destination,/);
    expect(lines[1]).toMatch(/^above-baseline\/EU27_2020\/KZ\//);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  }, 180_000);

  it('a reader closing the pipe early (| head -n 1 on the HTML report) ends the CLI quietly with 0', async () => {
    const r = await runIntoHead(['report', '--baseline', 'seasonalTrend', '--out', '-', '-q'], 1);
    expect(r.stdout).toBe('<!doctype html>\n');
    expect(r.stderr).toBe('');
    expect(r.cliCode).toBe(0);
  }, 180_000);

  it.each([
    [
      ['report', '--destinations', 'kazakstan'],
      /^roundabout: --destinations: unknown country "kazakstan"; did you mean KZ \(Kazakhstan\)\?\n$/,
    ],
    [
      ['report', '--controls', 'DE,XX'],
      /^roundabout: --controls: unknown country "XX"; did you mean .+\?\n$/,
    ],
    [
      ['report', '--baseline', 'magic'],
      /^roundabout: --baseline: unknown baseline "magic"; use one of seasonalTrend, /,
    ],
    [['reprot'], /^roundabout: unknown command "reprot"; did you mean report\?\n$/],
    [['datasets', '--format', 'yaml'], /^roundabout: --format must be table, json, csv or md, got "yaml"\n$/],
  ])('%j exits 2 with one line on stderr and nothing on stdout', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/roundabout: roundabout:/);
    expect(r.stdout).toBe('');
  });

  it('datasets --format json prints the catalogue as JSON', async () => {
    const r = await run(['datasets', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; coverage?: { from: string } }[];
    expect(list.find((d) => d.name === 'eu-exports-monthly')?.coverage?.from).toBe('2019-01');
    expect(r.stderr).toBe('');
  });

  it('exits 6 when fetch comtrade has no key, 5 on an offline cache miss', async () => {
    const noKey = await run(['fetch', 'comtrade', '--reporter', 'kz', '--from', '2021', '--to', '2022']);
    expect(noKey.code).toBe(6);
    expect(noKey.stderr).toMatch(/COMTRADE_API_KEY/);
    const offline = await run([
      'fetch',
      'eurostat',
      '--partner',
      'kg',
      '--from',
      '2021-01',
      '--to',
      '2021-12',
      '--offline',
      '--cache-dir',
      join(dir, 'empty-cache'),
    ]);
    expect(offline.code).toBe(5);
    expect(offline.stderr).toMatch(/^roundabout: .*missing/);
  });

  it('exits 4 when the remote keeps failing, saying on stderr what each retry waits for and how long', async () => {
    server.route(/^\/sdmx\/2\.1\/data\/DS-045409\/M\.[^/]*\.AZ\.TOTAL\./, {
      status: 500,
      body: 'internal trouble',
    });
    const r = await run([
      'fetch',
      'eurostat',
      '--partner',
      'az',
      '--from',
      '2021-01',
      '--to',
      '2021-02',
      '--base-url',
      server.url,
      '--cache-dir',
      join(dir, 'cache-500'),
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^eurostat: HTTP 500: internal trouble; retrying in \d+\.\d s \(attempt 2\)$/m);
    expect(r.stderr).not.toMatch(/0 requests/);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^roundabout: HTTP 500/);
  }, 120_000);

  it('shows a rate-limit wait on stderr with the real wait (HTTP 429 with Retry-After)', async () => {
    const body = await sdmxCsv();
    server.route(/^\/sdmx\/2\.1\/data\/DS-045409\/M\.[^/]*\.AM\.TOTAL\./, [
      { status: 429, body: 'slow down', headers: { 'retry-after': '2' } },
      { body },
    ]);
    const r = await run([
      'fetch',
      'eurostat',
      '--partner',
      'am',
      '--from',
      '2021-01',
      '--to',
      '2021-02',
      '--base-url',
      server.url,
      '--cache-dir',
      join(dir, 'cache-429'),
    ]);
    expect(r.stderr).toMatch(
      /^eurostat: HTTP 429[^\n]*; waiting [2-9]\.\d s for rate limit… \(then attempt 2\)$/m,
    );
    expect(r.stderr).not.toMatch(/0 requests/);
  }, 120_000);

  it('fetch … --out eu.json feeds report --data eu.json', async () => {
    const body = await sdmxCsv();
    server.route(/^\/sdmx\/2\.1\/data\//, [{ status: 503, body: 'busy' }, { body }]);
    const fetched = await run(
      [
        'fetch',
        'eurostat',
        '--reporter',
        'eu27_2020',
        '--partner',
        'Kazakhstan,kg',
        '--from',
        '2019-01',
        '--to',
        '2024-08',
        '--base-url',
        server.url,
        '--cache-dir',
        'cache',
        '--out',
        'eu.json',
      ],
      { cwd: dir },
    );
    expect(fetched.stderr).toMatch(/^eurostat: HTTP 503: busy; retrying in \d+\.\d s \(attempt 2\)$/m);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(
      /^eurostat: 136 rows read, 136 kept, 0 rejected; 136 observations \(EUR\)$/m,
    );
    expect(fetched.stdout).toMatch(/^wrote eu\.json$/m);

    const r = await run(
      [
        'report',
        '--data',
        'eu.json',
        '--destinations',
        'kz,kg',
        '--baseline',
        'seasonalTrend',
        '--format',
        'csv',
        '--out',
        '-',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^above-baseline\/EU27_2020\/KZ\/TOTAL\/seasonalTrend\/EUR,/m);
    // Only the file's exporter: no GB rows from the shipped UK data.
    expect(r.stdout).not.toMatch(/^above-baseline\/GB\//m);
    expect(r.stderr).toMatch(/^eu\.json: 136 observations$/m);

    // The same observations as CSV (from the cache, offline) feed it too, with the default headers.
    const asCsv = await run(
      [
        'fetch',
        'eurostat',
        '--reporter',
        'EU27_2020',
        '--partner',
        'KZ,KG',
        '--from',
        '2019-01',
        '--to',
        '2024-08',
        '--base-url',
        server.url,
        '--cache-dir',
        'cache',
        '--offline',
        '--out',
        'eu.csv',
      ],
      { cwd: dir },
    );
    expect(asCsv.code).toBe(0);
    expect((await readFile(join(dir, 'eu.csv'), 'utf8')).split('\r\n')[0]).toBe(
      'reporter,partner,flow,product,classification,level,edition,period,value,currency,status,quantity_kg,source',
    );
    const fromCsv = await run(
      [
        'report',
        '--data',
        'eu.csv',
        '--destinations',
        'kz,kg',
        '--baseline',
        'seasonalTrend',
        '--format',
        'csv',
        '--out',
        '-',
      ],
      { cwd: dir },
    );
    expect(fromCsv.code).toBe(0);
    const kzRow = (text: string) =>
      text.split('\r\n').find((l) => l.startsWith('above-baseline/EU27_2020/KZ/TOTAL/seasonalTrend/EUR,'));
    expect(kzRow(fromCsv.stdout)).toBeDefined();
    expect(kzRow(fromCsv.stdout)).toBe(kzRow(r.stdout));

    // As a Markdown table on stdout, the summary on stderr.
    const md = await run(
      [
        'fetch',
        'eurostat',
        '--reporter',
        'EU27_2020',
        '--partner',
        'KZ,KG',
        '--from',
        '2019-01',
        '--to',
        '2024-08',
        '--base-url',
        server.url,
        '--cache-dir',
        'cache',
        '--offline',
        '--format',
        'md',
        '--out',
        '-',
      ],
      { cwd: dir },
    );
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n')[0]).toBe(
      '| reporter | partner | flow | product | classification | level | edition | period | value | currency | status | quantity_kg | source |',
    );
    expect(md.stdout.trimEnd().split('\n')).toHaveLength(2 + 136);
    expect(md.stderr).toMatch(/^eurostat: 136 rows read/m);
  }, 240_000);

  it('report --data reads the user’s own CSV with --columns, --set, --delimiter, --decimal and --value-scale', async () => {
    const eu = await loadDataset('eu-exports-monthly');
    const rows = eu.observations
      .filter((o) => o.reporter === 'EU27_2020' && o.flow === 'export' && o.partner === 'KZ')
      .map((o) => `${o.period};Kazakhstan;${String((o.value ?? 0) / 1000).replace('.', ',')}`);
    await writeFile(join(dir, 'own.csv'), `Month;Country;Exports (thousand EUR)\n${rows.join('\n')}\n`);
    const r = await run(
      [
        'report',
        '--data',
        'own.csv',
        '--columns',
        'period=Month,partner=Country,value=Exports (thousand EUR)',
        '--set',
        'reporter=EU27_2020,flow=export,currency=EUR',
        '--delimiter',
        ';',
        '--decimal',
        ',',
        '--value-scale',
        '1000',
        '--destinations',
        'KZ',
        '--baseline',
        'seasonalTrend',
        '--format',
        'json',
        '--out',
        'own-report',
        '-q',
      ],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const json = JSON.parse(await readFile(join(dir, 'own-report', 'findings.json'), 'utf8')) as {
      findings: { id: string; actual: number | null }[];
    };
    const kz = json.findings.find((f) => f.id === 'above-baseline/EU27_2020/KZ/TOTAL/seasonalTrend/EUR');
    // The same sum as the shipped data: EUR 29,117,359,910 in 2022-03..2024-08 (as the CSV test above prints).
    expect(kz?.actual).toBeCloseTo(29_117_359_910, -1);
  }, 180_000);

  it('exits 3 on a --data file that is not observations, naming the file and field', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ observations: [{ reporter: 'EU27_2020' }] }));
    const r = await run(['report', '--data', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^roundabout: bad\.json, observations\[0\]\.partner: /);
  });

  it('exits 130 on SIGINT during a download', async () => {
    server.route(/^\/sdmx\/2\.1\/data\/DS-045409\/M\.[^/]*\.GE\.TOTAL\./, { delayMs: 30_000, body: '' });
    const child = spawn(
      process.execPath,
      [
        ...NODE,
        'fetch',
        'eurostat',
        '--partner',
        'ge',
        '--from',
        '2021-01',
        '--to',
        '2021-02',
        '--base-url',
        server.url,
        '--cache-dir',
        join(dir, 'cache-slow'),
      ],
      { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const done = collect(child);
    // Wait until the request reached the server, then interrupt.
    const started = Date.now();
    while (!server.requests.some((q) => q.url.includes('.GE.TOTAL.')) && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^roundabout: interrupted$/m);
    expect(r.stderr).not.toMatch(/at /);
  }, 60_000);

  it('ends the report at once on SIGINT (killed by the signal: the shell reports 130), writing nothing', async () => {
    const child = spawn(process.execPath, [...NODE, 'report', '--out', 'interrupted'], {
      cwd: dir,
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = collect(child);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const sent = Date.now();
    child.kill('SIGINT');
    const r = await done;
    expect(r.signal).toBe('SIGINT');
    expect(Date.now() - sent).toBeLessThan(2000);
    await expect(readFile(join(dir, 'interrupted', 'index.html'))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
