import { beforeAll, describe, expect, it } from 'vitest';
import { type Finding, OptionsError, type RoundaboutResult, roundabout } from '../../src/index.js';

/** The study's methods and every leg's, in order. */
const methodsOf = (r: { methods: readonly string[]; legs: readonly { methods: readonly string[] }[] }) => [
  ...r.methods,
  ...r.legs.flatMap((l) => l.methods),
];

// One run of the default analysis on the shipped data, shared by the tests below (it takes a few seconds).
let result: RoundaboutResult;
beforeAll(async () => {
  result = await roundabout();
}, 120_000);

function find(id: string): Finding {
  const f = result.findings.find((x) => x.id === id);
  if (f === undefined)
    throw new Error(`no finding ${id}; have ${result.findings.map((x) => x.id).join(', ')}`);
  return f;
}

/** Findings as one line each, numbers to 3 significant digits: the golden record of the headline numbers. */
function summary(fs: readonly Finding[]): string {
  const n = (x: number | null) => (x === null ? 'null' : Number(x.toPrecision(3)).toString());
  return fs
    .map(
      (f) =>
        `${f.id} | ${f.window.from}..${f.window.to} | actual ${n(f.actual)} expected ${n(f.expected)} ` +
        `pct ${n(f.excessPct)} [${n(f.pctInterval.lower)}, ${n(f.pctInterval.upper)}] p ${n(f.pValue)}`,
    )
    .join('\n');
}

