import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { BASELINE_NAMES } from '../analyses/internal/common.js';
import { type BaselineName, type RoundaboutOptions, roundabout } from '../analyses/roundabout.js';
import { listDatasets } from '../datasets.js';
import { DataValidationError, isRoundaboutError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import { isPeriod } from '../model/period.js';
import { formatTable } from '../report/format-table.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { toCsv } from '../report/to-csv.js';
import { toJson } from '../report/to-json.js';
import { fetchComtrade, fetchEurostat, fetchHmrc } from '../sources/remote/fetch-sources.js';
import type { RemoteProgress } from '../sources/remote/progress.js';
import { editDistance, resolveCountryList } from './countries.js';
import { CSV_FIELDS, type CsvFlags, readDataFiles } from './data-files.js';
import { CredentialsError, EXIT, exitCodeOf, UsageError } from './exit-codes.js';
import { type Cell, type ListFormat, renderRows } from './tabular.js';

/** Where the CLI writes: injected so tests can run it without a process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is drawn, in place, only then). */
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
  roundabout report [options]        run the analysis and write a report
  roundabout datasets [options]      list the shipped datasets with their coverage
  roundabout fetch <source> [opts]   download fresh data: eurostat | hmrc | comtrade
  roundabout help [command] | --help | --version

Countries are ISO codes in any case (kz, KAZ), aggregate codes (EU27_2020) or English names (Kazakhstan).
Every command takes --help, --format (json, csv, md, table), --out - (stdout) and --quiet (no progress).

report options:
  --exporter EU27_2020,GB     exporters (reporters of the export figures)
  --destinations KZ,AM,KG     suspected transit destinations (third countries: not RU, not an exporter)
  --controls auto|A,B,…       clean control destinations (default auto)
  --neighbours GE,UZ          other neighbours (suspected hubs, compared monthly)
  --baseline a,b,…            seasonalTrend, holtWinters, stlForecast, logLinearTrend, preWarMean, samePeriodPriorYear
  --from 2022-03              first post-treatment month
  --fit 2019-01..2022-01      baseline fit window
  --seed 1                    seed of simulations and bootstraps
  --format html|md|json|csv|table   output format (default html; table prints the findings table)
  --out DIR|-                 output directory (default ./report, for table stdout); - writes the report to stdout
  --quiet, -q                 no progress, table or verdict on the terminal; only the report and errors
  --data FILE…                your own observations instead of the shipped ones: JSON written by
                              roundabout fetch --out, or CSV (repeat --data, or list files after it).
                              Monthly exports replace the monthly data, annual exports the annual data,
                              the destinations' imports the mirror data; exporters default to the files'
                              reporters.
  CSV files (default headers reporter,partner,flow,period,value,currency[,product,status,quantity_kg]):
  --columns field=HEADER,…    the header of a field, e.g. partner=Country,value=Exports
  --set field=VALUE,…         a constant for every row, e.g. reporter=KG,flow=export,currency=USD
  --value-scale N             multiplier to base units (1000 for thousands)
  --delimiter C  --decimal ,  field delimiter (default ,) and decimal separator (default .)

datasets options:
  --format table|json|csv|md  output format (default table)
  --out FILE|-                write to FILE (default stdout)

fetch options (all sources): --from P --to P --cache-dir DIR --offline --as-of DATE --refresh --base-url URL
  eurostat: --reporter EU27_2020 --partner KG,KZ --product TOTAL --flow export [--dataset DS-045409] [--api 2.1|3.0]
  hmrc:     --partner KG,KZ --flow export [--product 84713000]
  comtrade: --reporter KZ --partner RU [--classification H6] (key from COMTRADE_API_KEY)
  --out FILE|-  writes the observations (JSON, or CSV for FILE.csv; - is stdout); a summary goes to the terminal.
  --format json|csv|md|table  format of the observations (default json with --out, else a summary table)

Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid data, 4 network or remote failure,
  5 cache miss while offline, 6 missing or refused credentials, 130 interrupted (Ctrl-C).`;

/** The lines of USAGE from the line starting with `head` up to the next blank line. */
function section(head: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(head));
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const EXIT_HELP = section('Exit codes:');

/** `--help` or `-h` among a command's arguments: the command prints its own help instead of running. */
function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

const REPORT_HELP = `Usage: roundabout report [options]\n\n${section('report options:')}\n\n${EXIT_HELP}`;
const DATASETS_HELP = `Usage: roundabout datasets [options]\n\nLists the shipped datasets with their coverage.\n\n${section('datasets options:')}\n\n${EXIT_HELP}`;
const FETCH_HELP = `Usage: roundabout fetch <eurostat|hmrc|comtrade> [options]\n\n${section('fetch options')}\n\n${EXIT_HELP}`;
const SOURCES = ['eurostat', 'hmrc', 'comtrade'] as const;
function fetchSourceHelp(source: string): string {
  const lines = USAGE.split('\n');
  const common = lines.find((l) => l.startsWith('fetch options'))!;
  const own = lines.find((l) => l.trimStart().startsWith(`${source}:`))!;
  const out = lines.filter(
    (l) =>
      l.startsWith('  --out FILE|-  writes') ||
      l.startsWith('  --format json|csv|md|table  format of the observations'),
  );
  return `Usage: roundabout fetch ${source} [options]\n\n${common}\n${own}\n${out.join('\n')}\n\n${EXIT_HELP}`;
}

/** The closest of `options` to `input` by edit distance (case-insensitive), when it is close enough. */
function nearest(input: string, options: readonly string[]): string | undefined {
  const key = input.toLowerCase();
  let best: { option: string; d: number } | undefined;
  for (const option of options) {
    const d = editDistance(key, option.toLowerCase());
    if (best === undefined || d < best.d) best = { option, d };
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.option : undefined;
}

const COMMON_OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** `parseArgs`, with unknown options refused with the nearest known one. */
function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message = (e as Error).message.split('\n')[0]!;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'(--?[^']+)'/.exec(message)?.[1];
      const near = name === undefined ? undefined : nearest(name.replace(/^-+/, ''), Object.keys(options));
      throw new UsageError(
        `unknown option ${name ?? ''}${near === undefined ? '' : `; did you mean --${near}?`}`,
        {
          cause: e,
        },
      );
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(message.replace(/\.\s.*$/, ''), { cause: e });
    }
    throw e;
  }
}

function list(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (items.length === 0)
    throw new UsageError(`${flag} requires a comma-separated list, got ${JSON.stringify(value)}`);
  return items;
}

function countries(value: string | undefined, flag: string): string[] | undefined {
  const items = list(value, flag);
  return items === undefined ? undefined : resolveCountryList(items, flag);
}

/** `a=b,c=d` into an object; for `--columns` and `--set`. */
function pairs(value: string | undefined, flag: string): Record<string, string> | undefined {
  const items = list(value, flag);
  if (items === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} requires field=value pairs, got ${JSON.stringify(item)}`);
    const field = item.slice(0, eq).trim();
    if (!(field in CSV_FIELDS)) {
      const near = nearest(field, Object.keys(CSV_FIELDS));
      throw new UsageError(
        `${flag}: unknown field ${JSON.stringify(field)}${near === undefined ? `; use ${Object.keys(CSV_FIELDS).join(', ')}` : `; did you mean ${near}?`}`,
      );
    }
    out[field] = item.slice(eq + 1).trim();
  }
  return out;
}

