/**
 * Small text helpers shared by the loaders.
 *
 * @module
 */

/** Remove byte-order marks anywhere in a field and trim surrounding whitespace. */
export function cleanField(value: string): string {
  return (value.indexOf('\ufeff') === -1 ? value : value.replace(/\ufeff/g, '')).trim();
}

/** Normalise line endings to `\n` (CRLF and lone CR). */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A record abbreviated for a human to look at in a reject. */
export function abbreviate(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The file name part of a path or label (both `/` and `\` separators). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Upper-case key of a column name: trimmed, BOM removed, anything after a `:` label suffix dropped. */
export function columnKey(name: string): string {
  const c = cleanField(name);
  const colon = c.indexOf(':');
  return (colon > 0 ? c.slice(0, colon) : c).trim().toUpperCase();
}
