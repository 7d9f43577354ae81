import { describe, expect, it } from 'vitest';
import { OptionsError, roundabout } from '../../src/index.js';

/** The study's methods and every leg's, in order. */
const methodsOf = (r: { methods: readonly string[]; legs: readonly { methods: readonly string[] }[] }) => [
  ...r.methods,
  ...r.legs.flatMap((l) => l.methods),
];

// Leg (b)'s options on the shipped data, EU27 only and one cheap baseline so each run takes a few seconds.
const base = { exporters: ['EU27_2020'], baselines: ['preWarMean'] as const, bootstrapDraws: 499 };

describe('roundabout() leg (b) options', () => {
  it('keeps the wild cluster bootstrap as an option, and lets the user replace the exclusion list', async () => {
    const r = await roundabout({
      ...base,
      controlsTest: 'wildClusterBootstrap',
      excludeFromControls: ['US'],
    });
    const dd = r.findings.find((f) => f.id === 'vs-controls/EU27_2020/KZ/AM/KG/TOTAL/did/ratio/annual')!;
    expect(dd.pMethod).toMatch(/^wild cluster bootstrap \(WCR, Webb weights, 499 draws, \d+ clusters\)$/);
    const rule = r.legs.find((l) => l.leg === 'vs-controls')!.rule;
    expect(rule).toContain('wild-cluster-bootstrap interval');
    const used = String(methodsOf(r).find((m) => m.startsWith('Control destinations')));
    // The user's list replaces the automatic one: Hong Kong and Syria are back, the US is out.
    expect(used).toMatch(/[(, ]HK[,)]/);
    expect(used).toMatch(/[(, ]SY[,)]/);
    expect(used).not.toMatch(/[(, ]US[,)]/);
    expect(methodsOf(r).join(' ')).toContain('Left out of the controls by the user: US.');
  }, 120_000);

  it('states what the automatic list left out and why, by reason', async () => {
    const r = await roundabout({ ...base, hubs: ['AE'] });
    const left = String(methodsOf(r).find((m) => m.startsWith('Left out of the controls')));
    expect(left).toMatch(/known transit hubs \(AE\)/);
    expect(left).toMatch(/at war \([A-Z, ]*SY[A-Z, ]*\)/);
    expect(left).toMatch(/open ship and aircraft registries \([A-Z, ]*LR[A-Z, ]*\)/);
    // With the study's own hub list, Hong Kong is no longer excluded as a hub.
    const used = String(methodsOf(r).find((m) => m.startsWith('Control destinations')));
    expect(used).toMatch(/[(, ]HK[,)]/);
  }, 120_000);

  it('refuses an unknown test', async () => {
    await expect(roundabout({ controlsTest: 'bootstrap' as 'randomization' })).rejects.toThrow(OptionsError);
  });
});
