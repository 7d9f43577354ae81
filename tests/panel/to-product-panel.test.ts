import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets.js';
import { OptionsError, UnitMismatchError } from '../../src/errors.js';
import type { TradeObservation } from '../../src/model/observation.js';
import { productOf } from '../../src/model/product.js';
import { productPanelRows, toProductPanel } from '../../src/panel/to-product-panel.js';
import { euExport } from '../helpers/observations.js';

type Obs = TradeObservation<'EUR'>;

const o = euExport;

describe('toProductPanel on the shipped sanctioned-goods extraction (Comext CN8, 2020-01..2022-11)', () => {
  it('keeps or excludes every row with a reason, bridges CN2022 to HS2017 before grouping, and conserves value', async () => {
    const obs = (await loadDataset('eu-sanctioned-exports-monthly')).observations;
    const concordance = (await loadDataset('hs-concordance')).rows;
    const p = toProductPanel(obs, { level: 6, bridge: { concordance, to: 'HS2017' } });
    const a = p.accounting;
    const excluded = Object.values(a.excluded).reduce((s, n) => s + (n ?? 0), 0);
    expect(a.read).toBe(obs.length);
    expect(a.kept + excluded).toBe(a.read);
    expect(a.kept - a.merged).toBe(a.cells);
    expect(p.value.length).toBe(a.cells);
    // Golden: the HS4 headings printed beside their own CN8 codes are left out, not double counted.
    expect(a.excluded).toEqual({ 'coarser-than-level': 20525 });
    expect([a.read, a.kept, a.cells, a.unbridgedCells, p.products.length]).toEqual([
      271908, 251383, 175683, 1103, 1381,
    ]);
    expect(p.destinations).toEqual(['AM', 'BY', 'GE', 'KG', 'KZ', 'RU', 'UZ']);
    expect([p.periods[0], p.periods.at(-1), p.periods.length]).toEqual(['2020-01', '2022-11', 35]);
    // Nothing summed twice, nothing lost: the panel's total is the total of the kept CN8 rows.
    const keptTotal = obs.filter((x) => x.product.level === 8).reduce((s, x) => s + (x.value ?? 0), 0);
    const panelTotal = p.value.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0);
    expect(Math.abs(panelTotal - keptTotal) / keptTotal).toBeLessThan(1e-12);
    // Without a bridge it says the revision splits codes.
    const unbridged = toProductPanel(obs, { level: 6 });
    expect(unbridged.notes.some((n) => n.includes('HS2017 → HS2022 revision'))).toBe(true);
    expect(unbridged.products.length).toBeGreaterThan(p.products.length);
  }, 60_000);
});

describe('toProductPanel (SYNTHETIC cases)', () => {
  it('keeps missing as NaN, never 0, and a sum with a missing part missing unless asked', () => {
    const rows = [o('84713000', 'KZ', '2021-01', 5), o('84713010', 'KZ', '2021-01', null)];
    expect([...toProductPanel(rows, { level: 6 }).value]).toEqual([Number.NaN]);
    expect(toProductPanel(rows, { level: 6 }).accounting.missingCells).toBe(1);
    const lb = toProductPanel(rows, { level: 6, incomplete: 'lowerBound' });
    expect([...lb.value]).toEqual([5]);
    expect(lb.accounting.lowerBoundCells).toBe(1);
  });

  it('selects by flow, exporter, destination, window and prefix, each counted', () => {
    const rows = [
      o('84713000', 'KZ', '2021-01', 1),
      o('84713000', 'KZ', '2021-01', 1, { flow: 'import' }),
      o('84713000', 'KZ', '2021-01', 1, { reporter: 'GB' }),
      o('84713000', 'KG', '2021-01', 1),
      o('84713000', 'KZ', '2023-01', 1),
      o('85423100', 'KZ', '2021-01', 1),
      o('TOTAL', 'KZ', '2021-01', 1),
    ];
    const p = toProductPanel(rows, {
      level: 6,
      exporters: ['EU27_2020'],
      destinations: ['KZ'],
      window: ['2021-01', '2022-12'],
      products: ['8471'],
    });
    expect(p.accounting.excluded).toEqual({
      flow: 1,
      exporter: 1,
      destination: 1,
      window: 1,
      product: 1,
      'not-a-product': 1,
    });
    expect(p.accounting.kept).toBe(1);
    expect(productPanelRows(p)).toEqual([
      {
        product: '847130',
        exporter: 'EU27_2020',
        destination: 'KZ',
        period: '2021-01',
        value: 1,
        quantityKg: null,
        status: 'reported',
      },
    ]);
  });

  it('keeps the finest input level only, origin over consignment, and flags negatives', () => {
    const rows = [
      o('8471', 'KZ', '2021-01', 9),
      o('84713000', 'KZ', '2021-01', 4),
      o('84713000', 'AM', '2021-01', 3, { flow: 'export', partnerBasis: 'origin' }),
      o('84713000', 'AM', '2021-01', 2, { flow: 'export', partnerBasis: 'consignment' }),
      o('84714100', 'KZ', '2021-01', -1),
    ];
    const p = toProductPanel(rows, { level: 4 });
    expect(p.accounting.excluded).toEqual({ 'other-input-level': 1, 'consignment-basis': 1 });
    expect(productPanelRows(p).map((r) => [r.destination, r.value])).toEqual([
      ['AM', 3],
      ['KZ', 3],
    ]);
    expect(toProductPanel(rows, { level: 6 }).accounting.negativeCells).toBe(1);
  });

  it('re-codes an n:1 pair into one HS2017 code and sums it with the same code reported in HS2017', () => {
    const table = [
      { hs2022: '870121', hs2017: '870120', relationship: 'n:1' },
      { hs2022: '870122', hs2017: '870120', relationship: 'n:1' },
    ] as const;
    const rows = [
      o('87012010', 'KZ', '2021-12', 10, { product: productOf('87012010', { edition: 'CN2021' }) }),
      o('87012110', 'KZ', '2022-01', 6, { product: productOf('87012110', { edition: 'CN2022' }) }),
      o('87012210', 'KZ', '2022-01', 4, { product: productOf('87012210', { edition: 'CN2022' }) }),
    ];
    const p = toProductPanel(rows, { level: 6, bridge: { concordance: table, to: 'HS2017' } });
    expect(p.products).toEqual(['870120']);
    expect(productPanelRows(p).map((r) => [r.period, r.value])).toEqual([
      ['2021-12', 10],
      ['2022-01', 10],
    ]);
  });

  it('refuses what it cannot do honestly', () => {
    expect(() => toProductPanel([], { level: 5 as 6 })).toThrow(OptionsError);
    expect(() => toProductPanel([], { level: 8, bridge: { concordance: [], to: 'HS2017' } })).toThrow(
      OptionsError,
    );
    expect(() => toProductPanel([], { level: 6, products: ['84x'] })).toThrow(OptionsError);
    const usd = { ...o('84713000', 'KZ', '2021-01', 1), currency: 'USD' } as unknown as Obs;
    expect(() => toProductPanel([o('84713000', 'KG', '2021-01', 1), usd], { level: 6 })).toThrow(
      UnitMismatchError,
    );
  });
});
