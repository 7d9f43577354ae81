/**
 * Builders of the table datasets: sanctions lists, CHPL, ECB exchange rates, the HS concordance and HS
 * descriptions, the U.S. export price index (PROVENANCE.md §2, §3, §5, §8, §9, §11).
 *
 * @module
 */
import { compareStrings, readCsv, scaleDecimal } from './csv.js';
import { type BuiltDataset, finishTable, provenanceOf, RejectLog, type SourceMeta } from './spec.js';

const CATEGORY_COLUMNS = [
  'aviation',
  'dual_use',
  'firearms',
  'industrial_cap',
  'luxury',
  'military_tech',
  'oil_exploration',
  'oil_refining',
] as const;

/** `0.0` / `1.0` / `` → `0` / `1` / ``. */
function flag(raw: string | undefined): string {
  const s = (raw ?? '').trim();
  if (s === '') return '';
  const v = scaleDecimal(s, 0);
  if (v !== '0' && v !== '1') throw new Error(`not a 0/1 flag: ${JSON.stringify(raw)}`);
  return v;
}

/** `sanctions-eu-hs6`: the EBRD authors' HS6 list with effective dates and categories. */
export function buildSanctionsHs6(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'chupilkin_eu_sanctions_hs6/DERIVED_EU_sanctions_HS6.csv',
    publisher: 'Chupilkin, Javorcik, Peeva and Plekhanov (EBRD)',
    dataset: 'openICPSR 229004 (doi:10.3886/E229004V1), EU_sanctions_HS6.dta',
    title: 'EU export sanctions on Russia by HS6 code, with effective dates and categories',
    url: 'https://doi.org/10.3886/E229004V1',
    licence:
      'CC BY 4.0 — attribution: Chupilkin, M., Javorcik, B., Peeva, A. and Plekhanov, A., replication package of "Exporting out of sanctions" / "The Eurasian Roundabout" (EBRD WP 276), openICPSR project 229004',
    units: 'codes; maxPrice in EUR',
    notes: [
      'The .dta read with pandas: Code zero-padded to 6 digits, dates as YYYY-MM-DD, nothing else changed.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rows = records.map((r) => {
    const f = r.fields;
    const code = (f.Code ?? '').padStart(6, '0');
    if (!/^\d{6}$/.test(code)) throw new Error(`sanctions-eu-hs6: bad code ${f.Code}`);
    const categories = CATEGORY_COLUMNS.filter((c) => flag(f[c]) === '1').join(';');
    const maxPrice = (f.Maxprice ?? '') === '' ? '' : (scaleDecimal(f.Maxprice ?? '', 0) ?? '');
    return [
      code,
      flag(f.EU_sanction) === '1' ? '1' : '0',
      f.Date ?? '',
      f.Winddowndate ?? '',
      flag(f.partially_exempt),
      maxPrice,
      categories,
    ];
  });
  rows.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
  return finishTable(
    {
      name: 'sanctions-eu-hs6',
      title:
        'EU export sanctions on Russia by HS6 code (EBRD authors’ list): effective dates, wind-down, categories',
      description:
        'One row per HS2017 six-digit code (5,369, of which 2,304 sanctioned): sanctioned 0/1, the date the sanction took effect, the wind-down date, partially exempt 0/1, the EUR price threshold for luxury goods, and categories (semicolon-separated).',
      units: 'codes; maxPrice in EUR',
      publisher: 'Chupilkin, Javorcik, Peeva and Plekhanov (EBRD)',
      datasetCode: 'openICPSR 229004',
      licence: meta.licence,
      columns: ['hs6', 'sanctioned', 'date', 'windDownDate', 'partiallyExempt', 'maxPrice', 'categories'],
      caveats: [
        'The codes are HS2017 (5,362 of 5,369 are valid HS2017 codes; 240394, 240395, 240431, 255734, 260336, 930521, 930529 are not). Six CHPL codes that exist only in HS2022 are missing from it.',
        'Each code has its own effective date (2016-12-22 to 2023-02-25); a code is sanctioned from that date, not from 2022-02-24.',
        'Attribution required (CC BY 4.0): Chupilkin, Javorcik, Peeva & Plekhanov, openICPSR 229004.',
      ],
      provenance: [provenanceOf(rawDir, 'sanctions-eu-hs6', meta)],
    },
    rows,
    { rowsRead: records.length },
  );
}

