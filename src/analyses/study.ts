/**
 * Studies as data: a study is a list of legs with defaults and a data resolver that is handed in; `runStudy` walks
 * it and returns a {@link StudyResult}. A leg is a value ({@link LegDefinition}): it runs on the resolved options
 * and data, states its verdict from the findings, asks for its charts and writes its methods. Nothing here knows a
 * particular study, country or date.
 *
 * @module
 */
import type { Provenance } from '../model/provenance.js';
import type { Counterfactual } from '../model/result.js';
import type { Series } from '../model/series.js';
import type { ChartRequest, LegOutcome, StudyFinding, StudyResult, VerdictStatus } from '../model/study.js';
import { getAggregate, getCountry, isAggregate } from '../reference/countries.js';

/** What a leg is handed when it runs: the options with defaults filled in, the resolved data, what the caller gave. */
export interface LegContext<O, D> {
  /** The study's options, defaults resolved. */
  readonly options: O;
  /** The data, as the study's resolver returned them. */
  readonly data: D;
  /** The data the caller passed (so methods can say "given" instead of naming a shipped dataset). */
  readonly given: Partial<D>;
}

/** What a leg asks its charts from: the run's context, every series and counterfactual, provenance and names. */
export interface ChartContext<O, D> extends LegContext<O, D> {
  /** Every series of the study so far, by id. */
  readonly series: Readonly<Record<string, Series>>;
  /** Every counterfactual, by id. */
  readonly counterfactuals: Readonly<Record<string, Counterfactual>>;
  /** Provenance of every dataset the study used. */
  readonly provenance: readonly Provenance[];
  /** A code in words (`KG` → `Kyrgyzstan`, `EU27_2020` → `the EU (27)`). */
  readonly name: (code: string) => string;
}

/** What a leg adds when it runs; `state` is the leg's own material for its verdict, charts and methods. */
export interface LegRun<F extends StudyFinding, S = undefined> {
  readonly findings: readonly F[];
  readonly series: Readonly<Record<string, Series>>;
  readonly counterfactuals: Readonly<Record<string, Counterfactual>>;
  readonly warnings: readonly string[];
  readonly state: S;
}

/** A leg's verdict: the status, the paragraph stating the evidence, the rule that decided the status. */
export interface LegVerdictParts {
  readonly status: VerdictStatus;
  readonly text: string;
  readonly rule: string;
}

/**
 * One leg of a study, as a value. `O` are the study's resolved options, `D` its data, `F` its finding type, `S` the
 * leg's own state from {@link LegDefinition.run} to the other steps.
 *
 * @example
 * const leg: LegDefinition<{ n: number }, null, StudyFinding, undefined> = {
 *   id: 'count', title: () => 'Count', question: (o) => `Is n above ${o.n}?`,
 *   run: () => ({ findings: [], series: {}, counterfactuals: {}, warnings: [], state: undefined }),
 *   verdict: () => ({ status: 'cannot-tell', text: 'No data.', rule: 'None.' }),
 *   charts: () => [], methods: () => [],
 * };
 * leg.question({ n: 3 }); // => 'Is n above 3?'
 */
export interface LegDefinition<O, D, F extends StudyFinding, S = unknown> {
  /** Leg id; findings carry it as `leg`. */
  readonly id: string;
  /** Short title in words. */
  title(options: O): string;
  /** The question the leg answers, in one sentence. */
  question(options: O): string;
  /** Run the leg: findings, series, counterfactuals, warnings and its own state. */
  run(context: LegContext<O, D>): LegRun<F, S>;
  /** The verdict from every finding of the study (a leg may read another's, e.g. a product lens). */
  verdict(findings: readonly F[], options: O, state: S): LegVerdictParts;
  /** The charts the leg asks the renderer for, in order. */
  charts(findings: readonly F[], context: ChartContext<O, D>, state: S): ChartRequest[];
  /** The leg's methods, in words, from the options and the data actually used. */
  methods(options: O, context: LegContext<O, D>, state: S): string[];
  /** Caveats that concern the leg as a whole. Default: none. */
  caveats?(options: O, state: S): string[];
}

/**
 * A study: its legs, its defaults, how options are resolved and where its data come from (handed in: the default
 * resolver reads the shipped datasets; the legs never do). `I` is what the caller passes.
 *
 * @example
 * const study: StudyDefinition<{ n: number }, { n?: number }, null, StudyFinding> = {
 *   id: 'count', title: () => 'Count', question: () => 'Is n large?', legs: [], defaults: { n: 1 },
 *   resolveOptions: (i) => ({ n: i.n ?? 1 }), resolveData: async () => null, provenance: () => [],
 *   verdict: () => 'Nothing to say.',
 * };
 * (await runStudy(study, {})).verdict; // => 'Nothing to say.'
 */
