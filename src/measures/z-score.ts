import type { z } from 'zod';
import { tQuantile } from '../inference/distributions.js';
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
 * Reference sets shorter than this get a "few reference values" warning that |z| > 1.96 is not a 5% screen
 * (bench/README.md, "z-score screens": 11–14% of draws under no effect with 5–6 values, 27% for the robust z).
 * Internal: shared by {@link zScore}, {@link robustZ} and {@link growthZScore}.
 */
export const FEW_REFERENCE = 10;

/** The start of the "few reference values" warning, so {@link growthZScore} can replace it with its own. */
export const FEW_REFERENCE_PREFIX = 'few reference values';

/**
 * The exact two-sided cut-off for a new value against `n` independent normal reference values: under no effect
 * `|x − mean| / sd` is `sqrt(1 + 1/n)` times a Student t with `n − 1` degrees of freedom (the prediction
 * interval), so `|z| > tQuantile(1 − (1 − level) / 2, n − 1) × sqrt(1 + 1/n)` happens with probability
 * `1 − level`. Internal: quoted in the warnings of {@link zScore} and {@link growthZScore}.
 *
 * @param n - number of reference values (at least 2)
 * @param level - coverage (default 0.95, a two-sided 5% screen)
 * @returns the cut-off on |z|, or `null` when `n < 2`
 * @example
 * zCutoff(5); // => 3.041443227583268 (t(4) 0.975 quantile 2.776445 × sqrt(1.2))
 */
export function zCutoff(n: number, level = 0.95): number | null {
  if (!(n >= 2)) return null;
  return finiteOrNull(tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(1 + 1 / n));
}

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
 * inference. With fewer than 10 reference values the result carries a warning that says so and gives the exact
 * two-sided 5% cut-off for independent normal values, `t(0.975, n − 1) × sqrt(1 + 1/n)` (3.04 with 5 values,
 * 2.43 with 9).
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
  const cut = zCutoff(ref.length);
  if (score !== null && ref.length < FEW_REFERENCE && cut !== null) {
    warnings.push(
      `${FEW_REFERENCE_PREFIX} (n = ${ref.length}): |z| > 1.96 is not a 5% test with so few ` +
        `(13.8% of draws under no effect against 5 values, bench/README.md); ` +
        `use |z| > ${cut.toFixed(2)} for a two-sided 5% screen with ${ref.length} reference values ` +
        `(t(${ref.length - 1}) prediction cut-off for normal values)`,
    );
  }
  return { method: 'zScore', value, z: score, mean: m, sd, n: ref.length, warnings };
}
