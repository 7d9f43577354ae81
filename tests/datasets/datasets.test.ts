import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatasetCatalog,
  listDatasets,
  loadDataset,
  loadFxTable,
  type ObservationDatasetName,
} from '../../src/datasets.js';
import { DataValidationError, OptionsError } from '../../src/errors.js';
import type { TradeObservation } from '../../src/model/observation.js';
import { TradeObservationSchema } from '../../src/model/observation.js';
import { aggregateMembers, getAggregate, isAggregate } from '../../src/reference/countries.js';

const SHIPPED = fileURLToPath(new URL('../../datasets', import.meta.url));
type Obs = TradeObservation;

/** Sum of the values of the observations that pass `keep` (null values count as 0). */
function sum(obs: readonly Obs[], keep: (o: Obs) => boolean): number {
  let s = 0;
  for (const o of obs) if (keep(o)) s += o.value ?? 0;
  return s;
}

const m = (x: number): number => Math.round(x / 1e5) / 10; // base units → millions, one decimal

describe('listDatasets', () => {
  it('lists every shipped dataset with its coverage and units', async () => {
    const list = await listDatasets();
    expect(list.map((d) => d.name).sort()).toEqual(
      [
        'chpl',
        'eu-exports-annual',
        'eu-exports-monthly',
        'eu-member-state-totals-monthly',
        'eu-sanctioned-exports-monthly',
        'fx-ecb',
        'hs-concordance',
        'hs-descriptions',
        'mirror-am-monthly',
        'mirror-kg-annual',
        'mirror-kz-annual',
        'mirror-uz-annual',
        'russia-customs-monthly',
        'russia-trade-annual',
        'sanctions-eu-cn8',
        'sanctions-eu-hs6',
        'uk-trade-monthly',
        'us-export-prices-monthly',
      ].sort(),
    );
    const eu = list.find((d) => d.name === 'eu-exports-monthly');
    expect(eu).toMatchObject({ kind: 'observations', frequency: 'monthly', units: 'EUR' });
    expect(eu?.coverage).toEqual({ from: '2019-01', to: '2024-08' });
    expect(list.find((d) => d.name === 'eu-exports-annual')?.coverage).toEqual({ from: '2010', to: '2023' });
    expect(list.find((d) => d.name === 'uk-trade-monthly')?.coverage).toEqual({
      from: '2018-01',
      to: '2025-12',
    });
    expect(list.find((d) => d.name === 'chpl')?.kind).toBe('table');
  });
});

describe('every observation dataset', () => {
  const names: ObservationDatasetName[] = [
    'eu-exports-monthly',
    'eu-exports-annual',
    'eu-member-state-totals-monthly',
    'uk-trade-monthly',
    'mirror-kg-annual',
    'mirror-kz-annual',
    'mirror-am-monthly',
    'mirror-uz-annual',
    'russia-trade-annual',
    'russia-customs-monthly',
    'eu-sanctioned-exports-monthly',
  ];
  it.each(names)('%s loads, validates against the model and carries provenance', async (name) => {
    const r = await loadDataset(name);
    expect(r.name).toBe(name);
    expect(r.rejects).toEqual([]);
    expect(r.rowsRead).toBe(r.observations.length);
    expect(r.observations.length).toBeGreaterThan(1000);
    const ids = new Set(r.provenance.map((p) => p.id));
    expect(r.provenance.every((p) => /^[0-9a-f]{64}$/.test(p.sha256 ?? ''))).toBe(true);
    // Validate with the zod schema: all rows of small datasets, a strided sample of the large one.
    const step = Math.max(1, Math.floor(r.observations.length / 20_000));
    for (let i = 0; i < r.observations.length; i += step) {
      const o = r.observations[i] as Obs;
      const parsed = TradeObservationSchema.safeParse(o);
      if (!parsed.success) expect({ i, o, issues: parsed.error.issues }).toBeUndefined();
      expect(ids.has(o.source)).toBe(true);
    }
  });
});

