import { mirrorGap } from '../../measures/mirror-gap.js';
import type { Currency } from '../../model/currency.js';
import type { TradeObservation } from '../../model/observation.js';
import { type Period, periodRange, yearOf } from '../../model/period.js';
import type { Series } from '../../model/series.js';
import type { ChartRequest } from '../../model/study.js';
import { convertCurrency } from '../../panel/convert-currency.js';
import { deflate } from '../../panel/deflate.js';
import { rebase } from '../../panel/rebase.js';
import { toAnnual } from '../../panel/to-annual.js';
import { toSeries } from '../../panel/to-series.js';
import { aggregateMembers, getCountry, isAggregate } from '../../reference/countries.js';
import { reportingCaveats } from '../../reference/reporting-caveats.js';
import {
  type ChartContext,
  capitalise,
  type LegContext,
  type LegVerdictParts,
  nameOf,
  sourceLine,
} from '../study.js';
import type { Finding, MirrorGapFinding, MirrorGrowthFinding, MirrorPair } from '../types.js';
import { allNoneSome, byLeg } from './verdict.js';

/** The CIF/FOB allowance of the mirror comparisons: importers' CIF values are compared with exporters' FOB + 5%. */
const CIF_FOB = 0.05;

import {
  attempt,
  type FindingInput,
  makeFinding,
  meanOf,
  preYearsRange,
  type RoundaboutLeg,
} from './common.js';
import type { RoundaboutData } from './data.js';
import { flowLabel, money, pct, times } from './format.js';
import { emptyLeg, exporterSeries, type LegOutput } from './leg-baseline.js';
import type { ResolvedOptions } from './options.js';

/** A mirror-growth finding (leg d): the shared fields and whose record it is. */
export function mirrorGrowthFinding(
  f: FindingInput<'preWarMean (annual)'>,
  extra: Pick<MirrorGrowthFinding, 'recordedBy' | 'flow' | 'estimated'>,
): MirrorGrowthFinding {
  return { ...makeFinding(f), ...extra };
}

/** A mirror-gap finding (leg d): the shared fields, the pre-war gap and the CIF/FOB allowance. */
export function mirrorGapFinding(
  f: FindingInput<'mirrorGap'>,
  extra: Pick<MirrorGapFinding, 'preGap' | 'cifFob' | 'exporterSeriesId'>,
): MirrorGapFinding {
  return { ...makeFinding(f), ...extra };
}

function valueAt(s: Series, p: Period): number | null {
  const i = s.periods.indexOf(p);
  return i < 0 ? null : (s.values[i] ?? null);
}

function annualOf(s: Series): Series {
  return s.frequency === 'annual' ? s : toAnnual(s, { require: 'all' });
}

/**
 * A destination's own record of a flow, as an annual series: imports from the exporter (an aggregate is rebuilt
 * as the sum of its members, so the EU means EU27 in every year) or exports to the target. Partner basis `origin`
 * where the publisher gives both (Armenia).
 */
function mirrorSeries(
  data: RoundaboutData,
  reporter: string,
  partner: string,
  flow: 'import' | 'export',
): Series | null {
  let obs = data.mirror.filter(
    (o) => o.reporter === reporter && o.flow === flow && o.product.classification === 'TOTAL',
  );
  if (obs.some((o) => o.partnerBasis !== undefined))
    obs = obs.filter((o) => o.partnerBasis !== 'consignment');
  const partners = isAggregate(partner) ? [...(aggregateMembers(partner) ?? [])] : [partner];
  const matched = obs.filter((o) => partners.includes(o.partner));
  if (matched.length === 0) return null;
  const s = toSeries(matched as TradeObservation[], {
    reporter,
    partner: partners,
    flow,
    label: { partner },
  });
  return annualOf(s);
}

/** How real terms read in a finding, e.g. `USD at constant 2017–2019 prices by <index>`; `null` when nominal. */
export function realTermsWords(o: ResolvedOptions): string | null {
  const p = o.prices;
  if (p === undefined) return null;
  const base = p.base[0] === p.base[1] ? p.base[0] : `${p.base[0]}–${p.base[1]}`;
  return `${p.currency} at constant ${base} prices by the ${p.name}`;
}

