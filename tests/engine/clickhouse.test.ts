import { describe, expect, it } from 'vitest';
import { aggregateComextBulk, chString, clickhouse } from '../../src/engine/index.js';
import { clickHouseFirstStageSql } from '../../src/engine/internal/clickhouse.js';
import { OptionsError } from '../../src/errors.js';

describe('ClickHouse SQL text (no server)', () => {
  it('escapes quotes and backslashes in every literal', () => {
    expect(chString("it's")).toBe("'it\\'s'");
    expect(chString('back\\slash')).toBe("'back\\\\slash'");
    expect(chString("\\'")).toBe("'\\\\\\''");
  });

  it('needs a URL and a table, and no paths', async () => {
    expect(() => clickhouse({ url: 'localhost', table: 't' })).toThrow(OptionsError);
    expect(() => clickhouse({ url: 'http://127.0.0.1:1', table: ' ' })).toThrow(OptionsError);
    const engine = clickhouse({ url: 'http://127.0.0.1:1', table: 'rb.comext' });
    await expect(aggregateComextBulk('x.dat', { engine })).rejects.toThrow(/pass \[\] as the paths/);
  });

  it('takes files instead of a table (files mode), checked before any server is asked', async () => {
    expect(() => clickhouse({ url: 'http://127.0.0.1:1' })).toThrow(/table to read .* or the files/);
    expect(() => clickhouse({ url: 'http://127.0.0.1:1', files: [] })).toThrow(OptionsError);
    const engine = clickhouse({ url: 'http://127.0.0.1:1', files: ['a.dat'] });
    expect(engine.table).toBeUndefined();
    expect(engine.files).toEqual(['a.dat']);
    // The files are inspected before the server is contacted: a missing file is a file error, not a network one.
    await expect(aggregateComextBulk([], { engine })).rejects.toThrow(/cannot read file/);
  });

  it('writes no CTE, TRY_CAST or trim (ClickHouse 18.16 has none)', () => {
    const header = [
      'REPORTER',
      'PARTNER',
      'PRODUCT_NC',
      'FLOW',
      'STAT_PROCEDURE',
      'PERIOD',
      'VALUE_EUR',
      'QUANTITY_KG',
    ];
    const cols = { reporter: 0, partner: 1, product: 2, flow: 3, period: 5, value: 6, quantity: 7 };
    const plan = { productLevel: 6, products: undefined, flows: ['2'], duplicates: 'first' } as const;
    const sql = clickHouseFirstStageSql(plan as never, 'rb.comext', header, cols);
    expect(sql).not.toMatch(/\bWITH\b|TRY_CAST|\btrim\(/i);
    expect(sql).toContain('cityHash64(`STAT_PROCEDURE`)');
  });
});
