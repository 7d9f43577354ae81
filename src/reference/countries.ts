/**
 * Countries and aggregates: codes, names, and the label resolver every loader uses.
 *
 * Our codes are ISO 3166-1 alpha-2 for countries, with `GR` for Greece (Eurostat: `EL`) and `GB` for the United
 * Kingdom (Eurostat: `UK`), plus `XK` Kosovo and Eurostat's `XC` Ceuta / `XL` Melilla, and a few historical
 * entities that still occur in published tables (`AN` Netherlands Antilles, `CS` Serbia and Montenegro, `YU`
 * Yugoslavia, `CSHH` Czechoslovakia, as in ISO 3166-3 / Eurostat). Aggregates have their own codes
 * (`EU27_2020`, `EA20`, `EU_CHANGING`, `WORLD`, …) and are marked as aggregates so nothing sums them with their
 * members.
 *
 * The ISO table is generated (see `scripts/generate-countries.ts`); the labels publishers actually print
 * (Eurostat long labels, the French 2016 Comext file, Russian and national English spellings) are in
 * `country-aliases.ts`.
 *
 * @module
 */
import type { Period } from '../model/period.js';
import { AGGREGATE_ALIASES, COUNTRY_ALIASES, GROUP_LABELS } from './country-aliases.js';
import { COUNTRY_RECORDS } from './country-data.js';
import { EU27 } from './groups.js';

/** A country (or territory with its own code) as we identify it. */
export interface Country {
  /** Our code: ISO 3166-1 alpha-2 (GR, GB), or a documented non-ISO code (XK, XC, XL, AN, CS, YU, CSHH). */
  readonly code: string;
  /** ISO 3166-1 alpha-3 code (or the ISO 3166-3 one for historical entities), when there is one. */
  readonly alpha3: string | undefined;
  /** UN M49 numeric code (three digits), when there is one. */
  readonly m49: string | undefined;
  /** Eurostat geo code: EL for Greece, UK for the United Kingdom, otherwise usually the alpha-2 code. */
  readonly eurostat: string | undefined;
  /** English short name. */
  readonly name: string;
  /** True for entities that no longer exist (Netherlands Antilles, Yugoslavia, …). */
  readonly historical: boolean;
}

/** One membership spell of a changing-composition aggregate: member `code` from `from` to `to` inclusive. */
export interface MembershipSpell {
  /** Member country code. */
  readonly code: string;
  /** First month of membership, `YYYY-MM`. */
  readonly from: Period;
  /** Last month of membership, `YYYY-MM`; absent while still a member. */
  readonly to?: Period;
}

/** An aggregate of countries with its own code. */
export interface Aggregate {
  /** Our code, e.g. `EU27_2020`. */
  readonly code: string;
  /** English name. */
  readonly name: string;
  /** Fixed membership, where the aggregate is defined by a fixed list. */
  readonly members?: readonly string[];
  /** Membership over time, for changing-composition aggregates (`EU_CHANGING`, `EA_CHANGING`). */
  readonly history?: readonly MembershipSpell[];
  /** What it is and where its definition comes from. */
  readonly description: string;
}

/** What a label published in a trade table denotes. */
export type LabelKind = 'country' | 'aggregate' | 'group';

/**
 * The classification of a published partner or reporter label.
 *
 * - `country`: resolves to a country code;
 * - `aggregate`: resolves to a well-defined aggregate code (`WORLD`, `EU27_2020`, `EU_CHANGING`, …);
 * - `group`: a row that is neither (a continent, `CIS`, `Страны ЕАЭС`, `Other`, not-specified and stores and
 *   provisions rows): it has no code, and `reason` says why it cannot be mapped. Loaders reject such rows with
 *   that reason rather than guess.
 */
export interface LabelClassification {
  /** Country, well-defined aggregate, or vague group. */
  readonly kind: LabelKind;
  /** Our code; absent for groups. */
  readonly code?: string;
  /** The label as given. */
  readonly label: string;
  /** For groups: why the row has no code. */
  readonly reason?: string;
}