describe('eu-exports-monthly and eu-exports-annual (Comext)', () => {
  let monthly: Obs[] = [];
  let annual: Obs[] = [];
  beforeAll(async () => {
    monthly = (await loadDataset('eu-exports-monthly')).observations;
    annual = (await loadDataset('eu-exports-annual')).observations;
  }, 60_000);
  const euMonthly = (partner: string, year: string): number =>
    sum(
      monthly,
      (o) =>
        o.reporter === 'EU27_2020' &&
        o.partner === partner &&
        o.flow === 'export' &&
        o.period.startsWith(year),
    );
  const euAnnual = (partner: string, year: string): number =>
    sum(annual, (o) => o.partner === partner && o.period === year);

  it('gives the published EU27_2020 exports (EUR m)', () => {
    expect(m(euAnnual('KG', '2021'))).toBe(263.2);
    expect(m(euAnnual('KG', '2022'))).toBe(1170.9);
    expect(m(euMonthly('KG', '2021'))).toBe(263.2);
    expect(m(euMonthly('KG', '2022'))).toBe(1170.9);
    expect(Math.round(euAnnual('RU', '2021') / 1e6)).toBe(89_169);
    expect(Math.round(euMonthly('RU', '2021') / 1e6)).toBe(89_169);
    expect(Math.round(euAnnual('KZ', '2022') / 1e6)).toBe(10_348);
    expect(Math.round(euMonthly('KZ', '2022') / 1e6)).toBe(10_348);
  });

  it('monthly sums agree with the annual file for all six partners 2019–2023, except the known UZ 2023 gap', () => {
    let compared = 0;
    for (const p of ['AM', 'GE', 'KG', 'KZ', 'RU', 'UZ']) {
      for (const y of ['2019', '2020', '2021', '2022', '2023']) {
        const diff = euAnnual(p, y) - euMonthly(p, y);
        compared += 1;
        if (p === 'UZ' && y === '2023') {
          // Different extraction dates: annual 4,354.8 m, monthly 4,353.0 m (PROVENANCE.md §1).
          expect(m(diff)).toBe(1.8);
          expect(m(euMonthly(p, y))).toBe(4353.0);
        } else {
          // Comext rounds each cell to the euro: the sums differ by a few euros at most.
          expect(Math.abs(diff)).toBeLessThanOrEqual(10);
        }
      }
    }
    expect(compared).toBe(30);
  });

  it('the 27 member-state rows sum exactly to the EU27_2020 row in every partner × flow × month cell', () => {
    const members = new Set(getAggregate('EU27_2020')?.members);
    const eu = new Map<string, number>();
    const ms = new Map<string, number>();
    for (const o of monthly) {
      const key = `${o.partner}|${o.flow}|${o.period}`;
      if (o.reporter === 'EU27_2020') eu.set(key, o.value ?? 0);
      else if (members.has(o.reporter)) ms.set(key, (ms.get(key) ?? 0) + (o.value ?? 0));
    }
    expect(eu.size).toBe(476);
    for (const [key, v] of eu) expect({ key, v: ms.get(key) }).toEqual({ key, v });
  });

  it('marks the aggregate reporters and keeps GB only while the UK reported', () => {
    const reporters = new Set(monthly.map((o) => o.reporter));
    for (const a of ['EU27_2020', 'EA20', 'EA_CHANGING', 'EU_CHANGING']) {
      expect(reporters.has(a)).toBe(true);
      expect(isAggregate(a)).toBe(true);
    }
    expect(reporters.size).toBe(32);
    const gb = monthly.filter((o) => o.reporter === 'GB').map((o) => o.period);
    expect(gb.length).toBeGreaterThan(0);
    const sorted = [...gb].sort();
    expect(sorted[0]).toBe('2019-01');
    expect(sorted.at(-1)).toBe('2020-01');
    // EU_CHANGING includes the UK up to 2020-01: it equals EU27_2020 + GB in 2019 for KZ exports.
    const cell = (r: string, p: string) =>
      monthly.find((o) => o.reporter === r && o.partner === 'KZ' && o.flow === 'export' && o.period === p)
        ?.value ?? 0;
    expect(cell('EU_CHANGING', '2019-06')).toBe(cell('EU27_2020', '2019-06') + cell('GB', '2019-06'));
    expect(cell('EU_CHANGING', '2021-06')).toBe(cell('EU27_2020', '2021-06'));
    expect(aggregateMembers('EU_CHANGING', '2019-06')).toContain('GB');
  });

  it('maps the French 2016 labels: every year has the six partners and Guinea-Bissau is not Guinea', () => {
    for (const y of ['2010', '2015', '2016', '2017', '2023']) {
      for (const p of ['AM', 'GE', 'KG', 'KZ', 'RU', 'UZ', 'BY', 'TR', 'AZ', 'TJ', 'MN']) {
        expect({ y, p, n: annual.filter((o) => o.partner === p && o.period === y).length }).toEqual({
          y,
          p,
          n: 1,
        });
      }
    }
    expect(euAnnual('GN', '2016')).toBe(901_357_072);
    expect(euAnnual('GW', '2016')).toBe(125_725_547);
    expect(euAnnual('RU', '2016')).toBeGreaterThan(euAnnual('RU', '2015') * 0.8);
  });

  it('keeps Extra/Intra-EU and member-state partners, marked, for 2010–2018 only', async () => {
    const extra = annual.filter((o) => o.partner === 'EXTRA_EU27_2020').map((o) => o.period);
    expect(extra.sort()).toEqual(['2010', '2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018']);
    expect(isAggregate('EXTRA_EU27_2020')).toBe(true);
    expect(annual.some((o) => o.partner === 'DE')).toBe(true);
    const catalog = JSON.parse(readFileSync(join(SHIPPED, 'catalog.json'), 'utf8')) as DatasetCatalog;
    const markers = catalog.datasets['eu-exports-annual']?.markers;
    expect(markers?.memberStatePartners).toHaveLength(27);
    expect(markers?.aggregatePartners).toContain('INTRA_EU27_2020');
    // Residual partners were not kept, with reasons.
    const reasons = catalog.datasets['eu-exports-annual']?.build.rejects.map((r) => r.reason).join(' ');
    expect(reasons).toMatch(/stores and provisions/);
  });
});