/** The series in real terms when `o.prices` applies to its currency (else unchanged); deflate's warnings go to `warnings`. */
function realOf(s: Series, o: ResolvedOptions, warnings: string[]): Series {
  const p = o.prices;
  if (p === undefined || s.currency !== p.currency) return s;
  const before = s.notes.length;
  const r = deflate(s, p.annual, { base: [p.base[0], p.base[1]], name: p.name });
  for (const n of r.notes.slice(before))
    if (n.startsWith('warning: '))
      warnings.push(`${s.key.reporter}->${s.key.partner} ${s.key.flow}s: ${n.slice(9)}`);
  return r;
}

/** The warning every deflated finding carries: real, base, index, caveat. */
function realWarnings(s: Series, o: ResolvedOptions): string[] {
  const words = realTermsWords(o);
  if (words === null || s.currency !== o.prices?.currency) return [];
  return [
    `real terms: values are ${words} (annual means of the index over complete years)${o.prices.caveat === null ? '' : `; ${o.prices.caveat}`}`,
  ];
}

/** Leg (d): the destinations' own records, and the gap between what the exporter says it shipped and what they say arrived. */
export function legMirror(
  data: RoundaboutData,
  o: ResolvedOptions,
): LegOutput & { mirrorPairs: MirrorPair[] } {
  const out = { ...emptyLeg(), mirrorPairs: [] as MirrorPair[] };
  const preYears = periodRange(yearOf(o.fit[0]), String(Number(yearOf(o.treatment)) - 1));
  const postYears = periodRange(o.annualPost[0], o.annualPost[1]);
  for (const d of o.destinations) {
    const exportsToTargetNominal = attempt(out.warnings, `${d} exports to ${o.target}`, () =>
      mirrorSeries(data, d, o.target, 'export'),
    );
    const exportsToTarget =
      exportsToTargetNominal === null ? null : realOf(exportsToTargetNominal, o, out.warnings);
    if (exportsToTarget !== null) {
      const sid = `${d}->${o.target}/TOTAL/${exportsToTarget.currency}/reported-by-${d}`;
      out.series[sid] = exportsToTarget;
      growthFinding(out, exportsToTarget, sid, preYears, postYears, o, {
        exporter: d,
        destination: o.target,
        text: `${capitalise(nameOf(d))}'s own records: exports to ${nameOf(o.target)}`,
        reporter: d,
        flow: 'export',
        partner: o.target,
      });
    } else {
      out.warnings.push(`No ${nameOf(d)}-reported exports to ${nameOf(o.target)} in the mirror data`);
    }
    const targetImportsNominal = targetRecord(data, o.target, d);
    const targetImports =
      targetImportsNominal === null ? null : realOf(targetImportsNominal, o, out.warnings);
    if (targetImports !== null) {
      const sid = `${o.target}<-${d}/TOTAL/${targetImports.currency}/reported-by-${o.target}`;
      out.series[sid] = targetImports;
      // The goods flow from d to the target; the target is only the one that records them (as imports).
      growthFinding(out, targetImports, sid, preYears, postYears, o, {
        exporter: d,
        destination: o.target,
        text: `${o.target}'s imports from ${d} as published by ${publisherOf(data, targetImports)}`,
        reporter: o.target,
        flow: 'import',
        partner: d,
        flowWord: 'imports',
      });
    }
    for (const exporter of o.exporters) {
      const importsNominal = attempt(out.warnings, `${d} imports from ${exporter}`, () =>
        mirrorSeries(data, d, exporter, 'import'),
      );
      if (importsNominal === null) {
        out.warnings.push(`No ${d}-reported imports from ${exporter} in the mirror data`);
        continue;
      }
      const imports = realOf(importsNominal, o, out.warnings);
      const iid = `${d}<-${exporter}/TOTAL/${imports.currency}/reported-by-${d}`;
      out.series[iid] = imports;
      growthFinding(out, imports, iid, preYears, postYears, o, {
        exporter,
        destination: d,
        text: `${d}'s own records: imports from ${exporter}${isAggregate(exporter) ? ' (sum of its members, by country of origin where the publisher distinguishes)' : ''}`,
        reporter: d,
        flow: 'import',
        partner: exporter,
        flowWord: 'imports',
      });
      const exp = exporterAnnual(data, exporter, d);
      if (exp === null) continue;
      const eid = `${exporter}->${d}/TOTAL/${exp.currency}/annual-reported-by-${exporter}`;
      out.series[eid] = exp;
      gapFinding(out, {
        data,
        exporterSeries: exp,
        exporterSeriesId: eid,
        imports,
        importsId: iid,
        preYears,
        postYears,
        exporter,
        destination: d,
        options: o,
      });
    }
  }
  return out;
}

