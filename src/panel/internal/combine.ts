/**
 * Summing values with their statuses: the one place that decides what a sum of published figures is worth.
 * Internal: the public functions document the rules.
 *
 * @module
 */
import type { ObservationStatus } from '../../model/observation.js';
import type { IncompletePolicy, NegligiblePolicy } from '../types.js';

/** One part of a sum. */
export interface Component {
  readonly value: number | null;
  readonly status: ObservationStatus;
  /** Set when the part is itself a lower bound. */
  readonly lowerBound?: boolean | undefined;
}

/** The sum of some components. */
export interface Combined {
  readonly value: number | null;
  readonly status: ObservationStatus;
  /** The value sums only the known components, or one of them was a lower bound. */
  readonly lowerBound: boolean;
  /** At least one negligible component was counted as zero. */
  readonly negligibleZero: boolean;
}

/** Resolved summing policy. */
export interface Policy {
  readonly incomplete: IncompletePolicy;
  readonly negligibleAs: NegligiblePolicy;
}

/** The default policy: honest nulls. */
export const DEFAULT_POLICY: Policy = { incomplete: 'null', negligibleAs: 'null' };

/** Fill in the defaults of a summing policy. */
export function policyOf(options: {
  readonly incomplete?: IncompletePolicy | undefined;
  readonly negligibleAs?: NegligiblePolicy | undefined;
}): Policy {
  return {
    incomplete: options.incomplete ?? 'null',
    negligibleAs: options.negligibleAs ?? 'null',
  };
}

// Rank of a status carried by a value: higher is weaker. `zero` and `negligible` (counted as zero) only decide the
// status when every part is (near) zero.
const KNOWN_RANK: Record<ObservationStatus, number> = {
  zero: 0,
  negligible: 0,
  reported: 1,
  provisional: 2,
  estimated: 3,
  confidential: 4,
  missing: 5,
};

// Rank of the reason a value is absent: higher is weaker.
const NULL_RANK: Record<ObservationStatus, number> = {
  negligible: 1,
  confidential: 2,
  missing: 3,
  zero: 3,
  reported: 3,
  provisional: 3,
  estimated: 3,
};

/** The weakest of the statuses of parts that carry a value. */
function weakestKnown(statuses: readonly ObservationStatus[]): ObservationStatus {
  let worst: ObservationStatus | undefined;
  let anyNegligible = false;
  for (const s of statuses) {
    if (s === 'negligible') anyNegligible = true;
    if (KNOWN_RANK[s] === 0) continue;
    if (worst === undefined || KNOWN_RANK[s] > KNOWN_RANK[worst]) worst = s;
  }
  if (worst !== undefined) return worst;
  return anyNegligible ? 'negligible' : 'zero';
}

/** The status of a part that has no value (a value-status with a null value is an unpublished figure). */
function nullStatus(s: ObservationStatus): ObservationStatus {
  return s === 'negligible' || s === 'confidential' ? s : 'missing';
}

/**
 * The correctly rounded sum of finite numbers (Shewchuk's algorithm, as Python's `math.fsum`): exact partial
 * sums, so the result does not depend on the order of the terms. Returns a non-finite number on overflow.
 */
export function exactSum(xs: readonly number[]): number {
  const partials: number[] = [];
  for (let x of xs) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  // Add the partials from the top, with the round-half-even correction of math.fsum.
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/**
 * Sum components under a policy. An empty list is a calendar gap: `null`, `missing`. Sums are correctly rounded
 * (see {@link exactSum}), so they do not depend on the order of the rows.
 */
export function combine(components: readonly Component[], policy: Policy): Combined {
  if (components.length === 1) {
    // The common case, kept allocation-free.
    const c = components[0]!;
    if (c.value !== null) {
      return {
        value: c.value,
        status: c.status,
        lowerBound: c.lowerBound === true,
        negligibleZero: c.status === 'negligible',
      };
    }
    if (c.status === 'negligible' && policy.negligibleAs === 'zero') {
      return { value: 0, status: 'negligible', lowerBound: false, negligibleZero: true };
    }
    return { value: null, status: nullStatus(c.status), lowerBound: false, negligibleZero: false };
  }
  const terms: number[] = [];
  let known = 0;
  let lowerBound = false;
  let negligibleZero = false;
  let unknownStatus: ObservationStatus | undefined;
  const knownStatuses: ObservationStatus[] = [];
  for (const c of components) {
    if (c.value !== null) {
      terms.push(c.value);
      known++;
      knownStatuses.push(c.status);
      if (c.lowerBound === true) lowerBound = true;
      if (c.status === 'negligible') negligibleZero = true;
    } else if (c.status === 'negligible' && policy.negligibleAs === 'zero') {
      known++;
      knownStatuses.push('negligible');
      negligibleZero = true;
    } else {
      const s = nullStatus(c.status);
      if (unknownStatus === undefined || NULL_RANK[s] > NULL_RANK[unknownStatus]) unknownStatus = s;
    }
  }
  if (known === 0) {
    return { value: null, status: unknownStatus ?? 'missing', lowerBound: false, negligibleZero: false };
  }
  if (unknownStatus !== undefined) {
    if (policy.incomplete === 'null') {
      return { value: null, status: unknownStatus, lowerBound: false, negligibleZero: false };
    }
    lowerBound = true;
  }
  const sum = terms.length === 2 ? terms[0]! + terms[1]! : exactSum(terms);
  if (!Number.isFinite(sum)) {
    return { value: null, status: 'missing', lowerBound: false, negligibleZero: false };
  }
  return { value: sum, status: weakestKnown(knownStatuses), lowerBound, negligibleZero };
}

/** The weaker of two statuses of values that are both present (for ratios and differences). */
export function weakerKnown(a: ObservationStatus, b: ObservationStatus): ObservationStatus {
  return weakestKnown([a, b]);
}

/** The weaker reason for absence when either of two values is null. */
export function weakerNull(
  a: { value: number | null; status: ObservationStatus },
  b: { value: number | null; status: ObservationStatus },
): ObservationStatus {
  const sa = a.value === null ? nullStatus(a.status) : undefined;
  const sb = b.value === null ? nullStatus(b.status) : undefined;
  if (sa === undefined) return sb ?? 'missing';
  if (sb === undefined) return sa;
  return NULL_RANK[sa] >= NULL_RANK[sb] ? sa : sb;
}

/** `x` if it is a finite number, otherwise `null`: no NaN or Infinity ever leaves the panel functions. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
