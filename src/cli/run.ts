import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BaselineName, type RoundaboutOptions, roundabout } from '../analyses/roundabout.js';
import { listDatasets } from '../datasets.js';
import { isRoundaboutError, OptionsError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import { isPeriod } from '../model/period.js';
import { formatTable } from '../report/format-table.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { toCsv } from '../report/to-csv.js';
import { toJson } from '../report/to-json.js';
import { fetchComtrade, fetchEurostat, fetchHmrc } from '../sources/remote/fetch-sources.js';
import type { RemoteProgress } from '../sources/remote/progress.js';

/** Where the CLI writes: injected so tests can run it without a process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is drawn in place only then). */
  readonly isTty: boolean;
  /** Environment variables the CLI may read (only `COMTRADE_API_KEY`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. */
  readonly cwd: string;
  /** Cancels long work (SIGINT). */
  readonly signal?: AbortSignal;
}

const USAGE = `roundabout — are goods being re-routed to Russia through third countries, and how much?

Usage:
  roundabout report [options]        run the analysis on the shipped data and write a report
  roundabout datasets                list the shipped datasets with their coverage
  roundabout fetch <source> [opts]   download fresh data: eurostat | hmrc | comtrade
  roundabout help | --help | --version

report options:
  --exporter EU27_2020,GB     exporters (reporters of the export figures)
  --destinations KZ,AM,KG     suspected transit destinations
  --controls auto|A,B,…       clean control destinations (default auto)
  --neighbours GE,UZ          other neighbours (suspected hubs, compared monthly)
  --baseline a,b,…            seasonalTrend, holtWinters, stlForecast, logLinearTrend, preWarMean, samePeriodPriorYear
  --from 2022-03              first post-treatment month
  --fit 2019-01..2022-01      baseline fit window
  --out report                output directory (default ./report); --out - writes the report to stdout
  --format html|md|json|csv   output format (default html)
  --seed 1                    seed of simulations and bootstraps

fetch options (all sources): --from P --to P --cache-dir DIR --offline --as-of DATE --refresh --base-url URL
  eurostat: --reporter EU27_2020 --partner KG,KZ --product TOTAL --flow export [--dataset DS-045409] [--api 2.1|3.0]
  hmrc:     --partner KG,KZ --flow export [--product 84713000]
  comtrade: --reporter KZ --partner RU [--classification H6] (key from COMTRADE_API_KEY)
  --out FILE.json writes the observations; a summary goes to the terminal.`;

class UsageError extends OptionsError {}

/** The lines of USAGE from the line starting with `head` up to the next blank line. */
function section(head: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(head));
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

/** `--help` or `-h` among a command's arguments: the command prints its own help instead of running. */
function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

const REPORT_HELP = `Usage: roundabout report [options]\n\n${section('report options:')}`;
const DATASETS_HELP = 'Usage: roundabout datasets\n\nLists the shipped datasets with their coverage.';
const FETCH_HELP = `Usage: roundabout fetch <eurostat|hmrc|comtrade> [options]\n\n${section('fetch options')}`;
function fetchSourceHelp(source: string): string {
  const common = USAGE.split('\n').find((l) => l.startsWith('fetch options'))!;
  const own = USAGE.split('\n').find((l) => l.trimStart().startsWith(`${source}:`))!;
  return `Usage: roundabout fetch ${source} [options]\n\n${common}\n${own}\n  --out FILE.json writes the observations; a summary goes to the terminal.`;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (items.length === 0)
    throw new UsageError(`expected a comma-separated list, got ${JSON.stringify(value)}`);
  return items;
}

function period(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isPeriod(value))
    throw new UsageError(`--${name} requires YYYY or YYYY-MM, got ${JSON.stringify(value)}`);
  return value;
}

/** A one-line progress display on stderr; in place on a terminal, one line per step otherwise. */
function progressLine(io: CliIo): { update: (text: string) => void; done: () => void } {
  let last = '';
  return {
    update(text: string) {
      if (text === last) return;
      last = text;
      if (io.isTty) io.stderr(`\r\x1b[2K${text}`);
      else io.stderr(`${text}\n`);
    },
    done() {
      if (io.isTty && last !== '') io.stderr('\r\x1b[2K');
    },
  };
}

async function render(
  result: Awaited<ReturnType<typeof roundabout>>,
  format: string,
  bar: { update: (text: string) => void; done: () => void },
): Promise<string> {
  bar.update('rendering the report');
  const text =
    format === 'html'
      ? await renderHtml(result)
      : format === 'md'
        ? renderMarkdown(result)
        : format === 'json'
          ? toJson(result)
          : toCsv(result.findings);
  bar.done();
  return text;
}

