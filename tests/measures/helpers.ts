// Test helpers for the measures: hand-built counterfactuals (the baselines are written in parallel), seeded
// normal draws, the real-data extracts stored in the reference fixture, and a deep finiteness check.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Counterfactual, Currency, Period, Series, SeriesKey } from '../../src/index.js';
import { makeSeries } from '../../src/index.js';
import { createRng } from '../../src/numeric/rng.js';

export const KG_KEY: SeriesKey = { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' };

/** The statsmodels reference fixture (scripts/reference-values/measures.py). */
export interface Fixture {
  series: Record<string, { start: Period; values: number[] }>;
  breaks: {
    design: 'seasonalTrend' | 'trend';
    breakIn: 'all' | 'levelTrend';
    columns: string[];
    q: number;
    breakAt: Period;
    chow: {
      F: number;
      p: number;
      df1: number;
      df2: number;
      ssrRestricted: number;
      ssrUnrestricted: number;
      n1: number;
      n2: number;
    };
    supF: {
      trim: number;
      candidates: { period: Period; index: number; F: number | null }[];
      supF: number;
      breakAt: Period;
    };
  }[];
  zscores: Record<
    string,
    {
      value: number;
      reference: number[];
      mean: number;
      sd: number;
      z: number;
      median: number;
      mad: number;
      madScaled: number;
      robustZ: number;
    }
  >;
  growthZScore: Record<
    string,
    {
      from: Period;
      to: Period;
      growth: number;
      history: number[];
      z?: number;
      mean?: number;
      sd?: number;
      median?: number;
      mad?: number;
      robustZ?: number;
    }
  >;
  substitution: {
    before: [Period, Period];
    after: [Period, Period];
    directBefore: number;
    directAfter: number;
    intermediariesBefore: number;
    intermediariesAfter: number;
    ratio: number;
  };
  mirror: {
    cifFob: number;
    usdPerEur: Record<string, number>;
    kgImportsFromEuUsd: Record<string, number>;
    rows: {
      period: Period;
      exporter: number;
      importerUsd: number;
      importer: number;
      logRatio: number;
      gap: number;
      gapPct: number;
    }[];
  };
}

export const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/measures.json', import.meta.url), 'utf8'),
);

/** A real series from the fixture (EU27_2020 exports, Eurostat Comext, EUR). */
export function realSeries(name: 'KG' | 'KZ' | 'AM' | 'RU'): Series<'EUR'> {
  const s = fixture.series[`EU27_2020_${name}_export`]!;
  return makeSeries({
    key: { ...KG_KEY, partner: name },
    currency: 'EUR',
    start: s.start,
    values: s.values,
    sources: ['eurostat-comext'],
  });
}

/** Seeded standard normal draws (the library's one seeded generator). */
export function normals(seed: number): () => number {
  return createRng(seed).normal;
}

/** Fields of {@link makeCounterfactual}. */
export interface CfInput<C extends Currency> {
  series: Series<C>;
  expected: readonly (number | null)[];
  /** Per-period band; default expected ± 1 */
  lower?: readonly (number | null)[];
  upper?: readonly (number | null)[];
  pathPeriods?: readonly Period[];
  paths?: readonly (readonly number[])[];
  level?: number;
  fitTo?: Period;
  warnings?: readonly string[];
}

/** A counterfactual built by hand for a series. */
export function makeCounterfactual<C extends Currency>(input: CfInput<C>): Counterfactual<C> {
  const { series } = input;
  return {
    method: 'handmade',
    settings: { note: 'test' },
    target: series.key,
    currency: series.currency,
    frequency: series.frequency,
    fitWindow: { from: series.periods[0]!, to: input.fitTo ?? series.periods[0]! },
    periods: series.periods,
    expected: input.expected,
    lower: input.lower ?? input.expected.map((e) => (e === null ? null : e - 1)),
    upper: input.upper ?? input.expected.map((e) => (e === null ? null : e + 1)),
    level: input.level ?? 0.95,
    pathPeriods: input.pathPeriods ?? [],
    paths: input.paths ?? [],
    seed: 42,
    fit: { n: 12, rmse: 1, mape: 0.1 },
    warnings: input.warnings ?? [],
  };
}

/**
 * Paths with independent normal errors per period: `paths[d][j] = means[j] + sds[j] × z`, or with one common shock
 * per draw when `common` (perfectly correlated across periods).
 */
export function normalPaths(
  means: readonly number[],
  sds: readonly number[],
  draws: number,
  seed: number,
  common = false,
): number[][] {
  const z = normals(seed);
  const out: number[][] = [];
  for (let d = 0; d < draws; d++) {
    const shock = z();
    out.push(means.map((m, j) => m + sds[j]! * (common ? shock : z())));
  }
  return out;
}

/** Assert that every number anywhere in a value is finite (no NaN, no ±Infinity). */
export function expectAllFinite(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      expectAllFinite(v, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${path}.${k}`);
  }
}

/** Relative closeness: |a − b| <= rel × max(|b|, tiny). */
export function expectRelClose(a: number | null | undefined, b: number, rel = 1e-9): void {
  expect(a).not.toBeNull();
  expect(a).toBeDefined();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));
}