describe('eu-sanctioned-exports-monthly and eu-member-state-totals-monthly', () => {
  let obs: Obs[] = [];
  beforeAll(async () => {
    obs = (await loadDataset('eu-sanctioned-exports-monthly')).observations;
  }, 60_000);

  it('CN8 sums equal the author’s totals (KG 2021 75.4 m, 2022 Jan–Nov 495.0 m)', () => {
    const cn8 = (o: Obs) => o.product.classification === 'CN' && o.product.level === 8 && o.partner === 'KG';
    expect(m(sum(obs, (o) => cn8(o) && o.period.startsWith('2021')))).toBe(75.4);
    expect(m(sum(obs, (o) => cn8(o) && o.period.startsWith('2022')))).toBe(495.0);
  });

  it('keeps the code level, and every HS4 row has CN8 rows beneath it (never add both)', () => {
    const hs4 = new Set(obs.filter((o) => o.product.level === 4).map((o) => o.product.code));
    const cn8 = new Set(obs.filter((o) => o.product.level === 8).map((o) => o.product.code));
    expect(hs4.size).toBeGreaterThan(100);
    expect(cn8.size).toBeGreaterThan(2000);
    const prefixes = new Set([...cn8].map((c) => c.slice(0, 4)));
    expect([...hs4].filter((h) => !prefixes.has(h))).toEqual([]);
    expect(obs.every((o) => o.product.classification === (o.product.level === 8 ? 'CN' : 'HS'))).toBe(true);
    const all = sum(obs, (o) => o.partner === 'KG' && o.period.startsWith('2021'));
    const onlyCn8 = sum(
      obs,
      (o) => o.partner === 'KG' && o.period.startsWith('2021') && o.product.level === 8,
    );
    expect(all).toBeGreaterThan(onlyCn8); // adding both double counts
  });

  it('shows the CN 2022 revision: 69 CN8 codes first appear in 2022-01, 91 stop before it', () => {
    const first = new Map<string, string>();
    const last = new Map<string, string>();
    for (const o of obs) {
      if (o.product.level !== 8) continue;
      const c = o.product.code;
      if ((first.get(c) ?? '9999') > o.period) first.set(c, o.period);
      if ((last.get(c) ?? '0000') < o.period) last.set(c, o.period);
    }
    expect([...first.values()].filter((p) => p >= '2022-01').length).toBe(69);
    expect([...last.values()].filter((p) => p < '2022-01').length).toBe(91);
    expect(obs.find((o) => o.period === '2021-12' && o.product.level === 8)?.product.edition).toBe('CN2021');
    expect(obs.find((o) => o.period === '2022-01' && o.product.level === 8)?.product.edition).toBe('CN2022');
    expect(obs.find((o) => o.period === '2022-01' && o.product.level === 4)?.product.edition).toBe('HS2022');
  });

  it('member-state totals: ":" is missing, Dec 2022 is unpublished, and the sums reconcile with Comext', async () => {
    const t = (await loadDataset('eu-member-state-totals-monthly')).observations;
    const dec = t.filter((o) => o.period === '2022-12');
    expect(dec.length).toBe(27 * 7 * 2 * 2);
    expect(dec.every((o) => o.status === 'missing' && o.value === null)).toBe(true);
    const gaps = t.filter((o) => o.status === 'missing' && o.period < '2022-12');
    expect(gaps.length).toBeGreaterThan(0);
    expect(t.some((o) => o.status === 'reported')).toBe(true);
    const monthly = (await loadDataset('eu-exports-monthly')).observations;
    const report: Record<string, number> = {};
    for (const p of ['AM', 'GE', 'KG', 'KZ', 'RU', 'UZ']) {
      for (const y of ['2020', '2021']) {
        const here = sum(
          t,
          (o) =>
            o.product.code === 'TOTAL' && o.flow === 'export' && o.partner === p && o.period.startsWith(y),
        );
        const comext = sum(
          monthly,
          (o) =>
            o.reporter === 'EU27_2020' && o.flow === 'export' && o.partner === p && o.period.startsWith(y),
        );
        report[`${p} ${y}`] = (here - comext) / comext;
        // Two vintages (Jan 2023 vs Nov 2024) of the same figures: revisions within 1%.
        expect(Math.abs(here - comext) / comext).toBeLessThan(0.01);
      }
    }
    expect(Object.keys(report)).toHaveLength(12);
    const kg2021 = sum(
      t,
      (o) =>
        o.product.code === 'TOTAL' &&
        o.flow === 'export' &&
        o.partner === 'KG' &&
        o.period.startsWith('2021'),
    );
    expect(m(kg2021)).toBe(263.3);
    expect(t.some((o) => o.product.code === '27' && o.product.classification === 'HS')).toBe(true);
  });
});

