/**
 * Known peculiarities of one reporter's published trade figures that a reader must see next to any comparison built
 * on them (a commodity that swings totals, a partner series inflated by re-exports). Each entry names the reporter,
 * optionally the flow, partners and years it affects, and its source. Analyses attach the entries that apply to a
 * series as warnings; nothing here is specific to one study, and a user can pass a table of their own.
 *
 * Publisher estimates are not listed here: they are marked on the data itself (status `estimated`), and the
 * analyses warn from the status.
 *
 * @module
 */
import type { Period } from '../model/period.js';

/** One documented caveat on a reporter's published figures. */
export interface ReportingCaveat {
  /** Stable id, e.g. `kg-gold`. */
  readonly id: string;
  /** The reporter whose figures it concerns (our country code). */
  readonly reporter: string;
  /** The flow it concerns; absent: both. */
  readonly flow?: 'export' | 'import';
  /** Partners it concerns; absent: every partner. */
  readonly partners?: readonly string[];
  /** First year (`YYYY`) it concerns; absent: from the start. */
  readonly from?: Period;
  /** Last year (`YYYY`) it concerns; absent: to the end. */
  readonly to?: Period;
  /** The caveat in words, as a reader sees it. */
  readonly text: string;
  /** Where the fact comes from. */
  readonly source: string;
}

/**
 * The caveats the shipped studies need, each with its source.
 *
 * @example
 * REPORTING_CAVEATS.find((c) => c.id === 'kg-gold')?.reporter; // => 'KG'
 */
export const REPORTING_CAVEATS: readonly ReportingCaveat[] = [
  {
    id: 'kg-gold',
    reporter: 'KG',
    flow: 'export',
    text: 'Kyrgyz exports include large non-monetary gold flows (HS 7108) in some years, which swing annual totals by partner',
    source:
      'National Statistical Committee of the Kyrgyz Republic, exports by partner (4.03.00.18); the shipped dataset shows KG exports to "the EU" falling from USD 885 m (2019) to 50 m (2020) when the UK, the gold buyer, leaves it (datasets/README.md)',
  },
  {
    id: 'am-gold-diamonds-2024',
    reporter: 'AM',
    from: '2024',
    text: "Armenia's 2024 imports from Russia and exports to the UAE and Hong Kong are inflated by gold and diamond re-export flows",
    partners: ['RU', 'AE', 'HK'],
    source:
      'Statistical Committee of the Republic of Armenia (Armstat), foreign trade by partner country (datasets/README.md)',
  },
];

function yearOverlaps(c: ReportingCaveat, from: Period | undefined, to: Period | undefined): boolean {
  const y0 = from?.slice(0, 4);
  const y1 = to?.slice(0, 4);
  if (c.from !== undefined && y1 !== undefined && y1 < c.from.slice(0, 4)) return false;
  if (c.to !== undefined && y0 !== undefined && y0 > c.to.slice(0, 4)) return false;
  return true;
}

/**
 * The caveats of `table` that concern a reporter's figures for one flow, partner and span of periods.
 *
 * @param query.reporter - the reporter of the figures
 * @param query.flow - the flow
 * @param query.partner - the partner (a caveat without `partners` concerns every partner)
 * @param query.from - first period shown (any frequency; compared by year); absent: no lower bound
 * @param query.to - last period shown; absent: no upper bound
 * @param table - the caveat table, default {@link REPORTING_CAVEATS}
 * @returns the matching caveats, in table order
 * @example
 * reportingCaveats({ reporter: 'KG', flow: 'export', partner: 'RU', from: '2017', to: '2023' }).map((c) => c.id);
 * // => ['kg-gold']
 * reportingCaveats({ reporter: 'AM', flow: 'export', partner: 'AE', from: '2017', to: '2023' }); // => []
 */
export function reportingCaveats(
  query: {
    readonly reporter: string;
    readonly flow: 'export' | 'import';
    readonly partner: string;
    readonly from?: Period | undefined;
    readonly to?: Period | undefined;
  },
  table: readonly ReportingCaveat[] = REPORTING_CAVEATS,
): ReportingCaveat[] {
  return table.filter(
    (c) =>
      c.reporter === query.reporter &&
      (c.flow === undefined || c.flow === query.flow) &&
      (c.partners === undefined || c.partners.includes(query.partner)) &&
      yearOverlaps(c, query.from, query.to),
  );
}
