import * as vega from 'vega';
import * as vl from 'vega-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsError, UnitMismatchError } from '../../src/errors.js';
import {
  type ChartSpec,
  chartActualVsBaseline,
  chartExcessByDestination,
  chartMirrorGap,
  chartSanctionedVsOther,
  renderSvg,
} from '../../src/report/index.js';
import { fixture } from './helpers.js';

const KG = 'EU27_2020->KG/TOTAL/EUR/monthly';
const KG_CF = `preWarMean/${KG}`;

/** Compile a spec and return the warnings and errors vega-lite logged. */
function compileWarnings(spec: ChartSpec): string[] {
  const messages: string[] = [];
  const logger = vega.logger(vega.Warn, 'log', (_method, level, args) => {
    messages.push(`${level}: ${args.map(String).join(' ')}`);
  });
  vl.compile(spec as unknown as vl.TopLevelSpec, { logger });
  return messages;
}

/** The layers of a layered spec, with their inline data. */
type Layer = {
  data?: { values: Record<string, unknown>[] };
  mark: { type: string };
  encoding: { y?: { title?: string } };
};
function layers(spec: ChartSpec): Layer[] {
  return (spec as unknown as { layer: Layer[] }).layer;
}

describe('chart specs', () => {
  const result = fixture();

  it('chartActualVsBaseline draws actual, expected and the band in EUR million, with the post-period rule', () => {
    const spec = chartActualVsBaseline(result, KG, KG_CF);
    const [band, lines, rule, label] = layers(spec);
    const series = result.series[KG]!;
    const cf = result.counterfactuals[KG_CF]!;
    // Band: lower/upper of the counterfactual, in millions, one row per period.
    expect(band!.mark.type).toBe('area');
    expect(band!.data!.values).toHaveLength(series.periods.length);
    expect(band!.data!.values[0]).toEqual({
      t: Date.UTC(2019, 0, 1),
      lower: cf.lower[0]! / 1e6,
      upper: cf.upper[0]! / 1e6,
    });
    expect(band!.encoding.y?.title).toBe('EUR million per month');
    // Lines: actual and expected, both per period.
    const actual = lines!.data!.values.filter((r) => r.series === 'Actual');
    expect(actual.map((r) => r.value)).toEqual(series.values.map((v) => v! / 1e6));
    expect(lines!.data!.values.filter((r) => r.series === 'Expected (preWarMean)')).toHaveLength(60);
    // The rule and its label sit at 2022-03, the finding's window start.
    expect(rule!.mark.type).toBe('rule');
    expect(rule!.data!.values[0]!.t).toBe(Date.UTC(2022, 2, 1));
    expect(label!.data!.values[0]!.label).toBe('post-period from 2022-03 →');
    const title = (spec as { title: { text: string; subtitle: string[] } }).title;
    expect(title.text).toBe('EU27_2020 exports to KG: actual vs preWarMean baseline');
    expect(title.subtitle.join(' ')).toContain('Baseline fitted on 2019-01 to 2021-12');
    expect(spec.description).toMatch(/^Line chart of monthly EU27_2020 exports to KG/);
  });

  it('chartExcessByDestination draws the headline method per destination with interval error bars', () => {
    const spec = chartExcessByDestination(result);
    const rows = (spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;
    // preWarMean, EU27_2020 only, largest excess first.
    expect(rows.map((r) => r.destination)).toEqual(['KZ', 'KG', 'AM']);
    const kg = result.findings[0]!;
    expect(rows[1]).toEqual({
      destination: 'KG',
      excess: kg.excess! / 1e6,
      lower: kg.interval.lower! / 1e6,
      upper: kg.interval.upper! / 1e6,
      label: '+659.2%',
    });
    const marks = layers(spec).map((l) => l.mark.type);
    expect(marks).toEqual(['bar', 'rule', 'tick', 'tick', 'text', 'rule']);
    expect(layers(spec)[0]!.encoding.y?.title).toBe('Excess, EUR million (sum over window)');
    // Another exporter: the GBP findings, in GBP.
    const gb = chartExcessByDestination(result, { exporter: 'GB' });
    expect((gb as unknown as { data: { values: unknown[] } }).data.values).toHaveLength(2);
    expect(layers(gb)[0]!.encoding.y?.title).toBe('Excess, GBP million (sum over window)');
  });

  it('chartSanctionedVsOther indexes each series to its own pre-war mean (= 100)', () => {
    const spec = chartSanctionedVsOther(result);
    const rows = (
      spec as unknown as {
        data: { values: { t: number; destination: string; group: string; index: number }[] };
      }
    ).data.values;
    for (const d of ['KG', 'KZ', 'AM']) {
      for (const g of ['Sanctioned goods', 'Other goods']) {
        const pre = rows.filter((r) => r.destination === d && r.group === g && r.t <= Date.UTC(2021, 11, 1));
        expect(pre).toHaveLength(24); // base window 2020-01..2021-12 (the fit window's end)
        const mean = pre.reduce((a, r) => a + r.index, 0) / pre.length;
        expect(mean).toBeCloseTo(100, 9);
      }
    }
    // KG sanctioned goods in 2022-11 were about 19 times their 2020-2021 mean.
    const s = result.series['EU27_2020->KG/sanctioned/EUR/monthly']!;
    const base = (s.values.slice(0, 24) as number[]).reduce((a, b) => a + b, 0) / 24;
    const nov = rows.find(
      (r) => r.destination === 'KG' && r.group === 'Sanctioned goods' && r.t === Date.UTC(2022, 10, 1),
    )!;
    expect(nov.index).toBeCloseTo((100 * s.values[34]!) / base, 9);
    const custom = chartSanctionedVsOther(result, {
      base: { from: '2021-01', to: '2021-12' },
      destinations: ['KZ'],
    });
    expect((custom as { title: { subtitle: string[] } }).title.subtitle.join(' ')).toContain(
      '2021-01 to 2021-12',
    );
  });

  it('chartMirrorGap draws both sides of the flow, in the exporter currency', () => {
    const spec = chartMirrorGap(result, 'EU27_2020->KG');
    const rows = layers(spec)[0]!.data!.values;
    const eu = rows.filter((r) => r.source === 'EU27_2020-reported exports to KG');
    const kg = rows.filter((r) => r.source === 'KG-reported imports from EU27_2020');
    expect(eu).toHaveLength(5);
    expect(kg).toHaveLength(5);
    expect(eu[3]!.value).toBeCloseTo(1170.9, 1); // EU27 exports to KG in 2022, EUR m (PROVENANCE.md: 1,170.9 m)
    expect(kg[3]!.value).toBeCloseTo(526_857.272 / 1.053049 / 1000, 6);
    expect(layers(spec)[1]!.data!.values[0]!.t).toBe(Date.UTC(2022, 0, 1));
  });

  it('compile with no vega-lite warnings beyond the expected legend merge', () => {
    const specs = [
      chartActualVsBaseline(result, KG, KG_CF),
      chartExcessByDestination(result),
      chartSanctionedVsOther(result),
      chartMirrorGap(result, 'EU27_2020->KG'),
    ];
    const warnings = specs.flatMap(compileWarnings);
    // The one expected message: color and strokeDash legends of the baseline chart are merged into one legend.
    expect(warnings.filter((w) => !/Unioning discrete legend values/.test(w))).toEqual([]);
  });

  it('refuse unknown ids and mismatched units with typed errors', () => {
    expect(() => chartActualVsBaseline(result, 'nope', KG_CF)).toThrow(OptionsError);
    expect(() => chartActualVsBaseline(result, KG, 'nope')).toThrow(OptionsError);
    expect(() => chartMirrorGap(result, 'nope')).toThrow(OptionsError);
    expect(() => chartExcessByDestination(result, { method: 'nope' })).toThrow(OptionsError);
    expect(() => chartSanctionedVsOther(result, { destinations: ['XX'] })).toThrow(OptionsError);
    const gbp = { ...result.series[KG]!, currency: 'GBP' as const };
    const mixed = { ...result, series: { ...result.series, [KG]: gbp } };
    expect(() => chartActualVsBaseline(mixed, KG, KG_CF)).toThrow(UnitMismatchError);
  });
});

describe('renderSvg', () => {
  const result = fixture();
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('renders an accessible SVG with marks, a title, a description and prefixed ids', async () => {
    const svg = await renderSvg(chartActualVsBaseline(result, KG, KG_CF), { idPrefix: 'kg' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(
      /^<svg[^>]* role="img" aria-label="EU27_2020 exports to KG: actual vs preWarMean baseline"/,
    );
    expect(svg).toContain(
      '<title id="kg-title">EU27_2020 exports to KG: actual vs preWarMean baseline</title>',
    );
    expect(svg).toMatch(/<desc id="kg-desc">Line chart of monthly/);
    expect(svg).toContain('aria-describedby="kg-desc"');
    expect(svg).toContain('role-mark'); // marks were drawn
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBeGreaterThanOrEqual(1);
    expect(svg).toContain('class="mark-area role-mark');
    // Axis title with units, readable tick labels.
    expect(svg).toContain('EUR million per month');
    expect(svg).toContain('>Jan 2022<');
    expect(svg).toMatch(/>2[05]0</);
    // Every id is prefixed and nothing points outside the SVG.
    for (const m of svg.matchAll(/\sid="([^"]+)"/g)) expect(m[1]).toMatch(/^kg-/);
    expect(svg.replace(/url\(#[^)]+\)/g, '')).not.toContain('url(');
  });

  it('is deterministic and independent of the time zone', async () => {
    for (const spec of [chartMirrorGap(result, 'EU27_2020->KG'), chartActualVsBaseline(result, KG, KG_CF)]) {
      process.env.TZ = 'America/Los_Angeles';
      const a = await renderSvg(spec);
      process.env.TZ = 'Asia/Tokyo';
      const b = await renderSvg(spec);
      expect(b).toBe(a);
      expect(a).toMatch(/<svg[^>]*aria-describedby="c[0-9a-f]{10}-desc"/);
    }
    const annual = await renderSvg(chartMirrorGap(result, 'EU27_2020->KG'));
    expect(annual).toContain('>2019<');
    expect(annual).toContain('aria-label="Year: 2019; EUR million per year: 329');
  });

  it('escapes text in the title and description', async () => {
    const spec = chartActualVsBaseline(result, KG, KG_CF, { title: 'A <b>&</b> "q"' });
    const svg = await renderSvg(spec);
    expect(svg).toContain('<title id=');
    expect(svg).toContain('A &lt;b&gt;&amp;&lt;/b&gt; &quot;q&quot;');
    expect(svg).not.toContain('<b>');
  });
});