describe('uk-trade-monthly (ONS)', () => {
  let obs: Obs[] = [];
  beforeAll(async () => {
    obs = (await loadDataset('uk-trade-monthly')).observations;
  }, 60_000);

  it('gives UK exports to KG summed from the shipped months: £1 m, £30 m, £52 m (2021–23)', () => {
    const kg = (y: string) =>
      sum(obs, (o) => o.partner === 'KG' && o.flow === 'export' && o.period.startsWith(y));
    expect(kg('2021')).toBe(1e6);
    expect(kg('2022')).toBe(30e6);
    expect(kg('2023')).toBe(52e6);
    expect(obs.every((o) => o.currency === 'GBP' && o.roundingUnit === 1e6)).toBe(true);
  });

  it('emits the dropped cells as negligible (value null), not missing', () => {
    const kg2021 = obs.filter(
      (o) => o.partner === 'KG' && o.flow === 'export' && o.period.startsWith('2021'),
    );
    expect(kg2021).toHaveLength(12);
    expect(kg2021.filter((o) => o.status === 'negligible')).toHaveLength(11);
    expect(kg2021.find((o) => o.period === '2021-06')).toMatchObject({ status: 'reported', value: 1e6 });
    expect(obs.some((o) => o.status === 'missing')).toBe(false);
    // Every partner has every month in both directions.
    const partners = new Set(obs.map((o) => o.partner));
    expect(obs.length).toBe(partners.size * 96 * 2);
  });

  it('the country rows sum to WORLD in every month × direction', () => {
    const world = new Map<string, number>();
    const countries = new Map<string, number>();
    for (const o of obs) {
      const key = `${o.flow}|${o.period}`;
      if (o.partner === 'WORLD') world.set(key, o.value ?? 0);
      else if (!isAggregate(o.partner)) countries.set(key, (countries.get(key) ?? 0) + (o.value ?? 0));
    }
    expect(world.size).toBe(192);
    for (const [k, v] of world) expect({ k, v: countries.get(k) }).toEqual({ k, v });
  });
});

