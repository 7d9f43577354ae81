import { describe, expectTypeOf, it } from 'vitest';
import {
  type DidResult,
  did,
  type Panel,
  type PlaceboResult,
  placeboUnits,
  toPanel,
  tripleDiff,
} from '../../src/inference/index.js';
import type { Series } from '../../src/model/series.js';

declare const panel: Panel;
declare const eur: Series<'EUR'>;

describe('inference types', () => {
  it('results are plain records with nullable numbers', () => {
    expectTypeOf(did(panel)).toEqualTypeOf<DidResult>();
    expectTypeOf(did(panel).estimate).toEqualTypeOf<number | null>();
    expectTypeOf(did(panel).interval.lower).toEqualTypeOf<number | null>();
    expectTypeOf(placeboUnits(panel, () => 1)).toEqualTypeOf<PlaceboResult>();
  });

  it('options are checked', () => {
    // @ts-expect-error tripleDiff requires the treated group
    tripleDiff(panel, {});
    // @ts-expect-error outcome is 'log' or 'level'
    did(panel, { outcome: 'ln' });
    // @ts-expect-error toPanel requires a treated predicate
    toPanel([eur], { post: '2022-03' });
    expectTypeOf(toPanel([eur], { treated: () => true, post: '2022-03' })).toEqualTypeOf<Panel>();
  });
});
