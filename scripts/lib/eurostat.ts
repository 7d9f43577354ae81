/**
 * Builders of the Eurostat Comext datasets (PROVENANCE.md §1 and §2).
 *
 * @module
 */
import { classifyLabel, getAggregate } from '../../src/reference/countries.js';
import { readCsv, scaleDecimal } from './csv.js';
import {
  type BuiltDataset,
  finishObservations,
  type ObsRow,
  provenanceOf,
  RejectLog,
  type SourceMeta,
} from './spec.js';

const EUROSTAT_LICENCE =
  'Eurostat data, reusable with attribution ("Source: Eurostat"), per the Eurostat copyright notice (equivalent to CC BY 4.0)';

const COMEXT_MARYLEV = {
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  title:
    'EU trade since 1988 by HS2-4-6 and CN8 (Comext), product TOTAL, via Easy Comext relational-view exports',
  url: 'https://github.com/mary-lev/eu-export-sanctions/tree/4b6a5dfc864ab3352104974a4516458fd7347b38/data',
  vintage: '2024-11-25',
  licence: EUROSTAT_LICENCE,
  units: 'EUR',
} as const;

const COMEXT_RUIMPEKS = {
  publisher: 'Eurostat',
  dataset: 'DS-045409',
  url: 'https://github.com/vzemlys/ruimpeks/tree/5b5d97ccdfc2fc3ce418233fe340680fe192c18a',
  vintage: '2023-01-13',
  retrieved: '2023-01-22',
  licence: EUROSTAT_LICENCE,
  units: 'EUR',
} as const;

function resolveOrThrow(label: string, what: string): string {
  const c = classifyLabel(label);
  if (c?.code === undefined) throw new Error(`${what}: cannot resolve label ${JSON.stringify(label)}`);
  return c.code;
}

function flowOf(label: string): 'export' | 'import' {
  const f = label.toUpperCase();
  if (f.includes('EXPORT')) return 'export';
  if (f.includes('IMPORT')) return 'import';
  throw new Error(`unknown flow label ${JSON.stringify(label)}`);
}

function statusOfInteger(value: string): { value: string; status: ObsRow['status'] } {
  const v = scaleDecimal(value, 0);
  if (v === undefined) throw new Error(`not a number: ${JSON.stringify(value)}`);
  return { value: v, status: v === '0' ? 'zero' : 'reported' };
}