/** `sanctions-eu-cn8`: the 2,223 CN8 codes of Reg. 833/2014 (consolidated 2022-10-07) with labels. */
export function buildSanctionsCn8(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'eurostat_comext_ruimpeks/export_sanctions_codes.csv',
    publisher: 'V. Zemlys-Balevičius (ruimpeks), from Regulation (EU) 833/2014 and Eurostat CN labels',
    dataset: 'CELEX 02014R0833-20221007',
    title:
      'CN8 codes under EU export sanctions on Russia (Reg. 833/2014, consolidated 2022-10-07), with Eurostat labels',
    url: 'https://github.com/vzemlys/ruimpeks/blob/5b5d97ccdfc2fc3ce418233fe340680fe192c18a/meta/export_sanctions_codes.csv',
    licence:
      'MIT (repository); the regulation is EU law (reuse authorised), CN labels © Eurostat with attribution',
    units: 'codes',
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rows = records.map((r) => {
    // Spreadsheets drop leading zeros (the queried list has 7-digit entries): restore them to 8 digits.
    const code = (r.fields.code ?? '').trim().padStart(8, '0');
    if (!/^\d{8}$/.test(code)) throw new Error(`sanctions-eu-cn8: bad code ${r.fields.code}`);
    return [code, (r.fields.product ?? '').trim()];
  });
  rows.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
  return finishTable(
    {
      name: 'sanctions-eu-cn8',
      title: 'EU-sanctioned CN8 codes (Reg. 833/2014 as consolidated on 2022-10-07), with labels',
      description:
        'The 2,223 CN8 codes the ruimpeks author took from the Annexes of Regulation (EU) 833/2014 (CELEX 02014R0833-20221007), with Eurostat labels; leading zeros restored.',
      units: 'codes',
      publisher: 'V. Zemlys-Balevičius (ruimpeks)',
      datasetCode: 'CELEX 02014R0833-20221007',
      licence: meta.licence,
      columns: ['cn8', 'label'],
      caveats: [
        'The author’s reading of the Annexes as of Oct 2022: later packages (10th–14th) and quota/exemption nuances are not in it.',
        'CN editions differ by year: 69 of the codes first appear in CN2022 and 91 stop before it.',
      ],
      provenance: [provenanceOf(rawDir, 'sanctions-eu-cn8', meta)],
    },
    rows,
    { rowsRead: records.length },
  );
}

