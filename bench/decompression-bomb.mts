// SYNTHETIC decompression bombs (issue 12, item 7): how long a reader takes, and how much memory it holds, before
// it gives up on a small body that inflates to hundreds of megabytes.
//
//   npx tsx bench/decompression-bomb.mts                          # 200 MB and 600 MB, every case, default limits
//   npx tsx bench/decompression-bomb.mts --sizes 200 --cases zip  # one case
//   npx tsx bench/decompression-bomb.mts --max-inflate-ratio 1e9 --max-body-bytes 1e9   # limits as options
//
// Cases: `zip` (a Eurostat asynchronous extraction whose ZIP holds one entry), `zip-lie` (the same ZIP declaring
// 1,000 bytes uncompressed in its central directory, so only the bound while inflating stops it), `gzip-encoding` (a synchronous reply
// sent with `Content-Encoding: gzip`, which `fetch` inflates), `gzip-body` (a gzip reply without Content-Encoding,
// as with Eurostat's compressed=true), `local-gz` (`loadSdmxCsv` on a .gz file). The bombs are SYNTHETIC: one
// SDMX-CSV header and one row repeated, generated here and written to the temp folder (file names say SYNTHETIC).
// The remote cases go through `fetchEurostatRaw` against a 127.0.0.1 server in the measuring process, with
// `retries: 0` and the cache off. Each case runs in its own child process, so its peak RSS
// (`process.resourceUsage().maxRSS`) is its own; the child's baseline RSS before the call is printed too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw, createGzip } from 'node:zlib';

const HEADER =
  'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n';
const ROW = 'ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,EU27_2020,KG,TOTAL,2,VALUE_IN_EUROS,2021-01,1000,\n';
const MB = 1_000_000;
const CASES = ['zip', 'zip-lie', 'gzip-encoding', 'gzip-body', 'local-gz'] as const;
type Case = (typeof CASES)[number];

/** Compress `inflated` bytes of SYNTHETIC SDMX-CSV through a zlib stream, 1 MB at a time; returns the chunks and CRC. */
async function compress(
  stream: ReturnType<typeof createGzip>,
  inflated: number,
): Promise<{ bytes: Buffer; crc: number; size: number }> {
  const chunk = Buffer.from(ROW.repeat(Math.floor(MB / ROW.length)));
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer): Promise<void> => {
    crc = crc32(b, crc);
    size += b.length;
    if (!stream.write(b)) await new Promise((r) => stream.once('drain', r));
  };
  await write(Buffer.from(HEADER));
  while (size + chunk.length <= inflated) await write(chunk);
  stream.end();
  await done;
  return { bytes: Buffer.concat(out), crc, size };
}

/** A one-entry ZIP archive around raw-deflated data (the layout `readZip` reads). */
function zipOf(name: string, deflated: Buffer, crc: number, size: number, declared = size): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30 + n.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  n.copy(local, 30);
  const cd = Buffer.alloc(46 + n.length);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(crc >>> 0, 16);
  cd.writeUInt32LE(deflated.length, 20);
  cd.writeUInt32LE(declared, 24);
  cd.writeUInt16LE(n.length, 28);
  n.copy(cd, 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(local.length + deflated.length, 16);
  return Buffer.concat([local, deflated, cd, end]);
}

/** Build (once) the SYNTHETIC bomb file of a case and size; returns its path. */
async function bombFile(kind: Case, mb: number): Promise<string> {
  const zip = kind === 'zip' || kind === 'zip-lie';
  const path = join(
    tmpdir(),
    `roundabout-SYNTHETIC-bomb-${mb}MB${kind === 'zip-lie' ? '-lie' : ''}.${zip ? 'zip' : 'csv.gz'}`,
  );
  if (existsSync(path)) return path;
  const { bytes, crc, size } = await compress(
    zip ? createDeflateRaw({ level: 9 }) : createGzip({ level: 9 }),
    mb * MB,
  );
  const declared = kind === 'zip-lie' ? 1000 : size;
  await writeFile(path, zip ? zipOf('SYNTHETIC-DS-045409.csv', bytes, crc, size, declared) : bytes);
  return path;
}

