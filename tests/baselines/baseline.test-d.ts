import { describe, expectTypeOf, it } from 'vitest';
import { type Baseline, controlGroup, holtWinters, seasonalTrend } from '../../src/baselines/index.js';
import type { Counterfactual } from '../../src/model/result.js';
import type { Series } from '../../src/model/series.js';

declare const eur: Series<'EUR'>;
declare const gbp: Series<'GBP'>;

describe('Baseline types', () => {
  it('a fit carries the target currency into the counterfactual', () => {
    expectTypeOf(seasonalTrend().fit(eur)).toEqualTypeOf<Counterfactual<'EUR'>>();
    expectTypeOf(seasonalTrend().fit(gbp)).toEqualTypeOf<Counterfactual<'GBP'>>();
    expectTypeOf(controlGroup()).toEqualTypeOf<Baseline>();
  });

  it('controls and donors must share the target currency', () => {
    expectTypeOf(controlGroup().fit(eur, { controls: [eur] })).toEqualTypeOf<Counterfactual<'EUR'>>();
    // @ts-expect-error GBP controls for an EUR target
    controlGroup().fit(eur, { controls: [gbp] });
    // @ts-expect-error GBP donors for an EUR target
    controlGroup().fit(eur, { donors: [eur, gbp] });
  });

  it('holtWinters needs its seasonal option', () => {
    expectTypeOf(holtWinters).parameter(0).toHaveProperty('seasonal');
    // @ts-expect-error seasonal is required
    expectTypeOf(holtWinters).toBeCallableWith({});
  });
});
