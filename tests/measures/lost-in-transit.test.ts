import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LostInTransitResultSchema,
  loadSdmxCsv,
  lostInTransit,
  OptionsError,
  type TradeObservation,
  UnitMismatchError,
} from '../../src/index.js';

// Real mirror pairs: one CN8 code (39201081), member states' exports to each other and their imports from each
// other, monthly 2023-01..2025-12, Eurostat SDMX-CSV (../shared/data/raw/PROVENANCE.md §12). Intra-EU mirror
// asymmetries are real and well known; nothing here is re-routing.
const SAMPLE =
  '../shared/data/raw/eurostat_comext_sdmx_sample/DS-045409_M_EUmembers_CN39201081_2023-01_2025-12.csv';

describe('lostInTransit on real intra-EU mirror pairs (Comext SDMX sample)', async () => {
  const loaded = await loadSdmxCsv(SAMPLE);
  const exports = loaded.observations.filter((o) => o.flow === 'export');
  const imports = loaded.observations.filter((o) => o.flow === 'import');
  const r = lostInTransit(exports, imports, { absentMonths: 'zero' });

  it('keeps or rejects every input row, with a reason', () => {
    expect(LostInTransitResultSchema.safeParse(r).success).toBe(true);
    expect(r.accounting.used + r.accounting.rejected.length).toBe(exports.length + imports.length);
    const reasons = new Set(r.accounting.rejected.map((x) => x.reason));
    expect([...reasons]).toEqual(['aggregate']); // the WORLD rows: no aggregate reports its own imports
  });

  it('matches a log ratio computed independently from the raw file', () => {
    // Independent reading of the CSV: annual sums of VALUE_IN_EUROS per reporter × partner × flow × year.
    const sums = new Map<string, number>();
    for (const line of readFileSync(SAMPLE, 'utf8').trim().split('\n').slice(1)) {
      const f = line.split(',');
      if (f[7] !== 'VALUE_IN_EUROS' || f[9] === '') continue;
      const k = `${f[3]}|${f[4]}|${f[6]}|${f[8]!.slice(0, 4)}`;
      sums.set(k, (sums.get(k) ?? 0) + Number(f[9]));
    }
    const both = r.cells.filter((c) => c.class === 'both');
    expect(both.length).toBeGreaterThan(50);
    for (const c of both) {
      const e = sums.get(`${c.exporter}|${c.importer}|2|${c.period}`)!;
      const i = sums.get(`${c.importer}|${c.exporter}|1|${c.period}`)!;
      expect(c.exporterValue).toBeCloseTo(e, 6);
      expect(c.logRatio!).toBeCloseTo(Math.log(i / (e * 1.05)), 12);
    }
  });

  it('is stricter by default: a year needs 12 published months on each side', () => {
    const strict = lostInTransit(exports, imports);
    const n = (x: typeof r, cls: string) => x.cells.filter((c) => c.class === cls).length;
    expect(n(strict, 'incomplete')).toBeGreaterThan(0);
    expect(n(strict, 'both')).toBeLessThan(n(r, 'both'));
    expect(strict.cells.length).toBe(r.cells.length);
    expect(r.warnings.join(' ')).toContain('counted as zero');
  });

  it('summarises by importer group and year, medians over both-side cells only', () => {
    const g = lostInTransit(exports, imports, {
      absentMonths: 'zero',
      importerGroups: { big: ['DE', 'FR', 'IT'] },
    });
    const big2024 = g.summary.find((s) => s.importerGroup === 'big' && s.period === '2024')!;
    const logs = g.cells
      .filter((c) => ['DE', 'FR', 'IT'].includes(c.importer) && c.period === '2024' && c.class === 'both')
      .map((c) => c.logRatio!)
      .sort((a, b) => a - b);
    expect(big2024.counts.both).toBe(logs.length);
    const mid = (logs.length - 1) / 2;
    expect(big2024.medianLogRatio).toBeCloseTo((logs[Math.floor(mid)]! + logs[Math.ceil(mid)]!) / 2, 12);
    expect(g.summary.some((s) => s.importerGroup === 'other')).toBe(true);
  });
});

// SYNTHETIC cases for zeros and one-sided reporting: labelled, hand-made observations.
const obs = (
  reporter: string,
  partner: string,
  flow: 'export' | 'import',
  product: string,
  period: string,
  value: number | null,
  currency: 'EUR' | 'USD' = 'EUR',
): TradeObservation =>
  ({
    reporter,
    partner,
    flow,
    product: { classification: 'CN', code: product, level: 8 },
    period,
    value,
    currency,
    status: value === null ? 'confidential' : value === 0 ? 'zero' : 'reported',
    source: 'SYNTHETIC',
  }) as TradeObservation;

