import { beforeEach, describe, expect, it, vi } from 'vitest';

// src/shared/zod.ts loads zod with a synchronous `require` on first use (so that importing the library does not
// load it), which vitest's module mocks do not see: the test counts the schemas the library has built instead
// (`schemasBuilt`, reset with the module registry before each test).
let built: () => number;
beforeEach(async () => {
  vi.resetModules();
  ({ schemasBuilt: built } = await import('../../src/shared/zod.js'));
});

describe('zod schemas are built on first use, not at import', () => {
  it('importing the model, measures, inference, panel, screen and JSON-stat modules builds no schema', async () => {
    await import('../../src/model/index.js');
    await import('../../src/measures/index.js');
    await import('../../src/inference/index.js');
    await import('../../src/panel/index.js');
    await import('../../src/sources/json-stat.js');
    await import('../../src/analyses/screen.js');
    await import('../../src/index.js');
    expect(built()).toBe(0);
  });

  it('a schema builds when first used and then behaves as the schema itself', async () => {
    const { CoefficientSchema, PpmlResultSchema } = await import('../../src/inference/schemas.js');
    const { TradeObservationSchema } = await import('../../src/model/observation.js');
    const { z } = await import('zod');
    expect(built()).toBe(0);
    const c = {
      term: 'D',
      estimate: 0.5,
      se: 0.1,
      statistic: 5,
      df: 4,
      p: 0.007,
      interval: { lower: 0.2, upper: 0.8, level: 0.95 },
    };
    expect(CoefficientSchema.parse(c)).toEqual(c);
    expect(built()).toBeGreaterThan(0);
    const bad = CoefficientSchema.safeParse({ ...c, se: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['se']);
    expect(bad.error?.issues[0]?.message).toBe('Invalid input: expected number, received string');
    // A schema of the library composes with the caller's zod, and zod recognises it as a schema.
    expect(CoefficientSchema).toBeInstanceOf(z.ZodObject);
    expect(z.array(CoefficientSchema).parse([c])).toEqual([c]);
    expect(Object.keys(CoefficientSchema.shape)).toContain('interval');
    expect(PpmlResultSchema.shape.method.parse('ppml')).toBe('ppml');
    expect(CoefficientSchema.extend({ extra: z.number() }).parse({ ...c, extra: 1 }).extra).toBe(1);
    // The superRefine messages of the observation schema are unchanged.
    const obs = TradeObservationSchema.safeParse({
      reporter: 'EU27_2020',
      partner: 'KG',
      flow: 'export',
      product: { classification: 'TOTAL', code: 'TOTAL', level: 0 },
      period: '2022',
      value: null,
      currency: 'EUR',
      status: 'reported',
      source: 'x',
    });
    expect(obs.error?.issues.map((i) => i.message)).toEqual(['status reported requires a value']);
  });
});
