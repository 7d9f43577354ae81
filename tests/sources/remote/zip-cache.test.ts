import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fc, test as fcTest } from '@fast-check/vitest';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OptionsError } from '../../../src/errors.js';
import { asOfInstant, type CacheEntry, cacheKey, openCache } from '../../../src/sources/remote/cache.js';
import { TruncatedBodyError } from '../../../src/sources/remote/transport.js';
import { crc32, readZip, writeZip } from '../../../src/sources/remote/zip.js';
import { tempDir } from './support.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readZip', () => {
  test('crc32 matches the standard check value', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
  });

  test('round-trips files written by writeZip', () => {
    const files = [
      { name: 'DS-045409.csv', data: enc('DATAFLOW,TIME_PERIOD,OBS_VALUE\nX,2021-01,1\n'.repeat(50)) },
      { name: 'b.txt', data: enc('') },
    ];
    const back = readZip(writeZip(files));
    expect(back.map((e) => e.name)).toEqual(['DS-045409.csv', 'b.txt']);
    expect(new TextDecoder().decode(back[0]?.data)).toBe(new TextDecoder().decode(files[0]?.data));
  });

  fcTest.prop([fc.integer({ min: 0, max: 10_000 })])(
    'every truncation of an archive throws TruncatedBodyError',
    (cut) => {
      const zip = writeZip([{ name: 'a.csv', data: enc('OBS_VALUE\n'.repeat(300)) }]);
      const at = cut % zip.length;
      expect(() => readZip(zip.subarray(0, at))).toThrow(TruncatedBodyError);
    },
  );

  test('a flipped byte in the data fails the CRC check', () => {
    const zip = writeZip([{ name: 'a.csv', data: enc('stored text '.repeat(40)) }]);
    const bad = zip.slice();
    bad[40] = (bad[40] as number) ^ 0xff;
    expect(() => readZip(bad)).toThrow(TruncatedBodyError);
  });
});

describe('openCache', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  const entry = (query: string, retrieved: string, text: string): CacheEntry => ({
    key: cacheKey(query),
    query,
    source: 'eurostat',
    retrieved,
    lastUpdate: '16/11/24 23:00:00',
    parts: [{ url: 'https://example.test/a', body: enc(text), contentType: 'text/csv' }],
  });

  test('stores every vintage and asOf reads the newest at or before the date', async () => {
    const cache = openCache(dir);
    const q = 'eurostat:DS-045409:M.EU27_2020.KG.TOTAL.2.VALUE_IN_EUROS:2021-01..2021-12';
    await cache.write(entry(q, '2024-01-10T08:00:00.000Z', 'january'));
    await cache.write(entry(q, '2024-03-05T08:00:00.000Z', 'march'));
    const key = cacheKey(q);
    expect(await cache.vintages(key)).toEqual(['2024-01-10T08:00:00.000Z', '2024-03-05T08:00:00.000Z']);
    const text = async (asOf?: string) => {
      const e = await cache.read(key, asOf === undefined ? {} : { asOf });
      return e ? new TextDecoder().decode(e.parts[0]?.body) : undefined;
    };
    expect(await text()).toBe('march');
    expect(await text('2024-02-29')).toBe('january');
    expect(await text('2024-01-10')).toBe('january');
    expect(await text('2024-01-09')).toBeUndefined();
    expect((await cache.read(key))?.lastUpdate).toBe('16/11/24 23:00:00');
  });

  test('an entry whose bytes were altered fails its checksum and is ignored, falling back to an older vintage', async () => {
    const cache = openCache(dir);
    const q = 'hmrc:OTS:x';
    await cache.write(entry(q, '2024-01-10T08:00:00.000Z', 'good old'));
    await cache.write(entry(q, '2024-03-05T08:00:00.000Z', 'good new'));
    const folder = join(dir, 'entries', cacheKey(q));
    const newest = join(folder, `${Date.parse('2024-03-05T08:00:00.000Z')}.json`);
    const stored = JSON.parse(await readFile(newest, 'utf8'));
    stored.parts[0].data = Buffer.from('tampered').toString('base64');
    await writeFile(newest, JSON.stringify(stored));
    const e = await cache.read(cacheKey(q));
    expect(new TextDecoder().decode(e?.parts[0]?.body)).toBe('good old');
    await writeFile(
      join(folder, `${Date.parse('2024-01-10T08:00:00.000Z')}.json`),
      '{"format":"roundabout-cache/1","key"',
    );
    expect(await cache.read(cacheKey(q))).toBeUndefined();
  });

  test('a write leaves no temporary file behind, and a stray one from a crash is never read', async () => {
    const cache = openCache(dir);
    const q = 'comtrade:x';
    await cache.write(entry(q, '2024-01-10T08:00:00.000Z', 'data'));
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    await writeFile(join(dir, 'tmp', 'deadbeef.tmp'), '{"half":');
    expect(new TextDecoder().decode((await cache.read(cacheKey(q)))?.parts[0]?.body)).toBe('data');
  });

  test('checkpoints are kept apart from entries: a partial download is never read as data', async () => {
    const cache = openCache(dir);
    const q = 'hmrc:OTS:partial';
    const key = cacheKey(q);
    await cache.writeCheckpoint({
      key,
      query: q,
      next: 'https://x/OTS?$skip=80',
      parts: [{ url: 'https://x/OTS', body: enc('{"value":[]}') }],
    });
    expect(await cache.read(key)).toBeUndefined();
    expect((await cache.readCheckpoint(key))?.next).toBe('https://x/OTS?$skip=80');
    await cache.clearCheckpoint(key);
    expect(await cache.readCheckpoint(key)).toBeUndefined();
  });

  fcTest.prop([fc.string({ maxLength: 200 })])(
    'any query maps to a 64-hex key and a path inside the cache directory',
    (query) => {
      const key = cacheKey(query);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  test('keys that are not sha256 hex (e.g. path traversal) are refused', async () => {
    const cache = openCache(dir);
    await expect(cache.read('../../etc/passwd')).rejects.toBeInstanceOf(OptionsError);
    await expect(
      cache.write({ ...entry('q', '2024-01-01T00:00:00Z', 'x'), key: cacheKey('other') }),
    ).rejects.toBeInstanceOf(OptionsError);
  });

  test('asOf accepts dates and date-times, rejects anything else', () => {
    expect(asOfInstant('2024-01-31')).toBe(Date.parse('2024-01-31T23:59:59.999Z'));
    expect(asOfInstant('2024-01-31T10:00:00Z')).toBe(Date.parse('2024-01-31T10:00:00Z'));
    expect(() => asOfInstant('last week')).toThrow(OptionsError);
  });
});
