import type { Currency } from '../../model/currency.js';
import type { Period } from '../../model/period.js';
import {
  CCA3,
  EAEU,
  EU27,
  FINCEN_BIS_HIGH_RISK,
  OTHER_FORMER_SOVIET,
  RUSSIA_LAND_NEIGHBOURS,
} from '../../reference/groups.js';
import type { BaselineName } from './common.js';

/** Options of `roundabout` with every default filled in. */
export interface ResolvedOptions {
  readonly exporters: readonly string[];
  readonly destinations: readonly string[];
  readonly controls: readonly string[] | 'auto';
  readonly excludeFromControls: readonly string[];
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
  readonly ebrdSanctionedPremium: number;
  readonly covidMonths: readonly [Period, Period] | null;
}

/**
 * Destinations never used as clean controls by default: EU members (intra-EU trade), the Eurasian Economic Union,
 * Russia's land neighbours, the FinCEN/BIS high-risk transshipment list, other former Soviet republics, and Ukraine
 * (at war). Each is either a suspected hub or hit by the war itself.
 */
export const DEFAULT_CONTROL_EXCLUSIONS: readonly string[] = [
  ...new Set<string>([
    ...EU27,
    ...EAEU,
    ...RUSSIA_LAND_NEIGHBOURS,
    ...FINCEN_BIS_HIGH_RISK,
    ...OTHER_FORMER_SOVIET,
    'UA',
    'RU',
  ]),
].sort();

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
  baselines: ['seasonalTrend', 'holtWinters', 'stlForecast', 'logLinearTrend', 'preWarMean'],
  headlineBaseline: 'seasonalTrend',
  currencies: ['EUR', 'USD'],
  minControlExports: 100e6,
  level: 0.95,
  seed: 1,
  draws: 1000,
  bootstrapDraws: 9999,
  ebrdSanctionedPremium: 0.3,
  covidMonths: ['2020-03', '2020-12'],
} as const;
