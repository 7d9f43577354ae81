import type { Finding, RoundaboutResult } from '../analyses/types.js';
import { OptionsError } from '../errors.js';
import {
  formatLevel,
  formatNumber,
  formatP,
  formatPct,
  formatWindow,
  isNum,
  NA,
  padTo,
  textWidth,
} from './format.js';
import { isResult, keyFindings } from './select.js';

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /**
   * Maximum line width in characters (default 120). Columns are dropped, least important first (expected,
   * actual, window, interval, p), until the table fits; if it still does not, lines are cut with `…`.
   */
  readonly width?: number;
}

interface Column {
  readonly key: string;
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Lower drops first; `Infinity` never drops. */
  readonly priority: number;
  readonly cell: (f: Finding) => string;
}

/** Millions with one decimal, or three when the figure is below 100,000 (so small flows do not read as 0.0). */
function millions(x: number | null, f: Finding): string {
  if (!isNum(x) || f.currency === null) return NA;
  const decimals = Math.abs(x) < 1e5 && x !== 0 ? 3 : 1;
  return formatNumber(x / 1e6, decimals);
}

function signedMillions(x: number | null, f: Finding): string {
  const text = millions(x, f);
  return isNum(x) && x > 0 && text !== NA && !/^0(\.0+)?$/.test(text) ? `+${text}` : text;
}

function intervalCell(f: Finding): string {
  if (isNum(f.excess) && isNum(f.interval.lower) && isNum(f.interval.upper) && f.currency !== null) {
    return `${signedMillions(f.interval.lower, f)}..${signedMillions(f.interval.upper, f)}`;
  }
  if (isNum(f.pctInterval.lower) && isNum(f.pctInterval.upper)) {
    return `${formatPct(f.pctInterval.lower)}..${formatPct(f.pctInterval.upper)}`;
  }
  return NA;
}

/** Whether a UTF-16 code unit is a C0/C1 control, DEL, or a bidirectional override/isolate (Trojan-source text). */
function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * A cell as a terminal may print it: escape sequences (ECMA-48 CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/SOS/
 * PM/APC strings up to ST, two-character `ESC x`) are removed, as are other control characters and bidirectional
 * overrides; tabs and line breaks become spaces. A label from a data file can then neither move the cursor, recolour
 * or retitle the terminal, nor break the table's lines.
 */
function terminalSafe(text: string): string {
  let out = '';
  let plain = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (!isControl(c)) {
      i++;
      continue;
    }
    out += text.slice(plain, i);
    if (c === 0x1b || c === 0x9b || c === 0x9d) {
      // CSI (ESC [ or 0x9B): parameters and intermediates, then one final byte in @–~.
      const next = c === 0x1b ? text[i + 1] : c === 0x9b ? '[' : ']';
      let j = c === 0x1b ? i + 2 : i + 1;
      if (next === '[') {
        while (j < text.length && /[0-?]/.test(text[j]!)) j++;
        while (j < text.length && /[ -/]/.test(text[j]!)) j++;
        if (j < text.length && /[@-~]/.test(text[j]!)) j++;
      } else if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
        // A string up to BEL or ST (ESC \\), or to the end of the text.
        while (j < text.length && text.charCodeAt(j) !== 0x07 && text.charCodeAt(j) !== 0x1b) j++;
        if (text.charCodeAt(j) === 0x07) j++;
        else if (text.charCodeAt(j) === 0x1b && text[j + 1] === '\\') j += 2;
      } else if (c === 0x1b && next !== undefined) j = i + 2;
      i = j;
    } else {
      if (c === 0x09 || c === 0x0a || c === 0x0d) out += ' ';
      i++;
    }
    plain = i;
  }
  return plain === 0 ? text : out + text.slice(plain);
}

/**
 * A compact plain-text table of findings for a terminal: one line per key finding, aligned columns, units in
 * the header.
 *
 * For a whole result, the key findings are those the leg verdicts cite, in leg order (all findings when no verdict
 * cites any); for a list, every finding. Money is in millions of the currency, summed over each finding's
 * window: the header says `Excess (EUR m)` when all findings share one currency, else a `Cur` column names it.
 * Excess % is the relative excess; the interval is for the excess (or, where only a relative effect exists, for
 * the excess %), at the level in the header. `n/a` marks an undefined figure. Labels come from data files, so terminal
 * escape sequences, control characters and bidirectional overrides are removed from every cell (tabs and line
 * breaks become spaces). The table's own characters are ASCII
 * (data may not be), apart from `…` where a
 * line is cut; deterministic.
 *
 * @param input - what `roundabout()` returns, or a list of findings
 * @param options - see {@link FormatTableOptions}
 * @returns the table, lines joined with `\n`, ending with a newline
 * @throws {OptionsError} if `width` is not an integer of at least 40
 * @example
 * const result = await roundabout();
 * process.stdout.write(formatTable(result, { width: process.stdout.columns ?? 120 }));
 */
