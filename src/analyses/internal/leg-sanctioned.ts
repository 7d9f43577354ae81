import { toPanel } from '../../inference/panel.js';
import { tripleDiff } from '../../inference/triple-diff.js';
import { excess } from '../../measures/excess.js';
import { periodRange } from '../../model/period.js';
import type { Series } from '../../model/series.js';
import { difference } from '../../panel/difference.js';
import { otherGoods } from '../../panel/other-goods.js';
import { ratio as seriesRatio } from '../../panel/ratio.js';
import { slice } from '../../panel/slice.js';
import { toSeries } from '../../panel/to-series.js';
import { aggregateMembers, isAggregate } from '../../reference/countries.js';
import type { TripleDiffFinding } from '../types.js';
import {
  attempt,
  BASELINE_LABELS,
  bootstrappedDid,
  type FindingInput,
  makeBaseline,
  makeFinding,
  ratioOf,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { money, pct, pctInterval, pValue, times } from './format.js';
import { baselineFinding, emptyLeg, type LegOutput } from './leg-baseline.js';
import type { ResolvedOptions } from './options.js';

/** Product groups this leg builds for each destination. */
export const SANCTION_GROUPS = ['sanctioned', 'other', 'chpl', 'TOTAL_EX_HS27'] as const;

const LABELS: Record<(typeof SANCTION_GROUPS)[number], string> = {
  sanctioned: 'EU-sanctioned goods (CN8 list of Reg. 833/2014 as of 2022-10-07)',
  other: 'other goods (total minus the sanctioned list)',
  chpl: 'Common High Priority List goods',
  TOTAL_EX_HS27: 'total goods without mineral fuels (HS 27)',
};

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
              `the product-level extraction covers ${s.periods[0]}..${s.periods.at(-1)}: a ${cf.fit.n}-month pre-war fit window, most of it in the COVID period`,
            ],
            text:
              `${reporter} exports of ${LABELS[g]} to ${d} in ${ex.settings.from}..${ex.settings.to} were ${money(t.actual, s.currency)}, ` +
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
  const w: string[] = [
    `comparison destinations ${controls.join(', ')} are themselves suspected hubs: if sanctioned goods rose there too, the triple difference understates the effect`,
    'the product-level data start in 2020-01: most pre-war months are COVID months',
  ];
  const first = series[0]!.periods[0]!;
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
  const ebrd = o.ebrdSanctionedPremium;
  const e = effect?.estimate ?? null;
  // The EBRD's figure is a product-level estimate with product fixed effects; this one is basket-level with equal
  // destination weights: another estimand, so it is named, not set against this interval.
  const compare =
    e === null
      ? ''
      : ` The EBRD (Chupilkin, Javorcik & Plekhanov 2023) report about ${pct(ebrd)} for sanctioned relative to other ` +
        'goods from a product-level design (product fixed effects, trade-weighted); this is a basket-level estimate ' +
        'with equal destination weights, a different estimand, so the two figures are not directly comparable.';
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
          `${reporter} exports of sanctioned goods to ${treated.join('/')} rose ${pct(e)} more than other goods, relative to the same gap for ${controls.join(', ')} ` +
          `(${pctInterval(interval)}, ${pValue(p)}).${compare}`,
        level: o.level,
      },
      { treated, comparisonUnits: controls },
    ),
  );
}
