export { Currency, CurrencySchema } from './currency.js';
export type { FxTable } from './fx.js';
export {
  DUPLICATE_ROW_REASON,
  DUPLICATE_ROWS,
  type DuplicateRows,
  type LoadProgress,
  type LoadResult,
  type Reject,
} from './load-result.js';
export {
  type Flow,
  ObservationStatus,
  type PartnerBasis,
  type TradeObservation,
  TradeObservationSchema,
} from './observation.js';
export {
  addPeriods,
  comparePeriods,
  type Frequency,
  frequencyOf,
  fromMonthIndex,
  isPeriod,
  monthIndex,
  monthOf,
  type Period,
  PeriodSchema,
  parseComextPeriod,
  parseComextPeriodAt,
  parsePeriod,
  periodRange,
  yearOf,
} from './period.js';
export {
  Classification,
  type Product,
  ProductSchema,
  productKey,
  productOf,
  TOTAL_GOODS,
} from './product.js';
export { type Provenance, ProvenanceSchema } from './provenance.js';
export type { Counterfactual, FitDiagnostics, Interval } from './result.js';
export { type MakeSeriesInput, makeSeries, type Series, type SeriesKey } from './series.js';
export type {
  BaselinePanel,
  ChartBase,
  ChartKind,
  ChartRequest,
  LegOutcome,
  SourceLine,
  StudyFinding,
  StudyResult,
  VerdictStatus,
} from './study.js';