const asyncReply = (status: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><ns0:asyncResponse xmlns:ns0="http://estat.ec.europa.eu/disschain/soap/extraction"><status><key>SYNTHETIC-1</key><status>${status}</status></status></ns0:asyncResponse></env:Body></env:Envelope>`;

/** The measuring child: serve or read the bomb, time the call, report peak RSS and how it ended. */
async function child(kind: Case, path: string, limits: Record<string, number>): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const bomb = await readFile(path);
  const { fetchEurostatRaw } = await import('../src/sources/remote/eurostat.js');
  const { loadSdmxCsv } = await import('../src/sources/sdmx-csv.js');
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (body: Buffer | string, headers: Record<string, string> = {}): void => {
      const b = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(200, { 'content-length': String(b.length), ...headers });
      res.end(b);
    };
    if (kind === 'zip' || kind === 'zip-lie') {
      if (url.startsWith('/sdmx/')) send(asyncReply('SUBMITTED'));
      else if (url.startsWith('/1.0/async/status/')) send(asyncReply('AVAILABLE'));
      else send(bomb, { 'content-type': 'application/zip' });
    } else if (kind === 'gzip-encoding')
      send(bomb, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    else send(bomb, { 'content-type': 'application/octet-stream' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rssBefore = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  let outcome: string;
  try {
    if (kind === 'local-gz') {
      const r = await loadSdmxCsv(path, limits);
      outcome = `read whole: ${r.rowsRead} rows`;
    } else {
      const [entry] = await fetchEurostatRaw(
        { reporters: ['EU27_2020'], partners: ['KG'], from: '2021-01', to: '2021-01' },
        { baseUrl: base, cache: false, retries: 0, asyncPollMs: 1, timeoutMs: 600_000, ...limits },
      );
      outcome = `read whole: ${entry?.parts[0]?.body.length ?? 0} bytes`;
    }
  } catch (e) {
    const err = e as { name?: string; reason?: string; limit?: string; message?: string };
    outcome = `${err.name}${err.reason ? ` reason=${err.reason}` : ''}${err.limit ? ` limit=${err.limit}` : ''}: ${String(err.message).slice(0, 160)}`;
  }
  const ms = performance.now() - t0;
  server.close();
  process.stdout.write(
    `${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, baselineRssMB: rssBefore / 1024, outcome })}\n`,
  );
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const limits: Record<string, number> = {};
for (const [flag, key] of [
  ['--max-body-bytes', 'maxBodyBytes'],
  ['--max-inflate-ratio', 'maxInflateRatio'],
  ['--max-zip-entries', 'maxZipEntries'],
] as const) {
  const v = arg(flag);
  if (v !== undefined) limits[key] = Number(v);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Case, process.argv[4] as string, limits);
} else {
  const sizes = (arg('--sizes') ?? '200,600').split(',').map(Number);
  const cases = (arg('--cases') ?? CASES.join(',')).split(',') as Case[];
  const script = fileURLToPath(import.meta.url);
  console.log(
    `SYNTHETIC decompression bombs; limits ${JSON.stringify(limits)} (empty = defaults); node ${process.version}`,
  );
  console.log('| case | inflated | compressed | time to end | peak RSS (baseline) | outcome |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const mb of sizes) {
    for (const kind of cases) {
      const path = await bombFile(kind, mb);
      const compressed = (await stat(path)).size;
      const extra = process.argv
        .slice(2)
        .filter((a, i, all) => a.startsWith('--max') || all[i - 1]?.startsWith('--max'));
      const argv = [process.execPath, '--import', 'tsx', script, '--child', kind, path, ...extra];
      // Under /usr/bin/time -v when there is one, so a child that crashes still reports its peak RSS.
      const timed = existsSync('/usr/bin/time');
      const r = spawnSync(
        timed ? '/usr/bin/time' : (argv[0] as string),
        timed ? ['-v', ...argv] : argv.slice(1),
        {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        },
      );
      const line = r.stdout.trim().split('\n').pop() ?? '';
      const timeRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
      let cell: string;
      try {
        const j = JSON.parse(line) as {
          ms: number;
          maxRssMB: number;
          baselineRssMB: number;
          outcome: string;
        };
        cell = `${(j.ms / 1000).toFixed(2)} s | ${j.maxRssMB.toFixed(0)} MB (${j.baselineRssMB.toFixed(0)} MB) | ${j.outcome.replace(/\|/g, '/')}`;
      } catch {
        const tail =
          r.stderr
            .trim()
            .split('\n')
            .filter((l) => /Error|heap|memory/i.test(l))[0] ?? '';
        const rss = timeRss === undefined ? '–' : `${(Number(timeRss) / 1024).toFixed(0)} MB`;
        const wall = /Elapsed \(wall clock\) time.*: (\S+)/.exec(r.stderr)?.[1] ?? '–';
        cell = `${wall} (whole child) | ${rss} | child crashed: ${tail.trim().slice(0, 160)}`;
      }
      console.log(`| ${kind} | ${mb} MB | ${(compressed / 1000).toFixed(0)} KB | ${cell} |`);
    }
  }
}
