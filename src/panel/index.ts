/**
 * Panel: from trade observations to regular series, and the series arithmetic that keeps units honest —
 * filtering, aggregation (reporters, product levels, groups, classification editions), calendar alignment,
 * currency conversion, deflation, indices and growth.
 *
 * @module
 */
export { type AggregateReportersOptions, aggregateReporters } from './aggregate-reporters.js';
export { type AlignSeriesOptions, alignSeries } from './align-series.js';
export {
  type BasketForEditionsOptions,
  type BasketSet,
  basketForEditions,
  type EditionBasket,
} from './basket-for-editions.js';
export { convertCurrency } from './convert-currency.js';
export { annualPriceIndex, type DeflateOptions, deflate, type PriceIndex } from './deflate.js';
export { difference } from './difference.js';
export { HsConcordanceRowSchema } from './internal/concordance.js';
export type { AnySeries } from './internal/series.js';
export { type MapProductEditionOptions, mapProductEdition } from './map-product-edition.js';
export { type OtherGoodsOptions, otherGoods } from './other-goods.js';
export { type ProductGroupOptions, productGroup } from './product-group.js';
export { ratio } from './ratio.js';
export { type RebaseOptions, rebase, unrebase } from './rebase.js';
export { rollingSum } from './rolling-sum.js';
export { slice } from './slice.js';
export { type SumSeriesOptions, sumSeries } from './sum-series.js';
export { type ToAnnualOptions, toAnnual } from './to-annual.js';
export {
  type ProductPanel,
  type ProductPanelAccounting,
  type ProductPanelBridge,
  type ProductPanelExclusion,
  type ProductPanelOptions,
  type ProductPanelRow,
  productPanelRows,
  toProductPanel,
} from './to-product-panel.js';
export { type ObservationFilter, type ToSeriesOptions, toSeries } from './to-series.js';
export {
  type SeriesDimension,
  type SeriesSet,
  type ToSeriesSetOptions,
  toSeriesSet,
} from './to-series-set.js';
export { type HsLevel, truncateProducts } from './truncate-products.js';
export type {
  ConcordanceEdition,
  HsConcordanceRow,
  IncompletePolicy,
  IndexSeries,
  NegligiblePolicy,
  PanelObservation,
  RatioSeries,
  SeriesLabels,
  SumOptions,
} from './types.js';
export { yearOnYear } from './year-on-year.js';
