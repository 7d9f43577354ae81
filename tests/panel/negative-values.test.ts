// Negative trade values (issue 12 #3): publishers print negative revisions and adjustments. Every loader keeps them,
// flagged `negative: true` and counted in `negativeValues`; toSeries and the aggregations say where they were summed;
// measures on logarithms treat a value ≤ 0 as no value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logLinearTrend } from '../../src/baselines/index.js';
import { type LoadResult, makeSeries, TradeObservationSchema } from '../../src/index.js';
import { toSeries, truncateProducts } from '../../src/panel/index.js';
import {
  fromComextBulk,
  fromComextRelational,
  fromComtrade,
  fromCsv,
  fromHmrcOts,
  fromJsonStat,
  fromSdmxCsv,
  loadComextBulk,
  loadCsv,
} from '../../src/sources/index.js';
import { obs } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-negative-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BULK =
  'REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG\n' +
  'DE,KG,E,84713000,2,1,202203,120500,310\n' +
  'DE,KG,E,84713000,2,9,202203,-4200,0\n';
const CSV_COLUMNS = {
  reporter: 'r',
  partner: 'p',
  flow: 'f',
  period: 't',
  value: 'v',
  currency: { constant: 'EUR' },
} as const;
const CSV = 'r,p,f,t,v\nDE,KG,export,2022-03,100\nDE,KG,export,2022-04,-7\n';
const SDMX =
  'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n' +
  'ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,DE,KG,TOTAL,2,VALUE_IN_EUROS,2021-01,-18,\n' +
  'ESTAT:DS-045409(1.0),16/11/24 23:00:00,M,DE,KG,TOTAL,2,VALUE_IN_EUROS,2021-02,21,\n';
const JSONSTAT = JSON.stringify({
  version: '2.0',
  class: 'dataset',
  id: ['reporter', 'partner', 'product', 'flow', 'indicators', 'time'],
  size: [1, 1, 1, 1, 1, 2],
  dimension: {
    reporter: { category: { index: { DE: 0 } } },
    partner: { category: { index: { KG: 0 } } },
    product: { category: { index: { TOTAL: 0 } } },
    flow: { category: { index: { '2': 0 } } },
    indicators: { category: { index: { VALUE_IN_EUROS: 0 } } },
    time: { category: { index: { '2022-03': 0, '2022-04': 1 } } },
  },
  value: [-5, 9],
});
const HMRC = JSON.stringify({
  value: [
    {
      MonthId: 202203,
      FlowTypeId: 4,
      CommodityId: 84713000,
      Country: { CountryCodeAlpha: 'KZ' },
      Value: -152,
    },
    {
      MonthId: 202204,
      FlowTypeId: 4,
      CommodityId: 84713000,
      Country: { CountryCodeAlpha: 'KZ' },
      Value: 152,
    },
  ],
});
const COMTRADE = JSON.stringify({
  data: [
    {
      typeCode: 'C',
      freqCode: 'A',
      period: '2022',
      reporterISO: 'KGZ',
      flowCode: 'M',
      partnerCode: 0,
      cmdCode: 'TOTAL',
      primaryValue: -9,
    },
    {
      typeCode: 'C',
      freqCode: 'A',
      period: '2021',
      reporterISO: 'KGZ',
      flowCode: 'M',
      partnerCode: 0,
      cmdCode: 'TOTAL',
      primaryValue: 9,
    },
  ],
});
const RELATIONAL =
  'REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n' +
  'Portugal,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,-46706\n' +
  'Cyprus,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,217426\n';

const LOADERS: readonly (readonly [string, () => LoadResult])[] = [
  ['fromComextBulk', () => fromComextBulk(BULK)],
  ['fromCsv', () => fromCsv(CSV, { columns: CSV_COLUMNS })],
  ['fromSdmxCsv', () => fromSdmxCsv(SDMX)],
  ['fromJsonStat', () => fromJsonStat(JSONSTAT)],
  ['fromHmrcOts', () => fromHmrcOts(HMRC)],
  ['fromComtrade', () => fromComtrade(COMTRADE)],
  ['fromComextRelational', () => fromComextRelational(RELATIONAL)],
];

