import { OptionsError } from '../errors.js';
import type { Currency } from './currency.js';
import type { Flow, ObservationStatus } from './observation.js';
import { addPeriods, type Frequency, frequencyOf, type Period } from './period.js';

/**
 * What a series is about: who reported it, with whom, which way, and which product group.
 *
 * `product` is a group label: `'TOTAL'`, a product key such as `'HS:27'`, or a named basket such as
 * `'sanctioned'` or `'other'`.
 */
export interface SeriesKey {
  /** Reporter code (ISO alpha-2 or an aggregate such as `EU27_2020`). */
  readonly reporter: string;
  /** Partner code. */
  readonly partner: string;
  /** `export` or `import`, from the reporter's side. */
  readonly flow: Flow;
  /** Product group label. */
  readonly product: string;
}

/**
 * A regular time series of trade values for one {@link SeriesKey}: one entry per calendar period from the
 * first to the last, with gaps kept as `null` (a gap is never zero).
 *
 * Values are in base units of `C`. The currency is carried in the type: a `Series<'EUR'>` cannot be passed
 * where a `Series<'GBP'>` is required, and conversion is explicit.
 *
 * @typeParam C - the currency of `values`
 */
export interface Series<C extends Currency = Currency> {
  /** What the series is about. */
  readonly key: SeriesKey;
  /** `monthly` or `annual`. */
  readonly frequency: Frequency;
  /** Currency of `values`. */
  readonly currency: C;
  /** Consecutive periods, first to last, no calendar gaps. */
  readonly periods: readonly Period[];
  /** One value per period, base units of `currency`; `null` where nothing usable was published. */
  readonly values: readonly (number | null)[];
  /** One status per period (the weakest status of the observations summed into it). */
  readonly status: readonly ObservationStatus[];
  /** Provenance ids of the observations it was built from. */
  readonly sources: readonly string[];
  /** What was done to it, in order (aggregation, currency conversion with the FX source, deflation). */
  readonly notes: readonly string[];
}

/** Fields of {@link makeSeries}. */
export interface MakeSeriesInput<C extends Currency> {
  /** What the series is about. */
  readonly key: SeriesKey;
  /** Currency of `values`. */
  readonly currency: C;
  /** First period; later periods follow at the same frequency. */
  readonly start: Period;
  /** Values from `start` on, `null` for gaps. */
  readonly values: readonly (number | null)[];
  /** Statuses per period (default: `reported` where a value exists, `missing` where not). */
  readonly status?: readonly ObservationStatus[];
  /** Provenance ids (default none). */
  readonly sources?: readonly string[];
  /** Processing notes (default none). */
  readonly notes?: readonly string[];
}

/**
 * Build a {@link Series} from a start period and values, checking that every value is finite or `null`.
 *
 * @throws {OptionsError} if a value is NaN or infinite, or `status` has the wrong length
 * @example
 * const s = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022-01', values: [10, null, 12] });
 * s.periods; // => ['2022-01', '2022-02', '2022-03']
 */
export function makeSeries<C extends Currency>(input: MakeSeriesInput<C>): Series<C> {
  const frequency = frequencyOf(input.start);
  const n = input.values.length;
  const periods: Period[] = [];
  for (let i = 0; i < n; i++) periods.push(i === 0 ? input.start : addPeriods(periods[i - 1]!, 1));
  for (let i = 0; i < n; i++) {
    const v = input.values[i];
    if (v !== null && !Number.isFinite(v)) {
      throw new OptionsError(`makeSeries requires finite values or null, got ${v} at ${periods[i]}`);
    }
  }
  if (input.status !== undefined && input.status.length !== n) {
    throw new OptionsError(`makeSeries requires one status per value, got ${input.status.length} for ${n}`);
  }
  const status = input.status ?? input.values.map((v) => (v === null ? 'missing' : 'reported'));
  return {
    key: input.key,
    frequency,
    currency: input.currency,
    periods,
    values: [...input.values],
    status: [...status],
    sources: [...(input.sources ?? [])],
    notes: [...(input.notes ?? [])],
  };
}