/** Who published the observations behind a series, from the data's provenance (`its publisher` when unknown). */
function publisherOf(data: RoundaboutData, s: Series): string {
  const ids = new Set(s.sources);
  return data.provenance.find((p) => ids.has(p.id))?.publisher ?? 'its publisher';
}

function targetRecord(data: RoundaboutData, target: string, d: string): Series | null {
  const obs = data.target.filter(
    (x) =>
      x.reporter === target && x.partner === d && x.flow === 'import' && x.product.classification === 'TOTAL',
  );
  if (obs.length === 0) return null;
  return annualOf(toSeries(obs as TradeObservation[], { reporter: target, partner: d, flow: 'import' }));
}

/** The exporter's own record of exports to d, annual: its annual data, else annual sums of its monthly data. */
function exporterAnnual(data: RoundaboutData, exporter: string, d: string): Series | null {
  const annual = data.annual.filter((x) => x.reporter === exporter && x.partner === d && x.flow === 'export');
  if (annual.length > 0)
    return toSeries(annual as TradeObservation[], { reporter: exporter, partner: d, flow: 'export' });
  const monthly = exporterSeries(data, exporter, d);
  return monthly === null ? null : annualOf(monthly);
}

interface GrowthSpec {
  readonly exporter: string;
  readonly destination: string;
  readonly text: string;
  /** Whose record the series is, for the reporting caveats that apply to it. */
  readonly reporter: string;
  readonly flow: 'export' | 'import';
  readonly partner: string;
  readonly flowWord?: string;
}

