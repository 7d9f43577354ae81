import type { Provenance } from '../model/provenance.js';
import type { ChartRequest, LegOutcome, StudyFinding, StudyResult, VerdictStatus } from '../model/study.js';
import { legLetter } from '../shared/words.js';
import { renderSvg } from './charts.js';
import { provenanceFields } from './describe.js';
import {
  escapeHtml,
  formatNumber,
  formatP,
  formatPct,
  formatPctInterval,
  formatWindow,
  isNum,
} from './format.js';
import {
  type DrawnRequest,
  requestPanels,
  type TimeDomains,
  timeDomains,
  withTooltips,
} from './study-charts.js';
import { toCsv } from './to-csv.js';
import { toJson } from './to-json.js';

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Page title and main heading (default: the study's own title). */
  readonly title?: string;
  /**
   * A timestamp to print under the title, e.g. an ISO date. Default: none, so the page depends only on the
   * result (the renderer never reads the clock).
   */
  readonly generatedAt?: string;
}

const CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9dee3; --soft: #f5f7fa; --accent: #1d4e89; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 20px clamp(12px, 3vw, 36px) 56px; overflow-wrap: break-word; }
main p, main ul, main ol, main dl, main details, main h1, main h2, main .lead { max-width: 70ch; }
h1 { font-size: clamp(1.4rem, 3.2vw, 2rem); line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 36px 0 6px; padding-top: 10px; border-top: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 2px; }
.lead { font-size: 1.12rem; }
.generated, .note, .caption, .source { color: var(--muted); font-size: 0.88rem; }
.source { margin: 4px 0 0; }
a { color: var(--accent); }
nav ul { display: flex; flex-wrap: wrap; gap: 2px 16px; padding: 0; margin: 8px 0 0; list-style: none; font-size: 0.9rem; }
ul.verdicts { list-style: none; padding: 0; margin: 12px 0; }
ul.verdicts li { margin: 6px 0; }
.status { display: inline-block; min-width: 8.5em; font-size: 0.78rem; font-weight: 600; padding: 1px 8px; border-radius: 10px; text-align: center; white-space: nowrap; margin-right: 6px; }
.status-supported { background: #d3f0dc; color: #14532d; }
.status-not-supported { background: #fde2e1; color: #7f1d1d; }
.status-mixed { background: #fdf0c8; color: #713f12; }
.status-cannot-tell { background: #e4e7eb; color: #323f4b; }
.numbers { font-size: 0.92rem; background: var(--soft); border-left: 4px solid var(--accent); padding: 8px 12px; }
.charts { display: grid; gap: 22px 32px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); margin: 16px 0; }
figure.chart { margin: 0; min-width: 0; }
figure.chart.wide { grid-column: 1 / -1; }
figure.chart .caption { margin: 0 0 6px; max-width: 90ch; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.panels { display: grid; gap: 8px 20px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 330px), 1fr)); }
.panels svg { width: 100%; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.82rem; margin: 6px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { min-width: 28ch; max-width: 80ch; }
details { margin: 8px 0; }
details > summary { cursor: pointer; color: var(--accent); }
details[open] > summary { margin-bottom: 6px; }
details.findings { max-width: none; }
.caveats li { font-size: 0.92rem; }
.caveat-ref { font-size: 0.9rem; color: var(--muted); }
.datasets { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr)); gap: 12px; max-width: none; }
.dataset { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; }
.dataset h3 { margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 0.86rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
pre { background: var(--soft); padding: 10px; overflow-x: auto; max-width: 100%; }
@media (max-width: 560px) { body { font-size: 15px; } .status { min-width: 0; } dl { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  nav, .download { display: none; }
  h2 { break-after: avoid; margin-top: 18px; }
  figure.chart { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; gap: 10px 16px; }
  .panels { grid-template-columns: repeat(3, 1fr); }
  a { color: inherit; text-decoration: none; }
}
`;

const STATUS_WORDS: Readonly<Record<VerdictStatus, string>> = {
  supported: 'Supported',
  'not-supported': 'Not supported',
  mixed: 'Mixed',
  'cannot-tell': 'Cannot tell',
};

const h = escapeHtml;

function badge(status: VerdictStatus): string {
  return `<span class="status status-${h(status)}">${h(STATUS_WORDS[status] ?? status)}</span>`;
}

/** Whether a chart spans the whole width (several panels or a long axis) rather than half of it. */
function isWide(r: ChartRequest): boolean {
  switch (r.kind) {
    case 'baseline':
      return r.panels.length > 1;
    case 'mirror':
      return r.pairs.length > 1;
    case 'forest':
      return new Set(r.rows.map((x) => x.group)).size > 1;
    case 'rank':
    case 'table':
      return true;
    default:
      return false;
  }
}

/** A cell of a table request: fractions under a `%` header as percentages, numbers grouped. */
function tableCell(v: string | number | null, header: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (/%\s*$/.test(header)) return formatPct(v, true, 1);
  if (Number.isInteger(v)) return formatNumber(v, 0);
  return Math.abs(v) >= 100 ? formatNumber(v, 0) : Math.abs(v) >= 1 ? formatNumber(v, 2) : v.toPrecision(2);
}

function tableFigure(r: Extract<ChartRequest, { kind: 'table' }>): string {
  const numeric = r.columns.map((_, j) => r.rows.some((row) => typeof row[j] === 'number'));
  const head = r.columns
    .map((c, j) => `<th scope="col"${numeric[j] ? ' class="num"' : ''}>${h(c)}</th>`)
    .join('');
  const body = r.rows
    .map(
      (row) =>
        `<tr>${row.map((v, j) => `<td${numeric[j] ? ' class="num"' : ''}>${h(tableCell(v, r.columns[j] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const more =
    r.totalRows > r.rows.length
      ? `Showing the first ${r.rows.length} of ${r.totalRows} rows.${r.fullTableFile === null ? '' : ` The full table is in <a href="${h(r.fullTableFile)}" download>${h(r.fullTableFile)}</a>, next to this page.`}`
      : r.fullTableFile === null
        ? ''
        : `The table as CSV: <a href="${h(r.fullTableFile)}" download>${h(r.fullTableFile)}</a>, next to this page.`;
  return (
    `<figure class="chart wide table-chart" id="chart-${h(r.id)}"><figcaption><h3>${h(r.title)}</h3>` +
    `<p class="caption">${h(r.caption)}</p></figcaption>` +
    `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>` +
    `${more === '' ? '' : `<p class="note">${more}</p>`}<p class="source">Source: ${h(r.source)}</p></figure>`
  );
}

async function figure(r: ChartRequest, result: StudyResult, domains: TimeDomains): Promise<string | null> {
  if (r.kind === 'table') return tableFigure(r);
  const panels = requestPanels(r as DrawnRequest, result, domains);
  if (panels.length === 0) return null;
  const svgs: string[] = [];
  for (const [k, p] of panels.entries()) {
    const name = panels.length === 1 ? r.title : `${r.title}: ${p.label}`;
    svgs.push(withTooltips(await renderSvg(p.spec, { idPrefix: `chart-${r.id}-${k}`, title: name })));
  }
  const drawn = svgs.length === 1 ? svgs[0]! : `<div class="panels">${svgs.join('')}</div>`;
  return (
    `<figure class="chart${isWide(r) ? ' wide' : ''}" id="chart-${h(r.id)}"><figcaption><h3>${h(r.title)}</h3>` +
    `<p class="caption">${h(r.caption)}</p></figcaption>${drawn}<p class="source">Source: ${h(r.source)}</p></figure>`
  );
}

async function chartGrid(requests: readonly ChartRequest[], result: StudyResult, domains: TimeDomains) {
  const figures: string[] = [];
  for (const r of requests) {
    const f = await figure(r, result, domains);
    if (f !== null) figures.push(f);
  }
  return figures;
}

/** Caveats in page order: each is stated once, where it first matters, and referred to by number after that. */
class Caveats {
  private readonly numbers = new Map<string, number>();
  /** Caveats as a list: new ones in full (with an anchor), earlier ones as references. */
  block(texts: readonly string[], heading: string): string {
    const unique = [...new Set(texts)];
    if (unique.length === 0) return '';
    const fresh: string[] = [];
    const refs: number[] = [];
    for (const t of unique) {
      const n = this.numbers.get(t);
      if (n === undefined) {
        const k = this.numbers.size + 1;
        this.numbers.set(t, k);
        fresh.push(`<li id="caveat-${k}" value="${k}">${h(t)}</li>`);
      } else refs.push(n);
    }
    const refText =
      refs.length === 0
        ? ''
        : `<p class="caveat-ref">Also applies: ${refs
            .sort((a, b) => a - b)
            .map((n) => `<a href="#caveat-${n}">caveat ${n}</a>`)
            .join(', ')}.</p>`;
    return (
      `<h3>${h(heading)}</h3>` +
      (fresh.length === 0 ? '' : `<ol class="caveats">${fresh.join('')}</ol>`) +
      refText
    );
  }
}

function findingLabel(f: StudyFinding, result: StudyResult): string {
  const name = (c: string) =>
    c
      .split('/')
      .map((x) => result.names[x] ?? x)
      .join(', ');
  return `${name(f.exporter)} → ${name(f.destination)}`;
}

function findingsTable(findings: readonly StudyFinding[], result: StudyResult): string {
  const rows = findings.map((f) => {
    const interval = isNum(f.pctInterval.lower) ? formatPctInterval(f.pctInterval) : '';
    return (
      `<tr data-finding-id="${h(f.id)}"><td>${h(findingLabel(f, result))}<br><code>${h(f.productGroup)}</code> <code>${h(f.method)}</code></td>` +
      `<td class="num">${h(formatWindow(f.window))}</td><td class="num">${h(isNum(f.excessPct) ? formatPct(f.excessPct) : '')}</td>` +
      `<td class="num">${h(interval)}</td><td class="num">${h(isNum(f.pValue) ? formatP(f.pValue) : '')}</td>` +
      `<td class="text">${h(f.text)}</td></tr>`
    );
  });
  return (
    '<div class="table-wrap"><table class="findings"><thead><tr><th scope="col">Flow, product, method</th>' +
    '<th scope="col" class="num">Window</th><th scope="col" class="num">Excess %</th><th scope="col" class="num">Interval</th>' +
    `<th scope="col" class="num">p</th><th scope="col">Finding</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`
  );
}

function provenanceBlock(p: Provenance): string {
  const rows = provenanceFields(p).map(([label, value]) => {
    let shown = h(value);
    if ((label === 'File' || label === 'SHA-256') && value !== 'not stated')
      shown = `<code>${h(value)}</code>`;
    // Only http(s) addresses become links: a `javascript:` URL in the data must stay inert text.
    if (label === 'URL' && /^https?:\/\//i.test(value))
      shown = `<a href="${h(value)}" rel="noreferrer">${h(value)}</a>`;
    return `<dt>${h(label)}</dt><dd>${shown}</dd>`;
  });
  return `<article class="dataset"><h3>${h(`${p.publisher}: ${p.title ?? p.dataset}`)}</h3><dl>${rows.join('')}</dl></article>`;
}

async function legSection(
  leg: LegOutcome,
  i: number,
  result: StudyResult,
  domains: TimeDomains,
  caveats: Caveats,
): Promise<string> {
  const id = `leg-${leg.leg}`;
  const findings = result.findings.filter((f) => f.leg === leg.leg || leg.findingIds.includes(f.id));
  const figures = await chartGrid(leg.charts, result, domains);
  const legCaveats = [...leg.caveats, ...findings.flatMap((f) => f.warnings)];
  return [
    `<section id="${h(id)}" class="leg" aria-labelledby="${h(id)}-h">`,
    `<h2 id="${h(id)}-h">(${legLetter(i)}) ${h(leg.title)}</h2>`,
    `<p>${badge(leg.status)} <em>${h(leg.question)}</em></p>`,
    `<p>${h(leg.text)}</p>`,
    figures.length === 0
      ? '<p class="note">This leg draws no chart: the data hold nothing it could show.</p>'
      : `<div class="charts">\n${figures.join('\n')}\n</div>`,
    caveats.block(legCaveats, 'Caveats'),
    `<details><summary>How the verdict is decided</summary><p>${h(leg.rule)}</p></details>`,
    leg.methods.length === 0
      ? ''
      : `<details><summary>Methods</summary><ul>${leg.methods.map((m) => `<li>${h(m)}</li>`).join('')}</ul></details>`,
    findings.length === 0
      ? ''
      : `<details class="findings"><summary>The ${findings.length} finding${findings.length === 1 ? '' : 's'} of this leg</summary>${findingsTable(findings, result)}</details>`,
    '</section>',
  ]
    .filter((x) => x !== '')
    .join('\n');
}

/**
 * Render any study's result as ONE self-contained HTML page, by walking its legs: no scripts, no external fonts,
 * images or stylesheets (inline CSS, charts as inline SVG), and a Content-Security-Policy that forbids loading
 * anything, so the page opens offline and makes no request.
 *
 * The page reads only the study contract (`StudyResult`): a first screen with the question, each leg's verdict in
 * words and the study's headline charts; one section per leg with its question, verdict, the charts its
 * `ChartRequest`s ask for (`baseline`, `forest`, `rank`, `indexed-lines`, `mirror` drawn with vega-lite and rendered to
 * SVG in Node; `table` as an HTML table with a link to its full CSV file, which the caller writes next to the page),
 * its caveats and, behind `<details>`, its rule, methods and findings; then the study's methods, settings, caveats,
 * the findings as a downloadable CSV (a data URI) and the provenance of every dataset. Every chart has a "Source:"
 * line and SVG `<title>` tooltips on its points and bars; time axes of one frequency share one span. Each caveat is
 * stated once, where it first matters, and referred to by number after that. Codes appear only in tables and
 * tooltips; names come from `result.names`. A chart whose data are missing is left out, never drawn empty.
 *
 * Every text from the result is HTML-escaped. Deterministic: the same result gives the same page.
 *
 * @param result - what a study returns (`roundabout()`, `runStudy(...)`, `screenStudy(...)`)
 * @param options - see {@link RenderHtmlOptions}
 * @returns the page, `<!doctype html>` to `</html>`
 * @throws {RoundaboutError} if a chart cannot be rendered
 * @example
 * import { writeFile } from 'node:fs/promises';
 * const result = await roundabout();
 * await writeFile('report.html', await renderHtml(result));
 */
export async function renderHtml(result: StudyResult, options: RenderHtmlOptions = {}): Promise<string> {
  const title = options.title ?? result.title;
  const requests = [...result.headlineCharts, ...result.legs.flatMap((l) => l.charts)];
  const domains = timeDomains(requests, result);
  const caveats = new Caveats();
  const headline = await chartGrid(result.headlineCharts, result, domains);
  const legSections: string[] = [];
  for (const [i, leg] of result.legs.entries())
    legSections.push(await legSection(leg, i, result, domains, caveats));
  const inLegs = new Set(result.legs.flatMap((l) => [...l.findingIds]));
  const legIds = new Set(result.legs.map((l) => l.leg));
  const orphans = result.findings.filter((f) => !legIds.has(f.leg) && !inLegs.has(f.id));
  const csv = Buffer.from(toCsv(result.findings), 'utf8').toString('base64');
  const fileName = `${result.study.replace(/[^\w-]+/g, '-') || 'study'}-findings.csv`;
  const verdicts = result.legs.map(
    (l, i) => `<li>${badge(l.status)} <a href="#leg-${h(l.leg)}">(${legLetter(i)}) ${h(l.title)}</a></li>`,
  );
  const nav = [
    ...result.legs.map((l, i) => [`leg-${l.leg}`, `(${legLetter(i)}) ${STATUS_WORDS[l.status] ?? l.status}`]),
    ['study', 'Methods and caveats'],
    ['provenance', 'Data'],
  ].map(([id, label]) => `<li><a href="#${h(id ?? '')}">${h(label ?? '')}</a></li>`);

  const body = [
    `<header id="top"><h1>${h(title)}</h1>`,
    options.generatedAt === undefined ? '' : `<p class="generated">Generated ${h(options.generatedAt)}</p>`,
    `<p class="lead">${h(result.question)}</p>`,
    verdicts.length === 0 ? '' : `<ul class="verdicts" aria-label="Verdict by leg">${verdicts.join('')}</ul>`,
    `<p class="numbers">${h(result.verdict)}</p>`,
    headline.length === 0 ? '' : `<div class="charts">\n${headline.join('\n')}\n</div>`,
    `<nav aria-label="Sections"><ul>${nav.join('')}</ul></nav></header>`,
    ...legSections,
    '<section id="study" aria-labelledby="study-h"><h2 id="study-h">Methods, caveats and findings</h2>',
    result.methods.length === 0 ? '' : `<ul>${result.methods.map((m) => `<li>${h(m)}</li>`).join('')}</ul>`,
    caveats.block(result.warnings, 'Caveats for the whole study'),
    `<p class="download">All ${result.findings.length} findings as CSV (money in base units, relative figures as fractions): ` +
      `<a download="${h(fileName)}" href="data:text/csv;charset=utf-8;base64,${csv}">${h(fileName)}</a>.</p>`,
    orphans.length === 0
      ? ''
      : `<details class="findings"><summary>${orphans.length} finding${orphans.length === 1 ? '' : 's'} of no leg</summary>${findingsTable(orphans, result)}</details>`,
    `<details><summary>Settings the study ran with</summary><pre>${h(toJson(result.options))}</pre></details>`,
    '</section>',
    '<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Data provenance</h2>',
    result.provenance.length === 0
      ? '<p>No provenance was recorded.</p>'
      : `<details><summary>${result.provenance.length} dataset${result.provenance.length === 1 ? '' : 's'}: ${h(
          [...new Set(result.provenance.map((p) => p.publisher))].join(', '),
        )}</summary><div class="datasets">\n${result.provenance.map(provenanceBlock).join('\n')}\n</div></details>`,
    '</section>',
  ]
    .filter((x) => x !== '')
    .join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: no scripts, fonts, images, frames or connections; only the inline style.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