describe('roundabout() on the shipped data', () => {
  it('pins the headline: the range across the specification curve for every destination, not the largest ratio', () => {
    const kg = find('above-baseline/EU27_2020/KG/TOTAL/seasonalTrend/EUR');
    expect(kg.window).toEqual({ from: '2022-03', to: '2024-08' });
    // Actual: the sum of the published monthly values 2022-03..2024-08 (Comext, EUR).
    expect(kg.actual! / 1e9).toBeCloseTo(5.74, 2);
    expect(kg.ratio!).toBeGreaterThan(10);
    expect(kg.ratio!).toBeLessThan(12.5);
    // AR(1) errors by GLS with ρ integrated over its posterior: the interval is about twice as wide as under
    // independent errors (lower end +466% instead of +770%), and still far above zero.
    expect(kg.pctInterval.lower!).toBeGreaterThan(4);
    // Before: "EU27_2020 exports to KG … were 11× the seasonal-trend baseline (8.7×–14×)" — the largest ratio of
    // one baseline. Now every destination, as the range across 4 baselines × 3 fit windows (holtWinters, whose
    // interval is not calibrated, is no longer a default specification).
    expect(result.verdict).toMatch(
      /^The EU \(27\) exports from March 2022 to August 2024 \(nominal EUR\) relative to their pre-war path/,
    );
    expect(result.verdict).toContain('Kazakhstan 2.0–2.4× (12 of 12 specifications clearly above)');
    expect(result.verdict).toContain('Armenia 2.7–3.7× (12 of 12 specifications clearly above)');
    expect(result.verdict).toContain('Kyrgyzstan 7.9–13× (12 of 12 specifications clearly above)');
    // Legs by letter and title in words, not by id; the sanctioned country by its common name.
    expect(result.verdict).toContain(
      '(a) exports to Kazakhstan, Armenia and Kyrgyzstan rose above their pre-war path: mixed; (b) more than exports to control destinations',
    );
    expect(result.verdict).toContain('exports to Russia: ');
    expect(result.verdict).not.toMatch(/above-baseline|vs-controls|sanctioned-vs-other|2022-03/);
    const kgCurve = result.findings.filter(
      (f) =>
        'specification' in f &&
        f.specification !== undefined &&
        f.exporter === 'EU27_2020' &&
        f.destination === 'KG',
    );
    expect(kgCurve.length).toBe(12);
    // UK → KZ is not clearly above: most specifications' intervals include zero.
    expect(result.legs[0]!.text).toContain(
      'United Kingdom → Kazakhstan (2022-03..2025-12, nominal GBP): 2 of 12',
    );
  });

  it('finds every EU27 destination above every baseline in the direction of the claim', () => {
    for (const d of ['KZ', 'AM', 'KG']) {
      for (const b of ['seasonalTrend', 'stlForecast', 'logLinearTrend', 'preWarMean']) {
        const f = find(`above-baseline/EU27_2020/${d}/TOTAL/${b}/EUR`);
        expect(f.excessPct!).toBeGreaterThan(0.5);
      }
      // The same headline in USD is smaller (the euro fell in 2022) but still far above.
      const usd = find(`above-baseline/EU27_2020/${d}/TOTAL/seasonalTrend/USD`);
      const eur = find(`above-baseline/EU27_2020/${d}/TOTAL/seasonalTrend/EUR`);
      expect(usd.excessPct!).toBeLessThan(eur.excessPct!);
      expect(usd.pctInterval.lower!).toBeGreaterThan(0);
    }
  });

  it('compares UK exports to AM and KG as annual sums, because ONS rounds months to whole £ millions', () => {
    for (const d of ['AM', 'KG']) {
      const f = find(`above-baseline/GB/${d}/TOTAL/preWarMean (annual sums)/GBP`);
      expect(f.frequency).toBe('annual');
      expect(f.warnings.join(' ')).toContain('too coarse for a monthly baseline');
    }
    // PROVENANCE: UK exports to KG £5 m (2019), £4 m (2020), £1 m (2021): mean £3.3 m a year.
    const kg = find('above-baseline/GB/KG/TOTAL/preWarMean (annual sums)/GBP');
    expect(kg.window).toEqual({ from: '2022', to: '2025' });
    expect(kg.expected! / 4 / 1e6).toBeCloseTo(10 / 3, 6);
    // No model, so a range, not a probability interval: the post-war mean less the rounding (±£6 m a year) against
    // the highest pre-war year plus the rounding (£5 m + £6 m); no upper end (the lowest year less £6 m is below 0).
    expect(kg.pctInterval.lower).toBeCloseTo((kg.actual! / 4 - 6e6) / 11e6 - 1, 10);
    expect(kg.pctInterval).toMatchObject({ upper: null, level: 1 });
    expect(kg.text).toContain('above the highest pre-war year even with the rounding against it');
    expect(kg.warnings.join(' ')).toContain('not a probability interval');
    expect(result.findings.some((x) => x.id === 'above-baseline/GB/KG/TOTAL/seasonalTrend/GBP')).toBe(false);
  });

  it('ranks KZ, AM and KG among clean control destinations with a permutation p-value', () => {
    const kg = find('vs-controls/EU27_2020/KG/TOTAL/placebo destinations/EUR');
    // KG's growth exceeds every control's: p = 1 / (1 + number of controls).
    const controls = Number(/for (\d+) control destinations/.exec(kg.text)![1]);
    expect(controls).toBeGreaterThan(50);
    expect(kg.pValue!).toBeCloseTo(1 / (1 + controls), 10);
    expect(kg.text).toContain('no control destination comes close');
    for (const d of ['KZ', 'AM'])
      expect(find(`vs-controls/EU27_2020/${d}/TOTAL/placebo destinations/EUR`).pValue!).toBeLessThan(0.05);
    // The pooled DiD is tested by randomisation inference over every assignment of 3 treated among the destinations.
    const dd = find('vs-controls/EU27_2020/KZ/AM/KG/TOTAL/did/ratio/annual');
    expect(dd.pMethod).toMatch(
      /^randomisation test \(studentised; all [\d,]+ assignments of 3 treated among \d+ destinations\)$/,
    );
    expect(dd.pValue!).toBeLessThan(0.001);
    expect(dd.pctInterval.lower!).toBeGreaterThan(0);
    expect(kg.pMethod).toContain('studentised rise');
    // Clean controls exclude the suspected hubs themselves.
    const used = String(methodsOf(result).find((m) => m.startsWith('Control destinations')));
    for (const hub of [
      'TR',
      'AE',
      'CN',
      'GE',
      'UZ',
      'BY',
      'RU',
      'UA',
      'DE',
      'HK',
      'GB',
      'SY',
      'YE',
      'IR',
      'LR',
      'PA',
    ])
      expect(used).not.toMatch(new RegExp(`[(, ]${hub}[,)]`));
  });

  it('gives the sanctioned-vs-other triple difference with an honest interval, beside the EBRD estimate', () => {
    const ddd = find('sanctioned-vs-other/EU27_2020/KZ/AM/KG/sanctioned vs other/tripleDiff/ratio');
    expect(ddd.excessPct!).toBeGreaterThan(0.2);
    expect(ddd.excessPct!).toBeLessThan(0.5);
    expect(ddd.pctInterval.lower!).toBeLessThan(0);
    expect(ddd.text).toContain('EBRD');
    const leg = result.legs.find((l) => l.leg === 'sanctioned-vs-other')!;
    expect(leg.status).toBe('mixed');
  });

  it('reads the mirror data: KG-reported imports from the EU fell far behind EU-reported exports after 2022', () => {
    const gap = find('mirror/EU27_2020/KG/TOTAL/mirrorGap/USD');
    expect(gap.window).toEqual({ from: '2022', to: '2023' });
    expect(gap.excessPct!).toBeLessThan(-0.5);
    expect(gap.warnings.join(' ')).toMatch(/before the war \(2019–2021\) the gap was −1\d%/);
    const imf = find('mirror/KG/RU/TOTAL/preWarMean (annual)/USD/imports');
    expect(imf.warnings.join(' ')).toContain('not independent evidence');
  });

  it('keeps every number finite and every finding JSON-serialisable', () => {
    const json = JSON.stringify(result.findings);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(result.findings.length).toBeGreaterThan(50);
    expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
    expect(result.legs.map((l) => l.leg)).toEqual([
      'above-baseline',
      'vs-controls',
      'sanctioned-vs-other',
      'mirror',
    ]);
    expect(result.provenance.length).toBeGreaterThan(5);
  });

  it('states the rule behind each leg status, with the level it used', () => {
    const rule = (leg: string) => result.legs.find((l) => l.leg === leg)!.rule;
    expect(rule('above-baseline')).toContain('every specification');
    expect(rule('above-baseline')).toContain('passes its own pre-period checks puts the 95% interval');
    expect(rule('above-baseline')).toContain('currency variants are shown but not counted');
    expect(rule('above-baseline')).toContain('highest pre-war year plus the rounding error');
    expect(rule('vs-controls')).toContain('placebo p-value');
    expect(rule('vs-controls')).toContain('at most 0.05');
    expect(rule('sanctioned-vs-other')).toContain("triple difference's 95% interval");
    expect(rule('mirror')).toContain(
      "RU's own figures where its publisher estimates them from partners' data are not counted as independent evidence",
    );
    // The placebo sentence words a fall as a fall, not as a negative rise.
    const controls = result.legs.find((l) => l.leg === 'vs-controls')!.text;
    expect(controls).toMatch(
      /United Kingdom → Kazakhstan: \d+% below what the controls' median growth implies/,
    );
    expect(controls).not.toMatch(/−\d+% above/);
  });

  it('matches the golden record of its findings', async () => {
    await expect(summary(result.findings)).toMatchFileSnapshot('../golden/analyses/roundabout-findings.txt');
  });
});

