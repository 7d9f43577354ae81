/**
 * Eurostat SDMX-CSV: what the Comext API (`/api/comext/dissemination/sdmx/…?format=SDMX-CSV`) returns for
 * DS-045409 and its sister datasets.
 *
 * Two layouts are read, told apart by their first column:
 * - SDMX-CSV 1.0 (SDMX 2.1 API): `DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,
 *   TIME_PERIOD,OBS_VALUE[,OBS_FLAG][,CONF_STATUS]`, e.g. `ESTAT:DS-045409(1.0),15/09/26 11:00:00,M,DE,KG,TOTAL,2,
 *   VALUE_IN_EUROS,2022-03,7105065`;
 * - SDMX-CSV 2.0 (SDMX 3.0 API): `STRUCTURE,STRUCTURE_ID[,STRUCTURE_NAME][,ACTION],freq,…,OBS_FLAG,CONF_STATUS`
 *   with `STRUCTURE` = `dataflow`. Header names such as `freq:Time frequency` and codes such as `M: Monthly`
 *   (`labels=both`) are reduced to their code.
 *
 * A record is one CSV row (one cell of the cube). `VALUE_IN_EUROS` rows become observations in EUR;
 * `QUANTITY_IN_100KG` rows (× 100) are merged as `quantityKg` into the value row with the same key and count as
 * kept; supplementary-unit rows are rejected.
 *
 * @module
 */
import { DataValidationError } from '../errors.js';
import type { LoadResult } from '../model/load-result.js';
import { countryResolver } from './internal/countries.js';
import { type CsvFormat, loadCsvInputs, parseCsvInput } from './internal/drivers.js';
import { eurostatCellSink } from './internal/eurostat.js';
import { parseValue } from './internal/numbers.js';
import type { ProvenanceDefaults } from './internal/provenance.js';
import { columnKey } from './internal/text.js';
import type { CsvRecordOptions, LoadOptions, ProvenanceOverrides, SourceOptions } from './options.js';

/**
 * Options of {@link fromSdmxCsv} and {@link loadSdmxCsv}.
 *
 * @example
 * const options: SdmxCsvOptions = { indicator: 'VALUE_IN_EUROS', source: 'comext-api-kg' };
 */
export interface SdmxCsvOptions extends SourceOptions, CsvRecordOptions {
  /**
   * Indicator of every row when the file has no `indicators` column (e.g. `VALUE_IN_EUROS` when the query
   * fixed it); without it such a file is refused.
   */
  readonly indicator?: string;
}

const DEFAULTS: ProvenanceDefaults = {
  idPrefix: 'eurostat-sdmx',
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title: 'EU trade since 1988 by HS2-4-6 and CN8',
  url: 'https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1/data/DS-045409',
  licence: 'Eurostat copyright notice: reuse with attribution ("Source: Eurostat"), equivalent to CC BY 4.0',
  units: 'EUR (VALUE_IN_EUROS); quantities in 100 kg converted to kg',
};

const REQUIRED = ['REPORTER', 'PARTNER', 'PRODUCT', 'FLOW', 'TIME_PERIOD', 'OBS_VALUE'] as const;

/** `M: Monthly` → `M` (SDMX-CSV with labels), plus the label for country look-ups. */
function codeAndLabel(value: string): { code: string; label?: string } {
  const m = /^([^:]+):\s+(.+)$/.exec(value);
  return m ? { code: m[1]!.trim(), label: m[2]!.trim() } : { code: value };
}

/** `15/09/26 11:00:00` → `2026-09-15T11:00:00`. */
function lastUpdate(value: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4})(?:\s+(\d{2}:\d{2}(?::\d{2})?))?$/.exec(value.trim());
  if (!m) return /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? value.trim() : undefined;
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  return `${year}-${m[2]}-${m[1]}${m[4] === undefined ? '' : `T${m[4]}`}`;
}

