/**
 * Builders of the UK (ONS), mirror (KG, KZ, AM, UZ national statistics) and Russia (IMF, Rosstat/FCS) datasets
 * (PROVENANCE.md §4, §6, §7, §10).
 *
 * @module
 */
import { periodRange } from '../../src/model/period.js';
import { classifyLabel, getAggregate } from '../../src/reference/countries.js';
import { type RawRecord, readCsv, scaleDecimal } from './csv.js';
import {
  type BuiltDataset,
  finishObservations,
  type ObsRow,
  provenanceOf,
  RejectLog,
  type SourceMeta,
} from './spec.js';

type Cell = { value: string; status: ObsRow['status'] };

/** Scale a published number by 10^k; `''`/`…` → missing, `-` → zero (none), 0 → zero. */
function cellOf(raw: string, k: number, what: string): Cell {
  const s = raw.trim();
  if (s === '' || s === '…' || s === '...') return { value: '', status: 'missing' };
  if (s === '-') return { value: '0', status: 'zero' };
  const v = scaleDecimal(s, k);
  if (v === undefined) throw new Error(`${what}: not a number ${JSON.stringify(raw)}`);
  return { value: v, status: v === '0' ? 'zero' : 'reported' };
}

/** Label → code, or the group reason; throws on unknown labels (the reference table must know them all). */
function partnerOf(label: string, what: string): { code: string } | { reason: string } {
  const c = classifyLabel(label);
  if (c === undefined) throw new Error(`${what}: unknown partner label ${JSON.stringify(label)}`);
  if (c.kind === 'group' || c.code === undefined)
    return { reason: `group row: ${c.reason ?? 'not a country'}` };
  return { code: c.code };
}

/**
 * Merge observations that landed on one key because a publisher printed two spellings of one partner
 * (Kyrgyz `Salvador` / `El Salvador`): keep the one with a value, reject the empty one.
 */
function mergeSpellings(
  rows: (ObsRow & { label: string; line: number; file: string })[],
  rejects: RejectLog,
): ObsRow[] {
  const byKey = new Map<string, ObsRow & { label: string; line: number; file: string }>();
  for (const r of rows) {
    const key = [r.reporter, r.partner, r.flow, r.product, r.partnerBasis, r.period].join('|');
    const prev = byKey.get(key);
    if (prev === undefined) {
      byKey.set(key, r);
      continue;
    }
    const prevHas = prev.status !== 'zero' && prev.status !== 'missing';
    const curHas = r.status !== 'zero' && r.status !== 'missing';
    if (prevHas && curHas) throw new Error(`two values for ${key}: ${prev.label} and ${r.label}`);
    const [keep, drop] = curHas ? [r, prev] : [prev, r];
    byKey.set(key, keep);
    rejects.add(
      `second spelling of one partner (${drop.label} / ${keep.label}) with no value of its own`,
      drop.file,
      drop.line,
      drop.label,
    );
  }
  return [...byKey.values()].map(({ label: _l, line: _n, file: _f, ...rest }) => rest);
}

const OGL = 'Open Government Licence v3.0 (contains public sector information licensed under the OGL)';