function growthFinding(
  out: LegOutput,
  s: Series,
  sid: string,
  preYears: readonly Period[],
  postYears: readonly Period[],
  o: ResolvedOptions,
  spec: GrowthSpec,
): void {
  const pre = preYears.map((p) => valueAt(s, p));
  const post = postYears.map((p) => valueAt(s, p));
  const havePost = postYears.filter((_, i) => post[i] !== null);
  const base = meanOf(pre);
  if (base === null || havePost.length === 0) {
    out.warnings.push(`${spec.text}: no data for ${preYears.join(', ')} or ${postYears.join(', ')}`);
    return;
  }
  const postMean = meanOf(post)!;
  const preValues = pre.filter((v): v is number => v !== null);
  const actual = postMean * havePost.length;
  const expected = base * havePost.length;
  const ratio = base > 0 ? postMean / base : null;
  const statuses = new Set(s.status.filter((_, i) => postYears.includes(s.periods[i]!)));
  const estimatedYears = postYears.filter((p) => {
    const i = s.periods.indexOf(p);
    return i >= 0 && s.status[i] === 'estimated';
  });
  const caveats = reportingCaveats(
    {
      reporter: spec.reporter,
      flow: spec.flow,
      partner: spec.partner,
      from: preYears[0],
      to: postYears.at(-1),
    },
    o.reportingCaveats,
  );
  const provisional = statuses.has('provisional');
  // The pre years' own spread gives a rough interval for "no change": min and max of the pre years.
  const bounds = preYearsRange(preValues, postMean, havePost.length);
  out.findings.push(
    mirrorGrowthFinding(
      {
        leg: 'mirror',
        exporter: spec.exporter,
        destination: spec.destination,
        productGroup: 'TOTAL',
        method: 'preWarMean (annual)',
        currency: s.currency,
        frequency: 'annual',
        window: { from: havePost[0]!, to: havePost.at(-1)! },
        actual,
        expected,
        excess: actual - expected,
        excessPct: ratio === null ? null : ratio - 1,
        ratio,
        ...bounds,
        pValue: null,
        pMethod: null,
        warnings: [
          ...caveats.map((c) => c.text),
          ...(estimatedYears.length > 0
            ? [
                `the ${estimatedYears.join(', ')} values are the publisher's estimates (status estimated), not records of the reporter (${getCountry(spec.reporter)?.name ?? spec.reporter}) itself: not independent evidence`,
              ]
            : []),
          `interval: the range implied by the lowest and highest ${o.words.pre} year (${preYears[0]}–${preYears.at(-1)}), not a probability interval`,
          ...(provisional ? ['the latest year is provisional'] : []),
          ...realWarnings(s, o),
        ],
        text:
          `${spec.text} averaged ${money(postMean, s.currency)} a year in ${havePost.join('–')}, ` +
          `${ratio === null ? 'n/a' : times(ratio)} the ${preYears[0]}–${preYears.at(-1)} mean of ${money(base, s.currency)} ` +
          `(${pct(ratio === null ? null : ratio - 1)}).${realSentence(s, o)}`,
        seriesId: sid,
        level: o.level,
        idSuffix: spec.flowWord ?? 'exports',
      },
      { recordedBy: spec.reporter, flow: spec.flow, estimated: estimatedYears.length > 0 },
    ),
  );
}

/** ` Values are real: …` for a deflated series' finding text, else `''`. */
function realSentence(s: Series, o: ResolvedOptions): string {
  const words = realTermsWords(o);
  return words === null || s.currency !== o.prices?.currency ? '' : ` Values are real: ${words}.`;
}

/** One mirror comparison: both sides' series, the pre and post years, who and where. */
interface GapInput {
  readonly data: RoundaboutData;
  /** The exporter-reported annual series and its id. */
  readonly exporterSeries: Series;
  readonly exporterSeriesId: string;
  /** The importer-reported annual series and its id. */
  readonly imports: Series;
  readonly importsId: string;
  readonly preYears: readonly Period[];
  readonly postYears: readonly Period[];
  readonly exporter: string;
  readonly destination: string;
  readonly options: ResolvedOptions;
}

