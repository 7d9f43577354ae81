import { describe, expect, it } from 'vitest';
import type { ChartRequest } from '../../src/index.js';
import {
  nameOf,
  ROUNDABOUT_LEGS,
  roundabout,
  roundaboutStudy,
  runStudy,
  sourceLine,
} from '../../src/index.js';

const kinds = (charts: readonly ChartRequest[]) => charts.map((c) => c.kind);

describe('a study as data', () => {
  it('is a list of legs with defaults and a data resolver that is handed in', async () => {
    expect(roundaboutStudy.legs.map((l) => l.id)).toEqual([
      'above-baseline',
      'vs-controls',
      'sanctioned-vs-other',
      'mirror',
    ]);
    expect(roundaboutStudy.legs).toEqual(ROUNDABOUT_LEGS);
    // A resolver of one's own: the legs read only what it returns.
    let called = 0;
    await expect(
      roundabout({
        exporters: ['EU27_2020'],
        resolveData: async () => {
          called++;
          throw new Error('no data here');
        },
      }),
    ).rejects.toThrow('no data here');
    expect(called).toBe(1);
  });

  it('names codes in words, aggregates as the reader says them', () => {
    expect(nameOf('EU27_2020')).toBe('the EU (27)');
    expect(nameOf('KG')).toBe('Kyrgyzstan');
    expect(nameOf('AE/TR')).toBe('United Arab Emirates and Türkiye');
    expect(sourceLine(['x'], {}, [])).toBe('data given by the caller');
  });
});

describe('roundabout() for a non-EU exporter and other hubs: the UK to the UAE and Türkiye', () => {
  it('runs on the shipped uk-trade-monthly with every leg answered or said to be unanswerable', async () => {
    const r = await runStudy(roundaboutStudy, {
      exporters: ['GB'],
      destinations: ['AE', 'TR'],
      otherNeighbours: [],
      baselines: ['preWarMean'],
      draws: 200,
      bootstrapDraws: 199,
    });
    expect(r.legs.map((l) => l.leg)).toEqual([
      'above-baseline',
      'vs-controls',
      'sanctioned-vs-other',
      'mirror',
    ]);
    const above = r.findings.filter((f) => f.leg === 'above-baseline' && f.exporter === 'GB');
    expect(above.map((f) => f.destination)).toEqual(expect.arrayContaining(['AE', 'TR']));
    // No product-level data for the UK and no mirror data for AE/TR: the verdicts say so instead of guessing.
    expect(r.legs.find((l) => l.leg === 'sanctioned-vs-other')!.status).toBe('cannot-tell');
    expect(r.legs.find((l) => l.leg === 'mirror')!.status).toBe('cannot-tell');
    // Charts as data, in words, with a source line built from the provenance used (ONS).
    const a = r.legs[0]!;
    expect(kinds(a.charts)).toContain('baseline');
    expect(kinds(a.charts)).toContain('forest');
    for (const c of [...r.headlineCharts, ...r.legs.flatMap((l) => l.charts)]) {
      expect(c.source, c.id).toMatch(/ONS/);
      expect(c.title, c.id).not.toMatch(/\bGB\b|\bAE\b|\bTR\b/);
    }
    expect(r.headlineCharts[0]).toMatchObject({ kind: 'baseline' });
    expect(r.names).toMatchObject({ GB: 'United Kingdom', AE: 'United Arab Emirates', TR: 'Türkiye' });
    expect(r.title).toBe('Exports from United Kingdom to United Arab Emirates and Türkiye since March 2022');
    for (const l of r.legs) expect(l.methods.length, l.leg).toBeGreaterThan(0);
    // Nothing the roundabout's defaults would say about the EU study leaks into this one's methods.
    expect(r.legs.flatMap((l) => l.methods).join(' ')).not.toMatch(/833\/2014|Comext/);
  }, 180_000);
});
