// Fuzz harness (issue 12): seeded byte-level corruptions of the real fixture files through every loader, each
// mutated file read by from* (bytes) and load* (a file on disk). Asserted: a loader ends in a result or in a typed
// error (a RoundaboutError — never a TypeError, RangeError or AbortError); a result's accounting is exact
// (rowsRead === rowsKept + rejects.length); and from* and load* agree on the same bytes (the same result, or the
// same error). Set FUZZ_SUMMARY=<path> to write the case counts by loader and mutation kind as JSON.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type LoadResult, RoundaboutError } from '../../src/index.js';
import {
  fromComextBulk,
  fromComextRelational,
  fromComtrade,
  fromCsv,
  fromHmrcOts,
  fromJsonStat,
  fromSdmxCsv,
  loadComextBulk,
  loadComextRelational,
  loadComtrade,
  loadCsv,
  loadHmrcOts,
  loadJsonStat,
  loadSdmxCsv,
} from '../../src/sources/index.js';
import { CSV_MAPPED_OPTIONS as CSV_OPTIONS } from '../sources/helpers.js';

const SEED = Number(process.env.FC_SEED ?? 20221224);
const CASES_PER_INPUT = 60;
/** A small record limit for the CSV readers, so the huge-field mutation crosses it without 4 MiB files. */
const MAX_RECORD_BYTES = 4096;

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const m = { maxRecordBytes: MAX_RECORD_BYTES };

interface Loader {
  readonly name: string;
  readonly from: (bytes: Uint8Array, file: string) => LoadResult;
  readonly load: (path: string) => Promise<LoadResult>;
  readonly delimiter: string;
}
const LOADERS: Record<string, Loader> = {
  csv: {
    name: 'fromCsv/loadCsv',
    delimiter: ';',
    from: (b, file) => fromCsv(b, { ...CSV_OPTIONS, ...m, file }),
    load: (p) => loadCsv(p, { ...CSV_OPTIONS, ...m }),
  },
  sdmx: {
    name: 'fromSdmxCsv/loadSdmxCsv',
    delimiter: ',',
    from: (b, file) => fromSdmxCsv(b, { ...m, file }),
    load: (p) => loadSdmxCsv(p, m),
  },
  relational: {
    name: 'fromComextRelational/loadComextRelational',
    delimiter: ',',
    from: (b, file) => fromComextRelational(b, { ...m, file }),
    load: (p) => loadComextRelational(p, m),
  },
  bulk: {
    name: 'fromComextBulk/loadComextBulk',
    delimiter: ',',
    from: (b, file) => fromComextBulk(b, { ...m, file }),
    load: (p) => loadComextBulk(p, m),
  },
  jsonStat: {
    name: 'fromJsonStat/loadJsonStat',
    delimiter: ',',
    from: (b, file) => fromJsonStat(b, { file }),
    load: (p) => loadJsonStat(p),
  },
  hmrc: {
    name: 'fromHmrcOts/loadHmrcOts',
    delimiter: ',',
    from: (b, file) => fromHmrcOts(b, { file }),
    load: (p) => loadHmrcOts(p),
  },
  comtrade: {
    name: 'fromComtrade/loadComtrade',
    delimiter: ',',
    from: (b, file) => fromComtrade(b, { file }),
    load: (p) => loadComtrade(p),
  },
};

const INPUTS: readonly (readonly [string, keyof typeof LOADERS])[] = [
  ['sources/csv-mapped.sample.csv', 'csv'],
  ['sources/comext-same-query.sdmx-csv.documented-layout.csv', 'sdmx'],
  ['sources/comext-same-query.sdmx-csv-2.documented-layout.csv', 'sdmx'],
  ['remote/eurostat/ds-045409-eu27-kg-kz-2021.sdmx.csv', 'sdmx'],
  ['sources/comext-relational.kz-export-2022-02.csv', 'relational'],
  ['sources/comext-relational.kg-export-2022-02.csv', 'relational'],
  ['sources/comext-relational.eu27-annual-2016-fr.csv', 'relational'],
  ['sources/comext-same-query.relational.documented-layout.csv', 'relational'],
  ['sources/comext-bulk.documented-layout.csv', 'bulk'],
  ['sources/comext-bulk-v2.documented-layout.csv', 'bulk'],
  ['sources/comext-same-query.json-stat.documented-layout.json', 'jsonStat'],
  ['sources/hmrc-ots.documented-layout.json', 'hmrc'],
  ['remote/hmrc/ots-uk-exports-2021-2023-page1.json', 'hmrc'],
  ['sources/comtrade.documented-layout.json', 'comtrade'],
  ['sources/comtrade.documented-layout.csv', 'comtrade'],
];

const KINDS = [
  'flip',
  'delete',
  'insertQuote',
  'insertDelimiter',
  'truncate',
  'duplicateLine',
  'insertCR',
  'insertNUL',
  'hugeField',
] as const;
type Kind = (typeof KINDS)[number];