export interface StudyDefinition<O, I, D, F extends StudyFinding> {
  /** Study id, e.g. `roundabout`. */
  readonly id: string;
  /** Title in words. */
  title(options: O): string;
  /** The question the study asks, in one sentence. */
  question(options: O): string;
  // biome-ignore lint/suspicious/noExplicitAny: each leg has its own state type
  readonly legs: readonly LegDefinition<O, D, F, any>[];
  /** The documented defaults. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Check the caller's input and fill in the defaults. */
  resolveOptions(input: I): O;
  /** Resolve the data the legs read (the caller's, filled in from wherever the study's resolver looks). */
  resolveData(input: I, options: O): Promise<D>;
  /** What the caller gave of the data (for the methods' wording). Default: nothing. */
  given?(input: I): Partial<D>;
  /** Provenance of the resolved data. */
  provenance(data: D): readonly Provenance[];
  /** The headline in one or two sentences, from the findings and the legs' outcomes. */
  verdict(findings: readonly F[], legs: readonly LegOutcome[], options: O): string;
  /** Charts for the first screen. Default: none. */
  headlineCharts?(findings: readonly F[], context: ChartContext<O, D>): ChartRequest[];
  /** Methods that concern the whole study. Default: none. */
  methods?(options: O, context: LegContext<O, D>): string[];
  /** The options as the result reports them. Default: the resolved options. */
  reportOptions?(options: O): Readonly<Record<string, unknown>>;
  /** Progress callback, called after the data and after each leg. */
  progress?(input: I): ((step: string, done: number, total: number) => void) | undefined;
}

/** A {@link StudyResult} with each leg's own state, by leg id (e.g. the mirror pairs). */
export type StudyRun<F extends StudyFinding> = StudyResult<F> & {
  readonly legStates: Readonly<Record<string, unknown>>;
};

/**
 * Run a study: resolve the options and the data, run each leg in order, then each leg's verdict, charts and methods,
 * the headline and the names of every code used.
 *
 * @param study - the study definition
 * @param input - what the caller passes (options, data)
 * @returns the study's result, with each leg's state
 * @throws whatever `study.resolveOptions` throws on inconsistent input (an `OptionsError` for the shipped studies)
 * @example
 * import { roundaboutStudy, runStudy } from 'trade-roundabout';
 * const r = await runStudy(roundaboutStudy, { exporters: ['GB'], destinations: ['AE', 'TR'] });
 * r.legs.map((l) => l.leg); // => ['above-baseline', 'vs-controls', 'sanctioned-vs-other', 'mirror']
 */
export async function runStudy<O, I, D, F extends StudyFinding>(
  study: StudyDefinition<O, I, D, F>,
  input: I,
): Promise<StudyRun<F>> {
  const o = study.resolveOptions(input);
  const onProgress = study.progress?.(input);
  const steps = study.legs.length + 2;
  let done = 0;
  const progress = (step: string) => onProgress?.(step, done++, steps);
  const data = await study.resolveData(input, o);
  progress('data loaded');
  const context: LegContext<O, D> = { options: o, data, given: study.given?.(input) ?? {} };
  const runs = study.legs.map((leg) => {
    const r = leg.run(context);
    progress(`${leg.id} done`);
    return r;
  });
  const findings = runs.flatMap((r) => r.findings);
  const series: Record<string, Series> = Object.assign({}, ...runs.map((r) => r.series));
  const counterfactuals: Record<string, Counterfactual> = Object.assign(
    {},
    ...runs.map((r) => r.counterfactuals),
  );
  const provenance = [...study.provenance(data)];
  const used = new Set<string>();
  const name = (code: string): string => {
    used.add(code);
    return nameOf(code);
  };
  const chartContext: ChartContext<O, D> = { ...context, series, counterfactuals, provenance, name };
  const legs: LegOutcome[] = study.legs.map((leg, i) => {
    const state = runs[i]!.state;
    const v = leg.verdict(findings, o, state);
    return {
      leg: leg.id,
      title: leg.title(o),
      question: leg.question(o),
      status: v.status,
      text: v.text,
      rule: v.rule,
      findingIds: findings.filter((f) => f.leg === leg.id).map((f) => f.id),
      charts: leg.charts(findings, chartContext, state),
      methods: leg.methods(o, context, state),
      caveats: leg.caveats?.(o, state) ?? [],
    };
  });
  const headlineCharts = study.headlineCharts?.(findings, chartContext) ?? [];
  for (const f of findings) for (const c of [f.exporter, ...f.destination.split('/')]) used.add(c);
  for (const s of Object.values(series)) used.add(s.key.reporter).add(s.key.partner);
  const names: Record<string, string> = {};
  for (const c of [...used].sort()) {
    const n = nameOf(c);
    if (n !== c) names[c] = n;
  }
  const result: StudyRun<F> = {
    study: study.id,
    title: study.title(o),
    question: study.question(o),
    verdict: study.verdict(findings, legs, o),
    options: study.reportOptions?.(o) ?? { ...(o as object) },
    findings,
    legs,
    headlineCharts,
    series,
    counterfactuals,
    provenance,
    methods: study.methods?.(o, context) ?? [],
    warnings: [...new Set(runs.flatMap((r) => r.warnings))],
    names,
    legStates: Object.fromEntries(study.legs.map((leg, i) => [leg.id, runs[i]!.state])),
  };
  progress('done');
  return result;
}

