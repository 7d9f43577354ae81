/**
 * Calibration of the panel inference functions with few treated units on SYNTHETIC monthly destination panels
 * ({@link drawMonthlyPanel}: units of very different size and noise, seasonality, AR(1) errors with Student-t(5)
 * shocks, 3 treated units and 37 controls, 36 pre-period months, parallel trends): the size of each nominal 5% test
 * under no effect, its power against a stated effect, and the coverage of the 95% interval where the method returns
 * one — for `did` (CR2, the default, and CR1), `tripleDiff`, `eventStudy` (CR2 by default and CR1: its pre-trend test and its post-average
 * test), `placeboUnits`, `placeboDates`, `randomizationTest` and `wildClusterBootstrap`. The grid is the base case
 * plus one factor at a time (ρ 0 / 0.8, 10 treated, 24 or 60 pre-period months); a separate misspecified part
 * gives the treated units a differential trend, which no method here is meant to survive. Also the coverage of
 * `syntheticControl`'s 95% cumulative-excess interval (bench/calibration/synthetic-control-case.ts).
 *
 * Cheap Monte-Carlo design for the bootstrap: each replication runs the wild cluster bootstrap with B = 99 draws,
 * for which α(B + 1) is an integer at α = 5%, so the finite-B test has the same level as the ideal one when the
 * bootstrap is valid (Davidson & MacKinnon 2000). The "warp-speed" design of Giacomini, Politis & White (2013) —
 * one draw per replication — saves nothing here: a draw costs O(G²) after a fixed O(G·n) set-up per panel.
 *
 * @module
 */
import { did } from '../../src/inference/did.js';
import { eventStudy } from '../../src/inference/event-study.js';
import type { Panel } from '../../src/inference/panel.js';
import { placeboDates, placeboUnits } from '../../src/inference/placebo.js';
import { randomizationTest } from '../../src/inference/randomization-test.js';
import { tripleDiff } from '../../src/inference/triple-diff.js';
import { wildClusterBootstrap } from '../../src/inference/wild-cluster-bootstrap.js';
import { createRng } from '../../src/numeric/rng.js';
import { drawMonthlyPanel, type MonthlyPanelOptions } from './panel-dgp.js';
import { runSyntheticControlCase, SYNTHETIC_CONTROL_CASES } from './synthetic-control-case.js';
import type { CalibrationRow, CalibrationSection } from './types.js';

/** The effect (log points, every treated post month) the power rows are computed against. */
export const EFFECT = 0.2;

/** One DGP of the grid. */
export interface PanelCase {
  readonly label: string;
  readonly options: MonthlyPanelOptions;
  /** False for the misspecified part. */
  readonly claimed: boolean;
}

/** The grid: base case, one factor at a time, and the misspecified part. */
export const PANEL_CASES: readonly PanelCase[] = [
  { label: 'base: 3 treated, 37 controls, pre 36 m, post 22 m, ρ=0.5, t(5)', options: {}, claimed: true },
  { label: 'ρ=0 (else base)', options: { rho: 0 }, claimed: true },
  { label: 'ρ=0.8 (else base)', options: { rho: 0.8 }, claimed: true },
  { label: '10 treated, 30 controls (else base)', options: { treated: 10, controls: 30 }, claimed: true },
  { label: 'pre 24 m (else base)', options: { preMonths: 24 }, claimed: true },
  { label: 'pre 60 m (else base)', options: { preMonths: 60 }, claimed: true },
  {
    label: 'MISSPECIFIED: treated trend +0.005/month (else base)',
    options: { treatedTrend: 0.005 },
    claimed: false,
  },
];

/** The panel methods of the grid. */
export const METHODS = [
  'did',
  'did (cr1)',
  'tripleDiff',
  'tripleDiff (cr1)',
  'eventStudy',
  'eventStudy pre-trend',
  'eventStudy (cr1)',
  'eventStudy pre-trend (cr1)',
  'placeboUnits',
  'placeboDates',
  'randomizationTest',
  'wildClusterBootstrap',
] as const;
export type Method = (typeof METHODS)[number];

interface Outcome {
  readonly p: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
}

/**
 * DiD of unit means of log y (treated minus control change in mean log outcome, post minus pre): on a balanced
 * panel it equals `did`'s two-way estimate, at a fraction of its cost (the placebo tests run it once per placebo).
 */