describe('roundabout() options', () => {
  it('answers another question without code changes: other destinations, comparison countries and date', async () => {
    const r = await roundabout({
      exporters: ['EU27_2020'],
      destinations: ['GE'],
      otherNeighbours: ['UZ'],
      treatment: '2022-06',
      fit: ['2019-01', '2022-04'],
      baselines: ['seasonalTrend'],
      bootstrapDraws: 199,
    });
    const ge = r.findings.filter((f) => f.leg === 'above-baseline' && f.productGroup === 'TOTAL');
    // seasonalTrend in EUR on three fit windows (the stated one, without the COVID months, ending six months
    // earlier), and seasonalTrend in USD.
    expect(ge.map((f) => `${f.destination} ${f.method} ${f.currency}`)).toEqual([
      'GE seasonalTrend EUR',
      'GE seasonalTrend (excl. COVID) EUR',
      'GE seasonalTrend (fit to 2021-10) EUR',
      'GE seasonalTrend USD',
    ]);
    expect(ge[0]!.window.from).toBe('2022-06');
    expect(r.verdict).toContain('Georgia');
  }, 120_000);

  it('refuses inconsistent options with a typed error', async () => {
    await expect(roundabout({ fit: ['2019-01', '2022-05'] })).rejects.toThrow(OptionsError);
    await expect(roundabout({ baselines: ['magic' as 'preWarMean'] })).rejects.toThrow(/unknown baseline/);
    await expect(roundabout({ destinations: ['KG'], otherNeighbours: ['KG'] })).rejects.toThrow(OptionsError);
  });
});