/** Short names of aggregates in running text. */
function aggregateName(code: string): string | null {
  const a = getAggregate(code);
  if (a === undefined) return null;
  if (code === 'WORLD') return 'the world';
  if (/^EU/.test(code)) return a.members === undefined ? 'the EU' : `the EU (${a.members.length})`;
  if (/^EA/.test(code))
    return a.members === undefined ? 'the euro area' : `the euro area (${a.members.length})`;
  return a.name;
}

/**
 * Names a sentence uses where the reference table's English short name is the formal one (ISO's "Russian
 * Federation" reads as "exports to Russian Federation"): the name in common use, as the EBRD and the press write it.
 */
const PROSE_NAMES: Readonly<Record<string, string>> = {
  RU: 'Russia',
  CN: 'China',
  IR: 'Iran',
  SY: 'Syria',
  TW: 'Taiwan',
  MD: 'Moldova',
  LA: 'Laos',
  BN: 'Brunei',
  TZ: 'Tanzania',
  PS: 'Palestine',
  MK: 'North Macedonia',
  FM: 'Micronesia',
  US: 'United States',
};

/**
 * A country or aggregate code in words, from the reference table: `KG` → `Kyrgyzstan`, `EU27_2020` → `the EU (27)`,
 * `RU` → `Russia` (the name in common use where the table's is the formal one); a group of codes joined by `/` → the
 * names joined by commas and "and"; an unknown code is returned as it is.
 *
 * @param code - a country code, an aggregate code or codes joined by `/`
 * @returns the name in words
 * @example
 * nameOf('EU27_2020'); // => 'the EU (27)'
 * nameOf('KZ/AM/KG'); // => 'Kazakhstan, Armenia and Kyrgyzstan'
 * nameOf('RU'); // => 'Russia'
 */
export function nameOf(code: string): string {
  if (code.includes('/')) return listWords(code.split('/').map(nameOf));
  if (isAggregate(code)) return aggregateName(code) ?? code;
  return PROSE_NAMES[code] ?? getCountry(code)?.name ?? code;
}

/**
 * Words joined as a list: `a`, `a and b`, `a, b and c`.
 *
 * @example
 * listWords(['Kazakhstan', 'Armenia', 'Kyrgyzstan']); // => 'Kazakhstan, Armenia and Kyrgyzstan'
 */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * The first letter upper case (`the EU (27)` → `The EU (27)` at the start of a sentence or title).
 *
 * @example
 * capitalise(nameOf('EU27_2020')); // => 'The EU (27)'
 */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * The "Source:" line of a chart, from the provenance of the series it draws (each series lists the provenance ids
 * of its observations): `Eurostat, Comext (DS-045409); ONS, Trade in goods (…)`. Series with no known source add
 * nothing; with none at all, `given by the caller`.
 *
 * @param seriesIds - ids of the series drawn (`StudyResult.series`)
 * @param series - the series by id
 * @param provenance - provenance of every dataset used
 * @returns the source line, without the `Source:` prefix
 * @example
 * sourceLine([], {}, []); // => 'data given by the caller'
 */
export function sourceLine(
  seriesIds: readonly string[],
  series: Readonly<Record<string, Series>>,
  provenance: readonly Provenance[],
): string {
  const ids = new Set(seriesIds.flatMap((id) => series[id]?.sources ?? []));
  return provenanceLine(provenance.filter((p) => ids.has(p.id)));
}

/**
 * Some datasets as a source line: publisher, title (dataset code, vintage), each once; `data given by the caller`
 * for none.
 *
 * @param provenance - the datasets
 * @returns the source line, without the `Source:` prefix
 * @example
 * provenanceLine([{ id: 'x', publisher: 'ONS', dataset: 'trade', licence: 'OGL' }]); // => 'ONS, trade (trade)'
 */
export function provenanceLine(provenance: readonly Provenance[]): string {
  const parts = [
    ...new Set(
      provenance.map(
        (p) =>
          `${p.publisher}, ${p.title ?? p.dataset} (${p.dataset}${p.vintage === undefined ? '' : `, ${p.vintage}`})`,
      ),
    ),
  ];
  return parts.length === 0 ? 'data given by the caller' : parts.join('; ');
}