describe('mirror datasets', () => {
  it('KG imports from the EU (The EU = EU_CHANGING): 289,493 thousand USD in 2021; exports fall when the UK leaves', async () => {
    const kg = (await loadDataset('mirror-kg-annual')).observations;
    const cell = (flow: string, p: string, y: string) =>
      kg.find((o) => o.flow === flow && o.partner === p && o.period === y);
    expect(cell('import', 'EU_CHANGING', '2021')?.value).toBe(289_492_931);
    expect(Math.round((cell('export', 'EU_CHANGING', '2019')?.value ?? 0) / 1e6)).toBe(885);
    expect(Math.round((cell('export', 'EU_CHANGING', '2020')?.value ?? 0) / 1e6)).toBe(50);
    expect(Math.round((cell('export', 'RU', '2021')?.value ?? 0) / 1e3)).toBe(393_340);
    expect(cell('import', 'EU_CHANGING', '2023')?.status).toBe('provisional');
    expect(cell('import', 'WORLD', '2021')?.status).toBe('reported');
    expect(kg.some((o) => o.partner === 'SV')).toBe(true);
    expect(kg.every((o) => o.currency === 'USD' && o.reporter === 'KG')).toBe(true);
  });

  it('KZ exports to Russia: 7,018,746 thousand USD in 2021; the EU row is checked against its members', async () => {
    const kz = (await loadDataset('mirror-kz-annual')).observations;
    const cell = (flow: string, p: string, y: string) =>
      kz.find((o) => o.flow === flow && o.partner === p && o.period === y)?.value ?? null;
    expect(Math.round((cell('export', 'RU', '2021') ?? 0) / 1e3)).toBe(7_018_746);
    expect(Math.round((cell('export', 'RU', '2022') ?? 0) / 1e3)).toBe(9_091_391);
    const members = getAggregate('EU27_2020')?.members ?? [];
    const memberSum = (y: string, withGb: boolean) =>
      sum(
        kz,
        (o) =>
          o.flow === 'export' &&
          o.period === y &&
          (members.includes(o.partner) || (withGb && o.partner === 'GB')),
      );
    expect(cell('export', 'EU28', '2019')).toBeCloseTo(memberSum('2019', true), -2);
    expect(cell('export', 'EU27_2020', '2023')).toBeCloseTo(memberSum('2023', false), -2);
    expect(cell('export', 'EU_CHANGING', '2019')).toBeNull();
  });

  it('AM exports to Russia 2021: 840.7 m USD; imports by origin and by consignment are apart', async () => {
    const am = (await loadDataset('mirror-am-monthly')).observations;
    const ex = sum(am, (o) => o.flow === 'export' && o.partner === 'RU' && o.period.startsWith('2021'));
    expect(m(ex)).toBe(840.7);
    const imp = am.filter((o) => o.flow === 'import' && o.partner === 'DE' && o.period === '2021-06');
    expect(imp.map((o) => o.partnerBasis).sort()).toEqual(['consignment', 'origin']);
    expect(am.filter((o) => o.flow === 'export').every((o) => o.partnerBasis === undefined)).toBe(true);
    // USA and United States are one partner.
    expect(new Set(am.filter((o) => o.partner === 'US').map((o) => o.period)).size).toBe(
      am.filter((o) => o.partner === 'US' && o.flow === 'export').length,
    );
  });

  it('UZ: 1105 = exports and 1176 = imports, thousand USD scaled to USD', async () => {
    const uz = await loadDataset('mirror-uz-annual');
    const ex = uz.observations.filter((o) => o.flow === 'export');
    const im = uz.observations.filter((o) => o.flow === 'import');
    expect(new Set(ex.map((o) => o.source))).toEqual(new Set(['mirror-uz-annual:1105']));
    expect(new Set(im.map((o) => o.source))).toEqual(new Set(['mirror-uz-annual:1176']));
    expect(uz.provenance.map((p) => p.id).sort()).toEqual(['mirror-uz-annual:1105', 'mirror-uz-annual:1176']);
    // Cuba 2010 exports 1.5 thousand USD.
    expect(ex.find((o) => o.partner === 'CU' && o.period === '2010')?.value).toBe(1500);
    // Slovakia's row has swapped names but code 703.
    expect(ex.some((o) => o.partner === 'SK')).toBe(true);
  });
});