describe('lostInTransit on SYNTHETIC zeros and one-sided reporting', () => {
  const ex = [
    obs('DE', 'KZ', 'export', 'A', '2023', 100), // importer records 0: exporter-only
    obs('DE', 'KZ', 'export', 'B', '2023', 200), // both: importer 105 → log(105/210)
    obs('DE', 'KZ', 'export', 'C', '2023', 0), // both zero
    obs('DE', 'KZ', 'export', 'D', '2023', 50), // importer publishes nothing: importer-missing
    obs('DE', 'KZ', 'export', 'E', '2023', 0), // importer-only
    obs('DE', 'KZ', 'export', 'B', '2023', 999), // repeated key: rejected, first kept
    obs('DE', 'WORLD', 'export', 'B', '2023', 5000), // aggregate: rejected
    obs('DE', 'KZ', 'import', 'B', '2023', 1), // wrong flow on the exporter side: rejected
    obs('DE', 'KZ', 'export', 'F', '2023', 10), // importer confidential: importer-missing, not zero
  ];
  const im = [
    obs('KZ', 'DE', 'import', 'A', '2023', 0),
    obs('KZ', 'DE', 'import', 'B', '2023', 105),
    obs('KZ', 'DE', 'import', 'C', '2023', 0),
    obs('KZ', 'DE', 'import', 'E', '2023', 30),
    obs('KZ', 'DE', 'import', 'F', '2023', null),
  ];
  const r = lostInTransit(ex, im, { productGroups: { dual: ['A', 'B'], industrial: ['B', 'D'] } });
  const cls = (p: string) => r.cells.find((c) => c.product === p)?.class;

  it('classifies each cell and never turns a missing value into zero', () => {
    expect([cls('A'), cls('B'), cls('C'), cls('D'), cls('E'), cls('F')]).toEqual([
      'exporter-only',
      'both',
      'both-zero',
      'importer-missing',
      'importer-only',
      'importer-missing',
    ]);
    expect(r.cells.find((c) => c.product === 'B')!.logRatio).toBeCloseTo(Math.log(105 / 210), 12);
    expect(r.cells.find((c) => c.product === 'F')!.importerValue).toBeNull();
  });

  it('accounts for every row', () => {
    expect(r.accounting.rejected.map((x) => [x.side, x.index, x.reason])).toEqual([
      ['exporter', 5, 'duplicate'],
      ['exporter', 6, 'aggregate'],
      ['exporter', 7, 'flow'],
    ]);
    expect(r.accounting.used).toBe(ex.length + im.length - 3);
  });

  it('counts a code in two overlapping product groups in each, and says so; values what the median cannot see', () => {
    const dual = r.summary.find((s) => s.productGroup === 'dual')!;
    const industrial = r.summary.find((s) => s.productGroup === 'industrial')!;
    expect(dual.counts.both + industrial.counts.both).toBe(2); // B in both
    expect(dual.overlapping && industrial.overlapping).toBe(true);
    expect(dual.exporterOnlyValueShare).toBeCloseTo(100 / 300, 12); // A's 100 against B's 200
    expect(r.warnings.join(' ')).toContain('overlap');
    expect(r.summary.find((s) => s.productGroup === 'other')!.counts['both-zero']).toBe(1); // C
  });

  it('refuses mixed currencies, bad allowances and an importer in two groups', () => {
    expect(() =>
      lostInTransit(
        [obs('DE', 'KZ', 'export', 'A', '2023', 1)],
        [obs('KZ', 'DE', 'import', 'A', '2023', 1, 'USD')],
      ),
    ).toThrow(UnitMismatchError);
    expect(() => lostInTransit(ex, im, { cifFob: Number.NaN })).toThrow(OptionsError);
    expect(() => lostInTransit(ex, im, { importerGroups: { a: ['KZ'], b: ['KZ'] } })).toThrow(OptionsError);
  });

  it('needs 12 months for a monthly year unless absent months are zeros', () => {
    const months = ['2023-01', '2023-02'];
    const e = months.map((m) => obs('DE', 'KZ', 'export', 'A', m, 10));
    const i = months.map((m) => obs('KZ', 'DE', 'import', 'A', m, 8));
    expect(lostInTransit(e, i).cells[0]!.class).toBe('incomplete');
    const z = lostInTransit(e, i, { absentMonths: 'zero' }).cells[0]!;
    expect([z.class, z.exporterMonths, z.logRatio]).toEqual(['both', 2, Math.log(16 / 21)]);
  });
});
