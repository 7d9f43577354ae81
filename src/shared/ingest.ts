/**
 * What the bulk engine (`engine/`) shares with the in-memory loaders (`sources/`) and the panel builders
 * (`panel/`): file lists and sizes, the Comext bulk layout, the CSV record reader and field cleaning, country
 * resolution, provenance records and series labels. `engine/` imports these from here, never from
 * `sources/internal/*` or `panel/internal/*`, so those folders stay private to their own modules and the contract
 * between the two paths is this one list (issue 13).
 *
 * Internal: not part of the public API.
 *
 * @module
 */
export { joinLabel } from '../panel/internal/build.js';
export { type BulkColumns, type BulkLayout, bulkLayoutOf } from '../sources/internal/comext-bulk-layout.js';
export { type CountryResolver, countryResolver } from '../sources/internal/countries.js';
export { csvRecordsFromText } from '../sources/internal/csv-records.js';
export { buildProvenance, type ProvenanceDefaults, sourceId } from '../sources/internal/provenance.js';
export { fileSizes, pathList } from '../sources/internal/read-file.js';
export { cleanField } from '../sources/internal/text.js';
