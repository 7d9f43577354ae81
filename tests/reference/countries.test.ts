import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATES,
  aggregateMembers,
  COUNTRIES,
  classifyLabel,
  fromEurostatCode,
  getAggregate,
  getCountry,
  isAggregate,
  isCountryCode,
  normaliseLabel,
  resolveCountryLabel,
  toEurostatCode,
} from '../../src/reference/countries.js';
import { RAW_DIR } from '../datasets/raw-dir.js';

describe('resolveCountryLabel', () => {
  it('resolves ISO alpha-2, alpha-3, M49 and Eurostat codes', () => {
    expect(resolveCountryLabel('KG')).toBe('KG');
    expect(resolveCountryLabel('KGZ')).toBe('KG');
    expect(resolveCountryLabel('417')).toBe('KG');
    expect(resolveCountryLabel('51')).toBe('AM');
    expect(resolveCountryLabel('051')).toBe('AM');
    expect(resolveCountryLabel('EL')).toBe('GR');
    expect(resolveCountryLabel('UK')).toBe('GB');
    expect(resolveCountryLabel('XK')).toBe('XK');
    expect(resolveCountryLabel('XS')).toBe('RS');
  });

  it('resolves aggregate codes in every spelling the files use', () => {
    expect(resolveCountryLabel('EU27_2020')).toBe('EU27_2020');
    expect(resolveCountryLabel('EU_changing')).toBe('EU_CHANGING');
    expect(resolveCountryLabel('EA_changing')).toBe('EA_CHANGING');
    expect(resolveCountryLabel('EA20')).toBe('EA20');
    expect(resolveCountryLabel('WORLD')).toBe('WORLD');
  });

  it('resolves Eurostat long labels', () => {
    expect(resolveCountryLabel("Germany (incl. German Democratic Republic 'DD' from 1991)")).toBe('DE');
    expect(resolveCountryLabel('Russian Federation (Russia)')).toBe('RU');
    expect(resolveCountryLabel('Belarus (Belorussia)')).toBe('BY');
    expect(resolveCountryLabel('Kyrgyz Republic')).toBe('KG');
    expect(
      resolveCountryLabel(
        'European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK)',
      ),
    ).toBe('EU27_2020');
    expect(resolveCountryLabel('European Union (AT-01/1995, BE-01/1958, GB-01/1973->01/2020)')).toBe(
      'EU_CHANGING',
    );
    expect(resolveCountryLabel('Euro area - 20 countries (AT, BE, CY)')).toBe('EA20');
    expect(resolveCountryLabel('Euro area (AT-01/1999, BE-01/1999)')).toBe('EA_CHANGING');
    expect(
      resolveCountryLabel('Occupied Palestinian Territory (West Bank (incl. East Jerusalem) and Gaza Strip)'),
    ).toBe('PS');
  });

  it('resolves the French labels of the 2016 Comext file', () => {
    expect(resolveCountryLabel('Russie, Fédération de')).toBe('RU');
    expect(resolveCountryLabel('Biélorussie (Belarus)')).toBe('BY');
    expect(resolveCountryLabel('Iles Heard et McDonald')).toBe('HM');
    expect(resolveCountryLabel('Turquie')).toBe('TR');
    expect(resolveCountryLabel('Azerbaïdjan')).toBe('AZ');
    expect(resolveCountryLabel('Tadjikistan')).toBe('TJ');
    expect(resolveCountryLabel('Mongolie')).toBe('MN');
    expect(resolveCountryLabel('Union européenne - 27 pays (AT, BE, BG)')).toBe('EU27_2020');
  });

  it('resolves Russian labels with Latin look-alike letters and double spaces', () => {
    expect(resolveCountryLabel('Китaй')).toBe('CN');
    expect(resolveCountryLabel('Гермaния')).toBe('DE');
    expect(resolveCountryLabel('Республикa  Корея')).toBe('KR');
    expect(resolveCountryLabel('Чешская  республика')).toBe('CZ');
    expect(resolveCountryLabel(' Россия')).toBe('RU');
    expect(resolveCountryLabel('Кыргызстан')).toBe('KG');
    expect(resolveCountryLabel('Всего')).toBe('WORLD');
  });

  it('resolves national English spellings', () => {
    expect(resolveCountryLabel('USA')).toBe('US');
    expect(resolveCountryLabel('United States')).toBe('US');
    expect(resolveCountryLabel('Iran')).toBe('IR');
    expect(resolveCountryLabel('Islamic Republic of Iran')).toBe('IR');
    expect(resolveCountryLabel('The EU')).toBe('EU_CHANGING');
    expect(resolveCountryLabel('Great Britain')).toBe('GB');
    expect(resolveCountryLabel('China (Sar Hong Kong)')).toBe('HK');
    expect(resolveCountryLabel('Congo')).toBe('CG');
    expect(resolveCountryLabel('Congo (Democratic Republic)')).toBe('CD');
  });

  it('normalises quotes, case and surrounding whitespace', () => {
    expect(resolveCountryLabel('"Kazakhstan"')).toBe('KZ');
    expect(resolveCountryLabel('  kAZAKHSTAN  ')).toBe('KZ');
    expect(resolveCountryLabel('Côte d’Ivoire')).toBe('CI');
    expect(resolveCountryLabel("Cote d'Ivoire")).toBe('CI');
  });

  it('returns undefined for unknown labels and for group rows', () => {
    expect(resolveCountryLabel('Atlantis')).toBeUndefined();
    expect(resolveCountryLabel('Страны СНГ')).toBeUndefined();
    expect(resolveCountryLabel('')).toBeUndefined();
    // Names are never read as codes: lower-case two letters are not ISO codes.
    expect(resolveCountryLabel('kg')).toBeUndefined();
  });

  test.prop([
    fc.constantFrom(...COUNTRIES.filter((c) => !c.historical)),
    fc.constantFrom(' ', '  ', '\t', ''),
    fc.boolean(),
  ])('is invariant to case, padding and quoting of a country name', (country, pad, upper) => {
    const name = upper ? country.name.toUpperCase() : country.name.toLowerCase();
    expect(resolveCountryLabel(`${pad}"${name}"${pad}`)).toBe(resolveCountryLabel(country.name));
    expect(resolveCountryLabel(country.name)).toBe(country.code);
  });
});

