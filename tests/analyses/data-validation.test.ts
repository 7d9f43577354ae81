import { describe, expect, it } from 'vitest';
import { roundabout } from '../../src/analyses/roundabout.js';
import { loadDataset } from '../../src/datasets.js';
import { OptionsError, RoundaboutError } from '../../src/errors.js';

// A JavaScript caller (or a cast) can pass any shape as `data`; roundabout must refuse it by name, before use.
async function refusal(data: unknown): Promise<unknown> {
  try {
    await roundabout({ data: data as never });
  } catch (error) {
    return error;
  }
  throw new Error('roundabout accepted the data');
}

describe('roundabout data validation', () => {
  it('refuses a load result inside data.monthly and says to pass its observations', async () => {
    const loaded = await loadDataset('eu-exports-monthly');
    const error = await refusal({ monthly: [loaded] });
    expect(error).toBeInstanceOf(OptionsError);
    expect(error).toBeInstanceOf(RoundaboutError);
    expect((error as Error).message).toMatch(
      /data\.monthly\[0\].*array of trade observations.*pass loaded\.observations/,
    );
  });

  it('refuses a load result as data.monthly itself and says to wrap its observations in a list', async () => {
    const loaded = await loadDataset('eu-exports-monthly');
    const error = await refusal({ monthly: loaded });
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as Error).message).toMatch(
      /data\.monthly to be an array of observation lists.*\[loaded\.observations\]/,
    );
  });

  it('refuses a non-array annual, a non-object observation and non-string CHPL codes, naming the field', async () => {
    expect(((await refusal({ annual: 'x' })) as Error).message).toMatch(/data\.annual .*got string/);
    expect(((await refusal({ mirror: [1] })) as Error).message).toMatch(/data\.mirror\[0\].*got number/);
    expect(((await refusal({ chplCodes: [8471] })) as Error).message).toMatch(/data\.chplCodes/);
    expect(((await refusal([])) as Error).message).toMatch(/data to be an object/);
  });
});
