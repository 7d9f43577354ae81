/**
 * The EBRD's product-level design end to end on a fetched panel with every product — offline.
 *
 * 1. `fetchEurostat` asks Comext DS-045409 for EU27 exports of **every product** (the product dimension
 *    wildcarded) to nine destinations, 2021-01..2022-12. That is 1 × 9 × 40,321 × 24 ≈ 8.7M cells, over Eurostat's
 *    5M-cell limit, so the client splits it into chunks (here two, by time) and caches each.
 * 2. The answers come from a replay server on 127.0.0.1 in the documented SDMX-CSV 1.0 layout. **The values are
 *    SYNTHETIC** (no real all-products extraction for these partners is available offline): 24 CN8 codes, half of
 *    them on the shipped sanctions list, with +40% to AM/KG/KZ and −80% to RU for sanctioned codes from their own
 *    sanction dates. The figures show the mechanics, not findings.
 * 3. `roundabout({ legs: [productLevelLeg({ level: 8 })], data: { sanctioned } })` runs the product-level leg on
 *    that panel: with other goods in it, `design: 'auto'` picks the EBRD's sanctioned-vs-other design (the other
 *    destinations as benchmark, RI over destinations); the leg's verdict, its headline finding and its methods
 *    (which design ran and why, our estimand beside the EBRD's) are printed. Then `toProductPanel` →
 *    `productSubstitution` (offset share) on the same panel.
 *
 * Run: `npx tsx examples/product-level.ts` (well under a minute). Against the live service drop `baseUrl`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  fetchEurostat,
  type LegVerdict,
  loadDataset,
  type ProductLevelFinding,
  type ProductSubstitutionResult,
  periodRange,
  productLevelLeg,
  productSubstitution,
  type RoundaboutResult,
  roundabout,
  toProductPanel,
} from 'trade-roundabout';
import { startReplayServer } from '../tests/helpers/replay-server.js';

const PARTNERS = ['AM', 'KG', 'KZ', 'GE', 'UZ', 'RU', 'TR', 'CN', 'US'];
const TREATED = ['AM', 'KG', 'KZ'];
// Every other destination of the panel but the target: the rest of the world of this synthetic panel.
const COMPARISON = ['GE', 'UZ', 'TR', 'CN', 'US'];
const MONTHS = periodRange('2021-01', '2022-12');
// Sanctioned HS6 codes of the shipped list (various dates and categories) and codes it does not sanction.
const SANCTIONED = ['282990', '381519', '440797', '580127', '620412', '691200', '721923', '810199'];
const SANCTIONED_MORE = ['841981', '846029', '850690', '854310'];
const OTHER = [
  '010130',
  '010190',
  '010221',
  '020110',
  '030211',
  '040110',
  '070200',
  '080810',
  '090111',
  '100199',
  '220421',
  '300490',
];

/** What the example computes. */
export interface ProductLevelExample {
  readonly chunks: number;
  readonly requests: number;
  readonly observations: number;
  /** The study run with the product-level leg only. */
  readonly result: RoundaboutResult;
  /** The product-level leg's verdict, methods and caveats. */
  readonly leg: LegVerdict;
  /** The headline product-level finding (every code, the treated destinations together). */
  readonly headline: ProductLevelFinding | undefined;
  readonly substitution: ProductSubstitutionResult;
}

/** The SYNTHETIC value of one cell (deterministic). */
function value(hs6: string, partner: string, month: string, dates: ReadonlyMap<string, string>): number {
  const p = Number(hs6) % 97;
  const d = PARTNERS.indexOf(partner);
  const m = MONTHS.indexOf(month);
  let log = 12 + (p % 7) * 0.3 + d * 0.15 + 0.01 * m * ((p % 5) - 2) + 0.05 * Math.sin(p * 3 + d * 7 + m);
  if (partner === 'RU' && month >= '2022-03') log += Math.log(0.6); // what the war did to all goods to Russia
  const date = dates.get(hs6);
  if (date !== undefined && month >= date) {
    if (TREATED.includes(partner)) log += Math.log(1.4);
    if (partner === 'RU') log += Math.log(0.2);
  }
  return Math.round(Math.exp(log));
}

