/**
 * Run chosen rows of the baselines' calibration section, for a quick look:
 * `npx tsx bench/calibration/run-case.ts seasonalTrend,stlForecast 0,1,3 200` (baselines, GRID indices, reps).
 * Seeds are 7 + the GRID index (the full harness, `npm run calibration`, uses its own).
 *
 * @module
 */
import { BASELINES, GRID, runCase } from './section-baselines.js';

const names = (process.argv[2] ?? 'seasonalTrend').split(',');
const cases = (process.argv[3] ?? '0').split(',').map(Number);
const reps = Number(process.argv[4] ?? 100);
for (const b of BASELINES.filter((x) => names.includes(x.name))) {
  for (const ci of cases) {
    const c = GRID[ci];
    if (c === undefined) continue;
    const t0 = Date.now();
    const r = runCase(c, b, reps, 7 + ci);
    console.log(
      `${b.name} | ${c.label} | ${r.covered}/${r.reps} = ${((100 * r.covered) / r.reps).toFixed(1)}% | ` +
        `interval above 0: ${r.below} | failed ${r.failed} | warned ${r.warned} | ${Date.now() - t0} ms`,
    );
  }
}
