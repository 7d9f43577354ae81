// Cold import time of the built package: CPU and wall time of `import()` / `require()` of dist/ in fresh Node
// processes, start-up excluded (the clock starts inside the process, just before the import). Never part of the
// tests (tests/shared/import-footprint.test.ts checks, without timing, that the core loads no heavy dependency).
//
//   npm run build && npx tsx bench/import-time.ts                     # dist/index.js and dist/index.cjs, 10 runs each
//   npx tsx bench/import-time.ts --runs 20 --entries index,bulk,arquero,remote
//   npx tsx bench/import-time.ts --dist /tmp/other-build/dist            # another build (e.g. main's), to compare
//
// Each run is a new `node` process (so nothing is cached in memory; the OS file cache is warm after the first run,
// as it is for any user's second import). The variants run round-robin, so a load spike hits them alike. Printed:
// the median and the range of CPU (user + system) and wall milliseconds per variant, the machine's load average
// before and after, and the npm packages each variant loaded. `node-empty` is the floor: importing an empty module.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    entries: { type: 'string', default: 'index' },
    dist: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const ENTRIES = args.entries.split(',').filter((e) => e !== '');
const DIST = `${resolve(args.dist ?? fileURLToPath(new URL('../dist/', import.meta.url)))}/`;

interface Variant {
  readonly name: string;
  /** Module type of the `node -e` script. */
  readonly type: 'module' | 'commonjs';
  /** The statement that loads the code under test (awaited in ESM). */
  readonly load: string;
}

const variants: Variant[] = [
  { name: 'node-empty', type: 'module', load: `await import('data:text/javascript,')` },
];
for (const entry of ENTRIES) {
  const esm = `${DIST}${entry}.js`;
  const cjs = `${DIST}${entry}.cjs`;
  for (const file of [esm, cjs]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const url = JSON.stringify(pathToFileURL(esm).href);
  variants.push(
    { name: `${entry}.js   import()`, type: 'module', load: `await import(${url})` },
    { name: `${entry}.cjs  require()`, type: 'commonjs', load: `require(${JSON.stringify(cjs)})` },
    {
      name: `${entry}.cjs  import()`,
      type: 'module',
      load: `await import(${JSON.stringify(pathToFileURL(cjs).href)})`,
    },
  );
}

interface Sample {
  readonly cpu: number;
  readonly wall: number;
  readonly packages: readonly string[];
}

// The packages loaded: CommonJS modules are in require.cache; ES modules are not listed anywhere, so a module
// loaded only as ESM is named by the URLs of the entry's own imports (dist/ resolves them) — an undercount for ESM
// dependencies of dependencies, which is why the footprint test uses a resolution hook instead.
function script(v: Variant): string {
  const report = `const c = process.cpuUsage(t0); const wall = performance.now() - w0;
const keys = Object.keys(require('node:module').createRequire(${JSON.stringify(DIST)}).cache);
const pk = [...new Set(keys.flatMap((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k)?.slice(1) ?? []))];
process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall, packages: pk }));`;
  const body = `const t0 = process.cpuUsage(); const w0 = performance.now(); ${v.load};\n${report}`;
  return v.type === 'module'
    ? `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);\n${body}`
    : `(async () => { ${body} })();`;
}

function runOnce(v: Variant): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--input-type=${v.type}`, '-e', script(v)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      code === 0 ? resolve(JSON.parse(out) as Sample) : reject(new Error(`${v.name} exited ${code}: ${err}`)),
    );
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

const loadBefore = load();
const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
for (let r = 0; r < RUNS; r++) {
  for (const v of variants) samples.get(v.name)!.push(await runOnce(v));
}
const loadAfter = load();

const f = (x: number): string => x.toFixed(1).padStart(6);
const lines = [
  `Cold import of ${DIST} (${RUNS} fresh processes per row, round-robin), ms; Node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadBefore} before, ${loadAfter} after`,
  '',
  'variant                 CPU median  (min–max)         wall median  (min–max)         packages loaded (CommonJS)',
];
for (const v of variants) {
  const s = samples.get(v.name)!;
  const cpu = s.map((x) => x.cpu);
  const wall = s.map((x) => x.wall);
  const pk = [...new Set(s.flatMap((x) => x.packages))].sort();
  lines.push(
    `${v.name.padEnd(22)}  ${f(median(cpu))}      (${f(Math.min(...cpu))}–${f(Math.max(...cpu))})  ` +
      `${f(median(wall))}      (${f(Math.min(...wall))}–${f(Math.max(...wall))})  ${pk.join(' ') || '—'}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