describe('group rows in the national files', () => {
  it('are not kept, and the build reports each with its reason', async () => {
    const catalog = JSON.parse(readFileSync(join(SHIPPED, 'catalog.json'), 'utf8')) as DatasetCatalog;
    const reasons = (name: string) =>
      new Map((catalog.datasets[name]?.build.rejects ?? []).map((r) => [r.reason, r.count]));
    const kz = reasons('mirror-kz-annual');
    expect([...kz.keys()].some((r) => /CIS/.test(r))).toBe(true);
    expect([...kz.keys()].some((r) => /Eurasian Economic Union/.test(r))).toBe(true);
    const kg = reasons('mirror-kg-annual');
    expect([...kg.entries()].find(([r]) => /European Union \(EU\)/.test(r))?.[1]).toBe(30);
    const am = reasons('mirror-am-monthly');
    expect([...am.keys()].some((r) => /no ISO 3166 code/.test(r))).toBe(true);
    // No kept observation has a vague partner: every partner is a country or a known aggregate.
    for (const name of [
      'mirror-kz-annual',
      'mirror-kg-annual',
      'mirror-am-monthly',
      'mirror-uz-annual',
    ] as const) {
      const obs = (await loadDataset(name)).observations;
      const partners = new Set(obs.map((o) => o.partner));
      for (const p of partners)
        expect({ name, p, ok: /^[A-Z]{2}$/.test(p) || isAggregate(p) || p === 'CSHH' }).toEqual({
          name,
          p,
          ok: true,
        });
    }
  });
});

describe('Russia datasets', () => {
  it('IMF: Russia imports from KGZ 338 / 789 / 674 m USD (2021–23), estimated from 2022', async () => {
    const ru = (await loadDataset('russia-trade-annual')).observations;
    const kg = (y: string) => ru.find((o) => o.flow === 'import' && o.partner === 'KG' && o.period === y);
    expect(Math.round((kg('2021')?.value ?? 0) / 1e6)).toBe(338);
    expect(Math.round((kg('2022')?.value ?? 0) / 1e6)).toBe(789);
    expect(Math.round((kg('2023')?.value ?? 0) / 1e6)).toBe(674);
    expect(kg('2021')?.status).toBe('reported');
    expect(kg('2022')?.status).toBe('estimated');
    const am = ru.find((o) => o.flow === 'import' && o.partner === 'AM' && o.period === '2022');
    expect(Math.round((am?.value ?? 0) / 1e6)).toBe(2036);
    expect(ru.some((o) => o.partner === 'EU27_2020')).toBe(true);
    expect(ru.some((o) => o.partner === 'WORLD')).toBe(true);
  });

  it('Rosstat/FCS: labels with Latin look-alikes resolve; the series ends in 2021-12', async () => {
    const r = await loadDataset('russia-customs-monthly');
    expect(r.observations.some((o) => o.partner === 'CN')).toBe(true);
    expect(r.observations.some((o) => o.partner === 'KR')).toBe(true);
    expect(
      r.observations
        .map((o) => o.period)
        .sort()
        .at(-1),
    ).toBe('2021-12');
  });
});

