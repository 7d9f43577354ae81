/**
 * Provenance records of bulk inputs read through DuckDB: the pure-JS loader's defaults and ids, so a series built
 * either way points to the same records.
 *
 * @module
 */
import type { Provenance } from '../../model/provenance.js';
import { buildProvenance, type ProvenanceDefaults, sourceId } from '../../shared/ingest.js';
import type { ProvenanceOverrides } from '../../sources/options.js';
import type { BulkInput } from './inputs.js';

// The defaults of src/sources/comext-bulk.ts (same publisher, dataset, licence and id prefix).
const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'eurostat-comext-bulk',
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title: 'EU trade since 1988 by HS2-4-6 and CN8 (Comext bulk download, full detail)',
  url: 'https://ec.europa.eu/eurostat/databrowser/bulk?lang=en&selectedTab=fileComext',
  licence: 'Eurostat copyright notice: reuse with attribution ("Source: Eurostat"), equivalent to CC BY 4.0',
  units: 'EUR; kg',
  notes: [
    'Bulk rows are broken down by statistical procedure (and trade type); the engine sums them into cells.',
  ],
};

/**
 * The provenance record of one input.
 *
 * @param sha256 - the file's hex SHA-256, or undefined when the caller skipped the checksum
 */
export function bulkProvenance(
  options: { readonly source?: string | undefined; readonly provenance?: ProvenanceOverrides | undefined },
  input: BulkInput,
  multi: boolean,
  sha256: string | undefined,
  note: string,
): Provenance {
  const sourceOptions = {
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.provenance === undefined ? {} : { provenance: options.provenance }),
  };
  const id = sourceId(DEFAULTS, sourceOptions, input.path, multi);
  const p = buildProvenance(DEFAULTS, sourceOptions, id, input.path, sha256 ?? '', {
    notes: [`layout: ${input.layout.name}`, note],
  });
  if (sha256 !== undefined) return p;
  const { sha256: _omit, ...rest } = p;
  const when = input.modified === undefined ? '' : `, modified ${input.modified}`;
  return {
    ...rest,
    notes: [
      ...(rest.notes ?? []),
      `SHA-256 not computed (checksum: true computes it); ${input.bytes} bytes${when}`,
    ],
  };
}
