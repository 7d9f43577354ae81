import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { fixture, hostileFinding, normaliseFloats, withFindings } from './helpers.js';

/** Rows of the GFM table that follows a `## <heading>`, without the header and delimiter rows. */
function tableRows(md: string, heading: string): string[] {
  const section = md.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;
  const table = section.split('\n').filter((l) => l.startsWith('|'));
  return table.slice(2);
}

/** Split a table row into cells on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const result = fixture();

  it('matches the golden report of the SYNTHETIC fixture', async () => {
    const md = renderMarkdown(result);
    await expect(normaliseFloats(md)).toMatchFileSnapshot('../golden/report/synthetic-roundabout.md');
  });

  it('states the verdict, the four legs with their status, and every finding in the summary table', () => {
    const md = renderMarkdown(result);
    expect(md).toContain(`## Verdict\n\n${result.verdict}`);
    // Legs by letter and their own title, in the study's order: the renderer knows no leg by id.
    expect(md).toContain('### (a) EU exports to KZ, AM and KG rose far above their pre-war path: Supported');
    expect(md).toContain("### (d) KG's own records show a smaller rise: Mixed");
    expect(md).not.toMatch(/^#+ .*(above-baseline|vs-controls|sanctioned-vs-other)/m);
    const rows = tableRows(md, 'Findings');
    expect(rows).toHaveLength(result.findings.length);
    for (const row of rows) expect(cells(row)).toHaveLength(11);
    // KG, headline method: money in EUR m, percentages from fractions, window stated, p to 3 decimals.
    expect(cells(rows[0]!)).toEqual([
      'EU27_2020',
      'KG',
      'TOTAL',
      'preWarMean',
      '2022-03 to 2023-12',
      'EUR 3,860.4 m',
      'EUR 508.5 m',
      'EUR +3,351.9 m',
      '+659.2%',
      'EUR +3,298.6 to +3,405.2 m',
      '0.026',
    ]);
    expect(md).toContain(
      '| Exporter | Destination | Product group | Method | Window | Actual | Expected | Excess | Excess % | Interval (95%) | p |',
    );
  });

  it('lists methods, caveats once each, and the provenance of every dataset', () => {
    const md = renderMarkdown(result);
    for (const m of result.methods) expect(md).toContain(`- ${m.replace(/\*/g, '\\*')}`);
    const covid = 'the fit window holds COVID-19 months (2020-03 to 2020-06)';
    expect(md.split('## Caveats')[1]!.split(covid).length - 1).toBe(1);
    for (const p of result.provenance) {
      expect(md).toContain(`- SHA-256: \`${p.sha256}\``);
      expect(md).toContain(`- File: \`${p.file}\``);
    }
    expect(md).toContain('- Vintage: not stated'); // the KG NSC record has no vintage
    expect(md).toContain('- Licence: Open Government Licence v3.0');
  });

  it('escapes hostile text: the table keeps its shape and no raw HTML gets through', () => {
    const md = renderMarkdown(withFindings(result, [hostileFinding(result)]));
    const rows = tableRows(md, 'Findings');
    expect(rows).toHaveLength(result.findings.length + 1);
    for (const row of rows) expect(cells(row)).toHaveLength(11);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
    // The newline in the text did not split its list item.
    expect(md).toContain('A \\| B \\<script\\>alert("x")\\</script\\> & "quoted", comma new line');
  });

  it('words a tiny p-value as p < 0.001 and tells currency variants apart', () => {
    const f = result.findings[0]!;
    const usd = { ...f, id: `${f.id}/USD`, currency: 'USD' as const, pValue: 0.0002 };
    const md = renderMarkdown(withFindings(result, [usd]));
    expect(md).toContain('p \\< 0.001 (placebo destinations (n=38))'); // `<` escaped: renders as p < 0.001
    expect(md).toContain('**EU27_2020 → KG · TOTAL · preWarMean · USD**');
    expect(md).toContain('**EU27_2020 → KG · TOTAL · preWarMean · EUR**');
    expect(md).toContain('| USD 3,860.4 m | USD 508.5 m | USD +3,351.9 m | +659.2% |');
  });

  it('is deterministic and prints a timestamp only when one is given', () => {
    const a = renderMarkdown(result);
    expect(renderMarkdown(fixture())).toBe(a);
    expect(a).not.toMatch(/Generated/);
    const b = renderMarkdown(result, { generatedAt: '2025-01-31T12:00:00Z', title: 'Report #1' });
    expect(b.startsWith('# Report #1\n\nGenerated 2025-01-31T12:00:00Z.\n')).toBe(true);
  });

  it('renders an empty result without failing', () => {
    const empty = { ...result, findings: [], legs: [], methods: [], warnings: [], provenance: [] };
    const md = renderMarkdown(empty);
    expect(md).toContain('No findings.');
    expect(md).toContain('No provenance was recorded.');
    expect(md.startsWith(`# ${result.title}\n`)).toBe(true);
  });
});
