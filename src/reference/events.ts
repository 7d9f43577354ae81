/**
 * Key dates for trade analyses around Russia's invasion of Ukraine, as typed constants. Dates are ISO
 * `YYYY-MM-DD` strings (never `Date`); use `date.slice(0, 7)` for the month.
 *
 * @module
 */

/** A dated event with a one-line scope and its source. */
export interface TradeEvent {
  /** Stable id, e.g. `eu-package-10`. */
  readonly id: string;
  /** Date of adoption or entry into force, `YYYY-MM-DD`. */
  readonly date: string;
  /** Short name. */
  readonly name: string;
  /** What it did, in one line. */
  readonly scope: string;
  /** Legal act or publication. */
  readonly source: string;
}

/**
 * Russia's full-scale invasion of Ukraine.
 *
 * @example
 * INVASION_DATE.slice(0, 7); // => '2022-02'
 */
export const INVASION_DATE = '2022-02-24';

/**
 * The UK left the EU on 2020-01-31; Comext's EU aggregate (`EU_CHANGING`) includes the UK up to 2020-01 and the
 * UK's Comext reporting stops with that month.
 *
 * @example
 * BREXIT_DATE; // => '2020-01-31'
 */
export const BREXIT_DATE = '2020-01-31';

/**
 * Last month the UK reported to Comext (and the last month `EU_CHANGING` contains GB).
 *
 * @example
 * UK_LAST_COMEXT_MONTH; // => '2020-01'
 */
export const UK_LAST_COMEXT_MONTH = '2020-01';

/**
 * The HS 2022 / CN 2022 revision took effect on 2022-01-01: CN8 codes were split, merged and renumbered, so a
 * 2021-vs-2022 CN8 basket compares different goods unless mapped (`hs-concordance`).
 *
 * @example
 * CN2022_REVISION_DATE; // => '2022-01-01'
 */
export const CN2022_REVISION_DATE = '2022-01-01';

/**
 * The EU's sanctions packages against Russia since February 2022, numbered as the Council and Commission number
 * them. Dates are the dates of adoption (publication in the Official Journal and entry into force were the same day
 * or the next, e.g. the 6th package entered into force on 2022-06-04). Trade measures amend Council Regulation
 * (EU) No 833/2014; listings amend Regulation (EU) No 269/2014.
 *
 * Sources: Council of the EU, "Timeline — EU restrictive measures against Russia over Ukraine" (consilium.europa.eu);
 * checked against press releases (e.g. 8th package, French MFA, 2022-10-06; 10th package, Council, 2023-02-25;
 * 11th package, Reg. (EU) 2023/1214 of 2023-06-23; 12th package, Council, 2023-12-18; 14th package, Reg. (EU)
 * 2024/1745 of 2024-06-24). The EBRD authors' HS6 list dates its codes 2022-02-25, 2022-03-15, 2022-04-08,
 * 2022-06-04, 2022-07-21, 2022-10-06/07, 2022-12-16/17 and 2023-02-25, matching packages 2, 4–10.
 *
 * @example
 * EU_SANCTION_PACKAGES.find((p) => p.id === 'eu-package-2')?.date; // => '2022-02-25'
 */
