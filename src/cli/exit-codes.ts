/**
 * Exit codes of the `roundabout` command and the mapping from the library's typed errors to them.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success (also when a reader such as `head` closed stdout early) |
 * | 1 | internal error (a bug: the stack trace is printed) |
 * | 2 | usage: unknown command or option, bad option value, unknown country code |
 * | 3 | invalid data: a file or response failed validation, units or aggregates do not fit, too few data |
 * | 4 | network or remote: HTTP error, timeout, rate limit, malformed reply |
 * | 5 | cache miss in offline mode (`--offline`, `--as-of`) |
 * | 6 | missing or refused credentials (`COMTRADE_API_KEY` unset, or HTTP 401) |
 * | 130 | interrupted by SIGINT (Ctrl-C) |
 *
 * @module
 */
import {
  AggregateMixError,
  DataValidationError,
  InsufficientDataError,
  OptionsError,
  SourceError,
  UnitMismatchError,
} from '../errors.js';
import { CacheMissError, RemoteSourceError } from '../sources/remote/remote-error.js';

/**
 * The exit codes, by name.
 *
 * @example
 * process.exitCode = EXIT.usage; // 2
 */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidData: 3,
  remote: 4,
  offline: 5,
  credentials: 6,
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A bad command line (unknown option, bad value). Exit code 2.
 *
 * @example
 * throw new UsageError('--seed requires an integer, got x');
 */
export class UsageError extends OptionsError {}

/**
 * A credential the command needs is missing or was refused. Exit code 6.
 *
 * @example
 * throw new CredentialsError('fetch comtrade requires the COMTRADE_API_KEY environment variable');
 */
export class CredentialsError extends OptionsError {}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/**
 * The exit code for an error thrown by a command, or `undefined` for errors no rule covers (bugs: exit 1 with
 * the stack). An aborted signal takes precedence: whatever the interrupted work threw, the code is 130.
 *
 * @param error - what the command threw
 * @param aborted - whether the CLI's SIGINT signal has fired
 * @returns the exit code, or `undefined` for an unexpected error
 * @example
 * exitCodeOf(new DataValidationError('bad', { file: 'x.csv' }), false); // => 3
 */
export function exitCodeOf(error: unknown, aborted: boolean): ExitCode | undefined {
  if (aborted) return EXIT.interrupted;
  if (error instanceof CredentialsError) return EXIT.credentials;
  if (error instanceof CacheMissError) return EXIT.offline;
  if (error instanceof RemoteSourceError) {
    if (error.reason === 'offline') return EXIT.offline;
    if (error.reason === 'aborted') return EXIT.interrupted;
    if (error.status === 401) return EXIT.credentials;
    return EXIT.remote;
  }
  if (error instanceof SourceError) return EXIT.remote;
  if (
    error instanceof DataValidationError ||
    error instanceof UnitMismatchError ||
    error instanceof AggregateMixError ||
    error instanceof InsufficientDataError
  ) {
    return EXIT.invalidData;
  }
  if (error instanceof OptionsError || isParseArgsError(error)) return EXIT.usage;
  return undefined;
}