function gapFinding(out: LegOutput & { mirrorPairs: MirrorPair[] }, g: GapInput): void {
  const {
    data,
    exporterSeries: exp,
    exporterSeriesId: eid,
    imports,
    importsId: iid,
    preYears,
    postYears,
  } = g;
  const { exporter, destination: d, options: o } = g;
  // Compare in the importer's currency (USD for the shipped mirror data), so the euro's fall is not read as trade.
  const currency: Currency = imports.currency;
  const w: string[] = [];
  const expC0 =
    exp.currency === currency
      ? exp
      : attempt(w, `converting ${eid}`, () => convertCurrency(exp, currency, data.fxAnnual));
  if (expC0 === null) {
    out.warnings.push(...w);
    return;
  }
  const expC = realOf(expC0, o, out.warnings);
  const cid = `${eid}/${currency}`;
  out.series[cid] = expC;
  const gap = attempt(w, `mirror gap ${exporter}->${d}`, () => mirrorGap(expC, imports, { cifFob: CIF_FOB }));
  if (gap === null) {
    out.warnings.push(...w);
    return;
  }
  out.mirrorPairs.push({ id: `${exporter}->${d}`, exporterSeriesId: cid, importerSeriesId: iid });
  const rows = new Map(gap.byPeriod.map((r) => [r.period, r]));
  const sumOf = (years: readonly Period[], f: 'exporter' | 'importer') =>
    years.reduce((acc, y) => acc + (rows.get(y)?.[f] ?? Number.NaN), 0);
  const preE = sumOf(preYears, 'exporter');
  const preI = sumOf(preYears, 'importer');
  const postHave = postYears.filter(
    (y) => rows.get(y)?.exporter !== null && rows.get(y)?.importer !== null && rows.has(y),
  );
  const postE = sumOf(postHave, 'exporter');
  const postI = sumOf(postHave, 'importer');
  const adj = 1 + CIF_FOB;
  const preGap = Number.isFinite(preE) && Number.isFinite(preI) && preE > 0 ? preI / (preE * adj) - 1 : null;
  const postGap =
    Number.isFinite(postE) && Number.isFinite(postI) && postE > 0 && postHave.length > 0
      ? postI / (postE * adj) - 1
      : null;
  if (postGap === null) {
    out.warnings.push(`mirror gap ${exporter}->${d}: no overlapping ${o.words.post} years`);
    return;
  }
  const recorded = (g: number | null) =>
    g === null
      ? 'n/a'
      : g < 0
        ? `${d}'s imports ${pct(-g).slice(1)} below ${exporter}'s exports`
        : `${d}'s imports ${pct(g).slice(1)} above ${exporter}'s exports`;
  // What the change says depends on the sign as well as the direction: a shortfall (the importer records less than
  // the exporter ships) that opens or widens is what goods travelling on would leave; a surplus that shrinks is not.
  const change =
    preGap === null
      ? ''
      : postGap < preGap - 0.1
        ? postGap < 0
          ? `${capitalise(o.words.after)} ${d} records less than ${exporter} ships, and the shortfall is larger than before: consistent with goods declared for ${d} travelling on (or with under-recording by ${d}).`
          : `${d}'s surplus over ${exporter}'s figure shrank ${o.words.after}, but ${d} still records more than ${exporter} ships: no shortfall that goods travelling on would leave.`
        : postGap > preGap + 0.1
          ? postGap < 0
            ? `The shortfall narrowed ${o.words.after}.`
            : `${d}'s surplus over ${exporter}'s figure grew ${o.words.after}.`
          : `The gap did not change by more than 10 points ${o.words.after}.`;
  out.findings.push(
    mirrorGapFinding(
      {
        leg: 'mirror',
        exporter,
        destination: d,
        productGroup: 'TOTAL',
        method: 'mirrorGap',
        currency,
        frequency: 'annual',
        window: { from: postHave[0]!, to: postHave.at(-1)! },
        actual: postI,
        expected: postE * adj,
        excess: postI - postE * adj,
        excessPct: postGap,
        ratio: postE > 0 ? postI / (postE * adj) : null,
        pValue: null,
        pMethod: null,
        warnings: [
          ...gap.warnings,
          `importers record CIF, exporters FOB: a ${Math.round(CIF_FOB * 100)}% CIF/FOB allowance is applied`,
          ...(preGap === null
            ? []
            : [`${o.words.before} (${preYears[0]}–${preYears.at(-1)}) the gap was ${pct(preGap)}`]),
          ...realWarnings(imports, o),
          ...(realWarnings(imports, o).length > 0
            ? [
                'real terms: both sides are deflated by the same annual index, so each year’s gap is unchanged; only the weights of the years in the multi-year sums differ from the nominal figures',
              ]
            : []),
        ],
        text:
          `In ${postHave.join('–')} ${d} recorded imports from ${exporter} of ${money(postI, currency)} against the ` +
          `${money(postE, currency)} ${exporter} reports shipping there: ${recorded(postGap)} (+${Math.round(CIF_FOB * 100)}% CIF/FOB allowance; ` +
          `${preGap === null ? `no ${o.words.pre} comparison` : `${preYears[0]}–${preYears.at(-1)}: ${recorded(preGap)}`}).` +
          (change === '' ? '' : ` ${change}`) +
          realSentence(imports, o),
        seriesId: iid,
        level: o.level,
      },
      { preGap, cifFob: adj - 1, exporterSeriesId: cid },
    ),
  );
}

