/**
 * The headline claim, in three lines: did EU and UK exports to Kazakhstan, Armenia and the Kyrgyz Republic (the
 * "CCA3") rise after Russia's invasion of Ukraine by more than an honest baseline explains — more than exports to
 * comparable destinations, more for sanctioned goods, and do the CCA3's own customs records agree?
 *
 * `roundabout()` runs all four tests on the data shipped with the package (Eurostat Comext, ONS, the CCA3's
 * national statistics, IMF, ECB); every default is the EBRD's setting (post-period from March 2022, baselines fitted
 * on January 2019 – January 2022, pre-war years 2017–2019 for the annual comparisons). The report is a
 * self-contained HTML page with charts, and the same in Markdown.
 *
 * Run: `npx tsx examples/eu-to-cca3.ts` (about 15 s). Writes report/examples/eu-to-cca3.html and .md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Finding,
  formatTable,
  type RoundaboutOptions,
  type RoundaboutResult,
  renderHtml,
  renderMarkdown,
  roundabout,
} from 'trade-roundabout';

const OUT = fileURLToPath(new URL('../report/examples', import.meta.url));

/**
 * Run the analysis, write the report, print the verdict leg by leg. Exported so the tests can run it quietly
 * (`log`), into a temporary folder (`outDir`), with fewer simulation draws (`options`).
 */
export async function euToCca3(
  options: RoundaboutOptions = {},
  outDir = OUT,
  log: (line: string) => void = console.log,
): Promise<RoundaboutResult> {
  // The analysis in one call; the report (HTML with charts, and Markdown) in two more.
  const result = await roundabout(options);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'eu-to-cca3.html'), await renderHtml(result));
  await writeFile(join(outDir, 'eu-to-cca3.md'), renderMarkdown(result));

  // What follows only prints. One line per exporter × destination for each leg: the headline baseline
  // (seasonal trend, in the exporter's own currency), the placebo rank among clean control destinations, the
  // triple difference for sanctioned goods, and the mirror gap.
  log(result.verdict);
  log('');
  log('Money in millions of the currency in the header or Cur column, summed over the window.');
  for (const leg of result.legs) {
    log('');
    log(`${leg.leg}: ${leg.status.toUpperCase()} — ${leg.title}`);
    log(`  ${READING[leg.leg as Finding['leg']] ?? ''}`);
    const rows = result.findings.filter((f) => f.leg === leg.leg && isHeadline(f));
    if (rows.length > 0) log(formatTable(rows, { width: 170 }).trimEnd());
  }
  log('');
  log(`Report: ${join(outDir, 'eu-to-cca3.html')} (open it in a browser) and eu-to-cca3.md`);
  return result;
}

/** How to read each leg's table: what "expected" means there. */
const READING: Record<Finding['leg'], string> = {
  'above-baseline':
    'Expected = the baseline named in Method, fitted on the pre-war months; Excess % = actual / expected - 1.',
  'vs-controls':
    "Expected = pre-war exports grown at the clean control destinations' median growth; p = rank among the controls.",
  'sanctioned-vs-other':
    'Excess % = extra growth of sanctioned over other goods, net of the same gap for the other neighbours (EBRD: about +30%).',
  mirror:
    'Actual = what the destination recorded as imports; Expected = what the exporter reported shipping, +5% for CIF/FOB.',
  'product-level':
    'Excess % = exp(β) − 1 of treated destination × post(code) in a product-level PPML; p = randomisation over destinations (optional leg, not run here).',
};

/** The one finding per exporter × destination that each leg's verdict leans on (see the report for the rest). */
function isHeadline(f: Finding): boolean {
  const ownCurrency = f.currency === (f.exporter === 'GB' ? 'GBP' : 'EUR');
  switch (f.leg) {
    case 'above-baseline':
      // UK monthly figures for AM and KG are rounded to whole £ millions, so those two are annual sums.
      return f.productGroup === 'TOTAL' && ownCurrency && /^seasonalTrend$|annual sums/.test(f.method);
    case 'vs-controls':
      return f.method === 'placebo destinations';
    case 'sanctioned-vs-other':
      return f.method === 'tripleDiff';
    case 'mirror':
      return f.method === 'mirrorGap';
    case 'product-level':
      return f.role === 'headline';
  }
}

// Run when called as a script; the tests import `euToCca3` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await euToCca3();