export function formatTable(
  input: RoundaboutResult | readonly Finding[],
  options: FormatTableOptions = {},
): string {
  const width = options.width ?? 120;
  if (!Number.isInteger(width) || width < 40) {
    throw new OptionsError(`formatTable requires an integer width of at least 40, got ${width}`);
  }
  const findings = isResult(input) ? keyFindings(input) : [...input];
  const currencies = [...new Set(findings.map((f) => f.currency).filter((c) => c !== null))];
  const single = currencies.length <= 1;
  const unit = single ? `${currencies[0] ?? 'money'} m` : 'm';
  const levels = [
    ...new Set(findings.flatMap((f) => [f.interval.level, f.pctInterval.level]).map((l) => formatLevel(l))),
  ];
  const levelText = levels.length === 1 ? levels[0] : 'level varies';

  const columns: Column[] = [
    { key: 'exporter', header: 'Exporter', align: 'left', priority: Infinity, cell: (f) => f.exporter },
    { key: 'destination', header: 'Dest', align: 'left', priority: Infinity, cell: (f) => f.destination },
    { key: 'group', header: 'Group', align: 'left', priority: 5, cell: (f) => f.productGroup },
    { key: 'method', header: 'Method', align: 'left', priority: Infinity, cell: (f) => f.method },
    { key: 'window', header: 'Window', align: 'left', priority: 2, cell: (f) => formatWindow(f.window) },
    ...(single
      ? []
      : [
          {
            key: 'currency',
            header: 'Cur',
            align: 'left',
            priority: Infinity,
            cell: (f: Finding) => f.currency ?? '-',
          } as const,
        ]),
    {
      key: 'actual',
      header: `Actual (${unit})`,
      align: 'right',
      priority: 1,
      cell: (f) => millions(f.actual, f),
    },
    {
      key: 'expected',
      header: `Expected (${unit})`,
      align: 'right',
      priority: 0,
      cell: (f) => millions(f.expected, f),
    },
    {
      key: 'excess',
      header: `Excess (${unit})`,
      align: 'right',
      priority: Infinity,
      cell: (f) => signedMillions(f.excess, f),
    },
    {
      key: 'pct',
      header: 'Excess %',
      align: 'right',
      priority: Infinity,
      cell: (f) => formatPct(f.excessPct),
    },
    { key: 'interval', header: `Interval (${levelText})`, align: 'right', priority: 3, cell: intervalCell },
    { key: 'p', header: 'p', align: 'right', priority: 4, cell: (f) => formatP(f.pValue) },
  ];

  const table = findings.map((f) => columns.map((c) => terminalSafe(c.cell(f))));
  const widths = columns.map((c, i) =>
    Math.max(textWidth(c.header), ...table.map((r) => textWidth(r[i] ?? ''))),
  );
  const keep = columns.map(() => true);
  const total = () => widths.reduce((a, w, i) => (keep[i] ? a + w + 2 : a), -2);
  const dropOrder = columns
    .map((c, i) => ({ p: c.priority, i }))
    .filter((x) => Number.isFinite(x.p))
    .sort((a, b) => a.p - b.p);
  for (const { i } of dropOrder) {
    if (total() <= width) break;
    keep[i] = false;
  }
  const line = (cells: readonly string[]) => {
    const text = columns
      .map((c, i) => (keep[i] ? padTo(cells[i] ?? '', widths[i]!, c.align) : null))
      .filter((x) => x !== null)
      .join('  ')
      .trimEnd();
    return textWidth(text) > width ? padTo(text, width) : text;
  };
  const header = line(columns.map((c) => c.header));
  const rule = line(columns.map((_, i) => '-'.repeat(widths[i]!)));
  const body = findings.length === 0 ? ['(no findings)'] : table.map(line);
  return `${[header, rule, ...body].join('\n')}\n`;
}