// The member list lives in groups.ts (EU27), with its source; aggregates here refer to it.
const EU27_MEMBERS = EU27;

const EA20_MEMBERS = [
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
] as const;

/**
 * EU membership spells as Eurostat's `European Union (changing composition)` label lists them
 * (`AT-01/1995, BE-01/1958, …, GB-01/1973->01/2020, …`). The UK's last month in Comext's EU aggregate is 2020-01.
 */
const EU_HISTORY: readonly MembershipSpell[] = [
  { code: 'AT', from: '1995-01' },
  { code: 'BE', from: '1958-01' },
  { code: 'BG', from: '2007-01' },
  { code: 'CY', from: '2004-05' },
  { code: 'CZ', from: '2004-05' },
  { code: 'DE', from: '1958-01' },
  { code: 'DK', from: '1973-01' },
  { code: 'EE', from: '2004-05' },
  { code: 'ES', from: '1986-01' },
  { code: 'FI', from: '1995-01' },
  { code: 'FR', from: '1958-01' },
  { code: 'GB', from: '1973-01', to: '2020-01' },
  { code: 'GR', from: '1981-01' },
  { code: 'HR', from: '2013-07' },
  { code: 'HU', from: '2004-05' },
  { code: 'IE', from: '1973-01' },
  { code: 'IT', from: '1958-01' },
  { code: 'LT', from: '2004-05' },
  { code: 'LU', from: '1958-01' },
  { code: 'LV', from: '2004-05' },
  { code: 'MT', from: '2004-05' },
  { code: 'NL', from: '1958-01' },
  { code: 'PL', from: '2004-05' },
  { code: 'PT', from: '1986-01' },
  { code: 'RO', from: '2007-01' },
  { code: 'SE', from: '1995-01' },
  { code: 'SI', from: '2004-05' },
  { code: 'SK', from: '2004-05' },
];

/** Euro-area membership as Eurostat's `Euro area (AT-01/1999, …, HR-01/2023, …)` label lists it. */
const EA_HISTORY: readonly MembershipSpell[] = [
  { code: 'AT', from: '1999-01' },
  { code: 'BE', from: '1999-01' },
  { code: 'CY', from: '2008-01' },
  { code: 'DE', from: '1999-01' },
  { code: 'EE', from: '2011-01' },
  { code: 'ES', from: '1999-01' },
  { code: 'FI', from: '1999-01' },
  { code: 'FR', from: '1999-01' },
  { code: 'GR', from: '2001-01' },
  { code: 'HR', from: '2023-01' },
  { code: 'IE', from: '1999-01' },
  { code: 'IT', from: '1999-01' },
  { code: 'LT', from: '2015-01' },
  { code: 'LU', from: '1999-01' },
  { code: 'LV', from: '2014-01' },
  { code: 'MT', from: '2008-01' },
  { code: 'NL', from: '1999-01' },
  { code: 'PT', from: '1999-01' },
  { code: 'SI', from: '2007-01' },
  { code: 'SK', from: '2009-01' },
];

/**
 * Every aggregate code we use, with its members where they are defined.
 *
 * Sources: Eurostat geo code list and the Comext reporter labels (EU27_2020, EA20, EA19, EU28, the changing
 * compositions); ONS's `W1`/`B5`/`D5` totals map to WORLD / EU27_2020 / EXTRA_EU27_2020.
 *
 * @example
 * AGGREGATES.find((a) => a.code === 'EA20')?.members?.length; // => 20
 */