function period(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isPeriod(value))
    throw new UsageError(`--${name} requires YYYY or YYYY-MM, got ${JSON.stringify(value)}`);
  return value;
}

function formatOf<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  const f = value.toLowerCase() as F;
  if (allowed.includes(f)) return f;
  const near = nearest(value, allowed);
  throw new UsageError(
    `--format must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got ${JSON.stringify(value)}${near === undefined ? '' : `; did you mean ${near}?`}`,
  );
}

function baselinesOf(value: string | undefined): BaselineName[] | undefined {
  const items = list(value, '--baseline');
  return items?.map((b) => {
    const hit = BASELINE_NAMES.find((n) => n.toLowerCase() === b.toLowerCase());
    if (hit !== undefined) return hit;
    const near = nearest(b, BASELINE_NAMES);
    throw new UsageError(
      `--baseline: unknown baseline ${JSON.stringify(b)}; ${near === undefined ? `use one of ${BASELINE_NAMES.join(', ')}` : `did you mean ${near}?`}`,
    );
  });
}

interface Progress {
  /** A step of routine progress: drawn in place on a terminal, nothing otherwise (or with `--quiet`). */
  readonly update: (text: string) => void;
  /** Something worth a line of its own (a retry, a wait, rejected rows): always on stderr unless `--quiet`. */
  readonly note: (text: string) => void;
  /** Clear the progress line. */
  readonly done: () => void;
}

