/**
 * Types shared by the calibration harness (`npm run calibration`): each `section-*.ts` file in this folder exports a
 * `section` that returns rows of empirical coverage / size / power on SYNTHETIC series.
 *
 * @module
 */

/** What a row measures. */
export type CalibrationKind =
  /** Share of nominal-level intervals that contain the true value (target: near the nominal level). */
  | 'coverage'
  /** Share of nominal-level tests that reject a true null (target: at most the nominal size, plus slack). */
  | 'size'
  /** Share of tests that reject against a stated effect (reported, no target). */
  | 'power'
  /** A p-value uniformity check (Kolmogorov–Smirnov p of the pooled null p-values). */
  | 'uniformity'
  /** Share of simulated screens with at least one (false) discovery under a global null. */
  | 'fwer';

/** One line of the calibration table. */
export interface CalibrationRow {
  /** Function or method, e.g. `seasonalTrend`. */
  readonly method: string;
  /** The data-generating process in words, e.g. `base: ρ=0.5, fit 37 m, horizon 30 m`. */
  readonly dgp: string;
  /** True where the method's doc comment claims to handle this DGP; false for the misspecified part of the table. */
  readonly claimed: boolean;
  readonly kind: CalibrationKind;
  /** Nominal level: 0.95 for intervals, 0.05 for tests. */
  readonly nominal: number;
  /** Replications that produced a result. */
  readonly reps: number;
  /** Replications where the interval covered / the test rejected. For `uniformity` the KS p-value × reps. */
  readonly hits: number;
  /** Free text: effect size for power rows, failures, warnings seen. */
  readonly note?: string;
}

/** Options passed to every section. */
export interface SectionOptions {
  /** Replications per row. */
  readonly reps: number;
  /** Base seed; a section derives its cases' seeds from it. */
  readonly seed: number;
  /** Report progress (stderr). */
  readonly progress: (message: string) => void;
}

/** One part of the table. */
export interface CalibrationSection {
  /** Heading in the table, e.g. `Baselines: cumulative excess interval`. */
  readonly title: string;
  /** What the section runs and on which DGPs (printed under the heading). */
  readonly description: string;
  /** Default replications when `--reps` is not given. */
  readonly defaultReps: number;
  run(options: SectionOptions): Promise<readonly CalibrationRow[]>;
}
