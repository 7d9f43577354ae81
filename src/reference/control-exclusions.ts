/**
 * Which destinations are not clean controls for a study of trade re-routing, and why: the exporter itself and its
 * customs union, partners whose trade regime with the exporter changed during the study, the study's own units and
 * the sanctioned country, the sanctioned country's land neighbours and known transit hubs, countries at war, under
 * comprehensive sanctions or in economic collapse during the study, and registries whose recorded trade is ships
 * and aircraft.
 *
 * Every entry carries its reason and a source. The list is a function of the study (exporter, sanctioned country,
 * hubs, window): nothing in it is specific to one exporter, one sanctioned country or one year — a table entry
 * applies only when its spell overlaps the study window, a hub list only to the sanctioned country it was drawn up
 * for.
 *
 * @module
 */
import type { Period } from '../model/period.js';
import { aggregateMembers } from './countries.js';
import {
  EAEU,
  EU27,
  FINCEN_BIS_HIGH_RISK,
  FINCEN_BIS_TRANSSHIPMENT_2022,
  OTHER_FORMER_SOVIET,
  RUSSIA_LAND_NEIGHBOURS,
} from './groups.js';

/**
 * Why a destination is not a clean control:
 * - `study`: a treated or comparison destination of the study, or the sanctioned country itself;
 * - `exporter`: the exporter itself, one of its members, or in its customs union or customs territory (trade with
 *   it is not exports in the same sense);
 * - `trade-regime`: its trade regime with the exporter changed inside the study window (e.g. Brexit);
 * - `neighbour`: a land neighbour of the sanctioned country (goods can cross by road or rail);
 * - `hub`: a known transit or transshipment hub for the sanctioned country;
 * - `war`: at war on its own territory during the study window;
 * - `sanctions`: under comprehensive (or broad sectoral) sanctions during the study window;
 * - `crisis`: an economic collapse (default, hyperinflation, banking collapse) during the study window;
 * - `registry`: an open ship (or aircraft) registry whose recorded imports are dominated by vessels and aircraft,
 *   which arrive in a few very large, lumpy transactions.
 */
export type ControlExclusionReason =
  | 'study'
  | 'exporter'
  | 'trade-regime'
  | 'neighbour'
  | 'hub'
  | 'war'
  | 'sanctions'
  | 'crisis'
  | 'registry';

/** One documented reason to leave a destination out of the controls. */
export interface ControlExclusion {
  /** Our country code (ISO 3166-1 alpha-2, GR/GB, Eurostat's XC/XL). */
  readonly country: string;
  /** The kind of reason. */
  readonly reason: ControlExclusionReason;
  /** The reason in words, e.g. `civil war since 2011`. */
  readonly detail: string;
  /** Where the fact comes from. */
  readonly source: string;
}

/** A dated spell of war, sanctions or crisis (years, inclusive; no `to` while it lasts). */
export interface ExclusionSpell {
  /** Country code. */
  readonly country: string;
  /** `war`, `sanctions` or `crisis`. */
  readonly reason: 'war' | 'sanctions' | 'crisis';
  /** First year, `YYYY`. */
  readonly from: Period;
  /** Last year, `YYYY`; absent while it lasts. */
  readonly to?: Period;
  /** What happened. */
  readonly detail: string;
  /** Where the fact comes from. */
  readonly source: string;
}

/** A customs union (or customs territory) whose members' trade with each other is not comparable to exports. */
export interface CustomsUnion {
  /** Short name, e.g. `EU customs union`. */
  readonly name: string;
  /** Members, and territories inside the union or its customs territory. */
  readonly members: readonly string[];
  /** Where the membership comes from. */
  readonly source: string;
}

/** A change of the trade regime between two sets of countries in a given year (e.g. Brexit). */
export interface TradeRegimeBreak {
  /** Short name, e.g. `Brexit`. */
  readonly name: string;
  /** One side. */
  readonly a: readonly string[];
  /** The other side. */
  readonly b: readonly string[];
  /** First year under the new regime, `YYYY`. */
  readonly year: Period;
  /** What changed. */
  readonly detail: string;
  /** Where the fact comes from. */
  readonly source: string;
}

