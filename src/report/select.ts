/**
 * What the renderers pick out of a {@link RoundaboutResult}: leg order and labels, the headline method, key
 * findings, sanctioned/other series pairs and the treatment period. Internal: not part of the public API.
 *
 * @module
 */
import type { Finding, RoundaboutResult } from '../analyses/types.js';
import { OptionsError } from '../errors.js';
import { addPeriods, comparePeriods, frequencyOf, type Period } from '../model/period.js';
import type { Series } from '../model/series.js';
import type { LegOutcome, StudyFinding, StudyResult, VerdictStatus } from '../model/study.js';

const STATUS_LABELS: Readonly<Record<VerdictStatus, string>> = {
  supported: 'Supported',
  'not-supported': 'Not supported',
  mixed: 'Mixed',
  'cannot-tell': 'Cannot tell from these data',
};

/** Label of a verdict status, e.g. `Not supported`. */
export function statusLabel(status: VerdictStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** Whether an input is a whole result (as opposed to a list of findings). */
export function isResult<F extends StudyFinding>(
  input: StudyResult<F> | readonly F[],
): input is StudyResult<F> {
  return !Array.isArray(input);
}

/**
 * The findings a short summary shows: those the leg verdicts cite, in leg order, each once; all findings when
 * no verdict cites any.
 */
export function keyFindings<F extends StudyFinding>(result: StudyResult<F>): F[] {
  const byId = new Map(result.findings.map((f) => [f.id, f]));
  const seen = new Set<string>();
  const out: F[] = [];
  for (const leg of result.legs) {
    for (const id of leg.findingIds) {
      const f = byId.get(id);
      if (f !== undefined && !seen.has(id)) {
        seen.add(id);
        out.push(f);
      }
    }
  }
  return out.length > 0 ? out : [...result.findings];
}

/** Findings of one leg: those its verdict cites, then any other finding tagged with the leg. */
export function legFindings<F extends StudyFinding>(result: StudyResult<F>, verdict: LegOutcome): F[] {
  const byId = new Map(result.findings.map((f) => [f.id, f]));
  const cited = verdict.findingIds.map((id) => byId.get(id)).filter((f): f is F => f !== undefined);
  const citedIds = new Set(cited.map((f) => f.id));
  return [...cited, ...result.findings.filter((f) => f.leg === verdict.leg && !citedIds.has(f.id))];
}

/** Whether a finding can be drawn as actual vs baseline: its series and counterfactual are in the result. */
export function hasChartableBaseline(result: RoundaboutResult, f: Finding): boolean {
  return (
    f.seriesId !== null &&
    f.counterfactualId !== null &&
    result.series[f.seriesId] !== undefined &&
    result.counterfactuals[f.counterfactualId] !== undefined
  );
}

/**
 * The headline method: the method of the first `above-baseline` finding that has a series and a counterfactual
 * in the result (the analysis lists its headline first), else of the first `above-baseline` finding; `null`
 * when there is none.
 */
export function headlineMethod(result: RoundaboutResult): string | null {
  const above = result.findings.filter((f) => f.leg === 'above-baseline');
  return (above.find((f) => hasChartableBaseline(result, f)) ?? above[0])?.method ?? null;
}

/**
 * `above-baseline` findings of the headline method that can be drawn against their baseline, one per exporter ×
 * destination: the first listed. The analysis lists the headline variant first (the exporter's own currency,
 * total goods), so repeats in other currencies or product groups are left to the tables.
 */
export function headlineBaselineFindings(result: RoundaboutResult): Finding[] {
  const method = headlineMethod(result);
  const seen = new Set<string>();
  return result.findings.filter((f) => {
    if (f.leg !== 'above-baseline' || f.method !== method || !hasChartableBaseline(result, f)) return false;
    const key = JSON.stringify([f.exporter, f.destination]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A series of sanctioned goods and its complement, for one reporter × partner × flow. */
export interface GroupPair {
  readonly sanctionedId: string;
  readonly otherId: string;
  readonly sanctioned: Series;
  readonly other: Series;
}

/** Pairs of `sanctioned` and `other` series in the result with the same reporter, partner, flow and frequency. */
export function sanctionedOtherPairs(result: RoundaboutResult): GroupPair[] {
  const entries = Object.entries(result.series);
  const out: GroupPair[] = [];
  for (const [sanctionedId, s] of entries) {
    if (s.key.product !== 'sanctioned') continue;
    const match = entries.find(
      ([, o]) =>
        o.key.product === 'other' &&
        o.key.reporter === s.key.reporter &&
        o.key.partner === s.key.partner &&
        o.key.flow === s.key.flow &&
        o.frequency === s.frequency &&
        o.currency === s.currency,
    );
    if (match !== undefined) out.push({ sanctionedId, otherId: match[0], sanctioned: s, other: match[1] });
  }
  return out;
}

/**
 * The first post-treatment period of a frequency: the earliest `window.from` among findings of that frequency
 * (normally `2022-03`); `null` when no finding has that frequency.
 */
export function postStart(result: RoundaboutResult, frequency: Series['frequency']): Period | null {
  const starts = result.findings
    .filter((f) => f.frequency === frequency && frequencyOf(f.window.from) === frequency)
    .map((f) => f.window.from)
    .sort(comparePeriods);
  return starts[0] ?? null;
}

/**
 * The default pre-war window for indexing a monthly or annual series: the last period is the end of the
 * earliest counterfactual fit window of that frequency, else the period two before the post-period start (so the
 * invasion month belongs to neither), else the series' last period.
 */
export function preWarEnd(result: RoundaboutResult, series: Series): Period {
  const ends = Object.values(result.counterfactuals)
    .filter((c) => c.frequency === series.frequency)
    .map((c) => c.fitWindow.to)
    .sort(comparePeriods);
  if (ends[0] !== undefined) return ends[0];
  const start = postStart(result, series.frequency);
  if (start !== null) return addPeriods(start, series.frequency === 'monthly' ? -2 : -1);
  const last = series.periods[series.periods.length - 1];
  if (last === undefined) throw new OptionsError('preWarEnd requires a series with at least one period');
  return last;
}
