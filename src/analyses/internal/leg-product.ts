import { type DatasetOptions, loadDataset } from '../../datasets.js';
import {
  type ProductDateRule,
  type ProductDesignFit,
  type ProductDesignKind,
  type ProductDesignResult,
  productLevelDesign,
} from '../../inference/product-design.js';
import type { Period } from '../../model/period.js';
import type { Provenance } from '../../model/provenance.js';
import type { Interval } from '../../model/result.js';
import type { ChartRequest } from '../../model/study.js';
import { type ProductPanel, toProductPanel } from '../../panel/to-product-panel.js';
import type { ConcordanceEdition, HsConcordanceRow } from '../../panel/types.js';
import type { SanctionCategory, SanctionedHs6 } from '../../reference/sanctions.js';
import {
  type ChartContext,
  type LegContext,
  type LegVerdictParts,
  nameOf,
  provenanceLine,
} from '../study.js';
import type { Finding, ProductLevelFinding } from '../types.js';
import { attempt, type RoundaboutLeg } from './common.js';
import type { RoundaboutData } from './data.js';
import { pct, pctInterval, pValue } from './format.js';
import type { ResolvedOptions } from './options.js';
import { chartId, levelPct } from './verdict.js';

/** The extra data the product-level leg reads: the dated sanctions list and the edition concordance. */
export interface ProductLegData {
  /** Rows of the HS6 sanctions list (default the shipped `sanctions-eu-hs6`): dates and categories. */
  readonly sanctions: readonly SanctionedHs6[];
  /** UNSD HS2022 ↔ HS2017 rows for the edition bridge (default the shipped `hs-concordance`); `null`: no bridge. */
  readonly concordance: readonly HsConcordanceRow[] | null;
  /** Provenance of the two (appended to the study's). */
  readonly provenance: readonly Provenance[];
}

/** Settings of {@link productLevelLeg}; the destinations, target, seed and level come from the study's options. */
export interface ProductLegSettings {
  /** Product level of the panel: 6 (default, HS6 bridged to `edition` with the concordance) or 8 (CN8, no bridge). */
  readonly level?: 6 | 8;
  /** The edition codes are bridged to at level 6. Default `HS2017` (the edition of the sanctions list's codes). */
  readonly edition?: ConcordanceEdition;
  /** Code prefixes to keep (e.g. `['8517', '8542']`); default every code of `data.sanctioned`. */
  readonly products?: readonly string[];
  /**
   * Treatment dates: `'own'` (default) — each code from its own sanction date (`dateRule`); `'study'` — every code
   * from the study's `treatment` month.
   */
  readonly dates?: 'own' | 'study';
  /** With `dates: 'own'`: `sanction` (default) or `wind-down` dates. */
  readonly dateRule?: ProductDateRule;
  /** Comparison destinations; default the study's `otherNeighbours`. */
  readonly comparison?: readonly string[];
  /**
   * Design; default `'auto'`, `productLevelDesign`'s rule: `sanctioned-vs-other` (sanctioned vs other goods, the
   * EBRD's design) when at least a quarter of the panel's codes have no sanctioned HS6 parent and the panel has the
   * target — a fetched panel of every product — else `cross-destination` (the shipped data: sanctioned codes only).
   */
  readonly design?: 'auto' | ProductDesignKind;
  /** Months `[from, to]` of the panel; default every month of `data.sanctioned`. */
  readonly window?: readonly [Period, Period];
  /** Category lenses (overlapping). Default `['luxury', 'industrial_cap', 'dual_use']`; `[]` for none (faster). */
  readonly categories?: readonly SanctionCategory[];
  /** Fit each treated destination alone against the comparison (no randomisation). Default `true`. */
  readonly perDestination?: boolean;
  /** Randomisation: at most this many assignments are enumerated (default 100), else `draws` (default 99) seeded sets. */
  readonly randomization?: { readonly maxAssignments?: number; readonly draws?: number };
  /** Data instead of the shipped sanctions list and concordance. */
  readonly data?: ProductLegData;
}