/** What leg (d) keeps for its charts: the pairs of exporter- and importer-reported series. */
export interface MirrorState {
  readonly mirrorPairs: readonly MirrorPair[];
}

function mirrorRule(o: ResolvedOptions): string {
  return (
    `A flow rose when its ${o.words.post} mean is above the highest ${o.words.pre} year (the destinations' imports from the ` +
    `exporters and their exports to ${nameOf(o.target)}, as the destinations record them). Supported: every such flow ` +
    'rose; not supported: none did; mixed: some did. The mirror gaps are reported alongside and do not enter the ' +
    `status; ${o.target}'s own figures where its publisher estimates them from partners' data are not counted as independent evidence.`
  );
}

function verdictMirror(findings: readonly Finding[], o: ResolvedOptions): LegVerdictParts {
  const fs = byLeg(findings, 'mirror');
  const growth = fs.filter((f): f is MirrorGrowthFinding => f.method === 'preWarMean (annual)');
  const imports = growth.filter((f) => f.exporter !== o.target && f.destination !== o.target);
  // The target's own import figures (estimates from partners' data) are shown but not counted.
  const toTarget = growth.filter((f) => f.destination === o.target && f.recordedBy !== o.target);
  const gaps = fs.filter((f) => f.method === 'mirrorGap');
  if (imports.length === 0 && toTarget.length === 0) {
    return { status: 'cannot-tell', rule: mirrorRule(o), text: 'No mirror data for the destinations.' };
  }
  const rose = (f: Finding) => (f.ratio ?? 0) > 1 && (f.pctInterval.lower ?? Number.NEGATIVE_INFINITY) > 0;
  const up = [...imports, ...toTarget].filter(rose).length;
  const all = imports.length + toTarget.length;
  const say = (f: Finding) => `${flowLabel(f.exporter, f.destination)} ${times(f.ratio)} ${o.words.pre}`;
  const real = realTermsWords(o);
  return {
    status: allNoneSome(up, all),
    rule: mirrorRule(o),
    text:
      (real === null
        ? ''
        : `In real terms (${real}${o.prices?.caveat == null ? '' : `; ${o.prices.caveat}`}): `) +
      `${up} of ${all} importer-reported flows are above every ${o.words.pre} year. Imports as the destinations record them: ${imports.map(say).join('; ') || 'none'}. ` +
      `Their exports to ${nameOf(o.target)}: ${toTarget.map(say).join('; ') || 'none'}. ` +
      gaps.map((g) => g.text).join(' '),
  };
}

