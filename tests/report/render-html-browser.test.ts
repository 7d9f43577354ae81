// Check the HTML report as a person would see it: Debian's chromium, headless, loads the page from a temp file,
// dumps the DOM it built, takes a screenshot, and logs its network activity. This test FAILS when chromium is
// missing (CI installs it); it never skips.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/render-html.js';
import { fixture } from './helpers.js';

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

describe('renderHtml in a real browser (chromium headless)', () => {
  const result = fixture();
  let html = '';
  let page = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roundabout-report-'));
    html = await renderHtml(result);
    page = join(dir, 'report.html');
    await writeFile(page, html);
  });
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('chromium is installed (this test must not pass without it)', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it('builds a DOM with six charts full of marks and a summary row per finding', async () => {
    const dom = await chromium(page, ['--dump-dom']);
    const charts = dom.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(6);
    for (const svg of charts) {
      // Drawn marks: non-empty paths (lines, areas, bars, points) inside mark groups.
      const marks = svg.match(/role-mark[^"]*"[^>]*>(<path[^>]* d="M[^"]+")/g) ?? [];
      expect(marks.length).toBeGreaterThan(0);
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/);
    }
    // Bars of the excess chart: one rect path per destination.
    const bars = charts[3]!.match(/aria-roledescription="bar"/g) ?? [];
    expect(bars).toHaveLength(3);
    // Three panels of the sanctioned-vs-other chart, two lines each.
    expect(charts[4]!.match(/aria-roledescription="line mark"/g)?.length).toBe(6);
    const rows = dom.match(/<tr data-finding-id="[^"]+">/g) ?? [];
    expect(rows).toHaveLength(result.findings.length);
    expect(dom).toContain('EUR 3,860.4 m');
    expect(dom).not.toMatch(/<script/i);
  });

  it('requests nothing from the network, even without its Content-Security-Policy', async () => {
    // Strip the CSP so the check tests the page's content, not the policy that would block a request.
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutCsp.length).toBeLessThan(html.length);
    const bare = join(dir, 'no-csp.html');
    await writeFile(bare, withoutCsp);
    const log = join(dir, 'net.json');
    await chromium(bare, [`--log-net-log=${log}`, '--dump-dom']);
    expect(await pageRequests(log)).toEqual([]);

    // Positive anchor: the same check sees a request when the page does make one (to a closed local port).
    const probe = join(dir, 'probe.html');
    // At the top of the page: chromium may defer images far below the fold.
    await writeFile(
      probe,
      withoutCsp.replace('<main>', '<main><img alt="" src="http://127.0.0.1:9/probe.png">'),
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
  });

  it('renders a screenshot of the page (kept out of git, in a temp dir)', async () => {
    const png = join(dir, 'report.png');
    await chromium(page, [`--screenshot=${png}`, '--window-size=1280,4000', '--hide-scrollbars']);
    const bytes = await readFile(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16..24.
    expect(bytes.readUInt32BE(16)).toBe(1280);
    expect(bytes.readUInt32BE(20)).toBe(4000);
    // A blank page compresses to a few kB; charts and text make it far larger.
    expect((await stat(png)).size).toBeGreaterThan(100_000);
  });
});
