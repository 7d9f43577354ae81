import { describe, expect, it } from 'vitest';
import {
  CUSTOMS_UNIONS,
  controlExclusions,
  EXCLUSION_SPELLS,
  LAND_NEIGHBOURS,
  SHIP_AND_AIRCRAFT_REGISTRIES,
  TRANSIT_HUBS,
} from '../../src/reference/control-exclusions.js';
import { EU27 } from '../../src/reference/groups.js';

const eu = controlExclusions({
  exporter: 'EU27_2020',
  sanctioned: 'RU',
  treated: ['KZ', 'AM', 'KG'],
  comparisons: ['GE', 'UZ'],
  window: ['2017', '2023'],
});
const reasons = (x: ReturnType<typeof controlExclusions>, c: string) =>
  x.entries.filter((e) => e.country === c).map((e) => e.reason);

describe('controlExclusions', () => {
  it('gives every entry a reason, a detail and a source', () => {
    expect(eu.entries.length).toBeGreaterThan(80);
    for (const e of eu.entries) {
      expect(e.detail.length).toBeGreaterThan(5);
      expect(e.source.length).toBeGreaterThan(5);
    }
    expect(eu.countries).toEqual([...new Set(eu.entries.map((e) => e.country))]);
    expect(eu.warnings).toEqual([]);
  });

  it('leaves out the hubs, the exporter and its customs union, wars, sanctions and ship registries of an EU–Russia study', () => {
    expect(reasons(eu, 'HK')).toEqual(['hub']);
    expect(reasons(eu, 'AE')).toContain('hub');
    expect(reasons(eu, 'TR')).toEqual(['exporter', 'hub']);
    expect(reasons(eu, 'CN')).toEqual(['neighbour', 'hub']);
    for (const c of EU27) expect(reasons(eu, c)[0]).toBe('exporter');
    expect(reasons(eu, 'XC')).toEqual(['exporter']);
    expect(reasons(eu, 'GB')).toEqual(['trade-regime']);
    for (const c of ['SY', 'YE', 'AF', 'MM', 'UA']) expect(reasons(eu, c)).toContain('war');
    for (const c of ['IR', 'KP', 'CU', 'BY', 'RU', 'VE']) expect(reasons(eu, c)).toContain('sanctions');
    expect(reasons(eu, 'LB')).toEqual(['crisis']);
    for (const c of ['LR', 'PA', 'MH']) expect(reasons(eu, c)).toEqual(['registry']);
    for (const c of ['KZ', 'GE']) expect(reasons(eu, c)[0]).toBe('study');
    // Clean controls stay (positive anchor: the list is not everything).
    for (const c of ['US', 'JP', 'CA', 'CH', 'AU', 'KR', 'NZ']) expect(eu.countries).not.toContain(c);
  });

  it('depends on the study, not on one exporter, sanctioned country or year', () => {
    // The UK as exporter: its customs territory and, across Brexit, the EU members.
    const uk = controlExclusions({ exporter: 'GB', sanctioned: 'RU', window: ['2018', '2023'] });
    for (const c of ['GB', 'JE', 'GG', 'IM']) expect(reasons(uk, c)).toContain('exporter');
    expect(reasons(uk, 'DE')).toEqual(['trade-regime']);
    // A window before Brexit, the Syrian war and the full-scale invasion.
    const early = controlExclusions({ exporter: 'EU27_2020', sanctioned: 'IR', window: ['2005', '2009'] });
    expect(early.countries).not.toContain('GB');
    expect(early.countries).not.toContain('SY');
    expect(early.countries).not.toContain('UA');
    expect(reasons(early, 'IQ')).toEqual(['neighbour']);
    expect(reasons(early, 'IR')).toEqual(['study', 'sanctions']);
    // No hub list for Iran: a warning, and the study's own hubs when given.
    expect(early.warnings.join(' ')).toContain('no transit-hub list for IR');
    const withHubs = controlExclusions({ exporter: 'US', sanctioned: 'IR', hubs: ['AE', 'OM'] });
    expect(reasons(withHubs, 'OM')).toEqual(['hub']);
    expect(reasons(withHubs, 'US')).toEqual(['exporter']);
    expect(withHubs.warnings).toEqual([]);
    // No sanctioned country: no neighbours or hubs.
    const none = controlExclusions({ exporter: 'JP', window: ['2019', '2023'] });
    expect(none.countries).not.toContain('KZ');
    expect(none.countries).toContain('SY');
  });

  it('keeps its tables consistent', () => {
    expect(TRANSIT_HUBS.RU!.some((h) => h.country === 'RU')).toBe(false);
    expect(TRANSIT_HUBS.BY!.some((h) => h.country === 'RU')).toBe(true);
    expect(LAND_NEIGHBOURS.RU).toHaveLength(14);
    expect(CUSTOMS_UNIONS.every((u) => u.members.length >= 2)).toBe(true);
    for (const s of EXCLUSION_SPELLS) expect(s.to === undefined || s.to >= s.from).toBe(true);
    expect(new Set(SHIP_AND_AIRCRAFT_REGISTRIES.map((r) => r.country)).size).toBe(
      SHIP_AND_AIRCRAFT_REGISTRIES.length,
    );
  });
});
