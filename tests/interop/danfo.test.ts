import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCSV } from 'danfojs-node';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding, RoundaboutResult } from '../../src/analyses/types.js';
import { makeSeries, OptionsError, roundabout } from '../../src/index.js';
import { toDanfo } from '../../src/interop/danfo.js';
import { toTable } from '../../src/interop/table.js';
import { CSV_COLUMNS, toCsv } from '../../src/report/to-csv.js';

// Real findings on the shipped data, kept small: one exporter, the headline baseline, few simulation draws.
let result: RoundaboutResult;
beforeAll(async () => {
  result = await roundabout({
    exporters: ['EU27_2020'],
    baselines: ['seasonalTrend'],
    currencies: ['EUR'],
    draws: 200,
    bootstrapDraws: 199,
  });
});

const KG_ID = 'above-baseline/EU27_2020/KG/TOTAL/seasonalTrend/EUR';
const kgFinding = (): Finding => result.findings.find((f) => f.id === KG_ID)!;

describe('toDanfo(findings)', () => {
  it('has one row per finding and exactly the toCsv columns', () => {
    const df = toDanfo(result.findings);
    expect(result.findings.length).toBeGreaterThan(20);
    expect(df.shape).toEqual([result.findings.length, CSV_COLUMNS.length]);
    expect(df.columns).toEqual([...CSV_COLUMNS]);
  });

  it('carries the numbers of each finding unrounded, in base units and fractions', () => {
    const df = toDanfo(result.findings);
    const i = result.findings.findIndex((f) => f.id === KG_ID);
    const f = kgFinding();
    const row = df.iloc({ rows: [i] });
    const get = (c: string): unknown => row.column(c).values[0];
    expect(get('id')).toBe(KG_ID);
    expect(get('destination')).toBe('KG');
    expect(get('product_group')).toBe('TOTAL');
    expect(get('window_from')).toBe('2022-03');
    expect(get('window_to')).toBe(f.window.to);
    // EU27 → KG since March 2022: about 11× the seasonal-trend baseline (EUR 5.74 bn against about EUR 0.5 bn).
    expect(get('actual')).toBe(f.actual);
    expect(f.actual).toBeCloseTo(5.74e9, -7);
    expect(get('ratio')).toBe(f.ratio);
    expect(f.ratio).toBeGreaterThan(9);
    expect(get('excess_pct')).toBe(f.excessPct);
    expect(get('pct_interval_lower')).toBe(f.pctInterval.lower);
    expect(get('interval_level')).toBe(0.95);
    expect(get('fit_n')).toBe(f.fit?.n);
    expect(get('warnings')).toBe(f.warnings.join(' | '));
  });

  it('marks undefined measures as missing (isNa), never as 0 or NaN', () => {
    const df = toDanfo(result.findings);
    const missing = result.findings.map((f) => f.pValue === null);
    expect(missing).toContain(true);
    expect(missing).toContain(false);
    expect(df.column('p_value').isNa().values).toEqual(missing);
    const noFit = result.findings.map((f) => f.fit === null);
    expect(noFit).toContain(true);
    expect(df.column('fit_rmse').isNa().values).toEqual(
      result.findings.map((f) => f.fit === null || f.fit.rmse === null),
    );
  });

  it('agrees with dfd.readCSV of the toCsv file on every number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roundabout-danfo-'));
    try {
      const file = join(dir, 'findings.csv');
      await writeFile(file, toCsv(result.findings));
      const fromCsv = await readCSV(file);
      const df = toDanfo(result.findings);
      expect(fromCsv.columns).toEqual(df.columns);
      expect(fromCsv.column('id').values).toEqual(df.column('id').values);
      for (const c of ['actual', 'expected', 'excess', 'excess_pct', 'ratio', 'pct_interval_upper']) {
        const a = df.column(c).values as (number | null)[];
        const b = fromCsv.column(c).values as (number | null)[];
        // readCSV reads an empty cell as null, as toDanfo stores an undefined measure.
        expect(b, c).toEqual(a);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets danfo filter and aggregate: the seasonal-trend ratio of each CCA3 destination is above 1', () => {
    const df = toDanfo(result.findings);
    // (danfo's typings accept numbers only in eq(); a boolean mask is the typed way to filter on text.)
    const legs = df.column('leg').values;
    const groups = df.column('product_group').values;
    const methods = df.column('method').values;
    const above = df.query(
      legs.map((l, i) => l === 'above-baseline' && groups[i] === 'TOTAL' && methods[i] === 'seasonalTrend'),
    );
    expect(above.column('destination').values).toEqual(['KZ', 'AM', 'KG']);
    expect(above.column('ratio').min()).toBeGreaterThan(1);
  });
});

