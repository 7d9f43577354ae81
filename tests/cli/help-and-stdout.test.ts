import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../src/cli/run.js';

function capture(cwd = '.'): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, env: {}, cwd };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roundabout-cli-out-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('roundabout CLI help and --out -', () => {
  it.each([
    [['report', '--help'], /^Usage: roundabout report/, /--destinations/],
    [['report', '-h'], /^Usage: roundabout report/, /--format html\|md\|json\|csv/],
    [['datasets', '--help'], /^Usage: roundabout datasets/, /coverage/],
    [['fetch', '--help'], /^Usage: roundabout fetch <eurostat\|hmrc\|comtrade>/, /comtrade: --reporter/],
    [['fetch', 'eurostat', '--help'], /^Usage: roundabout fetch eurostat/, /eurostat: --reporter EU27_2020/],
    [['fetch', 'hmrc', '-h'], /^Usage: roundabout fetch hmrc/, /hmrc: {5}--partner/],
  ])('%j prints its own help on stdout and exits 0', async (argv, head, body) => {
    const io = capture();
    expect(await runCli(argv, io)).toBe(0);
    const out = io.out.join('');
    expect(out).toMatch(head);
    expect(out).toMatch(body);
    expect(io.err.join('')).toBe('');
  });

  it('fetch eurostat --help does not list the other sources’ own options', async () => {
    const io = capture();
    await runCli(['fetch', 'eurostat', '--help'], io);
    const out = io.out.join('');
    expect(out).not.toContain('comtrade:');
    // Its own --out and --format lines, not those of other commands.
    expect(out).toMatch(/^ {2}--out FILE\|- {2}writes the observations/m);
    expect(out).not.toContain('write to FILE (default stdout)');
  });

  it('--out - writes the report to stdout, the verdict to stderr, and creates no folder', async () => {
    const io = capture(dir);
    expect(await runCli(['report', '--format', 'csv', '--out', '-', '--baseline', 'seasonalTrend'], io)).toBe(
      0,
    );
    const out = io.out.join('');
    expect(out.startsWith('id,')).toBe(true);
    expect(out).not.toContain('wrote ');
    expect(io.err.join('')).toContain('relative to their pre-war path');
    expect(await readdir(dir)).toEqual([]);
  });
});