describe('classifyLabel', () => {
  it('tells countries, aggregates and groups apart', () => {
    expect(classifyLabel('Kyrgyz Republic')).toEqual({
      kind: 'country',
      code: 'KG',
      label: 'Kyrgyz Republic',
    });
    expect(classifyLabel('Total')).toEqual({ kind: 'aggregate', code: 'WORLD', label: 'Total' });
    const cis = classifyLabel('Страны СНГ');
    expect(cis?.kind).toBe('group');
    expect(cis?.code).toBeUndefined();
    expect(cis?.reason).toMatch(/CIS/);
    expect(classifyLabel('Страны ЕАЭС')?.kind).toBe('group');
    expect(classifyLabel('Africa')?.kind).toBe('group');
    expect(classifyLabel('Other countries')?.kind).toBe('group');
    expect(classifyLabel('Stores and provisions within the framework of extra-Union trade')?.kind).toBe(
      'group',
    );
    expect(classifyLabel('Atlantis')).toBeUndefined();
  });

  it('keeps the Kyrgyz EU-institutions row apart from the EU aggregate row', () => {
    expect(classifyLabel('ЕС')?.code).toBe('EU_CHANGING');
    expect(classifyLabel('Европейский союз (ЕС)')?.kind).toBe('group');
  });
});

