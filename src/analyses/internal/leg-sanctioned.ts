import { toPanel } from '../../inference/panel.js';
import { tripleDiff } from '../../inference/triple-diff.js';
import { excess } from '../../measures/excess.js';
import type { TradeObservation } from '../../model/observation.js';
import { comparePeriods, type Period, periodRange } from '../../model/period.js';
import type { Series } from '../../model/series.js';
import type { ChartRequest } from '../../model/study.js';
import { difference } from '../../panel/difference.js';
import { otherGoods } from '../../panel/other-goods.js';
import { ratio as seriesRatio } from '../../panel/ratio.js';
import { rebase } from '../../panel/rebase.js';
import { slice } from '../../panel/slice.js';
import { toSeries } from '../../panel/to-series.js';
import { aggregateMembers, isAggregate } from '../../reference/countries.js';
import {
  type ChartContext,
  capitalise,
  type LegContext,
  type LegVerdictParts,
  nameOf,
  sourceLine,
} from '../study.js';
import type { Finding, TripleDiffFinding } from '../types.js';
import {
  attempt,
  BASELINE_LABELS,
  bootstrappedDid,
  type FindingInput,
  makeBaseline,
  makeFinding,
  type RoundaboutLeg,
  ratioOf,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { money, pct, pctInterval, pValue, times } from './format.js';
import { baselineFinding, emptyLeg, type LegOutput } from './leg-baseline.js';
import type { ResolvedOptions } from './options.js';
import { byLeg, chartId, levelPct, significantlyAbove } from './verdict.js';

/** Product groups this leg builds for each destination. */
export const SANCTION_GROUPS = ['sanctioned', 'other', 'chpl', 'TOTAL_EX_HS27'] as const;

function groupLabel(g: (typeof SANCTION_GROUPS)[number], o: ResolvedOptions): string {
  switch (g) {
    case 'sanctioned':
      return `sanctioned goods (${o.sanctionedList})`;
    case 'other':
      return 'other goods (total minus the sanctioned list)';
    case 'chpl':
      return 'Common High Priority List goods';
    case 'TOTAL_EX_HS27':
      return 'total goods without mineral fuels (HS 27)';
  }
}

/** Leg (c): sanctioned vs other goods, per destination and as a triple difference against the other neighbours. */
export function legSanctioned(data: RoundaboutData, o: ResolvedOptions): LegOutput {
  const out = emptyLeg();
  if (data.sanctioned.length === 0) {
    out.warnings.push(
      'No product-level (sanctioned goods) data: the sanctioned-vs-other leg cannot be tested',
    );
    return out;
  }
  const reporter = data.sanctioned[0]!.reporter;
  if (!o.exporters.includes(reporter)) return out;
  const cn8 = data.sanctioned.filter((x) => x.product.level === 8 && x.flow === 'export');
  const chpl = new Set(data.chplCodes);
  const units = [...o.destinations, ...o.otherNeighbours];
  // Totals by the reporter itself where the data has them, else summed over its members (an aggregate such as the
  // EU27 is published by member state in the same extraction).
  const direct = data.totals.some((x) => x.reporter === reporter);
  const totalReporters: readonly string[] = direct
    ? [reporter]
    : [...(isAggregate(reporter) ? (aggregateMembers(reporter) ?? [reporter]) : [reporter])];
  const incomplete = totalReporters.length > 1 ? { incomplete: 'lowerBound' as const } : {};
  const byUnit = new Map<string, Partial<Record<(typeof SANCTION_GROUPS)[number], Series>>>();
  const warnings: string[] = [];
  for (const u of units) {
    const s = attempt(warnings, `sanctioned goods to ${u}`, () =>
      toSeries(
        cn8.filter((x) => x.partner === u),
        { reporter, partner: u, flow: 'export', label: { product: 'sanctioned' } },
      ),
    );
    const members = data.totals.filter(
      (x) => x.partner === u && x.flow === 'export' && totalReporters.includes(x.reporter),
    );
    const total = attempt(warnings, `total goods to ${u}`, () =>
      toSeries(
        members.filter((x) => x.product.classification === 'TOTAL'),
        { reporter: [...totalReporters], partner: u, flow: 'export', ...incomplete, label: { reporter } },
      ),
    );
    const fuels = attempt(warnings, `HS 27 to ${u}`, () =>
      toSeries(
        members.filter((x) => x.product.code === '27'),
        { reporter: [...totalReporters], partner: u, flow: 'export', ...incomplete, label: { reporter } },
      ),
    );
    const c = attempt(warnings, `CHPL goods to ${u}`, () =>
      toSeries(
        cn8.filter((x) => x.partner === u && chpl.has(x.product.code.slice(0, 6))),
        { reporter, partner: u, flow: 'export', label: { product: 'chpl' } },
      ),
    );
    if (s === null || total === null) continue;
    const span = [s.periods[0]!, s.periods.at(-1)!] as const;
    // The totals must come from the same extraction as the sanctioned codes; if their spans differ, say so.
    const t = attempt(
      warnings,
      `total goods to ${u} over the sanctioned-goods span ${span[0]}..${span[1]}`,
      () => slice(total, span[0], span[1]),
    );
    if (t === null) continue;
    const other = attempt(warnings, `other goods to ${u}`, () => otherGoods(t, s, { name: 'other' }));
    const exFuels =
      fuels === null
        ? null
        : attempt(warnings, `total without HS 27 to ${u}`, () =>
            difference(t, slice(fuels, span[0], span[1])),
          );
    byUnit.set(u, {
      sanctioned: s,
      ...(other === null ? {} : { other }),
      ...(c === null ? {} : { chpl: c }),
      ...(exFuels === null ? {} : { TOTAL_EX_HS27: relabel(exFuels, 'TOTAL_EX_HS27') }),
    });
  }
  out.warnings.push(...warnings.filter((w) => !w.includes('nothing matches')));
  const fit = [byUnitFirst(byUnit) ?? o.fit[0], o.fit[1]] as const;
  const run = { fit, level: o.level, seed: o.seed, draws: o.draws };
  for (const d of o.destinations) {
    const groups = byUnit.get(d);
    if (groups === undefined) continue;
    for (const g of SANCTION_GROUPS) {
      const s = groups[g];
      if (s === undefined) continue;
      const sid = `${reporter}->${d}/${g}/${s.currency}`;
      out.series[sid] = s;
      const w: string[] = [];
      const cf = attempt(w, `${o.headlineBaseline} on ${sid}`, () =>
        makeBaseline(o.headlineBaseline, run).fit(s),
      );
      const ex =
        cf === null ? null : attempt(w, `excess of ${sid}`, () => excess(s, cf, { from: o.treatment }));
      if (cf === null || ex === null) {
        out.warnings.push(...w);
        continue;
      }
      const cid = `${sid}/${o.headlineBaseline}`;
      out.counterfactuals[cid] = cf;
      const t = ex.total;
      const r = ratioOf(ex);
      out.findings.push(
        baselineFinding(
          {
            leg: g === 'TOTAL_EX_HS27' ? 'above-baseline' : 'sanctioned-vs-other',
            exporter: reporter,
            destination: d,
            productGroup: g,
            method: o.headlineBaseline,
            currency: s.currency,
            frequency: 'monthly',
            window: { from: ex.settings.from, to: ex.settings.to },
            actual: t.actual,
            expected: t.expected,
            excess: t.excess,
            excessPct: t.pct,
            ratio: r.ratio,
            interval: t.interval,
            pctInterval: t.pctInterval,
            pValue: t.pValueUpper,
            pMethod: `model-based: share of ${ex.settings.draws} simulated paths whose sum reaches the actual`,
            fit: cf.fit,
            warnings: [
              ...w,
              ...cf.warnings,
              ...ex.warnings,
              `the product-level extraction covers ${s.periods[0]}..${s.periods.at(-1)}: a ${cf.fit.n}-month ${o.words.pre} fit window${covidShare(cf.fitWindow, o) > 0.5 ? ', most of it in the COVID period' : ''}`,
            ],
            text:
              `${capitalise(nameOf(reporter))} exports of ${groupLabel(g, o)} to ${nameOf(d)} in ${ex.settings.from}..${ex.settings.to} were ${money(t.actual, s.currency)}, ` +
              `${times(r.ratio)} the ${BASELINE_LABELS[o.headlineBaseline]} fitted on ${cf.fitWindow.from}..${cf.fitWindow.to} ` +
              `(excess ${pct(t.pct)}, ${pctInterval(t.pctInterval)}, ${pValue(t.pValueUpper)}).`,
            seriesId: sid,
            counterfactualId: cid,
            level: o.level,
          },
          { baseline: o.headlineBaseline },
        ),
      );
    }
  }
  tripleDifference(out, byUnit, reporter, o);
  return out;
}

/** A triple-difference finding (leg c): the shared fields and the destinations that entered. */
export function tripleDiffFinding(
  f: FindingInput<'tripleDiff'>,
  extra: Pick<TripleDiffFinding, 'treated' | 'comparisonUnits'>,
): TripleDiffFinding {
  return { ...makeFinding(f), ...extra };
}

/** Share of a fit window's months inside the COVID months (0 when there are none). */
function covidShare(fit: { readonly from: Period; readonly to: Period }, o: ResolvedOptions): number {
  const c = o.covidMonths;
  if (c === null) return 0;
  const months = periodRange(fit.from, fit.to);
  return months.filter((m) => m >= c[0] && m <= c[1]).length / Math.max(1, months.length);
}

function relabel(s: Series, product: string): Series {
  return { ...s, key: { ...s.key, product } };
}

function byUnitFirst(byUnit: Map<string, Partial<Record<string, Series>>>): string | undefined {
  const firsts = [...byUnit.values()]
    .map((g) => g.sanctioned?.periods[0])
    .filter((p): p is string => p !== undefined);
  return firsts.sort()[0];
}

function tripleDifference(
  out: LegOutput,
  byUnit: Map<string, Partial<Record<(typeof SANCTION_GROUPS)[number], Series>>>,
  reporter: string,
  o: ResolvedOptions,
): void {
  const series: Series[] = [];
  const ratios: Series[] = [];
  for (const [, g] of byUnit) {
    if (g.sanctioned === undefined || g.other === undefined) continue;
    series.push(g.sanctioned, g.other);
    const r = seriesRatio(g.sanctioned, g.other);
    ratios.push({
      ...g.sanctioned,
      key: { ...g.sanctioned.key, product: 'sanctioned/other' },
      values: r.values,
    });
  }
  // Only destinations with both groups enter the triple difference.
  const units = ratios.map((r) => r.key.partner);
  const treated = units.filter((u) => o.destinations.includes(u));
  const controls = units.filter((u) => !o.destinations.includes(u));
  if (treated.length === 0 || controls.length === 0) {
    out.warnings.push('Triple difference needs treated and comparison destinations with product-level data');
    return;
  }
  const first = series[0]!.periods[0]!;
  const w: string[] = [
    `comparison destinations ${controls.join(', ')} are themselves suspected hubs: if sanctioned goods rose there too, the triple difference understates the effect`,
    ...(o.covidMonths !== null && first <= o.covidMonths[1]
      ? [`the product-level data start in ${first}: most ${o.words.pre} months are COVID months`]
      : []),
  ];
  const last = series[0]!.periods.at(-1)!;
  const exclude = periodRange(o.fit[1], o.treatment).slice(1, -1);
  const panel = attempt(w, 'triple-difference panel', () =>
    toPanel(series, {
      treated: (k) => o.destinations.includes(k.partner),
      post: o.treatment,
      unit: (k) => k.partner,
      group: (k) => k.product,
      from: first,
      exclude,
    }),
  );
  const est =
    panel === null
      ? null
      : attempt(w, 'tripleDiff', () =>
          tripleDiff(panel, { treatedGroup: 'sanctioned', outcome: 'log', level: o.level }),
        );
  // DDD with unit×period effects equals a DiD on log(sanctioned/other): bootstrap that for few-cluster inference.
  const ratioPanel = attempt(w, 'ratio panel', () =>
    toPanel(ratios, {
      treated: (k) => o.destinations.includes(k.partner),
      post: o.treatment,
      from: first,
      exclude,
    }),
  );
  const b = ratioPanel === null ? null : bootstrappedDid(ratioPanel, o, w, 'DiD on log(sanctioned/other)');
  if (est === null) {
    out.warnings.push(...w);
    return;
  }
  const effect = est.percentEffect;
  const interval = b?.interval ?? effect?.interval ?? { lower: null, upper: null, level: o.level };
  const p = b?.p ?? est.p;
  const published = o.sanctionedPremium;
  const e = effect?.estimate ?? null;
  // A published figure (the EBRD's, by default) is a product-level estimate with product fixed effects; this one is
  // basket-level with equal destination weights: another estimand, so it is named, not set against this interval.
  const compare =
    e === null || published === null
      ? ''
      : ` ${capitalise(published.source)} report about ${pct(published.value)} for sanctioned relative to other ` +
        'goods; this is a basket-level estimate with equal destination weights, a different estimand, so the two ' +
        'figures are not directly comparable.';
  out.findings.push(
    tripleDiffFinding(
      {
        leg: 'sanctioned-vs-other',
        exporter: reporter,
        destination: treated.join('/'),
        productGroup: 'sanctioned vs other',
        method: 'tripleDiff',
        currency: null,
        frequency: 'monthly',
        window: { from: o.treatment, to: last },
        excessPct: e,
        ratio: e === null ? null : 1 + e,
        pctInterval: interval,
        pValue: p,
        pMethod:
          b === null
            ? 'cluster-robust t test'
            : `${b.pMethod}, of the equivalent DiD on log(sanctioned/other)`,
        warnings: [...w, ...est.warnings],
        text:
          `Triple difference (log exports; destination×group, destination×month and group×month fixed effects; ${first}..${o.fit[1]} vs ${o.treatment}..${last}): ` +
          `${capitalise(nameOf(reporter))} exports of sanctioned goods to ${nameOf(treated.join('/'))} rose ${pct(e)} more than other goods, relative to the same gap for ${nameOf(controls.join('/'))} ` +
          `(${pctInterval(interval)}, ${pValue(p)}).${compare}`,
        level: o.level,
      },
      { treated, comparisonUnits: controls },
    ),
  );
}

function sanctionedRule(o: ResolvedOptions): string {
  return (
    `Supported: the triple difference's ${levelPct(o)} interval (sanctioned vs other goods × destinations vs ` +
    'comparison destinations × before vs after) lies above zero; mixed: its point estimate is positive but the ' +
    'interval includes zero; not supported: the estimate is zero or negative; cannot tell: no triple difference ' +
    'could be estimated.'
  );
}

function verdictSanctioned(findings: readonly Finding[], o: ResolvedOptions): LegVerdictParts {
  const fs = byLeg(findings, 'sanctioned-vs-other');
  const ddd = fs.find((f) => f.method === 'tripleDiff');
  const perDest = o.destinations
    .map((d) => {
      const s = fs.find((f) => f.destination === d && f.productGroup === 'sanctioned');
      const x = fs.find((f) => f.destination === d && f.productGroup === 'other');
      return s && x ? `${d}: sanctioned ${pct(s.excessPct)}, other ${pct(x.excessPct)} vs baseline` : null;
    })
    .filter((x): x is string => x !== null);
  if (ddd === undefined) {
    return {
      status: 'cannot-tell',
      rule: sanctionedRule(o),
      text:
        perDest.length === 0
          ? 'No destination has product-level exports (sanctioned and other goods) over a usable window: see the warnings.'
          : `No comparison destinations with product-level data, so no triple difference; by destination against its own baseline: ${perDest.join('; ')}.`,
    };
  }
  const e = ddd.excessPct;
  const status =
    e === null ? 'cannot-tell' : significantlyAbove(ddd) ? 'supported' : e > 0 ? 'mixed' : 'not-supported';
  return {
    status,
    rule: sanctionedRule(o),
    text:
      `${ddd.text} ${perDest.join('; ')}.` +
      (status === 'mixed'
        ? ' The point estimate is positive but the interval includes zero: with few destinations the data cannot rule out no difference.'
        : ''),
  };
}

/** First and last period of some observations, as `from..to`; `null` when there are none. */
function spanOf(obs: readonly TradeObservation[]): string | null {
  if (obs.length === 0) return null;
  let lo = obs[0]!.period;
  let hi = lo;
  for (const x of obs) {
    if (comparePeriods(x.period, lo) < 0) lo = x.period;
    if (comparePeriods(x.period, hi) > 0) hi = x.period;
  }
  return `${lo}..${hi}`;
}

function methodsSanctioned(
  o: ResolvedOptions,
  context: LegContext<ResolvedOptions, RoundaboutData>,
): string[] {
  const { data, given } = context;
  const reporter = data.sanctioned[0]?.reporter;
  if (reporter === undefined)
    return ['Sanctioned goods: no product-level data, so the sanctioned-vs-other leg is not run.'];
  if (!o.exporters.includes(reporter))
    return [
      `Sanctioned goods: the product-level data are exports by ${reporter}, not by an exporter of this study (${o.exporters.join(', ')}), so the sanctioned-vs-other leg is not run.`,
    ];
  const shipped = data.provenance.find((p) => data.sanctioned[0]?.source === p.id);
  return [
    `Sanctioned goods: ${o.sanctionedList}${
      given.sanctioned === undefined && shipped !== undefined ? ` (shipped dataset \`${shipped.id}\`)` : ''
    }, exported by ${reporter}; other goods = total − sanctioned from the same extraction (${spanOf(data.sanctioned)}); CHPL = ${
      given.chplCodes === undefined
        ? "the Common High Priority List's HS6 codes (Feb 2024) and their HS2017 predecessors"
        : 'the HS6 codes given as `data.chplCodes`'
    }. The triple difference has destination×group, destination×month and group×month fixed effects.`,
  ];
}

function chartsSanctioned(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
): ChartRequest[] {
  const o = c.options;
  const out: ChartRequest[] = [];
  for (const d of o.destinations) {
    const pick = (g: string) =>
      findings.find(
        (f) =>
          f.leg === 'sanctioned-vs-other' &&
          f.destination === d &&
          f.productGroup === g &&
          f.seriesId !== null,
      );
    const s = pick('sanctioned');
    const x = pick('other');
    if (s === undefined || x === undefined) continue;
    const ss = c.series[s.seriesId!];
    const xs = c.series[x.seriesId!];
    if (ss === undefined || xs === undefined) continue;
    const base: [Period, Period] = [ss.periods[0]!, o.fit[1]];
    // Only lines whose base window can be indexed (a value in every base month, a non-zero mean) are drawn.
    const ok = [ss, xs].every((series) => attempt([], 'rebase', () => rebase(series, { base })) !== null);
    if (!ok) continue;
    out.push({
      kind: 'indexed-lines',
      id: chartId('indexed', s.exporter, d),
      title: `Exports of sanctioned and other goods from ${c.name(s.exporter)} to ${c.name(d)}`,
      caption:
        `Monthly exports (nominal ${ss.currency}) indexed to their mean over ${base[0]}..${base[1]} (= 100): sanctioned goods ` +
        `(${o.sanctionedList}) against other goods (total minus the sanctioned list).`,
      source: sourceLine([s.seriesId!, x.seriesId!], c.series, c.provenance),
      lines: [
        { label: 'Sanctioned goods', seriesId: s.seriesId! },
        { label: 'Other goods', seriesId: x.seriesId! },
      ],
      base,
      treatment: o.treatment,
    });
  }
  return out;
}

/** Leg (c) as a value: sanctioned against other goods, per destination and as a triple difference. */
export const sanctionedLeg: RoundaboutLeg<undefined> = {
  id: 'sanctioned-vs-other',
  title: () => 'More for sanctioned goods than for other goods',
  question: (o) =>
    `Did exports of sanctioned goods to ${nameOf(o.destinations.join('/'))} rise more than exports of other goods, relative to the comparison destinations?`,
  run: ({ data, options }) => ({ ...legSanctioned(data, options), state: undefined }),
  verdict: (findings, o) => verdictSanctioned(findings, o),
  charts: (findings, context) => chartsSanctioned(findings, context),
  methods: (o, context) => methodsSanctioned(o, context),
};
