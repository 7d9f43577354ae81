/**
 * Small text helpers shared by the examples: a table that reads well in a terminal and in Markdown, and number
 * formats. (For findings, the library's `formatTable` and `renderMarkdown` do all of this with units in the
 * headers.)
 */

/** Undefined figures print as this. */
export const NA = 'n/a';

/**
 * Money in millions with thousands separators, e.g. `1,952.3`; `n/a` for `null`.
 *
 * @example
 * millions(1_952_312_345); // => '1,952.3'
 */
export function millions(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined) return NA;
  return (x / 1e6).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/**
 * A fraction as a signed percentage, e.g. `0.353` → `+35%`; `n/a` for `null`.
 *
 * @example
 * pct(-0.2); // => '-20%'
 */
export function pct(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined) return NA;
  const rounded = Number((x * 100).toFixed(decimals));
  // Rounded to zero prints as 0%, not -0% or +0%.
  if (rounded === 0) return `${(0).toFixed(decimals)}%`;
  const text = rounded.toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return `${rounded > 0 ? '+' : ''}${text}%`;
}

/**
 * A padded pipe table: readable in a terminal and valid Markdown, so an example prints the same lines it writes
 * to its report.
 *
 * @param headers - column headers
 * @param rows - cells as text, one array per row
 * @param align - `r` for right-aligned (numeric) columns, default left
 * @returns the table's lines
 * @example
 * pipeTable(['partner', 'EUR m'], [['KG', '1,952.3']], ['l', 'r']).join('\n');
 * // | partner |   EUR m |
 * // | ------- | ------: |
 * // | KG      | 1,952.3 |
 */
export function pipeTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string[] {
  const widths = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length), 3));
  const pad = (cell: string, j: number) =>
    align[j] === 'r' ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!);
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, j) => pad(cells[j] ?? '', j)).join(' | ')} |`;
  const rule = `| ${widths.map((w, j) => (align[j] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)];
}