export const EU_SANCTION_PACKAGES: readonly TradeEvent[] = [
  {
    id: 'eu-package-1',
    date: '2022-02-23',
    name: 'EU 1st package',
    scope:
      'Listings of 351 Duma members and others; trade ban with the non-government-controlled Donetsk and Luhansk areas',
    source: 'Council Decisions (CFSP) 2022/265 and 2022/266; Council Regulation (EU) 2022/263',
  },
  {
    id: 'eu-package-2',
    date: '2022-02-25',
    name: 'EU 2nd package',
    scope:
      'First export bans: dual-use goods, advanced technology, aviation and space goods, oil-refining equipment',
    source: 'Council Regulation (EU) 2022/328 amending Reg. 833/2014',
  },
  {
    id: 'eu-package-3',
    date: '2022-02-28',
    name: 'EU 3rd package',
    scope:
      'Central bank transaction ban, SWIFT exclusion of seven banks (2 March), airspace closure to Russian aircraft',
    source: 'Council Regulations (EU) 2022/334, 2022/345',
  },
  {
    id: 'eu-package-4',
    date: '2022-03-15',
    name: 'EU 4th package',
    scope: 'Luxury-goods export ban (above EUR 300), steel import ban, energy-sector investment ban',
    source: 'Council Regulation (EU) 2022/428',
  },
  {
    id: 'eu-package-5',
    date: '2022-04-08',
    name: 'EU 5th package',
    scope:
      'Coal import ban; further export bans (quantum computing, advanced semiconductors, machinery, transport equipment)',
    source: 'Council Regulation (EU) 2022/576',
  },
  {
    id: 'eu-package-6',
    date: '2022-06-03',
    name: 'EU 6th package',
    scope:
      'Seaborne crude and oil-products import ban (phased), SWIFT exclusion of Sberbank, chemicals export ban',
    source: 'Council Regulation (EU) 2022/879 (in force 2022-06-04)',
  },
  {
    id: 'eu-package-7',
    date: '2022-07-21',
    name: 'EU 7th package ("maintenance and alignment")',
    scope: 'Gold import ban; extended dual-use and advanced-technology export controls',
    source: 'Council Regulation (EU) 2022/1269',
  },
  {
    id: 'eu-package-8',
    date: '2022-10-06',
    name: 'EU 8th package',
    scope:
      'Oil price cap basis; further export bans (electronic components, aviation parts, chemicals); steel import bans',
    source: 'Council Regulation (EU) 2022/1904',
  },
  {
    id: 'eu-package-9',
    date: '2022-12-16',
    name: 'EU 9th package',
    scope: 'Export bans on drone engines and more dual-use and advanced items; listings',
    source: 'Council Regulation (EU) 2022/2474',
  },
  {
    id: 'eu-package-10',
    date: '2023-02-25',
    name: 'EU 10th package',
    scope:
      'Export bans worth EUR 11.4 bn: heavy trucks, electronics, machinery, construction goods; bitumen import ban',
    source: 'Council Regulation (EU) 2023/427',
  },
  {
    id: 'eu-package-11',
    date: '2023-06-23',
    name: 'EU 11th package',
    scope:
      'Anti-circumvention tool (export bans to high-risk third countries as a last resort); transit ban extensions',
    source: 'Council Regulation (EU) 2023/1214',
  },
  {
    id: 'eu-package-12',
    date: '2023-12-18',
    name: 'EU 12th package',
    scope:
      'Diamond import ban; "no Russia" re-export clause for EU exporters; export bans on chemicals, batteries, machine tools',
    source: 'Council Regulation (EU) 2023/2878',
  },
  {
    id: 'eu-package-13',
    date: '2024-02-23',
    name: 'EU 13th package',
    scope:
      'Listings incl. third-country companies supplying Russia’s military; additional export restrictions',
    source: 'Council Regulation (EU) 2024/745',
  },
  {
    id: 'eu-package-14',
    date: '2024-06-24',
    name: 'EU 14th package',
    scope:
      'Ban on LNG transshipment via EU ports; best efforts for subsidiaries abroad; more dual-use export bans',
    source: 'Council Regulation (EU) 2024/1745',
  },
];

/**
 * The UK's key export-ban dates on Russia (amendments to The Russia (Sanctions) (EU Exit) Regulations 2019).
 *
 * Sources: House of Commons Library CBP-9483 (dual-use ban in force 2022-03-01); SI 2022/452 (in force 5 pm
 * 2022-04-14); Institute of Export, 24 June 2022 (June tranche "introduced from 22 June 2022"); SI 2022/1122 /
 * Amendment (No. 15), in force 2022-10-29 (NTE 2022/27).
 *
 * @example
 * UK_EXPORT_BANS[0]?.date; // => '2022-03-01'
 */
export const UK_EXPORT_BANS: readonly TradeEvent[] = [
  {
    id: 'uk-dual-use-2022-03',
    date: '2022-03-01',
    name: 'UK dual-use and critical-industry export ban',
    scope: 'Export ban on all dual-use items, critical-industry goods and aviation/space goods to Russia',
    source: 'The Russia (Sanctions) (EU Exit) (Amendment) (No. 3) Regulations 2022',
  },
  {
    id: 'uk-luxury-2022-04',
    date: '2022-04-14',
    name: 'UK luxury, quantum and oil-refining export ban',
    scope: 'Export bans on luxury goods, quantum computing and advanced materials, oil-refining goods',
    source: 'The Russia (Sanctions) (EU Exit) (Amendment) (No. 8) Regulations 2022 (SI 2022/452)',
  },
  {
    id: 'uk-critical-2022-06',
    date: '2022-06-22',
    name: 'UK June 2022 tranche',
    scope:
      'Export bans on maritime, internal-repression, chemical/biological-weapons related and more critical-industry goods',
    source:
      'The Russia (Sanctions) (EU Exit) (Amendment) (No. 10) Regulations 2022 (SI 2022/689), as reported by the Institute of Export',
  },
  {
    id: 'uk-vulnerable-2022-10',
    date: '2022-10-29',
    name: 'UK "Russia vulnerable goods" ban',
    scope:
      'Export bans on goods critical to Russia’s manufacturing ("vulnerable goods") and more G7-dependency goods',
    source: 'The Russia (Sanctions) (EU Exit) (Amendment) (No. 15) Regulations 2022; NTE 2022/27',
  },
];

