import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { euToCca3 } from '../../examples/eu-to-cca3.js';
import { mirrorGaps } from '../../examples/mirror-gap.js';
import { OTHER_STUDY, otherStudy } from '../../examples/other-study.js';
import { placeboScreen } from '../../examples/placebo-screen.js';
import { sanctionedGoods } from '../../examples/sanctioned-goods.js';
import type { Finding, RoundaboutResult } from '../../src/analyses/types.js';
import * as api from '../../src/index.js';

// The examples run on the shipped data, quietly (their printed lines are collected), into a temporary folder, with
// fewer simulation draws than the scripts use: the point estimates below do not depend on the draws.
const CHEAP = { draws: 200, bootstrapDraws: 999 } as const;
const examples = new URL('../../examples/', import.meta.url);
let out: string;
let headline: RoundaboutResult;
const printed: string[] = [];
const log = (line: string) => {
  printed.push(line);
};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'roundabout-examples-'));
  headline = await euToCca3(CHEAP, out, log);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const finding = (id: string): Finding => {
  const f = headline.findings.find((x) => x.id === id);
  expect(f, id).toBeDefined();
  return f!;
};

describe('eu-to-cca3.ts', () => {
  it('finds EU27 exports to KG about 11× the seasonal-trend baseline and writes the report', async () => {
    const kg = finding('above-baseline/EU27_2020/KG/TOTAL/seasonalTrend/EUR');
    expect(kg.window).toEqual({ from: '2022-03', to: '2024-08' });
    expect(kg.actual).toBeCloseTo(5_743_923_573, 0);
    // AR(1) errors by GLS: 10.73× (OLS with independent errors gave 11.12×).
    expect(kg.ratio).toBeCloseTo(10.73, 2);
    expect(headline.legs.map((l) => l.leg)).toEqual([
      'above-baseline',
      'vs-controls',
      'sanctioned-vs-other',
      'mirror',
    ]);
    // Mixed, not supported: UK → KZ's interval includes zero once the errors' autocorrelation is modelled.
    expect(headline.legs[0]!.status).toBe('mixed');
    const html = await readFile(join(out, 'eu-to-cca3.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThan(5);
    expect(await readFile(join(out, 'eu-to-cca3.md'), 'utf8')).toContain(headline.verdict);
  });

  it('prints each leg with its status, the units and the window of every row', () => {
    const text = printed.join('\n');
    expect(text).toContain('above-baseline: MIXED');
    for (const leg of headline.legs)
      expect(text).toContain(`${leg.leg}: ${leg.status.toUpperCase()} — ${leg.title}`);
    // The first leg's table: units in the header, the window and the baseline on the KG row.
    expect(text).toMatch(/Actual \(m\)\s+Expected \(m\)/);
    expect(text).toMatch(/EU27_2020\s+KG\s+TOTAL\s+seasonalTrend\s+2022-03 to 2024-08\s+EUR\s+5,743\.9/);
  });
});

describe('sanctioned-goods.ts (by hand)', () => {
  let r: Awaited<ReturnType<typeof sanctionedGoods>>;
  beforeAll(async () => {
    r = await sanctionedGoods(out, () => undefined, CHEAP.bootstrapDraws);
  });

  it('reproduces the triple difference of roundabout() exactly, with its bootstrap interval', () => {
    const ddd = finding('sanctioned-vs-other/EU27_2020/KZ/AM/KG/sanctioned vs other/tripleDiff/ratio');
    expect(r.ddd.percentEffect?.estimate).toBeCloseTo(ddd.excessPct!, 10);
    expect(r.ddd.percentEffect?.estimate).toBeCloseTo(0.353, 3);
    expect(r.bootstrap.percentEffect?.interval).toEqual(ddd.pctInterval);
    // Honest uncertainty: five clusters cannot tell +30% (the EBRD's figure) from nothing.
    expect(r.bootstrap.percentEffect!.interval.lower!).toBeLessThan(0);
    expect(r.bootstrap.percentEffect!.interval.upper!).toBeGreaterThan(0.3);
  });

  it('shows the idea per destination: the sanctioned-minus-other gap is widest for KG', async () => {
    const gap = Object.fromEntries(r.rows.map((x) => [x.destination, x.gap!]));
    expect(Object.keys(gap)).toEqual(['KZ', 'AM', 'KG', 'GE', 'UZ']);
    expect(gap.KG).toBeCloseTo(1.09, 2);
    expect(gap.KG!).toBeGreaterThan(Math.max(gap.KZ!, gap.AM!, gap.GE!, gap.UZ!));
    // Sanctioned goods to KG, EUR a month: 5.8 m before the war, 53.3 m after.
    expect(r.rows[2]!.sanctioned.pre! / 1e6).toBeCloseTo(5.8, 1);
    expect(r.rows[2]!.sanctioned.post! / 1e6).toBeCloseTo(53.3, 1);
    expect(await readFile(join(out, 'sanctioned-goods.md'), 'utf8')).toContain('| KG ');
  });
});

describe('mirror-gap.ts (by hand)', () => {
  it("matches roundabout()'s mirror findings: the KG gap opened from −15% to −66%", async () => {
    const rows = await mirrorGaps(out, () => undefined);
    const kg = rows.find((r) => r.destination === 'KG')!;
    expect(kg.postGap).toBeCloseTo(finding('mirror/EU27_2020/KG/TOTAL/mirrorGap/USD').excessPct!, 10);
    expect(kg.postGap).toBeCloseTo(-0.661, 3);
    expect(kg.preGap).toBeCloseTo(-0.15, 2);
    expect(kg.toRussiaRatio).toBeCloseTo(
      finding('mirror/KG/RU/TOTAL/preWarMean (annual)/USD/exports').ratio!,
      10,
    );
    for (const d of ['KZ', 'AM']) {
      const r = rows.find((x) => x.destination === d)!;
      expect(r.postGap, d).toBeCloseTo(finding(`mirror/EU27_2020/${d}/TOTAL/mirrorGap/USD`).excessPct!, 10);
      expect(r.postGap!, d).toBeLessThan(r.preGap!);
    }
  });
});

describe('placebo-screen.ts', () => {
  let s: Awaited<ReturnType<typeof placeboScreen>>;
  beforeAll(async () => {
    s = await placeboScreen(out, () => undefined);
  });

  it('ranks KG first, AM third and KZ fifth of the partners with a pre-war base of EUR 100 m', () => {
    const rank = (p: string) => s.screened.find((r) => r.partner === p)?.rank;
    expect(s.screened).toHaveLength(157);
    expect([rank('KG'), rank('AM'), rank('KZ')]).toEqual([1, 3, 5]);
    expect(s.discoveries).toEqual(['KG', 'LR']);
    expect(s.screened.every((r) => r.pre >= 100e6)).toBe(true);
    // The guard at work: Palau grew 13.7× from EUR 2.4 m a year and is set aside, not ranked above KG.
    expect(s.smallBase[0]).toMatchObject({ partner: 'PW' });
    expect(Math.exp(s.smallBase[0]!.logGrowth)).toBeCloseTo(13.72, 2);
    expect(rank('PW')).toBeUndefined();
  });

  it('is right that rank p-values can never pass the FDR: BH adjusts every one to 1', async () => {
    const adjusted = api.fdr(s.screened.map((r) => r.rankP)).adjusted;
    expect(s.screened[0]!.rankP).toBeCloseTo(1 / 157, 12);
    expect(new Set(adjusted.map((q) => q!.toFixed(12)))).toEqual(new Set([(1).toFixed(12)]));
    expect(await readFile(join(out, 'placebo-screen.svg'), 'utf8')).toMatch(/^<svg[^>]*role="img"/);
  });
});

describe('other-study.ts', () => {
  it('answers another question with options only, and says what the data cannot tell', async () => {
    const r = await otherStudy(CHEAP, out, () => undefined);
    expect(r.options).toMatchObject({ destinations: ['GE', 'UZ'], treatment: '2022-06' });
    expect(OTHER_STUDY.otherNeighbours).toEqual([]);
    const status = Object.fromEntries(r.legs.map((l) => [l.leg, l.status]));
    // GE and UZ from 2022-06: with AR(1) errors neither interval clears zero.
    expect(status['above-baseline']).toBe('not-supported');
    // No comparison destinations: the triple difference cannot run, and the verdict says so instead of guessing.
    expect(status['sanctioned-vs-other']).toBe('cannot-tell');
    expect(r.findings.some((f) => f.method === 'tripleDiff')).toBe(false);
    const uz = r.findings.find((f) => f.id === 'above-baseline/EU27_2020/UZ/TOTAL/seasonalTrend/EUR')!;
    expect(uz.window.from).toBe('2022-06');
    expect(uz.ratio).toBeCloseTo(1.748, 3);
    expect(await readFile(join(out, 'other-study.md'), 'utf8')).toContain('Georgia and Uzbekistan');
  });
});

describe('the examples folder', () => {
  const scripts = readdirSync(examples).filter((f) => f.endsWith('.ts'));

  it('imports the package by name, never its sources', () => {
    expect(scripts).toEqual(expect.arrayContaining(['eu-to-cca3.ts', 'placebo-screen.ts', 'other-study.ts']));
    for (const f of scripts) {
      const text = readFileSync(new URL(f, examples), 'utf8');
      expect(text, f).toMatch(/from 'trade-roundabout'/);
      expect(text, f).not.toMatch(/from '\.\.\/src\//);
    }
  });

  it('has a README that names every script', () => {
    const readme = readFileSync(new URL('README.md', examples), 'utf8');
    for (const f of scripts) expect(readme, f).toContain(`\`${f}\``);
  });
});

describe('roundabout.ipynb', () => {
  interface Cell {
    readonly cell_type: string;
    readonly source: string[];
    readonly outputs?: unknown[];
    readonly execution_count?: number | null;
  }
  const nb = JSON.parse(readFileSync(new URL('roundabout.ipynb', examples), 'utf8')) as {
    metadata: { kernelspec: { name: string; language: string } };
    cells: Cell[];
  };
  const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));

  it('is a Deno notebook committed without outputs', () => {
    expect(nb.metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' });
    expect(code.length).toBeGreaterThan(8);
    for (const c of nb.cells.filter((x) => x.cell_type === 'code')) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
  });

  it("imports from this repo's build only names the package exports", () => {
    const imports = /import \{([^}]+)\} from '\.\.\/dist\/index\.js'/.exec(code[0]!);
    expect(imports).not.toBeNull();
    const names = imports![1]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    expect(names).toContain('roundabout');
    for (const name of names) expect(Object.keys(api), name).toContain(name);
    // The danfo entry: the notebook's path is the file package.json exports as trade-roundabout/danfo.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    };
    expect(code.join('\n')).toContain("import('../dist/danfo.js')");
    expect(pkg.exports['./danfo']?.import.default).toBe('./dist/danfo.js');
  });
});
