// Check the HTML report as a person would see it: Debian's chromium, headless, loads the page from a temp file,
// dumps the DOM it built, measures its layout at 1400 px and 390 px, prints it to PDF, takes screenshots and logs
// its network activity. This test FAILS when chromium is missing (CI installs it); it never skips. Screenshots are
// written to tests/golden/report/ for a reviewer to see in the diff; no check compares pixels.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../src/model/study.js';
import { renderHtml } from '../../src/report/render-html.js';
import { tableCsv } from '../../src/report/to-csv.js';
import { defaultStudy, screenCase, ukGulfStudy } from './studies.js';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

let dir = '';

/** Run headless chromium on a file with a fresh profile and the given extra arguments; returns stdout. */
async function chromium(file: string, args: readonly string[]): Promise<string> {
  const profile = await mkdtemp(join(dir, 'profile-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
      pathToFileURL(file).href,
    ],
    { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

interface NetLogEvent {
  readonly type: number;
  readonly params?: { readonly url?: string; readonly network_isolation_key?: string };
}

/**
 * URLs the PAGE asked for, from a chromium net log. Chromium's own background traffic (update checks, account
 * probes) is told apart by its network isolation key: requests a file:// page makes carry `file://` in it.
 */
async function pageRequests(netLog: string): Promise<string[]> {
  const log = JSON.parse(await readFile(netLog, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: NetLogEvent[];
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params?.url !== undefined)
    .filter((e) => e.params?.network_isolation_key?.includes('file://') === true)
    .map((e) => e.params!.url!);
}

const GOLDEN = join(import.meta.dirname, '..', 'golden', 'report');

/**
 * A probe run in a copy of the page (the page itself has no script, and its CSP would forbid one): it measures the
 * layout and writes what it found as JSON into the host page's DOM, which `--dump-dom` returns. The copy is shown
 * in an iframe of the width under test, since headless chromium will not make a window narrower than 500 px.
 */
const PROBE = `<script>
(() => {
  const root = document.documentElement;
  const text = (e) => (e.textContent || '').replace(/\\s+/g, ' ').trim();
  const out = {
    width: window.innerWidth,
    scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
    clientWidth: root.clientWidth,
    height: root.scrollHeight,
    headings: [...document.querySelectorAll('h1, h2, h3')].map(text),
    figures: [...document.querySelectorAll('figure.chart')].map((f) => ({
      id: f.id,
      source: text(f.querySelector(':scope > p.source') || document.createElement('p')),
      drawn: f.querySelectorAll('svg, table').length,
      right: Math.max(...[...f.querySelectorAll('svg')].map((s) => s.getBoundingClientRect().right), 0),
    })),
    legs: [...document.querySelectorAll('section.leg')].map((s) => ({ id: s.id, charts: s.querySelectorAll('figure.chart svg, figure.chart table').length })),
    wide: Math.max(...[...document.querySelectorAll('figure.chart')].map((f) => f.getBoundingClientRect().width), 0),
    textWidth: Math.max(...[...document.querySelectorAll('section.leg > p')].map((p) => p.getBoundingClientRect().width), 0),
  };
  const host = window.parent.document;
  const pre = host.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  host.body.appendChild(pre);
})();
</script>`;

interface Probe {
  readonly width: number;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly height: number;
  readonly headings: readonly string[];
  readonly figures: readonly { id: string; source: string; drawn: number; right: number }[];
  readonly legs: readonly { id: string; charts: number }[];
  readonly wide: number;
  readonly textWidth: number;
}

function withoutCsp(html: string): string {
  return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
}

/** A host page showing `html` in an iframe `width` × `height` px at its top left corner. */
function framed(html: string, width: number, height: number): string {
  const doc = html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return (
    '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block}</style></head>' +
    `<body><iframe width="${width}" height="${height}" srcdoc="${doc}"></iframe></body></html>`
  );
}

/** Load the page with the probe at a width; return what the probe measured. */
async function measure(html: string, name: string, width: number): Promise<Probe> {
  const file = join(dir, `${name}-probe-${width}.html`);
  await writeFile(file, framed(withoutCsp(html).replace('</body>', `${PROBE}</body>`), width, 1000));
  const dom = await chromium(file, ['--window-size=1400,1000', '--hide-scrollbars', '--dump-dom']);
  const json = /<pre id="probe">([^<]*)<\/pre>/.exec(dom)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(
    json!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Probe;
}

/** Pages of a PDF chromium printed (page objects, not the page tree). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/** Write a screenshot of the page's top to tests/golden/report (for review; never compared). */
async function screenshot(html: string, name: string, width: number, height: number): Promise<Buffer> {
  await mkdir(GOLDEN, { recursive: true });
  const png = join(GOLDEN, `${name}-${width}.png`);
  const file = join(dir, `${name}-shot-${width}.html`);
  await writeFile(file, framed(html, width, height));
  await chromium(file, [`--screenshot=${png}`, `--window-size=${width},${height}`, '--hide-scrollbars']);
  return readFile(png);
}

const cases: [string, () => Promise<StudyResult>][] = [
  ['roundabout', defaultStudy],
  ['uk-ae-tr', ukGulfStudy],
  ['screen', async () => (await screenCase()).study],
];

describe('renderHtml in a real browser (chromium headless)', () => {
  const pages = new Map<string, { result: StudyResult; html: string; file: string }>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roundabout-report-'));
    for (const [name, run] of cases) {
      const result = await run();
      const html = await renderHtml(result);
      const file = join(dir, `${name}.html`);
      await writeFile(file, html);
      pages.set(name, { result, html, file });
    }
    // The screen's full table, next to its page, as the page links to it.
    const { full } = await screenCase();
    const table = full.legs[0]!.charts[0]!;
    if (table.kind === 'table' && table.fullTableFile !== null)
      await writeFile(join(dir, table.fullTableFile), tableCsv(table));
  }, 180_000);
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('chromium is installed (this test must not pass without it)', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  for (const [name] of cases) {
    for (const width of [1400, 390]) {
      it(`${name} at ${width} px: no horizontal overflow, a source line under every chart, every leg a chart, names in headings`, async () => {
        const { result, html } = pages.get(name)!;
        const p = await measure(html, name, width);
        expect(p.width).toBe(width);
        expect(p.scrollWidth).toBeLessThanOrEqual(p.clientWidth);
        expect(p.figures.length).toBe(
          result.headlineCharts.length + result.legs.flatMap((l) => l.charts).length,
        );
        for (const f of p.figures) {
          expect(f.source).toMatch(/^Source: \S/);
          expect(f.drawn).toBeGreaterThan(0);
          expect(f.right).toBeLessThanOrEqual(width);
        }
        expect(p.legs.map((l) => l.id)).toEqual(result.legs.map((l) => `leg-${l.leg}`));
        // Every leg that asks for a chart has one drawn (the default roundabout: every leg).
        for (const [i, leg] of result.legs.entries())
          if (leg.charts.length > 0) expect(p.legs[i]!.charts).toBeGreaterThan(0);
        if (name === 'roundabout') for (const l of p.legs) expect(l.charts).toBeGreaterThan(0);
        for (const h of p.headings) expect(h).not.toMatch(/\b[A-Z]{2,}\d+_\d{4}\b/);
        if (width === 1400) {
          // A text column for reading, charts wider than it.
          expect(p.textWidth).toBeLessThan(800);
          expect(p.wide).toBeGreaterThan(p.textWidth);
        }
      }, 60_000);
    }
  }

  it('prints the roundabout on at most 15 A4 pages with the details collapsed', async () => {
    const pdf = join(dir, 'roundabout.pdf');
    await chromium(pages.get('roundabout')!.file, [`--print-to-pdf=${pdf}`, '--no-pdf-header-footer']);
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 portrait, in points.
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    const n = pdfPages(bytes);
    expect(n).toBeGreaterThan(3);
    expect(n).toBeLessThanOrEqual(15);
  }, 60_000);

  it('requests nothing from the network, even without its Content-Security-Policy', async () => {
    const html = pages.get('roundabout')!.html;
    const bare = join(dir, 'no-csp.html');
    const stripped = withoutCsp(html);
    expect(stripped.length).toBeLessThan(html.length);
    await writeFile(bare, stripped);
    const log = join(dir, 'net.json');
    await chromium(bare, [`--log-net-log=${log}`, '--dump-dom']);
    expect(await pageRequests(log)).toEqual([]);

    // Positive anchor: the same check sees a request when the page does make one (to a closed local port).
    const probe = join(dir, 'probe.html');
    await writeFile(
      probe,
      stripped.replace('<main>', '<main><img alt="" src="http://127.0.0.1:9/probe.png">'),
    );
    const probeLog = join(dir, 'net-probe.json');
    await chromium(probe, [`--log-net-log=${probeLog}`, '--dump-dom']);
    expect(await pageRequests(probeLog)).toContain('http://127.0.0.1:9/probe.png');

    // And with its CSP in place, the page could not make that request even if its content asked for it.
    const guarded = join(dir, 'probe-csp.html');
    await writeFile(guarded, html.replace('<main>', '<main><img alt="" src="http://127.0.0.1:9/probe.png">'));
    const guardedLog = join(dir, 'net-probe-csp.json');
    await chromium(guarded, [`--log-net-log=${guardedLog}`, '--dump-dom']);
    expect(await pageRequests(guardedLog)).toEqual([]);
  }, 60_000);

  it('writes screenshots to tests/golden/report (for review, not compared)', async () => {
    const shots: [string, number, number][] = [
      ['roundabout', 1400, 2600],
      ['roundabout', 390, 2400],
      ['uk-ae-tr', 1400, 2000],
      ['screen', 1400, 1400],
    ];
    for (const [name, width, height] of shots) {
      const bytes = await screenshot(pages.get(name)!.html, name, width, height);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16..24.
      expect(bytes.readUInt32BE(16)).toBe(width);
      expect(bytes.readUInt32BE(20)).toBe(height);
      // A blank page compresses to a few kB; charts and text make it far larger.
      expect((await stat(join(GOLDEN, `${name}-${width}.png`))).size).toBeGreaterThan(50_000);
    }
  }, 120_000);
});