/** `chpl`: the Common High Priority List, Feb 2024, 50 HS6 codes in tiers. */
export function buildChpl(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'chpl/DERIVED_chpl_hs6_tiers_2024-02.csv',
    publisher: 'EU, US, UK and Japan (European Commission DG FISMA; US BIS)',
    dataset: 'Common High Priority Items List, version 2024-02',
    title: 'List of Common High Priority Items (HS6 codes by tier)',
    url: 'https://finance.ec.europa.eu/publications/list-common-high-priority-items_en',
    vintage: '2024-02-23',
    licence: 'Official publication of the European Commission / BIS: reuse authorised with attribution',
    units: 'codes',
    notes: [
      'Transcribed from GitHub fyaic/TradeSieve src/tradesieve/domain/common_high_priority.py at 855e3b5f; an independent R script has an identical list.',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rows = records.map((r) => [r.fields.hs6 ?? '', r.fields.tier ?? '', r.fields.list_version ?? '']);
  rows.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
  return finishTable(
    {
      name: 'chpl',
      title: 'Common High Priority List (CHPL), Feb 2024: 50 HS6 codes by tier',
      description: 'HS2022 six-digit codes with their tier (1, 2, 3A, 3B, 4A, 4B) and the list version.',
      units: 'codes',
      publisher: 'EU, US, UK and Japan',
      datasetCode: 'CHPL 2024-02',
      licence: meta.licence,
      columns: ['hs6', 'tier', 'listVersion'],
      caveats: [
        'HS2022 codes: six exist only in HS2022 (854800, 852589, 854149, 854151, 854159, 880730); map them with hs-concordance before joining HS2017 data.',
        'The list was revised after Feb 2024: check against the current official version.',
        'Only 19 of the 50 codes occur among the CN8 codes of eu-sanctioned-exports-monthly.',
      ],
      provenance: [provenanceOf(rawDir, 'chpl', meta)],
    },
    rows,
    { rowsRead: records.length },
  );
}

/** `fx-ecb`: ECB monthly and annual average reference rates (units per EUR). */
export function buildFxEcb(rawDir: string): BuiltDataset {
  const sources = [
    { file: 'ecb_eurofxref/DERIVED_ecb_annual_average_rates.csv', id: 'fx-ecb:annual', period: 'year' },
    { file: 'ecb_eurofxref/DERIVED_ecb_monthly_average_rates.csv', id: 'fx-ecb:monthly', period: 'period' },
  ] as const;
  const columns = [
    'USD_per_EUR',
    'GBP_per_EUR',
    'RUB_per_EUR',
    'TRY_per_EUR',
    'CNY_per_EUR',
    'CHF_per_EUR',
    'JPY_per_EUR',
  ];
  const rows: string[][] = [];
  let rowsRead = 0;
  const provenance = sources.map((s) =>
    provenanceOf(rawDir, s.id, {
      file: s.file,
      publisher: 'European Central Bank',
      dataset: 'Euro foreign exchange reference rates (eurofxref-hist)',
      title: `ECB euro reference rates, ${s.period === 'year' ? 'annual' : 'monthly'} arithmetic mean of daily rates`,
      url: 'https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html',
      vintage: '2025-05-09',
      licence: 'ECB statistics may be reproduced free of charge with the source acknowledged ("Source: ECB")',
      units: 'units of currency per 1 EUR',
      notes: [
        'Arithmetic means of the daily reference rates of eurofxref-hist.csv (made in the raw folder).',
      ],
    }),
  );
  for (const s of sources) {
    const records = readCsv(`${rawDir}/${s.file}`);
    rowsRead += records.length;
    for (const r of records) {
      const f = r.fields;
      rows.push([
        f[s.period] ?? '',
        f.n_days ?? '',
        ...columns.map((c) => ((f[c] ?? '') === '' ? '' : (scaleDecimal(f[c] ?? '', 0) ?? ''))),
        (f.USD_per_GBP_cross ?? '') === '' ? '' : (scaleDecimal(f.USD_per_GBP_cross ?? '', 0) ?? ''),
      ]);
    }
  }
  rows.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
  return finishTable(
    {
      name: 'fx-ecb',
      title: 'ECB euro reference rates, monthly and annual averages (units per EUR), 1999–2025',
      description:
        'One row per period (YYYY for annual averages, YYYY-MM for monthly ones): the number of daily fixings and the mean units of USD, GBP, RUB, TRY, CNY, CHF and JPY per 1 EUR, plus the mean daily USD per GBP cross rate.',
      units: 'units of currency per 1 EUR',
      publisher: 'European Central Bank',
      datasetCode: 'eurofxref-hist',
      licence: 'ECB statistics may be reproduced free of charge with the source acknowledged ("Source: ECB")',
      columns: ['period', 'nDays', 'USD', 'GBP', 'RUB', 'TRY', 'CNY', 'CHF', 'JPY', 'USDperGBP'],
      caveats: [
        'The ECB stopped quoting RUB on 2022-03-01: RUB averages for 2022-03 and for the year 2022 are partial (few days), and there is nothing after. Do not convert post-invasion RUB values with them.',
        '2025 covers Jan to 9 May only (its annual row is a partial-year mean).',
        'No KZT, KGS, AMD, GEL or UZS rates.',
        'Checked against the ECB’s published annual averages: USD 2022 1.0530, 2023 1.0813, 2024 1.0824; GBP 2022 0.85276, 2023 0.86979, 2024 0.84662.',
      ],
      provenance,
    },
    rows,
    { rowsRead },
  );
}

/**
 * `hs-concordance`: UNSD HS2022 → HS2017 correlations, with the conversion pair flagged and the two defective
 * rows corrected.
 */
export function buildHsConcordance(rawDir: string): BuiltDataset {
  const corr = 'hs_concordance_unsd/DERIVED_hs2022_hs2017_correlations.csv';
  const conv = 'hs_concordance_unsd/DERIVED_hs2022_to_hs2017_conversions.csv';
  const base = {
    publisher: 'UN Statistics Division',
    dataset: 'HS2022toHS2017ConversionAndCorrelationTables',
    url: 'https://unstats.un.org/unsd/classifications/Econ/tables/HS2022toHS2017ConversionAndCorrelationTables.xlsx',
    licence: 'UN publication, free use with attribution; HS nomenclature © World Customs Organization',
    units: 'codes',
  };
  const provenance = [
    provenanceOf(rawDir, 'hs-concordance:correlations', {
      ...base,
      file: corr,
      title: 'HS2022-HS2017 Correlations (sheet written as CSV)',
    }),
    provenanceOf(rawDir, 'hs-concordance:conversions', {
      ...base,
      file: conv,
      title: 'HS2022-HS2017 Conversions (sheet written as CSV)',
    }),
  ];
  // 854151 and 854159 (HS2022 semiconductor devices) are a defect of the UNSD table: "Conversions" maps both to
  // 851712 and "Correlations" links each to 157 HS2017 parts and instruments (the predecessors of the e-waste
  // heading 8549), while their obvious predecessor, HS2017 854150 "other semiconductor devices", is linked only to
  // 8549xx. By content they correspond to 854150, so we replace their rows by a single pair each.
  const DEFECTIVE: Readonly<Record<string, string>> = { '854151': '854150', '854159': '854150' };
  const conversion = new Map<string, string>();
  for (const r of readCsv(`${rawDir}/${conv}`)) {
    const hs22 = r.fields.hs2022 ?? '';
    conversion.set(hs22, DEFECTIVE[hs22] ?? r.fields.hs2017 ?? '');
  }
  const records = readCsv(`${rawDir}/${corr}`);
  const rejects = new RejectLog();
  const rows: string[][] = [];
  for (const r of records) {
    const hs22 = r.fields.hs2022 ?? '';
    const hs17 = r.fields.hs2017 ?? '';
    if (DEFECTIVE[hs22] !== undefined) {
      rejects.add(
        `defective UNSD correlation of ${hs22} (replaced by ${hs22} → ${DEFECTIVE[hs22]})`,
        corr,
        r.line,
        `${hs22},${hs17}`,
      );
      continue;
    }
    rows.push([hs22, hs17, r.fields.relationship ?? '', conversion.get(hs22) === hs17 ? '1' : '0']);
  }
  for (const [hs22, hs17] of Object.entries(DEFECTIVE)) rows.push([hs22, hs17, 'n:1', '1']);
  rows.sort((a, b) => {
    const k = (x: string[]): string => `${x[0]}|${x[1]}`;
    return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
  });
  return finishTable(
    {
      name: 'hs-concordance',
      title: 'HS2022 → HS2017 correlation table (UNSD), with the 854151/854159 defect corrected',
      description:
        'One row per HS2022–HS2017 pair of the UNSD "Correlations" sheet with its relationship (1:1, n:1, 1:n, n:n); conversion = 1 marks the single HS2017 code the "Conversions" sheet assigns to the HS2022 code.',
      units: 'codes',
      publisher: 'UN Statistics Division',
      datasetCode: 'HS2022toHS2017ConversionAndCorrelationTables',
      licence: base.licence,
      columns: ['hs2022', 'hs2017', 'relationship', 'conversion'],
      caveats: [
        'CORRECTED BY HAND: the UNSD rows of HS2022 854151 and 854159 are defective (Conversions → 851712; Correlations → 157 unrelated HS2017 codes). The build replaces them with 854151 → 854150 and 854159 → 854150 (n:1); the 314 dropped pairs are listed in build.rejects.',
        'HS2017 854150 is still linked to the 8549xx (e-waste) codes as in the UNSD table.',
        'The Conversions sheet is a many-to-one simplification; for value-weighted splitting use all pairs of a code.',
      ],
      provenance,
    },
    rows,
    { rowsRead: records.length + 2, rejects, corrected: 2 },
  );
}

/** `hs-descriptions`: HS2017 and HS2022 descriptions (UN Comtrade). */
export function buildHsDescriptions(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'hs_concordance_unsd/DERIVED_hs_descriptions_hs2017_hs2022.csv',
    publisher: 'UN Comtrade (UN Statistics Division)',
    dataset: 'classificationH5.json / classificationH6.json',
    title: 'HS2017 (H5) and HS2022 (H6) nomenclature descriptions, 2-, 4- and 6-digit',
    url: 'https://github.com/insongkim/concordance/tree/201c812e51f213d967d8701b6ed6398c79df4a04/data-raw',
    licence: 'UN publication, free use with attribution; HS nomenclature © World Customs Organization',
    units: 'text',
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rows = records.map((r) => [
    r.fields.hs_version ?? '',
    r.fields.code ?? '',
    r.fields.digits ?? '',
    r.fields.description ?? '',
    r.fields.parent ?? '',
  ]);
  rows.sort((a, b) => {
    const k = (x: string[]): string => `${x[0]}|${x[1]}`;
    return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
  });
  return finishTable(
    {
      name: 'hs-descriptions',
      title: 'HS2017 and HS2022 descriptions (UN Comtrade)',
      description:
        'Edition, code, digits (2, 4, 6), description and parent code of every HS2017 and HS2022 heading.',
      units: 'text',
      publisher: 'UN Comtrade',
      datasetCode: 'H5 / H6',
      licence: meta.licence,
      columns: ['hsVersion', 'code', 'digits', 'description', 'parent'],
      caveats: ['Both editions include the residual code 999999.'],
      provenance: [provenanceOf(rawDir, 'hs-descriptions', meta)],
    },
    rows,
    { rowsRead: records.length },
  );
}

/**
 * `us-export-prices-monthly`: the U.S. BLS export price index, all commodities (FRED `IQ`), index 2000 = 100.
 * Every month of the raw file is a row; blank months are `missing` (not published), never zero.
 */
export function buildUsExportPrices(rawDir: string): BuiltDataset {
  const meta: SourceMeta = {
    file: 'us_bls_export_price/IQ.csv',
    publisher: 'U.S. Bureau of Labor Statistics (as distributed by FRED)',
    dataset: 'FRED IQ — Export Price Index (End Use): All commodities',
    title: 'U.S. export price index, all commodities, monthly, not seasonally adjusted, 2000 = 100',
    url: 'https://fred.stlouisfed.org/series/IQ',
    licence: 'U.S. government work, public domain (source: U.S. Bureau of Labor Statistics)',
    units: 'index, 2000 = 100',
    notes: [
      'Copied unchanged from GitHub rjgreenresearch/economic-fragility-simulator data/raw/IQ.csv at 2dab4d50dea8cd2cca1f937469683d9918bd29c3 (8,332 bytes).',
    ],
  };
  const records = readCsv(`${rawDir}/${meta.file}`);
  const rows = records.map((r) => {
    const date = r.fields[''] ?? '';
    if (!/^\d{4}-(0[1-9]|1[0-2])-01$/.test(date))
      throw new Error(`us-export-prices-monthly: bad date ${JSON.stringify(date)} on line ${r.line}`);
    const raw = (r.fields.IQ ?? '').trim();
    if (raw === '') return [date.slice(0, 7), '', 'missing'];
    const level = scaleDecimal(raw, 0);
    if (level === undefined || Number(level) <= 0)
      throw new Error(`us-export-prices-monthly: bad level ${JSON.stringify(raw)} on line ${r.line}`);
    return [date.slice(0, 7), level, 'reported'];
  });
  rows.sort((a, b) => compareStrings(a[0] ?? '', b[0] ?? ''));
  const missing = rows.filter((r) => r[2] === 'missing').length;
  return finishTable(
    {
      name: 'us-export-prices-monthly',
      title: 'U.S. export price index (BLS, all commodities), monthly, 2000 = 100, 1983-09 to 2026-03',
      description: `One row per month of the published file: the index level (2000 = 100, not seasonally adjusted) and its status, \`reported\` or \`missing\` (${missing} months not published: the months between the quarterly points of 1983-09..1988-12, and 2025-10). A deflator for USD-valued series (mirror data, Comtrade) in real-terms robustness checks: load it with \`loadPriceIndex('us-export-prices-monthly')\`.`,
      frequency: 'monthly',
      coverage: { from: rows[0]?.[0] ?? '', to: rows.at(-1)?.[0] ?? '' },
      units: 'index, 2000 = 100',
      publisher: 'U.S. Bureau of Labor Statistics',
      datasetCode: 'FRED IQ',
      licence: meta.licence,
      columns: ['period', 'level', 'status'],
      caveats: [
        'U.S. export prices, not EU ones: no EU export price or unit-value index was found. Say so wherever the index is used to deflate trade values.',
        'Quarterly points only from 1983-09 to 1988-12 (the months between are `missing`); monthly from 1989-01.',
        '2025-10 was not published (U.S. federal shutdown): `missing`, never zero or interpolated.',
        'Not seasonally adjusted; a blank level means not published, never zero.',
      ],
      provenance: [provenanceOf(rawDir, 'us-export-prices-monthly', meta)],
    },
    rows,
    { rowsRead: records.length },
  );
}
