import { readFileSync } from 'node:fs';

/** One coefficient as statsmodels reports it. */
export interface RefCoef {
  estimate: number;
  se: number;
  statistic: number;
  p: number;
  lower: number;
  upper: number;
}
/** A statsmodels fit. */
export interface RefFit {
  coefficients: Record<string, RefCoef>;
  n: number;
  k: number;
  clusters?: number;
  dfInference?: number;
  deviance?: number;
}
interface RefEventCoef {
  relativeTime: number;
  estimate: number;
  se: number;
  p: number;
  lower: number;
  upper: number;
  n: number;
}
/** Shape of tests/fixtures/reference/inference.json (written by scripts/reference-values/inference.py). */
export interface InferenceFixture {
  real: {
    start: string;
    series: Record<string, number[]>;
    treated: string[];
    post: string;
    exclude: string[];
    cases: { twfeLog: RefFit; twfeLevel: RefFit; did2x2Log: RefFit; ppmlHC0: RefFit; ppmlCluster: RefFit };
  };
  realDdd: {
    stableCodes: number;
    stableShareOfSanctionedValue: number;
    records: { unit: string; group: string; period: string; y: number; treated: boolean; post: boolean }[];
    cases: { full: RefFit; saturated: RefFit };
  };
  did: {
    trueEffect: number;
    records: { unit: string; period: string; y: number | null; treated: boolean; post: boolean }[];
    cases: { twfeLevel: RefFit; did2x2Level: RefFit };
  };
  ddd: {
    trueEffect: number;
    records: { unit: string; group: string; period: string; y: number; treated: boolean; post: boolean }[];
    cases: { full: RefFit; saturated: RefFit; ppmlCluster: RefFit };
  };
  eventStudy: {
    leads: number;
    lags: number;
    truth: Record<string, number>;
    records: {
      unit: string;
      period: string;
      y: number;
      treated: boolean;
      post: boolean;
      cohort: string | null;
    }[];
    cases: {
      sunAbraham: {
        coefficients: RefEventCoef[];
        preTrend: { statistic: number; df1: number; df2: number; p: number };
        average: { estimate: number; se: number };
        n: number;
        clusters: number;
      };
      twfe: RefFit & { preTrend: { statistic: number; df1: number; df2: number; p: number } };
    };
  };
  ppml: {
    trueEffect: number;
    zeros: number;
    records: { unit: string; period: string; y: number; D: number; x: number }[];
    cases: { HC0: RefFit; cluster: RefFit };
  };
  fdr: {
    p: number[];
    bh: { adjusted: number[]; rejected: boolean[] };
    by: { adjusted: number[]; rejected: boolean[] };
  };
}

/** The statsmodels reference fixture. */
export const fixture: InferenceFixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/inference.json', import.meta.url), 'utf8'),
) as InferenceFixture;
