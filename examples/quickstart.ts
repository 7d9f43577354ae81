import { excess, loadDataset, roundabout, seasonalTrend, toAnnual, toSeries } from 'trade-roundabout';

// The whole claim in one call: EU and UK exports to Kazakhstan, Armenia and the Kyrgyz Republic, four ways.
const result = await roundabout();
console.log(result.verdict);

// Or step by step: EU27 exports to the Kyrgyz Republic, monthly, in EUR.
const eu = await loadDataset('eu-exports-monthly');
const kg = toSeries(eu.observations, { reporter: 'EU27_2020', partner: 'KG', flow: 'export' });
console.log(toAnnual(kg).values.slice(0, 5)); // 2019–2023, EUR: 329.4 m … 2,733.8 m

// A seasonal-trend baseline fitted on the pre-war months, and the excess since March 2022.
const cf = seasonalTrend({ fit: ['2019-01', '2022-01'] }).fit(kg);
const ex = excess(kg, cf, { from: '2022-03' });
console.log(
  `excess ${(ex.total.pct! * 100).toFixed(0)}% ` +
    `(95% interval ${(ex.total.pctInterval.lower! * 100).toFixed(0)}% to ${(ex.total.pctInterval.upper! * 100).toFixed(0)}%)`,
);