async function report(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(`${REPORT_HELP}\n`);
    return 0;
  }
  const { values } = parseArgs({
    args,
    options: {
      exporter: { type: 'string' },
      destinations: { type: 'string' },
      controls: { type: 'string' },
      neighbours: { type: 'string' },
      baseline: { type: 'string' },
      from: { type: 'string' },
      fit: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const format = values.format ?? 'html';
  if (!['html', 'md', 'json', 'csv'].includes(format)) {
    throw new UsageError(`--format must be html, md, json or csv, got ${JSON.stringify(format)}`);
  }
  const fit = values.fit?.split('..');
  if (fit !== undefined && (fit.length !== 2 || !fit.every((p) => isPeriod(p)))) {
    throw new UsageError(
      `--fit requires FROM..TO months, e.g. 2019-01..2022-01, got ${JSON.stringify(values.fit)}`,
    );
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed requires an integer, got ${values.seed}`);
  const controls =
    values.controls === undefined || values.controls === 'auto' ? undefined : list(values.controls);
  const treatment = period(values.from, 'from');
  const exporters = list(values.exporter);
  const destinations = list(values.destinations);
  const neighbours = list(values.neighbours);
  const baselines = list(values.baseline) as BaselineName[] | undefined;
  const options: RoundaboutOptions = {
    ...(exporters === undefined ? {} : { exporters }),
    ...(destinations === undefined ? {} : { destinations }),
    ...(controls === undefined ? {} : { controls }),
    ...(neighbours === undefined ? {} : { otherNeighbours: neighbours }),
    ...(baselines === undefined ? {} : { baselines, headlineBaseline: baselines[0]! }),
    ...(treatment === undefined ? {} : { treatment }),
    ...(fit === undefined ? {} : { fit: [fit[0]!, fit[1]!] as const }),
    ...(seed === undefined ? {} : { seed }),
  };
  const bar = progressLine(io);
  const result = await roundabout({
    ...options,
    onProgress: (step, done, total) =>
      bar.update(`[${'#'.repeat(done)}${'.'.repeat(Math.max(0, total - done))}] ${step}`),
  });
  bar.done();
  const toStdout = values.out === '-';
  // With `--out -` stdout carries the report alone; the table and verdict go to stderr.
  const say = toStdout ? io.stderr : io.stdout;
  say(`${formatTable(result)}\n`);
  say(`\n${result.verdict}\n`);
  const text = await render(result, format, bar);
  if (toStdout) {
    io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  }
  const outDir = resolve(io.cwd, values.out ?? 'report');
  await mkdir(outDir, { recursive: true });
  const file = { html: 'index.html', md: 'report.md', json: 'findings.json', csv: 'findings.csv' }[format]!;
  await writeFile(join(outDir, file), text);
  io.stdout(`\nwrote ${join(values.out ?? 'report', file)}\n`);
  return 0;
}

async function datasets(io: CliIo): Promise<number> {
  const all = await listDatasets();
  const rows = all.map((d) => [
    d.name,
    d.kind,
    d.frequency ?? '',
    d.coverage ? `${d.coverage.from}..${d.coverage.to}` : '',
    d.units,
    d.rows.toLocaleString('en-GB'),
  ]);
  const head = ['name', 'kind', 'frequency', 'coverage', 'units', 'rows'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  io.stdout(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  io.stdout('\nSources, licences, units and caveats: datasets/README.md\n');
  return 0;
}

async function fetchCommand(args: string[], io: CliIo): Promise<number> {
  const [source, ...rest] = args;
  if (source !== undefined && ['eurostat', 'hmrc', 'comtrade'].includes(source) && wantsHelp(rest)) {
    io.stdout(`${fetchSourceHelp(source)}\n`);
    return 0;
  }
  if (source === undefined ? false : wantsHelp(args)) {
    io.stdout(`${FETCH_HELP}\n`);
    return 0;
  }
  if (source === undefined || !['eurostat', 'hmrc', 'comtrade'].includes(source)) {
    throw new UsageError(
      `fetch requires a source: eurostat, hmrc or comtrade${source ? `, got ${JSON.stringify(source)}` : ''}`,
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      reporter: { type: 'string' },
      partner: { type: 'string' },
      product: { type: 'string' },
      flow: { type: 'string' },
      dataset: { type: 'string' },
      api: { type: 'string' },
      classification: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'cache-dir': { type: 'string' },
      offline: { type: 'boolean' },
      'as-of': { type: 'string' },
      refresh: { type: 'boolean' },
      'base-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const from = period(values.from, 'from');
  const to = period(values.to, 'to');
  if (from === undefined || to === undefined) throw new UsageError('fetch requires --from and --to');
  const flows = list(values.flow) as ('export' | 'import')[] | undefined;
  for (const f of flows ?? []) {
    if (f !== 'export' && f !== 'import')
      throw new UsageError(`--flow must be export or import, got ${JSON.stringify(f)}`);
  }
  const bar = progressLine(io);
  const onProgress = (p: RemoteProgress) =>
    bar.update(
      `${source}: ${p.phase} — ${p.requests ?? 0} requests, ${((p.bytes ?? 0) / 1e6).toFixed(1)} MB, ${p.rows ?? 0} rows`,
    );
  const common = {
    onProgress,
    ...(values['cache-dir'] === undefined ? {} : { cacheDir: resolve(io.cwd, values['cache-dir']) }),
    ...(values.offline ? { offline: true } : {}),
    ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }),
    ...(values.refresh ? { refresh: true } : {}),
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
  const partners = list(values.partner);
  const reporters = list(values.reporter);
  const products = list(values.product);
  let result: LoadResult;
  if (source === 'eurostat') {
    const api = values.api;
    if (api !== undefined && api !== '2.1' && api !== '3.0')
      throw new UsageError(`--api must be 2.1 or 3.0, got ${api}`);
    result = await fetchEurostat(
      {
        ...(reporters === undefined ? {} : { reporters }),
        ...(partners === undefined ? {} : { partners }),
        ...(products === undefined ? {} : { products }),
        ...(flows === undefined ? {} : { flows }),
        ...(values.dataset === undefined ? {} : { dataset: values.dataset as 'DS-045409' | 'DS-059341' }),
        from,
        to,
      },
      { ...common, ...(api === undefined ? {} : { api }) },
    );
  } else if (source === 'hmrc') {
    if (partners === undefined) throw new UsageError('fetch hmrc requires --partner');
    result = await fetchHmrc(
      {
        partners,
        ...(flows === undefined ? {} : { flows }),
        ...(products === undefined ? {} : { products }),
        from,
        to,
      },
      common,
    );
  } else {
    const key = io.env.COMTRADE_API_KEY;
    if (key === undefined || key === '')
      throw new UsageError('fetch comtrade requires the COMTRADE_API_KEY environment variable');
    if (reporters === undefined) throw new UsageError('fetch comtrade requires --reporter');
    result = await fetchComtrade(
      {
        reporters,
        ...(partners === undefined ? {} : { partners }),
        ...(products === undefined ? {} : { products }),
        ...(flows === undefined ? {} : { flows }),
        ...(values.classification === undefined ? {} : { classification: values.classification as 'H6' }),
        from,
        to,
      },
      { ...common, subscriptionKey: key },
    );
  }
  bar.done();
  const currencies = [...new Set(result.observations.map((o) => o.currency))].join(', ');
  io.stdout(
    `${source}: ${result.rowsRead} rows read, ${result.rowsKept} kept, ${result.rejects.length} rejected; ` +
      `${result.observations.length} observations (${currencies || 'no values'})\n`,
  );
  for (const r of result.rejects.slice(0, 5))
    io.stdout(`  rejected ${r.file}:${r.line} ${r.field ?? ''} ${r.reason}\n`);
  if (values.out !== undefined) {
    await writeFile(resolve(io.cwd, values.out), `${JSON.stringify(result, null, 1)}\n`);
    io.stdout(`wrote ${values.out}\n`);
  }
  return 0;
}

/**
 * Run the `roundabout` command line with arguments (without `node` and the script) and return the exit code.
 * Only `cli/main.ts` touches `process`; this function takes everything through `io`.
 *
 * @example
 * const code = await runCli(['datasets'], { stdout: (t) => process.stdout.write(t), stderr: () => {}, isTty: false, env: {}, cwd: '.' });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'report':
        return await report(rest, io);
      case 'datasets':
        if (wantsHelp(rest)) {
          io.stdout(`${DATASETS_HELP}\n`);
          return 0;
        }
        return await datasets(io);
      case 'fetch':
        return await fetchCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      case '--version':
        io.stdout('trade-roundabout 0.1.0\n');
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; try roundabout --help`);
    }
  } catch (e) {
    // Bad options end in one line and a non-zero code; bugs keep their stack.
    if (
      isRoundaboutError(e) ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr(`roundabout: ${(e as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    throw e;
  }
}
