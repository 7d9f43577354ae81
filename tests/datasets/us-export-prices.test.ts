import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset, loadPriceIndex } from '../../src/datasets.js';
import { OptionsError } from '../../src/errors.js';
import { makeSeries } from '../../src/model/series.js';
import { annualPriceIndex, deflate } from '../../src/panel/deflate.js';
import { RAW_DIR } from './raw-dir.js';

// Golden values read off the raw file ../shared/data/raw/us_bls_export_price/IQ.csv (PROVENANCE.md §11):
//   grep -E '^(2019-01|2022-06)' IQ.csv → 2019-01-01,125.3 and 2022-06-01,166.7; grep -c ',$' IQ.csv → 43.
describe('us-export-prices-monthly', () => {
  it('keeps every month of the raw file, blank months missing (never zero)', async () => {
    const { rows, provenance } = await loadDataset('us-export-prices-monthly');
    const raw = readFileSync(`${RAW_DIR}/us_bls_export_price/IQ.csv`, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(raw.length);
    expect(rows).toHaveLength(511);
    expect(rows[0]).toEqual({ period: '1983-09', level: 85.7, status: 'reported' });
    expect(rows.at(-1)).toEqual({ period: '2026-03', level: 161, status: 'reported' });
    const missing = rows.filter((r) => r.status === 'missing');
    expect(missing).toHaveLength(43);
    expect(missing.every((r) => r.level === null)).toBe(true);
    expect(rows.find((r) => r.period === '2025-10')).toEqual({
      period: '2025-10',
      level: null,
      status: 'missing',
    });
    // Quarterly 1983-09..1988-12: 22 points and 42 blank months between; monthly from 1989-01 except 2025-10.
    const early = rows.filter((r) => r.period < '1989-01');
    expect(early.filter((r) => r.status === 'reported')).toHaveLength(22);
    expect(rows.filter((r) => r.period >= '1989-01' && r.status === 'missing').map((r) => r.period)).toEqual([
      '2025-10',
    ]);
    expect(provenance[0]?.sha256).toBe('4bf0d68d97e8a057149121f14996de0f7c705a8d18477c152449f7046ab70ea7');
    expect(provenance[0]?.licence).toMatch(/public domain/);
  });

  it('loadPriceIndex gives the levels of the raw file and the caveat', async () => {
    const ix = await loadPriceIndex('us-export-prices-monthly');
    expect(ix.values[ix.periods.indexOf('2019-01')]).toBe(125.3);
    expect(ix.values[ix.periods.indexOf('2022-06')]).toBe(166.7);
    expect(ix.values[ix.periods.indexOf('2025-10')]).toBeNull();
    expect(ix.caveats[0]).toMatch(/U\.S\. export prices, not EU ones/);
    await expect(loadPriceIndex('nope' as 'us-export-prices-monthly')).rejects.toBeInstanceOf(OptionsError);
  });

  it('annual means over complete years only (2025 lacks October; 1988 is quarterly)', async () => {
    const ix = await loadPriceIndex('us-export-prices-monthly');
    const annual = annualPriceIndex(ix);
    const months2019 = ix.periods
      .filter((p) => p.startsWith('2019-'))
      .map((p) => ix.values[ix.periods.indexOf(p)]!);
    expect(months2019).toHaveLength(12);
    expect(annual['2019']).toBeCloseTo(months2019.reduce((s, v) => s + v, 0) / 12, 12);
    expect(annual['2025']).toBeUndefined();
    expect(annual['1988']).toBeUndefined();
    expect(annual['1989']).toBeDefined();
    const nominal = makeSeries({
      key: { reporter: 'KZ', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
      currency: 'USD',
      start: '2019',
      values: [100, 100],
    });
    const real = deflate(nominal, annual, { base: '2019', name: ix.name });
    expect(real.values[0]).toBe(100);
    expect(real.values[1]).toBeCloseTo((100 * annual['2019']!) / annual['2020']!, 12);
  });
});