export const AGGREGATES: readonly Aggregate[] = [
  { code: 'WORLD', name: 'World', description: 'All partners (the publisher’s total).' },
  {
    code: 'EU27_2020',
    name: 'European Union - 27 countries (from 2020)',
    members: EU27_MEMBERS,
    description:
      'The EU of 27 member states after the UK left (2020-02), applied to every period (Eurostat).',
  },
  {
    code: 'EU28',
    name: 'European Union - 28 countries (2013-2020)',
    members: [...EU27_MEMBERS, 'GB'].sort(),
    description: 'The EU of 28 member states (2013-07 to 2020-01), applied to every period (Eurostat).',
  },
  {
    code: 'EU_CHANGING',
    name: 'European Union (changing composition)',
    history: EU_HISTORY,
    description:
      'The EU as composed in each period: includes the UK until 2020-01 and Croatia from 2013-07 (Eurostat EU_changing). National statistics’ “EU” rows mean this.',
  },
  {
    code: 'EA20',
    name: 'Euro area - 20 countries (from 2023)',
    members: EA20_MEMBERS,
    description:
      'The 20 euro-area members from 2023 (Croatia joined 2023-01), applied to every period (Eurostat).',
  },
  {
    code: 'EA19',
    name: 'Euro area - 19 countries (2015-2022)',
    members: EA20_MEMBERS.filter((c) => c !== 'HR'),
    description: 'The 19 euro-area members of 2015-2022, applied to every period (Eurostat).',
  },
  {
    code: 'EA_CHANGING',
    name: 'Euro area (changing composition)',
    history: EA_HISTORY,
    description: 'The euro area as composed in each period (Eurostat EA_changing).',
  },
  {
    code: 'EXTRA_EU27_2020',
    name: 'Extra-EU27 (from 2020)',
    description:
      'All partners outside the EU27_2020 (Eurostat; ONS “Non-EU” subtotal). Its members are every partner that is not an EU27_2020 member.',
  },
  {
    code: 'INTRA_EU27_2020',
    name: 'Intra-EU27 (from 2020)',
    members: EU27_MEMBERS,
    description: 'Trade among the EU27_2020 members (Eurostat); as a partner, the 27 member states.',
  },
  {
    code: 'BE_LU',
    name: 'Belgium-Luxembourg',
    members: ['BE', 'LU'],
    description: 'Belgium and Luxembourg together, as the IMF reports them for years before 1999.',
  },
  {
    code: 'CHANNEL_ISLANDS',
    name: 'Channel Islands',
    members: ['GG', 'JE'],
    description: 'Guernsey and Jersey together, as Armstat and the Kyrgyz statistics committee report them.',
  },
];

/** Entities not in ISO 3166-1 that still occur in published tables. */
const EXTRA_COUNTRIES: readonly Country[] = [
  { code: 'XC', alpha3: undefined, m49: undefined, eurostat: 'XC', name: 'Ceuta', historical: false },
  { code: 'XL', alpha3: undefined, m49: undefined, eurostat: 'XL', name: 'Melilla', historical: false },
  { code: 'AN', alpha3: 'ANT', m49: '530', eurostat: 'AN', name: 'Netherlands Antilles', historical: true },
  { code: 'CS', alpha3: 'SCG', m49: '891', eurostat: 'CS', name: 'Serbia and Montenegro', historical: true },
  { code: 'YU', alpha3: 'YUG', m49: '890', eurostat: 'YU', name: 'Yugoslavia', historical: true },
  { code: 'CSHH', alpha3: 'CSK', m49: '200', eurostat: undefined, name: 'Czechoslovakia', historical: true },
];

/**
 * Every country we know: the ISO 3166-1 list plus Kosovo, Ceuta, Melilla and a few historical entities.
 *
 * @example
 * COUNTRIES.find((c) => c.code === 'GR')?.eurostat; // => 'EL'
 */
export const COUNTRIES: readonly Country[] = [
  ...COUNTRY_RECORDS.map(
    (r): Country => ({
      code: r.alpha2,
      alpha3: r.alpha3,
      m49: r.m49,
      eurostat: r.eurostat,
      name: r.name,
      historical: false,
    }),
  ),
  ...EXTRA_COUNTRIES,
];

const COUNTRY_BY_CODE = new Map<string, Country>(COUNTRIES.map((c) => [c.code, c]));
const AGGREGATE_BY_CODE = new Map<string, Aggregate>(AGGREGATES.map((a) => [a.code, a]));

const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
};

