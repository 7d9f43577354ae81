import { describe, expect, it } from 'vitest';
import { type RoundaboutOptions, roundabout } from '../../src/analyses/roundabout.js';
import { REPORTING_CAVEATS, reportingCaveats } from '../../src/reference/reporting-caveats.js';

describe('reportingCaveats', () => {
  it('matches by reporter, flow, partner and years', () => {
    const ids = (q: Parameters<typeof reportingCaveats>[0]) => reportingCaveats(q).map((c) => c.id);
    expect(ids({ reporter: 'KG', flow: 'export', partner: 'RU', from: '2017', to: '2023' })).toEqual([
      'kg-gold',
    ]);
    expect(ids({ reporter: 'KG', flow: 'import', partner: 'RU', from: '2017', to: '2023' })).toEqual([]);
    expect(ids({ reporter: 'AM', flow: 'import', partner: 'RU', from: '2017', to: '2023' })).toEqual([]);
    expect(ids({ reporter: 'AM', flow: 'import', partner: 'RU', from: '2017', to: '2024' })).toEqual([
      'am-gold-diamonds-2024',
    ]);
    expect(ids({ reporter: 'AM', flow: 'export', partner: 'DE', from: '2017', to: '2024' })).toEqual([]);
    for (const c of REPORTING_CAVEATS) expect(c.source.length).toBeGreaterThan(20);
  });

  it("reach the mirror leg's findings from the table the user passes, and no country is hard-wired", async () => {
    const run = (reportingCaveats: RoundaboutOptions['reportingCaveats']) =>
      roundabout({ draws: 100, bootstrapDraws: 99, ...(reportingCaveats ? { reportingCaveats } : {}) });
    const kgExports = (r: Awaited<ReturnType<typeof roundabout>>) =>
      r.findings.find((f) => f.id === 'mirror/KG/RU/TOTAL/preWarMean (annual)/USD/exports')?.warnings ?? [];
    const byDefault = await run(undefined);
    expect(kgExports(byDefault).some((w) => w.includes('gold'))).toBe(true);
    const own = await run([
      { id: 'x', reporter: 'KZ', flow: 'export', text: 'my own caveat on Kazakh exports', source: 'a test' },
    ]);
    expect(kgExports(own).some((w) => w.includes('gold'))).toBe(false);
    const kz = own.findings.find((f) => f.id === 'mirror/KZ/RU/TOTAL/preWarMean (annual)/USD/exports');
    expect(kz?.warnings).toContain('my own caveat on Kazakh exports');
    // Estimates are warned from the data's status, whatever the table says.
    const ru = own.findings.find((f) => f.id === 'mirror/KG/RU/TOTAL/preWarMean (annual)/USD/imports');
    expect(ru?.warnings.some((w) => w.includes('status estimated'))).toBe(true);
  }, 120_000);
});