/** `uk-trade-monthly`: ONS trade in goods by country, UK exports and imports, 2018-01..2025-12. */
export function buildUkTradeMonthly(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'ons_uk_trade_by_country/DERIVED_uk_trade_in_goods_by_country_monthly.csv',
    publisher: 'ONS',
    dataset: 'trade (edition time-series, version 65)',
    title: 'Trade in goods: country-by-commodity, all commodities, BoP basis, not seasonally adjusted',
    url: 'https://api.beta.ons.gov.uk/v1/datasets/trade',
    vintage: '2026-02-19',
    licence: OGL,
    units: 'GBP million, rounded to whole millions',
    notes: [
      'Lossless flattening of src/data/trade.json (series, world, blocs) of GitHub matthewjmortimer11/uk-trade-globe at 773b10b2.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  const ONS_AGGREGATES: Readonly<Record<string, string>> = {
    W1: 'WORLD',
    B5: 'EU27_2020',
    D5: 'EXTRA_EU27_2020',
  };
  const partners = new Set<string>();
  const seen = new Set<string>();
  for (const r of records) {
    const f = r.fields;
    const ons = f.ons_country_code ?? '';
    const code = ONS_AGGREGATES[ons] ?? classifyLabel(ons)?.code;
    if (code === undefined) throw new Error(`uk-trade-monthly: unknown ONS code ${ons}`);
    const flow = f.direction === 'EX' ? 'export' : f.direction === 'IM' ? 'import' : undefined;
    if (flow === undefined) throw new Error(`uk-trade-monthly: unknown direction ${f.direction}`);
    const cell = cellOf(f.value_gbp_million ?? '', 6, 'uk-trade-monthly');
    partners.add(code);
    seen.add(`${code}|${flow}|${f.period}`);
    rows.push({
      reporter: 'GB',
      partner: code,
      flow,
      product: 'TOTAL',
      period: f.period ?? '',
      value: cell.value,
      status: cell.status,
      partnerBasis: '',
      source: 'uk-trade-monthly',
    });
  }
  // The repo author dropped zero and non-numeric (suppressed) cells: an absent partner-month inside the coverage
  // is "rounds to £0 m, or suppressed" — negligible, not missing. Emit those cells explicitly.
  let synthesised = 0;
  const months = periodRange('2018-01', '2025-12');
  for (const partner of partners) {
    for (const flow of ['export', 'import'] as const) {
      for (const period of months) {
        if (seen.has(`${partner}|${flow}|${period}`)) continue;
        synthesised += 1;
        rows.push({
          reporter: 'GB',
          partner,
          flow,
          product: 'TOTAL',
          period,
          value: '',
          status: 'negligible',
          partnerBasis: '',
          source: 'uk-trade-monthly',
        });
      }
    }
  }
  return finishObservations(
    {
      name: 'uk-trade-monthly',
      title: 'UK trade in goods with every partner, monthly 2018-01..2025-12 (ONS, BoP basis)',
      description:
        'GBP (values in base units: the published £ million × 1e6, roundingUnit 1e6), UK exports and imports, all commodities, with every partner and the aggregates WORLD (ONS W1), EU27_2020 (B5, the EU subtotal) and EXTRA_EU27_2020 (D5, the non-EU subtotal).',
      frequency: 'monthly',
      units: 'GBP',
      publisher: 'ONS',
      datasetCode: 'trade',
      licence: OGL,
      columns: ['partner', 'flow', 'period', 'value', 'status'],
      constants: {
        reporter: 'GB',
        product: 'TOTAL',
        currency: 'GBP',
        roundingUnit: 1_000_000,
        source: 'uk-trade-monthly',
      },
      caveats: [
        'Rows with status negligible (value null) are SYNTHESISED by the build: the source dropped zero and suppressed cells, so an absent partner-month inside 2018-01..2025-12 means "below £0.5 m, or suppressed", not missing. build.synthesised counts them.',
        'Values are rounded to whole £ million by ONS: AM and KG months are 1–11; use annual or 12-month sums, not monthly growth rates.',
        'Balance-of-payments basis (HMRC customs data plus ONS adjustments): not HMRC OTS and not comparable one-to-one with Comext.',
        'WORLD, EU27_2020 and EXTRA_EU27_2020 are aggregates: the country rows sum exactly to WORLD in every month × direction.',
        '2026 vintage (version 65): earlier months may have been revised since first publication.',
      ],
      provenance: [provenanceOf(rawDir, 'uk-trade-monthly', meta)],
    },
    rows,
    { rowsRead: records.length, rejects, synthesised },
  );
}

const NATIONAL_REPO =
  'https://github.com/mary-lev/eu-export-sanctions/tree/4b6a5dfc864ab3352104974a4516458fd7347b38/data';

