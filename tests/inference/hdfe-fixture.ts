import { readFileSync } from 'node:fs';
import type { RefFit } from './fixture.js';

/** A row of the panels (a type alias, so that it is a plain record). */
type Row = { product: string; dest: string; month: string; D: number; x: number; y: number };
/** Shape of tests/fixtures/reference/hdfe.json (written by scripts/reference-values/hdfe.py). */
export interface HdfeFixture {
  ppml: {
    separated: number;
    records: Row[];
    cases: { HC0: RefFit; clusterDest: RefFit; twoWay: RefFit; twoWayMin: RefFit };
  };
  ols: {
    nonPositive: number;
    singletonsDropped: number;
    records: Row[];
    cases: Record<'keep' | 'drop', { HC1: RefFit; clusterDest: RefFit; twoWay: RefFit; twoWayMin: RefFit }>;
  };
  nonPsd: {
    records: { a: string; b: string; fe: string; x1: number; x2: number; y: number }[];
    raw: number[][];
    eigenvalues: number[];
    fixed: number[][];
    estimates: number[];
  };
}

/** The statsmodels reference fixture of the fixed-effects estimators. */
export const hdfe: HdfeFixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/hdfe.json', import.meta.url), 'utf8'),
) as HdfeFixture;

/** |actual − expected| ≤ tol · max(|expected|, 1e-300), i.e. a relative tolerance. */
export function relErr(actual: number | null, expected: number): number {
  if (actual === null) return Number.POSITIVE_INFINITY;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}
