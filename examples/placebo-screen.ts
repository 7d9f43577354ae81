/**
 * A placebo screen of every partner: if exports to Kazakhstan, Armenia and the Kyrgyz Republic really jumped
 * because goods were re-routed to Russia, their growth should stand out among the EU's exports to every country in
 * the world — not just against a hand-picked control group.
 *
 * For each partner outside the EU in the annual Comext data: the growth of EU exports from 2017–2019 (pre-war
 * years, as the EBRD) to 2022–2023, in logs (mean annual value, EUR); its robust z-score against all partners
 * (median and MAD, so KG's own jump does not inflate the yardstick); where it ranks; and a false-discovery-rate
 * check (Benjamini–Hochberg) across all partners at once. Partners with small pre-war exports are set aside:
 * growth from a near-zero base is the classic false alarm.
 *
 * Run: `npx tsx examples/placebo-screen.ts` (a few seconds).
 * Writes report/examples/placebo-screen.md and placebo-screen.svg (a chart of the top of the ranking).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CCA3,
  type ChartSpec,
  EU27,
  FINCEN_BIS_HIGH_RISK,
  fdr,
  growth,
  loadDataset,
  normalCdf,
  renderSvg,
  robustZ,
  toSeriesSet,
} from 'trade-roundabout';
import { millions, NA, pipeTable } from './lib/text.js';

const OUT = fileURLToPath(new URL('../report/examples', import.meta.url));
const PRE = ['2017', '2019'] as const;
const POST = ['2022', '2023'] as const;
/** Smallest pre-war exports (EUR a year) for a partner to be screened: the default of `roundabout`'s controls. */
const MIN_BASE = 100e6;
/** False discovery rate. */
const ALPHA = 0.05;

/** One screened partner. */
export interface ScreenRow {
  readonly partner: string;
  /** Mean annual EU exports, EUR, in the pre-war and post-war years. */
  readonly pre: number;
  readonly post: number;
  /** log(post / pre). */
  readonly logGrowth: number;
  /** Robust z of `logGrowth` against all screened partners. */
  readonly z: number | null;
  /** Rank (1 = fastest growth) among the screened partners. */
  readonly rank: number;
  /** Share of screened partners that grew at least as fast: a placebo (rank) p-value. */
  readonly rankP: number;
  /** One-sided normal p-value of `z`, and its Benjamini–Hochberg adjusted value. */
  readonly zP: number | null;
  readonly q: number | null;
}

/** What the screen returns: the ranked partners, and those set aside for a small base. */
export interface Screen {
  readonly screened: readonly ScreenRow[];
  readonly smallBase: readonly {
    readonly partner: string;
    readonly pre: number;
    readonly logGrowth: number;
  }[];
  /** Partners passing the FDR at {@link ALPHA}. */
  readonly discoveries: readonly string[];
}

