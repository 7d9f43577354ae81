/**
 * Mirror data: what the EU says it shipped to Kazakhstan, Armenia and the Kyrgyz Republic against what their own
 * customs say arrived from the EU — and what they say they sent on to Russia.
 *
 * If goods declared for the Kyrgyz Republic travel on to Russia without being declared as Kyrgyz imports (or are
 * declared under another origin), EU-reported exports rise and Kyrgyz-reported imports from the EU lag: the mirror
 * gap opens. The destinations' own exports to Russia should rise too.
 *
 * - EU side: Eurostat Comext, EU27 exports by partner, annual, EUR, FOB.
 * - Destination side: the national statistics offices (KZ, KG annual; AM monthly, summed to years), imports by
 *   country of origin from each of the 27 members, summed; USD, CIF. A 5% CIF/FOB allowance is applied.
 * - Both are compared in US dollars (EU figures converted at ECB annual averages), so the euro's fall in 2022 is
 *   not read as trade.
 *
 * Run: `npx tsx examples/mirror-gap.ts` (a few seconds). Writes report/examples/mirror-gap.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  convertCurrency,
  EU27,
  loadDataset,
  loadFxTable,
  type MirrorGapResult,
  mirrorGap,
  periodRange,
  type Series,
  type TradeObservation,
  toAnnual,
  toSeries,
} from 'trade-roundabout';
import { millions, NA, pct, pipeTable } from './lib/text.js';

const OUT = fileURLToPath(new URL('../report/examples', import.meta.url));
const DESTINATIONS = ['KZ', 'AM', 'KG'];
const PRE = ['2019', '2020', '2021']; // Kazakhstan's shipped data start in 2019
const POST = ['2022', '2023'];

/** Per destination: the mirror comparison year by year, and the summary figures. */
export interface MirrorRow {
  readonly destination: string;
  /** The per-year comparison, USD. */
  readonly gap: MirrorGapResult;
  /** Importer ÷ (exporter × 1.05) − 1 over the pre-war and post-war years (sums), a fraction. */
  readonly preGap: number | null;
  readonly postGap: number | null;
  /** The destination's own exports to Russia, USD a year. */
  readonly toRussia: Series;
  /** Mean post-war exports to Russia ÷ mean pre-war, a ratio. */
  readonly toRussiaRatio: number | null;
}

/** Compare, write the report and print it. Exported for the tests (quiet, temporary folder). */
export async function mirrorGaps(
  outDir = OUT,
  log: (line: string) => void = console.log,
): Promise<MirrorRow[]> {
  const eu = (await loadDataset('eu-exports-annual')).observations;
  const mirror = [
    ...(await loadDataset('mirror-kz-annual')).observations,
    ...(await loadDataset('mirror-am-monthly')).observations,
    ...(await loadDataset('mirror-kg-annual')).observations,
  ];
  const fx = await loadFxTable('annual');

  const rows: MirrorRow[] = [];
  const lines: string[] = [];
  for (const d of DESTINATIONS) {
    // What the EU says it exported to d (EUR), converted to USD at the ECB annual average rate.
    const euSays = convertCurrency(
      toSeries(eu, { reporter: 'EU27_2020', partner: d, flow: 'export' }),
      'USD',
      fx,
    );
    // What d says it imported from the EU: the sum of the 27 members, so "EU" means EU27 in every year.
    // Armenia publishes imports both by country of origin and by country of consignment; take origin, like the
    // other two. Armenia's data are monthly: sum them to calendar years (a year with a missing month is n/a).
    const own = (o: TradeObservation) => o.reporter === d && o.partnerBasis !== 'consignment';
    const dSays = annual(
      toSeries(mirror.filter(own), {
        reporter: d,
        partner: [...EU27],
        flow: 'import',
        label: { partner: 'EU27_2020' },
      }),
    );
    const gap = mirrorGap(euSays, dSays, { cifFob: 0.05 });
    // And what d says it exported to Russia.
    const toRussia = annual(toSeries(mirror.filter(own), { reporter: d, partner: 'RU', flow: 'export' }));

    // Summaries over the years: sums of both sides, then one ratio (years with a value on both sides only).
    const over = (years: readonly string[]) => {
      const have = gap.byPeriod.filter(
        (r) => years.includes(r.period) && r.exporter !== null && r.importer !== null,
      );
      const e = have.reduce((s, r) => s + r.exporter!, 0);
      const i = have.reduce((s, r) => s + r.importer!, 0);
      return have.length === years.length && e > 0 ? i / (e * 1.05) - 1 : null;
    };
    const mean = (years: readonly string[]) => {
      const v = years.map((y) => toRussia.values[toRussia.periods.indexOf(y)] ?? null);
      return v.every((x) => x !== null) ? v.reduce((s, x) => s + x, 0) / v.length : null;
    };
    const pre = mean(PRE);
    const post = mean(POST);
    const row: MirrorRow = {
      destination: d,
      gap,
      preGap: over(PRE),
      postGap: over(POST),
      toRussia,
      toRussiaRatio: pre !== null && post !== null && pre > 0 ? post / pre : null,
    };
    rows.push(row);

    lines.push(
      `${d}: USD million a year. Gap = ${d}-recorded imports from the EU27 ÷ (EU-recorded exports to ${d} × 1.05) − 1.`,
      '',
      ...pipeTable(
        ['year', `EU says it shipped to ${d}`, `${d} says it got from EU`, 'gap', `${d} exports to RU`],
        periodRange(PRE[0]!, POST.at(-1)!).map((y) => {
          const r = gap.byPeriod.find((x) => x.period === y);
          return [
            y,
            millions(r?.exporter),
            millions(r?.importer),
            pct(r?.gapPct),
            millions(toRussia.values[toRussia.periods.indexOf(y)]),
          ];
        }),
        ['l', 'r', 'r', 'r', 'r'],
      ),
      '',
      `The gap was ${pct(row.preGap)} in ${PRE[0]}–${PRE.at(-1)} and ${pct(row.postGap)} in ${POST[0]}–${POST.at(-1)}; ` +
        `${d}'s exports to Russia were ${row.toRussiaRatio === null ? NA : `${row.toRussiaRatio.toFixed(1)}×`} ` +
        `their ${PRE[0]}–${PRE.at(-1)} mean.`,
      '',
    );
  }
  lines.push(
    'Caveats: importers record CIF and by country of origin, exporters FOB and by destination, so the two sides never ' +
      'match exactly — it is the change in the gap after 2022 that matters. Kyrgyz exports include large gold flows in some years.',
  );
  await mkdir(outDir, { recursive: true });
  await writeFile(
    join(outDir, 'mirror-gap.md'),
    `# Mirror data: EU exports vs CCA3 imports\n\n${lines.join('\n')}\n`,
  );
  for (const line of lines) log(line);
  return rows;
}

/** Annual values: monthly series are summed to calendar years (a year with a missing month is `null`). */
function annual<C extends Series['currency']>(s: Series<C>): Series<C> {
  return s.frequency === 'annual' ? s : toAnnual(s, { require: 'all' });
}

// Run when called as a script; the tests import `mirrorGaps` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await mirrorGaps();