describe('aggregates', () => {
  it('marks aggregates and only aggregates', () => {
    for (const a of AGGREGATES) expect(isAggregate(a.code)).toBe(true);
    for (const c of ['KG', 'GR', 'GB', 'XK', 'DE']) expect(isAggregate(c)).toBe(false);
    expect(isAggregate('EL')).toBe(false);
    expect(isCountryCode('GR')).toBe(true);
    expect(isCountryCode('EU27_2020')).toBe(false);
  });

  it('lists members where they are defined', () => {
    expect(getAggregate('EU27_2020')?.members).toHaveLength(27);
    expect(getAggregate('EU27_2020')?.members).toContain('GR');
    expect(getAggregate('EU27_2020')?.members).not.toContain('GB');
    expect(getAggregate('EU28')?.members).toHaveLength(28);
    expect(getAggregate('EA20')?.members).toHaveLength(20);
    expect(getAggregate('EA19')?.members).not.toContain('HR');
    expect(aggregateMembers('WORLD')).toBeUndefined();
  });

  it('follows the changing compositions over time', () => {
    expect(aggregateMembers('EU_CHANGING', '2020-01')).toContain('GB');
    expect(aggregateMembers('EU_CHANGING', '2020-02')).not.toContain('GB');
    expect(aggregateMembers('EU_CHANGING', '2020-02')).toEqual(getAggregate('EU27_2020')?.members);
    expect(aggregateMembers('EU_CHANGING', '2013-06')).not.toContain('HR');
    expect(aggregateMembers('EU_CHANGING', '2013')).toContain('HR');
    expect(aggregateMembers('EA_CHANGING', '2022-12')).toHaveLength(19);
    expect(aggregateMembers('EA_CHANGING', '2023-01')).toHaveLength(20);
    expect(aggregateMembers('EU_CHANGING')).toBeUndefined();
  });
});

describe('country records', () => {
  it('carry ISO and Eurostat codes', () => {
    expect(getCountry('GR')).toMatchObject({ alpha3: 'GRC', m49: '300', eurostat: 'EL' });
    expect(getCountry('GB')).toMatchObject({ alpha3: 'GBR', m49: '826', eurostat: 'UK' });
    expect(toEurostatCode('GR')).toBe('EL');
    expect(toEurostatCode('KG')).toBe('KG');
    expect(fromEurostatCode('UK')).toBe('GB');
    expect(COUNTRIES.length).toBeGreaterThan(249);
  });

  it('normalises labels to matching keys', () => {
    expect(normaliseLabel('  Республикa  Корея ')).toBe('республика корея');
    expect(normaliseLabel('Côte d’Ivoire')).toBe("cote d'ivoire");
  });
});

/**
 * Labels that occur in the raw files and deliberately do not resolve to a code, with the reason. The build script
 * handles each of them explicitly.
 */
const DELIBERATELY_UNRESOLVED: Readonly<Record<string, string>> = {
  Корея:
    'Uzbek Russian label, ambiguous between North and South Korea; the Uzbek file is read by its M49 code (410 = KR)',
  '0': 'Uzbek code of "Other countries" (a residual row, its label classifies as a group)',
  B5: 'ONS subtotal code; the build script maps it to EU27_2020',
  D5: 'ONS subtotal code; the build script maps it to EXTRA_EU27_2020',
};

