// Reference values from statsmodels GLS with a dense AR(1) correlation matrix and a dense numpy restricted
// likelihood: scripts/reference-values/ar1-gls.py → tests/fixtures/reference/ar1-gls.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateAr1 } from '../../src/numeric/ar1.js';
import { fitAr1Gls, glsAt, RHO_GRID, simulateAr1Gls } from '../../src/numeric/ar1-gls.js';
import { createRng } from '../../src/numeric/rng.js';

interface Fit {
  rho: number;
  params: number[];
  bse: number[];
  scale: number;
  logRestricted: number;
}
interface Case {
  name: string;
  times: number[];
  y: number[];
  x: number[][];
  fits: Fit[];
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/reference/ar1-gls.json'), 'utf8'),
) as { cases: Case[] };

function inputs(c: Case) {
  const p = c.x[0]!.length;
  return {
    x: Float64Array.from(c.x.flat()),
    y: Float64Array.from(c.y),
    t: Int32Array.from(c.times),
    p,
  };
}

describe('GLS with AR(1) errors matches statsmodels GLS with a dense correlation matrix', () => {
  it('has four cases, one with gaps', () => {
    expect(fixture.cases.length).toBe(4);
    expect(fixture.cases.some((c) => c.times.some((t, i) => i > 0 && t - c.times[i - 1]! > 1))).toBe(true);
  });
  for (const c of fixture.cases) {
    it(`${c.name}: coefficients, standard errors, scale and restricted likelihood at five ρ`, () => {
      const { x, y, t, p } = inputs(c);
      const base = glsAt('test', x, y, t, p, 0).logLik;
      const refBase = c.fits.find((f) => f.rho === 0)!.logRestricted;
      for (const f of c.fits) {
        const { fit, logLik } = glsAt('test', x, y, t, p, f.rho);
        f.params.forEach((b, j) => {
          expect(Math.abs(fit.beta[j]! - b)).toBeLessThan(1e-8 * Math.max(1, Math.abs(b)));
        });
        for (let i = 0; i < p; i++) {
          let v = 0;
          for (let j = 0; j < p; j++) v += fit.rInv[i * p + j]! ** 2;
          expect(Math.abs(fit.s * Math.sqrt(v) - f.bse[i]!)).toBeLessThan(1e-8);
        }
        expect(Math.abs(fit.s * fit.s - f.scale)).toBeLessThan(1e-10);
        // The criterion up to a constant: compare differences from ρ = 0.
        expect(Math.abs(logLik - base - (f.logRestricted - refBase))).toBeLessThan(1e-8);
      }
    });
  }
});

describe('the ρ posterior and the predictive paths', () => {
  it('puts the posterior of ρ near the truth on a long AR(1) series and its paths have the AR(1) variance', () => {
    const rng = createRng(5);
    const n = 400;
    const rho = 0.6;
    const x = new Float64Array(n).fill(1);
    const y = new Float64Array(n);
    const t = Int32Array.from({ length: n }, (_, i) => i);
    simulateAr1(rho, 1, rng, y, 0, n);
    for (let i = 0; i < n; i++) y[i] = 3 + y[i]!;
    const fit = fitAr1Gls('test', x, y, t, 1);
    expect(Math.abs(fit.rhoMean - rho)).toBeLessThan(0.1);
    // A 90% interval on a 0.025 grid, about ±0.07 wide at n = 400.
    expect(fit.rhoInterval[0]).toBeLessThanOrEqual(rho + 0.025);
    expect(fit.rhoInterval[1]).toBeGreaterThanOrEqual(rho - 0.025);
    expect(fit.rhoInterval[1] - fit.rhoInterval[0]).toBeGreaterThan(0.05);
    expect(fit.rhoInterval[1] - fit.rhoInterval[0]).toBeLessThan(0.2);
    // Far ahead, the paths' variance is the marginal variance (1) plus the mean's uncertainty.
    const draws = 4000;
    const out = new Float64Array(draws);
    simulateAr1Gls(fit, new Float64Array([1]), Int32Array.from([n + 60]), draws, createRng(9), out);
    let m = 0;
    for (const v of out) m += v / draws;
    let v2 = 0;
    for (const v of out) v2 += (v - m) ** 2 / (draws - 1);
    expect(v2).toBeGreaterThan(0.85);
    expect(v2).toBeLessThan(1.25);
  });

  it('uses one node at ρ = 0 when asked for independent errors, and the grid covers (−0.95, 0.975)', () => {
    const c = fixture.cases[0]!;
    const { x, y, t, p } = inputs(c);
    const fit = fitAr1Gls('test', x, y, t, p, [0]);
    expect(fit.nodes.length).toBe(1);
    expect(fit.rhoMean).toBe(0);
    expect(RHO_GRID[0]).toBe(-0.95);
    expect(RHO_GRID[RHO_GRID.length - 1]).toBe(0.975);
  });
});