/** A study whose control destinations are to be cleaned (see {@link controlExclusions}). */
export interface ControlStudy {
  /** The exporter: a country (`GB`) or an aggregate with members (`EU27_2020`). */
  readonly exporter: string;
  /** The sanctioned country whose imports may be re-routed (e.g. `RU`), or `null`/absent when there is none. */
  readonly sanctioned?: string | null;
  /** The study's treated destinations (always excluded). */
  readonly treated?: readonly string[];
  /** The study's comparison destinations (always excluded from the clean controls). */
  readonly comparisons?: readonly string[];
  /**
   * Known transit hubs of the sanctioned country. Default: {@link TRANSIT_HUBS}`[sanctioned]` when the table has
   * it, else none (with a warning). Pass `[]` for no hubs.
   */
  readonly hubs?: readonly string[];
  /**
   * Land neighbours of the sanctioned country. Default: {@link LAND_NEIGHBOURS}`[sanctioned]` when the table has
   * it, else none (with a warning).
   */
  readonly neighbours?: readonly string[];
  /**
   * First and last period of the study (e.g. the first pre-period year and the last post-period year). Spells of
   * war, sanctions and crisis count when they overlap it; a trade-regime change when it falls after its first year
   * and by its last. Default: no window, so every spell and every change counts.
   */
  readonly window?: readonly [Period, Period];
}

/** What {@link controlExclusions} returns. */
export interface ControlExclusions {
  /** The excluded countries, sorted, each once. */
  readonly countries: readonly string[];
  /** Every reason for every excluded country (a country can have several), sorted by country. */
  readonly entries: readonly ControlExclusion[];
  /** What the list could not cover (e.g. no hub list for the sanctioned country). */
  readonly warnings: readonly string[];
}

const FINCEN_2022 =
  'FinCEN and BIS joint alert FIN-2022-Alert003 (28 June 2022), list of common transshipment points';
const FINCEN_2023 =
  'FinCEN and BIS supplemental joint alert FIN-2023-Alert004 (19 May 2023); our reading of its added jurisdictions (see FINCEN_BIS_HIGH_RISK)';
const FACTBOOK = 'CIA World Factbook, "Land boundaries" of each country';
const UCDP = 'Uppsala Conflict Data Program (UCDP), armed conflict dataset, war-intensity years';
const ITF =
  "International Transport Workers' Federation, flags-of-convenience list (34 registers at 30 January 2013); UNCTAD, Review of Maritime Transport (largest flags of registration)";

/**
 * Known transit hubs by sanctioned country, each with its reason and source. For Russia (and Belarus, covered by the
 * same alerts): the FinCEN/BIS transshipment points, the further jurisdictions of the 2023 supplemental alert as
 * `FINCEN_BIS_HIGH_RISK` reads them, Hong Kong (an entrepôt: nearly all of its exports are re-exports) and the
 * other former Soviet republics. A study of another sanctioned country passes its own `hubs`.
 *
 * @example
 * TRANSIT_HUBS.RU?.some((h) => h.country === 'AE'); // => true
 */
export const TRANSIT_HUBS: Readonly<Record<string, readonly ControlExclusion[]>> = (() => {
  const ru: ControlExclusion[] = [];
  const seen = new Set<string>();
  const add = (country: string, detail: string, source: string) => {
    if (seen.has(country)) return;
    seen.add(country);
    ru.push({ country, reason: 'hub', detail, source });
  };
  for (const c of FINCEN_BIS_TRANSSHIPMENT_2022)
    add(c, 'a common transshipment point for goods bound for Russia or Belarus', FINCEN_2022);
  for (const c of FINCEN_BIS_HIGH_RISK)
    add(c, 'a high-risk jurisdiction for Russian export-control evasion', FINCEN_2023);
  add(
    'HK',
    'an entrepôt: nearly all of its exports are re-exports, and it is a documented route for dual-use goods to Russia',
    'Hong Kong Census and Statistics Department, Hong Kong External Merchandise Trade (re-exports are nearly all of total exports)',
  );
  for (const c of OTHER_FORMER_SOVIET)
    add(
      c,
      'a former Soviet republic with close trade, transport and payment links to Russia: a suspected conduit',
      'our grouping OTHER_FORMER_SOVIET (post-Soviet states outside the EAEU and the EU)',
    );
  for (const c of EAEU)
    add(
      c,
      'a member of the Eurasian Economic Union with Russia: no customs border with Russia',
      'Treaty on the Eurasian Economic Union (2014)',
    );
  ru.sort((x, y) => (x.country < y.country ? -1 : x.country > y.country ? 1 : 0));
  const forTarget = (t: string) => ru.filter((h) => h.country !== t);
  return { RU: forTarget('RU'), BY: forTarget('BY') };
})();

