import { deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib';
import {
  budgetExceeded,
  DEFAULT_DECOMPRESSION_LIMITS,
  DecompressionLimitError,
  inflateBudget,
  isOutputTooLarge,
  maxOutputLength,
  type ResolvedDecompressionLimits,
} from '../internal/decompression.js';
import { TruncatedBodyError } from './transport.js';

/** One file inside a ZIP archive. */
export interface ZipEntry {
  /** The file name as stored in the archive. */
  readonly name: string;
  /** The uncompressed bytes, CRC-checked. */
  readonly data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 (IEEE 802.3, as ZIP and gzip use) of some bytes. Written out because `zlib.crc32` only exists from
 * Node 20.15 and the package supports Node ≥ 20.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // => 0xcbf43926
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A plain `Uint8Array` over a Buffer's bytes, without copying them. */
function view8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether bytes start with a ZIP local-file signature (`PK\x03\x04`) or an empty-archive one (`PK\x05\x06`). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** Whether bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Read every file of a ZIP archive (as Eurostat's asynchronous API delivers extractions) through its
 * central directory, inflating with `zlib.inflateRawSync` and checking each entry's size and CRC-32.
 *
 * Supports the stored (0) and deflate (8) methods, not ZIP64 or encryption: Eurostat's extractions are
 * capped at 5,000,000 cells, far below ZIP64 sizes. Complexity `O(n)` in the archive size.
 *
 * Bounded: more than `maxZipEntries` entries, or entries that together declare or inflate to more than the
 * archive's budget (`maxBodyBytes`, and `maxInflateRatio` × the archive's size past a 1 MiB grace), stop the
 * read — inflation of an entry stops as soon as it passes what is left of the budget.
 *
 * @param bytes - the archive
 * @param limits - decompression limits (default: the library's)
 * @returns the entries in central-directory order
 * @throws {TruncatedBodyError} if the archive is cut short or corrupt (the transport retries it)
 * @throws {DecompressionLimitError} if a limit is crossed (the transport ends with reason `limit`)
 * @example
 * const [first] = readZip(zipBytes); new TextDecoder().decode(first.data);
 */
export function readZip(
  bytes: Uint8Array,
  limits: ResolvedDecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS,
): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => view.getUint16(o, true);
  const u32 = (o: number): number => view.getUint32(o, true);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new TruncatedBodyError('ZIP archive truncated: no end-of-central-directory record');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff)
    throw new TruncatedBodyError('ZIP64 archives are not supported');
  if (cdOffset + cdSize > eocd)
    throw new TruncatedBodyError('ZIP archive truncated: central directory out of range');
  if (count > limits.maxZipEntries)
    throw new DecompressionLimitError(
      `decompression limit: the ZIP archive holds ${count} entries, more than maxZipEntries ${limits.maxZipEntries}`,
      'maxZipEntries',
      limits.maxZipEntries,
    );
  const budget = inflateBudget(limits, bytes.byteLength);
  let inflated = 0;
  let declared = 0;
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(p) !== 0x02014b50)
      throw new TruncatedBodyError(`ZIP archive corrupt: central directory entry ${i + 1} missing`);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const local = u32(p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > bytes.length || u32(local) !== 0x04034b50)
      throw new TruncatedBodyError(`ZIP archive corrupt: local header of ${name} missing`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compSize > cdOffset) throw new TruncatedBodyError(`ZIP archive truncated inside ${name}`);
    const raw = bytes.subarray(start, start + compSize);
    // Sizes as declared are checked before any inflating; the real output is bounded while inflating.
    declared += size;
    if (declared > budget.bytes)
      throw budgetExceeded(
        `the ZIP archive (declared sizes up to ${name})`,
        budget,
        limits,
        bytes.byteLength,
      );
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = view8(inflateRawSync(raw, maxOutputLength(budget.bytes - inflated)));
      } catch (e) {
        if (isOutputTooLarge(e)) throw budgetExceeded(`ZIP entry ${name}`, budget, limits, bytes.byteLength);
        throw new TruncatedBodyError(`ZIP entry ${name} does not inflate: ${(e as Error).message}`);
      }
    } else throw new TruncatedBodyError(`ZIP entry ${name} uses unsupported compression method ${method}`);
    inflated += data.length;
    if (inflated > budget.bytes) throw budgetExceeded(`ZIP entry ${name}`, budget, limits, bytes.byteLength);
    if (data.length !== size || crc32(data) !== crc)
      throw new TruncatedBodyError(`ZIP entry ${name} fails its size or CRC-32 check`);
    if (!name.endsWith('/')) entries.push({ name, data });
  }
  return entries;
}

/**
 * Decompress a gzip body (Eurostat's `compressed=true`), mapping a cut stream to a retryable error. Inflation
 * stops as soon as the output passes the body's budget (`maxBodyBytes`, and `maxInflateRatio` × the body's size
 * past a 1 MiB grace).
 *
 * @param limits - decompression limits (default: the library's)
 * @throws {TruncatedBodyError} if the stream is incomplete or corrupt
 * @throws {DecompressionLimitError} if it inflates past its budget
 * @example
 * gunzip(gzipSync(Buffer.from('x')));
 */
export function gunzip(
  bytes: Uint8Array,
  limits: ResolvedDecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS,
): Uint8Array {
  const budget = inflateBudget(limits, bytes.byteLength);
  try {
    return view8(gunzipSync(bytes, maxOutputLength(budget.bytes)));
  } catch (e) {
    if (isOutputTooLarge(e)) throw budgetExceeded('the gzip body', budget, limits, bytes.byteLength);
    throw new TruncatedBodyError(`gzip body truncated or corrupt: ${(e as Error).message}`);
  }
}

/**
 * Build a ZIP archive (deflated entries) — the inverse of {@link readZip}, used to write test fixtures and
 * to check the reader round-trips.
 *
 * @example
 * readZip(writeZip([{ name: 'a.csv', data: new TextEncoder().encode('x') }]))[0].name; // => 'a.csv'
 */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const comp = new Uint8Array(deflateRawSync(e.data));
    const crc = crc32(e.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, comp.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, comp.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, comp);
    central.push(cd);
    offset += local.length + comp.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((s, c) => s + c.length, 0));
  let o = 0;
  for (const c of all) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
