// TEMPORARY STUB — the reference-data helper replaces this file. Contract other modules rely on:
//   resolveCountryLabel(label): our code (ISO alpha-2 with GR/GB, or an aggregate code such as EU27_2020,
//     EA20, EU_CHANGING, EA_CHANGING, WORLD, EXTRA_EU27_2020, INTRA_EU27_2020), or undefined if unknown;
//     accepts ISO2/ISO3/M49/Eurostat codes, English/French/Russian names and Eurostat long labels.
//   isAggregate(code): true for aggregate codes.
const STUB: Record<string, string> = {
  kazakhstan: 'KZ',
  kyrgyzstan: 'KG',
  armenia: 'AM',
  georgia: 'GE',
  uzbekistan: 'UZ',
  'russian federation (russia)': 'RU',
  'russian federation': 'RU',
  austria: 'AT',
  malta: 'MT',
  cyprus: 'CY',
  "germany (incl. german democratic republic 'dd' from 1991)": 'DE',
};

/**
 * Resolve a country or aggregate label or code to our code.
 *
 * @example
 * resolveCountryLabel('Kazakhstan'); // => 'KZ'
 */
export function resolveCountryLabel(label: string): string | undefined {
  const s = label.trim();
  if (/^[A-Z]{2}$/.test(s)) return s === 'EL' ? 'GR' : s === 'UK' ? 'GB' : s;
  if (s.startsWith('European Union - 27 countries')) return 'EU27_2020';
  return STUB[s.toLowerCase()];
}

/**
 * Whether a code is an aggregate of countries.
 *
 * @example
 * isAggregate('EU27_2020'); // => true
 */
export function isAggregate(code: string): boolean {
  return !/^[A-Z]{2}$/.test(code);
}