/**
 * Land neighbours of countries that are (or have been) the target of broad sanctions: goods can reach them by road
 * or rail from a neighbour. Source: CIA World Factbook, "Land boundaries" (Russia's include Poland and Lithuania via
 * the Kaliningrad exclave).
 *
 * @example
 * LAND_NEIGHBOURS.BY; // => ['LT', 'LV', 'PL', 'RU', 'UA']
 */
export const LAND_NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  RU: [...RUSSIA_LAND_NEIGHBOURS].sort(),
  BY: ['LT', 'LV', 'PL', 'RU', 'UA'],
  IR: ['AF', 'AM', 'AZ', 'IQ', 'PK', 'TM', 'TR'],
  KP: ['CN', 'KR', 'RU'],
  SY: ['IL', 'IQ', 'JO', 'LB', 'TR'],
  VE: ['BR', 'CO', 'GY'],
  MM: ['BD', 'CN', 'IN', 'LA', 'TH'],
  CU: [],
};

/**
 * Customs unions and customs territories: trade between their members is not exports in the same sense (no customs
 * border, often no declaration), so an exporter's partners inside its own union are not controls.
 *
 * @example
 * CUSTOMS_UNIONS.find((u) => u.name === 'EU customs union')?.members.includes('TR'); // => true
 */
export const CUSTOMS_UNIONS: readonly CustomsUnion[] = [
  {
    name: 'EU customs union',
    members: [...EU27, 'MC', 'XC', 'XL', 'AD', 'SM', 'TR'],
    source:
      'Regulation (EU) No 952/2013 (Union Customs Code) art. 4 (the customs territory, including Monaco; Ceuta and Melilla are Spanish but outside it); the customs unions with Andorra (1990), San Marino (1991) and Türkiye (Decision 1/95 of the EC–Turkey Association Council, industrial goods)',
  },
  {
    name: 'UK customs territory',
    members: ['GB', 'IM', 'JE', 'GG'],
    source:
      'Taxation (Cross-border Trade) Act 2018 (the Isle of Man and the Channel Islands are in the UK customs territory)',
  },
  {
    name: 'Eurasian Economic Union',
    members: [...EAEU],
    source: 'Treaty on the Eurasian Economic Union (2014)',
  },
  {
    name: 'Switzerland–Liechtenstein customs union',
    members: ['CH', 'LI'],
    source: 'Customs Treaty of 29 March 1923',
  },
  {
    name: 'Southern African Customs Union',
    members: ['ZA', 'BW', 'LS', 'NA', 'SZ'],
    source: 'SACU Agreement (2002)',
  },
  {
    name: 'Gulf Cooperation Council customs union',
    members: ['SA', 'AE', 'BH', 'KW', 'OM', 'QA'],
    source: 'GCC customs union (in force 1 January 2003)',
  },
  {
    name: 'Mercosur',
    members: ['AR', 'BR', 'PY', 'UY'],
    source: 'Treaty of Asunción (1991); common external tariff from 1995',
  },
  {
    name: 'East African Community customs union',
    members: ['KE', 'UG', 'TZ', 'RW', 'BI'],
    source: 'Protocol on the Establishment of the EAC Customs Union (2005)',
  },
];

/**
 * Changes of the trade regime between two sets of countries: a partner across such a change inside the study window
 * moved for reasons of its own, so it is not a clean control for an exporter on the other side.
 *
 * @example
 * TRADE_REGIME_BREAKS[0]?.year; // => '2021'
 */
export const TRADE_REGIME_BREAKS: readonly TradeRegimeBreak[] = [
  {
    name: 'Brexit',
    a: [...EU27],
    b: ['GB'],
    year: '2021',
    detail:
      'the UK left the EU single market and customs union at the end of the transition period (2020-12-31)',
    source:
      'EU–UK Withdrawal Agreement (transition period to 31 December 2020); EU–UK Trade and Cooperation Agreement, applied from 1 January 2021',
  },
];