/** The leg's own state: the design result and the per-destination fits, or why it did not run. */
export interface ProductLegState {
  /** Why the leg did not run, or `null`. */
  readonly skipped: string | null;
  /** The exporter of the product-level data. */
  readonly exporter: string | null;
  /** The panel's row accounting and notes, or `null`. */
  readonly panel: Pick<ProductPanel, 'accounting' | 'notes' | 'level' | 'edition'> | null;
  /** The headline design, or `null`. */
  readonly design: ProductDesignResult | null;
  /** Each treated destination alone against the comparison. */
  readonly perDestination: readonly { readonly destination: string; readonly fit: ProductDesignFit }[];
  /** Settings as used. */
  readonly settings: ProductLegSettings;
}

/** A roundabout leg that loads extra data before the study runs (see `roundabout`'s `legs`). */
export type RoundaboutLegWithData<S> = RoundaboutLeg<S> & {
  /** Return the study's data with what the leg needs added (and its provenance appended). */
  readonly loadData?: (data: RoundaboutData, options: DatasetOptions) => Promise<RoundaboutData>;
};

/** What the product leg adds to the study's data. */
type WithProductData = RoundaboutData & { readonly productLevel?: ProductLegData };

const LEG = 'product-level';
const DEFAULT_CATEGORIES: readonly SanctionCategory[] = ['luxury', 'industrial_cap', 'dual_use'];

/** Load the shipped sanctions list and concordance. */
async function shippedProductData(options: DatasetOptions): Promise<ProductLegData> {
  const s = await loadDataset('sanctions-eu-hs6', options);
  const c = await loadDataset('hs-concordance', options);
  return { sanctions: s.rows, concordance: c.rows, provenance: [...s.provenance, ...c.provenance] };
}

function interval(fit: ProductDesignFit): Interval {
  const pe = fit.percentEffect;
  const level = fit.ppml.settings.level;
  return pe === null ? { lower: null, upper: null, level } : { lower: pe.lower, upper: pe.upper, level };
}

