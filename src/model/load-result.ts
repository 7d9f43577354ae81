import type { Currency } from './currency.js';
import type { TradeObservation } from './observation.js';
import type { Provenance } from './provenance.js';

/**
 * An input row a loader did not keep, with where it was and why. Kept + rejected = rows read.
 */
export interface Reject {
  /** File name or input label. */
  readonly file: string;
  /** 1-based physical line (for CSV: the line where the record starts, header = line 1); JSON: the record index + 1. */
  readonly line: number;
  /** The field that made the row unusable, when one did. */
  readonly field?: string;
  /** Why it was not kept, e.g. `unrecognised period "Q1 2020"`, `aggregate row "Страны СНГ"`. */
  readonly reason: string;
  /** The raw record, abbreviated, for a human to look at. */
  readonly raw?: string;
}

/**
 * What every loader and remote client returns: the observations, every row it did not keep, and where the
 * data came from. `rowsRead === rowsKept + rejects.length`, always.
 */
export interface LoadResult<C extends Currency = Currency> {
  /** The kept observations. */
  readonly observations: TradeObservation<C>[];
  /** Rows not kept, each with file, line, field and reason. */
  readonly rejects: Reject[];
  /** One record per file or response that fed the result. */
  readonly provenance: Provenance[];
  /**
   * Input records read: data rows for long files (header lines excluded), row × value-column cells for wide
   * files (one record per year column). Always `rowsKept + rejects.length`.
   */
  readonly rowsRead: number;
  /** Input records that produced an observation. */
  readonly rowsKept: number;
  /**
   * Kept observations whose value is below zero (revisions or adjustments as published), each flagged
   * `negative: true`. Every loader and remote client sets it; absent only on results built by hand.
   */
  readonly negativeValues?: number;
  /**
   * Data rows that repeat an earlier valid row of the same file exactly (every field as read), whatever
   * `duplicates` did with them: dropped as rejects (`'first'`,
   * reason {@link DUPLICATE_ROW_REASON}) or kept and summed (`'sum'`). Set by the loaders that check (the Comext
   * bulk loaders); absent when the check is off (`duplicates: 'unchecked'`) or the loader does not check.
   */
  readonly duplicates?: number;
}

/**
 * What a loader does with a data row that repeats an earlier valid row exactly (every field identical):
 * - `'first'`: keep the first, reject each repeat with reason {@link DUPLICATE_ROW_REASON} (counted in
 *   `duplicates` and in the rejects);
 * - `'sum'`: keep every copy (summed as separate rows), counted in `duplicates`;
 * - `'error'`: stop with a `DataValidationError` naming the file and line of the first repeat and the line it repeats;
 * - `'unchecked'`: no check (faster on large files; `duplicates` is absent and repeats are summed unseen).
 *
 * Rows rejected for another reason are never duplicates (they are rejects whatever their count).
 *
 * @example
 * const policy: DuplicateRows = 'first';
 */
export type DuplicateRows = 'first' | 'sum' | 'error' | 'unchecked';

/**
 * The duplicate policies, for validation.
 *
 * @example
 * DUPLICATE_ROWS.includes('first'); // => true
 */
export const DUPLICATE_ROWS: readonly DuplicateRows[] = ['first', 'sum', 'error', 'unchecked'];

/**
 * Reject reason of a repeated row under `duplicates: 'first'`.
 *
 * @example
 * DUPLICATE_ROW_REASON; // => 'exact duplicate of an earlier row'
 * // After `const result = await loadComextBulk(file, { duplicates: 'first' })`, the repeats are counted once:
 * // result.rejects.filter((r) => r.reason === DUPLICATE_ROW_REASON).length === result.duplicates
 */
export const DUPLICATE_ROW_REASON = 'exact duplicate of an earlier row';

/**
 * Progress reported by streaming readers.
 */
export interface LoadProgress {
  /** Bytes consumed so far. */
  readonly bytes: number;
  /** Total bytes, when known. */
  readonly totalBytes?: number;
  /** Data rows read so far. */
  readonly rows: number;
}