function csvColumn(file: string, column: string): string[] {
  const rows = parse(readFileSync(join(RAW_DIR, file), 'utf8'), {
    columns: true,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string | undefined>[];
  return rows.map((r) => r[column] ?? '').filter((v) => v !== '');
}

function rawLabels(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (source: string, labels: readonly string[]): void => {
    for (const l of labels) {
      if (!out.has(l)) out.set(l, new Set());
      out.get(l)?.add(source);
    }
  };
  const comext = 'eurostat_comext_marylev';
  for (const dir of readdirSync(join(RAW_DIR, comext), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(RAW_DIR, comext, dir.name))) {
      const file = `${comext}/${dir.name}/${f}`;
      add(file, csvColumn(file, 'REPORTER'));
      add(file, csvColumn(file, 'PARTNER'));
    }
  }
  add('annual', csvColumn(`${comext}/DERIVED_annual_eu27_exports_all_partners.csv`, 'partner_label'));
  add('monthly', csvColumn(`${comext}/DERIVED_monthly_total_goods_by_member_state.csv`, 'reporter_code'));
  add('monthly', csvColumn(`${comext}/DERIVED_monthly_total_goods_by_member_state.csv`, 'reporter_label'));
  add('monthly', csvColumn(`${comext}/DERIVED_monthly_total_goods_by_member_state.csv`, 'partner_iso2'));
  const ms = 'eurostat_comext_ruimpeks/DERIVED_member_state_total_and_hs27_monthly_2020-01_2022-12.csv';
  add('ms-totals', csvColumn(ms, 'reporter_label'));
  add('ms-totals', csvColumn(ms, 'partner_label'));
  add('sanctioned', csvColumn('eurostat_comext_ruimpeks/salys.csv', 'country'));
  add('sanctioned', csvColumn('eurostat_comext_ruimpeks/eu_countries.csv', 'reporter'));
  const ns = 'national_stats_marylev';
  add('kz', csvColumn(`${ns}/kazakhstan_data/DERIVED_kz_trade_by_partner_annual.csv`, 'partner_label_ru'));
  add('kg', csvColumn(`${ns}/kyrgyzstan_data/DERIVED_kg_trade_by_partner_annual.csv`, 'partner_label_en'));
  add('kg', csvColumn(`${ns}/kyrgyzstan_data/DERIVED_kg_trade_by_partner_annual.csv`, 'partner_label_ru'));
  add(
    'ru',
    csvColumn(`${ns}/russian_data/DERIVED_ru_customs_trade_main_partners_monthly.csv`, 'partner_label_ru'),
  );
  for (const f of ['sdmx_data_1105.csv', 'sdmx_data_1176.csv']) {
    for (const col of ['Code', 'Klassifikator_ru', 'Klassifikator_en']) {
      add('uz', csvColumn(`${ns}/uzbekistan_data/${f}`, col));
    }
  }
  add('am-old', csvColumn(`${ns}/armenia_data/armenia_data.csv`, 'country'));
  add('am', csvColumn('armstat_tvyal/arm_trade_country.csv', 'country'));
  add('imf', csvColumn('imf_imts_russia/RU_trade.csv', 'COUNTERPART_COUNTRY.ID'));
  add('imf', csvColumn('imf_imts_russia/RU_trade.csv', 'COUNTERPART_COUNTRY'));
  const ons = 'ons_uk_trade_by_country/DERIVED_uk_trade_in_goods_by_country_monthly.csv';
  add('ons', csvColumn(ons, 'ons_country_code'));
  add('ons', csvColumn(ons, 'country_name'));
  return out;
}

describe('every label in the raw files', () => {
  const labels = rawLabels();

  it('resolves to a code or is an explicitly listed group or exception', () => {
    // Positive anchor: the files were read.
    expect(labels.size).toBeGreaterThan(1500);
    const unresolved = [...labels.keys()].filter(
      (l) => classifyLabel(l) === undefined && DELIBERATELY_UNRESOLVED[l] === undefined,
    );
    expect(unresolved).toEqual([]);
    for (const l of Object.keys(DELIBERATELY_UNRESOLVED)) {
      expect(labels.has(l)).toBe(true);
      expect(resolveCountryLabel(l)).toBeUndefined();
    }
  });

  it('maps the trap labels to the right codes', () => {
    expect(labels.has('Russie, Fédération de')).toBe(true);
    expect(resolveCountryLabel('Russie, Fédération de')).toBe('RU');
    expect(labels.has('Китaй')).toBe(true);
    expect(labels.has('Республикa  Корея')).toBe(true);
    expect(resolveCountryLabel('Республикa  Корея')).toBe('KR');
    // Armstat prints both spellings of two partners: they must land on one code each.
    expect(resolveCountryLabel('USA')).toBe(resolveCountryLabel('United States'));
    expect(resolveCountryLabel('Iran')).toBe(resolveCountryLabel('Islamic Republic of Iran'));
    // The Kazakh "EU countries" row exists beside the member states.
    expect(labels.has('Страны ЕС')).toBe(true);
    expect(classifyLabel('Страны ЕС')?.kind).toBe('aggregate');
  });

  it('never maps a group row to a code', () => {
    const groups = [...labels.keys()].filter((l) => classifyLabel(l)?.kind === 'group');
    expect(groups.length).toBeGreaterThan(40);
    for (const g of groups) expect(resolveCountryLabel(g)).toBeUndefined();
  });
});