/** Fetch (offline), run the product-level leg through `roundabout()`, the offset share. Exported for the tests. */
export async function productLevelExample(
  log: (line: string) => void = console.log,
): Promise<ProductLevelExample> {
  const sanctions = (await loadDataset('sanctions-eu-hs6')).rows;
  // First treated month per code, as productLevelDesign dates them (the first month starting on or after the date).
  const dates = new Map<string, string>();
  for (const r of sanctions)
    if (r.sanctioned && r.date !== null && [...SANCTIONED, ...SANCTIONED_MORE, ...OTHER].includes(r.hs6)) {
      const [y, m, d] = r.date.split('-').map(Number) as [number, number, number];
      const next = d === 1 ? [y, m] : m === 12 ? [y + 1, 1] : [y, m + 1];
      dates.set(r.hs6, `${next[0]}-${String(next[1]).padStart(2, '0')}`);
    }
  const codes = [...SANCTIONED, ...SANCTIONED_MORE, ...OTHER];
  const server = await startReplayServer();
  const cacheDir = await mkdtemp(join(tmpdir(), 'roundabout-product-level-'));
  try {
    server.route(/^\/sdmx\/2\.1\/data\/DS-045409\//, (url) => {
      const from = url.searchParams.get('startPeriod') ?? MONTHS[0]!;
      const to = url.searchParams.get('endPeriod') ?? MONTHS.at(-1)!;
      const partners = (url.pathname.split('/').at(-1) ?? '').split('.')[2]!.split('+');
      const lines = [
        'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG',
      ];
      for (const hs6 of codes)
        for (const partner of partners)
          for (const month of MONTHS)
            if (month >= from && month <= to)
              lines.push(
                `ESTAT:DS-045409(1.0),13/01/23 23:00:00,M,EU27_2020,${partner},${hs6}00,2,VALUE_IN_EUROS,${month},${value(hs6, partner, month, dates)},`,
              );
      return { headers: { 'content-type': 'text/csv' }, body: `${lines.join('\n')}\n` };
    });
    const query = {
      reporters: ['EU27_2020'],
      partners: PARTNERS,
      products: [], // every product
      from: MONTHS[0]!,
      to: MONTHS.at(-1)!,
    };
    const fetched = await fetchEurostat(query, { baseUrl: server.url, cacheDir });
    const requests = server.requests.length;
    // Again, offline: every chunk comes from the cache.
    const cached = await fetchEurostat(query, { baseUrl: server.url, cacheDir, offline: true });
    log(
      `fetchEurostat: ${fetched.observations.length} observations (SYNTHETIC) in ${requests} chunk request(s) under the 5M-cell limit; offline re-run from the cache: ${cached.observations.length}, ${server.requests.length - requests} new request(s)`,
    );
    // The product-level leg of the study, on the fetched panel: roundabout() runs only this leg (`legs`), its
    // loadData step adds the shipped sanctions list (dates, categories) and concordance; the other fields of `data`
    // are filled from the shipped datasets and not read by this leg.
    const result = await roundabout({
      exporters: ['EU27_2020'],
      destinations: TREATED,
      otherNeighbours: COMPARISON,
      target: 'RU',
      data: { sanctioned: fetched.observations, provenance: fetched.provenance },
      legs: [
        productLevelLeg({
          level: 8,
          categories: ['dual_use', 'industrial_cap', 'luxury'],
          // C(8, 3) = 56 assignments would be 56 re-fits; 19 seeded random sets keep the example under a minute.
          randomization: { maxAssignments: 20, draws: 19 },
        }),
      ],
    });
    const leg = result.legs.find((l) => l.leg === 'product-level')!;
    const fs = result.findings.filter((f): f is ProductLevelFinding => f.method === 'productLevelDesign');
    const headline = fs.find((f) => f.role === 'headline');
    const pct = (x: number | undefined | null) =>
      x === undefined || x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`;
    log(`roundabout({ legs: [productLevelLeg({ level: 8 })] }) — ${leg.title}: ${leg.status}`);
    log(`verdict: ${leg.text}`);
    log(`rule: ${leg.rule}`);
    if (headline !== undefined) {
      log(
        `headline (${headline.design}, sanctioned × post × ${headline.destination}): ${pct(headline.excessPct)} [${pct(headline.pctInterval.lower)}, ${pct(headline.pctInterval.upper)}] cluster-robust over ${headline.clusters} clusters, randomisation p = ${headline.pValue?.toFixed(3)} over ${headline.assignments} assignments (smallest possible ${headline.minimumP?.toFixed(3)})`,
      );
    }
    for (const f of fs.filter((x) => x.role !== 'headline'))
      log(
        `  ${f.role === 'lens' ? `lens ${f.productGroup}` : `${f.destination} alone`}: ${f.products} codes, ${pct(f.excessPct)} [${pct(f.pctInterval.lower)}, ${pct(f.pctInterval.upper)}]`,
      );
    for (const m of leg.methods) log(`methods: ${m}`);
    for (const c of leg.caveats) log(`caveat: ${c}`);
    const panel = toProductPanel(fetched.observations, { level: 8 });
    const substitution = productSubstitution(panel, {
      benchmark: ['TR', 'CN', 'US'],
      before: ['2021-03', '2021-12'],
      after: ['2022-03', '2022-12'],
    });
    log(
      `offset share: ${pct(substitution.offsetShare.estimate)} [${pct(substitution.offsetShare.interval?.lower)}, ${pct(substitution.offsetShare.interval?.upper)}] (${substitution.ebrd})`,
    );
    return {
      chunks: requests,
      requests: server.requests.length,
      observations: fetched.observations.length,
      result,
      leg,
      headline,
      substitution,
    };
  } finally {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

// Run when called as a script; the tests import `productLevelExample` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void productLevelExample();
