// A strict CommonJS consumer of the installed package: resolves the `require` condition (index.d.cts, index.cjs).
import { listDatasets, makeSeries, toAnnual } from 'trade-roundabout';

async function main(): Promise<void> {
  const names = (await listDatasets()).map((d) => d.name);
  const s = makeSeries({
    key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
    currency: 'EUR',
    start: '2022-01',
    values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  });
  const annual = toAnnual(s).values[0];
  if (!names.includes('eu-exports-monthly') || annual !== 78)
    throw new Error('the installed package answered unexpectedly');
  console.log(`cjs consumer: ${names.length} datasets`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