describe('loaders keep negative values, flagged and counted', () => {
  it.each(LOADERS)('%s', (_name, load) => {
    const r = load();
    expect(r.rejects).toEqual([]);
    const negatives = r.observations.filter((o) => o.value !== null && o.value < 0);
    expect(negatives).toHaveLength(1);
    expect(negatives[0]).toMatchObject({ negative: true, status: 'reported' });
    // Only the negative one is flagged, and the count says so.
    expect(r.observations.filter((o) => o.negative === true)).toHaveLength(1);
    expect(r.negativeValues).toBe(1);
    for (const o of r.observations) expect(TradeObservationSchema.safeParse(o).success).toBe(true);
  });

  it('load* counts them as from* does, over several files', async () => {
    const a = join(tmp, 'a.csv');
    const b = join(tmp, 'b.csv');
    writeFileSync(a, BULK);
    writeFileSync(b, BULK);
    const r = await loadComextBulk([a, b]);
    expect(r.negativeValues).toBe(2);
    writeFileSync(join(tmp, 'c.csv'), CSV);
    expect((await loadCsv(join(tmp, 'c.csv'), { columns: CSV_COLUMNS })).negativeValues).toBe(1);
  });

  it('the schema refuses a negative value without the flag, and the flag without a negative value', () => {
    const base = obs({ value: -3 });
    expect(TradeObservationSchema.safeParse(base).success).toBe(false);
    expect(TradeObservationSchema.safeParse({ ...base, negative: true }).success).toBe(true);
    expect(TradeObservationSchema.safeParse(obs({ value: 3, negative: true })).success).toBe(false);
  });
});

describe('sums say where negative values went in', () => {
  it('toSeries sums them and notes how many, and where', () => {
    const s = toSeries(
      [
        obs({ period: '2022-01', value: 10, product: '84713000' }),
        obs({ period: '2022-01', value: -4, negative: true, product: '84714100' }),
        obs({ period: '2022-02', value: -2, negative: true, product: '84713000' }),
      ],
      { reporter: 'EU27_2020', partner: 'KG', flow: 'export' },
    );
    expect(s.values).toEqual([6, -2]);
    expect(s.notes).toContain(
      'toSeries: 2 negative values (revisions or adjustments as published) summed in 2022-01, 2022-02',
    );
    // Anchor: no such note without negative values.
    const plain = toSeries([obs({ value: 10 })], { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
    expect(plain.notes.join(' ')).not.toContain('negative');
  });

  it('truncateProducts flags a negative sum, not a positive one, and notes the negative parts', () => {
    const out = truncateProducts(
      [
        obs({ period: '2022-01', value: 10, product: '84713000' }),
        obs({ period: '2022-01', value: -4, negative: true, product: '84714100' }),
        obs({ period: '2022-02', value: -9, negative: true, product: '84713000' }),
        obs({ period: '2022-02', value: 2, product: '84714100' }),
      ],
      4,
    );
    const jan = out.find((o) => o.period === '2022-01')!;
    const feb = out.find((o) => o.period === '2022-02')!;
    expect(jan.value).toBe(6);
    expect(jan.negative).toBeUndefined();
    expect(feb).toMatchObject({ value: -7, negative: true });
    for (const o of out) {
      expect(o.notes?.some((n) => n.includes('1 negative value'))).toBe(true);
      expect(TradeObservationSchema.safeParse({ ...o, notes: undefined, sources: undefined }).success).toBe(
        true,
      );
    }
  });
});

describe('measures on logarithms treat a value ≤ 0 as no value', () => {
  const values = [22.7e6, 26.1e6, -1.5e6, 26.5e6, 24.2e6, 21.6e6, 23e6, 25e6];
  const s = makeSeries({
    key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: '2019-01',
    values,
  });

  it('logLinearTrend drops the negative month from its fit, with a warning, and yields finite values', () => {
    const cf = logLinearTrend({ fit: ['2019-01', '2019-06'] }).fit(s);
    expect(cf.warnings.join(' ')).toMatch(/negative/);
    for (const v of cf.expected) if (v !== null) expect(Number.isFinite(v)).toBe(true);
  });
});
