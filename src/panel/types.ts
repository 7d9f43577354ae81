import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import type { Frequency, Period } from '../model/period.js';
import type { SeriesKey } from '../model/series.js';

/**
 * What to do with a sum when some of its components have no value (missing, confidential, or negligible with
 * `negligibleAs: 'null'`).
 *
 * - `'null'` (the honest default): the sum is `null`, with the status of the weakest component;
 * - `'lowerBound'`: the known components are summed and a note says the value is a lower bound.
 *
 * Observations absent from the input are never components: Comext publishes no row where there was no trade.
 */
export type IncompletePolicy = 'null' | 'lowerBound';

/**
 * What to do with `negligible` values (below the publisher's rounding unit, e.g. ONS months under £0.5 m).
 *
 * - `'null'` (default): value `null`, status `negligible`;
 * - `'zero'`: value `0`, status `negligible`, and a note records it (with the rounding unit when known). The ONS
 *   annual sums are built this way.
 */
export type NegligiblePolicy = 'null' | 'zero';

/** Options shared by every function that sums observations or series. */
export interface SumOptions {
  /** See {@link IncompletePolicy}. Default `'null'`. */
  readonly incomplete?: IncompletePolicy;
  /** See {@link NegligiblePolicy}. Default `'null'`. */
  readonly negligibleAs?: NegligiblePolicy;
}

/**
 * A {@link TradeObservation} as the panel functions return it: aggregation (`aggregateReporters`,
 * `truncateProducts`, `productGroup`, `mapProductEdition`) may add what was done to it. Every field is optional,
 * so a plain observation is a `PanelObservation` and vice versa.
 *
 * @typeParam C - the currency
 */
export type PanelObservation<C extends Currency = Currency> = TradeObservation<C> & {
  /** Provenance ids of every observation summed into this one (`source` then names the first). */
  readonly sources?: readonly string[];
  /** What was done to build it, e.g. `negligible values treated as zero`. */
  readonly notes?: readonly string[];
  /** True when the value sums only the known components (see {@link IncompletePolicy}). */
  readonly lowerBound?: boolean;
};

/** Fields every series-like result has: key, periods and one value and status per period. */
interface SeriesShape {
  /** What the series is about. */
  readonly key: SeriesKey;
  /** `monthly` or `annual`. */
  readonly frequency: Frequency;
  /** Consecutive periods, first to last. */
  readonly periods: readonly Period[];
  /** One value per period; `null` where undefined. */
  readonly values: readonly (number | null)[];
  /** One status per period (the weakest of the inputs). */
  readonly status: readonly TradeObservation['status'][];
  /** Provenance ids of the data it was built from. */
  readonly sources: readonly string[];
  /** What was done to it, in order. */
  readonly notes: readonly string[];
}

/**
 * An index series (base = 100), as made by `rebase`. It is no longer in currency units: it has no `currency`
 * field, so the compiler refuses it where a money {@link Series} is expected. `base` remembers the base level and
 * currency so `unrebase` can restore the money series.
 *
 * @typeParam C - the currency of the series it was made from
 */
export interface IndexSeries<C extends Currency = Currency> extends SeriesShape {
  /** Discriminant: an index, base = 100. */
  readonly unit: 'index';
  /** The base: period window and its mean level in base units of `currency`. */
  readonly base: {
    /** First period of the base window. */
    readonly from: Period;
    /** Last period of the base window (equal to `from` for a single base period). */
    readonly to: Period;
    /** Mean value over the base window, in base units of `currency` (never 0). */
    readonly value: number;
    /** Currency of the original series. */
    readonly currency: C;
  };
}

/**
 * A dimensionless series: a ratio of two money series (`unit: 'ratio'`, e.g. 1.5 = one and a half times) or a
 * growth rate (`unit: 'fraction'`, e.g. 0.25 = +25%). No `currency`: it cannot be passed where money is expected.
 */
export interface RatioSeries extends SeriesShape {
  /** `ratio` (a / b) or `fraction` (a / b − 1). */
  readonly unit: 'ratio' | 'fraction';
}

/** The two HS editions the UNSD correlation table links (a string, unlike the reference `HsEdition` records). */
export type ConcordanceEdition = 'HS2017' | 'HS2022';

/**
 * One row of the UNSD HS2022 ↔ HS2017 correlation table (6-digit codes with leading zeros).
 *
 * `relationship` is written HS2022 : HS2017: `'n:1'` means several HS2022 subheadings came from one HS2017
 * subheading. The panel functions recompute multiplicities from the rows and use the column only as a label.
 */
export interface HsConcordanceRow {
  /** HS2022 subheading, 6 digits. */
  readonly hs2022: string;
  /** HS2017 subheading, 6 digits. */
  readonly hs2017: string;
  /** Relationship as published, HS2022 : HS2017. */
  readonly relationship: '1:1' | 'n:1' | '1:n' | 'n:n';
}

/** Labels to put in the key of a series instead of the ones derived from the data. */
export interface SeriesLabels {
  /** Reporter label (default: the reporter code, or the codes joined with `+`). */
  readonly reporter?: string;
  /** Partner label (default: the partner code, or the codes joined with `+`). */
  readonly partner?: string;
  /** Product label (default: `TOTAL`, the product key such as `HS:27`, the group name, or the keys joined with `+`). */
  readonly product?: string;
}
