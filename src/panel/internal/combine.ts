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
 * Sum components under a policy. An empty list is a calendar gap: `null`, `missing`.
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
  let sum = 0;
  let known = 0;
  let lowerBound = false;
  let negligibleZero = false;
  let unknownStatus: ObservationStatus | undefined;
  const knownStatuses: ObservationStatus[] = [];
  for (const c of components) {
    if (c.value !== null) {
      sum += c.value;
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
