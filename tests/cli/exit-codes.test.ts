import { describe, expect, it } from 'vitest';
import { CredentialsError, EXIT, exitCodeOf, UsageError } from '../../src/cli/exit-codes.js';
import {
  AggregateMixError,
  DataValidationError,
  InsufficientDataError,
  OptionsError,
  SourceError,
  UnitMismatchError,
} from '../../src/errors.js';
import { CacheMissError, RemoteSourceError } from '../../src/sources/remote/remote-error.js';

const remote = (reason: ConstructorParameters<typeof RemoteSourceError>[1]['reason'], status?: number) =>
  new RemoteSourceError('x', { query: 'q', reason, status });

describe('exit codes of the typed errors', () => {
  it.each([
    ['usage', new UsageError('x'), EXIT.usage],
    ['options', new OptionsError('x'), EXIT.usage],
    ['credentials', new CredentialsError('x'), EXIT.credentials],
    ['HTTP 401', remote('http', 401), EXIT.credentials],
    ['HTTP 503', remote('http', 503), EXIT.remote],
    ['timeout', remote('timeout'), EXIT.remote],
    ['rate-limited', remote('rate-limited', 429), EXIT.remote],
    ['source', new SourceError('x', { query: 'q' }), EXIT.remote],
    ['offline', remote('offline'), EXIT.offline],
    [
      'cache miss',
      new CacheMissError('x', { query: 'q', missing: [{ key: 'k', query: 'q' }] }),
      EXIT.offline,
    ],
    ['aborted', remote('aborted'), EXIT.interrupted],
    ['validation', new DataValidationError('x', { file: 'f' }), EXIT.invalidData],
    ['units', new UnitMismatchError('x'), EXIT.invalidData],
    ['aggregates', new AggregateMixError('x'), EXIT.invalidData],
    ['too few data', new InsufficientDataError('x'), EXIT.invalidData],
  ])('%s → %i', (_, error, code) => {
    expect(exitCodeOf(error, false)).toBe(code);
  });

  it('gives 130 whatever was thrown once SIGINT fired, and nothing for a bug (exit 1 with the stack)', () => {
    expect(exitCodeOf(new TypeError('x'), true)).toBe(130);
    expect(exitCodeOf(new TypeError('x'), false)).toBeUndefined();
    expect(Object.values(EXIT)).toEqual([0, 1, 2, 3, 4, 5, 6, 130]);
  });
});