/** Screen, write the report and the chart, print. Exported for the tests (quiet, temporary folder). */
export async function placeboScreen(
  outDir = OUT,
  log: (line: string) => void = console.log,
): Promise<Screen> {
  // 1. One annual EUR series per partner of the EU27 (extra-EU exports): every country outside the EU with data
  //    for the whole span. Intra-EU partners are a different market, not placebos.
  const { observations } = await loadDataset('eu-exports-annual');
  const all = toSeriesSet(observations, { by: ['partner'], reporter: 'EU27_2020', flow: 'export' });
  const growthRows: { partner: string; pre: number; post: number; logGrowth: number }[] = [];
  for (const [partner, s] of Object.entries(all)) {
    if ((EU27 as readonly string[]).includes(partner)) continue;
    if (s.periods[0]! > PRE[0] || s.periods.at(-1)! < POST[1]) continue; // e.g. codes retired before 2017
    // Mean annual exports in each window; growth is null from a zero base, so such partners drop out here.
    const g = growth(s, { from: POST[0], to: POST[1], baseFrom: PRE[0], baseTo: PRE[1] });
    if (g.growthRate === null || g.base.mean === null || g.current.mean === null) continue;
    growthRows.push({
      partner,
      pre: g.base.mean,
      post: g.current.mean,
      logGrowth: Math.log1p(g.growthRate),
    });
  }

  // 2. The near-zero-base guard: partners below EUR 100 m a year before the war are not screened.
  const kept = growthRows.filter((r) => r.pre >= MIN_BASE).sort((a, b) => b.logGrowth - a.logGrowth);
  const smallBase = growthRows.filter((r) => r.pre < MIN_BASE).sort((a, b) => b.logGrowth - a.logGrowth);

  // 3. Robust z against all screened partners, the rank p-value, and a normal p-value of z for the FDR.
  const logGrowths = kept.map((r) => r.logGrowth);
  const scored = kept.map((r, i) => {
    const z = robustZ(r.logGrowth, logGrowths).z;
    const atLeast = logGrowths.filter((x) => x >= r.logGrowth).length;
    return {
      ...r,
      z,
      rank: i + 1,
      rankP: atLeast / kept.length,
      zP: z === null ? null : 1 - normalCdf(z, 0, 1),
    };
  });
  // Why not the FDR on the rank p-values? Ranks among N partners are 1/N, 2/N, …: uniform by construction, so
  // Benjamini–Hochberg adjusts every one of them to 1. A rank says where a partner stands, not that it is unusual.
  const q = fdr(
    scored.map((r) => r.zP),
    { alpha: ALPHA },
  );
  const screened: ScreenRow[] = scored.map((r, i) => ({ ...r, q: q.adjusted[i] ?? null }));
  const discoveries = screened.filter((_, i) => q.rejected[i] === true).map((r) => r.partner);

  // 4. Report: the top of the ranking, where the CCA3 and the FinCEN/BIS transshipment hubs stand, the small bases.
  const times = (x: number) => `${Math.exp(x).toFixed(2)}×`;
  const rankOf = (p: string) => screened.find((r) => r.partner === p)?.rank;
  const hubs = (FINCEN_BIS_HIGH_RISK as readonly string[]).filter(
    (p) => !(CCA3 as readonly string[]).includes(p),
  );
  const top = screened.slice(0, 15);
  const lines = [
    `EU27 exports to ${screened.length} partners outside the EU with at least EUR ${MIN_BASE / 1e6} m a year in ` +
      `${PRE.join('–')}: mean annual exports (EUR million), growth ${PRE.join('–')} → ${POST.join('–')}, robust z ` +
      `of the log growth against all ${screened.length}, rank p = share growing at least as fast, BH q of the z p-value.`,
    '',
    ...pipeTable(
      ['rank', 'partner', `${PRE.join('–')}`, `${POST.join('–')}`, 'growth', 'robust z', 'rank p', 'q (BH)'],
      top.map((r) => [
        String(r.rank),
        (CCA3 as readonly string[]).includes(r.partner) ? `${r.partner} *` : r.partner,
        millions(r.pre),
        millions(r.post),
        times(r.logGrowth),
        r.z?.toFixed(1) ?? NA,
        r.rankP.toFixed(3),
        r.q === null ? NA : r.q < 0.001 ? '<0.001' : r.q.toFixed(3),
      ]),
      ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '(* = KZ, AM, KG)',
    '',
    `Where the CCA3 rank: ${CCA3.map((p) => `${p} ${rankOf(p) ?? NA}`).join(', ')} of ${screened.length}.`,
    `Passing the FDR at ${ALPHA * 100}%: ${discoveries.length} (${discoveries.join(', ') || 'none'}).`,
    `The FinCEN/BIS high-risk transshipment hubs, rank of ${screened.length}: ${hubs
      .filter((p) => rankOf(p) !== undefined)
      .map((p) => `${p} ${rankOf(p)}`)
      .join(', ')}.`,
    'A screen flags, it does not explain: check the product detail of any partner near the top before reading ' +
      'anything into it (for ship registries such as LR or PA, a few ship deliveries can move a year).',
    '',
    `Not screened, pre-war exports below EUR ${MIN_BASE / 1e6} m a year (the fastest growers; near-zero bases): ` +
      smallBase
        .slice(0, 6)
        .map((r) => `${r.partner} ${times(r.logGrowth)} from EUR ${millions(r.pre, 2)} m`)
        .join(', ') +
      '.',
  ];
  await mkdir(outDir, { recursive: true });
  const svg = await renderSvg(chart(screened.slice(0, 25), discoveries));
  await writeFile(join(outDir, 'placebo-screen.svg'), svg);
  await writeFile(
    join(outDir, 'placebo-screen.md'),
    `# Placebo screen: every partner of the EU\n\n${lines.join('\n')}\n\n![The top of the ranking](placebo-screen.svg)\n`,
  );
  for (const line of lines) log(line);
  return { screened, smallBase, discoveries };
}

/** A vega-lite bar chart of the fastest-growing partners; any spec renders to SVG with `renderSvg`. */
function chart(rows: readonly ScreenRow[], discoveries: readonly string[]): ChartSpec {
  const group = (p: string) =>
    (CCA3 as readonly string[]).includes(p)
      ? 'KZ/AM/KG'
      : discoveries.includes(p)
        ? `passes FDR ${ALPHA * 100}%`
        : 'other partners';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `EU27 exports: growth ${PRE.join('–')} → ${POST.join('–')}, fastest-growing partners`,
    description: `Ratio of mean annual EU27 exports in ${POST.join('–')} to ${PRE.join('–')}, partners with at least EUR ${MIN_BASE / 1e6} m a year before the war.`,
    width: 560,
    data: {
      values: rows.map((r) => ({
        partner: r.partner,
        growth: Math.exp(r.logGrowth),
        group: group(r.partner),
      })),
    },
    mark: 'bar',
    encoding: {
      y: { field: 'partner', type: 'nominal', sort: '-x', title: null },
      x: { field: 'growth', type: 'quantitative', title: `exports ${POST.join('–')} ÷ ${PRE.join('–')} (×)` },
      color: {
        field: 'group',
        type: 'nominal',
        title: null,
        scale: {
          domain: ['KZ/AM/KG', `passes FDR ${ALPHA * 100}%`, 'other partners'],
          range: ['#1d4e89', '#d1495b', '#b8c2cc'],
        },
      },
    },
  };
}

// Run when called as a script; the tests import `placeboScreen` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await placeboScreen();
