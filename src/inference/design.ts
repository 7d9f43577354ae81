/**
 * Shared plumbing of the panel estimators: sample selection, cluster codes, coefficient records, warnings.
 * Internal.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { criticalValue, twoSidedP } from './distributions.js';
import { encodeFactor, type Factor, type LinearFit } from './linear.js';
import type { PanelRecord } from './panel.js';
import type { Coefficient, PercentEffect } from './schemas.js';

/** How to cluster: the records' `cluster` label (default), the `unit`, none (HC1), or a labelling function. */
export type ClusterOption = 'unit' | 'none' | ((record: PanelRecord) => string);

/** Clusters below this count trigger a warning pointing to `wildClusterBootstrap`. */
export const FEW_CLUSTERS = 10;

/** The estimation sample: records with a usable outcome, transformed. */
export interface Sample {
  readonly rows: readonly PanelRecord[];
  readonly y: Float64Array;
  readonly dropped: number;
  readonly warnings: string[];
}

/** Keep records with a finite outcome (positive in logs) and transform it. */
export function selectSample(records: readonly PanelRecord[], outcome: 'log' | 'level', fn: string): Sample {
  const rows: PanelRecord[] = [];
  const ys: number[] = [];
  let missing = 0;
  let nonPositive = 0;
  for (const r of records) {
    if (r.y === null || !Number.isFinite(r.y)) {
      missing++;
      continue;
    }
    if (outcome === 'log') {
      if (r.y <= 0) {
        nonPositive++;
        continue;
      }
      ys.push(Math.log(r.y));
    } else ys.push(r.y);
    rows.push(r);
  }
  const warnings: string[] = [];
  if (missing > 0) warnings.push(`${fn}: ${missing} observation(s) with a missing outcome dropped`);
  if (nonPositive > 0)
    warnings.push(
      `${fn}: ${nonPositive} observation(s) with a zero or negative outcome dropped (log undefined); consider ppml, which keeps zeros`,
    );
  return { rows, y: Float64Array.from(ys), dropped: missing + nonPositive, warnings };
}

/** Cluster factor for the option, or `null` for no clustering. */
export function clusterFactor(
  rows: readonly PanelRecord[],
  option: ClusterOption | undefined,
): Factor | null {
  if (option === 'none') return null;
  const label =
    option === undefined
      ? (r: PanelRecord) => r.cluster
      : option === 'unit'
        ? (r: PanelRecord) => r.unit
        : option;
  return encodeFactor('cluster', rows.map(label));
}

/** Count distinct clusters that contain a treated observation. */
export function treatedClusterCount(
  rows: readonly PanelRecord[],
  cluster: Factor | null,
  isTreated: (r: PanelRecord, i: number) => boolean,
): number | null {
  if (cluster === null) return null;
  const s = new Set<number>();
  rows.forEach((r, i) => {
    if (isTreated(r, i)) s.add(cluster.codes[i]!);
  });
  return s.size;
}

/** Warnings about few clusters / few treated clusters. */
export function clusterWarnings(
  fn: string,
  clusters: number | null,
  treatedClusters: number | null,
): string[] {
  const out: string[] = [];
  if (clusters === null) return out;
  if (clusters < 2)
    out.push(
      `${fn}: only ${clusters} cluster; cluster-robust standard errors are undefined (se, p and interval are null)`,
    );
  else if (clusters < FEW_CLUSTERS)
    out.push(
      `${fn}: only ${clusters} clusters; cluster-robust standard errors and t(G−1) tests are unreliable with few clusters — use wildClusterBootstrap`,
    );
  if (treatedClusters !== null && treatedClusters > 0 && treatedClusters < 5 && clusters >= 2)
    out.push(
      `${fn}: only ${treatedClusters} treated cluster(s); inference is fragile even with the wild cluster bootstrap (MacKinnon & Webb 2017)`,
    );
  return out;
}

/** A coefficient record from a fit, with t(df) inference; all undefined parts `null`. */
export function coefficientOf(
  fit: LinearFit,
  j: number,
  term: string,
  level: number,
  normal = false,
): Coefficient {
  const est = fit.beta[j] ?? null;
  const v = fit.cov[j]?.[j] ?? null;
  const se = est !== null && v !== null && v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  return makeCoefficient(term, est, se, normal ? null : fit.dfInference, level);
}

/** A coefficient record from an estimate and its se with t(df) (normal when `df` is `null`) inference. */
export function makeCoefficient(
  term: string,
  estimate: number | null,
  se: number | null,
  df: number | null,
  level: number,
): Coefficient {
  const est = estimate !== null && Number.isFinite(estimate) ? estimate : null;
  const s = se !== null && Number.isFinite(se) && se > 0 && est !== null ? se : null;
  const validDf = df === null || df > 0;
  const stat = s !== null && est !== null && validDf ? est / s : null;
  const crit = s !== null && validDf ? criticalValue(level, df) : null;
  return {
    term,
    estimate: est,
    se: s,
    statistic: stat,
    df: s !== null && validDf ? df : null,
    p: s !== null && validDf ? twoSidedP(stat, df) : null,
    interval: {
      lower: crit !== null && est !== null && s !== null ? est - crit * s : null,
      upper: crit !== null && est !== null && s !== null ? est + crit * s : null,
      level,
    },
  };
}

/** exp(δ) − 1 with the interval mapped the same way (monotone), `null` where undefined or overflowing. */
export function percentEffectOf(c: {
  estimate: number | null;
  interval: { lower: number | null; upper: number | null; level: number };
}): PercentEffect {
  const t = (x: number | null): number | null => {
    if (x === null) return null;
    const v = Math.expm1(x);
    return Number.isFinite(v) ? v : null;
  };
  return {
    estimate: t(c.estimate),
    interval: { lower: t(c.interval.lower), upper: t(c.interval.upper), level: c.interval.level },
  };
}

/** Validate a coverage level. */
export function checkLevel(level: number, fn: string): number {
  if (!(level > 0 && level < 1)) throw new OptionsError(`${fn} requires a level in (0, 1), got ${level}`);
  return level;
}