describe('toDanfo(series | records)', () => {
  const key = { reporter: 'EU27_2020', partner: 'KG', flow: 'export' as const, product: 'TOTAL' };
  const kg = makeSeries({ key, currency: 'EUR', start: '2022-01', values: [30e6, null, 90e6] });

  it('puts series in the long layout of toTable, a missing month as null', () => {
    const df = toDanfo(kg);
    expect(df.columns).toEqual(toTable(kg).columnNames());
    expect(df.column('period').values).toEqual(['2022-01', '2022-02', '2022-03']);
    expect(df.column('value').values).toEqual([30e6, null, 90e6]);
    expect(df.column('status').values).toEqual(['reported', 'missing', 'reported']);
    expect(df.column('unit').values).toEqual(['EUR', 'EUR', 'EUR']);
    expect(df.column('value').sum()).toBe(120e6);
  });

  it('stacks the series of a real roundabout result', () => {
    const series = Object.values(result.series);
    const df = toDanfo(series);
    const rows = series.reduce((n, s) => n + s.periods.length, 0);
    expect(df.shape).toEqual([rows, 9]);
    expect(new Set(df.column('partner').values as string[])).toContain('KG');
  });

  it('flattens records like toTable and joins lists', () => {
    const df = toDanfo([
      { partner: 'KG', excess: 0.8, interval: { lower: 0.5, upper: 1.1 }, notes: ['a', 'b'] },
      { partner: 'AM', excess: null, interval: { lower: null, upper: null }, notes: [] },
    ]);
    expect(df.columns).toEqual(['partner', 'excess', 'interval_lower', 'interval_upper', 'notes']);
    expect(df.column('interval_upper').values).toEqual([1.1, null]);
    expect(df.column('notes').values).toEqual(['a | b', null]);
  });

  it('gives a 0-row frame for an empty list', () => {
    expect(toDanfo([]).shape).toEqual([0, 9]);
  });

  it('refuses a list that mixes findings and other records, and anything toTable refuses', () => {
    expect(() => toDanfo([kgFinding(), { partner: 'KG' }] as never)).toThrow(OptionsError);
    expect(() => toDanfo(42 as never)).toThrow(OptionsError);
  });
});

describe('the danfo entry point', () => {
  async function withRequireError(
    error: Error,
    check: (entry: typeof import('../../src/interop/danfo.js')) => void,
  ) {
    vi.resetModules();
    vi.doMock('node:module', async (original) => ({
      ...(await original<typeof import('node:module')>()),
      createRequire: () => () => {
        throw error;
      },
    }));
    try {
      check(await import('../../src/interop/danfo.js'));
    } finally {
      vi.doUnmock('node:module');
      vi.resetModules();
    }
  }

  it('names the optional peer dependency when danfojs-node is not installed, like the bulk entry', async () => {
    const missing = Object.assign(new Error("Cannot find module 'danfojs-node'"), {
      code: 'MODULE_NOT_FOUND',
    });
    await withRequireError(missing, (entry) => {
      let thrown: unknown;
      try {
        entry.toDanfo([{ partner: 'KG' }]);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(entry.MissingPeerDependencyError);
      expect(entry.isMissingPeerDependencyError(thrown)).toBe(true);
      const e = thrown as InstanceType<typeof entry.MissingPeerDependencyError>;
      expect(e.message).toBe(
        'toDanfo (trade-roundabout/danfo) requires the optional peer dependency danfojs-node, which is not installed (npm install danfojs-node)',
      );
      expect(e.packageName).toBe('danfojs-node');
      expect(e.entry).toBe('trade-roundabout/danfo');
      expect(e.cause).toBe(missing);
    });
  });

  it('says so when danfojs-node is installed but cannot load', async () => {
    const broken = new Error('tfjs: native binding not found');
    await withRequireError(broken, (entry) => {
      expect(() => entry.toDanfo([{ partner: 'KG' }])).toThrow(
        /^toDanfo \(trade-roundabout\/danfo\) cannot run: its optional peer dependency danfojs-node is installed but could not load/,
      );
    });
  });

  it('is the only source file that names danfojs-node, so the core bundle never loads it', () => {
    const src = new URL('../../src/', import.meta.url);
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(src.pathname);
    const naming = files.filter((f) => readFileSync(f, 'utf8').includes('danfojs-node'));
    expect(files.length).toBeGreaterThan(50);
    expect(naming.map((f) => f.slice(src.pathname.length))).toEqual(['interop/danfo.ts']);
  });
});
