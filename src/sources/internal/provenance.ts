/**
 * Provenance records for loaded files: the format's defaults, the caller's overrides, and the file name and
 * SHA-256 of the bytes read.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { OptionsError } from '../../errors.js';
import { type Provenance, ProvenanceSchema } from '../../model/provenance.js';
import type { ProvenanceOverrides, SourceOptions } from '../options.js';
import { baseName } from './text.js';

/** What a format knows about its publisher. */
export interface ProvenanceDefaults {
  /** Prefix of default provenance ids, e.g. `eurostat-comext`. */
  readonly idPrefix: string;
  readonly publisher: string;
  readonly dataset: string;
  readonly title?: string;
  readonly url?: string;
  readonly licence: string;
  readonly units?: string;
  readonly notes?: readonly string[];
}

/** Hex SHA-256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The provenance id of one input.
 *
 * @param multi - whether the input is one of several files read together
 */
export function sourceId(
  defaults: ProvenanceDefaults,
  options: SourceOptions,
  file: string,
  multi: boolean,
): string {
  const name = baseName(file);
  if (options.source === undefined) return `${defaults.idPrefix}:${name}`;
  return multi ? `${options.source}:${name}` : options.source;
}

/**
 * Build and validate the provenance record of one input. Values found in the data (e.g. a dataset code or the
 * publisher's update date) sit between the defaults and the caller's overrides.
 *
 * @throws {OptionsError} if an override makes the record invalid (an empty publisher, say)
 */
export function buildProvenance(
  defaults: ProvenanceDefaults,
  options: SourceOptions,
  id: string,
  file: string,
  sha256: string,
  found: ProvenanceOverrides = {},
): Provenance {
  const o: ProvenanceOverrides = options.provenance ?? {};
  const pick = (k: Exclude<keyof ProvenanceOverrides, 'notes'>): string | undefined =>
    o[k] ??
    found[k] ??
    (k in defaults ? (defaults as unknown as Record<string, string | undefined>)[k] : undefined);
  const notes = [...(defaults.notes ?? []), ...(found.notes ?? []), ...(o.notes ?? [])];
  const candidate: Record<string, unknown> = {
    id,
    publisher: pick('publisher'),
    dataset: pick('dataset'),
    licence: pick('licence'),
    file: baseName(file),
    sha256,
  };
  for (const k of ['title', 'url', 'vintage', 'retrieved', 'units'] as const) {
    const v = pick(k);
    if (v !== undefined) candidate[k] = v;
  }
  if (notes.length > 0) candidate.notes = notes;
  const parsed = ProvenanceSchema.safeParse(candidate);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new OptionsError(`provenance of ${baseName(file)} is invalid: ${msg}`);
  }
  return parsed.data;
}