/**
 * Spells of war, broad sanctions and economic collapse that make a destination's imports move for reasons of their
 * own. War: conflicts at war intensity on the country's territory (UCDP) that dominate its economy; sanctions:
 * comprehensive embargoes or broad sectoral sanctions (UN, EU, US); crisis: sovereign default or collapse with
 * import compression. The list is deliberately short and each entry dated; pass your own exclusions to change it.
 *
 * @example
 * EXCLUSION_SPELLS.filter((s) => s.country === 'SY').map((s) => s.reason); // => ['war', 'sanctions']
 */
export const EXCLUSION_SPELLS: readonly ExclusionSpell[] = [
  {
    country: 'AF',
    reason: 'war',
    from: '2001',
    detail: 'war since 2001; Taliban takeover in August 2021, aid and reserves frozen',
    source: `${UCDP}; UN Security Council resolution 1988 (2011) sanctions regime`,
  },
  {
    country: 'ET',
    reason: 'war',
    from: '2020',
    to: '2022',
    detail: 'the Tigray war (November 2020 – November 2022)',
    source: UCDP,
  },
  {
    country: 'IQ',
    reason: 'war',
    from: '2014',
    to: '2017',
    detail: 'the war against the Islamic State (2014–2017)',
    source: UCDP,
  },
  {
    country: 'LY',
    reason: 'war',
    from: '2011',
    to: '2020',
    detail: 'civil wars of 2011 and 2014–2020',
    source: UCDP,
  },
  { country: 'SO', reason: 'war', from: '1991', detail: 'civil war since 1991', source: UCDP },
  { country: 'SS', reason: 'war', from: '2013', to: '2018', detail: 'civil war (2013–2018)', source: UCDP },
  {
    country: 'SD',
    reason: 'war',
    from: '2023',
    detail: 'war between the army and the Rapid Support Forces since April 2023',
    source: UCDP,
  },
  {
    country: 'SD',
    reason: 'sanctions',
    from: '1997',
    to: '2017',
    detail: 'US comprehensive sanctions (1997–2017)',
    source: 'US Executive Order 13067 (1997), revoked October 2017',
  },
  { country: 'SY', reason: 'war', from: '2011', detail: 'civil war since 2011', source: UCDP },
  {
    country: 'SY',
    reason: 'sanctions',
    from: '2011',
    detail: 'EU and US sanctions since 2011',
    source: 'Council Decision 2013/255/CFSP (and 2011/273/CFSP); US Executive Order 13582 (2011)',
  },
  {
    country: 'YE',
    reason: 'war',
    from: '2014',
    detail: 'civil war since 2014, Saudi-led intervention from 2015',
    source: UCDP,
  },
  {
    country: 'MM',
    reason: 'war',
    from: '2021',
    detail: 'military coup (February 2021) and civil war since',
    source: `${UCDP}; Council Decision 2013/184/CFSP as amended from 2021`,
  },
  {
    country: 'UA',
    reason: 'war',
    from: '2014',
    detail: "Russia's war: Crimea and Donbas from 2014, full-scale invasion from 24 February 2022",
    source: UCDP,
  },
  {
    country: 'RU',
    reason: 'sanctions',
    from: '2014',
    detail: 'EU sectoral sanctions since 2014, vastly extended from 2022; at war with Ukraine',
    source: 'Council Regulation (EU) No 833/2014 as amended',
  },
  {
    country: 'BY',
    reason: 'sanctions',
    from: '2021',
    detail: "EU sectoral sanctions since 2021, extended from 2022 for its role in Russia's war",
    source: 'Council Regulation (EU) 2021/1030 amending Regulation (EC) No 765/2006',
  },
  {
    country: 'IR',
    reason: 'sanctions',
    from: '1995',
    detail:
      'US comprehensive sanctions since 1995; UN/EU nuclear sanctions 2010–2016; US sanctions re-imposed 2018',
    source: 'US Executive Orders 12957 and 12959 (1995); Council Regulation (EU) No 267/2012',
  },
  {
    country: 'KP',
    reason: 'sanctions',
    from: '2006',
    detail: 'UN sanctions since 2006, comprehensive from 2016–2017',
    source: 'UN Security Council resolution 1718 (2006) and successors',
  },
  {
    country: 'CU',
    reason: 'sanctions',
    from: '1962',
    detail: 'US comprehensive embargo since 1962 (with extraterritorial reach)',
    source: 'US Cuban Assets Control Regulations, 31 CFR part 515',
  },
  {
    country: 'VE',
    reason: 'crisis',
    from: '2014',
    detail: 'economic collapse and hyperinflation since 2014',
    source: 'IMF World Economic Outlook database (real GDP, inflation)',
  },
  {
    country: 'VE',
    reason: 'sanctions',
    from: '2017',
    detail: 'US financial sanctions from 2017, oil sector from 2019',
    source: 'US Executive Orders 13808 (2017) and 13850, 13884 (2019)',
  },
  {
    country: 'LB',
    reason: 'crisis',
    from: '2019',
    detail:
      'banking collapse from 2019, sovereign default in March 2020, Beirut port explosion in August 2020',
    source: 'World Bank, Lebanon Economic Monitor (Spring 2021)',
  },
  {
    country: 'LK',
    reason: 'crisis',
    from: '2022',
    to: '2023',
    detail: 'sovereign default (April 2022) and import compression',
    source: 'IMF, Sri Lanka Extended Fund Facility request (March 2023)',
  },
];