describe('roundabout() with partial user data', () => {
  it('reports a warning, not a crash, when the sanctioned-goods data and the totals do not cover the same months', async () => {
    const { loadDataset } = await import('../../src/index.js');
    const sanctioned = (await loadDataset('eu-sanctioned-exports-monthly')).observations.map((x) => ({
      ...x,
      // Shift the sanctioned codes two years later, beyond the shipped totals (2020-01..2022-12).
      period: `${Number(x.period.slice(0, 4)) + 2}${x.period.slice(4)}`,
    }));
    const r = await roundabout({
      exporters: ['EU27_2020'],
      baselines: ['preWarMean'],
      bootstrapDraws: 99,
      data: { sanctioned },
    });
    expect(
      r.warnings.some((w) =>
        w.startsWith('other goods to KG: otherGoods requires series over the same periods'),
      ),
    ).toBe(true);
    expect(r.legs.find((l) => l.leg === 'sanctioned-vs-other')!.status).toBe('cannot-tell');
  }, 120_000);
});

describe('roundabout() for an exporter that is not the EU', () => {
  it('runs the sanctioned-goods leg on totals reported by the exporter itself, and says in the methods what data it used', async () => {
    const { loadDataset } = await import('../../src/index.js');
    // The shipped EU data relabelled as one exporter's own (totals summed over the members first): the leg must
    // not look for EU member states when the exporter publishes its own totals.
    const sanctioned = (await loadDataset('eu-sanctioned-exports-monthly')).observations.map((x) => ({
      ...x,
      reporter: 'US',
    }));
    const sums = new Map<string, (typeof sanctioned)[number]>();
    for (const x of (await loadDataset('eu-member-state-totals-monthly')).observations) {
      if (x.value === null) continue;
      const key = `${x.partner}|${x.flow}|${x.period}|${x.product.code}`;
      const prev = sums.get(key);
      sums.set(key, { ...x, reporter: 'US', value: (prev?.value ?? 0) + x.value });
    }
    const r = await roundabout({
      exporters: ['US'],
      baselines: ['preWarMean'],
      bootstrapDraws: 99,
      draws: 100,
      data: { sanctioned, totals: [...sums.values()] },
    });
    const fs = r.findings.filter((f) => f.leg === 'sanctioned-vs-other' && f.exporter === 'US');
    expect(fs.length).toBeGreaterThan(0);
    const m = methodsOf(r).find((x) => x.startsWith('Sanctioned goods'))!;
    expect(m).toContain('the product codes given as `data.sanctioned`, exported by US');
    expect(m).not.toContain('833/2014');
  }, 180_000);
});
