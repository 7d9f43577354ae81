import { describe, expect, it } from 'vitest';
import * as bulk from '../../src/bulk.js';
import { duckDbLoadError } from '../../src/engine/internal/duckdb.js';
import {
  isMissingPeerDependencyError,
  MissingPeerDependencyError,
  RoundaboutError,
} from '../../src/errors.js';
import * as core from '../../src/index.js';
import * as remote from '../../src/remote.js';

// Issue 11 items 2 and 3: the core is lean and curated; the bulk engine and the remote clients' raw layer have
// entries of their own.
const BULK_NAMES = [
  'queryComextBulk',
  'aggregateComextBulk',
  'comextBulkSeries',
  'comextBulkObservations',
  'BULK_CELL_STATUS',
  'ComextBulkStatsSchema',
] as const;
const PLUMBING = [
  'abortableSleep',
  'systemRuntime',
  'createRateLimit',
  'createConcurrencyLimit',
  'parseRetryAfter',
  'fetchEurostatRaw',
  'fetchHmrcRaw',
  'fetchComtradeRaw',
  'openCache',
  'cacheKey',
  'estimateCells',
  'eurostatErrorText',
  'isoStamp',
  'EUROSTAT_COMEXT_BASE_URL',
  'HMRC_BASE_URL',
  'COMTRADE_BASE_URL',
  'COMTRADE_M49',
] as const;

describe('the core entry (trade-roundabout)', () => {
  it('exports the analysis and the remote fetchers a user of it needs, with their errors', () => {
    for (const name of [
      'roundabout',
      'screen',
      'loadDataset',
      'fetchEurostat',
      'fetchHmrc',
      'fetchComtrade',
    ]) {
      expect(Object.keys(core), name).toContain(name);
    }
    expect(core.RemoteSourceError).toBe(remote.RemoteSourceError);
    expect(core.CacheMissError).toBe(remote.CacheMissError);
    expect(core.MissingPeerDependencyError).toBe(MissingPeerDependencyError);
  });

  it('leaves the bulk engine to trade-roundabout/bulk', () => {
    for (const name of BULK_NAMES) {
      expect(Object.keys(core), name).not.toContain(name);
      expect(Object.keys(bulk), name).toContain(name);
    }
  });

  it('leaves transport plumbing to trade-roundabout/remote', () => {
    for (const name of PLUMBING) {
      expect(Object.keys(core), name).not.toContain(name);
      expect(Object.keys(remote), name).toContain(name);
    }
  });
});

describe('a missing @duckdb/node-api', () => {
  it('as Node reports it to import() (ESM) becomes a MissingPeerDependencyError naming the package', () => {
    const cause = Object.assign(
      new Error(
        "Cannot find package '@duckdb/node-api' imported from /x/node_modules/trade-roundabout/dist/bulk.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const e = duckDbLoadError('queryComextBulk', cause);
    expect(e).toBeInstanceOf(MissingPeerDependencyError);
    expect(e).toBeInstanceOf(RoundaboutError);
    expect(isMissingPeerDependencyError(e)).toBe(true);
    expect(e.packageName).toBe('@duckdb/node-api');
    expect(e.entry).toBe('trade-roundabout/bulk');
    expect(e.cause).toBe(cause);
    expect(e.message).toBe(
      'queryComextBulk (trade-roundabout/bulk) requires the optional peer dependency @duckdb/node-api, ' +
        'which is not installed (npm install @duckdb/node-api)',
    );
  });

  it('as require() (CommonJS) reports it, the same', () => {
    const cause = Object.assign(
      new Error("Cannot find module '@duckdb/node-api'\nRequire stack:\n- /x/bulk.cjs"),
      {
        code: 'MODULE_NOT_FOUND',
      },
    );
    expect(duckDbLoadError('aggregateComextBulk', cause).message).toContain('which is not installed');
  });

  it('installed without its native binding for this platform says so, still naming the package', () => {
    const cause = Object.assign(
      new Error(
        "Cannot find package '@duckdb/node-bindings-linux-x64' imported from /x/node-bindings/duckdb.js",
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const e = duckDbLoadError('queryComextBulk', cause);
    expect(e.packageName).toBe('@duckdb/node-api');
    expect(e.message).toMatch(
      /^queryComextBulk \(trade-roundabout\/bulk\) cannot run: its optional peer dependency @duckdb\/node-api is installed but could not load on this platform \(\w+-\w+\); reinstall it/,
    );
  });
});