function methodsMirror(o: ResolvedOptions, context: LegContext<ResolvedOptions, RoundaboutData>): string[] {
  const { data, given } = context;
  const estimatedFrom = data.target
    .filter((x) => x.reporter === o.target && x.status === 'estimated')
    .reduce<string | null>((lo, x) => (lo === null || x.period < lo ? x.period : lo), null);
  const real = realTermsWords(o);
  const units = [
    ...new Set(
      data.provenance
        .filter((p) => data.mirror.some((x) => x.source === p.id))
        .map((p) => p.units)
        .filter((u): u is string => u !== undefined),
    ),
  ];
  return [
    `Mirror data: ${given.mirror === undefined ? `the destinations' national statistics (shipped datasets${units.length === 0 ? '' : `; ${units.join(', ')}`})` : 'the records given as `data.mirror`'}; imports from an aggregate exporter are rebuilt as the sum of its members (by country of origin where both bases are published); the exporters' figures are converted to the importers' currency with ${given.fxAnnual === undefined ? data.fxAnnual.description : 'the annual rates given as `data.fxAnnual`'} and compared with a ${Math.round(CIF_FOB * 100)}% CIF/FOB allowance.${
      estimatedFrom === null
        ? ''
        : ` ${o.target}'s own partner figures from ${estimatedFrom} are the publisher's estimates (status estimated), largely from partners' data: shown, not counted as independent evidence.`
    }${
      real === null
        ? ''
        : ` Real terms: the mirror leg's ${o.prices!.currency} series (after conversion) are ${real}, annual means of the index over complete years (real = nominal × mean level in the base years ÷ the year's level); series in other currencies stay nominal.${o.prices!.caveat === null ? '' : ` Caveat: ${o.prices!.caveat}`}`
    }`,
  ];
}

function chartsMirror(
  findings: readonly Finding[],
  c: ChartContext<ResolvedOptions, RoundaboutData>,
  state: MirrorState,
): ChartRequest[] {
  const o = c.options;
  const out: ChartRequest[] = [];
  const [first] = state.mirrorPairs;
  if (first !== undefined) {
    const currency = c.series[first.importerSeriesId]?.currency ?? '';
    out.push({
      kind: 'mirror',
      id: 'mirror-pairs',
      title: `Both sides of the record: what the exporters report shipping and what ${nameOf(o.destinations.join('/'))} report receiving`,
      caption:
        `Annual, nominal ${currency}${realTermsWords(o) === null ? '' : ` (${realTermsWords(o)} where in ${o.prices!.currency})`}; ` +
        `exporters' figures converted to the importers' currency. Importers record CIF, exporters FOB: the findings allow ${Math.round(CIF_FOB * 100)}% for it.`,
      source: sourceLine(
        state.mirrorPairs.flatMap((p) => [p.exporterSeriesId, p.importerSeriesId]),
        c.series,
        c.provenance,
      ),
      pairs: state.mirrorPairs.map((p) => {
        const [e, d] = p.id.split('->') as [string, string];
        return {
          label: `${flowLabel(e, d)}`,
          exporterSeriesId: p.exporterSeriesId,
          importerSeriesId: p.importerSeriesId,
        };
      }),
      treatment: yearOf(o.treatment),
    });
  }
  const toTarget = findings.filter(
    (f): f is MirrorGrowthFinding =>
      f.method === 'preWarMean (annual)' &&
      f.destination === o.target &&
      f.recordedBy !== o.target &&
      f.seriesId !== null &&
      c.series[f.seriesId] !== undefined,
  );
  const preYears = periodRange(yearOf(o.fit[0]), String(Number(yearOf(o.treatment)) - 1));
  const base: [Period, Period] = [preYears[0]!, preYears.at(-1)!];
  const lines = toTarget
    .filter((f) => attempt([], 'rebase', () => rebase(c.series[f.seriesId!]!, { base })) !== null)
    .map((f) => ({
      label: `${flowLabel(f.exporter, o.target)}`,
      seriesId: f.seriesId!,
    }));
  if (lines.length > 0) {
    out.push({
      kind: 'indexed-lines',
      id: 'exports-to-target',
      title: `Exports of ${nameOf(o.destinations.join('/'))} to ${c.name(o.target)}, as they record them`,
      caption: `Annual exports as each destination records them, indexed to their mean over ${base[0]}–${base[1]} (= 100).`,
      source: sourceLine(
        lines.map((l) => l.seriesId),
        c.series,
        c.provenance,
      ),
      lines,
      base,
      treatment: yearOf(o.treatment),
    });
  }
  return out;
}

/** Leg (d) as a value: the destinations' own records, and the gap between the two sides of each flow. */
export const mirrorLeg: RoundaboutLeg<MirrorState> = {
  id: 'mirror',
  title: (o) =>
    `The destinations' own records: imports from the exporters and exports to ${nameOf(o.target)}`,
  question: (o) =>
    `Do ${nameOf(o.destinations.join('/'))}'s own records show the goods arriving, and their exports to ${nameOf(o.target)} rising?`,
  run: ({ data, options }) => {
    const r = legMirror(data, options);
    return { ...r, state: { mirrorPairs: r.mirrorPairs } };
  },
  verdict: (findings, o) => verdictMirror(findings, o),
  charts: (findings, context, state) => chartsMirror(findings, context, state),
  methods: (o, context) => methodsMirror(o, context),
};
