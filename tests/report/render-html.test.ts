import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/render-html.js';
import { fixture, hostileFinding, withFindings } from './helpers.js';

/** Each inline SVG of a page. */
function svgs(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

/** The page without its provenance section and without SVG namespace declarations. */
function outsideProvenance(html: string): string {
  const start = html.indexOf('<section id="provenance"');
  const end = html.indexOf('</section>', start);
  expect(start).toBeGreaterThan(0);
  return (html.slice(0, start) + html.slice(end)).replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
}

describe('renderHtml', () => {
  const result = fixture();
  let html = '';
  let hostile = '';
  beforeAll(async () => {
    html = await renderHtml(result);
    hostile = await renderHtml(withFindings(result, [hostileFinding(result)]), {
      title: '<b>Title & "more"</b>',
    });
  });

  it('is one self-contained page: no scripts, external styles, images, fonts or CSS urls, and a CSP that forbids loading', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('<style>'); // sanity anchor: the styles are there, inline
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b|<iframe\b|<object\b|<embed\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    // url(...) only as references to ids inside the page.
    expect(html.replace(/url\(#[\w-]+\)/g, '')).not.toContain('url(');
    // Web addresses only in the provenance section (as text and plain links), nowhere else.
    expect(html).toContain('https://ec.europa.eu/eurostat/comext/newxtweb/');
    expect(outsideProvenance(html)).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\ssrc=/i);
  });

  it('draws six charts: three baselines, excess by destination, sanctioned vs other, the mirror gap', () => {
    const charts = svgs(html);
    expect(charts).toHaveLength(6);
    const titles = charts.map((s) => /<title id="[^"]+">([^<]*)<\/title>/.exec(s)?.[1]);
    expect(titles).toEqual([
      'EU27_2020 exports to KG: actual vs preWarMean baseline',
      'EU27_2020 exports to KZ: actual vs preWarMean baseline',
      'EU27_2020 exports to AM: actual vs preWarMean baseline',
      'Excess EU27_2020 exports by destination',
      'Sanctioned vs other goods, indexed to the pre-war level',
      'Mirror gap: EU27_2020 → KG, as each side reports it',
    ]);
    for (const s of charts) {
      expect(s).toMatch(/^<svg[^>]* role="img" aria-label="[^"]+"/);
      expect(s).toMatch(/class="mark-(line|rect) role-mark/);
    }
    // Ids are unique across the page, so one chart's clip path cannot capture another's marks.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // The charts sit in their leg's section.
    const section = (leg: string) => html.split(`<section id="leg-${leg}"`)[1]!.split('</section>')[0]!;
    expect(svgs(section('above-baseline'))).toHaveLength(4);
    expect(svgs(section('vs-controls'))).toHaveLength(0);
    expect(svgs(section('sanctioned-vs-other'))).toHaveLength(1);
    expect(svgs(section('mirror'))).toHaveLength(1);
  });

  it('has the verdict, a summary table row per finding, methods, caveats and provenance', () => {
    expect(html).toContain(`<p class="verdict">${result.verdict.replace(/'/g, '&#39;')}</p>`);
    const rows = html.match(/<tr data-finding-id="/g) ?? [];
    expect(rows).toHaveLength(result.findings.length);
    expect(html).toContain('<td class="num">EUR 3,860.4 m</td><td class="num">EUR 508.5 m</td>');
    expect(html).toContain('<th scope="col">Interval (95%)</th>');
    expect(html).toContain('<span class="status status-mixed">Mixed</span>');
    for (const p of result.provenance) expect(html).toContain(`<code>${p.sha256}</code>`);
    expect(html).toContain('<section id="methods"');
    expect((html.match(/<article class="dataset">/g) ?? []).length).toBe(result.provenance.length);
  });

  it('escapes every text from the result and the options', () => {
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain(
      'A | B &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;',
    );
    expect(hostile).toContain('<title>&lt;b&gt;Title &amp; &quot;more&quot;&lt;/b&gt;</title>');
    expect(hostile).toContain('<td>=HYPERLINK(&quot;http://evil&quot;)</td>');
    expect(hostile).not.toMatch(/<script/i);
  });

  it('is deterministic: the same result gives the same page', async () => {
    expect(await renderHtml(fixture())).toBe(html);
  });

  it('draws one baseline chart per exporter × destination, the first listed', async () => {
    // A repeat of the KG headline finding (as the analysis adds for USD or total-ex-fuels variants).
    const repeat = { ...result.findings[0]!, id: 'above-baseline/EU27_2020/KG/TOTAL/preWarMean/USD' };
    const page = await renderHtml(withFindings(result, [repeat]));
    expect(svgs(page)).toHaveLength(6);
    expect(page.match(/<tr data-finding-id="/g)).toHaveLength(result.findings.length + 1);
  });

  it('leaves out charts whose data are missing instead of drawing them empty', async () => {
    const bare = { ...result, series: {}, counterfactuals: {}, mirrorPairs: [] };
    const page = await renderHtml(bare);
    // Only the excess-by-destination chart needs no series: it draws from the findings.
    expect(svgs(page)).toHaveLength(1);
    expect(page.match(/<tr data-finding-id="/g)).toHaveLength(result.findings.length);
    // No money excess in leg (a): the excess chart is left out, the baseline charts stay.
    const noExcess = {
      ...result,
      findings: result.findings.map((f) => (f.leg === 'above-baseline' ? { ...f, excess: null } : f)),
    };
    const titles = svgs(await renderHtml(noExcess)).map((s) => /<title id="[^"]+">([^<]*)</.exec(s)?.[1]);
    expect(titles).toHaveLength(5);
    expect(titles).not.toContain('Excess EU27_2020 exports by destination');
  });
});
