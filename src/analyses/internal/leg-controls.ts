import { did } from '../../inference/did.js';
import { type Panel, toPanel } from '../../inference/panel.js';
import { preScales, randomizationTest } from '../../inference/randomization-test.js';
import type { TradeObservation } from '../../model/observation.js';
import { type Period, periodRange } from '../../model/period.js';
import type { Series } from '../../model/series.js';
import type { ChartRequest } from '../../model/study.js';
import { toAnnual } from '../../panel/to-annual.js';
import { toSeriesSet } from '../../panel/to-series-set.js';
import { type ControlExclusion, controlExclusions } from '../../reference/control-exclusions.js';
import { isCountryCode } from '../../reference/countries.js';
import { type ChartContext, capitalise, type LegVerdictParts, nameOf, sourceLine } from '../study.js';
import type { DidFinding, Finding, PlaceboFinding, PlaceboUnit } from '../types.js';
import {
  attempt,
  type BootstrappedDid,
  bootstrappedDid,
  didFindingFields,
  type FindingInput,
  makeFinding,
  meanOf,
  noInterval,
  quantile,
  type RoundaboutLeg,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { flowLabel, money, pct, pctInterval, pValue, times } from './format.js';
import { emptyLeg, exporterSeries, type LegOutput } from './leg-baseline.js';
import type { ResolvedOptions } from './options.js';
import { aboveOrBelow, byLeg, chartId, levelPct, significantlyAbove } from './verdict.js';

/** A placebo-destinations finding (leg b): the shared fields and the randomisation test's rank and distribution. */
export function placeboFinding(
  f: FindingInput<'placebo destinations'>,
  extra: Pick<PlaceboFinding, 'controls' | 'rank' | 'assignments' | 'distribution'>,
): PlaceboFinding {
  return { ...makeFinding(f), ...extra };
}

/** A pooled DiD finding (leg b): the shared fields and who was compared with whom. */
export function didFinding(
  f: FindingInput<'did'>,
  extra: Pick<DidFinding, 'comparison' | 'treated' | 'comparisonUnits'>,
): DidFinding {
  return { ...makeFinding(f), ...extra };
}

/** Annual series by partner for one exporter: its annual data if it has any, else annual sums of its monthly data. */
function annualByPartner(data: RoundaboutData, exporter: string): Map<string, Series> | null {
  const fromAnnual = data.annual.filter((o) => o.reporter === exporter && o.flow === 'export');
  const source: readonly TradeObservation[] =
    fromAnnual.length > 0
      ? fromAnnual
      : (data.monthly
          .map((m) => m.filter((o) => o.reporter === exporter && o.flow === 'export'))
          .sort((a, b) => b.length - a.length)[0] ?? []);
  if (source.length === 0) return null;
  const partners = [...new Set(source.map((o) => o.partner))].filter((p) => isCountryCode(p));
  const set = toSeriesSet(
    source.filter((o) => partners.includes(o.partner) && o.product.classification === 'TOTAL'),
    { by: ['partner'], reporter: exporter, flow: 'export', negligibleAs: 'zero' },
  );
  const out = new Map<string, Series>();
  for (const s of Object.values(set)) {
    const annual = s.frequency === 'annual' ? s : toAnnual(s, { require: 'all' });
    out.set(s.key.partner, annual);
  }
  return out;
}

function valueAt(s: Series, p: Period): number | null {
  const i = s.periods.indexOf(p);
  return i < 0 ? null : (s.values[i] ?? null);
}

/** log(mean of post years / mean of pre years), or null when either side is missing or not positive. */
function logGrowth(s: Series, pre: readonly Period[], post: readonly Period[]): number | null {
  const a = pre.map((p) => valueAt(s, p));
  const b = post.map((p) => valueAt(s, p));
  if (a.some((v) => v === null) || b.some((v) => v === null)) return null;
  const ma = meanOf(a);
  const mb = meanOf(b);
  return ma !== null && mb !== null && ma > 0 && mb > 0 ? Math.log(mb / ma) : null;
}

/** What leg (b) returns: findings, warnings, series, and the controls it used and left out. */
export type ControlsLegOutput = LegOutput & {
  /** Control destinations used, by exporter. */
  controlsUsed: Record<string, string[]>;
  /** Destinations in the data left out of the automatic controls, with every reason, by exporter. */
  excluded: Record<string, ControlExclusion[]>;
};

/** Leg (b): did exports to the destinations rise more than exports to control destinations? */
export function legVsControls(data: RoundaboutData, o: ResolvedOptions): ControlsLegOutput {
  const out: ControlsLegOutput = { ...emptyLeg(), controlsUsed: {}, excluded: {} };
  for (const exporter of o.exporters) {
    const byPartner = annualByPartner(data, exporter);
    if (byPartner === null) {
      out.warnings.push(`No annual or monthly data by partner for ${exporter}: no control comparison`);
      continue;
    }
    annualControls(out, byPartner, exporter, o);
  }
  monthlyNeighbours(out, data, o);
  return out;
}

function annualControls(
  out: ControlsLegOutput,
  byPartner: Map<string, Series>,
  exporter: string,
  o: ResolvedOptions,
): void {
  const first = [...byPartner.values()][0]!;
  const years = new Set(first.periods);
  for (const s of byPartner.values()) for (const p of s.periods) years.add(p);
  const clip = (p: Period) => p;
  const preFrom = [...years].sort().find((y) => y >= o.annualPre[0]) ?? o.annualPre[0];
  const pre = periodRange(clip(preFrom), o.annualPre[1]).filter((y) => years.has(y));
  const post = periodRange(o.annualPost[0], o.annualPost[1]).filter((y) => years.has(y));
  if (pre.length === 0 || post.length === 0) {
    out.warnings.push(
      `${exporter}: the annual data do not cover ${o.annualPre.join('–')} and ${o.annualPost.join('–')}`,
    );
    return;
  }
  const auto =
    o.excludeFromControls === 'auto'
      ? controlExclusions({
          exporter,
          sanctioned: o.target,
          treated: o.destinations,
          comparisons: o.otherNeighbours,
          ...(o.hubs === null ? {} : { hubs: o.hubs }),
          window: [pre[0]!, post.at(-1)!],
        })
      : null;
  if (auto !== null && o.controls === 'auto') {
    out.warnings.push(...auto.warnings);
    out.excluded[exporter] = auto.entries.filter(
      (e) => byPartner.has(e.country) && !o.destinations.includes(e.country),
    );
  }
  const excluded = new Set([
    ...(auto?.countries ?? o.excludeFromControls),
    ...o.destinations,
    ...o.otherNeighbours,
    o.target,
  ]);
  const candidates =
    o.controls === 'auto' ? [...byPartner.keys()].filter((p) => !excluded.has(p)) : [...o.controls];
  const controls = candidates.filter((c) => {
    const s = byPartner.get(c);
    if (s === undefined) return false;
    const base = meanOf(pre.map((p) => valueAt(s, p)));
    return base !== null && base >= o.minControlExports && logGrowth(s, pre, post) !== null;
  });
  out.controlsUsed[exporter] = controls;
  if (controls.length < 2) {
    out.warnings.push(`${exporter}: fewer than 2 control destinations with data; no control comparison`);
    return;
  }
  const controlGrowth = controls.map((c) => logGrowth(byPartner.get(c)!, pre, post)!).sort((a, b) => a - b);
  const median = quantile(controlGrowth, 0.5)!;
  const lo = quantile(controlGrowth, (1 - o.level) / 2)!;
  const hi = quantile(controlGrowth, 1 - (1 - o.level) / 2)!;
  const maxControl = controlGrowth.at(-1)!;
  const maxControlName =
    controls[controls.map((c) => logGrowth(byPartner.get(c)!, pre, post)!).indexOf(maxControl)]!;
  const window = { from: post[0]!, to: post.at(-1)! };
  const preLabel = `${pre[0]}–${pre.at(-1)}`;
  const postLabel = `${post[0]}–${post.at(-1)}`;
  const between = periodRange(pre.at(-1)!, post[0]!).slice(1, -1);
  const panelOf = (units: readonly Series[]): Panel =>
    toPanel(units, {
      treated: (k) => o.destinations.includes(k.partner),
      post: post[0]!,
      from: pre[0]!,
      to: post.at(-1)!,
      exclude: between,
    });
  // Each destination's noise scale for the studentised randomisation tests: from its whole pre-war annual history
  // where the data have one (EU: 2010–2019), else from the pre-war years of the comparison.
  const scales = historyScales(byPartner, [...o.destinations, ...controls], pre.at(-1)!);
  const scaleWords =
    scales === null
      ? `each destination's own noise in ${preLabel}`
      : `each destination's own noise (the sd of its annual log exports ${scales.from}–${scales.to} after destination and year effects)`;
  for (const d of o.destinations) {
    const s = byPartner.get(d);
    const g = s === undefined ? null : logGrowth(s, pre, post);
    if (s === undefined || g === null) {
      out.warnings.push(`${flowLabel(exporter, d)}: no annual data for ${preLabel} and ${postLabel}`);
      continue;
    }
    const sid = `${exporter}->${d}/TOTAL/${s.currency}/annual`;
    out.series[sid] = s;
    const base = meanOf(pre.map((p) => valueAt(s, p)))!;
    const actual = meanOf(post.map((p) => valueAt(s, p)))! * post.length;
    const expected = base * Math.exp(median) * post.length;
    const above = controlGrowth.filter((x) => x >= g - 1e-12).length;
    const testWarnings: string[] = [];
    const rt = attempt(testWarnings, `${d}: randomisation test`, () =>
      randomizationTest(panelOf([s, ...controls.map((c) => byPartner.get(c)!)]), {
        alternative: 'greater',
        level: o.level,
        ...(scales === null ? {} : { scales: scales.scales }),
      }),
    );
    const p = rt?.pGreater ?? null;
    const rank = rt === null ? null : Math.round(rt.pGreater! * rt.diagnostics.assignments);
    const ratio = actual / expected;
    // The interval inverts the studentised test for a shift δ in log points: exports to d are exp(δ) times what
    // they would be without it.
    const shift = (x: number | null | undefined): number | null =>
      x === null || x === undefined ? null : Math.exp(x) - 1;
    const lowerD = rt?.interval.lower ?? null;
    const upperD = rt?.interval.upper ?? null;
    const closeness =
      g > maxControl
        ? `no control destination comes close (the fastest, ${maxControlName}, grew ${pct(Math.exp(maxControl) - 1)})`
        : `${above} of ${controls.length} control destinations grew at least as fast`;
    const distribution: PlaceboUnit[] = (rt?.units ?? []).map((u) => ({
      unit: u.unit,
      treated: u.treated,
      value: u.studentized,
    }));
    out.findings.push(
      placeboFinding(
        {
          leg: 'vs-controls',
          exporter,
          destination: d,
          productGroup: 'TOTAL',
          method: 'placebo destinations',
          currency: s.currency,
          frequency: 'annual',
          window,
          actual,
          expected,
          excess: actual - expected,
          excessPct: ratio - 1,
          ratio,
          interval: {
            lower: lowerD === null ? null : actual * -Math.expm1(-lowerD),
            upper: upperD === null ? null : actual * -Math.expm1(-upperD),
            level: o.level,
          },
          pctInterval: { lower: shift(lowerD), upper: shift(upperD), level: o.level },
          pValue: p,
          pMethod: `randomisation test (one-sided): rank of ${d}'s studentised rise (log change ÷ ${scaleWords}) among ${controls.length} control destinations`,
          warnings: [
            ...testWarnings,
            ...(rt?.warnings ?? []),
            ...(controls.length < 19
              ? [
                  `only ${controls.length} control destinations: the smallest attainable p is ${(1 / (1 + controls.length)).toFixed(3)}`,
                ]
              : []),
          ],
          text:
            `${capitalise(nameOf(exporter))} exports to ${nameOf(d)} averaged ${money(actual / post.length, s.currency)} a year in ${postLabel}, ` +
            `${pct(Math.exp(g) - 1)} on ${preLabel} (${money(base, s.currency)} a year), against a median of ${pct(Math.exp(median) - 1)} ` +
            `for ${controls.length} control destinations (${Math.round(o.level * 100)}% of them between ${pct(Math.exp(lo) - 1)} and ${pct(Math.exp(hi) - 1)}); ` +
            `that is ${times(ratio)} what the controls' median growth implies; ${closeness}. ` +
            (rt === null
              ? 'No randomisation test could be run.'
              : `Scaled by ${scaleWords}, its rise ranks ${rank} of ${rt.diagnostics.assignments} (${pValue(p)}; the shift's ${pctInterval(rt.percentEffect!.interval)}).`),
          seriesId: sid,
          level: o.level,
        },
        {
          controls,
          rank,
          assignments: rt?.diagnostics.assignments ?? null,
          distribution,
        },
      ),
    );
  }
  // Difference in differences, CCA3 together against the controls, the pre-war and post-war years only.
  const series = [...o.destinations, ...controls]
    .map((c) => byPartner.get(c))
    .filter((s): s is Series => s !== undefined);
  const warnings: string[] = [];
  const panel = attempt(warnings, 'annual DiD panel', () => panelOf(series));
  if (panel === null) {
    out.warnings.push(...warnings);
    return;
  }
  const b = testedDid(panel, o, warnings, 'annual DiD', scales?.scales);
  if (b === null) {
    out.warnings.push(...warnings);
    return;
  }
  const loo = (drop: string): number | null => {
    const kept = series.filter((s) => s.key.partner !== drop);
    const r = attempt([], `leave-one-out ${drop}`, () =>
      did(panelOf(kept), { outcome: 'log', level: o.level }),
    );
    return r?.percentEffect?.estimate ?? null;
  };
  const looControls = controls.map(loo).filter((x): x is number => x !== null);
  const looTreated = o.destinations.map(loo).filter((x): x is number => x !== null);
  const range = (xs: number[]) =>
    xs.length === 0 ? 'n/a' : `${pct(Math.min(...xs))} to ${pct(Math.max(...xs))}`;
  const dest = o.destinations.join('/');
  out.findings.push(
    didFinding(
      {
        leg: 'vs-controls',
        exporter,
        destination: dest,
        productGroup: 'TOTAL',
        method: 'did',
        currency: null,
        frequency: 'annual',
        window,
        ...didFindingFields(b, warnings),
        text:
          `Difference in differences (log exports, destination and year fixed effects, ${preLabel} vs ${postLabel}): ` +
          `${capitalise(nameOf(exporter))} exports to ${nameOf(dest)} rose ${pct(b.effect)} more than to ${controls.length} control destinations ` +
          `(${pctInterval(b.interval)}, ${pValue(b.p)}, ${b.pMethod}). ` +
          (o.controlsTest === 'randomization'
            ? `That is the common shift that makes their studentised rises typical; the plain DiD of log means is ${pct(b.est.percentEffect?.estimate ?? null)}, ` +
              `leaving out one control at a time ${range(looControls)}, one treated destination at a time ${range(looTreated)}.`
            : `Leaving out one control at a time gives ${range(looControls)}, one treated destination at a time ${range(looTreated)}.`),
        level: o.level,
        idSuffix: 'annual',
      },
      { comparison: 'controls', treated: [...o.destinations], comparisonUnits: controls },
    ),
  );
}

/** The monthly comparison with the other neighbours (e.g. GE, UZ): suspected hubs themselves, not clean controls. */
function monthlyNeighbours(out: LegOutput, data: RoundaboutData, o: ResolvedOptions): void {
  if (o.otherNeighbours.length === 0) return;
  for (const exporter of o.exporters) {
    const treated = o.destinations.map((d) => exporterSeries(data, exporter, d));
    const others = o.otherNeighbours.map((d) => exporterSeries(data, exporter, d));
    const all = [...treated, ...others].filter((s): s is Series => s !== null);
    if (treated.every((s) => s === null) || others.every((s) => s === null)) continue;
    if (new Set(all.map((s) => s.currency)).size > 1) continue;
    // Data rounded to a coarse unit (ONS whole £ millions) make monthly logs meaningless for small destinations.
    const rounded = data.monthly.flat().some((x) => x.reporter === exporter && x.roundingUnit !== undefined);
    if (rounded) continue;
    const warnings: string[] = [
      `${o.otherNeighbours.join(', ')} are themselves suspected transit hubs, so they are "other neighbours", not clean controls: a rise there too biases this comparison towards zero`,
    ];
    const panel = attempt(warnings, 'monthly DiD panel', () =>
      toPanel(all, {
        treated: (k) => o.destinations.includes(k.partner),
        post: o.treatment,
        from: o.fit[0],
        exclude: periodRange(o.fit[1], o.treatment).slice(1, -1),
      }),
    );
    if (panel === null) {
      out.warnings.push(...warnings);
      continue;
    }
    const b = testedDid(panel, o, warnings, 'monthly DiD');
    if (b === null) {
      out.warnings.push(...warnings);
      continue;
    }
    const last = panel.periods.at(-1)!;
    out.findings.push(
      didFinding(
        {
          leg: 'vs-controls',
          exporter,
          destination: o.destinations.join('/'),
          productGroup: 'TOTAL',
          method: 'did',
          currency: null,
          frequency: 'monthly',
          window: { from: o.treatment, to: last },
          ...didFindingFields(b, warnings),
          text:
            `Against the other neighbours ${o.otherNeighbours.join(', ')} (monthly, log exports, destination and month fixed effects, ` +
            `${o.fit[0]}..${o.fit[1]} vs ${o.treatment}..${last}): ${capitalise(nameOf(exporter))} exports to ${nameOf(o.destinations.join('/'))} rose ` +
            `${pct(b.effect)} more (${pctInterval(b.interval)}, ${pValue(b.p)}, ${b.pMethod}).`,
          level: o.level,
          idSuffix: 'other-neighbours',
        },
        {
          comparison: 'other-neighbours',
          treated: [...o.destinations],
          comparisonUnits: [...o.otherNeighbours],
        },
      ),
    );
  }
}

const REASON_WORDS: Readonly<Record<ControlExclusion['reason'], string>> = {
  study: 'comparison destinations or the target',
  exporter: "the exporter's own customs union or territory",
  'trade-regime': 'a trade-regime change with the exporter in the window',
  neighbour: `the target's land neighbours`,
  hub: 'known transit hubs',
  war: 'at war',
  sanctions: 'under broad sanctions',
  crisis: 'in economic collapse',
  registry: 'open ship and aircraft registries',
};

/** The methods paragraphs of leg (b): controls used and how they are compared; what was left out and why. */
export function controlsMethods(
  o: ResolvedOptions,
  b: Pick<ControlsLegOutput, 'controlsUsed' | 'excluded'>,
): string[] {
  const used = Object.entries(b.controlsUsed)
    .map(([e, cs]) => `${e}: ${cs.length} (${cs.join(', ')})`)
    .join('; ');
  const left = Object.entries(b.excluded).map(([e, entries]) => {
    // Each country under its first (strongest) reason.
    const first = new Map<string, ControlExclusion['reason']>();
    for (const x of entries) if (!first.has(x.country)) first.set(x.country, x.reason);
    const byReason = new Map<string, string[]>();
    for (const [c, r] of first) byReason.set(r, [...(byReason.get(r) ?? []), c]);
    const order = Object.keys(REASON_WORDS);
    const parts = [...byReason]
      .sort((x, y) => order.indexOf(x[0]) - order.indexOf(y[0]))
      .map(([r, cs]) => `${REASON_WORDS[r as ControlExclusion['reason']]} (${cs.join(', ')})`);
    return `${e}: ${first.size} (${parts.join('; ')})`;
  });
  const exclusions =
    o.excludeFromControls === 'auto'
      ? `Left out of the controls, each with a reason and a source (controlExclusions): ${left.join('. ')}.`
      : `Left out of the controls by the user: ${o.excludeFromControls.join(', ')}.`;
  return [
    `Control destinations (annual, ${o.annualPre.join('–')} vs ${o.annualPost.join('–')}): ${used}. ` +
      `Destinations with ${o.words.pre} exports below ${money(o.minControlExports, null)} a year are too small to compare. ` +
      `Placebo p-values rank each destination's studentised rise (its log change divided by its own noise: the sd of its annual log exports ${o.words.before} after destination and year effects, over the longest ${o.words.pre} history the data have) among the controls'. ` +
      (o.controlsTest === 'randomization'
        ? `The pooled DiD (destination and year fixed effects) is tested by randomisation inference (randomizationTest): the same studentised statistic compared over every assignment of the treatment to ${o.destinations.length} of the destinations, with its interval by test inversion (Conley & Taber 2011; Ferman & Pinto 2019) — the wild cluster bootstrap under-rejects with so few treated destinations (MacKinnon & Webb 2017) and is available as controlsTest: 'wildClusterBootstrap'. `
        : `The pooled DiD (destination and year fixed effects) uses a wild cluster bootstrap (Webb weights, ${o.bootstrapDraws} draws), which under-rejects with few treated destinations (MacKinnon & Webb 2017). `) +
      'The DiD is repeated leaving out each control and each treated destination.',
    exclusions,
  ];
}

/**
 * Each unit's noise scale from its annual history up to `lastPre` (all years from the first one every unit has),
 * when that history has at least 4 years; else `null` (the randomisation test then uses the comparison's own
 * pre-war years).
 */
function historyScales(
  byPartner: Map<string, Series>,
  units: readonly string[],
  lastPre: Period,
): { scales: Record<string, number>; from: Period; to: Period } | null {
  const maps = units.flatMap((u) => {
    const s = byPartner.get(u);
    if (s === undefined) return [];
    const pre = new Map<string, number>();
    s.periods.forEach((p, i) => {
      const v = s.values[i];
      if (p <= lastPre && v !== null && v !== undefined && v > 0) pre.set(p, Math.log(v));
    });
    return [{ unit: u, pre }];
  });
  const years = [...new Set(maps.flatMap((m) => [...m.pre.keys()]))].sort();
  if (years.length < 4) return null;
  const scales = Object.fromEntries(preScales(maps));
  return { scales, from: years[0]!, to: years.at(-1)! };
}

/**
 * A log DiD tested the way `controlsTest` says: by default the studentised randomisation test (its Hodges–Lehmann-type
 * estimate, its interval by test inversion and its two-sided p), else the wild cluster bootstrap. `null` (with the
 * reason in `warnings`) when the panel cannot be estimated.
 */
const count = (n: number): string => n.toLocaleString('en-US');

function testedDid(
  panel: Panel,
  o: ResolvedOptions,
  warnings: string[],
  what: string,
  scales?: Readonly<Record<string, number>>,
): BootstrappedDid | null {
  if (o.controlsTest === 'wildClusterBootstrap') return bootstrappedDid(panel, o, warnings, what);
  const est = attempt(warnings, what, () => did(panel, { outcome: 'log', level: o.level }));
  if (est === null) return null;
  const rt = attempt(warnings, `${what}: randomisation test`, () =>
    randomizationTest(panel, {
      level: o.level,
      seed: o.seed,
      ...(scales === undefined ? {} : { scales }),
    }),
  );
  if (rt === null) return null;
  const d = rt.diagnostics;
  return {
    est,
    effect: rt.percentEffect?.estimate ?? null,
    interval: rt.percentEffect?.interval ?? noInterval(o.level),
    p: rt.p,
    pMethod:
      `randomisation test (studentised; ${d.enumerated ? `all ${count(d.assignments)}` : `${count(d.assignments - 1)} random`} ` +
      `assignments of ${d.treatedUnits} treated among ${d.units} destinations)`,
    // did's own cluster-robust warnings concern its t test, which is not used here.
    warnings: rt.warnings,
  };
}

/** What leg (b) keeps for its verdict, charts and methods: the controls used and left out, by exporter. */
export type ControlsState = Pick<ControlsLegOutput, 'controlsUsed' | 'excluded'>;

function controlsRule(o: ResolvedOptions): string {
  return (
    `A destination clearly beats the controls when its placebo p-value (its studentised rise — log change ÷ its own ` +
    `noise — ranked among the control destinations') is at most ${Number((1 - o.level).toFixed(3))}; a pooled DiD ` +
    `when its ${levelPct(o)} ${o.controlsTest === 'randomization' ? 'randomisation-test' : 'wild-cluster-bootstrap'} ` +
    'interval lies above zero. Supported: every destination and every DiD clearly beats ' +
    'the controls; not supported: none does; mixed: some do.'
  );
}

function verdictControls(findings: readonly Finding[], o: ResolvedOptions): LegVerdictParts {
  const fs = byLeg(findings, 'vs-controls');
  const placebo = fs.filter((f) => f.method === 'placebo destinations');
  const didAnnual = fs.filter((f): f is DidFinding => f.method === 'did' && f.comparison === 'controls');
  if (placebo.length === 0 && didAnnual.length === 0) {
    return {
      status: 'cannot-tell',
      rule: controlsRule(o),
      text: 'No data by partner for clean control destinations.',
    };
  }
  const top = placebo.filter((f) => (f.pValue ?? 1) <= 1 - o.level);
  const didSig = didAnnual.filter(significantlyAbove);
  const status =
    top.length === placebo.length && didSig.length === didAnnual.length
      ? 'supported'
      : top.length === 0 && didSig.length === 0
        ? 'not-supported'
        : 'mixed';
  const parts = placebo.map(
    (f) =>
      `${flowLabel(f.exporter, f.destination)}: ${aboveOrBelow(f.excessPct)} what the controls' median growth implies (${pValue(f.pValue)})`,
  );
  const dids = didAnnual.map(
    (f) =>
      `${capitalise(nameOf(f.exporter))}: DiD ${pct(f.excessPct)} (${pctInterval(f.pctInterval)}, ${pValue(f.pValue)}, ${f.comparisonUnits.length} controls)`,
  );
  return {
    status,
    rule: controlsRule(o),
    text: `Annual ${o.annualPre.join('–')} vs ${o.annualPost.join('–')}, against clean controls. ${[...parts, ...dids].join('; ')}.`,
  };
}

function methodsControls(o: ResolvedOptions, state: ControlsState): string[] {
  return [
    ...controlsMethods(o, state),
    ...(o.otherNeighbours.length === 0
      ? []
      : [
          `${o.otherNeighbours.join(', ')} are compared monthly as "other neighbours": they are suspected hubs themselves, so a rise there biases comparisons towards zero.`,
        ]),
  ];
}

function chartsControls(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
): ChartRequest[] {
  const o = c.options;
  const out: ChartRequest[] = [];
  for (const exporter of o.exporters) {
    const placebo = findings.filter(
      (f): f is PlaceboFinding => f.method === 'placebo destinations' && f.exporter === exporter,
    );
    const first = placebo.find((f) => f.distribution.length > 0);
    if (first === undefined) continue;
    const units = [
      ...first.distribution
        .filter((u) => !u.treated)
        .map((u) => ({ code: u.unit, label: c.name(u.unit), value: u.value, marked: false })),
      ...placebo.flatMap((f) =>
        f.distribution
          .filter((u) => u.treated)
          .map((u) => ({ code: u.unit, label: c.name(u.unit), value: u.value, marked: true })),
      ),
    ].sort((a, b) => b.value - a.value);
    const controls = units.filter((u) => !u.marked).length;
    out.push({
      kind: 'rank',
      id: chartId('rank', exporter),
      title: `Where ${nameOf(o.destinations.join('/'))} rank among ${controls} control destinations of ${c.name(exporter)}`,
      caption:
        `Each destination's rise in exports from ${c.name(exporter)}, ${o.annualPre.join('–')} to ${o.annualPost.join('–')} (annual, log change), ` +
        `divided by its own ${o.words.pre} noise; the destinations under study are marked. A destination above every control has ` +
        `the smallest attainable one-sided p-value, 1 ÷ ${controls + 1}.`,
      source: sourceLine(
        placebo.map((f) => f.seriesId).filter((s): s is string => s !== null),
        c.series,
        c.provenance,
      ),
      statistic: 'studentised rise (log change ÷ own noise)',
      units,
    });
  }
  return out;
}

/** Leg (b) as a value: the destinations against clean control destinations (and the other neighbours). */
export const controlsLeg: RoundaboutLeg<ControlsState> = {
  id: 'vs-controls',
  title: () => 'More than exports to control destinations',
  question: (o) =>
    `Did exports to ${nameOf(o.destinations.join('/'))} rise more than exports to clean control destinations, ${o.annualPre.join('–')} to ${o.annualPost.join('–')}?`,
  run: ({ data, options }) => {
    const r = legVsControls(data, options);
    return { ...r, state: { controlsUsed: r.controlsUsed, excluded: r.excluded } };
  },
  verdict: (findings, o) => verdictControls(findings, o),
  charts: (findings, context) => chartsControls(findings, context),
  methods: (o, _context, state) => methodsControls(o, state),
};
