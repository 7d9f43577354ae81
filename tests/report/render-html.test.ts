import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../src/model/study.js';
import { renderHtml } from '../../src/report/render-html.js';
import { tableCsv, toCsv } from '../../src/report/to-csv.js';
import { fixture, hostileFinding, withFindings } from './helpers.js';
import { defaultStudy, otherStudy, screenCase, ukGulfStudy } from './studies.js';

/** Each inline SVG of a page. */
function svgs(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

/** Each figure of a page. */
function figures(html: string): string[] {
  return html.match(/<figure\b[\s\S]*?<\/figure>/g) ?? [];
}

/** A leg's section. */
function section(html: string, leg: string): string {
  const part = html.split(`<section id="leg-${leg}"`)[1];
  expect(part).toBeDefined();
  return part!.split('</section>')[0]!;
}

/** Text of every h1–h3, tags stripped. */
function headings(html: string): string[] {
  return [...html.matchAll(/<h([1-3])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, ''));
}

/** The page without its provenance section and without SVG namespace declarations. */
function outsideProvenance(html: string): string {
  const start = html.indexOf('<section id="provenance"');
  const end = html.indexOf('</section>', start);
  expect(start).toBeGreaterThan(0);
  return (html.slice(0, start) + html.slice(end)).replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
}

/** Checks every rendered study must pass: each leg a section, each chart a source line, names in headings. */
function expectWalksLegs(result: StudyResult, html: string): void {
  const drawn = result.legs.flatMap((l) => l.charts);
  for (const leg of result.legs) {
    const s = section(html, leg.leg);
    expect(s).toContain(`<span class="status status-${leg.status}">`);
    // Every chart the leg asks for and has data for is drawn in its section.
    expect(figures(s).length).toBe(leg.charts.length);
  }
  for (const f of figures(html)) expect(f).toMatch(/<p class="source">Source: [^<]+<\/p><\/figure>$/);
  expect(figures(html)).toHaveLength(drawn.length + result.headlineCharts.length);
  // Codes only in tables and tooltips: no heading carries an aggregate code, and none outside the provenance
  // (where publishers' names are quoted as published) a code the result names in words.
  for (const text of headings(html)) expect(text).not.toMatch(/\b[A-Z]{2,}\d+_\d{4}\b/);
  const codes = Object.keys(result.names);
  for (const text of headings(outsideProvenance(html))) {
    for (const code of codes) expect(text.split(/[^\w]+/)).not.toContain(code);
  }
  expect(html).not.toMatch(/<script/i);
}

describe('renderHtml on the roundabout (shipped data, defaults)', () => {
  let result: StudyResult;
  let html = '';
  beforeAll(async () => {
    result = await defaultStudy();
    html = await renderHtml(result);
  }, 60_000);

  it('is one self-contained page: no scripts, external styles, images, fonts or CSS urls, and a CSP that forbids loading', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b|<iframe\b|<object\b|<embed\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html.replace(/url\(#[\w-]+\)/g, '')).not.toContain('url(');
    expect(outsideProvenance(html)).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\ssrc=/i);
  });

  it('opens with the question, the verdict of every leg in words and the headline small multiples', () => {
    const first = html.split('<section id="leg-')[0]!;
    expect(first).toContain(`<p class="lead">${result.question.replace(/'/g, '&#39;')}</p>`);
    const verdicts = first.match(/<ul class="verdicts"[\s\S]*?<\/ul>/)?.[0] ?? '';
    expect(verdicts.match(/<li>/g)).toHaveLength(result.legs.length);
    for (const l of result.legs) expect(verdicts).toContain(l.title.replace(/'/g, '&#39;'));
    expect(figures(first)).toHaveLength(1);
    // One panel per destination, each its own SVG so the grid reflows on a phone.
    expect(svgs(first)).toHaveLength(3);
    expect(first).toContain('<h3>Exports from the EU (27) against their pre-war path, by destination</h3>');
  });

  it('walks the legs: each section draws the charts its requests ask for, each with a source line', () => {
    expectWalksLegs(result, html);
    for (const leg of result.legs) expect(svgs(section(html, leg.leg)).length).toBeGreaterThan(0);
    // Ids are unique across the page, so one chart's clip path cannot capture another's marks.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every chart an accessible name and its points and bars SVG <title> tooltips', () => {
    for (const s of svgs(html)) {
      expect(s).toMatch(/^<svg[^>]* role="img" aria-label="[^"]+"/);
      expect(s).toMatch(/<title id="[^"]+">[^<]+<\/title>/);
      expect(s).toMatch(/aria-label="[^"]+"[^>]*><title>[^<]+<\/title><\/path>/);
    }
  });

  it('states each caveat once and refers to it by number after that', () => {
    const stated = [...html.matchAll(/<li id="caveat-(\d+)" value="\d+">([^<]*)<\/li>/g)];
    const texts = stated.map((m) => m[2]);
    expect(new Set(texts).size).toBe(texts.length);
    expect(stated.map((m) => Number(m[1]))).toEqual(stated.map((_, i) => i + 1));
    const all = new Set([...result.warnings, ...result.findings.flatMap((f) => f.warnings)]);
    expect(stated.length).toBe(all.size);
    for (const m of html.matchAll(/href="#caveat-(\d+)"/g))
      expect(Number(m[1])).toBeLessThanOrEqual(stated.length);
  });

  it('offers every finding as a CSV data URI and keeps the detail behind <details>', () => {
    const uri = /href="data:text\/csv;charset=utf-8;base64,([^"]+)"/.exec(html)?.[1];
    expect(uri).toBeDefined();
    expect(Buffer.from(uri!, 'base64').toString('utf8')).toBe(toCsv(result.findings));
    const rows = html.match(/<tr data-finding-id="/g) ?? [];
    expect(rows).toHaveLength(result.findings.length);
    // Every findings table sits in a <details>.
    expect(html.split(/<details class="findings">/).length - 1).toBe(result.legs.length);
  });

  it('is deterministic: the same result gives the same page', async () => {
    expect(await renderHtml(result)).toBe(html);
  });

  it('does not branch on leg ids or titles: renamed legs render the same charts', async () => {
    const renamed: StudyResult = {
      ...result,
      legs: result.legs.map((l, i) => ({ ...l, leg: `leg${i}`, title: `Leg number ${i}` })),
      findings: result.findings.map((f) => ({
        ...f,
        leg: `leg${result.legs.findIndex((l) => l.leg === f.leg)}`,
      })),
    };
    const page = await renderHtml(renamed);
    expect(svgs(page)).toHaveLength(svgs(html).length);
    expectWalksLegs(renamed, page);
  });

  it('leaves out charts whose data are missing instead of drawing them empty', async () => {
    const bare = await renderHtml({ ...result, series: {}, counterfactuals: {} });
    // Forests and ranks draw from the requests themselves; every time chart needs its series.
    const kinds = result.legs
      .flatMap((l) => l.charts)
      .filter((c) => c.kind === 'forest' || c.kind === 'rank');
    expect(figures(bare)).toHaveLength(kinds.length);
  });
});

describe('renderHtml renders other studies without any change in report/', () => {
  it('the UK → United Arab Emirates and Türkiye case', async () => {
    const result = await ukGulfStudy();
    const html = await renderHtml(result);
    expectWalksLegs(result, html);
    expect(html).toContain(
      '<h1>Exports from United Kingdom to United Arab Emirates and Türkiye since March 2022</h1>',
    );
    expect(svgs(section(html, 'above-baseline')).length).toBeGreaterThan(0);
    expect(svgs(section(html, 'vs-controls')).length).toBeGreaterThan(0);
  }, 60_000);

  it('a study of our own: other destinations, two legs in another order', async () => {
    const result = await otherStudy();
    const html = await renderHtml(result);
    expectWalksLegs(result, html);
    expect(result.legs.map((l) => l.leg)).toEqual(['sanctioned-vs-other', 'above-baseline']);
    expect(html.indexOf('id="leg-sanctioned-vs-other"')).toBeLessThan(
      html.indexOf('id="leg-above-baseline"'),
    );
    expect(html).toContain('Azerbaijan');
  }, 60_000);

  it('a screen() result as a one-leg study: the top 200 rows, the full table as a separate CSV file', async () => {
    const { study, full } = await screenCase();
    const html = await renderHtml(study);
    expectWalksLegs(study, html);
    const table = study.legs[0]!.charts[0]!;
    const fullTable = full.legs[0]!.charts[0]!;
    if (table.kind !== 'table' || fullTable.kind !== 'table') throw new Error('expected table charts');
    const body = section(html, 'screen').split('<tbody>')[1]!.split('</tbody>')[0]!;
    expect(body.match(/<tr>/g)).toHaveLength(200);
    expect(html).toContain(`Showing the first 200 of ${table.totalRows} rows.`);
    expect(html).toContain('<a href="screen-full.csv" download>screen-full.csv</a>');
    // The full table is not embedded: its last row is not on the page, and the page is far smaller than the CSV.
    const csv = tableCsv(fullTable);
    expect(csv.split('\r\n')).toHaveLength(table.totalRows + 2);
    expect(html).not.toContain(`<td class="num">${table.totalRows}</td>`);
    // Excess % cells are percentages.
    expect(body).toMatch(/<td class="num">\+[\d,]+\.\d%<\/td>/);
  }, 120_000);
});

describe('renderHtml on the SYNTHETIC fixture', () => {
  it('escapes every text from the result and the options', async () => {
    const result = fixture();
    const hostile = await renderHtml(withFindings(result, [hostileFinding(result)]), {
      title: '<b>Title & "more"</b>',
    });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain(
      'A | B &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;',
    );
    expect(hostile).toContain('<title>&lt;b&gt;Title &amp; &quot;more&quot;&lt;/b&gt;</title>');
    expect(hostile).toContain('=HYPERLINK(&quot;http:');
    expect(hostile).not.toMatch(/<script/i);
  });
});
