/**
 * Calibration of the panel inference functions with three treated units on SYNTHETIC destination panels
 * ({@link drawDestinationPanel}): size of the nominal 5% test (no effect) and power against a stated effect of
 * 0.3 log points: `randomizationTest`, `wildClusterBootstrap` and `did`. Also the coverage of `syntheticControl`'s
 * 95% cumulative-excess interval under no effect, on SYNTHETIC donor pools that contain the target's common factor
 * (bench/calibration/synthetic-control-case.ts). Partial: the other inference functions are not yet in the table.
 *
 * @module
 */
import { did } from '../../src/inference/did.js';
import { randomizationTest } from '../../src/inference/randomization-test.js';
import { wildClusterBootstrap } from '../../src/inference/wild-cluster-bootstrap.js';
import { createRng } from '../../src/numeric/rng.js';
import { drawDestinationPanel, historyScales } from './panel-dgp.js';
import { runSyntheticControlCase, SYNTHETIC_CONTROL_CASES } from './synthetic-control-case.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

type Method = 'randomizationTest' | 'wildClusterBootstrap' | 'did';

function pValue(method: Method, effect: number, seed: number): number | null {
  const draw = drawDestinationPanel(createRng(seed), { controls: 40, effect });
  if (method === 'randomizationTest')
    return randomizationTest(draw.panel, { scales: historyScales(draw, 2019), draws: 999, seed }).p;
  if (method === 'wildClusterBootstrap') return wildClusterBootstrap(draw.panel, { draws: 99, seed }).p;
  return did(draw.panel, { cluster: 'unit' }).p;
}

/** Size and power rows of one panel method (exported for the seeded test, which skips the slower cases). */
export function rows(method: Method, reps: number, seed: number, claimed: boolean): CalibrationRow[] {
  const out: CalibrationRow[] = [];
  for (const [kind, effect] of [
    ['size', 0],
    ['power', 0.3],
  ] as const) {
    let n = 0;
    let hits = 0;
    for (let r = 0; r < reps; r++) {
      const p = pValue(method, effect, seed + 7919 * r + (effect > 0 ? 1 : 0));
      if (p === null || !Number.isFinite(p)) continue;
      n++;
      if (p <= 0.05) hits++;
    }
    out.push({
      method,
      dgp: 'base: 3 treated (KZ/AM/KG-like), 40 controls, ρ=0.3, t(5)',
      claimed,
      kind,
      nominal: 0.05,
      reps: n,
      hits,
      note: effect > 0 ? `effect ${effect} log points` : 'no effect',
    });
  }
  return out;
}

/** The inference section of the calibration table (partial). */
export const section: CalibrationSection = {
  title: 'Inference with three treated units (partial)',
  description:
    'SYNTHETIC destination panels (bench/calibration/panel-dgp.ts), 3 treated units, 40 controls; size at nominal 5% and power against a 0.3 log-point effect. WCB uses 99 draws per rep.',
  defaultReps: 100,
  async run(options) {
    const out: CalibrationRow[] = [];
    for (const m of ['randomizationTest', 'wildClusterBootstrap', 'did'] as const) {
      options.progress(m);
      out.push(...rows(m, options.reps, options.seed, true));
    }
    for (const [i, c] of SYNTHETIC_CONTROL_CASES.entries()) {
      options.progress(`syntheticControl · ${c.label}`);
      const r = runSyntheticControlCase(c, options.reps, options.seed + 31 * i);
      out.push({
        method: 'syntheticControl',
        dgp: c.label,
        claimed: true,
        kind: 'coverage',
        nominal: 0.95,
        reps: r.reps,
        hits: r.covered,
        note: [
          r.failed ? `${r.failed} fits failed` : '',
          `${r.below} above 0 / ${r.reps - r.covered - r.below} below`,
        ]
          .filter(Boolean)
          .join('; '),
      });
    }
    return out;
  },
};
