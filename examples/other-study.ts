/**
 * Another question, same code: nothing in `roundabout` is hard-wired to the EBRD's case. Here: did EU exports to
 * Georgia and Uzbekistan — the two neighbours the main study uses for comparison — also rise above their pre-war
 * path, with the post-period starting in June 2022 (after the EU's sixth sanctions package, when the first
 * disruption of trade routes had passed) instead of March?
 *
 * Only options change. What the shipped data cannot answer, the result says so: there is no comparison group for
 * the triple difference here (that leg reads `cannot-tell`), and Georgia publishes no mirror data in the package.
 *
 * Run: `npx tsx examples/other-study.ts` (about 10 s). Writes report/examples/other-study.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  formatTable,
  type RoundaboutOptions,
  type RoundaboutResult,
  renderMarkdown,
  roundabout,
} from 'trade-roundabout';

const OUT = fileURLToPath(new URL('../report/examples', import.meta.url));

/** The study, as options. Everything not named keeps its default (baselines, controls, currencies, target RU…). */
export const OTHER_STUDY: RoundaboutOptions = {
  exporters: ['EU27_2020'],
  destinations: ['GE', 'UZ'],
  otherNeighbours: [], // GE and UZ were the comparison destinations; now there are none
  treatment: '2022-06', // first post-war month; the baselines are still fitted on 2019-01..2022-01
};

/** Run the study, write its report, print the verdicts. Exported for the tests (quiet, temp folder, options). */
export async function otherStudy(
  options: RoundaboutOptions = {},
  outDir = OUT,
  log: (line: string) => void = console.log,
): Promise<RoundaboutResult> {
  const result = await roundabout({ ...OTHER_STUDY, ...options });
  await mkdir(outDir, { recursive: true });
  await writeFile(
    join(outDir, 'other-study.md'),
    renderMarkdown(result, { title: 'EU exports to Georgia and Uzbekistan after June 2022' }),
  );

  log(result.verdict);
  for (const leg of result.legs) {
    log('');
    log(`${leg.leg}: ${leg.status.toUpperCase()} — ${leg.text}`);
  }
  // Every baseline on the total-goods series: do they agree on the direction? (money in EUR million, summed
  // over 2022-06 to the last month of data; the Method column names the baseline, fitted on 2019-01..2022-01)
  log('');
  const baselines = result.findings.filter(
    (f) => f.leg === 'above-baseline' && f.productGroup === 'TOTAL' && f.currency === 'EUR',
  );
  log(formatTable(baselines, { width: 160 }).trimEnd());
  log('');
  log(`Report: ${join(outDir, 'other-study.md')}`);
  return result;
}

// Run when called as a script; the tests import `otherStudy` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await otherStudy();