/**
 * Normalise a published label for matching: Unicode NFKC, typographic quotes and apostrophes to ASCII, surrounding
 * quotes removed, Latin look-alike letters inside Cyrillic words replaced by Cyrillic ones (`Китaй` with a Latin
 * `a` → `Китай`), diacritics removed, case folded, whitespace collapsed and spaces around hyphens dropped.
 *
 * @param label - a label as published
 * @returns the matching key (not meant for display)
 * @example
 * normaliseLabel('  Республикa  Корея '); // => 'республика корея'
 */
export function normaliseLabel(label: string): string {
  let s = label
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u00a0/g, ' ')
    .trim();
  while (
    s.length >= 2 &&
    ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))
  ) {
    s = s.slice(1, -1).trim();
  }
  if (/[\u0400-\u04ff]/.test(s)) {
    s = s.replace(/[ABCEHKMOPTXYaceopxy]/g, (ch) => LATIN_TO_CYRILLIC[ch] ?? ch);
  }
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

interface LabelIndex {
  readonly byName: Map<string, LabelClassificationCore>;
  readonly byCode: Map<string, string>;
}

interface LabelClassificationCore {
  readonly kind: LabelKind;
  readonly code?: string;
  readonly reason?: string;
}

let index: LabelIndex | undefined;

function buildIndex(): LabelIndex {
  const byName = new Map<string, LabelClassificationCore>();
  const byCode = new Map<string, string>();
  const addName = (name: string, entry: LabelClassificationCore, override: boolean): void => {
    const key = normaliseLabel(name);
    if (key === '') return;
    if (override || !byName.has(key)) byName.set(key, entry);
  };
  // Generated ISO names first, so hand-made aliases (added after, with override) win on conflicts.
  for (const r of COUNTRY_RECORDS) {
    const entry: LabelClassificationCore = { kind: 'country', code: r.alpha2 };
    for (const n of [...r.en, ...r.fr, ...r.ru]) addName(n, entry, false);
    byCode.set(r.alpha2, r.alpha2);
    byCode.set(r.alpha3, r.alpha2);
    byCode.set(r.m49, r.alpha2);
    if (!byCode.has(r.eurostat)) byCode.set(r.eurostat, r.alpha2);
  }
  for (const c of EXTRA_COUNTRIES) {
    addName(c.name, { kind: 'country', code: c.code }, true);
    byCode.set(c.code, c.code);
    if (c.alpha3 !== undefined) byCode.set(c.alpha3, c.code);
    if (c.m49 !== undefined) byCode.set(c.m49, c.code);
  }
  // Eurostat's own codes that differ from ISO 3166-1.
  byCode.set('EL', 'GR');
  byCode.set('UK', 'GB');
  byCode.set('XS', 'RS');
  for (const a of AGGREGATES) {
    byCode.set(a.code, a.code);
    addName(a.name, { kind: 'aggregate', code: a.code }, true);
  }
  for (const [code, names] of Object.entries(COUNTRY_ALIASES)) {
    for (const n of names) addName(n, { kind: 'country', code }, true);
  }
  for (const [code, names] of Object.entries(AGGREGATE_ALIASES)) {
    for (const n of names) addName(n, { kind: 'aggregate', code }, true);
  }
  for (const g of GROUP_LABELS) {
    for (const n of g.labels) addName(n, { kind: 'group', reason: g.reason }, true);
  }
  return { byName, byCode };
}

function getIndex(): LabelIndex {
  index ??= buildIndex();
  return index;
}

/** Aggregate codes in other spellings (`EU_changing` in the stacked Comext file, `EU27` …). */
const CODE_SPELLINGS: Readonly<Record<string, string>> = {
  EU27_2020: 'EU27_2020',
  EU27: 'EU27_2020',
  EU28: 'EU28',
  EU_CHANGING: 'EU_CHANGING',
  EA20: 'EA20',
  EA19: 'EA19',
  EA_CHANGING: 'EA_CHANGING',
  EXTRA_EU27_2020: 'EXTRA_EU27_2020',
  INTRA_EU27_2020: 'INTRA_EU27_2020',
  WORLD: 'WORLD',
  W1: 'WORLD',
};

// Loaders resolve the same few hundred labels on every row: remember the answers (bounded, labels are short).
const memo = new Map<string, LabelClassificationCore | null>();
const MEMO_LIMIT = 20_000;

