/**
 * Comext bulk files through embedded DuckDB: the scale path of the library, on small files you can read.
 *
 * 1. `examples/data/comext-bulk.documented-layout.csv` — nine rows in the exact classic layout of Eurostat's bulk
 *    files (a lost leading zero, a confidential code, two statistical procedures of one key, an annual row, an
 *    unknown partner code) — aggregated by `aggregateComextBulk` into series, with the row accounting.
 * 2. The shipped real extract of EU exports of sanctioned CN8 codes (`eu-sanctioned-exports-monthly`, Eurostat),
 *    written out in the v2 bulk layout (`REPORTER, PARTNER, …, VALUE_EUR, QUANTITY_KG`) to a temporary file, read back
 *    through the same DuckDB path into one series per CN8 code × destination, and screened: which codes rose after
 *    the invasion beyond their own seasonal trend, at a 5% false discovery rate?
 *
 * Real bulk files (`full_v2_YYYYMM.7z`, millions of rows a month) go through the same call; see bench/README.md for
 * timings at 1–50 million rows.
 *
 * Run: `npx tsx examples/bulk.ts` (a few seconds).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDataset, type ScreenResult, screen } from 'trade-roundabout';
import { aggregateComextBulk } from 'trade-roundabout/bulk';
import { millions, NA, pct, pipeTable } from './lib/text.js';

const FIXTURE = fileURLToPath(new URL('data/comext-bulk.documented-layout.csv', import.meta.url));

/** What the example computes (for the tests). */
export interface BulkExample {
  /** Series of the documented-layout file, by key, with their single month's value. */
  readonly fixture: Readonly<Record<string, { readonly period: string; readonly value: number | null }>>;
  readonly fixtureStats: { readonly scanned: number; readonly kept: number; readonly rejected: number };
  /** The screen of the real extract read back through the bulk path. */
  readonly screen: ScreenResult;
}

/** Write the shipped sanctioned-goods extract as a v2 Comext bulk file; returns its path. */
async function writeV2(dir: string): Promise<string> {
  const { observations } = await loadDataset('eu-sanctioned-exports-monthly');
  const lines = ['REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG'];
  for (const o of observations) {
    if (o.product.level !== 8 || o.value === null) continue;
    lines.push(
      `${o.reporter},${o.partner},E,${o.product.code},2,1,${o.period.replace('-', '')},${o.value},${o.quantityKg ?? ''}`,
    );
  }
  const path = join(dir, 'eu27-sanctioned-cn8.v2-layout.csv');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** Run both parts and print them. Exported for the tests (quiet). */
export async function bulkExample(log: (line: string) => void = console.log): Promise<BulkExample> {
  // 1. The documented layout: every row accounted for, series in EUR.
  const small = await aggregateComextBulk(FIXTURE);
  log(
    `${FIXTURE.split('/').pop()}: ${small.stats.rowsScanned} rows scanned, ${small.stats.rowsKept} kept, ` +
      `${small.stats.rowsFiltered} outside the selection, ${small.stats.rowsRejected} rejected`,
  );
  for (const [reason, n] of Object.entries({ ...small.stats.rejectReasons, ...small.stats.filterReasons })) {
    log(`  ${n} × ${reason}`);
  }
  const fixture: Record<string, { period: string; value: number | null }> = {};
  const rows = Object.entries(small.series).map(([id, s]) => {
    fixture[id] = { period: s.periods[0]!, value: s.values[0] ?? null };
    return [
      s.key.reporter,
      s.key.partner,
      s.key.flow,
      s.key.product,
      s.periods.join(', '),
      s.values.map((v) => (v === null ? NA : v.toLocaleString('en-GB'))).join(', '),
      s.status.join(', '),
    ];
  });
  for (const line of pipeTable(['reporter', 'partner', 'flow', 'product', 'period', 'EUR', 'status'], rows, [
    'l',
    'l',
    'l',
    'l',
    'l',
    'r',
    'l',
  ]))
    log(line);
  log('');

  // 2. Real data in the bulk layout → one series per CN8 code × destination → the screen.
  const dir = await mkdtemp(join(tmpdir(), 'roundabout-bulk-example-'));
  try {
    const file = await writeV2(dir);
    const big = await aggregateComextBulk(file, {
      flows: ['export'],
      groupBy: ['product', 'partner', 'period'],
      productLevel: 8,
    });
    log(
      `eu-sanctioned-exports-monthly in the v2 bulk layout: ${big.stats.rowsScanned.toLocaleString('en-GB')} rows → ` +
        `${Object.keys(big.series).length.toLocaleString('en-GB')} series (CN8 code × destination), EUR, 2020-01..2022-11`,
    );
    const result = await screen({ series: big.series });
    log(
      `screen: seasonal trend fitted on ${result.settings.fit.join('..')}, excess ${result.settings.from}..${result.settings.to}; ` +
        `${result.tested} series tested, ${result.significant} rose significantly (FDR ${result.settings.alpha * 100}%); ` +
        `${result.series - result.tested} set aside (small base, too few months, …)`,
    );
    const top = result.rows
      .slice(0, 10)
      .map((r) => [
        String(r.rank),
        r.product,
        r.partner,
        millions(r.actual),
        millions(r.expected),
        pct(r.excessPct),
        r.z === null ? NA : r.z.toFixed(1),
        r.q === null ? NA : r.q.toExponential(1),
        r.flags.join(' ') || '—',
      ]);
    for (const line of pipeTable(
      ['rank', 'product', 'to', 'actual (EUR m)', 'expected (EUR m)', 'excess', 'z', 'q', 'flags'],
      top,
      ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ))
      log(line);
    return {
      fixture,
      fixtureStats: {
        scanned: small.stats.rowsScanned,
        kept: small.stats.rowsKept,
        rejected: small.stats.rowsRejected,
      },
      screen: result,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Run when called as a script; the tests import `bulkExample` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bulkExample();