/** `eu-exports-monthly`: EU27_2020, member states, EA/EU aggregates and (2019-01..2020-01) GB → six partners. */
export function buildEuExportsMonthly(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    ...COMEXT_MARYLEV,
    file: 'eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv',
    notes: [
      'Stacked from 476 Easy Comext relational-view files (one per partner × flow × month), extracted 2024-11-16.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  for (const r of records) {
    const f = r.fields;
    const reporter = resolveOrThrow(f.reporter_code ?? '', 'eu-exports-monthly reporter');
    const partner = resolveOrThrow(f.partner_iso2 ?? '', 'eu-exports-monthly partner');
    const { value, status } = statusOfInteger(f.value_eur ?? '');
    rows.push({
      reporter,
      partner,
      flow: flowOf(f.flow ?? ''),
      product: 'TOTAL',
      period: f.period ?? '',
      value,
      status,
      partnerBasis: '',
      source: 'eu-exports-monthly',
    });
  }
  return finishObservations(
    {
      name: 'eu-exports-monthly',
      title:
        'EU exports to AM, GE, KZ, KG, RU, UZ and imports from KG, by member state, monthly (Eurostat Comext)',
      description:
        'Total goods, EUR, by reporter: the 27 member states, EU27_2020, the aggregates EA20, EA_CHANGING and EU_CHANGING (marked as aggregates), and GB for 2019-01..2020-01 while the UK still reported to Comext.',
      frequency: 'monthly',
      units: 'EUR',
      publisher: 'Eurostat',
      datasetCode: 'DS-045409',
      licence: EUROSTAT_LICENCE,
      columns: ['reporter', 'partner', 'flow', 'period', 'value', 'status'],
      constants: { product: 'TOTAL', currency: 'EUR', source: 'eu-exports-monthly' },
      caveats: [
        'Aggregates stand beside members: EU27_2020, EA20, EA_CHANGING and EU_CHANGING are reporters too; summing every reporter double counts.',
        'A member state with no row for a partner-month published no value there (no trade, or not shown): absent rows are not zero and are not synthesised.',
        'The 27 member-state rows sum exactly to the EU27_2020 row in every partner × flow × month cell.',
        'GB rows exist only for 2019-01 to 2020-01, while the UK still reported to Comext (Brexit 2020-01-31).',
        'The 2024 months are as published in Nov 2024 and may since have been revised.',
        'Monthly UZ 2023 sums to EUR 4,353.0 m while the annual file says 4,354.8 m (different extraction dates).',
      ],
      provenance: [provenanceOf(rawDir, 'eu-exports-monthly', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}

/** `eu-exports-annual`: EU27_2020 exports to every partner, 2010–2023. */
export function buildEuExportsAnnual(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    ...COMEXT_MARYLEV,
    file: 'eurostat_comext_marylev/DERIVED_annual_eu27_exports_all_partners.csv',
    notes: [
      'Stacked from the 14 annual relational-view files of eu_year_export/ (one per year); the 2016 file has French labels.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  for (const r of records) {
    const f = r.fields;
    const label = f.partner_label ?? '';
    let code: string | undefined;
    // The French 2016 file labels Guinea-Bissau "Guinea" (Guinea itself is "Guinée"): its value, EUR 125.7 m, sits
    // between GW's 116.5 m (2015) and 148.0 m (2017), far from Guinea's 840 m and 1,155 m, and the file has no
    // other Guinea-Bissau row. Mapping it by its English reading would put two values on GN in 2016.
    if (f.label_language === 'fr' && label === 'Guinea') code = 'GW';
    else {
      const c = classifyLabel(label);
      if (c?.kind === 'group') {
        rejects.add(`partner is not a country: ${c.reason ?? 'group row'}`, meta.file, r.line, label);
        continue;
      }
      code = c?.code;
    }
    if (code === undefined)
      throw new Error(`eu-exports-annual: unknown partner label ${JSON.stringify(label)}`);
    const { value, status } = statusOfInteger(f.value_eur ?? '');
    rows.push({
      reporter: 'EU27_2020',
      partner: code,
      flow: flowOf(f.flow_label ?? ''),
      product: 'TOTAL',
      period: f.year ?? '',
      value,
      status,
      partnerBasis: '',
      source: 'eu-exports-annual',
    });
  }
  const members = getAggregate('EU27_2020')?.members ?? [];
  return finishObservations(
    {
      name: 'eu-exports-annual',
      title: 'EU27_2020 exports to every partner, annual 2010–2023 (Eurostat Comext)',
      description:
        'Total goods, EUR, EU27_2020 as reporter, every partner as an ISO code or aggregate code (French labels of the 2016 file mapped).',
      frequency: 'annual',
      units: 'EUR',
      publisher: 'Eurostat',
      datasetCode: 'DS-045409',
      licence: EUROSTAT_LICENCE,
      columns: ['partner', 'period', 'value', 'status'],
      constants: {
        reporter: 'EU27_2020',
        flow: 'export',
        product: 'TOTAL',
        currency: 'EUR',
        source: 'eu-exports-annual',
      },
      markers: {
        aggregatePartners: ['EXTRA_EU27_2020', 'INTRA_EU27_2020'],
        memberStatePartners: [...members],
      },
      caveats: [
        'EXTRA_EU27_2020 and INTRA_EU27_2020 are aggregate partners (rows exist for 2010–2018 only): never sum them with countries.',
        'Member states also appear as partners (intra-EU exports, listed in markers.memberStatePartners); they are kept.',
        'Eurostat residual partners (not specified, stores and provisions, high seas) have no country code and are not kept: see build.rejects.',
        'The 2016 file was exported with French labels; they are mapped to codes, and its "Guinea" row is Guinea-Bissau (GW).',
        'Annual UZ 2023 is EUR 4,354.8 m against 4,353.0 m summed from the monthly dataset (different extraction dates).',
      ],
      provenance: [provenanceOf(rawDir, 'eu-exports-annual', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}

/** `eu-sanctioned-exports-monthly`: EU27 exports of the sanctioned CN8 and HS4 codes to seven partners. */
export function buildEuSanctionedMonthly(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    ...COMEXT_RUIMPEKS,
    file: 'eurostat_comext_ruimpeks/DERIVED_eu27_sanctioned_products_exports_monthly_2020-01_2022-11.csv',
    title:
      'EU trade since 1988 by HS2-4-6 and CN8: custom extractions DS-045409__custom_4624976 … of the sanctioned CN8/HS4 codes',
    notes: [
      'Made from 22 raw Eurostat spreadsheets by summing the 27 member states for every product, partner and month, leaving out ":" (not available): the sums are lower bounds.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  for (const r of records) {
    const f = r.fields;
    const code = f.product_code ?? '';
    const level = f.code_level;
    if (!(level === 'CN8' && /^\d{8}$/.test(code)) && !(level === 'HS4' && /^\d{4}$/.test(code))) {
      throw new Error(`eu-sanctioned-exports-monthly: bad product ${code} ${level}`);
    }
    const { value, status } = statusOfInteger(f.value_eur ?? '');
    rows.push({
      reporter: 'EU27_2020',
      partner: resolveOrThrow(f.partner ?? '', 'eu-sanctioned-exports-monthly partner'),
      flow: 'export',
      product: code,
      period: f.period ?? '',
      value,
      status,
      partnerBasis: '',
      source: 'eu-sanctioned-exports-monthly',
    });
  }
  return finishObservations(
    {
      name: 'eu-sanctioned-exports-monthly',
      title:
        'EU27 exports of EU-sanctioned CN8 and HS4 codes to AM, BY, GE, KG, KZ, RU, UZ, monthly 2020-01..2022-11',
      description:
        'EUR, EU27_2020 (sum of the 27 member states) by product: 8-digit codes are CN8 (classification CN), 4-digit codes HS4 (classification HS). The code list is the CN8 list of Reg. 833/2014 as consolidated on 2022-10-07 plus the HS4 headings queried with it.',
      frequency: 'monthly',
      units: 'EUR',
      publisher: 'Eurostat',
      datasetCode: 'DS-045409',
      licence: EUROSTAT_LICENCE,
      columns: ['partner', 'product', 'period', 'value', 'status'],
      constants: {
        reporter: 'EU27_2020',
        flow: 'export',
        currency: 'EUR',
        source: 'eu-sanctioned-exports-monthly',
        edition: 'byPeriod',
      },
      caveats: [
        'Never add HS4 and CN8 rows together: every HS4 row has CN8 codes of this dataset beneath it. Sum the CN8 rows (the author’s totals) or de-duplicate by prefix.',
        'Only published cells are rows; a product-partner-month without a row had no published value in any member state.',
        'Values are sums over member states leaving out ":" cells, i.e. lower bounds.',
        'The CN was revised on 2022-01-01 (HS 2022): 69 listed CN8 codes first appear in 2022-01 and 91 stop before it, so a 2021-vs-2022 CN8 basket is not the same goods unless mapped across the revision.',
        'The code list is the author’s reading of Annexes of Reg. 833/2014 as of Oct 2022 (no 10th–14th packages, no quota/exemption nuances).',
        'Dec 2022 was not yet published at extraction (13 Jan 2023 update): the data stop in 2022-11.',
      ],
      provenance: [provenanceOf(rawDir, 'eu-sanctioned-exports-monthly', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}

/** `eu-member-state-totals-monthly`: total goods and HS 27 by member state, same vintage as the sanctioned file. */
export function buildEuMemberStateTotals(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    ...COMEXT_RUIMPEKS,
    file: 'eurostat_comext_ruimpeks/DERIVED_member_state_total_and_hs27_monthly_2020-01_2022-12.csv',
    title:
      'EU trade since 1988 by HS2-4-6 and CN8: custom extraction DS-045409__custom_4630244 (TOTAL and HS 27 by member state)',
    notes: ['The four data sheets of eu_total_trade_4630244_spreadsheet.xlsx written as one tidy CSV.'],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  for (const r of records) {
    const f = r.fields;
    const raw = f.value_eur_or_flag ?? '';
    const product = f.product_code === 'TOTAL' ? 'TOTAL' : (f.product_code ?? '');
    if (product !== 'TOTAL' && product !== '27') throw new Error(`unexpected product ${product}`);
    const cell = raw === ':' ? { value: '', status: 'missing' as const } : statusOfInteger(raw);
    rows.push({
      reporter: resolveOrThrow(f.reporter_label ?? '', 'member-state totals reporter'),
      partner: resolveOrThrow(f.partner_label ?? '', 'member-state totals partner'),
      flow: flowOf(f.flow ?? ''),
      product,
      period: f.period ?? '',
      value: cell.value,
      status: cell.status,
      partnerBasis: '',
      source: 'eu-member-state-totals-monthly',
    });
  }
  return finishObservations(
    {
      name: 'eu-member-state-totals-monthly',
      title:
        'Member-state exports and imports with AM, BY, GE, KG, KZ, RU, UZ: total goods and HS 27, monthly 2020-01..2022-12',
      description:
        'EUR, reporters = the 27 member states (no EU row: sum them), product TOTAL or HS 27 (mineral fuels). Same extraction (22 Jan 2023, data update 13 Jan 2023) as eu-sanctioned-exports-monthly, so "other goods = total − sanctioned" compares one vintage.',
      frequency: 'monthly',
      units: 'EUR',
      publisher: 'Eurostat',
      datasetCode: 'DS-045409',
      licence: EUROSTAT_LICENCE,
      columns: ['reporter', 'partner', 'flow', 'product', 'period', 'value', 'status'],
      constants: { currency: 'EUR', source: 'eu-member-state-totals-monthly' },
      caveats: [
        '":" (not available) is status missing with value null: no trade, or not shown; it is not zero.',
        'Every 2022-12 cell is ":" — December 2022 was not yet published when extracted; it is unpublished, not zero.',
        'Sums over member states leave out ":" cells and are lower bounds; EU exports to KG in 2021 sum to EUR 263.3 m here against 263.2 m in the Nov-2024 extraction (revisions).',
      ],
      provenance: [provenanceOf(rawDir, 'eu-member-state-totals-monthly', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}
