import type { Currency } from '../../model/currency.js';
import type { Period } from '../../model/period.js';
import type { PriceIndex } from '../../panel/deflate.js';
import { CCA3 } from '../../reference/groups.js';
import type { ReportingCaveat } from '../../reference/reporting-caveats.js';
import type { BaselineName } from './common.js';

/**
 * How leg (b) tests its pooled DiD against the control destinations: `'randomization'` (default, the studentised
 * randomisation test) or `'wildClusterBootstrap'` (under-rejects with few treated units).
 *
 * @example
 * const t: ControlsTest = 'randomization';
 */
export type ControlsTest = 'randomization' | 'wildClusterBootstrap';

/**
 * Real terms for the series in one currency (`RoundaboutOptions.prices`): the mirror leg's series in `currency` are
 * deflated to constant prices of `base` by `index` before any comparison. Off by default (nominal values).
 *
 * @example
 * const index = await loadPriceIndex('us-export-prices-monthly');
 * const prices: RealTermsOptions = { index, currency: 'USD', base: ['2017', '2019'] };
 * prices.base; // => ['2017', '2019']
 */
export interface RealTermsOptions {
  /**
   * Price levels, monthly (averaged to calendar years over complete years, `annualPriceIndex`) or annual. A
   * `ShippedPriceIndex` from `loadPriceIndex` brings its own name and caveat.
   */
  readonly index: PriceIndex;
  /** Name of the index for the output. Default: the index's own `name` (a shipped index has one); else required. */
  readonly name?: string;
  /** Base year, or `[from, to]` years, whose prices the values are in. Default the pre-war years `annualPre`. */
  readonly base?: Period | readonly [Period, Period];
  /** Currency of the series to deflate (the others stay nominal), e.g. `'USD'` for the mirror leg. */
  readonly currency: Currency;
  /**
   * What the index does not measure, stated with every deflated finding. Default: the index's first caveat (for
   * `us-export-prices-monthly`: U.S. export prices, not EU ones).
   */
  readonly caveat?: string;
}

/** {@link RealTermsOptions} resolved: annual levels, a name, a `[from, to]` base and the caveat. */
export interface ResolvedPrices {
  readonly annual: Readonly<Record<Period, number>>;
  readonly name: string;
  readonly base: readonly [Period, Period];
  readonly currency: Currency;
  readonly caveat: string | null;
}

/**
 * How the study words the two sides of its treatment date, so no leg names an event: the roundabout's defaults are
 * `pre-war`, `post-war`, `before the war`, `after the war`.
 *
 * @example
 * const w: EventWords = { pre: 'pre-Brexit', post: 'post-Brexit', before: 'before Brexit', after: 'after Brexit' };
 */
export interface EventWords {
  /** Adjective for the pre-treatment side, e.g. `pre-war`. */
  readonly pre: string;
  /** Adjective for the post-treatment side, e.g. `post-war`. */
  readonly post: string;
  /** Adverbial phrase for the pre-treatment side, e.g. `before the war`. */
  readonly before: string;
  /** Adverbial phrase for the post-treatment side, e.g. `after the war`. */
  readonly after: string;
}

/** Options of `roundabout` with every default filled in. */
export interface ResolvedOptions {
  readonly exporters: readonly string[];
  readonly destinations: readonly string[];
  readonly controls: readonly string[] | 'auto';
  /** `'auto'`: `controlExclusions` of each exporter's study; or the user's own list. */
  readonly excludeFromControls: readonly string[] | 'auto';
  /** Transit hubs of the target for the automatic exclusions; `null`: the reference table's (`TRANSIT_HUBS`). */
  readonly hubs: readonly string[] | null;
  /** The test of leg (b)'s pooled DiD: randomisation inference (default) or the wild cluster bootstrap. */
  readonly controlsTest: ControlsTest;
  readonly otherNeighbours: readonly string[];
  readonly target: string;
  readonly treatment: Period;
  readonly fit: readonly [Period, Period];
  readonly annualPre: readonly [Period, Period];
  readonly annualPost: readonly [Period, Period];
  readonly baselines: readonly BaselineName[];
  readonly headlineBaseline: BaselineName;
  readonly currencies: readonly Currency[];
  readonly minControlExports: number;
  readonly level: number;
  readonly seed: number;
  readonly draws: number;
  readonly bootstrapDraws: number;
  /** The published estimate the triple difference is set beside, or `null` for none. */
  readonly sanctionedPremium: PublishedEstimate | null;
  /** How the two sides of the treatment date are worded. */
  readonly words: EventWords;
  /** What the sanctioned-goods list is, in words (e.g. the regulation and its consolidation date). */
  readonly sanctionedList: string;
  readonly covidMonths: readonly [Period, Period] | null;
  /** Caveats on reporters' published figures, attached to the mirror leg's findings they concern. */
  readonly reportingCaveats: readonly ReportingCaveat[];
  /** Real terms for the mirror leg's series in one currency; absent (the default): nominal values. */
  readonly prices?: ResolvedPrices;
}

/** A published estimate to set a finding beside: its value and who published it, with the design, in words. */
export interface PublishedEstimate {
  /** The estimate, a fraction (0.3 = +30%). */
  readonly value: number;
  /** Who published it and how they estimated it, e.g. `The EBRD (…) report about … from a product-level design`. */
  readonly source: string;
}

/** The defaults of `roundabout`, as documented on `RoundaboutOptions`. */
export const ROUNDABOUT_DEFAULTS = {
  exporters: ['EU27_2020', 'GB'],
  destinations: [...CCA3],
  otherNeighbours: ['GE', 'UZ'],
  target: 'RU',
  treatment: '2022-03',
  fit: ['2019-01', '2022-01'],
  annualPre: ['2017', '2019'],
  annualPost: ['2022', '2023'],
  // holtWinters is not in the default set: its cumulative interval does not hold its level (85.5–97% at a nominal
  // 95% on the calibration grid, bench/README), and the rule asks every declared specification's interval to agree.
  baselines: ['seasonalTrend', 'stlForecast', 'logLinearTrend', 'preWarMean'],
  headlineBaseline: 'seasonalTrend',
  currencies: ['EUR', 'USD'],
  minControlExports: 100e6,
  level: 0.95,
  seed: 1,
  draws: 1000,
  bootstrapDraws: 9999,
  ebrdSanctionedPremium: 0.3,
  /** Who the sanctioned-goods premium comes from (the EBRD's product-level estimate). */
  sanctionedPremiumSource:
    'the EBRD (Chupilkin, Javorcik & Plekhanov 2023), from a product-level design (product fixed effects, trade-weighted)',
  words: { pre: 'pre-war', post: 'post-war', before: 'before the war', after: 'after the war' },
  /** The shipped sanctioned-goods list, in words. */
  sanctionedList: 'the CN8 codes of Reg. (EU) 833/2014 as consolidated on 2022-10-07',
  covidMonths: ['2020-03', '2020-12'],
  controlsTest: 'randomization',
} as const;
