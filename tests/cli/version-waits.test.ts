import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliIo, describeProgress, runCli } from '../../src/cli/run.js';
import { createRateLimit } from '../../src/sources/remote/limits.js';
import type { RemoteProgress } from '../../src/sources/remote/progress.js';

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTty: false,
    env: {},
    cwd: '.',
  };
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('roundabout --version', () => {
  it('prints the version of package.json', async () => {
    for (const flag of ['--version', '-V']) {
      const io = capture();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.out.join('')).toBe(`trade-roundabout ${pkg.version}\n`);
    }
  });
});

describe('report --destinations refuses the target and the exporters', () => {
  it.each([
    [['report', '--destinations', 'RU'], /--destinations: RU is the target/],
    [['report', '--destinations', 'kz,russia'], /--destinations: RU is the target/],
    [['report', '--destinations', 'GB'], /--destinations: GB is also an exporter \(EU27_2020, GB\)/],
    [
      ['report', '--exporter', 'KZ', '--destinations', 'kazakhstan'],
      /--destinations: KZ is also an exporter \(KZ\)/,
    ],
  ])('%j exits 2 with a usage error', async (args, message) => {
    const io = capture();
    expect(await runCli(args, io)).toBe(2);
    expect(io.err.join('')).toMatch(message);
    expect(io.err.join('')).toMatch(/^roundabout: /);
    expect(io.out).toEqual([]);
  });
});

describe('progress lines of remote waits', () => {
  const base = { source: 'hmrc', query: 'q', requests: 0, bytes: 0 } as const;
  const line = (p: Partial<RemoteProgress>) => describeProgress({ ...base, phase: 'request', ...p });

  it('says how long a rate-limit wait is, on a line of its own from a second up', () => {
    expect(line({ phase: 'waiting', waitMs: 12_000, waitingFor: 'rate-limit' })).toEqual({
      text: 'hmrc: waiting 12 s for rate limit…',
      note: true,
    });
    expect(line({ phase: 'waiting', waitMs: 400, waitingFor: 'rate-limit' })).toEqual({
      text: 'hmrc: waiting 0.4 s for rate limit…',
      note: false,
    });
  });

  it('calls a 429 retry a rate-limit wait and names the attempt', () => {
    const { text, note } = line({
      source: 'eurostat',
      phase: 'retry',
      status: 429,
      error: 'HTTP 429: Too Many Requests',
      waitMs: 12_300,
      attempt: 2,
    });
    expect(note).toBe(true);
    expect(text).toBe('eurostat: HTTP 429: Too Many Requests; waiting 12 s for rate limit… (then attempt 2)');
  });

  it('never says "0 requests"', () => {
    expect(line({}).text).toBe('hmrc: request — first request');
    expect(line({ phase: 'cache' }).text).toBe('hmrc: cache — from the cache');
    expect(line({ phase: 'response', requests: 1, bytes: 2e6 }).text).toBe(
      'hmrc: response — 1 request done, 2.0 MB',
    );
  });

  it('gets the real wait from the rate limit', async () => {
    let now = 0;
    const slept: number[] = [];
    const rate = createRateLimit(
      { requests: 2, perMs: 60_000 },
      {
        now: () => now,
        sleep: async (ms) => {
          slept.push(ms);
          now += ms;
        },
      },
    );
    const waits: number[] = [];
    await rate.acquire(undefined, (ms) => waits.push(ms));
    now = 48_000;
    await rate.acquire(undefined, (ms) => waits.push(ms));
    await rate.acquire(undefined, (ms) => waits.push(ms));
    expect(waits).toEqual([12_000]);
    expect(slept).toEqual([12_000]);
  });
});

describe('help', () => {
  it('refuses an unknown help topic with a suggestion, exit 2', async () => {
    const io = capture();
    expect(await runCli(['help', 'reprot'], io)).toBe(2);
    expect(io.err.join('')).toBe('roundabout: no help on "reprot"; did you mean roundabout help report?\n');
  });

  it('every command and fetch source has its own help, exit 0, on stdout', async () => {
    for (const args of [
      ['report', '--help'],
      ['datasets', '--help'],
      ['fetch', '--help'],
      ['fetch', 'eurostat', '--help'],
      ['fetch', 'hmrc', '-h'],
      ['fetch', 'comtrade', '--help'],
      ['help', 'fetch', 'hmrc'],
    ]) {
      const io = capture();
      expect(await runCli(args, io), args.join(' ')).toBe(0);
      expect(io.out.join(''), args.join(' ')).toMatch(/^Usage: roundabout /);
      expect(io.out.join(''), args.join(' ')).toContain('Exit codes:');
      expect(io.err).toEqual([]);
    }
  });
});
