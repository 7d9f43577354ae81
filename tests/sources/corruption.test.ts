import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DataValidationError, type LoadResult } from '../../src/index.js';
import {
  fromComextBulk,
  fromComextRelational,
  fromComtrade,
  fromCsv,
  fromHmrcOts,
  fromJsonStat,
  fromSdmxCsv,
} from '../../src/sources/index.js';
import { CSV_MAPPED_OPTIONS as CSV_OPTIONS, expectWellFormed, fixtureBytes } from './helpers.js';

/** Every parser with a valid input of its format. */
const CASES: readonly (readonly [string, string, (b: Uint8Array) => LoadResult])[] = [
  ['relational', 'comext-relational.kz-export-2022-02.csv', (b) => fromComextRelational(b)],
  ['relational (quoted, CRLF)', 'comext-relational.kg-export-2022-02.csv', (b) => fromComextRelational(b)],
  ['bulk classic', 'comext-bulk.documented-layout.csv', (b) => fromComextBulk(b)],
  ['bulk v2', 'comext-bulk-v2.documented-layout.csv', (b) => fromComextBulk(b)],
  ['SDMX-CSV 1.0', 'comext-same-query.sdmx-csv.documented-layout.csv', (b) => fromSdmxCsv(b)],
  ['SDMX-CSV 2.0', 'comext-same-query.sdmx-csv-2.documented-layout.csv', (b) => fromSdmxCsv(b)],
  ['JSON-stat', 'comext-same-query.json-stat.documented-layout.json', (b) => fromJsonStat(b)],
  ['HMRC OTS', 'hmrc-ots.documented-layout.json', (b) => fromHmrcOts(b)],
  ['Comtrade JSON', 'comtrade.documented-layout.json', (b) => fromComtrade(b)],
  ['Comtrade CSV', 'comtrade.documented-layout.csv', (b) => fromComtrade(b)],
  ['generic CSV', 'csv-mapped.sample.csv', (b) => fromCsv(b, CSV_OPTIONS)],
];
const INPUTS = CASES.map(([, name]) => fixtureBytes(name));

type Op =
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly char: string }
  | { readonly kind: 'duplicateLine' | 'removeLine' | 'quote' | 'bom'; readonly at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({
    kind: fc.constant('delete' as const),
    at,
    char: fc.constantFrom(',', ';', '"', '\n', ':', '{', '}'),
  }),
  fc.record({
    kind: fc.constantFrom('duplicateLine' as const, 'removeLine' as const, 'quote' as const, 'bom' as const),
    at,
  }),
);

function corrupt(input: Uint8Array, ops: readonly Op[]): Buffer {
  let b = Buffer.from(input);
  for (const o of ops) {
    const i = Math.floor(o.at * b.length);
    switch (o.kind) {
      case 'flip':
        b = Buffer.concat([b.subarray(0, i), Buffer.from([o.byte]), b.subarray(i + 1)]);
        break;
      case 'truncate':
        b = b.subarray(0, i);
        break;
      case 'delete': {
        const positions: number[] = [];
        const code = o.char.charCodeAt(0);
        for (let k = 0; k < b.length; k++) if (b[k] === code) positions.push(k);
        const p = positions[Math.floor(o.at * positions.length)];
        if (p !== undefined) b = Buffer.concat([b.subarray(0, p), b.subarray(p + 1)]);
        break;
      }
      case 'quote':
        b = Buffer.concat([b.subarray(0, i), Buffer.from('"'), b.subarray(i)]);
        break;
      case 'bom':
        b = Buffer.concat([b.subarray(0, i), Buffer.from([0xef, 0xbb, 0xbf]), b.subarray(i)]);
        break;
      default: {
        const lines = b.toString('latin1').split('\n');
        const n = Math.floor(o.at * lines.length);
        if (o.kind === 'duplicateLine') lines.splice(n, 0, lines[n] ?? '');
        else lines.splice(n, 1);
        b = Buffer.from(lines.join('\n'), 'latin1');
      }
    }
  }
  return b;
}

describe('every parser on corrupted input', () => {
  test.prop([fc.integer({ min: 0, max: CASES.length - 1 }), fc.array(op, { minLength: 1, maxLength: 4 })], {
    numRuns: 400,
  })(
    'either returns a result with rowsRead === rowsKept + rejects (all observations schema-valid) or throws DataValidationError',
    (which, ops) => {
      const [, , parse] = CASES[which]!;
      const input = corrupt(INPUTS[which]!, ops);
      let result: LoadResult | undefined;
      try {
        result = parse(input);
      } catch (e) {
        expect(e).toBeInstanceOf(DataValidationError);
        return;
      }
      expectWellFormed(result);
    },
  );

  test.prop([fc.integer({ min: 0, max: CASES.length - 1 })], { numRuns: 11 })(
    'the uncorrupted inputs load without throwing (anchor of the property above)',
    (which) => {
      const [, , parse] = CASES[which]!;
      const r = parse(INPUTS[which]!);
      expectWellFormed(r);
      expect(r.rowsKept).toBeGreaterThan(0);
    },
  );
});
