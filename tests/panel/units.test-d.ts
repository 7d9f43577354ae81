/**
 * Units in the types: money series of different currencies do not mix, conversion changes the type, and index or
 * ratio series are not money.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { FxTable, Series, TradeObservation } from '../../src/index.js';
import {
  convertCurrency,
  difference,
  type IndexSeries,
  otherGoods,
  type RatioSeries,
  ratio,
  rebase,
  sumSeries,
  toAnnual,
  toSeries,
  unrebase,
  yearOnYear,
} from '../../src/panel/index.js';

declare const eur: Series<'EUR'>;
declare const eur2: Series<'EUR'>;
declare const gbp: Series<'GBP'>;
declare const fx: FxTable;
declare const eurObs: TradeObservation<'EUR'>[];
declare const anyObs: TradeObservation[];

describe('units in types', () => {
  it('ratio and difference accept one currency and refuse EUR with GBP', () => {
    expectTypeOf(ratio(eur, eur2)).toEqualTypeOf<RatioSeries>();
    expectTypeOf(difference(eur, eur2)).toEqualTypeOf<Series<'EUR'>>();
    // @ts-expect-error EUR divided by GBP does not compile
    ratio(eur, gbp);
    // @ts-expect-error GBP minus EUR does not compile
    difference(gbp, eur);
    // @ts-expect-error other goods of a GBP total and a EUR group does not compile
    otherGoods(gbp, eur);
    // @ts-expect-error a list of EUR and GBP series is not a list of one currency
    sumSeries<'EUR'>([eur, gbp], { key: eur.key });
  });

  it('convertCurrency changes the currency in the type', () => {
    const usd = convertCurrency(eur, 'USD', fx);
    expectTypeOf(usd).toEqualTypeOf<Series<'USD'>>();
    // @ts-expect-error a converted USD series is no longer EUR
    ratio(eur, usd);
    expectTypeOf(ratio(convertCurrency(gbp, 'EUR', fx), eur)).toEqualTypeOf<RatioSeries>();
  });

  it('an index series is not money, and unrebase gives the money type back', () => {
    const idx = rebase(eur, { base: '2021-01' });
    expectTypeOf(idx).toEqualTypeOf<IndexSeries<'EUR'>>();
    // @ts-expect-error an index has no currency: it cannot be used as money
    ratio(idx, eur);
    // @ts-expect-error nor summed to years
    toAnnual(idx);
    expectTypeOf(unrebase(idx)).toEqualTypeOf<Series<'EUR'>>();
    // @ts-expect-error a growth rate is not money either
    difference(yearOnYear(eur), eur);
  });

  it('toSeries carries the observations currency, or the one kept by the currency option', () => {
    expectTypeOf(toSeries(eurObs, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' })).toEqualTypeOf<
      Series<'EUR'>
    >();
    expectTypeOf(
      toSeries(anyObs, { reporter: 'GB', partner: 'KG', flow: 'export', currency: 'GBP' }),
    ).toEqualTypeOf<Series<'GBP'>>();
    // @ts-expect-error EUR observations cannot give a GBP series
    toSeries(eurObs, { reporter: 'EU27_2020', partner: 'KG', flow: 'export', currency: 'GBP' });
  });
});
