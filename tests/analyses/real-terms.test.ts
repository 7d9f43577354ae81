import { beforeAll, describe, expect, it } from 'vitest';
import {
  annualPriceIndex,
  type Finding,
  loadPriceIndex,
  OptionsError,
  type RoundaboutOptions,
  type RoundaboutResult,
  roundabout,
  type ShippedPriceIndex,
} from '../../src/index.js';

/** The study's methods and every leg's, in order. */
const methodsOf = (r: { methods: readonly string[]; legs: readonly { methods: readonly string[] }[] }) => [
  ...r.methods,
  ...r.legs.flatMap((l) => l.methods),
];

// A cheap run: the mirror leg does not depend on the baselines, draws or bootstrap.
const FAST: RoundaboutOptions = {
  baselines: ['preWarMean'],
  headlineBaseline: 'preWarMean',
  draws: 50,
  bootstrapDraws: 99,
  covidMonths: null,
};

let index: ShippedPriceIndex;
let nominal: RoundaboutResult;
let real: RoundaboutResult;
beforeAll(async () => {
  index = await loadPriceIndex('us-export-prices-monthly');
  nominal = await roundabout(FAST);
  real = await roundabout({ ...FAST, prices: { index, currency: 'USD', base: ['2017', '2019'] } });
}, 240_000);

const mirror = (r: RoundaboutResult): Finding[] => r.findings.filter((f) => f.leg === 'mirror');
const byId = (r: RoundaboutResult, id: string): Finding => {
  const f = r.findings.find((x) => x.id === id);
  if (f === undefined) throw new Error(`no finding ${id}`);
  return f;
};

describe('roundabout({ prices }) — real terms for the USD mirror leg', () => {
  it('changes the USD mirror findings, and only them', () => {
    expect(mirror(real).map((f) => f.id)).toEqual(mirror(nominal).map((f) => f.id));
    const growth = mirror(real).filter((f) => f.method === 'preWarMean (annual)');
    expect(growth.length).toBeGreaterThan(0);
    for (const f of growth) expect(f.excessPct).not.toBe(byId(nominal, f.id).excessPct);
    const others = (r: RoundaboutResult) =>
      r.findings.filter((f) => f.leg !== 'mirror').map((f) => [f.id, f.actual, f.excessPct]);
    expect(others(real)).toEqual(others(nominal));
  });

  it('deflates by the annual means of the index: the real ratio recomputed from the nominal series', () => {
    const annual = annualPriceIndex(index);
    const id = 'mirror/EU27_2020/KG/TOTAL/preWarMean (annual)/USD/imports';
    const f = byId(nominal, id);
    const s = nominal.series[f.seriesId!]!;
    const at = (y: string) => s.values[s.periods.indexOf(y)]! / annual[y]!;
    const mean = (ys: string[]) => ys.reduce((a, y) => a + at(y), 0) / ys.length;
    const ratio = mean(['2022', '2023']) / mean(['2019', '2020', '2021']);
    expect(byId(real, id).ratio).toBeCloseTo(ratio, 12);
    // U.S. export prices rose from 2019–2021 to 2022–2023, so real growth is smaller than nominal growth.
    expect(byId(real, id).ratio!).toBeLessThan(f.ratio!);
  });

  it('says in each deflated finding and in the methods that values are real, at which base, by which index, with the caveat', () => {
    for (const f of mirror(real)) {
      const w = f.warnings.find((x) =>
        x.startsWith('real terms: values are USD at constant 2017–2019 prices'),
      );
      expect(w).toContain('U.S. BLS export price index');
      expect(w).toContain('U.S. export prices, not EU ones');
      expect(f.text).toContain(
        'Values are real: USD at constant 2017–2019 prices by the U.S. BLS export price index',
      );
    }
    for (const f of mirror(nominal)) expect(f.warnings.join(' ')).not.toContain('real terms');
    const leg = real.legs.find((l) => l.leg === 'mirror')!;
    expect(leg.text).toMatch(
      /^In real terms \(USD at constant 2017–2019 prices .*U\.S\. export prices, not EU ones/,
    );
    expect(nominal.legs.find((l) => l.leg === 'mirror')!.text).not.toContain('real terms');
    const methods = methodsOf(real).join('\n');
    expect(methods).toContain('Legs (a)–(c) are nominal');
    expect(methods).toMatch(/Real terms: the mirror leg's USD series .* constant 2017–2019 prices/);
    expect(methods).toContain('Caveat: U.S. export prices, not EU ones');
    expect(methodsOf(nominal).join('\n')).toContain('All values are nominal: no deflator is applied.');
  });

  it('refuses a monthly base, a base year without twelve published months, and an unnamed index', async () => {
    await expect(
      roundabout({ ...FAST, prices: { index, currency: 'USD', base: '2019-01' } }),
    ).rejects.toThrow(OptionsError);
    await expect(roundabout({ ...FAST, prices: { index, currency: 'USD', base: '2025' } })).rejects.toThrow(
      /no level for base year\(s\) 2025/,
    );
    await expect(
      roundabout({ ...FAST, prices: { index: { '2019': 100 }, currency: 'USD', base: '2019' } }),
    ).rejects.toThrow(/prices\.name/);
  });
});
