/**
 * Country groups used to define treated, control and exporter sets. Each is a typed, readonly list of our country
 * codes (ISO 3166-1 alpha-2, GR/GB) with its source.
 *
 * @module
 */

/**
 * The 27 EU member states since the UK left on 2020-01-31 (Eurostat aggregate `EU27_2020`).
 *
 * Source: Eurostat, country codes and the `EU27_2020` geo aggregate.
 *
 * @example
 * EU27.includes('GR'); // => true
 */
export const EU27 = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;

/**
 * The Eurasian Economic Union: Russia, Belarus, Kazakhstan (founders, 2015-01-01), Armenia (2015-01-02) and the
 * Kyrgyz Republic (2015-08-12). Goods move between members without customs controls, which is what makes the
 * members' imports from the EU a route to Russia.
 *
 * Source: Treaty on the Eurasian Economic Union (signed 2014-05-29) and the accession treaties of Armenia and the
 * Kyrgyz Republic.
 *
 * @example
 * EAEU.length; // => 5
 */
export const EAEU = ['RU', 'BY', 'KZ', 'AM', 'KG'] as const;

/**
 * The three Central Asian and Caucasus destinations of the EBRD "Eurasian roundabout" (Kazakhstan, Armenia,
 * Kyrgyz Republic): the treated group of the flagship analysis.
 *
 * Source: Chupilkin, Javorcik, Peeva and Plekhanov (2023), "Exporting to Russia via third countries", EBRD WP 276.
 *
 * @example
 * CCA3; // => ['KZ', 'AM', 'KG']
 */
export const CCA3 = ['KZ', 'AM', 'KG'] as const;

/**
 * Russia's land neighbours: Norway, Finland, Estonia, Latvia, Lithuania and Poland (the last two via the
 * Kaliningrad exclave), Belarus, Ukraine, Georgia, Azerbaijan, Kazakhstan, China, Mongolia and North Korea.
 *
 * Source: the land borders of the Russian Federation (CIA World Factbook, "Russia: land boundaries").
 *
 * @example
 * RUSSIA_LAND_NEIGHBOURS.length; // => 14
 */
export const RUSSIA_LAND_NEIGHBOURS = [
  'NO',
  'FI',
  'EE',
  'LV',
  'LT',
  'PL',
  'BY',
  'UA',
  'GE',
  'AZ',
  'KZ',
  'CN',
  'MN',
  'KP',
] as const;

/**
 * The common transshipment points named by FinCEN and BIS, through which restricted exports have been known to
 * pass before reaching Russia or Belarus.
 *
 * Source: FinCEN and BIS joint alert FIN-2022-Alert003, "FinCEN and the U.S. Department of Commerce's Bureau of
 * Industry and Security Urge Increased Vigilance for Potential Russian and Belarusian Export Control Evasion
 * Attempts", 28 June 2022 (fincen.gov): "Armenia, Brazil, China, Georgia, India, Israel, Kazakhstan, Kyrgyzstan,
 * Mexico, Nicaragua, Serbia, Singapore, South Africa, Taiwan, Tajikistan, Turkey, United Arab Emirates, and
 * Uzbekistan". The supplemental joint alert FIN-2023-Alert004 of 19 May 2023 added Pakistan and Russia's
 * neighbours; see {@link FINCEN_BIS_HIGH_RISK}.
 *
 * @example
 * FINCEN_BIS_TRANSSHIPMENT_2022.includes('KG'); // => true
 */
export const FINCEN_BIS_TRANSSHIPMENT_2022 = [
  'AM',
  'BR',
  'CN',
  'GE',
  'IN',
  'IL',
  'KZ',
  'KG',
  'MX',
  'NI',
  'RS',
  'SG',
  'ZA',
  'TW',
  'TJ',
  'TR',
  'AE',
  'UZ',
] as const;

/**
 * The high-risk transshipment jurisdictions of the FinCEN/BIS joint alerts of 2022–2023: the 2022 list plus
 * Pakistan and Russia's land neighbours other than Russia's coalition partners' own territory (the EU members,
 * Norway) and Ukraine — i.e. Belarus, Azerbaijan, Mongolia and North Korea besides those already listed.
 *
 * Sources: FIN-2022-Alert003 (28 June 2022) and the supplemental alert FIN-2023-Alert004 (19 May 2023), which named
 * "Russia's neighbors" and Pakistan among the jurisdictions of concern. The exact wording of the 2023 list was not
 * available to us; treat the neighbour expansion as our reading of it.
 *
 * @example
 * FINCEN_BIS_HIGH_RISK.includes('PK'); // => true
 */
export const FINCEN_BIS_HIGH_RISK = [...FINCEN_BIS_TRANSSHIPMENT_2022, 'PK', 'BY', 'AZ', 'MN', 'KP'] as const;

/**
 * EU candidate countries (status granted): Türkiye (1999), North Macedonia (2005), Montenegro (2010), Serbia
 * (2012), Albania (2014), Ukraine and Moldova (2022-06-23), Bosnia and Herzegovina (2022-12-15) and Georgia
 * (2023-12-14). Useful as a control group of European non-members.
 *
 * Source: European Commission, DG NEAR, "EU enlargement: candidate countries".
 *
 * @example
 * EU_CANDIDATES.includes('GE'); // => true
 */
export const EU_CANDIDATES = ['TR', 'MK', 'ME', 'RS', 'AL', 'UA', 'MD', 'BA', 'GE'] as const;

/**
 * Other former Soviet destinations that are neither EAEU members nor EU members, often used as controls or as
 * further suspected conduits: Georgia, Azerbaijan, Uzbekistan, Tajikistan, Turkmenistan, Moldova.
 *
 * Source: our grouping (the post-Soviet states minus EAEU, EU members and Ukraine).
 *
 * @example
 * OTHER_FORMER_SOVIET.includes('UZ'); // => true
 */
export const OTHER_FORMER_SOVIET = ['GE', 'AZ', 'UZ', 'TJ', 'TM', 'MD'] as const;

/** Code of a group member. */
export type GroupMember =
  | (typeof EU27)[number]
  | (typeof EAEU)[number]
  | (typeof RUSSIA_LAND_NEIGHBOURS)[number]
  | (typeof FINCEN_BIS_HIGH_RISK)[number]
  | (typeof EU_CANDIDATES)[number]
  | (typeof OTHER_FORMER_SOVIET)[number];
