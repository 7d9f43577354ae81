import { describe, expect, it } from 'vitest';
import {
  did,
  panelFromRecords,
  WildBootstrapResultSchema,
  wildClusterBootstrap,
} from '../../src/inference/index.js';
import { demean, encodeFactor } from '../../src/inference/linear.js';
import { fixture } from './fixture.js';
import { expectAllFinite, realPanel } from './helpers.js';

// Six units of the synthetic DiD panel (3 treated, 3 control): 2^6 = 64 Rademacher sign vectors, enumerable.
const small = fixture.did.records.filter((r) => ['U00', 'U01', 'U02', 'U10', 'U11', 'U12'].includes(r.unit));
const panel = panelFromRecords(small);

describe('wildClusterBootstrap', () => {
  it('WCR p-value equals a brute-force bootstrap that refits did on every one of the 64 sign-flipped samples', () => {
    const r = wildClusterBootstrap(panel, { outcome: 'level' });
    expect(r.diagnostics.enumerated).toBe(true);
    expect(r.diagnostics.draws).toBe(64);
    const base = did(panel, { outcome: 'level' });
    expect(r.estimate).toBeCloseTo(base.estimate!, 10);
    expect(r.se).toBeCloseTo(base.se!, 10);
    expect(r.statistic).toBeCloseTo(base.statistic!, 8);
    // Brute force: restricted model (δ = 0) is y on unit and period effects; y* = fitted + residual × v_g.
    const rows = panel.records.filter((x) => x.y !== null);
    const y = Float64Array.from(rows, (x) => x.y!);
    const resid = Float64Array.from(y);
    demean(
      resid,
      [
        encodeFactor(
          'u',
          rows.map((x) => x.unit),
        ),
        encodeFactor(
          't',
          rows.map((x) => x.period),
        ),
      ],
      null,
    );
    const units = [...new Set(rows.map((x) => x.unit))].sort();
    let count = 0;
    for (let b = 0; b < 64; b++) {
      const star = rows.map((x, i) => {
        const v = (b >> units.indexOf(x.unit)) & 1 ? -1 : 1;
        return { ...x, y: y[i]! - resid[i]! + resid[i]! * v };
      });
      const t = did({ ...panel, records: star }, { outcome: 'level' }).statistic!;
      if (Math.abs(t) >= Math.abs(base.statistic!) - 1e-9) count++;
    }
    expect(r.p).toBeCloseTo(count / 64, 12);
  });

  it('the confidence set is the set of nulls the bootstrap test does not reject', () => {
    const r = wildClusterBootstrap(panel, { outcome: 'level', weights: 'webb', draws: 1999, seed: 3 });
    const { lower, upper } = r.interval;
    expect(lower).not.toBeNull();
    expect(upper).not.toBeNull();
    expect(lower!).toBeLessThan(r.estimate!);
    expect(upper!).toBeGreaterThan(r.estimate!);
    const eps = 1e-6 * r.se!;
    const at = (h: number) =>
      wildClusterBootstrap(panel, { outcome: 'level', weights: 'webb', draws: 1999, seed: 3, null: h }).p!;
    expect(at(lower! + eps)).toBeGreaterThanOrEqual(0.05);
    expect(at(lower! - eps)).toBeLessThan(0.05);
    expect(at(upper! - eps)).toBeGreaterThanOrEqual(0.05);
    expect(at(upper! + eps)).toBeLessThan(0.05);
  });

  it('reproduces exactly for a seed, and differs for another seed', () => {
    const a = wildClusterBootstrap(panel, { outcome: 'level', weights: 'webb', draws: 999, seed: 11 });
    const b = wildClusterBootstrap(panel, { outcome: 'level', weights: 'webb', draws: 999, seed: 11 });
    const c = wildClusterBootstrap(panel, {
      outcome: 'level',
      weights: 'webb',
      draws: 999,
      seed: 12,
      null: 5,
    });
    const d = wildClusterBootstrap(panel, {
      outcome: 'level',
      weights: 'webb',
      draws: 999,
      seed: 13,
      null: 5,
    });
    expect(b).toEqual(a);
    expect(c.p).not.toBe(d.p);
  });

  it('WCU (imposeNull false) gives a percentile-t interval around δ̂', () => {
    const r = wildClusterBootstrap(panel, { outcome: 'level', imposeNull: false });
    expect(r.interval.lower!).toBeLessThan(r.estimate!);
    expect(r.estimate! - r.interval.lower!).toBeCloseTo(r.interval.upper! - r.estimate!, 8);
    // |t| ≈ 20: no centred bootstrap t comes close (boottest's p = share of |t*| ≥ |t| can be 0).
    expect(r.p).toBeLessThan(0.05);
    expect(r.p).toBeGreaterThanOrEqual(0);
  });

  it('on the real panel (5 clusters) says the Rademacher set is unbounded and Webb weights give a finite p', () => {
    const rad = wildClusterBootstrap(realPanel(), { outcome: 'log' });
    expect(rad.diagnostics).toMatchObject({ clusters: 5, treatedClusters: 3, enumerated: true, draws: 32 });
    expect(rad.p! * 32).toBeCloseTo(Math.round(rad.p! * 32), 10);
    expect(rad.interval.lower === null || rad.interval.upper === null).toBe(true);
    expect(rad.warnings.some((w) => w.includes('unbounded'))).toBe(true);
    expect(rad.warnings.some((w) => w.includes("'webb'"))).toBe(true);
    const webb = wildClusterBootstrap(realPanel(), {
      outcome: 'log',
      weights: 'webb',
      draws: 1999,
      seed: 2022,
    });
    expect(webb.p).toBeGreaterThan(0.05);
    expect(webb.estimate).toBeCloseTo(fixture.real.cases.twfeLog.coefficients.D!.estimate, 10);
    expect(WildBootstrapResultSchema.parse(JSON.parse(JSON.stringify(webb)))).toEqual(webb);
    expectAllFinite(rad);
    expectAllFinite(webb);
  });

  it('with one cluster returns null p and interval with a warning, never NaN', () => {
    const r = wildClusterBootstrap(panel, { outcome: 'level', cluster: () => 'all' });
    expect(r.p).toBeNull();
    expect(r.se).toBeNull();
    expect(r.interval.lower).toBeNull();
    expect(r.warnings.some((w) => w.includes('1 cluster'))).toBe(true);
    expectAllFinite(r);
  });
});