/**
 * Publication of the Common High Priority List (CHPL) by the EU, US, UK and Japan: the version shipped in the
 * `chpl` dataset (50 HS6 codes in tiers 1, 2, 3A, 3B, 4A, 4B). Earlier, shorter versions were published in 2023.
 *
 * Source: BIS, "Common High Priority List (February 23, 2024)", bis.gov; European Commission, "List of common
 * high priority items", finance.ec.europa.eu.
 *
 * @example
 * CHPL_PUBLICATIONS.at(-1)?.date; // => '2024-02-23'
 */
export const CHPL_PUBLICATIONS: readonly TradeEvent[] = [
  {
    id: 'chpl-2024-02',
    date: '2024-02-23',
    name: 'Common High Priority List, February 2024',
    scope: '50 HS6 items Russia seeks for its weapons programmes, in tiers 1–4B',
    source: 'BIS notice "Common High Priority List (February 23, 2024)"; European Commission DG FISMA',
  },
];

/**
 * The FinCEN/BIS alerts naming transshipment points (see `groups.ts`).
 *
 * @example
 * FINCEN_BIS_ALERTS[0]?.date; // => '2022-06-28'
 */
export const FINCEN_BIS_ALERTS: readonly TradeEvent[] = [
  {
    id: 'fincen-2022-alert003',
    date: '2022-06-28',
    name: 'FinCEN/BIS joint alert FIN-2022-Alert003',
    scope: 'Export-control evasion red flags; names 18 common transshipment points (Armenia … Uzbekistan)',
    source: 'FinCEN and BIS, FIN-2022-Alert003',
  },
  {
    id: 'fincen-2023-alert004',
    date: '2023-05-19',
    name: 'FinCEN/BIS supplemental joint alert FIN-2023-Alert004',
    scope: 'Supplement to the 2022 alert: new evasion typologies and further high-risk jurisdictions',
    source: 'FinCEN and BIS, FIN-2023-Alert004',
  },
];

/**
 * Every dated event above, sorted by date.
 *
 * @example
 * TRADE_EVENTS[0]?.date <= TRADE_EVENTS.at(-1)!.date; // => true
 */
export const TRADE_EVENTS: readonly TradeEvent[] = [
  {
    id: 'brexit',
    date: BREXIT_DATE,
    name: 'UK leaves the EU',
    scope: 'The UK’s last Comext month is 2020-01; EU_CHANGING drops GB from 2020-02',
    source: 'Withdrawal Agreement',
  },
  {
    id: 'hs2022',
    date: CN2022_REVISION_DATE,
    name: 'HS 2022 / CN 2022 revision',
    scope: 'New HS edition and CN 2022 in force: CN8 codes split, merged and renumbered',
    source: 'WCO HS 2022; Commission Implementing Regulation (EU) 2021/1832 (CN 2022)',
  },
  {
    id: 'invasion',
    date: INVASION_DATE,
    name: 'Russia’s full-scale invasion of Ukraine',
    scope: 'Start of the post-period in the roundabout analyses (the month 2022-02 is excluded by default)',
    source: 'Public record',
  },
  ...EU_SANCTION_PACKAGES,
  ...UK_EXPORT_BANS,
  ...CHPL_PUBLICATIONS,
  ...FINCEN_BIS_ALERTS,
].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

/**
 * The events on or before a date (e.g. the EU packages in force at the end of a month).
 *
 * @param events - a list of events
 * @param date - `YYYY-MM-DD`, `YYYY-MM` (end of that month) or `YYYY` (end of that year)
 * @returns the events dated on or before `date`, in their order
 * @example
 * eventsUntil(EU_SANCTION_PACKAGES, '2022-03').length; // => 4
 */
export function eventsUntil(events: readonly TradeEvent[], date: string): TradeEvent[] {
  const end = date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
  return events.filter((e) => e.date <= end);
}
