/**
 * Country resolution for loaders: the caller's extra labels first, then the reference table
 * ({@link resolveCountryLabel}); coded Comext labels such as `DE-Germany` are tried as code and as label.
 * Unknown labels are never guessed.
 *
 * @module
 */
import { resolveCountryLabel } from '../../reference/countries.js';

/** Resolves a published label or code to our code, or `undefined`. */
export type CountryResolver = (label: string) => string | undefined;

/** A resolver using the caller's extra labels, then the reference table. */
export function countryResolver(extra: Readonly<Record<string, string>> | undefined): CountryResolver {
  const own = new Map<string, string>();
  if (extra !== undefined) for (const [k, v] of Object.entries(extra)) own.set(k.trim(), v);
  const cache = new Map<string, string | undefined>();
  return (label) => {
    const s = label.trim();
    if (s === '') return undefined;
    if (cache.has(s)) return cache.get(s);
    let code = own.get(s) ?? resolveCountryLabel(s);
    if (code === undefined) {
      // Easy Comext "code and label" exports print `DE-Germany (incl. …)` or `EU27_2020-European Union - 27 …`.
      const m = /^([A-Z][A-Z0-9_]{1,15})-(.+)$/.exec(s);
      if (m)
        code =
          own.get(m[1]!) ?? resolveCountryLabel(m[1]!) ?? own.get(m[2]!.trim()) ?? resolveCountryLabel(m[2]!);
    }
    if (cache.size < 100_000) cache.set(s, code);
    return code;
  };
}

/** The reject reason for an unknown label. */
export function unknownCountry(label: string): string {
  return `unknown country label ${JSON.stringify(label)}`;
}