/** `mirror-kg-annual`: Kyrgyz imports and exports by partner, 1994–2023. */
export function buildMirrorKg(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'national_stats_marylev/kyrgyzstan_data/DERIVED_kg_trade_by_partner_annual.csv',
    publisher: 'National Statistical Committee of the Kyrgyz Republic',
    dataset: '4.03.00.18 / 4.03.00.20',
    title: 'Geographic distribution of exports (4.03.00.18) and imports (4.03.00.20) of goods, thousand USD',
    url: NATIONAL_REPO,
    licence:
      'Published by the National Statistical Committee of the Kyrgyz Republic; reusable with attribution',
    units: 'thousand USD',
    notes: ['Tidy form of the two thousand-USD spreadsheets; "-" kept as published (none).'],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: (ObsRow & { label: string; line: number; file: string })[] = [];
  for (const r of records) {
    const f = r.fields;
    const label = f.partner_label_en ?? '';
    // Listed among the European countries with tiny values, distinct from "The EU" aggregate row.
    if (label === 'European Union (EU)') {
      rejects.add(
        'row "European Union (EU)" listed among European partners: EU institutions, not the EU aggregate ("The EU")',
        meta.file,
        r.line,
        label,
      );
      continue;
    }
    const p = partnerOf(label, 'mirror-kg-annual');
    if ('reason' in p) {
      rejects.add(p.reason, meta.file, r.line, label);
      continue;
    }
    const cell = cellOf(f.value_thousand_usd ?? '', 3, 'mirror-kg-annual');
    const flow = f.flow === 'import' ? 'import' : f.flow === 'export' ? 'export' : undefined;
    if (flow === undefined) throw new Error(`mirror-kg-annual: flow ${f.flow}`);
    rows.push({
      reporter: 'KG',
      partner: p.code,
      flow,
      product: 'TOTAL',
      period: f.year ?? '',
      value: cell.value,
      status: f.note === 'preliminary' && cell.status === 'reported' ? 'provisional' : cell.status,
      partnerBasis: '',
      source: 'mirror-kg-annual',
      label,
      line: r.line,
      file: meta.file,
    });
  }
  return finishObservations(
    {
      name: 'mirror-kg-annual',
      title: 'Kyrgyz Republic imports from and exports to partners, annual 1994–2023 (NSC KG)',
      description:
        'USD (published thousand USD × 1000), reporter KG, partners as codes; "The EU" row = EU_CHANGING (includes the UK before 2020); "Total" = WORLD.',
      frequency: 'annual',
      units: 'USD',
      publisher: 'National Statistical Committee of the Kyrgyz Republic',
      datasetCode: '4.03.00.18 / 4.03.00.20',
      licence: meta.licence,
      columns: ['partner', 'flow', 'period', 'value', 'status'],
      constants: { reporter: 'KG', product: 'TOTAL', currency: 'USD', source: 'mirror-kg-annual' },
      caveats: [
        'Partner EU_CHANGING ("The EU") includes the UK before 2020 and large gold flows: KG exports to "the EU" fall from USD 885 m (2019) to 50 m (2020) when the UK leaves it.',
        'The separate row "European Union (EU)" (tiny values, listed among European countries) is not the EU aggregate and is not kept.',
        '2023 values carry the publisher’s "preliminary" mark: status provisional.',
        '"-" (none) is status zero; an empty cell is status missing.',
        'Group rows (CIS, EAEU, SCO, UN, continents, undefined country) are not kept: see build.rejects. CHANNEL_ISLANDS (GG + JE) is kept as an aggregate.',
      ],
      provenance: [provenanceOf(rawDir, 'mirror-kg-annual', meta)],
    },
    mergeSpellings(rows, rejects),
    { rowsRead: records.length, rejects },
  );
}

/** Sum of member values with a tolerance check, for the Kazakh "EU countries" row. */
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01;
}

