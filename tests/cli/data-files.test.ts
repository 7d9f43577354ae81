import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataFiles } from '../../src/cli/data-files.js';
import { DataValidationError } from '../../src/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roundabout-cli-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOTAL = { classification: 'TOTAL', code: 'TOTAL', level: 0 };
const obs = (reporter: string, partner: string, flow: string, period: string, value: number) => ({
  reporter,
  partner,
  flow,
  product: TOTAL,
  period,
  value,
  currency: 'EUR',
  status: 'reported',
  source: 'test',
});

describe('report --data files', () => {
  it('sorts observations into monthly, annual and mirror slots, leaving out imports reported by an exporter', async () => {
    await writeFile(
      join(dir, 'mixed.json'),
      JSON.stringify([
        obs('EU27_2020', 'KZ', 'export', '2022-01', 10),
        obs('EU27_2020', 'KZ', 'export', '2022-02', 11),
        obs('EU27_2020', 'KZ', 'export', '2022', 120),
        obs('EU27_2020', 'KZ', 'import', '2022-01', 5),
        obs('KZ', 'EU27_2020', 'import', '2022', 90),
      ]),
    );
    const given = await readDataFiles(['mixed.json'], dir, {});
    expect(given.data.monthly?.map((m) => m.map((o) => o.period))).toEqual([['2022-01', '2022-02']]);
    expect(given.data.annual?.map((o) => o.value)).toEqual([120]);
    expect(given.data.mirror?.map((o) => o.reporter)).toEqual(['KZ']);
    expect(given.skippedImports).toBe(1);
    expect(given.monthlyReporters).toEqual(['EU27_2020']);
    expect(given.counts).toEqual([{ file: 'mixed.json', observations: 5, rejects: 0 }]);
  });

  it('refuses an invalid observation naming the file and field, and a file without observations', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ observations: [obs('EU27_2020', 'KZ', 'export', '2022-13', 1)] }),
    );
    await expect(readDataFiles(['bad.json'], dir, {})).rejects.toThrow(
      /^bad\.json, observations\[0\]\.period: /,
    );
    await writeFile(join(dir, 'empty.json'), JSON.stringify({ observations: [] }));
    await expect(readDataFiles(['empty.json'], dir, {})).rejects.toBeInstanceOf(DataValidationError);
    await writeFile(join(dir, 'nojson.json'), '{');
    await expect(readDataFiles(['nojson.json'], dir, {})).rejects.toThrow(/^nojson\.json: not JSON/);
  });

  it('reads a CSV with the default headers, and reports a missing column by name', async () => {
    await writeFile(
      join(dir, 'own.csv'),
      'reporter,partner,flow,period,value,currency\nEU27_2020,Kazakhstan,export,2022-01,10,EUR\nEU27_2020,KZ,export,2022-02,11,EUR\n',
    );
    const given = await readDataFiles(['own.csv'], dir, {});
    expect(given.data.monthly?.[0]?.map((o) => [o.partner, o.value])).toEqual([
      ['KZ', 10],
      ['KZ', 11],
    ]);
    await writeFile(
      join(dir, 'short.csv'),
      'reporter,partner,flow,period,value\nEU27_2020,KZ,export,2022-01,10\n',
    );
    await expect(readDataFiles(['short.csv'], dir, {})).rejects.toThrow(/currency/);
  });
});
