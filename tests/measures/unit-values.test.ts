import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fromMonthIndex,
  loadSdmxCsv,
  monthIndex,
  OptionsError,
  type TradeObservation,
  UnitValuesResultSchema,
  unitValues,
  unitValueWarnings,
} from '../../src/index.js';

// Real values with quantities: one CN8 code, member states' monthly trade 2023-01..2025-12 (Eurostat SDMX-CSV,
// QUANTITY_IN_100KG, ../shared/data/raw/PROVENANCE.md §12).
const SAMPLE =
  '../shared/data/raw/eurostat_comext_sdmx_sample/DS-045409_M_EUmembers_CN39201081_2023-01_2025-12.csv';

describe('unitValues on the real Comext SDMX sample', async () => {
  const { observations } = await loadSdmxCsv(SAMPLE);
  const series = unitValues(observations, { breakAt: '2024-07' });

  it('divides the published value by the published mass (hundreds of kg → kg), period by period', () => {
    expect(UnitValuesResultSchema.safeParse(series).success).toBe(true);
    const raw = new Map<string, number>();
    for (const line of readFileSync(SAMPLE, 'utf8').trim().split('\n').slice(1)) {
      const f = line.split(',');
      if (f[9] !== '') raw.set(`${f[3]}|${f[4]}|${f[6]}|${f[8]}|${f[7]}`, Number(f[9]));
    }
    let checked = 0;
    for (const s of series) {
      const flow = s.flow === 'export' ? '2' : '1';
      for (const p of s.periods) {
        if (p.status !== 'ok') continue;
        const k = `${s.reporter}|${s.partner}|${flow}|${p.period}`;
        expect(p.unitValue!).toBeCloseTo(
          raw.get(`${k}|VALUE_IN_EUROS`)! / (raw.get(`${k}|QUANTITY_IN_100KG`)! * 100),
          9,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(series.reduce((n, s) => n + s.periods.length, 0)).toBe(observations.length);
  });

  it('gives a jump only where both windows have months, with the series own earlier jumps beside it', () => {
    const withJump = series.filter((s) => s.jump !== null);
    expect(withJump.length).toBeGreaterThan(10);
    for (const s of withJump) {
      const j = s.jump!;
      expect(j.logJump).toBeCloseTo(Math.log(j.after / j.before), 12);
      expect(j.rank).toBeLessThanOrEqual(j.references);
      expect(j.monthsBefore).toBeGreaterThanOrEqual(3);
    }
    expect(unitValueWarnings(series)).toEqual(expect.any(Array));
  });
});

// SYNTHETIC: a flat unit value of 10 EUR/kg with small noise, tripling from 2022-03.
const obs = (period: string, value: number | null, quantityKg?: number): TradeObservation =>
  ({
    reporter: 'DE',
    partner: 'KZ',
    flow: 'export',
    product: { classification: 'CN', code: '84713000', level: 8 },
    period,
    value,
    currency: 'EUR',
    status: value === null ? 'confidential' : 'reported',
    source: 'SYNTHETIC',
    ...(quantityKg === undefined ? {} : { quantityKg }),
  }) as TradeObservation;

describe('unitValues on SYNTHETIC series', () => {
  const start = monthIndex('2020-01');
  const list = Array.from({ length: 36 }, (_, i) => {
    const p = fromMonthIndex(start + i);
    const uv = (p >= '2022-03' ? 30 : 10) * (1 + 0.02 * Math.sin(i));
    return obs(p, uv * 1000, 1000);
  });

  it('finds the tripling and ranks it above every earlier jump', () => {
    const [s] = unitValues(list, { breakAt: '2022-03', window: 6 });
    expect(s!.jump!.logJump).toBeCloseTo(Math.log(3), 1);
    expect(s!.jump!.rank).toBe(0);
    expect(s!.jump!.references).toBeGreaterThan(10);
  });

  it('never imputes: no value, no mass and zero mass each say why', () => {
    const [s] = unitValues([
      obs('2022-01', null, 5),
      obs('2022-02', 100),
      obs('2022-03', 100, 0),
      obs('2022-04', -5, 1),
    ]);
    expect(s!.periods.map((p) => [p.status, p.unitValue])).toEqual([
      ['no-value', null],
      ['no-quantity', null],
      ['zero-quantity', null],
      ['non-positive', null],
    ]);
    expect(() => unitValues(list, { breakAt: '2022' })).toThrow(OptionsError);
  });
});
