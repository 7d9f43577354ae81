import { expectTypeOf, test } from 'vitest';
import type { LoadResult, TradeObservation } from '../../src/index.js';
import {
  fromComextRelational,
  fromComtrade,
  fromCsv,
  fromHmrcOts,
  loadComextBulk,
  loadSdmxCsv,
} from '../../src/sources/index.js';

test('each publisher format carries its currency in the result type', () => {
  expectTypeOf(fromComextRelational).returns.toEqualTypeOf<LoadResult<'EUR'>>();
  expectTypeOf(fromHmrcOts).returns.toEqualTypeOf<LoadResult<'GBP'>>();
  expectTypeOf(fromComtrade).returns.toEqualTypeOf<LoadResult<'USD'>>();
  expectTypeOf(loadComextBulk).returns.toEqualTypeOf<Promise<LoadResult<'EUR'>>>();
  expectTypeOf(loadSdmxCsv).returns.toEqualTypeOf<Promise<LoadResult<'EUR'>>>();
  expectTypeOf(fromCsv).returns.toEqualTypeOf<LoadResult>();
});

test('GBP observations from HMRC cannot be passed where EUR observations are required', () => {
  const eurOnly = (_: readonly TradeObservation<'EUR'>[]) => undefined;
  const uk = fromHmrcOts('{"value": []}');
  // @ts-expect-error GBP is not EUR
  eurOnly(uk.observations);
  eurOnly(fromComextRelational('').observations);
});

test('fromCsv requires a column mapping', () => {
  // @ts-expect-error columns is required
  fromCsv('a,b\n', {});
});
