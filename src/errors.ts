/**
 * Error classes of roundabout. Errors are the only classes the library exports: every failure a user
 * can catch is a {@link RoundaboutError}, and row-level problems in files carry the file, line and field.
 *
 * Messages follow simple-statistics: they name the function or input and the requirement, are not
 * sentences and do not end in periods.
 *
 * @module
 */

/** A zod-like issue: where in the input a problem sits and what it is. */
export interface ValidationIssue {
  /** Machine-readable kind, e.g. `invalid_number`, `unknown_country`, `missing_column`. */
  readonly code: string;
  /** Path inside the record, e.g. `['VALUE_IN_EUR']`. */
  readonly path: readonly (string | number)[];
  /** Human-readable description. */
  readonly message: string;
}

/**
 * Base class of every error roundabout throws on purpose.
 *
 * @example
 * try { parsePeriod('2024-13'); } catch (e) { if (isRoundaboutError(e)) console.log(e.name); }
 */
export class RoundaboutError extends Error {
  override name: string = 'RoundaboutError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where a bad value sits in an input file. Lines are 1-based and count the header line. */
export interface InputLocation {
  /** File name or a label of the in-memory input (e.g. `<string>`). */
  readonly file: string;
  /** 1-based physical line number, when the input is line-oriented. */
  readonly line?: number | undefined;
  /** Column, field or JSON path that holds the bad value. */
  readonly field?: string | undefined;
}

/**
 * Untrusted input (a file, an HTTP payload, a user-supplied record) failed validation.
 *
 * Carries the file, line and field of the first problem and the full list of `issues`.
 *
 * @example
 * throw new DataValidationError('VALUE_IN_EUR is not a number', { file: 'x.csv', line: 3, field: 'VALUE_IN_EUR' });
 */
export class DataValidationError extends RoundaboutError {
  override name = 'DataValidationError' as const;
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly issues: readonly ValidationIssue[];
  constructor(
    message: string,
    location: InputLocation,
    issues: readonly ValidationIssue[] = [],
    options?: { cause?: unknown },
  ) {
    const where = [
      location.file,
      location.line === undefined ? undefined : `line ${location.line}`,
      location.field,
    ]
      .filter((x) => x !== undefined)
      .join(', ');
    super(`${where}: ${message}`, options);
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
    this.issues =
      issues.length > 0
        ? issues
        : [{ code: 'invalid', path: location.field ? [location.field] : [], message }];
  }
}

/**
 * A caller passed arguments that cannot work (a programmer error): unknown option, window outside
 * the data, an aggregate summed with its members, a currency mismatch.
 *
 * @example
 * throw new OptionsError('toSeries requires a partner');
 */
export class OptionsError extends RoundaboutError {
  override name = 'OptionsError' as const;
}

/**
 * Two quantities in different units met where one unit is required (EUR with GBP, monthly with annual).
 *
 * @example
 * throw new UnitMismatchError('ratio requires series in one currency, got EUR and GBP');
 */
export class UnitMismatchError extends RoundaboutError {
  override name = 'UnitMismatchError' as const;
}

/**
 * An aggregate (EU27_2020, WORLD, a "Total" row) would be summed together with one of its members,
 * which double counts.
 *
 * @example
 * throw new AggregateMixError('toSeries would sum EU27_2020 with its member DE');
 */
export class AggregateMixError extends RoundaboutError {
  override name = 'AggregateMixError' as const;
}

/**
 * The data are too few or too degenerate for a method that has no meaningful `null` answer
 * (e.g. fitting a seasonal model on fewer than 13 months).
 *
 * @example
 * throw new InsufficientDataError('seasonalTrend requires at least 24 observed months, got 10');
 */
export class InsufficientDataError extends RoundaboutError {
  override name = 'InsufficientDataError' as const;
}

/**
 * A remote source (HTTP API) failed: network error, HTTP status, malformed body, timeout.
 * Names the query so a user can retry or report it.
 *
 * @example
 * throw new SourceError('HTTP 503 from Eurostat', { query: 'DS-045409/M.EU27_2020.KG.TOTAL.2.VALUE_IN_EUROS' });
 */
export class SourceError extends RoundaboutError {
  override name = 'SourceError' as const;
  readonly query: string;
  readonly status: number | undefined;
  readonly body: string | undefined;
  constructor(
    message: string,
    details: { query: string; status?: number | undefined; body?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(`${message} (query: ${details.query})`, options);
    this.query = details.query;
    this.status = details.status;
    this.body = details.body;
  }
}

/**
 * An optional entry point of the package was used without the optional peer dependency it loads, or that
 * package could not load on this platform (a native module without a build for it). Names the package to
 * install and the entry that needs it; `cause` holds the loader's own error.
 *
 * @example
 * const e = new MissingPeerDependencyError('@duckdb/node-api', 'trade-roundabout/bulk', 'queryComextBulk');
 * e.packageName; // => '@duckdb/node-api'
 * e.message.includes('npm install @duckdb/node-api'); // => true
 */
export class MissingPeerDependencyError extends RoundaboutError {
  override name = 'MissingPeerDependencyError' as const;
  /** The npm package to install, e.g. `@duckdb/node-api`. */
  readonly packageName: string;
  /** The entry point that needs it, e.g. `trade-roundabout/bulk`. */
  readonly entry: string;
  /**
   * @param packageName - the package that could not be loaded
   * @param entry - the entry point of this package that loads it
   * @param fn - the function that was called
   * @param options - `installed: true` when the package resolves but fails to load (e.g. no native build for the
   * platform); `cause`, the loader's error
   */
  constructor(
    packageName: string,
    entry: string,
    fn: string,
    options?: { cause?: unknown; installed?: boolean },
  ) {
    const what =
      options?.installed === true
        ? `its optional peer dependency ${packageName} is installed but could not load on this platform ` +
          `(${process.platform}-${process.arch}); reinstall it (npm install ${packageName})`
        : `the optional peer dependency ${packageName}, which is not installed (npm install ${packageName})`;
    super(
      options?.installed === true
        ? `${fn} (${entry}) cannot run: ${what}`
        : `${fn} (${entry}) requires ${what}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.packageName = packageName;
    this.entry = entry;
  }
}

/**
 * Type guard for {@link MissingPeerDependencyError}.
 *
 * @example
 * isMissingPeerDependencyError(new OptionsError('x')); // => false
 */
export function isMissingPeerDependencyError(error: unknown): error is MissingPeerDependencyError {
  return error instanceof MissingPeerDependencyError;
}

/**
 * Type guard for any error roundabout throws on purpose.
 *
 * @example
 * isRoundaboutError(new OptionsError('x')); // => true
 */
export function isRoundaboutError(error: unknown): error is RoundaboutError {
  return error instanceof RoundaboutError;
}

/**
 * Type guard for {@link DataValidationError}.
 *
 * @example
 * isDataValidationError(new Error('x')); // => false
 */
export function isDataValidationError(error: unknown): error is DataValidationError {
  return error instanceof DataValidationError;
}
