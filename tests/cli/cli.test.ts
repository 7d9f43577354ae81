import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
  dir = await mkdtemp(join(tmpdir(), 'roundabout-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('roundabout CLI', () => {
  it('lists the shipped datasets with their coverage', async () => {
    const io = capture();
    expect(await runCli(['datasets'], io)).toBe(0);
    const text = io.out.join('');
    expect(text).toMatch(/eu-exports-monthly\s+observations\s+monthly\s+2019-01\.\.2024-08\s+EUR/);
    expect(text).toContain('uk-trade-monthly');
    expect(text).toContain('datasets/README.md');
  });

  it.each([
    [['report', '--format', 'pdf'], /--format must be html, md, json, csv or table/],
    [['report', '--from', '2022-13'], /--from requires YYYY or YYYY-MM/],
    [['report', '--fit', '2019-01'], /--fit requires FROM\.\.TO/],
    [['report', '--baseline', 'magic'], /unknown baseline "magic"/],
    [['report', '--nonsense'], /unknown option --nonsense/],
    [['report', '--destination', 'KZ'], /unknown option --destination; did you mean --destinations\?/],
    [['report', '--destinations', 'XX'], /--destinations: unknown country "XX"; did you mean /],
    [['report', '--destinations', 'kazakstan'], /did you mean KZ \(Kazakhstan\)\?/],
    [
      ['report', '--baseline', 'seasonaltrnd'],
      /^roundabout: --baseline: unknown baseline "seasonaltrnd"; did you mean seasonalTrend\?\n$/,
    ],
    [['datasets', '--format', 'xml'], /--format must be table, json, csv or md/],
    [['report', 'extra.json'], /report takes no arguments, got "extra\.json"; files go after --data/],
    [
      ['report', '--columns', 'partner=Country'],
      /--columns, --set and --value-scale read CSV files given with --data/,
    ],
    [
      ['report', '--data', 'x.csv', '--columns', 'partnr=Country'],
      /--columns: unknown field "partnr"; did you mean partner\?/,
    ],
    [
      ['report', '--data', 'x.xlsx'],
      /--data: "x\.xlsx" must be a \.json \(roundabout fetch --out\) or \.csv file/,
    ],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['fetch', 'worldbank'], /fetch requires a source: eurostat, hmrc or comtrade, got "worldbank"/],
  ])('exits 2 (usage) with a one-line reason on bad options: %j', async (argv, reason) => {
    const io = capture();
    expect(await runCli(argv, io)).toBe(2);
    const err = io.err.join('');
    expect(err).toMatch(reason);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(io.out.join('')).toBe('');
  });

  it('exits 6 (missing credentials) when fetch comtrade has no COMTRADE_API_KEY', async () => {
    const io = capture();
    expect(
      await runCli(['fetch', 'comtrade', '--reporter', 'KZ', '--from', '2021', '--to', '2023'], io),
    ).toBe(6);
    expect(io.err.join('')).toMatch(
      /^roundabout: fetch comtrade requires the COMTRADE_API_KEY environment variable\n$/,
    );
  });

  it('runs the report on the shipped data: a table on stdout, progress drawn on a terminal, the file on disk', async () => {
    const io = { ...capture(dir), isTty: true };
    expect(
      await runCli(['report', '--format', 'md', '--out', 'out', '--baseline', 'seasonalTrend'], io),
    ).toBe(0);
    const stdout = io.out.join('');
    expect(stdout).toContain(
      'The EU (27) exports from March 2022 to August 2024 (nominal EUR) relative to their pre-war path',
    );
    expect(stdout).toContain('wrote out/report.md');
    expect(io.err.join('')).toContain('above-baseline done');
    const md = await readFile(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain(
      '### (a) Exports to Kazakhstan, Armenia and Kyrgyzstan rose above their pre-war path: Mixed',
    );
  }, 120_000);
});
