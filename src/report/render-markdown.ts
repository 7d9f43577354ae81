import type { StudyFinding, StudyResult } from '../model/study.js';
import { legLetter } from '../shared/words.js';
import {
  type FindingCells,
  findingCaveats,
  findingCells,
  findingHeaders,
  findingLabel,
  findingNumbers,
  provenanceFields,
  sharedLevel,
  UNITS_NOTE,
} from './describe.js';
import { escapeMarkdown, formatWindow } from './format.js';
import { legFindings, statusLabel } from './select.js';

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** Title of the report (default: the study's title). */
  readonly title?: string;
  /**
   * A timestamp to print under the title, e.g. an ISO date. Default: none, so the output depends only on the
   * result (the renderer never reads the clock).
   */
  readonly generatedAt?: string;
}

/** Inline code with a backtick fence longer than any backtick run in the text (CommonMark code span rules). */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = text.replace(/\s+/g, ' ');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[],
): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(headers.map((h) => escapeMarkdown(h, false))),
    line(align.map((a) => (a === 'r' ? '---:' : '---'))),
    ...rows.map((r) => line(r.map((c) => escapeMarkdown(c, false)))),
  ];
}

const COLUMNS: readonly (keyof FindingCells)[] = [
  'exporter',
  'destination',
  'productGroup',
  'method',
  'window',
  'actual',
  'expected',
  'excess',
  'excessPct',
  'interval',
  'p',
];
const RIGHT = new Set<keyof FindingCells>(['actual', 'expected', 'excess', 'excessPct', 'p']);

/**
 * Render a study result (what `roundabout()`, `runStudy` or a screen study returns) as a Markdown report
 * (GitHub-flavoured: pipe tables). It walks the study's legs in their order and knows no particular leg.
 *
 * Sections: the headline verdict with a table of the legs — `(a)`, `(b)`, … with their titles — their status and
 * question; one section per leg with its verdict text and the evidence (each finding's sentence, excess, interval, p-value and pre-period fit); a
 * summary table of every finding (exporter, destination, product group, method, window, actual, expected,
 * excess, excess %, interval, p); methods; caveats (the analysis' and each finding's, each once); and the
 * provenance of every dataset (publisher, dataset code, vintage, licence, file, SHA-256, URL, notes).
 *
 * Money is printed in readable units with its currency (`EUR 1,170.9 m`), relative figures as percentages of
 * fractions (`0.25` → `+25.0%`), windows stated as `2022-03 to 2023-12`; undefined figures (`null`) print as
 * `n/a`. All text taken from the result is escaped, so data can neither break the tables nor inject HTML or
 * links. Deterministic: the same result gives the same text (the clock is never read).
 *
 * @param result - a study result, e.g. what `roundabout()` returns
 * @param options - see {@link RenderMarkdownOptions}
 * @returns the report, ending with a newline
 * @example
 * import { writeFile } from 'node:fs/promises';
 * const result = await roundabout();
 * await writeFile('report.md', renderMarkdown(result, { generatedAt: '2025-01-31' }));
 */
export function renderMarkdown(
  result: StudyResult<StudyFinding>,
  options: RenderMarkdownOptions = {},
): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(`# ${escapeMarkdown(options.title ?? result.title, false)}`, '');
  if (options.generatedAt !== undefined) push(`Generated ${escapeMarkdown(options.generatedAt, false)}.`, '');

  push('## Verdict', '', escapeMarkdown(result.verdict), '');
  // Legs in the study's order, each by its letter and title in words (ids are for code, not readers).
  const legs = result.legs;
  const legLabel = (i: number) => `(${legLetter(i)}) ${legs[i]!.title}`;
  if (legs.length > 0) {
    push(
      ...table(
        ['Leg', 'Status', 'Question'],
        legs.map((l, i) => [legLabel(i), statusLabel(l.status), l.question]),
        ['l', 'l', 'l'],
      ),
      '',
    );
  }

  if (legs.length > 0) push('## The legs of the claim', '');
  for (const [i, leg] of legs.entries()) {
    push(`### ${escapeMarkdown(legLabel(i), false)}: ${escapeMarkdown(statusLabel(leg.status), false)}`, '');
    push(`_${escapeMarkdown(leg.question, false)}_`, '', escapeMarkdown(leg.text), '');
    push(`_How the status is decided:_ ${escapeMarkdown(leg.rule)}`, '');
    const findings = legFindings(result, leg);
    if (findings.length === 0) {
      push('No finding was computed for this leg.', '');
      continue;
    }
    push('Evidence:', '');
    for (const f of findings) {
      push(
        `- **${escapeMarkdown(findingLabel(f), false)}** (${escapeMarkdown(formatWindow(f.window), false)}): ${escapeMarkdown(f.text, false)}`,
      );
      const numbers = findingNumbers(f);
      if (numbers !== '') push(`  ${escapeMarkdown(numbers, false)}`);
      for (const w of f.warnings) push(`  Caveat: ${escapeMarkdown(w, false)}`);
    }
    push('');
  }

  push('## Findings', '', escapeMarkdown(UNITS_NOTE), '');
  if (result.findings.length === 0) {
    push('No findings.', '');
  } else {
    const headers = findingHeaders(result.findings);
    const withLevel = sharedLevel(result.findings) === null;
    push(
      ...table(
        COLUMNS.map((c) => headers[c]),
        result.findings.map((f) => {
          const cells = findingCells(f, withLevel);
          return COLUMNS.map((c) => cells[c]);
        }),
        COLUMNS.map((c) => (RIGHT.has(c) ? 'r' : 'l')),
      ),
      '',
    );
  }

  push('## Methods', '');
  if (result.methods.length === 0) push('No methods were stated.');
  for (const m of result.methods) push(`- ${escapeMarkdown(m)}`);
  push('');

  push('## Caveats', '');
  const caveats = findingCaveats(result.findings);
  if (result.warnings.length === 0 && caveats.length === 0) push('None stated.');
  for (const w of result.warnings) push(`- ${escapeMarkdown(w)}`);
  for (const c of caveats)
    push(`- ${escapeMarkdown(c.text)} (${escapeMarkdown(c.labels.join('; '), false)})`);
  push('');

  push('## Data provenance', '');
  if (result.provenance.length === 0) push('No provenance was recorded.', '');
  for (const p of result.provenance) {
    push(`### ${escapeMarkdown(`${p.publisher}: ${p.dataset}`, false)}`, '');
    for (const [label, value] of provenanceFields(p)) {
      const isCode = (label === 'File' || label === 'SHA-256') && value !== 'not stated';
      const shown = isCode ? code(value) : escapeMarkdown(value, false);
      push(`- ${label}: ${shown}`);
    }
    push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
