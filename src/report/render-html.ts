import type { Finding, LegVerdict, RoundaboutResult } from '../analyses/types.js';
import { OptionsError } from '../errors.js';
import type { Provenance } from '../model/provenance.js';
import {
  type ChartSpec,
  chartActualVsBaseline,
  chartExcessByDestination,
  chartMirrorGap,
  chartSanctionedVsOther,
  renderSvg,
} from './charts.js';
import {
  defaultTitle,
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
import { escapeHtml, formatWindow } from './format.js';
import { headlineBaselineFindings, legFindings, legLabel, orderedLegs, statusLabel } from './select.js';
import { toJson } from './to-json.js';

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Page title and main heading (default: built from the exporters and destinations of the findings). */
  readonly title?: string;
  /**
   * A timestamp to print under the title, e.g. an ISO date. Default: none, so the page depends only on the
   * result (the renderer never reads the clock).
   */
  readonly generatedAt?: string;
}

const CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9dee3; --soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
p, li { max-width: 78ch; }
.generated, .note { color: var(--muted); font-size: 0.9rem; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 12px 0 0; list-style: none; font-size: 0.92rem; }
a { color: #1d4e89; }
.verdict { font-size: 1.1rem; background: var(--soft); border-left: 4px solid #1d4e89; padding: 12px 16px; max-width: none; }
.status { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 1px 8px; border-radius: 10px; vertical-align: middle; white-space: nowrap; }
.status-supported { background: #d3f0dc; color: #14532d; }
.status-not-supported { background: #fde2e1; color: #7f1d1d; }
.status-mixed { background: #fdf0c8; color: #713f12; }
.status-cannot-tell { background: #e4e7eb; color: #323f4b; }
figure.chart { margin: 18px 0; padding: 0; overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.82rem; margin: 8px 0; }
table.findings { width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; font-variant-numeric: tabular-nums; }
ul.evidence li { margin-bottom: 8px; }
.numbers { color: var(--muted); font-size: 0.9rem; }
.caveat { color: #713f12; font-size: 0.9rem; }
.datasets { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 12px; }
.dataset { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 0; }
.dataset h3 { margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 0.9rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
pre { background: var(--soft); padding: 10px; overflow-x: auto; }
`;

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
const NUMERIC = new Set<keyof FindingCells>(['actual', 'expected', 'excess', 'excessPct', 'p']);

const h = escapeHtml;

function statusBadge(status: LegVerdict['status']): string {
  return `<span class="status status-${h(status)}">${h(statusLabel(status))}</span>`;
}

function findingsTable(findings: readonly Finding[]): string {
  const headers = findingHeaders(findings);
  const withLevel = sharedLevel(findings) === null;
  const head = COLUMNS.map(
    (c) => `<th scope="col"${NUMERIC.has(c) ? ' class="num"' : ''}>${h(headers[c])}</th>`,
  ).join('');
  const rows = findings.map((f) => {
    const cells = findingCells(f, withLevel);
    const tds = COLUMNS.map((c) => {
      const cls = NUMERIC.has(c) ? ' class="num"' : c === 'window' ? ' class="nowrap"' : '';
      return `<td${cls}>${h(cells[c])}</td>`;
    }).join('');
    return `<tr data-finding-id="${h(f.id)}">${tds}</tr>`;
  });
  return (
    `<div class="table-wrap"><table class="findings">` +
    `<thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`
  );
}

function evidenceList(findings: readonly Finding[]): string {
  const items = findings.map((f) => {
    const numbers = findingNumbers(f);
    const caveats = f.warnings.map((w) => `<br><span class="caveat">Caveat: ${h(w)}</span>`).join('');
    return (
      `<li><strong>${h(findingLabel(f))}</strong> (${h(formatWindow(f.window))}): ${h(f.text)}` +
      `${numbers === '' ? '' : `<br><span class="numbers">${h(numbers)}</span>`}${caveats}</li>`
    );
  });
  return `<ul class="evidence">\n${items.join('\n')}\n</ul>`;
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
  return `<article class="dataset"><h3>${h(`${p.publisher}: ${p.dataset}`)}</h3><dl>${rows.join('')}</dl></article>`;
}

/**
 * A chart spec, or `null` when the builder finds nothing to draw (it throws {@link OptionsError} for that).
 * Other errors, such as a unit mismatch between two series the analysis paired, still propagate.
 */
function optionalChart(build: () => ChartSpec): ChartSpec | null {
  try {
    return build();
  } catch (error) {
    if (error instanceof OptionsError) return null;
    throw error;
  }
}

/** The charts drawn for one leg, as specs, in page order. */
function legCharts(result: RoundaboutResult, verdict: LegVerdict): ChartSpec[] {
  const specs: (ChartSpec | null)[] = [];
  if (verdict.leg === 'above-baseline') {
    for (const f of headlineBaselineFindings(result)) {
      specs.push(chartActualVsBaseline(result, f.seriesId!, f.counterfactualId!));
    }
    specs.push(optionalChart(() => chartExcessByDestination(result)));
  } else if (verdict.leg === 'sanctioned-vs-other') {
    specs.push(optionalChart(() => chartSanctionedVsOther(result)));
  } else if (verdict.leg === 'mirror') {
    for (const pair of result.mirrorPairs) {
      if (
        result.series[pair.exporterSeriesId] !== undefined &&
        result.series[pair.importerSeriesId] !== undefined
      ) {
        specs.push(chartMirrorGap(result, pair.id));
      }
    }
  }
  return specs.filter((s): s is ChartSpec => s !== null);
}

/**
 * Render a roundabout result as ONE self-contained HTML page: no scripts, no external fonts, images or
 * stylesheets (inline CSS, charts as inline SVG), and a Content-Security-Policy that forbids loading anything,
 * so the page opens offline and makes no request.
 *
 * Contents: the verdict with the status of each leg; a section per leg with its verdict text, its charts and the
 * evidence; a summary table of every finding; methods (with the settings the analysis ran with); caveats; and the
 * provenance of every dataset. Charts (vega-lite, rendered to SVG in Node by {@link renderSvg}):
 * - leg (a): actual vs baseline with its prediction band and the post-period start, for the headline method (that
 *   of the first `above-baseline` finding with a counterfactual), one per exporter × destination — the first
 *   listed, so repeats in other currencies or product groups stay in the tables ({@link chartActualVsBaseline});
 *   and the excess by destination with interval error bars
 *   ({@link chartExcessByDestination});
 * - leg (c): sanctioned vs other goods indexed to the pre-war level ({@link chartSanctionedVsOther}), when the
 *   result holds `sanctioned`/`other` series;
 * - leg (d): the mirror gap per entry of `mirrorPairs` ({@link chartMirrorGap}).
 * A chart whose data are missing from the result is left out, never drawn empty.
 *
 * Money is printed in readable units with its currency, relative figures as percentages, windows stated;
 * every text from the result is HTML-escaped. Deterministic: the same result gives the same page.
 *
 * @param result - what `roundabout()` returns
 * @param options - see {@link RenderHtmlOptions}
 * @returns the page, `<!doctype html>` to `</html>`
 * @throws {RoundaboutError} if a chart cannot be rendered
 * @example
 * import { writeFile } from 'node:fs/promises';
 * const result = await roundabout();
 * await writeFile('report.html', await renderHtml(result, { title: 'EU exports to Central Asia and the Caucasus' }));
 */
export async function renderHtml(result: RoundaboutResult, options: RenderHtmlOptions = {}): Promise<string> {
  const title = options.title ?? defaultTitle(result);
  const legs = orderedLegs(result);
  let chartNo = 0;
  const legSections: string[] = [];
  for (const leg of legs) {
    const svgs: string[] = [];
    for (const spec of legCharts(result, leg)) {
      chartNo += 1;
      svgs.push(`<figure class="chart">${await renderSvg(spec, { idPrefix: `chart${chartNo}` })}</figure>`);
    }
    const findings = legFindings(result, leg);
    legSections.push(
      `<section id="leg-${h(leg.leg)}" class="leg" aria-labelledby="leg-${h(leg.leg)}-h">` +
        `<h2 id="leg-${h(leg.leg)}-h">${h(legLabel(leg.leg))} ${statusBadge(leg.status)}</h2>` +
        `<p><strong>${h(leg.title)}</strong></p><p>${h(leg.text)}</p>` +
        `<p class="note">How the status is decided: ${h(leg.rule)}</p>\n${svgs.join('\n')}\n` +
        (findings.length === 0
          ? '<p class="note">No finding was computed for this leg.</p>'
          : `<h3>Evidence</h3>\n${evidenceList(findings)}`) +
        '</section>',
    );
  }
  const legRows = legs.map(
    (l) =>
      `<tr><td><a href="#leg-${h(l.leg)}">${h(legLabel(l.leg))}</a></td><td>${statusBadge(l.status)}</td><td>${h(l.title)}</td></tr>`,
  );
  const caveats = findingCaveats(result.findings);
  const caveatItems = [
    ...result.warnings.map((w) => `<li>${h(w)}</li>`),
    ...caveats.map((c) => `<li>${h(c.text)} <span class="note">(${h(c.labels.join('; '))})</span></li>`),
  ];
  const nav = [
    ['verdict', 'Verdict'],
    ...legs.map((l) => [`leg-${l.leg}`, legLabel(l.leg)]),
    ['findings', 'Findings'],
    ['methods', 'Methods'],
    ['caveats', 'Caveats'],
    ['provenance', 'Data provenance'],
  ].map(([id, label]) => `<li><a href="#${h(id ?? '')}">${h(label ?? '')}</a></li>`);

  const body = [
    `<header><h1>${h(title)}</h1>`,
    options.generatedAt === undefined ? '' : `<p class="generated">Generated ${h(options.generatedAt)}</p>`,
    `<nav aria-label="Sections"><ul>${nav.join('')}</ul></nav></header>`,
    '<section id="verdict" aria-labelledby="verdict-h"><h2 id="verdict-h">Verdict</h2>',
    `<p class="verdict">${h(result.verdict)}</p>`,
    legRows.length === 0
      ? ''
      : `<table class="legs"><thead><tr><th scope="col">Leg</th><th scope="col">Status</th><th scope="col">In short</th></tr></thead><tbody>${legRows.join('')}</tbody></table>`,
    '</section>',
    ...legSections,
    '<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>',
    `<p class="note">${h(UNITS_NOTE)}</p>`,
    result.findings.length === 0 ? '<p>No findings.</p>' : findingsTable(result.findings),
    '</section>',
    '<section id="methods" aria-labelledby="methods-h"><h2 id="methods-h">Methods</h2>',
    result.methods.length === 0
      ? '<p>No methods were stated.</p>'
      : `<ul>${result.methods.map((m) => `<li>${h(m)}</li>`).join('')}</ul>`,
    `<details><summary>Settings the analysis ran with</summary><pre>${h(toJson(result.options))}</pre></details>`,
    '</section>',
    '<section id="caveats" aria-labelledby="caveats-h"><h2 id="caveats-h">Caveats</h2>',
    caveatItems.length === 0 ? '<p>None stated.</p>' : `<ul>${caveatItems.join('')}</ul>`,
    '</section>',
    '<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Data provenance</h2>',
    result.provenance.length === 0
      ? '<p>No provenance was recorded.</p>'
      : `<div class="datasets">\n${result.provenance.map(provenanceBlock).join('\n')}\n</div>`,
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