function progress(io: CliIo, quiet: boolean): Progress {
  let shown = false;
  return {
    update(text) {
      if (quiet || !io.isTty) return;
      io.stderr(`\r\x1b[2K${text}`);
      shown = true;
    },
    note(text) {
      if (quiet) return;
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
      io.stderr(`${text}\n`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Write `text` to stdout (`out` is `-`) or to a file (creating its folder); returns the path written, if any. */
async function deliver(io: CliIo, text: string, out: string): Promise<string | undefined> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out === '-') {
    io.stdout(body);
    return undefined;
  }
  const path = resolve(io.cwd, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
  return out;
}

const REPORT_FORMATS = ['html', 'md', 'json', 'csv', 'table'] as const;
const REPORT_FILES = {
  html: 'index.html',
  md: 'report.md',
  json: 'findings.json',
  csv: 'findings.csv',
  table: 'report.txt',
} as const;

/** The exporters and the target of `report` when none are given (the defaults of `roundabout`). */
const DEFAULT_EXPORTERS = ['EU27_2020', 'GB'] as const;
const TARGET = 'RU';

/**
 * Refuse destinations that cannot be transit destinations: the target itself (Russia: goods to it are the
 * sanctioned trade, not a detour) or one of the exporters (a country cannot be its own export destination).
 *
 * @throws {UsageError} naming the destination and why
 */
function refuseOddDestinations(
  destinations: readonly string[] | undefined,
  exporters: readonly string[],
): void {
  for (const d of destinations ?? []) {
    if (d === TARGET) {
      throw new UsageError(
        `--destinations: ${d} is the target (the country whose imports may be re-routed), not a transit destination; give third countries, e.g. --destinations KZ,AM,KG`,
      );
    }
    if (exporters.includes(d)) {
      throw new UsageError(
        `--destinations: ${d} is also an exporter (${exporters.join(', ')}); a destination must differ from the exporters`,
      );
    }
  }
}

async function report(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(`${REPORT_HELP}\n`);
    return EXIT.ok;
  }
  const { values, positionals } = parse(
    args,
    {
      ...COMMON_OPTIONS,
      exporter: { type: 'string' },
      destinations: { type: 'string' },
      controls: { type: 'string' },
      neighbours: { type: 'string' },
      baseline: { type: 'string' },
      from: { type: 'string' },
      fit: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string', multiple: true },
      columns: { type: 'string' },
      set: { type: 'string' },
      'value-scale': { type: 'string' },
      delimiter: { type: 'string' },
      decimal: { type: 'string' },
    },
    true,
  );
  const dataFiles = [...(values.data ?? []), ...positionals];
  if (positionals.length > 0 && (values.data ?? []).length === 0) {
    throw new UsageError(
      `report takes no arguments, got ${JSON.stringify(positionals[0])}; files go after --data`,
    );
  }
  const format = formatOf(values.format, REPORT_FORMATS, 'html');
  const fit = values.fit?.split('..');
  if (fit !== undefined && (fit.length !== 2 || !fit.every((p) => isPeriod(p)))) {
    throw new UsageError(
      `--fit requires FROM..TO months, e.g. 2019-01..2022-01, got ${JSON.stringify(values.fit)}`,
    );
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed requires an integer, got ${values.seed}`);
  const scale = values['value-scale'] === undefined ? undefined : Number(values['value-scale']);
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0))
    throw new UsageError(`--value-scale requires a positive number, got ${values['value-scale']}`);
  const decimal = values.decimal;
  if (decimal !== undefined && decimal !== '.' && decimal !== ',')
    throw new UsageError(`--decimal must be . or ",", got ${JSON.stringify(decimal)}`);
  const controls =
    values.controls === undefined || values.controls.toLowerCase() === 'auto'
      ? undefined
      : countries(values.controls, '--controls');
  const treatment = period(values.from, 'from');
  let exporters = countries(values.exporter, '--exporter');
  const destinations = countries(values.destinations, '--destinations');
  const neighbours = countries(values.neighbours, '--neighbours');
  const baselines = baselinesOf(values.baseline);
  const quiet = values.quiet === true;
  const out = values.out ?? (format === 'table' ? '-' : 'report');
  const toStdout = out === '-';
  const bar = progress(io, quiet);

  const csvFlags: CsvFlags = {
    ...(values.columns === undefined ? {} : { columns: pairs(values.columns, '--columns')! }),
    ...(values.set === undefined ? {} : { constants: pairs(values.set, '--set')! }),
    ...(scale === undefined ? {} : { valueScale: scale }),
    ...(values.delimiter === undefined ? {} : { delimiter: values.delimiter }),
    ...(decimal === undefined ? {} : { decimalSeparator: decimal }),
  };
  let data: RoundaboutOptions['data'];
  if (dataFiles.length > 0) {
    bar.update(`reading ${dataFiles.join(', ')}`);
    const given = await readDataFiles(dataFiles, io.cwd, csvFlags);
    for (const c of given.counts) {
      bar.note(
        `${c.file}: ${c.observations} observations${c.rejects > 0 ? `, ${c.rejects} rows rejected` : ''}`,
      );
    }
    if (given.skippedImports > 0) {
      bar.note(
        `${given.skippedImports} import observations reported by an exporter left out (mirror data are the destinations' own imports)`,
      );
    }
    data = given.data;
    if (exporters === undefined && given.monthlyReporters.length > 0) exporters = [...given.monthlyReporters];
  } else if (values.columns !== undefined || values.set !== undefined || scale !== undefined) {
    throw new UsageError('--columns, --set and --value-scale read CSV files given with --data');
  }

  refuseOddDestinations(destinations, exporters ?? DEFAULT_EXPORTERS);
  const options: RoundaboutOptions = {
    ...(exporters === undefined ? {} : { exporters }),
    ...(destinations === undefined ? {} : { destinations }),
    ...(controls === undefined ? {} : { controls }),
    ...(neighbours === undefined ? {} : { otherNeighbours: neighbours }),
    ...(baselines === undefined ? {} : { baselines, headlineBaseline: baselines[0]! }),
    ...(treatment === undefined ? {} : { treatment }),
    ...(fit === undefined ? {} : { fit: [fit[0]!, fit[1]!] as const }),
    ...(seed === undefined ? {} : { seed }),
    ...(data === undefined ? {} : { data }),
  };
  const result = await roundabout({
    ...options,
    onProgress: (step, done, total) =>
      bar.update(`[${'#'.repeat(done)}${'.'.repeat(Math.max(0, total - done))}] ${step}`),
  });
  bar.done();
  if (result.findings.length === 0) {
    throw new DataValidationError(
      `no findings: the data hold no series for exporters ${(exporters ?? DEFAULT_EXPORTERS).join(', ')} and destinations ${(destinations ?? ['KZ', 'AM', 'KG']).join(', ')}`,
      { file: dataFiles.length > 0 ? dataFiles.join(', ') : 'the shipped datasets' },
    );
  }
  bar.update('rendering the report');
  const table = formatTable(result);
  const text =
    format === 'html'
      ? await renderHtml(result)
      : format === 'md'
        ? renderMarkdown(result)
        : format === 'json'
          ? toJson(result)
          : format === 'csv'
            ? toCsv(result.findings)
            : `${table}\n${result.verdict}\n`;
  bar.done();
  if (toStdout) {
    // stdout carries the report alone; the verdict goes to stderr for a human watching.
    if (format !== 'table' && !quiet) io.stderr(`${result.verdict}\n`);
    await deliver(io, text, '-');
    return EXIT.ok;
  }
  const file = join(out, REPORT_FILES[format]);
  await deliver(io, text, file);
  if (!quiet) {
    io.stdout(`${table}\n\n${result.verdict}\n`);
    io.stdout(`\nwrote ${file}\n`);
  }
  return EXIT.ok;
}

const LIST_FORMATS: readonly ListFormat[] = ['table', 'json', 'csv', 'md'];

async function datasets(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(`${DATASETS_HELP}\n`);
    return EXIT.ok;
  }
  const { values } = parse(args, COMMON_OPTIONS);
  const format = formatOf(values.format, LIST_FORMATS, 'table');
  const all = await listDatasets();
  const out = values.out ?? '-';
  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify(all, null, 2)}\n`;
  } else if (format === 'table') {
    const rows: Cell[][] = all.map((d) => [
      d.name,
      d.kind,
      d.frequency ?? null,
      d.coverage ? `${d.coverage.from}..${d.coverage.to}` : null,
      d.units,
      d.rows,
    ]);
    text = renderRows(['name', 'kind', 'frequency', 'coverage', 'units', 'rows'], rows, format);
    if (out === '-' && values.quiet !== true)
      text += '\nSources, licences, units and caveats: datasets/README.md\n';
  } else {
    const rows: Cell[][] = all.map((d) => [
      d.name,
      d.title,
      d.kind,
      d.frequency ?? null,
      d.coverage?.from ?? null,
      d.coverage?.to ?? null,
      d.units,
      d.rows,
    ]);
    text = renderRows(['name', 'title', 'kind', 'frequency', 'from', 'to', 'units', 'rows'], rows, format);
  }
  const written = await deliver(io, text, out);
  if (written !== undefined && values.quiet !== true) io.stderr(`wrote ${written}\n`);
  return EXIT.ok;
}

/** Seconds for a progress line: one decimal under 10 s, whole seconds above ("0.4 s", "12 s"). */
function seconds(ms: number | undefined): string {
  const s = (ms ?? 0) / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/** A one-line account of a progress event; retries and waits say what they wait for and how long. */
export function describeProgress(p: RemoteProgress): { text: string; note: boolean } {
  if (p.phase === 'retry') {
    const why = (p.error ?? (p.status === undefined ? 'request failed' : `HTTP ${p.status}`)).split('\n')[0]!;
    const short = why.length > 120 ? `${why.slice(0, 119)}…` : why;
    const attempt = `attempt ${p.attempt ?? 2}`;
    return {
      text:
        p.status === 429
          ? `${p.source}: ${short}; waiting ${seconds(p.waitMs)} for rate limit… (then ${attempt})`
          : `${p.source}: ${short}; retrying in ${seconds(p.waitMs)} (${attempt})`,
      note: true,
    };
  }
  if (p.phase === 'waiting') {
    if (p.waitingFor === 'rate-limit') {
      // Waits of a second or more get a line of their own; shorter ones only move the progress line.
      return {
        text: `${p.source}: waiting ${seconds(p.waitMs)} for rate limit…`,
        note: (p.waitMs ?? 0) >= 1000,
      };
    }
    return {
      text: `${p.source}: waiting ${seconds(p.waitMs)} for the asynchronous extraction to be ready`,
      note: true,
    };
  }
  const chunks = p.chunksTotal === undefined ? '' : `, chunk ${p.chunksDone ?? 0}/${p.chunksTotal}`;
  const rows = p.rows === undefined ? '' : `, ${p.rows} rows`;
  const done =
    p.requests === 0
      ? p.phase === 'cache'
        ? 'from the cache'
        : 'first request'
      : `${p.requests} request${p.requests === 1 ? '' : 's'} done, ${(p.bytes / 1e6).toFixed(1)} MB`;
  return { text: `${p.source}: ${p.phase} — ${done}${rows}${chunks}`, note: false };
}

const OBSERVATION_HEAD = [
  'reporter',
  'partner',
  'flow',
  'product',
  'classification',
  'level',
  'edition',
  'period',
  'value',
  'currency',
  'status',
  'quantity_kg',
  'source',
] as const;

function observationRows(result: LoadResult): Cell[][] {
  return result.observations.map((o) => [
    o.reporter,
    o.partner,
    o.flow,
    o.product.code,
    o.product.classification,
    o.product.level,
    o.product.edition ?? null,
    o.period,
    o.value,
    o.currency,
    o.status,
    o.quantityKg ?? null,
    o.source,
  ]);
}

async function fetchCommand(args: string[], io: CliIo): Promise<number> {
  const [source, ...rest] = args;
  const known = (s: string | undefined): s is (typeof SOURCES)[number] =>
    s !== undefined && (SOURCES as readonly string[]).includes(s);
  if (known(source) && wantsHelp(rest)) {
    io.stdout(`${fetchSourceHelp(source)}\n`);
    return EXIT.ok;
  }
  if (source === undefined ? false : wantsHelp(args)) {
    io.stdout(`${FETCH_HELP}\n`);
    return EXIT.ok;
  }
  if (!known(source)) {
    const near = source === undefined ? undefined : nearest(source, SOURCES);
    throw new UsageError(
      `fetch requires a source: eurostat, hmrc or comtrade${source ? `, got ${JSON.stringify(source)}` : ''}${near === undefined ? '' : `; did you mean ${near}?`}`,
    );
  }
  const { values } = parse(rest, {
    ...COMMON_OPTIONS,
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
  });
  const from = period(values.from, 'from');
  const to = period(values.to, 'to');
  if (from === undefined || to === undefined) throw new UsageError('fetch requires --from and --to');
  const out = values.out;
  const format = formatOf(
    values.format,
    LIST_FORMATS,
    out === undefined ? 'table' : /\.csv$/i.test(out) ? 'csv' : /\.md$/i.test(out) ? 'md' : 'json',
  );
  const flows = list(values.flow, '--flow') as ('export' | 'import')[] | undefined;
  for (const f of flows ?? []) {
    if (f !== 'export' && f !== 'import')
      throw new UsageError(`--flow must be export or import, got ${JSON.stringify(f)}`);
  }
  const quiet = values.quiet === true;
  const bar = progress(io, quiet);
  const onProgress = (p: RemoteProgress) => {
    const { text, note } = describeProgress(p);
    if (note) bar.note(text);
    else bar.update(text);
  };
  const common = {
    onProgress,
    ...(values['cache-dir'] === undefined ? {} : { cacheDir: resolve(io.cwd, values['cache-dir']) }),
    ...(values.offline ? { offline: true } : {}),
    ...(values['as-of'] === undefined ? {} : { asOf: values['as-of'] }),
    ...(values.refresh ? { refresh: true } : {}),
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
  const partners = countries(values.partner, '--partner');
  const reporters = countries(values.reporter, '--reporter');
  const products = list(values.product, '--product');
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
    if (reporters === undefined) throw new UsageError('fetch comtrade requires --reporter');
    const key = io.env.COMTRADE_API_KEY;
    if (key === undefined || key === '')
      throw new CredentialsError('fetch comtrade requires the COMTRADE_API_KEY environment variable');
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
  const summary =
    `${source}: ${result.rowsRead} rows read, ${result.rowsKept} kept, ${result.rejects.length} rejected; ` +
    `${result.observations.length} observations (${currencies || 'no values'})\n` +
    result.rejects
      .slice(0, 5)
      .map((r) => `  rejected ${r.file}:${r.line} ${r.field ?? ''} ${r.reason}\n`)
      .join('');
  if (out === undefined && format === 'table') {
    if (!quiet) io.stdout(summary);
    return EXIT.ok;
  }
  const text =
    format === 'json'
      ? `${JSON.stringify(result, null, 1)}\n`
      : renderRows(OBSERVATION_HEAD, observationRows(result), format);
  const target = out ?? '-';
  // The summary goes where the data do not: stderr when the observations are on stdout.
  if (!quiet) (target === '-' ? io.stderr : io.stdout)(summary);
  const written = await deliver(io, text, target);
  if (written !== undefined && !quiet) io.stdout(`wrote ${written}\n`);
  return EXIT.ok;
}

const COMMANDS = ['report', 'datasets', 'fetch', 'help'] as const;

/**
 * The version in the package's own package.json: the first package.json named `trade-roundabout` above this
 * module (dist/cli.js in an install, src/cli/run.ts in the repository).
 */
async function packageVersion(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'trade-roundabout' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not ours): look one level up.
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('the package.json of trade-roundabout was not found above the CLI');
    dir = up;
  }
}

/** The message of an error for the one line on stderr, without a repeated `roundabout:` prefix. */
function oneLine(error: unknown): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  return first.replace(/^(roundabout:\s*)+/, '');
}

/**
 * Run the `roundabout` command line with arguments (without `node` and the script) and return the exit code:
 * 0 ok, 1 internal error (with the stack on stderr), 2 usage, 3 invalid data, 4 network or remote failure, 5 cache
 * miss while offline, 6 missing or refused credentials, 130 interrupted (see `cli/exit-codes.ts`).
 * Only `cli/main.ts` touches `process`; this function takes everything through `io`.
 *
 * @example
 * const code = await runCli(['datasets', '--format', 'json'], { stdout: (t) => process.stdout.write(t), stderr: () => {}, isTty: false, env: {}, cwd: '.' });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'report':
        return await report(rest, io);
      case 'datasets':
        return await datasets(rest, io);
      case 'fetch':
        return await fetchCommand(rest, io);
      case 'help': {
        const topic = rest[0];
        if (topic === 'report' || topic === 'datasets') return await runCli([topic, '--help'], io);
        if (topic === 'fetch') return await fetchCommand([...rest.slice(1), '--help'].slice(0, 2), io);
        if (topic !== undefined && topic !== 'help') {
          const near = nearest(topic, COMMANDS);
          throw new UsageError(
            `no help on ${JSON.stringify(topic)}; ${near === undefined ? 'try roundabout --help' : `did you mean roundabout help ${near}?`}`,
          );
        }
        io.stdout(`${USAGE}\n`);
        return EXIT.ok;
      }
      case undefined:
        io.stderr(`${USAGE}\n`);
        return EXIT.usage;
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return EXIT.ok;
      case '--version':
      case '-V':
        io.stdout(`trade-roundabout ${await packageVersion()}\n`);
        return EXIT.ok;
      default: {
        const near = nearest(command, COMMANDS);
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; ${near === undefined ? 'try roundabout --help' : `did you mean ${near}?`}`,
        );
      }
    }
  } catch (e) {
    const aborted = io.signal?.aborted === true;
    const code = exitCodeOf(e, aborted);
    if (code === EXIT.interrupted) {
      io.stderr('roundabout: interrupted\n');
      return code;
    }
    if (code !== undefined && isRoundaboutError(e)) {
      io.stderr(`roundabout: ${oneLine(e)}\n`);
      return code;
    }
    // Anything else is a bug: keep the stack.
    io.stderr(`roundabout: internal error\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
}