/** mulberry32: a small seeded generator, enough to pick positions and kinds reproducibly. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(b: Buffer, kind: Kind, rnd: () => number, delimiter: string): Buffer {
  const at = Math.floor(rnd() * (b.length + 1));
  const insert = (bytes: Buffer) => Buffer.concat([b.subarray(0, at), bytes, b.subarray(at)]);
  switch (kind) {
    case 'flip':
      return Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rnd() * 256)]), b.subarray(at + 1)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(rnd() * 3))]);
    case 'insertQuote':
      return insert(Buffer.from('"'));
    case 'insertDelimiter':
      return insert(Buffer.from(delimiter));
    case 'truncate':
      return b.subarray(0, at);
    case 'insertCR':
      return insert(Buffer.from('\r'));
    case 'insertNUL':
      return insert(Buffer.from([0]));
    case 'hugeField':
      return insert(Buffer.from('9'.repeat(MAX_RECORD_BYTES + 1 + Math.floor(rnd() * 4 * MAX_RECORD_BYTES))));
    case 'duplicateLine': {
      const lines = b.toString('latin1').split('\n');
      const n = Math.floor(rnd() * lines.length);
      lines.splice(n, 0, lines[n] ?? '');
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

type Outcome = { readonly result: LoadResult } | { readonly error: unknown };

async function settle(f: () => LoadResult | Promise<LoadResult>): Promise<Outcome> {
  try {
    return { result: await f() };
  } catch (error) {
    return { error };
  }
}

/** What must agree between from* and load*. */
function comparable(o: Outcome) {
  if ('error' in o) {
    const e = o.error as Error;
    return { error: e?.constructor?.name, message: e?.message };
  }
  const r = o.result;
  return { observations: r.observations, rejects: r.rejects, rowsRead: r.rowsRead, rowsKept: r.rowsKept };
}

describe('fuzz: corrupted fixture files through every loader', () => {
  it(`${CASES_PER_INPUT} seeded corruptions of each of ${INPUTS.length} fixtures: typed errors only, exact accounting, from*/load* parity`, async () => {
    const rnd = generator(SEED);
    const counts: Record<string, Record<string, number>> = {};
    const outcomes: Record<string, { results: number; typedErrors: number; tooLongRejects: number }> = {};
    const bare: string[] = [];
    const mismatched: string[] = [];
    const parity: string[] = [];
    let caseNo = 0;
    for (const [name, key] of INPUTS) {
      const loader = LOADERS[key] as Loader;
      const original = readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
      for (let k = 0; k < CASES_PER_INPUT; k++) {
        caseNo++;
        const steps = 1 + Math.floor(rnd() * 3);
        let bytes: Buffer = original;
        const kinds: Kind[] = [];
        for (let s = 0; s < steps; s++) {
          const kind = KINDS[Math.floor(rnd() * KINDS.length)] as Kind;
          kinds.push(kind);
          bytes = mutate(bytes, kind, rnd, loader.delimiter);
        }
        counts[loader.name] ??= {};
        const byLoader = counts[loader.name] as Record<string, number>;
        for (const kind of kinds) byLoader[kind] = (byLoader[kind] ?? 0) + 1;
        const label = `case ${caseNo} (${name}; ${kinds.join(', ')})`;
        const path = join(tmp, `case-${caseNo}${name.slice(name.lastIndexOf('.'))}`);
        writeFileSync(path, bytes);
        const from = await settle(() => loader.from(bytes, path));
        const load = await settle(() => loader.load(path));
        outcomes[loader.name] ??= { results: 0, typedErrors: 0, tooLongRejects: 0 };
        const tally = outcomes[loader.name] as {
          results: number;
          typedErrors: number;
          tooLongRejects: number;
        };
        for (const [how, o] of [
          ['from', from],
          ['load', load],
        ] as const) {
          if ('error' in o) {
            if (o.error instanceof RoundaboutError) tally.typedErrors++;
            else bare.push(`${label} ${how}: ${String(o.error)}`);
          } else {
            tally.results++;
            const r = o.result;
            tally.tooLongRejects += r.rejects.filter((j) => j.reason.startsWith('record-too-long')).length;
            if (r.rowsRead !== r.rowsKept + r.rejects.length) {
              mismatched.push(
                `${label} ${how}: read ${r.rowsRead}, kept ${r.rowsKept}, rejected ${r.rejects.length}`,
              );
            }
          }
        }
        try {
          expect(comparable(load)).toEqual(comparable(from));
        } catch {
          parity.push(label);
        }
      }
    }
    if (process.env.FUZZ_SUMMARY !== undefined) {
      writeFileSync(
        process.env.FUZZ_SUMMARY,
        JSON.stringify({ seed: SEED, cases: caseNo, counts, outcomes }, null, 2),
      );
    }
    expect(bare).toEqual([]);
    expect(mismatched).toEqual([]);
    expect(parity).toEqual([]);
    expect(caseNo).toBe(CASES_PER_INPUT * INPUTS.length);
    // The huge-field mutation reached the record limit of the CSV readers (anchor: the limit is exercised).
    expect(outcomes['fromComextRelational/loadComextRelational']?.tooLongRejects).toBeGreaterThan(0);
  });
});