describe('table datasets', () => {
  it('sanctions-eu-hs6: 5,369 HS6 codes, 2,304 sanctioned, with dates and categories', async () => {
    const t = await loadDataset('sanctions-eu-hs6');
    expect(t.rows).toHaveLength(5369);
    expect(t.rows.filter((r) => r.sanctioned)).toHaveLength(2304);
    expect(t.rows.filter((r) => r.date === '2022-02-25')).toHaveLength(894);
    expect(t.rows.find((r) => r.hs6 === '010121')).toMatchObject({ maxPrice: 300, categories: ['luxury'] });
    expect(t.provenance[0]?.licence).toMatch(/CC BY 4\.0.*Chupilkin/);
  });

  it('sanctions-eu-cn8: 2,223 eight-digit codes with labels; chpl: 50 codes in six tiers', async () => {
    const cn8 = await loadDataset('sanctions-eu-cn8');
    expect(cn8.rows).toHaveLength(2223);
    expect(cn8.rows.every((r) => /^\d{8}$/.test(r.cn8) && r.label.length > 0)).toBe(true);
    expect(cn8.rows[0]?.cn8).toBe('01012100');
    const chpl = await loadDataset('chpl');
    expect(chpl.rows).toHaveLength(50);
    expect(new Set(chpl.rows.map((r) => r.tier))).toEqual(new Set(['1', '2', '3A', '3B', '4A', '4B']));
  });

  it('fx-ecb: EUR/USD annual average 2022 = 1.0530, GBP 0.85276; RUB ends in 2022-03', async () => {
    const fx = await loadFxTable('annual');
    expect(fx.perEur['2022']?.USD).toBeCloseTo(1.053, 4);
    expect(fx.perEur['2022']?.GBP).toBeCloseTo(0.85276, 5);
    expect(fx.perEur['2023']?.USD).toBeCloseTo(1.0813, 4);
    expect(fx.frequency).toBe('annual');
    const monthly = await loadFxTable('monthly');
    expect(monthly.perEur['2022-03']?.USD).toBeGreaterThan(1);
    expect(monthly.perEur['2022']).toBeUndefined();
    const rows = (await loadDataset('fx-ecb')).rows;
    expect(rows.find((r) => r.period === '2022-02')?.perEur.RUB).not.toBeNull();
    expect(rows.find((r) => r.period === '2022-04')?.perEur.RUB).toBeNull();
    await expect(loadFxTable('weekly' as 'monthly')).rejects.toBeInstanceOf(OptionsError);
  });

  it('hs-concordance: 854151 and 854159 are corrected to HS2017 854150', async () => {
    const rows = (await loadDataset('hs-concordance')).rows;
    for (const code of ['854151', '854159']) {
      const r = rows.filter((x) => x.hs2022 === code);
      expect(r).toEqual([{ hs2022: code, hs2017: '854150', relationship: 'n:1', conversion: true }]);
    }
    expect(rows.some((r) => r.hs2017 === '851712' && r.hs2022.startsWith('85415'))).toBe(false);
    expect(rows.find((r) => r.hs2022 === '854800')?.hs2017).toBe('854890');
    // Every HS2022 code has exactly one conversion pair.
    const conv = new Map<string, number>();
    for (const r of rows) if (r.conversion) conv.set(r.hs2022, (conv.get(r.hs2022) ?? 0) + 1);
    expect(conv.size).toBeGreaterThan(5600);
    expect([...conv.values()].every((n) => n === 1)).toBe(true);
  });

  it('hs-descriptions: both editions, with 5,388 and 5,613 six-digit codes', async () => {
    const rows = (await loadDataset('hs-descriptions')).rows;
    expect(rows.filter((r) => r.hsVersion === 'HS2017' && r.digits === 6)).toHaveLength(5388);
    expect(rows.filter((r) => r.hsVersion === 'HS2022' && r.digits === 6)).toHaveLength(5613);
  });
});

describe('loadDataset errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roundabout-damaged-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects an unknown name with OptionsError', async () => {
    await expect(loadDataset('nope' as 'chpl')).rejects.toBeInstanceOf(OptionsError);
  });

  it('reads from an explicit datasetsDir', async () => {
    copyFileSync(join(SHIPPED, 'catalog.json'), join(dir, 'catalog.json'));
    copyFileSync(join(SHIPPED, 'chpl.csv'), join(dir, 'chpl.csv'));
    const r = await loadDataset('chpl', { datasetsDir: dir });
    expect(r.rows).toHaveLength(50);
  });

  it('names file, line and field when a CSV is damaged', async () => {
    const text = readFileSync(join(SHIPPED, 'mirror-kg-annual.csv'), 'utf8').split('\n');
    text[5] = text[5]?.replace(/,(reported|zero)$/, ',reportd') ?? '';
    writeFileSync(join(dir, 'mirror-kg-annual.csv'), text.join('\n'));
    const err = await loadDataset('mirror-kg-annual', { datasetsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err).toMatchObject({ file: 'mirror-kg-annual.csv', line: 6, field: 'status' });

    text[5] = 'AF,import,1994';
    writeFileSync(join(dir, 'mirror-kg-annual.csv'), text.join('\n'));
    await expect(loadDataset('mirror-kg-annual', { datasetsDir: dir })).rejects.toMatchObject({
      name: 'DataValidationError',
      line: 6,
    });
  });

  it('fails with OptionsError when the folder has no catalog', async () => {
    await expect(loadDataset('chpl', { datasetsDir: join(dir, 'none') })).rejects.toBeInstanceOf(
      OptionsError,
    );
  });
});