/**
 * Open ship and aircraft registries whose recorded imports are dominated by vessels and aircraft (a few very large
 * transactions a year, unrelated to the domestic economy): the large flags of the ITF's flags-of-convenience list
 * and small states whose register dwarfs their economy. Trade-heavy economies on the ITF list (e.g. Sri Lanka,
 * Jamaica) are not included: their imports are not dominated by ships.
 *
 * @example
 * SHIP_AND_AIRCRAFT_REGISTRIES.map((r) => r.country).includes('LR'); // => true
 */
export const SHIP_AND_AIRCRAFT_REGISTRIES: readonly ControlExclusion[] = [
  ['LR', 'one of the three largest flags of registration (ships)'],
  ['PA', 'one of the three largest flags of registration (ships)'],
  ['MH', 'one of the three largest flags of registration (ships)'],
  ['MT', 'a large open ship registry'],
  ['CY', 'a large open ship registry'],
  ['BS', 'a large open ship registry'],
  ['BM', 'an open ship and aircraft registry'],
  ['KY', 'an open ship and aircraft registry'],
  ['AG', 'an open ship registry far larger than the economy'],
  ['VC', 'an open ship registry far larger than the economy'],
  ['VU', 'an open ship registry far larger than the economy'],
  ['KM', 'an open ship registry far larger than the economy'],
  ['ST', 'an open ship registry far larger than the economy'],
  ['TO', 'an open ship registry far larger than the economy'],
  ['GI', 'an open ship registry and bunkering port'],
].map(([country, detail]) => ({
  country: country!,
  reason: 'registry' as const,
  detail: detail!,
  source: ITF,
}));

const REASON_ORDER: readonly ControlExclusionReason[] = [
  'study',
  'exporter',
  'trade-regime',
  'neighbour',
  'hub',
  'war',
  'sanctions',
  'crisis',
  'registry',
];

const year = (p: Period): string => p.slice(0, 4);

/**
 * The destinations that are not clean controls for a study, each with its reasons and sources: the study's own
 * units and the sanctioned country; the exporter, its members and its customs union; partners across a trade-regime
 * change inside the window; the sanctioned country's land neighbours and transit hubs; countries at war, under broad
 * sanctions or in collapse during the window; open ship and aircraft registries.
 *
 * Nothing is tied to one study: the exporter's union comes from {@link CUSTOMS_UNIONS}, the hubs and neighbours from
 * the sanctioned country (or the study's own `hubs`/`neighbours`), the spells from the window. Use the result as the
 * default and change it freely: `countries` is a plain list.
 *
 * @param study - exporter, sanctioned country, treated and comparison destinations, hubs, window
 * @returns the excluded countries, every reason with its source, and warnings
 * @example
 * import { controlExclusions } from 'trade-roundabout';
 * const x = controlExclusions({ exporter: 'EU27_2020', sanctioned: 'RU', treated: ['KZ', 'AM', 'KG'], window: ['2017', '2023'] });
 * x.countries.includes('HK') && x.countries.includes('DE') && x.countries.includes('SY'); // => true
 * x.countries.includes('US'); // => false
 * x.entries.find((e) => e.country === 'GB')?.reason; // => 'trade-regime'
 */
