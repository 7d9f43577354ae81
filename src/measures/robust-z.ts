import type { z } from 'zod';
import { OptionsError } from '../errors.js';
import { lazySchema } from '../shared/zod.js';
import { assertFiniteOrNull, finiteOrNull, median } from './numeric.js';
import { WarningsSchema } from './schemas.js';
import { FEW_REFERENCE, FEW_REFERENCE_PREFIX, SHORT_REFERENCE, zCutoff } from './z-score.js';

/**
 * 0.6745, Iglewicz and Hoaglin's rounding of Φ⁻¹(0.75): the MAD of a normal sample is about 0.6745 σ, so
 * `0.6745 (x − median) / MAD` is on the z scale.
 *
 * @example
 * MAD_CONSTANT * (12 - 10) / 1; // => 1.349 (a modified z for x = 12, median 10, MAD 1)
 */
export const MAD_CONSTANT = 0.6745;

/** Φ⁻¹(0.75) to double precision, the constant `statsmodels.robust.scale.mad` divides by. */
const NORMAL_Q75 = 0.6744897501960817;

/** Options of {@link robustZ}. */
export interface RobustZOptions {
  /** |modified z| above this flags an outlier (default 3.5, Iglewicz and Hoaglin's recommendation). */
  readonly threshold?: number;
}

/**
 * zod schema of {@link RobustZResult}.
 *
 * @example
 * RobustZResultSchema.safeParse(robustZ(12, [9, 10, 10, 11])).success; // => true
 */
export const RobustZResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('robustZ'),
    /** The value scored; `null` if absent. */
    value: z.number().nullable(),
    /** Modified z-score `0.6745 (value − median) / MAD`; `null` when undefined (absent value, empty reference, MAD 0). */
    z: z.number().nullable(),
    /** Median of the reference values. */
    median: z.number().nullable(),
    /** Raw median absolute deviation from the median (unscaled). */
    mad: z.number().nullable(),
    /** `MAD / Φ⁻¹(0.75)`, a consistent estimate of σ for normal data (what `statsmodels.robust.scale.mad` returns). */
    madScaled: z.number().nullable(),
    /** Number of reference values used (nulls dropped). */
    n: z.number().int(),
    /** The outlier threshold on |z|. */
    threshold: z.number(),
    /** Whether |z| > threshold; `null` when z is. */
    outlier: z.boolean().nullable(),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link robustZ}. */
export type RobustZResult = z.infer<typeof RobustZResultSchema>;

/**
 * Robust (modified) z-score of a value against a reference set, from the median and the median absolute deviation:
 * `M = 0.6745 (x − median) / MAD` (Iglewicz and Hoaglin, 1993, *How to Detect and Handle Outliers*, ASQC).
 *
 * A value with `|M| > 3.5` is labelled a potential outlier (their rule, `threshold` to change it). Unlike the
 * classical {@link zScore}, one wild month in the reference barely moves the median and MAD. Shift- and
 * scale-invariant. `null` references are dropped with a warning. When the MAD is zero (more than half the
 * reference values equal) the score is `null` with a warning rather than infinite. Runs in `O(n log n)`.
 *
 * Not a test. The score claims no level, and |z| > 1.96 is not a 5% test: with no change at all (SYNTHETIC, 2,000
 * draws, `npx tsx bench/calibration.ts --only zscores`) one value against five gave |M| > 1.96 in 26.7% of draws and |M| > 3.5 in 11.7%. The reference is a handful of values, so its spread
 * is itself uncertain; read the score as a description, and use a baseline's interval or a placebo test for
 * inference. With fewer than 10 reference values the result carries a warning that says so. The modified z has
 * no exact cut-off; the warning quotes the classical z's (the t prediction cut-off of {@link zScore}, 3.04 with 5
 * values) for comparison, and the robust score needs a wider one (against 5 values |M| > 3.5 still happens in
 * 11.7% of draws).
 *
 * @param value - the value to score, in the reference's units
 * @param reference - the reference values
 * @param options - see {@link RobustZOptions}
 * @returns a {@link RobustZResult}
 * @throws {OptionsError} if a value is NaN or infinite, or the threshold is not positive
 * @example
 * const r = robustZ(30, [10, 11, 12, 13, 14]);
 * r.median; // => 12
 * r.mad; // => 1
 * r.z; // => 0.6745 * 18 = 12.141
 * r.outlier; // => true
 */
export function robustZ(
  value: number | null,
  reference: readonly (number | null)[],
  options: RobustZOptions = {},
): RobustZResult {
  assertFiniteOrNull([value], 'robustZ value');
  assertFiniteOrNull(reference, 'robustZ reference');
  const threshold = options.threshold ?? 3.5;
  if (!(threshold > 0 && Number.isFinite(threshold))) {
    throw new OptionsError(`robustZ requires a positive threshold, got ${threshold}`);
  }
  const warnings: string[] = [];
  const ref = reference.filter((v): v is number => v !== null);
  if (ref.length < reference.length) {
    warnings.push(`${reference.length - ref.length} missing reference value(s) dropped`);
  }
  if (ref.length < SHORT_REFERENCE) warnings.push(`short reference: n = ${ref.length}`);
  const med = finiteOrNull(median(ref));
  const mad = med === null ? null : finiteOrNull(median(ref.map((v) => Math.abs(v - med))));
  let score: number | null = null;
  if (value === null) warnings.push('no value to score');
  else if (med === null || mad === null) warnings.push('empty reference (or numeric overflow): z is null');
  else if (mad === 0 || mad <= 1e-12 * Math.max(Math.abs(med), Math.abs(value))) {
    warnings.push('MAD is zero (over half the reference values are equal): z is null');
  } else score = finiteOrNull((MAD_CONSTANT * (value - med)) / mad);
  const cut = zCutoff(ref.length);
  if (score !== null && ref.length < FEW_REFERENCE && cut !== null) {
    warnings.push(
      `${FEW_REFERENCE_PREFIX} (n = ${ref.length}): |M| > 1.96 is not a 5% test with so few ` +
        `(26.7% of draws under no effect against 5 values, and |M| > 3.5 in 11.7%, bench/README.md); ` +
        `the modified z has no exact cut-off: the classical z needs |z| > ${cut.toFixed(2)} for a two-sided ` +
        `5% screen with ${ref.length} normal reference values, and the robust score a wider one`,
    );
  }
  return {
    method: 'robustZ',
    value,
    z: score,
    median: med,
    mad,
    madScaled: mad === null ? null : finiteOrNull(mad / NORMAL_Q75),
    n: ref.length,
    threshold,
    outlier: score === null ? null : Math.abs(score) > threshold,
    warnings,
  };
}