function finite(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

function finding(
  role: ProductLevelFinding['role'],
  fit: ProductDesignFit,
  r: ProductDesignResult,
  exporter: string,
  treated: readonly string[],
  productGroup: string,
  text: string,
  warnings: readonly string[],
): ProductLevelFinding {
  const e = finite(fit.percentEffect?.estimate);
  const p = role === 'headline' ? finite(fit.randomizationP) : null;
  const ri = fit.randomization;
  const destination = treated.join('/');
  return {
    id: [LEG, exporter, destination, productGroup, 'productLevelDesign'].join('/'),
    leg: LEG,
    method: 'productLevelDesign',
    role,
    design: r.design,
    exporter,
    destination,
    productGroup,
    currency: null,
    frequency: 'monthly',
    window: { from: r.settings.window[0], to: r.settings.window[1] },
    actual: null,
    expected: null,
    excess: null,
    excessPct: e,
    ratio: e === null ? null : 1 + e,
    interval: { lower: null, upper: null, level: fit.ppml.settings.level },
    pctInterval: interval(fit),
    pValue: p,
    pMethod:
      p === null || ri === null
        ? null
        : `randomisation inference over destinations: share of the ${ri.assignments} ${ri.enumerated ? 'assignments' : 'seeded assignments'} of ${ri.treatedUnits} treated among ${ri.units} destinations with |β| at least the real one`,
    fit: null,
    warnings,
    text,
    seriesId: null,
    counterfactualId: null,
    treated,
    comparisonUnits: r.settings.comparison,
    products: fit.products,
    observations: fit.ppml.n,
    clusters: fit.ppml.diagnostics.clusters,
    assignments: ri?.assignments ?? null,
    minimumP: fit.minimumP,
  };
}

function skipped(reason: string, settings: ProductLegSettings) {
  return {
    findings: [],
    series: {},
    counterfactuals: {},
    warnings: [`Product-level leg: ${reason}`],
    state: { skipped: reason, exporter: null, panel: null, design: null, perDestination: [], settings },
  };
}

function runProduct(context: LegContext<ResolvedOptions, RoundaboutData>, settings: ProductLegSettings) {
  const o = context.options;
  const extra = (context.data as WithProductData).productLevel;
  if (extra === undefined)
    return skipped(
      'no sanctions list in the data: run it through `roundabout({ legs })`, which loads it, or pass `productLevelLeg({ data })`',
      settings,
    );
  const cn8 = context.data.sanctioned.filter((x) => x.flow === 'export');
  const exporter = cn8[0]?.reporter;
  if (exporter === undefined) return skipped('no product-level data (`data.sanctioned` is empty)', settings);
  if (!o.exporters.includes(exporter))
    return skipped(
      `the product-level data are exports by ${exporter}, not by an exporter of this study`,
      settings,
    );
  const treated = o.destinations;
  const comparison = settings.comparison ?? o.otherNeighbours;
  const level = settings.level ?? 6;
  const bridge =
    level === 6 && extra.concordance !== null
      ? { bridge: { concordance: extra.concordance, to: settings.edition ?? ('HS2017' as const) } }
      : {};
  const warnings: string[] = [];
  const panel = attempt(warnings, 'product panel', () =>
    toProductPanel(cn8, {
      level,
      exporters: [exporter],
      destinations: [...new Set([...treated, ...comparison, o.target])],
      ...(settings.products === undefined ? {} : { products: settings.products }),
      ...(settings.window === undefined ? {} : { window: settings.window }),
      ...bridge,
    }),
  );
  if (panel === null) return skipped(warnings.join('; '), settings);
  const startOfTreatment = `${o.treatment}-01`;
  const sanctions =
    settings.dates === 'study'
      ? extra.sanctions.map((r) => ({ ...r, date: startOfTreatment, windDownDate: startOfTreatment }))
      : extra.sanctions;
  const common = {
    sanctions,
    comparison,
    target: o.target,
    design: settings.design ?? 'auto',
    dateRule: settings.dateRule ?? 'sanction',
  } as const;
  const design = attempt(warnings, 'productLevelDesign', () =>
    productLevelDesign(panel, {
      ...common,
      treated,
      categories: settings.categories ?? DEFAULT_CATEGORIES,
      randomization: { ...settings.randomization, seed: o.seed },
    }),
  );
  if (design === null) return skipped(warnings.join('; '), settings);
  const perDestination =
    settings.perDestination === false || treated.length < 2
      ? []
      : treated.flatMap((d) => {
          const r = attempt(warnings, `productLevelDesign for ${d} alone`, () =>
            productLevelDesign(panel, { ...common, treated: [d], categories: [], randomization: false }),
          );
          return r === null ? [] : [{ destination: d, fit: r.headline }];
        });
  const h = design.headline;
  const ri = h.randomization;
  const clusters = h.ppml.diagnostics.clusters;
  const group = 'sanctioned (product level)';
  const fe = design.settings.fixedEffects.join(', ');
  const triple = design.design === 'sanctioned-vs-other';
  const after = settings.dates === 'study' ? `common treatment month ${o.treatment}` : 'first treated month';
  const headText =
    `Product-level PPML (${exporter} exports by ${level === 6 ? 'HS6' : 'CN8'} code × destination × month, ${design.settings.window.join('..')}, fixed effects ${fe}, ${h.products} codes${triple ? ` of which ${design.codes.other} other goods` : ''}, ${h.ppml.n} observations): ` +
    `exports of sanctioned goods to ${treated.join('/')} were ${pct(h.percentEffect?.estimate ?? null)} higher after each code's ${after} than to ${design.settings.comparison.join('/')}, ` +
    `relative to before${triple ? ' and to other goods' : ''} (cluster-robust ${pctInterval(interval(h))}, not valid with ${clusters ?? 'few'} clusters; randomisation ${pValue(h.randomizationP)}${ri === null ? '' : ` over ${ri.assignments} assignments, smallest possible ${pValue(h.minimumP)}`}).` +
    targetWords(design, o.target);
  const findings: ProductLevelFinding[] = [
    finding('headline', h, design, exporter, treated, group, headText, [...design.warnings]),
  ];
  for (const { destination, fit } of perDestination)
    findings.push(
      finding(
        'destination',
        fit,
        design,
        exporter,
        [destination],
        group,
        `${nameOf(destination)} alone against ${comparison.join('/')}: ${pct(fit.percentEffect?.estimate ?? null)} (cluster-robust ${pctInterval(interval(fit))}, ${fit.ppml.diagnostics.clusters ?? 'few'} clusters; no randomisation).`,
        [...fit.ppml.warnings],
      ),
    );
  for (const lens of design.lenses)
    if (lens.percentEffect !== null)
      findings.push(
        finding(
          'lens',
          lens,
          design,
          exporter,
          treated,
          lens.label,
          `Lens ${lens.label} (${lens.products} codes; a code in several categories is in each): ${pct(lens.percentEffect.estimate)} (cluster-robust ${pctInterval(interval(lens))}; no randomisation).`,
          [],
        ),
      );
  return {
    findings,
    series: {},
    counterfactuals: {},
    warnings: [...new Set([...warnings, ...design.warnings.map((w) => `Product-level leg: ${w}`)])],
    state: {
      skipped: null,
      exporter,
      panel: { accounting: panel.accounting, notes: panel.notes, level: panel.level, edition: panel.edition },
      design,
      perDestination,
      settings,
    },
  };
}

/** The target's own coefficient of the sanctioned-vs-other design, in words ('' in the cross-destination design). */
function targetWords(r: ProductDesignResult, target: string): string {
  const t = r.targetEffect;
  if (r.design !== 'sanctioned-vs-other' || t === null) return '';
  return (
    ` To ${nameOf(target)}, exports of sanctioned goods changed ${pct(t.estimate)} relative to other goods and to ` +
    `${nameOf(r.settings.comparison.join('/'))} (cluster-robust ${pctInterval({ lower: t.lower, upper: t.upper, level: r.headline.ppml.settings.level })}; no randomisation).`
  );
}

/** The design that ran and why, and its estimand beside the EBRD's. */
function estimandWords(r: ProductDesignResult): string {
  const e = r.estimand;
  return (
    `Design: ${r.design} (${r.designReason}). Our estimand: ${e.ours}. The EBRD's: ${e.ebrd}. ` +
    (e.differs ? `They differ: ${e.differences.join('; ')}.` : 'They do not differ.')
  );
}

function rule(o: ResolvedOptions): string {
  const alpha = Number((1 - o.level).toFixed(3));
  return (
    `Supported: the effect is positive and the randomisation p over destinations is at most ${alpha}; mixed: ` +
    `positive with a larger p (or none); not supported: zero or negative; cannot tell: the design could not be ` +
    `fitted. The cluster-robust interval (${levelPct({ level: 0.95 })}) is reported, not used: with a handful of destination clusters it is not valid.`
  );
}

function verdictProduct(
  findings: readonly Finding[],
  o: ResolvedOptions,
  state: ProductLegState,
): LegVerdictParts {
  const h = findings.find(
    (f): f is ProductLevelFinding => f.method === 'productLevelDesign' && f.role === 'headline',
  );
  if (h === undefined || state.design === null)
    return {
      status: 'cannot-tell',
      rule: rule(o),
      text: `The product-level design did not run: ${state.skipped ?? 'see the warnings'}.`,
    };
  const e = h.excessPct;
  const alpha = 1 - o.level;
  const status =
    e === null
      ? 'cannot-tell'
      : e <= 0
        ? 'not-supported'
        : h.pValue !== null && h.pValue <= alpha + 1e-12
          ? 'supported'
          : 'mixed';
  const r = state.design;
  const treatedClusters = h.treated.length;
  const clusters = h.clusters ?? h.treated.length + h.comparisonUnits.length;
  const noTest = h.minimumP !== null && h.minimumP > alpha;
  const triple = r.design === 'sanctioned-vs-other';
  const codes = triple
    ? `${r.codes.used - r.codes.other} sanctioned product codes against ${r.codes.other} other goods`
    : `${h.products} sanctioned product codes`;
  const words =
    `On ${codes}, exports to ${nameOf(h.destination)} rose ${pct(e)} relative to ` +
    `${nameOf(h.comparisonUnits.join('/'))}${triple ? ' and to other goods' : ''} after each code's sanction, with ${clusters} destination clusters ` +
    `(${treatedClusters} treated): randomisation p = ${h.pValue === null ? 'n/a' : h.pValue.toFixed(2)} over ` +
    `${h.assignments ?? 0} assignments` +
    (noTest
      ? `, and the smallest p these clusters can give is ${h.minimumP!.toFixed(2)}, so no ${levelPct({ level: o.level })}-level test is possible whatever the data.`
      : '.') +
    ` The cluster-robust interval (${pct(h.pctInterval.lower)} to ${pct(h.pctInterval.upper)}) is not valid with so few clusters.` +
    targetWords(r, o.target) +
    (r.estimand.differs ? ` This is not the EBRD's estimand: ${r.estimand.differences.join('; ')}.` : '');
  return { status, rule: rule(o), text: words };
}

function chartsProduct(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
  state: ProductLegState,
): ChartRequest[] {
  const fs = findings.filter((f): f is ProductLevelFinding => f.method === 'productLevelDesign');
  if (fs.length === 0 || state.design === null) return [];
  const source = provenanceLine(
    c.provenance.filter(
      (p) => c.data.sanctioned.some((x) => x.source === p.id) || /sanctions|concordance/.test(p.id),
    ),
  );
  const label = (f: ProductLevelFinding) =>
    f.role === 'headline'
      ? `All codes, ${c.name(f.destination)}`
      : f.role === 'destination'
        ? `${c.name(f.destination)} alone`
        : f.productGroup;
  const exporter = state.exporter ?? '';
  const out: ChartRequest[] = [
    {
      kind: 'forest',
      id: chartId('product-forest', exporter),
      title: `Sanctioned goods from ${c.name(exporter)}: the product-level effect by specification`,
      caption:
        `exp(β) − 1 of ${state.design.design === 'sanctioned-vs-other' ? 'sanctioned code × ' : ''}treated destination × after the code's first treated month, PPML with ${state.design.settings.fixedEffects.join(', ')} fixed effects, ` +
        `against ${c.name(fs[0]!.comparisonUnits.join('/'))}; intervals are cluster-robust (${Math.round(100 * fs[0]!.pctInterval.level)}%) and not valid with ${fs[0]!.clusters ?? 'few'} clusters.`,
      source,
      scale: 'pct',
      rows: fs.map((f) => ({
        label: label(f),
        group: f.role,
        estimate: f.excessPct,
        lower: f.pctInterval.lower,
        upper: f.pctInterval.upper,
        counted: f.role === 'headline',
        findingId: f.id,
      })),
    },
  ];
  const per = fs.filter((f) => f.role !== 'lens');
  const cell = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  out.push({
    kind: 'table',
    id: chartId('product-destinations', exporter),
    title: `The product-level effect by destination`,
    caption:
      'Effect in % (exp(β) − 1) with its cluster-robust interval; the randomisation p (over destinations) exists for the pooled fit only.',
    source,
    columns: ['Destinations', 'Effect %', 'Lower %', 'Upper %', 'Randomisation p', 'Clusters', 'Codes'],
    rows: per.map((f) => [
      c.name(f.destination),
      cell(f.excessPct),
      cell(f.pctInterval.lower),
      cell(f.pctInterval.upper),
      f.pValue,
      f.clusters,
      f.products,
    ]),
    totalRows: per.length,
    fullTableFile: null,
  });
  const cohorts = state.design.cohorts;
  if (cohorts.length > 0)
    out.push({
      kind: 'table',
      id: chartId('product-cohorts', exporter),
      title: 'Adoption cohorts of the sanctioned codes',
      caption:
        "Codes by first treated month (the first month starting on or after the code's date), and the months before it in which an earlier cohort is already treated: the staggered design is descriptive only.",
      source,
      columns: ['First treated month', 'Codes', 'Not-yet-treated months'],
      rows: cohorts.map((x) => [x.month, x.products, x.notYetTreatedMonths]),
      totalRows: cohorts.length,
      fullTableFile: null,
    });
  return out;
}

function methodsProduct(
  o: ResolvedOptions,
  context: LegContext<ResolvedOptions, RoundaboutData>,
  state: ProductLegState,
): string[] {
  const r = state.design;
  if (r === null) return [`Product level: not run (${state.skipped ?? 'see the warnings'}).`];
  const s = state.settings;
  const p = state.panel!;
  const given = (context.data as WithProductData).productLevel;
  const shipped = s.data === undefined;
  const ri = r.headline.randomization;
  return [
    `Product level: ${state.exporter} exports of the codes in \`data.sanctioned\`${context.given.sanctioned === undefined ? ' (shipped dataset `eu-sanctioned-exports-monthly`)' : ''}, ` +
      `${p.level === 6 ? `at HS6, bridged to ${p.edition ?? 'no edition'} with ${shipped ? 'the shipped UNSD concordance (`hs-concordance`)' : 'the given concordance'} before grouping (${p.accounting.unbridgedCells} cells left in their own edition)` : 'at CN8, not bridged across editions'}` +
      `${s.products === undefined ? '' : `, codes under ${s.products.join(', ')}`}; ${r.settings.window.join('..')}. ` +
      `Treated: ${o.destinations.join(', ')}; comparison: ${r.settings.comparison.join(', ')}. ` +
      `${s.dates === 'study' ? `Every code treated from ${o.treatment}.` : `Each code treated from its own ${r.settings.dateRule === 'sanction' ? 'sanction' : 'wind-down'} date in ${shipped ? 'the shipped list `sanctions-eu-hs6`' : 'the given list'} (${r.settings.monthRule}).`} ` +
      `${r.codes.used} of ${r.codes.total} codes used (${r.codes.undated} with no dated sanctioned HS6 parent left out). ` +
      `PPML with ${r.settings.fixedEffects.join(', ')} fixed effects; ${r.settings.zeros}. ` +
      `Inference: randomisation over destinations (${ri === null ? 'not run' : `${ri.assignments} ${ri.enumerated ? 'enumerated' : `seeded (seed ${o.seed})`} assignments of ${ri.treatedUnits} among ${ri.units}`}); the cluster-robust interval is shown but not valid with ${r.headline.ppml.diagnostics.clusters ?? 'few'} clusters. ` +
      `Lenses: ${r.lenses.length === 0 ? 'none' : r.lenses.map((l) => l.label).join(', ')} (${r.settings.overlap}).` +
      (given === undefined ? '' : ` Data: ${provenanceLine(given.provenance)}.`),
    estimandWords(r),
  ];
}

function caveatsProduct(_o: ResolvedOptions, state: ProductLegState): string[] {
  const r = state.design;
  if (r === null) return [];
  // The estimand beside the EBRD's is in the methods, and how they differ in the verdict: not repeated here.
  return [
    `Staggered adoption: ${r.cohorts.map((c) => `${c.products} code(s) from ${c.month}`).join(', ') || 'no cohort inside the window'}; the event study is descriptive only.`,
  ];
}

/**
 * The product-level leg of the roundabout: the EBRD's product-level design (`productLevelDesign`) on a product panel
 * built from the study's `data.sanctioned` (by default the shipped CN8 extraction `eu-sanctioned-exports-monthly`,
 * at HS6 bridged to HS2017 with the shipped `hs-concordance`), the study's destinations as treated and its
 * `otherNeighbours` as comparison (randomisation inference over them), each code treated from its own sanction date
 * (or, with `dates: 'study'`, from the study's `treatment`). Its verdict states the number of destination clusters
 * and the randomisation p; it charts a forest of the estimates and a table by destination; its methods are written
 * from the settings used and state which design ran and why, and its estimand next to the EBRD's and how they
 * differ. Run it as a fifth leg: `roundabout({ legs: [...ROUNDABOUT_LEGS, productLevelLeg()] })` (the shipped
 * sanctions list and concordance are loaded by the leg's `loadData`, or pass `data`), or alone on a fetched panel of
 * every product (`roundabout({ data: { sanctioned }, legs: [productLevelLeg({ level: 8 })] })`, see
 * `examples/product-level.ts`), where `design: 'auto'` runs the EBRD's sanctioned-vs-other design and the verdict
 * adds the target's own coefficient.
 *
 * On the full shipped data it fits about 1,300 HS6 codes: one PPML of a few seconds per randomisation assignment
 * (10 with three treated among five destinations), per destination and per lens — about a minute in all.
 *
 * @param settings - level, codes, dates, comparison, lenses, randomisation; see {@link ProductLegSettings}
 * @returns the leg, with a `loadData` step that adds the sanctions list and the concordance to the study's data
 * @example
 * import { productLevelLeg, roundabout } from 'trade-roundabout';
 * const leg = productLevelLeg({ products: ['8517'], categories: [], perDestination: false });
 * const r = await roundabout({ legs: [leg] });
 * r.legs.map((l) => l.leg); // => ['product-level']
 * r.findings[0]!.method; // => 'productLevelDesign'
 */
export function productLevelLeg(settings: ProductLegSettings = {}): RoundaboutLegWithData<ProductLegState> {
  return {
    id: LEG,
    title: () => 'Sanctioned goods at product level',
    question: (o) =>
      `At product level, did exports of each sanctioned code to ${nameOf(o.destinations.join('/'))} rise after its sanction more than exports of the same code to ${nameOf((settings.comparison ?? o.otherNeighbours).join('/'))}?`,
    run: (context) => runProduct(context, settings),
    verdict: (findings, o, state) => verdictProduct(findings, o, state),
    charts: (findings, context, state) => chartsProduct(findings, context, state),
    methods: (o, context, state) => methodsProduct(o, context, state),
    caveats: (o, state) => caveatsProduct(o, state),
    loadData: async (data, options) => {
      const extra = settings.data ?? (await shippedProductData(options));
      const seen = new Set(data.provenance.map((p) => p.id));
      const withData: WithProductData = {
        ...data,
        provenance: [...data.provenance, ...extra.provenance.filter((p) => !seen.has(p.id))],
        productLevel: extra,
      };
      return withData;
    },
  };
}

/**
 * The product-level leg with its default settings (HS6 bridged to HS2017, each code's own sanction date, three
 * category lenses, each destination alone): `roundabout({ legs: [...ROUNDABOUT_LEGS, productLeg] })`.
 *
 * @example
 * import { productLeg, ROUNDABOUT_LEGS } from 'trade-roundabout';
 * [...ROUNDABOUT_LEGS, productLeg].map((l) => l.id).at(-1); // => 'product-level'
 */
export const productLeg: RoundaboutLegWithData<ProductLegState> = productLevelLeg();
