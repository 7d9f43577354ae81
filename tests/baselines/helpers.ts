import { readFileSync } from 'node:fs';
import { makeSeries, type Series } from '../../src/model/series.js';

/** Read a JSON fixture written by scripts/reference-values/baselines.py. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url), 'utf8')) as T;
}

interface InputFixture {
  real: { start: string; values: Record<string, number[]> };
  synthetic: { start: string; values: number[] };
}

const input = fixture<InputFixture>('baselines-input.json');

/** EU27_2020 exports (EUR) to a partner, monthly 2019-01..2024-08: real Eurostat Comext data. */
export function euExports(partner: 'AM' | 'GE' | 'KG' | 'KZ' | 'RU' | 'UZ'): Series<'EUR'> {
  const values = input.real.values[partner];
  if (values === undefined) throw new Error(`no fixture series for ${partner}`);
  return makeSeries({
    key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: input.real.start,
    values,
  });
}

/** The SYNTHETIC seasonal series of the fixtures (numpy seed 20240901), monthly 2015-01..2022-12. */
export function syntheticSeries(): Series<'EUR'> {
  return makeSeries({
    key: { reporter: 'SYNTHETIC', partner: 'XX', flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: input.synthetic.start,
    values: input.synthetic.values,
  });
}

/** A monthly EUR series from values. */
export function series(values: readonly (number | null)[], start = '2019-01', partner = 'KG'): Series<'EUR'> {
  return makeSeries({
    key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start,
    values,
  });
}

/** Sum of `values` over indices [from, to). */
export function sum(values: readonly (number | null)[], from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i] ?? Number.NaN;
  return s;
}

/** Sorted per-draw sums of paths over pathPeriods [from, to). */
export function pathSums(paths: readonly (readonly number[])[], from: number, to: number): number[] {
  return paths.map((p) => sum(p, from, to)).sort((a, b) => a - b);
}

/** Empirical quantile (type 7) of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
