import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { screen } from '../../src/analyses/screen.js';
import { loadDataset } from '../../src/datasets.js';
import { aggregateComextBulk } from '../../src/engine/index.js';
import { toSeriesSet } from '../../src/panel/to-series-set.js';

const tmp = mkdtempSync(join(tmpdir(), 'roundabout-screen-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the real sanctioned-goods extract through the bulk path, then the screen', async () => {
  // The shipped Comext extract (EU27 exports of sanctioned CN8 codes), written out in the v2 bulk layout.
  const { observations } = await loadDataset('eu-sanctioned-exports-monthly');
  const cn8 = observations.filter((o) => o.product.level === 8);
  const lines = ['REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR'];
  for (const o of cn8) {
    lines.push(
      `${o.reporter},${o.partner},E,${o.product.code},2,1,${o.period.replace('-', '')},${o.value ?? ':'}`,
    );
  }
  const file = join(tmp, 'eu27-sanctioned-cn8.v2.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const bulk = await aggregateComextBulk(file, {
    flows: ['export'],
    groupBy: ['product', 'partner', 'period'],
    productLevel: 8,
  });
  const direct = toSeriesSet(cn8, { by: ['product', 'partner'], flow: 'export' });

  it('builds the same series as the panel does from the observations', () => {
    expect(bulk.stats).toMatchObject({ rowsScanned: cn8.length, rowsKept: cn8.length, rowsRejected: 0 });
    expect(Object.keys(bulk.series)).toEqual(Object.keys(direct));
    for (const id of ['CN:87089997|KZ', 'CN:84713000|KG', 'CN:85423190|AM']) {
      const a = bulk.series[id]!;
      const b = direct[id]!;
      expect(a.periods).toEqual(b.periods);
      expect(a.values).toEqual(b.values);
      expect(a.status).toEqual(b.status);
    }
  });

  it('screens to the same ranked table', async () => {
    const fromBulk = await screen({ series: bulk.series });
    const fromPanel = await screen({ series: direct });
    expect(fromBulk.rows).toEqual(fromPanel.rows);
    expect(fromBulk.significant).toBe(17);
  });
});
