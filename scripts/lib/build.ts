/**
 * The dataset build as a function: raw published files → compact CSVs, `catalog.json` and `README.md`.
 *
 * Deterministic: rows are sorted, numbers are written in canonical decimal form, nothing depends on the clock or
 * on absolute paths, so rebuilding into another folder gives byte-identical files.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetCatalog, DatasetCatalogEntry } from '../../src/datasets.js';
import {
  buildEuExportsAnnual,
  buildEuExportsMonthly,
  buildEuMemberStateTotals,
  buildEuSanctionedMonthly,
} from './eurostat.js';
import {
  buildMirrorAm,
  buildMirrorKg,
  buildMirrorKz,
  buildMirrorUz,
  buildRussiaCustomsMonthly,
  buildRussiaTradeAnnual,
  buildUkTradeMonthly,
} from './national.js';
import { type BuiltDataset, REBUILD_COMMAND } from './spec.js';
import {
  buildChpl,
  buildFxEcb,
  buildHsConcordance,
  buildHsDescriptions,
  buildSanctionsCn8,
  buildSanctionsHs6,
  buildUsExportPrices,
} from './tables.js';

/** Options of {@link buildDatasets}. */
export interface BuildOptions {
  /** Folder of the raw published files (the one with PROVENANCE.md). */
  readonly rawDir: string;
  /** Output folder (created if needed). */
  readonly outDir: string;
}

/** What a build wrote. */
export interface BuildReport {
  /** Files written, relative to `outDir`. */
  readonly files: readonly string[];
  /** The catalog written to `catalog.json`. */
  readonly catalog: DatasetCatalog;
}

const BUILDERS: readonly ((rawDir: string) => BuiltDataset)[] = [
  buildEuExportsMonthly,
  buildEuExportsAnnual,
  buildEuSanctionedMonthly,
  buildEuMemberStateTotals,
  buildUkTradeMonthly,
  buildMirrorKg,
  buildMirrorKz,
  buildMirrorAm,
  buildMirrorUz,
  buildRussiaTradeAnnual,
  buildRussiaCustomsMonthly,
  buildSanctionsHs6,
  buildSanctionsCn8,
  buildChpl,
  buildFxEcb,
  buildHsConcordance,
  buildHsDescriptions,
  buildUsExportPrices,
];

/**
 * Build every dataset from the raw folder into `outDir`.
 *
 * @param options - raw and output folders
 * @returns the files written and the catalog
 * @throws {Error} when a raw file has a label, flow or number the build does not know (a build that would
 *   silently drop data fails instead)
 */
export function buildDatasets(options: BuildOptions): BuildReport {
  mkdirSync(options.outDir, { recursive: true });
  const built = BUILDERS.map((b) => b(options.rawDir));
  const files: string[] = [];
  for (const b of built) {
    writeFileSync(join(options.outDir, b.entry.file), b.text);
    files.push(b.entry.file);
  }
  const catalog: DatasetCatalog = {
    format: 1,
    description:
      'Real published trade data shipped with trade-roundabout, built from the raw files by scripts/build-datasets.ts. Observation datasets: values in base units of `constants.currency`, one row per observation; columns missing from a file are constants. See README.md.',
    rebuild: REBUILD_COMMAND,
    datasets: Object.fromEntries(built.map((b) => [b.entry.name, b.entry])),
  };
  writeFileSync(join(options.outDir, 'catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  files.push('catalog.json');
  writeFileSync(join(options.outDir, 'README.md'), renderReadme(built.map((b) => b.entry)));
  files.push('README.md');
  return { files, catalog };
}

function renderReadme(entries: readonly DatasetCatalogEntry[]): string {
  const out: string[] = [
    '# Shipped datasets',
    '',
    'Real, published trade data in compact CSV, built from the raw files described in the raw folder’s',
    '`PROVENANCE.md` by `scripts/build-datasets.ts`. **Do not edit these files by hand**: rebuild them with',
    '',
    '```sh',
    `${REBUILD_COMMAND} [--raw <dir>] [--out <dir>]   # defaults: ../shared/data/raw and datasets/`,
    '```',
    '',
    'and a test rebuilds them into a temporary folder and compares byte for byte.',
    '',
    'Load them with `loadDataset(name)`; `listDatasets()` lists them. Machine-readable metadata (columns,',
    'constants, coverage, provenance with the SHA-256 of every source file, and what the build did not keep and',
    'why) is in `catalog.json`.',
    '',
    '**Observation datasets** have one row per observation. `value` is in **base units** of the currency (EUR, not',
    'EUR thousands; ONS £ million are multiplied by 1e6 with `roundingUnit` 1e6), empty when there is no number;',
    '`status` is `reported`, `zero`, `negligible`, `missing`, `confidential`, `estimated` or `provisional`. Fields',
    'that are the same on every row (reporter, currency, …) are not columns: they are `constants` in the catalog.',
    'Product codes: `TOTAL` (all goods), 2–6 digits = HS, 8 digits = CN.',
    '',
    '| name | kind | frequency | coverage | rows | units |',
    '|---|---|---|---|---|---|',
  ];
  for (const e of entries) {
    const cov = e.coverage === undefined ? '' : `${e.coverage.from} – ${e.coverage.to}`;
    out.push(
      `| [\`${e.name}\`](#${e.name}) | ${e.kind} | ${e.frequency ?? ''} | ${cov} | ${e.rows} | ${e.units} |`,
    );
  }
  out.push('');
  for (const e of entries) {
    out.push(`## ${e.name}`, '', `**${e.title}**`, '', e.description, '');
    out.push(
      `* File: \`${e.file}\` (${e.rows} rows); columns: ${e.columns.map((c) => `\`${c}\``).join(', ')}`,
    );
    const constants = Object.entries(e.constants);
    if (constants.length > 0) {
      out.push(`* Constants: ${constants.map(([k, v]) => `${k} = \`${v}\``).join(', ')}`);
    }
    out.push(`* Publisher: ${e.publisher}; dataset code: \`${e.datasetCode}\``);
    out.push(`* Licence / attribution: ${e.licence}`);
    out.push(`* Units: ${e.units}${e.frequency === undefined ? '' : `; frequency: ${e.frequency}`}`);
    if (e.coverage !== undefined) out.push(`* Coverage: ${e.coverage.from} to ${e.coverage.to}`);
    const b = e.build;
    out.push(
      `* Build: ${b.rowsRead} source records read, ${b.rowsKept} kept, ${b.rejects.reduce((s, r) => s + r.count, 0)} not kept` +
        (b.synthesised > 0 ? `, ${b.synthesised} rows synthesised (see caveats)` : '') +
        (b.corrected === undefined ? '' : `, ${b.corrected} rows corrected by hand (see caveats)`),
    );
    for (const r of b.rejects) out.push(`  * not kept (${r.count}): ${r.reason}`);
    out.push('* Caveats:');
    for (const c of e.caveats) out.push(`  * ${c}`);
    out.push('* Sources:');
    for (const p of e.provenance) {
      out.push(
        `  * \`${p.file}\` — ${p.publisher}, ${p.title ?? p.dataset}${p.vintage === undefined ? '' : `, vintage ${p.vintage}`}${p.url === undefined ? '' : ` (<${p.url}>)`}; units as published: ${p.units ?? ''}; sha256 \`${p.sha256}\``,
      );
    }
    out.push(`* Rebuild: \`${e.rebuild}\``, '');
  }
  return out.join('\n');
}
