import { describe, expect, it } from 'vitest';
import { excess, holtWinters, loadDataset, toSeries } from '../../src/index.js';

describe('holtWinters on a series where its trend explodes', () => {
  it('drops diverging paths and bands with a warning instead of reporting intervals of 1e38 (UK exports to Azerbaijan, ONS)', async () => {
    const uk = await loadDataset('uk-trade-monthly');
    const series = (partner: string) =>
      toSeries(uk.observations, { reporter: 'GB', partner, flow: 'export', negligibleAs: 'zero' });
    const hw = holtWinters({ fit: ['2019-01', '2022-01'], seasonal: 'multiplicative' });
    const cf = hw.fit(series('AZ'));
    expect(cf.paths).toEqual([]);
    expect(cf.warnings.join(' ')).toContain('the simulated paths diverge');
    expect(cf.upper.at(-1)).toBeNull();
    const ex = excess(series('AZ'), cf, { from: '2022-03' });
    expect(ex.total.interval.lower).toBeNull();
    expect(JSON.stringify(ex)).not.toMatch(/e\+[23]\d/);
    // A stable case keeps its paths: the same model on UK exports to Georgia.
    const stable = hw.fit(series('GE'));
    expect(stable.paths.length).toBe(1000);
    expect(stable.warnings.join(' ')).not.toContain('diverge');
  });
});