export function meanDid(panel: Panel): number | null {
  const acc = new Map<string, { treated: boolean; pre: number; nPre: number; post: number; nPost: number }>();
  for (const r of panel.records) {
    if (r.y === null || !(r.y > 0)) continue;
    let a = acc.get(r.unit);
    if (a === undefined) {
      a = { treated: r.treated, pre: 0, nPre: 0, post: 0, nPost: 0 };
      acc.set(r.unit, a);
    }
    const ly = Math.log(r.y);
    if (r.post) {
      a.post += ly;
      a.nPost++;
    } else {
      a.pre += ly;
      a.nPre++;
    }
  }
  let t = 0;
  let nt = 0;
  let c = 0;
  let nc = 0;
  for (const a of acc.values()) {
    if (a.nPre === 0 || a.nPost === 0) continue;
    const d = a.post / a.nPost - a.pre / a.nPre;
    if (a.treated) {
      t += d;
      nt++;
    } else {
      c += d;
      nc++;
    }
  }
  return nt > 0 && nc > 0 ? t / nt - c / nc : null;
}

/** Run one method on one panel (for tripleDiff: a panel with two product groups). */
export function runMethod(
  method: Method,
  panel: Panel,
  seed: number,
  memo: Map<string, unknown> = new Map(),
): Outcome {
  const es = (correction: 'cr2' | 'cr1' = 'cr2'): ReturnType<typeof eventStudy> => {
    const key = `eventStudy:${correction}`;
    let r = memo.get(key) as ReturnType<typeof eventStudy> | undefined;
    if (r === undefined) {
      r = eventStudy(panel, { correction, seed });
      memo.set(key, r);
    }
    return r;
  };
  switch (method) {
    case 'did': {
      const r = did(panel);
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'did (cr1)': {
      const r = did(panel, { correction: 'cr1' });
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'tripleDiff': {
      const r = tripleDiff(panel, { treatedGroup: 'sanctioned' });
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'tripleDiff (cr1)': {
      const r = tripleDiff(panel, { treatedGroup: 'sanctioned', correction: 'cr1' });
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'eventStudy': {
      const r = es();
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'eventStudy pre-trend':
      return { p: es().preTrend?.p ?? null };
    case 'eventStudy (cr1)': {
      const r = es('cr1');
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'eventStudy pre-trend (cr1)':
      return { p: es('cr1').preTrend?.p ?? null };
    case 'placeboUnits':
      return { p: placeboUnits(panel, meanDid).p };
    case 'placeboDates':
      return { p: placeboDates(panel, meanDid).p };
    case 'randomizationTest': {
      const r = randomizationTest(panel, { draws: 999, seed });
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
    case 'wildClusterBootstrap': {
      const r = wildClusterBootstrap(panel, { draws: 99, seed });
      return { p: r.p, lower: r.interval.lower, upper: r.interval.upper };
    }
  }
}

const NOTES: Partial<Record<Method, string>> = {
  'did (cr1)': "option correction 'cr1' (not the default)",
  tripleDiff: 'sanctioned vs other goods by unit; CR2 with Bell–McCaffrey df (the default)',
  'tripleDiff (cr1)': "option correction 'cr1' (not the default): CR1, t(G−1)",
  eventStudy: 'post-average, Sun–Abraham, CR2 with Bell–McCaffrey df (the default)',
  'eventStudy pre-trend':
    'randomisation test over units on studentised leads with < 10 treated units, else CR2 Wald with HTZ F; parallel trends true',
  'eventStudy (cr1)': "option correction 'cr1' (not the default): CR1, t(G−1)",
  'eventStudy pre-trend (cr1)': "option correction 'cr1': Wald F(q, G−1) on the leads",
  placeboUnits: 'one-sided, statistic: DiD of unit means; 1 control at a time',
  placeboDates: 'one-sided, statistic: DiD of unit means; fake dates in the pre-period',
  randomizationTest: 'studentised, 999 random assignments',
  wildClusterBootstrap: 'WCR, Rademacher, B = 99',
};

/**
 * Size, power and (where the method returns an interval) coverage rows of some methods on one case. Exported for
 * the seeded test.
 */
export function caseRows(
  c: PanelCase,
  methods: readonly Method[],
  reps: number,
  seed: number,
): CalibrationRow[] {
  type Tally = { n: number; hits: number };
  const tally = (): Tally => ({ n: 0, hits: 0 });
  const size = new Map(methods.map((m) => [m, tally()]));
  const power = new Map(methods.map((m) => [m, tally()]));
  const cover = new Map(methods.map((m) => [m, tally()]));
  const failed = new Map(methods.map((m) => [m, 0]));
  const needsGroups = (m: Method) => m.startsWith('tripleDiff');
  const anyPlain = methods.some((m) => !needsGroups(m));
  const anyGroups = methods.some(needsGroups);
  for (let r = 0; r < reps; r++) {
    for (const effect of [0, EFFECT]) {
      const s = seed + 7919 * r + (effect > 0 ? 1 : 0);
      const plain = anyPlain ? drawMonthlyPanel(createRng(s), { ...c.options, effect }).panel : null;
      const grouped = anyGroups
        ? drawMonthlyPanel(createRng(s + 3), { ...c.options, effect, groups: 2 }).panel
        : null;
      const memo = new Map<string, unknown>();
      for (const m of methods) {
        let out: Outcome;
        try {
          out = runMethod(m, (needsGroups(m) ? grouped : plain)!, s, memo);
        } catch {
          failed.set(m, failed.get(m)! + 1);
          continue;
        }
        if (out.p === null || !Number.isFinite(out.p)) {
          failed.set(m, failed.get(m)! + 1);
          continue;
        }
        const t = (effect > 0 ? power : size).get(m)!;
        t.n++;
        if (out.p <= 0.05) t.hits++;
        if (effect > 0 && out.lower !== undefined) {
          const k = cover.get(m)!;
          k.n++;
          if ((out.lower ?? -Infinity) <= effect && effect <= (out.upper ?? Infinity)) k.hits++;
        }
      }
    }
  }
  const rows: CalibrationRow[] = [];
  for (const m of methods) {
    const base = { method: m, dgp: c.label, claimed: c.claimed && !m.endsWith('(cr1)') };
    const f = failed.get(m)!;
    const extra = [NOTES[m] ?? '', f > 0 ? `${f} runs without p` : ''].filter(Boolean).join('; ');
    const s = size.get(m)!;
    rows.push({
      ...base,
      kind: 'size',
      nominal: 0.05,
      reps: s.n,
      hits: s.hits,
      note: ['no effect', extra].filter(Boolean).join('; '),
    });
    const p = power.get(m)!;
    rows.push({
      ...base,
      kind: 'power',
      nominal: 0.05,
      reps: p.n,
      hits: p.hits,
      note: `effect ${EFFECT} log points`,
    });
    const k = cover.get(m)!;
    if (k.n > 0)
      rows.push({
        ...base,
        kind: 'coverage',
        nominal: 0.95,
        reps: k.n,
        hits: k.hits,
        note: `interval contains the effect ${EFFECT}`,
      });
  }
  return rows;
}

/** The inference section of the calibration table. */
export const section: CalibrationSection = {
  title: 'Inference with few treated units (SYNTHETIC monthly destination panels)',
  description: [
    'SYNTHETIC monthly panels (bench/calibration/panel-dgp.ts `drawMonthlyPanel`): log sizes 18.5–26, noise sd 0.06–0.36+ by size, unit seasonality, common month shocks, AR(1) errors with t(5) shocks, no unit trends (parallel trends hold in the claimed part), post period 2022-03..2023-12, 2022-02 left out.',
    `Size at nominal 5% (no effect), power against an effect of ${EFFECT} log points on every treated post month, coverage of the 95% interval of that effect. tripleDiff runs on a panel with two product groups per unit.`,
    'Bootstrap: B = 99 per replication (α(B+1) integer); placebo tests use the DiD of unit means (equal to did on balanced panels) as their statistic.',
  ].join(' '),
  defaultReps: 100,
  async run(options) {
    const out: CalibrationRow[] = [];
    for (const [i, c] of PANEL_CASES.entries()) {
      options.progress(c.label);
      const methods = METHODS;
      out.push(...caseRows(c, methods, options.reps, options.seed + 104729 * i));
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