/** `mirror-kz-annual`: Kazakh exports and imports by partner, 2019–2023. */
export function buildMirrorKz(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'national_stats_marylev/kazakhstan_data/DERIVED_kz_trade_by_partner_annual.csv',
    publisher: 'Bureau of National Statistics of Kazakhstan',
    dataset: 'Основные показатели внешней торговли (по странам)',
    title:
      'Main indicators of foreign trade by country, thousand USD (current-year sheet of each annual file)',
    url: NATIONAL_REPO,
    licence: 'Published by the Bureau of National Statistics of Kazakhstan; reusable with attribution',
    units: 'thousand USD',
    notes: ['One row per label × flow of the current-year sheet of each of the five files (2019–2023).'],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const kept: { r: RawRecord; code: string }[] = [];
  for (const r of records) {
    const f = r.fields;
    const label = f.partner_label_ru ?? '';
    if (f.flow === 'turnover') {
      rejects.add('turnover = exports + imports (derived), not an observation', meta.file, r.line, label);
      continue;
    }
    const p = partnerOf(label, 'mirror-kz-annual');
    if ('reason' in p) {
      rejects.add(p.reason, meta.file, r.line, label);
      continue;
    }
    kept.push({ r, code: p.code });
  }
  // "Страны ЕС" (EU countries): which EU? Check it against the member states in each year and flow.
  const eu27 = new Set(getAggregate('EU27_2020')?.members ?? []);
  const memberSums = new Map<string, { eu27: number; gb: number }>();
  for (const { r, code } of kept) {
    const v = Number(r.fields.value_thousand_usd);
    if (!Number.isFinite(v)) continue;
    const key = `${r.fields.year}|${r.fields.flow}`;
    const s = memberSums.get(key) ?? { eu27: 0, gb: 0 };
    if (eu27.has(code)) s.eu27 += v;
    if (code === 'GB') s.gb += v;
    memberSums.set(key, s);
  }
  const rows: ObsRow[] = [];
  const euYears = { EU27_2020: new Set<string>(), EU28: new Set<string>() };
  for (const { r, code } of kept) {
    const f = r.fields;
    let partner = code;
    if (code === 'EU_CHANGING') {
      const v = Number(f.value_thousand_usd);
      const s = memberSums.get(`${f.year}|${f.flow}`) ?? { eu27: Number.NaN, gb: Number.NaN };
      if (near(v, s.eu27)) partner = 'EU27_2020';
      else if (near(v, s.eu27 + s.gb)) partner = 'EU28';
      if (partner === 'EU27_2020' || partner === 'EU28') euYears[partner].add(f.year ?? '');
      else {
        rejects.add(
          '"Страны ЕС" row matches neither the EU27 nor the EU28 member-state sum',
          meta.file,
          r.line,
          f.partner_label_ru ?? '',
        );
        continue;
      }
    }
    const cell = cellOf(f.value_thousand_usd ?? '', 3, 'mirror-kz-annual');
    rows.push({
      reporter: 'KZ',
      partner,
      flow: f.flow === 'import' ? 'import' : 'export',
      product: 'TOTAL',
      period: f.year ?? '',
      value: cell.value,
      status: cell.status,
      partnerBasis: '',
      source: 'mirror-kz-annual',
    });
  }
  return finishObservations(
    {
      name: 'mirror-kz-annual',
      title: 'Kazakhstan exports to and imports from partners, annual 2019–2023 (BNS KZ)',
      description:
        'USD (published thousand USD × 1000), reporter KZ, partners mapped from Russian labels; "Всего" = WORLD; member states kept.',
      frequency: 'annual',
      units: 'USD',
      publisher: 'Bureau of National Statistics of Kazakhstan',
      datasetCode: 'Основные показатели внешней торговли',
      licence: meta.licence,
      columns: ['partner', 'flow', 'period', 'value', 'status'],
      constants: { reporter: 'KZ', product: 'TOTAL', currency: 'USD', source: 'mirror-kz-annual' },
      caveats: [
        `The files have no "European Union" row as such; the "Страны ЕС" (EU countries) row is kept only where it equals a member-state sum, checked by the build: EU28 (incl. GB) in ${[...euYears.EU28].sort().join(', ')}; EU27_2020 in ${[...euYears.EU27_2020].sort().join(', ')}. Member states are kept either way: never sum them with it.`,
        'Turnover rows (exports + imports) are not kept; group rows (CIS, EAEU, continents, "outside the EU/EAEU", rest of the world) are not kept: see build.rejects.',
        'An empty cell is status missing.',
      ],
      provenance: [provenanceOf(rawDir, 'mirror-kz-annual', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}

/** `mirror-am-monthly`: Armenian exports and imports (by origin and by consignment), 2007–2024. */
export function buildMirrorAm(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'armstat_tvyal/arm_trade_country.csv',
    publisher: 'Statistical Committee of the Republic of Armenia (Armstat)',
    dataset: 'External trade by country (compiled by A. Tavadyan, "Tvyal" newsletter)',
    title: 'Armenia foreign trade by partner country, monthly, thousand USD',
    url: 'https://github.com/tavad/tvyal_newsletter/blob/ebe9402a6c10bb41b99eb970d2e82c1001d11e8c/2025/2025_02_25_exports_annual/arm_trade_country.csv',
    retrieved: '2025-02-25',
    licence: 'Armstat data, public and reusable with attribution',
    units: 'thousand USD',
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: (ObsRow & { label: string; line: number; file: string })[] = [];
  const columns = [
    ['export', 'export', ''],
    ['import_origin', 'import', 'origin'],
    ['import_consignment', 'import', 'consignment'],
  ] as const;
  for (const r of records) {
    const f = r.fields;
    const label = f.country ?? '';
    const p = partnerOf(label, 'mirror-am-monthly');
    const period = `${f.year}-${String(f.month).padStart(2, '0')}`;
    for (const [column, flow, basis] of columns) {
      if ('reason' in p) {
        rejects.add(p.reason, meta.file, r.line, `${label} ${column}`);
        continue;
      }
      const cell = cellOf(f[column] ?? '', 3, 'mirror-am-monthly');
      rows.push({
        reporter: 'AM',
        partner: p.code,
        flow,
        product: 'TOTAL',
        period,
        value: cell.value,
        status: cell.status,
        partnerBasis: basis,
        source: 'mirror-am-monthly',
        label,
        line: r.line,
        file: meta.file,
      });
    }
  }
  return finishObservations(
    {
      name: 'mirror-am-monthly',
      title: 'Armenia exports to and imports from partners, monthly 2007-01..2024-12 (Armstat via Tvyal)',
      description:
        'USD (published thousand USD × 1000), reporter AM. Exports have no partnerBasis; imports appear twice, partnerBasis origin and consignment: choose one, never add them.',
      frequency: 'monthly',
      units: 'USD',
      publisher: 'Statistical Committee of the Republic of Armenia',
      datasetCode: 'arm_trade_country',
      licence: meta.licence,
      columns: ['partner', 'flow', 'partnerBasis', 'period', 'value', 'status'],
      constants: { reporter: 'AM', product: 'TOTAL', currency: 'USD', source: 'mirror-am-monthly' },
      caveats: [
        'Imports are given both by country of origin and by country of consignment (partnerBasis): say which one a comparison uses, and never sum the two.',
        'Two spellings of one partner (USA / United States, Iran / Islamic Republic of Iran) are mapped to one code; they occur in different months.',
        'Some months differ slightly from the older armenia_data.csv because of revisions (exports to Russia Feb 2022: 83,415 here against 81,209 there, thousand USD).',
        '2024 imports from Russia and exports to the UAE and Hong Kong are inflated by gold and diamond re-export flows.',
        'Group rows (Nagorno-Karabakh, EU countries not specified, unknown country) are not kept: see build.rejects.',
      ],
      provenance: [provenanceOf(rawDir, 'mirror-am-monthly', meta)],
    },
    mergeSpellings(rows, rejects),
    { rowsRead: records.length * columns.length, rejects },
  );
}

/** `mirror-uz-annual`: Uzbek exports (1105) and imports (1176) by partner, 2010–2023. */
export function buildMirrorUz(rawDir: string): BuiltDataset {
  const files = [
    {
      file: 'national_stats_marylev/uzbekistan_data/sdmx_data_1105.csv',
      flow: 'export' as const,
      id: '1105',
    },
    {
      file: 'national_stats_marylev/uzbekistan_data/sdmx_data_1176.csv',
      flow: 'import' as const,
      id: '1176',
    },
  ];
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  let rowsRead = 0;
  const provenance = files.map((x) =>
    provenanceOf(rawDir, `mirror-uz-annual:${x.id}`, {
      file: x.file,
      publisher: 'Statistics Agency under the President of the Republic of Uzbekistan',
      dataset: x.id,
      title: `Foreign trade by partner country (${x.flow === 'export' ? 'exports, inferred from values' : 'imports'}), thousand USD, SDMX/open-data export`,
      url: NATIONAL_REPO,
      licence: 'Open data of the Statistics Agency of Uzbekistan; reusable with attribution',
      units: 'thousand USD',
    }),
  );
  for (const x of files) {
    const records = readCsv(`${rawDir}/${x.file}`);
    for (const r of records) {
      const f = r.fields;
      const years = Object.keys(f).filter((k) => /^\d{4}$/.test(k));
      rowsRead += years.length;
      // Read by M49 code: some rows have their Russian and English names swapped.
      const code = f.Code ?? '';
      const c = code === '0' ? undefined : classifyLabel(code);
      if (c?.code === undefined || c.kind === 'group') {
        for (const _y of years) rejects.add('group row: other countries (code 0)', x.file, r.line, code);
        continue;
      }
      for (const y of years) {
        const cell = cellOf(f[y] ?? '', 3, 'mirror-uz-annual');
        rows.push({
          reporter: 'UZ',
          partner: c.code,
          flow: x.flow,
          product: 'TOTAL',
          period: y,
          value: cell.value,
          status: cell.status,
          partnerBasis: '',
          source: `mirror-uz-annual:${x.id}`,
        });
      }
    }
  }
  return finishObservations(
    {
      name: 'mirror-uz-annual',
      title:
        'Uzbekistan exports to and imports from partners, annual 2010–2023 (Statistics Agency of Uzbekistan)',
      description:
        'USD (published thousand USD × 1000), reporter UZ, partners read from the M49 codes; dataset 1105 = exports, 1176 = imports.',
      frequency: 'annual',
      units: 'USD',
      publisher: 'Statistics Agency under the President of the Republic of Uzbekistan',
      datasetCode: '1105 / 1176',
      licence: 'Open data of the Statistics Agency of Uzbekistan; reusable with attribution',
      columns: ['partner', 'flow', 'period', 'value', 'status', 'source'],
      constants: { reporter: 'UZ', product: 'TOTAL', currency: 'USD' },
      caveats: [
        'The flow labels are inferred: 1105 = exports (from its values), 1176 = imports (the source repository uses it so).',
        'Partners are read from the M49 code column: in some rows the Russian and English names are swapped. Code 736 is the former Sudan (mapped to SD).',
        'The residual "Other countries" row (code 0) is not kept: see build.rejects.',
        'A value of 0 is status zero; the files carry no empty cells.',
      ],
      provenance,
    },
    rows,
    { rowsRead, rejects },
  );
}

/** IMF IMTS counterpart codes that are not ISO alpha-3 but map to one of our codes. */
const IMF_CODES: Readonly<Record<string, string>> = {
  G001: 'WORLD',
  G998: 'EU27_2020',
  G163: 'EA20',
  TX126: 'BE_LU',
  WBG: 'PS',
  ANT: 'AN',
  CSK: 'CSHH',
  SCG: 'CS',
  YUG: 'YU',
};

/** `russia-trade-annual`: IMF IMTS, Russia's exports and imports by partner, 2016–2024. */
export function buildRussiaTradeAnnual(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'imf_imts_russia/RU_trade.csv',
    publisher: 'IMF',
    dataset: 'IMF.STA:IMTS(1.0.0)',
    title: 'International Trade in Goods (by partner country), Russian Federation, annual, million USD',
    url: 'https://github.com/paulinakasetiene/Russia-sanctions-trade-reallocation/blob/0d3a9a4abc6309af22c14dac7d1cf3490a865650/RU_trade.csv',
    licence:
      'IMF data terms: free reuse with attribution ("Source: IMF, International Trade in Goods (IMTS)")',
    units: 'million USD',
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  let rowsRead = 0;
  // The EU and euro-area rows are fixed current compositions: check them against the member rows.
  const byId = new Map<string, RawRecord>();
  for (const r of records) byId.set(`${r.fields['INDICATOR.ID']}|${r.fields['COUNTERPART_COUNTRY.ID']}`, r);
  for (const r of records) {
    const f = r.fields;
    const years = Object.keys(f).filter((k) => /^\d{4}$/.test(k));
    rowsRead += years.length;
    const id = f['COUNTERPART_COUNTRY.ID'] ?? '';
    const flow =
      f['INDICATOR.ID'] === 'XG_FOB_USD'
        ? 'export'
        : f['INDICATOR.ID'] === 'MG_CIF_USD'
          ? 'import'
          : undefined;
    if (flow === undefined) throw new Error(`russia-trade-annual: indicator ${f['INDICATOR.ID']}`);
    const mapped = IMF_CODES[id];
    const c = mapped === undefined ? classifyLabel(id) : undefined;
    const code = mapped ?? (c?.kind === 'country' ? c.code : undefined);
    if (code === undefined) {
      const reason = c?.reason ?? 'IMF group code';
      for (const _y of years)
        rejects.add(`group row: ${reason}`, meta.file, r.line, `${id} ${f.COUNTERPART_COUNTRY}`);
      continue;
    }
    for (const y of years) {
      const cell = cellOf(f[y] ?? '', 6, 'russia-trade-annual');
      rows.push({
        reporter: 'RU',
        partner: code,
        flow,
        product: 'TOTAL',
        period: y,
        value: cell.value,
        status: Number(y) >= 2022 && cell.status === 'reported' ? 'estimated' : cell.status,
        partnerBasis: '',
        source: 'russia-trade-annual',
      });
    }
  }
  checkImfAggregate(records, 'G998', getAggregate('EU27_2020')?.members ?? []);
  checkImfAggregate(records, 'G163', getAggregate('EA20')?.members ?? []);
  return finishObservations(
    {
      name: 'russia-trade-annual',
      title: 'Russia’s exports (FOB) and imports (CIF) by partner, annual 2016–2024 (IMF IMTS)',
      description:
        'USD (published million USD × 1e6), reporter RU; flow export = XG_FOB_USD, import = MG_CIF_USD. EU27_2020 and EA20 are the IMF’s EU and euro-area rows (fixed current compositions, checked against the member rows).',
      frequency: 'annual',
      units: 'USD',
      publisher: 'IMF',
      datasetCode: 'IMF.STA:IMTS(1.0.0)',
      licence: meta.licence,
      columns: ['partner', 'flow', 'period', 'value', 'status'],
      constants: { reporter: 'RU', product: 'TOTAL', currency: 'USD', source: 'russia-trade-annual' },
      caveats: [
        'Russia stopped publishing partner data in 2022: the 2022–2024 values are IMF estimates built mostly from partners’ (mirror) data, so they are status estimated and are NOT independent evidence of Russia’s own records — comparing them with partner exports is partly circular.',
        'Exports are FOB and imports CIF.',
        'IMF analytical groups (advanced economies, regions, CIS, "not specified") are not kept: see build.rejects. BE_LU (Belgium-Luxembourg) and historical entities (AN, CS, CSHH, YU) are kept.',
        'An empty cell is status missing (no value published).',
      ],
      provenance: [provenanceOf(rawDir, 'russia-trade-annual', meta)],
    },
    rows,
    { rowsRead, rejects },
  );
}

function checkImfAggregate(records: readonly RawRecord[], id: string, members: readonly string[]): void {
  const alpha3: Record<string, string> = {};
  for (const r of records) {
    const code = classifyLabel(r.fields['COUNTERPART_COUNTRY.ID'] ?? '')?.code;
    if (code !== undefined) alpha3[r.fields['COUNTERPART_COUNTRY.ID'] ?? ''] = code;
  }
  for (const r of records) {
    if (r.fields['COUNTERPART_COUNTRY.ID'] !== id) continue;
    for (const y of ['2016', '2019', '2023']) {
      const total = Number(r.fields[y]);
      let sum = 0;
      for (const m of records) {
        if (m.fields['INDICATOR.ID'] !== r.fields['INDICATOR.ID']) continue;
        const code = alpha3[m.fields['COUNTERPART_COUNTRY.ID'] ?? ''];
        if (
          code !== undefined &&
          members.includes(code) &&
          m.fields['COUNTERPART_COUNTRY.ID']?.length === 3
        ) {
          sum += Number(m.fields[y] || 0);
        }
      }
      if (Math.abs(total - sum) > 1e-6 * Math.abs(total)) {
        throw new Error(`russia-trade-annual: ${id} ${y} is ${total}, members sum to ${sum}`);
      }
    }
  }
}

/** `russia-customs-monthly`: Rosstat/FCS trade with main partners, 2006-01..2021-12. */
export function buildRussiaCustomsMonthly(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'national_stats_marylev/russian_data/DERIVED_ru_customs_trade_main_partners_monthly.csv',
    publisher: 'Rosstat / Federal Customs Service of Russia',
    dataset: '96stran',
    title: 'Foreign trade of the Russian Federation with main countries, monthly, million USD',
    url: NATIONAL_REPO,
    licence: 'Published by Rosstat; reusable with attribution',
    units: 'million USD',
    notes: ['Tidy form of the two data sheets of 96stran.xlsx; labels kept exactly as published.'],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rejects = new RejectLog();
  const rows: ObsRow[] = [];
  for (const r of records) {
    const f = r.fields;
    const p = partnerOf(f.partner_label_ru ?? '', 'russia-customs-monthly');
    if ('reason' in p) {
      rejects.add(p.reason, meta.file, r.line, f.partner_label_ru ?? '');
      continue;
    }
    const cell = cellOf(f.value_million_usd ?? '', 6, 'russia-customs-monthly');
    rows.push({
      reporter: 'RU',
      partner: p.code,
      flow: f.flow === 'import' ? 'import' : 'export',
      product: 'TOTAL',
      period: f.period ?? '',
      value: cell.value,
      status: cell.status,
      partnerBasis: '',
      source: 'russia-customs-monthly',
    });
  }
  return finishObservations(
    {
      name: 'russia-customs-monthly',
      title:
        'Russia’s exports to and imports from about 29 main partners, monthly 2006-01..2021-12 (Rosstat/FCS)',
      description: 'USD (published million USD × 1e6), reporter RU, partners mapped from Russian labels.',
      frequency: 'monthly',
      units: 'USD',
      publisher: 'Rosstat / Federal Customs Service of Russia',
      datasetCode: '96stran',
      licence: meta.licence,
      columns: ['partner', 'flow', 'period', 'value', 'status'],
      constants: { reporter: 'RU', product: 'TOTAL', currency: 'USD', source: 'russia-customs-monthly' },
      caveats: [
        'Russian customs stopped publishing partner-country detail after 2021: the series ends in 2021-12.',
        'Several published labels mix Latin look-alike letters into Cyrillic (Китaй) or have double spaces; they are normalised before mapping.',
        '"…" (not published) is status missing.',
      ],
      provenance: [provenanceOf(rawDir, 'russia-customs-monthly', meta)],
    },
    rows,
    { rowsRead: records.length, rejects },
  );
}