export function controlExclusions(study: ControlStudy): ControlExclusions {
  const entries: ControlExclusion[] = [];
  const warnings: string[] = [];
  const add = (e: ControlExclusion) => entries.push(e);
  const window =
    study.window === undefined ? null : ([year(study.window[0]), year(study.window[1])] as const);
  const sanctioned = study.sanctioned ?? null;
  for (const c of study.treated ?? [])
    add({ country: c, reason: 'study', detail: 'a treated destination of the study', source: 'the study' });
  for (const c of study.comparisons ?? [])
    add({
      country: c,
      reason: 'study',
      detail: 'a comparison destination of the study (a suspected hub itself, not a clean control)',
      source: 'the study',
    });
  if (sanctioned !== null)
    add({
      country: sanctioned,
      reason: 'study',
      detail: 'the sanctioned country itself',
      source: 'the study',
    });
  // The exporter, its members, and everyone in a customs union or customs territory with them.
  const own = aggregateMembers(study.exporter, window?.[1]) ?? [study.exporter];
  for (const c of own)
    add({
      country: c,
      reason: 'exporter',
      detail: `the exporter ${study.exporter} or one of its members`,
      source: 'the study',
    });
  for (const u of CUSTOMS_UNIONS) {
    if (!u.members.some((m) => own.includes(m))) continue;
    for (const c of u.members)
      if (!own.includes(c))
        add({
          country: c,
          reason: 'exporter',
          detail: `in the ${u.name} with the exporter`,
          source: u.source,
        });
  }
  for (const b of TRADE_REGIME_BREAKS) {
    if (window !== null && !(window[0] < b.year && b.year <= window[1])) continue;
    const other = own.every((c) => b.a.includes(c)) ? b.b : own.every((c) => b.b.includes(c)) ? b.a : null;
    if (other === null) continue;
    for (const c of other)
      add({
        country: c,
        reason: 'trade-regime',
        detail: `${b.name} (${b.year}): ${b.detail}`,
        source: b.source,
      });
  }
  if (sanctioned !== null) {
    const neighbours = study.neighbours ?? LAND_NEIGHBOURS[sanctioned];
    if (neighbours === undefined)
      warnings.push(
        `controlExclusions: no land-neighbour list for ${sanctioned}; pass neighbours to leave them out of the controls`,
      );
    for (const c of neighbours ?? [])
      add({
        country: c,
        reason: 'neighbour',
        detail: `a land neighbour of ${sanctioned}`,
        source: study.neighbours === undefined ? FACTBOOK : 'the study',
      });
    if (study.hubs !== undefined) {
      for (const c of study.hubs)
        add({
          country: c,
          reason: 'hub',
          detail: `a transit hub for ${sanctioned} named by the study`,
          source: 'the study',
        });
    } else if (TRANSIT_HUBS[sanctioned] !== undefined) {
      for (const h of TRANSIT_HUBS[sanctioned]!) add(h);
    } else {
      warnings.push(
        `controlExclusions: no transit-hub list for ${sanctioned}; pass hubs to leave known hubs out of the controls`,
      );
    }
  } else if (study.hubs !== undefined) {
    for (const c of study.hubs)
      add({ country: c, reason: 'hub', detail: 'a transit hub named by the study', source: 'the study' });
  }
  for (const s of EXCLUSION_SPELLS) {
    if (window !== null && (s.from > window[1] || (s.to !== undefined && s.to < window[0]))) continue;
    add({ country: s.country, reason: s.reason, detail: s.detail, source: s.source });
  }
  for (const r of SHIP_AND_AIRCRAFT_REGISTRIES) add(r);
  // One entry per country and reason (the first detail wins), sorted by country, then by the order of reasons.
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const k = `${e.country}|${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort(
    (x, y) =>
      (x.country < y.country ? -1 : x.country > y.country ? 1 : 0) ||
      REASON_ORDER.indexOf(x.reason) - REASON_ORDER.indexOf(y.reason),
  );
  return { countries: [...new Set(unique.map((e) => e.country))], entries: unique, warnings };
}
