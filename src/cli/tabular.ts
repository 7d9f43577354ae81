/**
 * Rows of plain cells as an aligned text table, a Markdown table, CSV or JSON: the `--format` of the CLI's
 * listing commands (`datasets`, `fetch`).
 *
 * @module
 */

/** The formats every command that prints results accepts. */
export type ListFormat = 'table' | 'md' | 'csv' | 'json';

/** A cell: text, a number, or nothing (`null`, an empty cell). */
export type Cell = string | number | null;

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF; a text cell starting with `=`, `+`, `-`,
 * `@`, tab or CR gets a leading `'` so a spreadsheet shows it as text. Numbers are written as they are.
 *
 * @example
 * csvCell('a,b'); // => '"a,b"'
 */
export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = /^[\s]*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A cell with control characters removed (so a value cannot move the terminal's cursor). */
function plain(cell: Cell): string {
  if (cell === null) return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return String(cell).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/**
 * Render rows in one of the list formats.
 *
 * - `table`: columns padded to their widest cell, numbers right-aligned, a dashed rule under the header;
 * - `md`: a GitHub Markdown table (`|` in cells escaped);
 * - `csv`: RFC 4180 with a header row and CRLF line ends;
 * - `json`: an array of objects keyed by the header (numbers stay numbers, empty cells are `null`).
 *
 * @param head - column names
 * @param rows - the rows, one cell per column
 * @param format - the output format
 * @returns the text, ending with a newline
 * @example
 * renderRows(['name', 'rows'], [['chpl', 4]], 'csv'); // => 'name,rows\r\nchpl,4\r\n'
 */
export function renderRows(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  format: ListFormat,
): string {
  if (format === 'json') {
    const objects = rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? null])));
    return `${JSON.stringify(objects, null, 2)}\n`;
  }
  if (format === 'csv') {
    return `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
  }
  if (format === 'md') {
    const md = (r: readonly Cell[]) => `| ${r.map((c) => plain(c).replaceAll('|', '\\|')).join(' | ')} |`;
    return `${[md(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(md)].join('\n')}\n`;
  }
  const text = rows.map((r) => r.map(plain));
  const numeric = head.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}
