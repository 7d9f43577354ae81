import { describe, expectTypeOf, it } from 'vitest';
import type { Counterfactual, Series } from '../../src/index.js';
import { type ExcessResult, excess, growth, substitutionRatio } from '../../src/measures/index.js';

declare const eur: Series<'EUR'>;
declare const gbp: Series<'GBP'>;
declare const cfEur: Counterfactual<'EUR'>;
declare const cfGbp: Counterfactual<'GBP'>;

describe('measures carry currencies in their types', () => {
  it('excess and growth require a counterfactual in the series currency', () => {
    expectTypeOf(excess(eur, cfEur)).toEqualTypeOf<ExcessResult>();
    // @ts-expect-error a GBP counterfactual cannot measure a EUR series
    excess(eur, cfGbp);
    // @ts-expect-error nor the other way round
    growth(gbp, { vs: cfEur });
  });

  it('substitutionRatio takes series of one currency', () => {
    substitutionRatio({
      direct: eur,
      // @ts-expect-error intermediaries in GBP with a EUR direct flow
      intermediaries: [gbp],
      before: { from: '2021', to: '2021' },
      after: { from: '2022', to: '2022' },
    });
  });
});
