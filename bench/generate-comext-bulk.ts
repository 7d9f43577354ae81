// SYNTHETIC data generator — writes files in the exact layout of Eurostat's Comext bulk files (classic layout,
// `DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,…,VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY`)
// filled with SYNTHETIC rows: invented values drawn from fixed-seed random distributions, NOT Eurostat data.
//
// A CSV cannot carry a comment Eurostat does not put there, so the label travels in the FILE NAME
// (`comext-bulk-SYNTHETIC-<rows>-seed<seed>.dat`) and in a sidecar `<file>.README` written next to it.
//
// Distributions, chosen to look like the real files (so parsers and hash tables see realistic cardinalities):
// - 27 declarants (the EU member states, Germany largest: Zipf weights);
// - ~260 partners (every ISO 3166 code, Zipf weights with the big trading partners first, a few Comext special
//   codes such as QS "stores and provisions" and QU "not determined" that the library rejects as unknown);
// - ~9,000 CN8 codes built on the real HS6 codes of the shipped `sanctions-eu-hs6.csv` (chapters 01–97, with
//   leading zeros for chapters 01–09), Zipf weights;
// - 72 months 2019-01..2024-12, flows 1/2, statistical regimes 1–4 (mostly 1);
// - values lognormal (median about 6,000 EUR, heavy right tail), masses from a lognormal price per kg, about 3% of
//   rows with a zero mass, supplementary quantities 0 for NO_SU codes.
//
//   npx tsx bench/generate-comext-bulk.ts --rows 1e6 [--out bench/out] [--seed 1] [--gzip]
import { closeSync, createWriteStream, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { COUNTRY_RECORDS } from '../src/reference/country-data.js';
import { EU27 } from '../src/reference/groups.js';

/** The classic bulk header, exactly as Eurostat prints it. */
export const CLASSIC_HEADER =
  'DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA2002,' +
  'PRODUCT_CPA2008,PRODUCT_CPA2_1,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,STAT_REGIME,SUPP_UNIT,PERIOD,' +
  'VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY';

/** Eurostat geonomenclature numeric codes of the member states (as in the bulk files' DECLARANT column). */
const DECLARANTS: readonly (readonly [string, string])[] = [
  ['004', 'DE'],
  ['003', 'NL'],
  ['001', 'FR'],
  ['005', 'IT'],
  ['017', 'BE'],
  ['011', 'ES'],
  ['060', 'PL'],
  ['038', 'AT'],
  ['061', 'CZ'],
  ['007', 'IE'],
  ['030', 'SE'],
  ['064', 'HU'],
  ['008', 'DK'],
  ['063', 'SK'],
  ['066', 'RO'],
  ['032', 'FI'],
  ['010', 'PT'],
  ['009', 'GR'],
  ['068', 'BG'],
  ['055', 'LT'],
  ['091', 'SI'],
  ['018', 'LU'],
  ['092', 'HR'],
  ['053', 'EE'],
  ['054', 'LV'],
  ['600', 'CY'],
  ['046', 'MT'],
];

/** Big partners first, so Zipf weights put the real heavyweights on top. */
const BIG_PARTNERS = [
  'DE',
  'FR',
  'US',
  'CN',
  'NL',
  'IT',
  'GB',
  'BE',
  'ES',
  'PL',
  'CH',
  'AT',
  'TR',
  'RU',
  'JP',
];
/** Comext special partner codes (stores and provisions, not determined, secret…): not countries. */
const SPECIAL_PARTNERS = ['QP', 'QQ', 'QR', 'QS', 'QU', 'QV', 'QW', 'QX', 'QY', 'QZ'];
const SUPP_UNITS = ['NO_SU', 'NO_SU', 'NO_SU', 'p/st', 'p/st', 'l', 'm2', 'pa', 'kg 90 % sdt', 'NAR'];
const CN_SUFFIXES = ['00', '10', '90', '20', '30', '80', '11', '19', '40', '50', '91', '99'];

/** A small fast seeded PRNG (sfc32) with a Box–Muller normal. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** A uniform integer in [0, 2^32). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** A uniform number in [0, 1). */
  uniform(): number {
    return this.next() / 4294967296;
  }
  /** A standard normal draw. */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** Cumulative Zipf weights 1/(k+1)^s over n items. */
function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) cdf[k] = cdf[k]! / total;
  return cdf;
}