function sdmxFormat(options: SdmxCsvOptions): CsvFormat<'EUR'> {
  return (header, headerLine, ctx) => {
    const index = new Map<string, number>();
    header.forEach((h, i) => {
      const k = columnKey(h);
      if (!index.has(k)) index.set(k, i);
    });
    for (const col of REQUIRED) {
      if (!index.has(col)) {
        throw new DataValidationError(
          `not an SDMX-CSV file of a Comext dataset: missing column ${col}`,
          { file: ctx.out.file, line: headerLine, field: col },
          [{ code: 'missing_column', path: [col], message: `missing column ${col}` }],
        );
      }
    }
    if (!index.has('INDICATORS') && options.indicator === undefined) {
      throw new DataValidationError(
        'missing column INDICATORS (pass options.indicator when the query fixed it)',
        { file: ctx.out.file, line: headerLine, field: 'INDICATORS' },
        [{ code: 'missing_column', path: ['INDICATORS'], message: 'missing column INDICATORS' }],
      );
    }
    const col = (name: string) => index.get(name);
    const name = (k: string) => header[index.get(k) ?? -1] ?? k;
    const get = (fields: readonly string[], k: string): string => {
      const i = col(k);
      return i === undefined ? '' : (fields[i] ?? '');
    };
    const sink = eurostatCellSink(
      ctx,
      {
        reporter: name('REPORTER'),
        partner: name('PARTNER'),
        product: name('PRODUCT'),
        flow: name('FLOW'),
        period: name('TIME_PERIOD'),
        indicator: index.has('INDICATORS') ? name('INDICATORS') : 'indicator',
        value: name('OBS_VALUE'),
        flags: index.has('OBS_FLAG') ? name('OBS_FLAG') : name('OBS_VALUE'),
      },
      countryResolver(options.countryLabels),
    );
    const structureCol = col('DATAFLOW') ?? col('STRUCTURE_ID');
    let vintage: string | undefined;
    const datasets = new Set<string>();
    return {
      row(fields, line, raw) {
        if (structureCol !== undefined) {
          const m = /(?:^|:)([A-Za-z0-9_.@-]+)\(/.exec(fields[structureCol] ?? '');
          if (m) datasets.add(m[1]!);
        }
        if (vintage === undefined && index.has('LAST UPDATE'))
          vintage = lastUpdate(get(fields, 'LAST UPDATE'));
        const reporter = codeAndLabel(get(fields, 'REPORTER'));
        const partner = codeAndLabel(get(fields, 'PARTNER'));
        sink.add({
          line,
          raw,
          reporter: reporter.code,
          ...(reporter.label === undefined ? {} : { reporterLabel: reporter.label }),
          partner: partner.code,
          ...(partner.label === undefined ? {} : { partnerLabel: partner.label }),
          product: codeAndLabel(get(fields, 'PRODUCT')).code,
          flow: codeAndLabel(get(fields, 'FLOW')).code,
          period: get(fields, 'TIME_PERIOD'),
          freq: codeAndLabel(get(fields, 'FREQ')).code,
          indicator: index.has('INDICATORS')
            ? codeAndLabel(get(fields, 'INDICATORS')).code
            : (options.indicator ?? ''),
          value: parseValue(get(fields, 'OBS_VALUE')),
          flags: get(fields, 'OBS_FLAG'),
          conf: get(fields, 'CONF_STATUS'),
        });
      },
      finish: () => sink.finish(),
      found(): ProvenanceOverrides {
        const list = [...datasets];
        return {
          ...(list.length > 0 ? { dataset: list.join('+') } : {}),
          ...(vintage === undefined ? {} : { vintage }),
        };
      },
    };
  };
}

/**
 * Parse Eurostat SDMX-CSV (1.0 or 2.0) of a Comext dataset into EUR observations.
 *
 * Reporter and partner codes (`DE`, `EL`, `EU27_2020`, `WORLD`, …) are resolved to our codes (EL → GR); unknown
 * codes are rejected. Values are EUR in base units; an empty `OBS_VALUE` or `:` is `missing` (value `null`), with
 * `c`/`CONF_STATUS` C `confidential`; `p` is provisional, `e`/`s` estimated, `n` negligible (value `null`),
 * `b`/`d`/`r`/`u` keep the value as reported; a number with a confidential or not-available flag, a forecast
 * (`f`) and unknown flags are rejected — a flag never becomes a value. The dataset code comes from
 * `DATAFLOW`/`STRUCTURE_ID`, the vintage from `LAST UPDATE`. Runs in O(rows).
 *
 * @param text - the CSV text or its bytes (UTF-8)
 * @param options - input label, provenance, extra country labels, fixed indicator
 * @returns observations in EUR, rejects with line and column, provenance; `rowsRead === rowsKept + rejects.length`
 * @throws {DataValidationError} if a required column (`reporter`, `partner`, `product`, `flow`, `TIME_PERIOD`,
 *   `OBS_VALUE`, `indicators`) is missing, or a quote is never closed
 * @example
 * const csv = 'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n' +
 *   'ESTAT:DS-045409(1.0),15/09/26 11:00:00,M,DE,KG,TOTAL,2,VALUE_IN_EUROS,2022-03,7105065,\n';
 * fromSdmxCsv(csv).observations[0]?.value; // => 7105065
 */
export function fromSdmxCsv(text: string | Uint8Array, options: SdmxCsvOptions = {}): LoadResult<'EUR'> {
  return parseCsvInput(text, options, DEFAULTS, ',', sdmxFormat(options));
}

/**
 * Read one or more SDMX-CSV files (plain or gzip), streaming; see {@link fromSdmxCsv} for the rules.
 *
 * @param pathOrPaths - a file path or several
 * @param options - as {@link fromSdmxCsv}, plus `onProgress`
 * @returns the combined result, one provenance record per file
 * @throws {DataValidationError} as {@link fromSdmxCsv}, or if a file cannot be read
 * @example
 * const eu = await loadSdmxCsv('ds-045409.csv', { onProgress: (p) => console.log(p.bytes, p.rows) });
 */
export function loadSdmxCsv(
  pathOrPaths: string | readonly string[],
  options: Omit<SdmxCsvOptions, 'file'> & LoadOptions = {},
): Promise<LoadResult<'EUR'>> {
  return loadCsvInputs(pathOrPaths, options, DEFAULTS, ',', sdmxFormat(options), 'loadSdmxCsv');
}
