// A strict ESM consumer of the installed package (scripts/check-package.sh typechecks it under node16 and bundler
// resolution without skipLibCheck, then runs it). Not part of the repository's own tsc run.
import {
  type Finding,
  loadDataset,
  makeSeries,
  type RoundaboutResult,
  roundabout,
  type Series,
  toCsv,
  toSeries,
} from 'trade-roundabout';

const eu = await loadDataset('eu-exports-monthly');
const kg: Series<'EUR'> | Series = toSeries(eu.observations, {
  reporter: 'EU27_2020',
  partner: 'KG',
  flow: 'export',
});
const small = makeSeries({
  key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
  currency: 'EUR',
  start: '2022-01',
  values: [1, null, 3],
});
const result: RoundaboutResult = await roundabout({
  baselines: ['seasonalTrend'],
  draws: 99,
  bootstrapDraws: 99,
});
const findings: readonly Finding[] = result.findings;
const csv: string = toCsv(findings);
if (kg.periods.length === 0 || small.values.length !== 3 || !csv.startsWith('id,')) {
  throw new Error('the installed package answered unexpectedly');
}
console.log(`esm consumer: ${findings.length} findings, ${kg.periods.length} months`);