function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.next() % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Real HS6 codes (HS2017) from the shipped sanctions table: the skeleton of the synthetic CN8 codes. */
function hs6Codes(): string[] {
  const text = readFileSync(new URL('../datasets/sanctions-eu-hs6.csv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.slice(0, 6))
    .filter((c) => /^\d{6}$/.test(c));
}

/** What the generator writes into an injected bad row. */
export type InjectedFault = 'value' | 'period' | 'flow' | 'partner' | 'product';

/** Options of {@link comextBulkRows}. */
export interface GenerateOptions {
  /** Data rows to write (header excluded). */
  readonly rows: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
  /** First and last month (default 2019-01..2024-12). */
  readonly from?: string;
  readonly to?: string;
  /** Fraction of rows given one deliberate fault each (default 0: only the special partner codes reject). */
  readonly faultRate?: number;
  /** Number of CN8 codes (default 9,000). */
  readonly products?: number;
}

/**
 * Yield the file in text chunks (header first) of about `chunkRows` rows each. Deterministic for a seed.
 */
export function* comextBulkChunks(options: GenerateOptions, chunkRows = 50_000): Generator<string> {
  const rng = new Rng(options.seed ?? 1);
  const from = options.from ?? '2019-01';
  const to = options.to ?? '2024-12';
  const periods: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); ; ) {
    const p = `${y}${String(m).padStart(2, '0')}`;
    periods.push(p);
    if (`${y}-${String(m).padStart(2, '0')}` >= to) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  const eu = new Set<string>(EU27);
  const declarants = DECLARANTS.map(([num, iso]) => `${num},${iso},`);
  const declCdf = zipfCdf(declarants.length, 1.0);
  const others = shuffle(
    COUNTRY_RECORDS.map((r) => r.alpha2).filter((c) => !BIG_PARTNERS.includes(c)),
    rng,
  );
  const partnerIso = [...BIG_PARTNERS, ...others, 'XK', 'XC', 'XL', ...SPECIAL_PARTNERS];
  const m49 = new Map(COUNTRY_RECORDS.map((r) => [r.alpha2, r.m49]));
  const partners = partnerIso.map((iso, k) => {
    const num = m49.get(iso) ?? String(900 + k);
    return `${num.padStart(4, '0')},${iso},${eu.has(iso) ? 'I' : 'E'},`;
  });
  const partnerCdf = zipfCdf(partners.length, 1.1);
  const hs6 = shuffle(hs6Codes(), rng);
  const nProducts = options.products ?? 9000;
  const products: string[] = [];
  for (let k = 0; k < nProducts; k++) {
    const h = hs6[k % hs6.length]!;
    const cn = h + CN_SUFFIXES[Math.floor(k / hs6.length) % CN_SUFFIXES.length]!;
    const chapter = Number(cn.slice(0, 2));
    const section = String(Math.min(21, 1 + Math.floor(chapter / 5))).padStart(2, '0');
    const sitc = `${String((chapter * 7) % 10)}${cn.slice(2, 6)}`;
    const cpa = `${cn.slice(0, 4)}`;
    products.push(
      `${cn},${sitc},${cpa},${cpa},${cpa},${(chapter % 7) + 1}${chapter % 10},${cn.slice(0, 2)}${cn.slice(4, 8)},${section},`,
    );
  }
  const productCdf = zipfCdf(products.length, 0.9);
  const faultRate = options.faultRate ?? 0;
  let buf: string[] = [`${CLASSIC_HEADER}\n`];
  for (let i = 0; i < options.rows; i++) {
    const di = pick(declCdf, rng.uniform());
    let pi = pick(partnerCdf, rng.uniform());
    // A member state does not trade with itself.
    while (partnerIso[pi] === DECLARANTS[di]![1]) pi = pick(partnerCdf, rng.uniform());
    const d = declarants[di]!;
    const p = partners[pi]!;
    const prod = products[pick(productCdf, rng.uniform())]!;
    const flow = rng.uniform() < 0.5 ? '1' : '2';
    const u = rng.uniform();
    const regime = u < 0.85 ? '1' : u < 0.93 ? '2' : u < 0.98 ? '3' : '4';
    const su = SUPP_UNITS[rng.next() % SUPP_UNITS.length]!;
    const period = periods[rng.next() % periods.length]!;
    const value = Math.max(1, Math.round(Math.exp(8.7 + 2.4 * rng.normal())));
    const kg = rng.uniform() < 0.03 ? 0 : Math.round(value / Math.exp(1.5 + 1.2 * rng.normal()));
    const supq = su === 'NO_SU' ? 0 : Math.round(kg / (1 + 9 * rng.uniform()));
    let row = `${d}${p}${prod}${flow},${regime},${su},${period},${value},${kg},${supq}\n`;
    if (faultRate > 0 && rng.uniform() < faultRate) row = injectFault(row, rng);
    buf.push(row);
    if (buf.length >= chunkRows) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('');
}

/** Replace one field of a row with a value the loaders must reject. */
function injectFault(row: string, rng: Rng): string {
  const f = row.slice(0, -1).split(',');
  const kinds: InjectedFault[] = ['value', 'period', 'flow', 'partner', 'product'];
  const kind = kinds[rng.next() % kinds.length]!;
  if (kind === 'value') f[17] = ['n/a?', '12O0', '1.2.3', 'x'][rng.next() % 4]!;
  else if (kind === 'period') f[16] = ['202213', '2022', 'Q12022', '20221'][rng.next() % 4]!;
  else if (kind === 'flow') f[13] = ['3', '0', 'X'][rng.next() % 3]!;
  else if (kind === 'partner') f[3] = ['ZZ', 'XX', '??'][rng.next() % 3]!;
  else f[5] = ['ABC', '8471300A1', '12.34'][rng.next() % 3]!;
  return `${f.join(',')}\n`;
}

/** The SYNTHETIC label written next to each generated file. */
export function readmeText(options: GenerateOptions, file: string): string {
  return [
    `${file}: SYNTHETIC data — NOT Eurostat figures.`,
    '',
    'Generated by bench/generate-comext-bulk.ts for benchmarks and tests of the Comext bulk loaders.',
    'The layout is the exact classic Comext bulk layout (nc*/full*.dat); every row is invented from fixed-seed',
    'random distributions (Zipf declarants/partners/products, lognormal values). Do not cite any figure in it.',
    '',
    `rows: ${options.rows}; seed: ${options.seed ?? 1}; months: ${options.from ?? '2019-01'}..${options.to ?? '2024-12'}; ` +
      `fault rate: ${options.faultRate ?? 0}`,
    '',
  ].join('\n');
}

/** The file name of a generated file: the word SYNTHETIC is part of it. */
export function syntheticFileName(rows: number, seed: number, gzip: boolean): string {
  return `comext-bulk-SYNTHETIC-${rows}-seed${seed}.dat${gzip ? '.gz' : ''}`;
}

/**
 * Write a SYNTHETIC Comext-layout file (and its `.README`) into `dir`.
 *
 * @returns the path written
 */
export async function generateComextBulk(
  dir: string,
  options: GenerateOptions & { readonly gzip?: boolean },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = syntheticFileName(options.rows, options.seed ?? 1, options.gzip === true);
  const path = join(dir, name);
  if (options.gzip === true) {
    const gz = createGzip({ level: 6 });
    const out = createWriteStream(path);
    const done = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      gz.on('error', reject);
    });
    gz.pipe(out);
    for (const chunk of comextBulkChunks(options)) {
      if (!gz.write(chunk)) await new Promise((r) => gz.once('drain', r));
    }
    gz.end();
    await done;
  } else {
    const fd = openSync(path, 'w');
    try {
      for (const chunk of comextBulkChunks(options)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
  writeFileSync(`${path}.README`, readmeText(options, name));
  return path;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1e6' },
      out: { type: 'string', default: 'bench/out' },
      seed: { type: 'string', default: '1' },
      gzip: { type: 'boolean', default: false },
      'fault-rate': { type: 'string', default: '0' },
    },
  });
  const t0 = performance.now();
  const path = await generateComextBulk(values.out, {
    rows: Number(values.rows),
    seed: Number(values.seed),
    gzip: values.gzip,
    faultRate: Number(values['fault-rate']),
  });
  process.stdout.write(`wrote ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
