import { describe, expect, it } from 'vitest';
import { loadDataset, OptionsError, screen, screenStudy, toSeriesSet } from '../../src/index.js';

// Every CN8 sanctioned code × destination in the shipped Comext extract (EU27 exports, 2020-01..2022-11).
const loaded = await loadDataset('eu-sanctioned-exports-monthly');
const set = toSeriesSet(
  loaded.observations.filter((o) => o.product.level === 8),
  { by: ['product', 'partner'], flow: 'export' },
);
const result = await screen({ series: set });

describe('screenStudy(): a screen() result as a one-leg study', () => {
  it('shows the top 200 rows in a table chart and points to the full table as a separate file', () => {
    const r = screenStudy(result, { top: 200, provenance: loaded.provenance });
    expect(r.study).toBe('screen');
    expect(r.legs).toHaveLength(1);
    const leg = r.legs[0]!;
    expect(leg.status).toBe(result.significant > 0 ? 'supported' : 'not-supported');
    const [table] = leg.charts;
    if (table?.kind !== 'table') throw new Error('expected a table chart');
    expect(table.rows).toHaveLength(200);
    expect(table.totalRows).toBe(result.rows.length);
    expect(table.totalRows).toBeGreaterThan(200);
    expect(table.fullTableFile).toBe('screen-full.csv');
    expect(table.columns[0]).toBe('Rank');
    expect(table.rows[0]![0]).toBe(1);
    expect(table.source).toMatch(/^Eurostat/);
    expect(r.findings).toHaveLength(200);
    expect(leg.findingIds).toEqual(r.findings.map((f) => f.id));
    expect(r.names.KZ).toBe('Kazakhstan');
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a top that is not a positive integer', () => {
    expect(() => screenStudy(result, { top: 0 })).toThrow(OptionsError);
  });
});
