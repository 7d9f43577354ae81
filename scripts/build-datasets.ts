/**
 * Build the shipped datasets from the raw published files.
 *
 * Usage: `npx tsx scripts/build-datasets.ts [--raw <dir>] [--out <dir>]`
 * (defaults: raw = `../shared/data/raw` relative to the repository root, out = `datasets/`).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDatasets } from './lib/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { raw: { type: 'string' }, out: { type: 'string' } },
  strict: true,
});
const rawDir = resolve(values.raw ?? resolve(root, '../shared/data/raw'));
const outDir = resolve(values.out ?? resolve(root, 'datasets'));

const report = buildDatasets({ rawDir, outDir });
for (const [name, e] of Object.entries(report.catalog.datasets)) {
  const rejected = e.build.rejects.reduce((s, r) => s + r.count, 0);
  console.log(
    `${name}: ${e.rows} rows (${e.build.rowsRead} read, ${e.build.rowsKept} kept, ${rejected} not kept${
      e.build.synthesised > 0 ? `, ${e.build.synthesised} synthesised` : ''
    })`,
  );
  for (const r of e.build.rejects) console.log(`  not kept ${r.count}: ${r.reason}`);
}
console.log(`wrote ${report.files.length} files to ${outDir}`);