function classifyCore(label: string): LabelClassificationCore | undefined {
  const hit = memo.get(label);
  if (hit !== undefined) return hit ?? undefined;
  const result = classifyUncached(label);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(label, result ?? null);
  return result;
}

function classifyUncached(label: string): LabelClassificationCore | undefined {
  const { byName, byCode } = getIndex();
  const raw = label
    .normalize('NFKC')
    .trim()
    .replace(/^["']+|["']+$/g, '');
  // Codes: case-sensitive for ISO letters (so that names are never read as codes), digits for M49.
  if (/^[A-Z]{2,4}$/.test(raw) || /^\d{1,3}$/.test(raw)) {
    const key = /^\d+$/.test(raw) ? raw.padStart(3, '0') : raw;
    const code = byCode.get(key);
    if (code !== undefined) {
      return { kind: AGGREGATE_BY_CODE.has(code) ? 'aggregate' : 'country', code };
    }
  }
  const spelled = CODE_SPELLINGS[raw.toUpperCase()];
  if (spelled !== undefined && (/^[A-Z0-9_]+$/.test(raw) || /^[A-Za-z0-9]+_[A-Za-z0-9_]+$/.test(raw))) {
    return { kind: 'aggregate', code: spelled };
  }
  const key = normaliseLabel(label);
  const direct = byName.get(key);
  if (direct !== undefined) return direct;
  // Eurostat long labels: `Germany (incl. German Democratic Republic 'DD' from 1991)`, `Belarus (Belorussia)`.
  const paren = key.indexOf(' (');
  if (paren > 0) {
    const stripped = byName.get(key.slice(0, paren).trim());
    if (stripped !== undefined) return stripped;
  }
  // `Moldova, Republic of` → `Republic of Moldova`; `Russie, Fédération de` → `Fédération de Russie`.
  const base = paren > 0 ? key.slice(0, paren).trim() : key;
  const comma = base.indexOf(', ');
  if (comma > 0) {
    const inverted = `${base.slice(comma + 2)} ${base.slice(0, comma)}`;
    const hit = byName.get(inverted);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * Classify a published partner or reporter label as a country, a well-defined aggregate or a vague group.
 *
 * Accepts what {@link resolveCountryLabel} accepts. Group rows (`Страны СНГ`, `CIS`, `Africa`, `Other countries`,
 * `Countries and territories not specified …`) come back as `{ kind: 'group', reason }` without a code, so a loader
 * can reject them with that reason instead of guessing.
 *
 * @param label - a code or a label as published
 * @returns the classification, or `undefined` when the label is unknown
 * @example
 * classifyLabel('Kyrgyz Republic'); // => { kind: 'country', code: 'KG', label: 'Kyrgyz Republic' }
 * classifyLabel('Страны СНГ')?.kind; // => 'group'
 */
export function classifyLabel(label: string): LabelClassification | undefined {
  const core = classifyCore(label);
  if (core === undefined) return undefined;
  return { ...core, label };
}

/**
 * Resolve a country or aggregate label or code to our code.
 *
 * Accepts ISO alpha-2 / alpha-3 / M49 codes, Eurostat codes (`EL` → `GR`, `UK` → `GB`), aggregate codes
 * (`EU27_2020`, `EU_changing`), English, French and Russian names, Eurostat long labels (`Germany (incl. German
 * Democratic Republic 'DD' from 1991)`, `European Union - 27 countries (AT, BE, …)`) and the spellings of national
 * statistics (`USA`, `Kyrgyz Republic`, `The EU`, `Китaй` with a Latin `a`), after trimming and case, whitespace,
 * quote and look-alike normalisation.
 *
 * @param label - a code or a label as published
 * @returns our code (`KG`, `GR`, `EU27_2020`, `WORLD`, …), or `undefined` for unknown labels and for vague group
 *   rows (use {@link classifyLabel} to tell those apart)
 * @example
 * resolveCountryLabel('Russie, Fédération de'); // => 'RU'
 * resolveCountryLabel('EL'); // => 'GR'
 * resolveCountryLabel('Страны СНГ'); // => undefined
 */
export function resolveCountryLabel(label: string): string | undefined {
  const core = classifyCore(label);
  return core?.kind === 'group' ? undefined : core?.code;
}

/**
 * Whether a code is an aggregate of countries (`EU27_2020`, `EA20`, `EU_CHANGING`, `WORLD`, …).
 *
 * Country codes, unknown codes and labels return `false`.
 *
 * @param code - our code
 * @returns `true` for the codes in {@link AGGREGATES}
 * @example
 * isAggregate('EU27_2020'); // => true
 * isAggregate('KG'); // => false
 */
export function isAggregate(code: string): boolean {
  return AGGREGATE_BY_CODE.has(code);
}

/**
 * Whether a code is one of our country codes (ISO alpha-2 or a documented extra such as `XK`).
 *
 * @param code - our code
 * @returns `true` for country codes, `false` for aggregates and unknown codes
 * @example
 * isCountryCode('GR'); // => true
 * isCountryCode('EL'); // => false (a Eurostat code: resolve it first)
 */
export function isCountryCode(code: string): boolean {
  return COUNTRY_BY_CODE.has(code);
}

/**
 * The country record for one of our codes.
 *
 * @param code - our code, e.g. `KG`
 * @returns the record, or `undefined` for unknown codes and aggregates
 * @example
 * getCountry('KG')?.alpha3; // => 'KGZ'
 */
export function getCountry(code: string): Country | undefined {
  return COUNTRY_BY_CODE.get(code);
}

/**
 * The aggregate record for an aggregate code.
 *
 * @param code - an aggregate code, e.g. `EU27_2020`
 * @returns the record, or `undefined` when `code` is not an aggregate
 * @example
 * getAggregate('EU27_2020')?.members?.length; // => 27
 */
export function getAggregate(code: string): Aggregate | undefined {
  return AGGREGATE_BY_CODE.get(code);
}

/**
 * The members of an aggregate, optionally in one period (for changing-composition aggregates).
 *
 * @param code - an aggregate code
 * @param period - `YYYY-MM` or `YYYY` (a year counts a member present in any of its months); required to list the
 *   members of `EU_CHANGING` / `EA_CHANGING`
 * @returns sorted member codes; `undefined` when the aggregate has no defined member list (`WORLD`,
 *   `EXTRA_EU27_2020`), when `code` is not an aggregate, or when a changing composition is asked without a period
 * @example
 * aggregateMembers('EU_CHANGING', '2019-06')?.includes('GB'); // => true
 * aggregateMembers('EU_CHANGING', '2020-02')?.includes('GB'); // => false
 */
export function aggregateMembers(code: string, period?: Period): readonly string[] | undefined {
  const a = AGGREGATE_BY_CODE.get(code);
  if (a === undefined) return undefined;
  if (a.members !== undefined) return a.members;
  if (a.history === undefined || period === undefined) return undefined;
  const first = period.length === 4 ? `${period}-01` : period;
  const last = period.length === 4 ? `${period}-12` : period;
  return a.history
    .filter((s) => s.from <= last && (s.to === undefined || s.to >= first))
    .map((s) => s.code)
    .sort();
}

/**
 * Our code for a Eurostat geo code (`EL` → `GR`, `UK` → `GB`, `XS` → `RS`), or the code itself.
 *
 * @param code - a Eurostat geo code
 * @returns our code
 * @example
 * fromEurostatCode('EL'); // => 'GR'
 */
export function fromEurostatCode(code: string): string {
  return code === 'EL' ? 'GR' : code === 'UK' ? 'GB' : code === 'XS' ? 'RS' : code;
}

/**
 * The Eurostat geo code for one of our codes (`GR` → `EL`, `GB` → `UK`), or the code itself.
 *
 * @param code - our code
 * @returns the Eurostat code
 * @example
 * toEurostatCode('GR'); // => 'EL'
 */
export function toEurostatCode(code: string): string {
  return COUNTRY_BY_CODE.get(code)?.eurostat ?? code;
}
