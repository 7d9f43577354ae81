import type { z } from 'zod';
import { lazySchema } from '../shared/zod.js';
import { assertFiniteOrNull, finiteOrNull, mean, sampleSd } from './numeric.js';
import { WarningsSchema } from './schemas.js';

/**
 * zod schema of {@link ZScoreResult}.
 *
 * @example
 * ZScoreResultSchema.parse(zScore(12, [9, 10, 11])).z; // => 2
 */
export const ZScoreResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('zScore'),
    /** The value scored; `null` if absent. */
    value: z.number().nullable(),
    /** `(value − mean) / sd`; `null` when undefined (absent value, fewer than two references, zero spread). */
    z: z.number().nullable(),
    /** Mean of the reference values. */
    mean: z.number().nullable(),
    /** Sample standard deviation (n − 1) of the reference values. */
    sd: z.number().nullable(),
    /** Number of reference values used (nulls dropped). */
    n: z.number().int(),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link zScore}. */
export type ZScoreResult = z.infer<typeof ZScoreResultSchema>;

/** Reference sets shorter than this get a "short reference" warning. */
export const SHORT_REFERENCE = 5;

/**
 * Classical z-score of a value against a reference set: `(value − mean) / sd`, with the sample standard deviation
 * (n − 1 denominator).
 *
 * Unit-free: shifting and rescaling the value and the reference together leaves it unchanged. `null` references
 * are dropped (and counted in a warning). The score is `null` with a warning when it is undefined: no value, fewer
 * than two reference values, or a reference with no spread. Sensitive to outliers in the reference: see
 * {@link robustZ}. Runs in `O(n)`.
 *
 * Not a test. The score claims no level, and |z| > 1.96 is not a 5% test: with no change at all (SYNTHETIC, 2,000
 * draws, `npx tsx bench/calibration.ts --only zscores`) one value against five gave |z| > 1.96 in 13.8% of draws. The reference is a handful of values, so its spread
 * is itself uncertain; read the score as a description, and use a baseline's interval or a placebo test for
 * inference.
 *
 * @param value - the value to score, in the reference's units
 * @param reference - the reference values (e.g. the same month in earlier years)
 * @returns a {@link ZScoreResult}
 * @throws {OptionsError} if a value is NaN or infinite
 * @example
 * zScore(14, [8, 10, 12]).z; // => 2
 */
export function zScore(value: number | null, reference: readonly (number | null)[]): ZScoreResult {
  assertFiniteOrNull([value], 'zScore value');
  assertFiniteOrNull(reference, 'zScore reference');
  const warnings: string[] = [];
  const ref = reference.filter((v): v is number => v !== null);
  if (ref.length < reference.length) {
    warnings.push(`${reference.length - ref.length} missing reference value(s) dropped`);
  }
  if (ref.length < SHORT_REFERENCE) warnings.push(`short reference: n = ${ref.length}`);
  const m = finiteOrNull(mean(ref));
  const sd = finiteOrNull(sampleSd(ref));
  let score: number | null = null;
  if (value === null) warnings.push('no value to score');
  else if (ref.length < 2) warnings.push('fewer than two reference values: z is null');
  else if (sd === null || m === null) warnings.push('numeric overflow in the reference: z is null');
  else if (sd === 0 || sd <= 1e-12 * Math.max(Math.abs(m), Math.abs(value))) {
    warnings.push('the reference has no spread: z is null');
  } else score = finiteOrNull((value - m) / sd);
  return { method: 'zScore', value, z: score, mean: m, sd, n: ref.length, warnings };
}
