/**
 * Cell texts shared by the Markdown, HTML and terminal renderers: one place decides how a finding's numbers
 * read. Internal: not part of the public API.
 *
 * @module
 */
import type { Provenance } from '../model/provenance.js';
import type { StudyFinding } from '../model/study.js';
import {
  formatLevel,
  formatMoney,
  formatMoneyInterval,
  formatP,
  formatPct,
  formatPctInterval,
  formatWindow,
  isNum,
  type MoneyUnit,
  moneyUnit,
  NA,
} from './format.js';

/** The formatted cells of one finding, in the order of the summary table. */
export interface FindingCells {
  readonly exporter: string;
  readonly destination: string;
  readonly productGroup: string;
  readonly method: string;
  readonly window: string;
  readonly actual: string;
  readonly expected: string;
  readonly excess: string;
  readonly excessPct: string;
  readonly interval: string;
  readonly p: string;
}

/**
 * The coverage level shared by the headline intervals of all findings (e.g. `95%`), or `null` when they differ
 * (then each interval cell states its own level).
 */
export function sharedLevel(findings: readonly StudyFinding[]): string | null {
  const levels = new Set(findings.map((f) => formatLevel(headlineInterval(f).level)));
  return levels.size === 1 ? [...levels][0]! : null;
}

/** Headers of the summary table, matching {@link FindingCells}; the interval header names a shared level. */
export function findingHeaders(
  findings: readonly StudyFinding[],
): Readonly<Record<keyof FindingCells, string>> {
  const level = sharedLevel(findings);
  return {
    exporter: 'Exporter',
    destination: 'Destination',
    productGroup: 'Product group',
    method: 'Method',
    window: 'Window',
    actual: 'Actual',
    expected: 'Expected',
    excess: 'Excess',
    excessPct: 'Excess %',
    interval: level === null ? 'Interval' : `Interval (${level})`,
    p: 'p',
  };
}

/** The interval of a finding's headline quantity: the excess when it is defined, else the relative excess. */
function headlineInterval(f: StudyFinding): StudyFinding['interval'] {
  return isNum(f.excess) && isNum(f.interval.lower) && isNum(f.interval.upper) ? f.interval : f.pctInterval;
}

/** One money unit for a finding's figures, so actual, expected, excess and bounds read in the same scale. */
export function findingUnit(f: StudyFinding): MoneyUnit {
  return moneyUnit([f.actual, f.expected, f.excess, f.interval.lower, f.interval.upper]);
}

/**
 * The interval of a finding's headline quantity, formatted: the money interval of the excess when the excess is
 * defined, else the interval of the relative excess (in %).
 */
export function findingInterval(f: StudyFinding, unit: MoneyUnit = findingUnit(f), withLevel = true): string {
  if (isNum(f.excess) && isNum(f.interval.lower) && isNum(f.interval.upper)) {
    return formatMoneyInterval(f.interval, f.currency, unit, withLevel);
  }
  return formatPctInterval(f.pctInterval, withLevel);
}

/**
 * Format a finding's cells with currency and units in each money cell.
 *
 * @param withLevel - state the interval's level in its cell (default true; false when the header states it)
 */
export function findingCells(f: StudyFinding, withLevel = true): FindingCells {
  const unit = findingUnit(f);
  return {
    exporter: f.exporter,
    destination: f.destination,
    productGroup: f.productGroup,
    method: f.method,
    window: formatWindow(f.window),
    actual: formatMoney(f.actual, f.currency, unit),
    expected: formatMoney(f.expected, f.currency, unit),
    excess: formatMoney(f.excess, f.currency, unit, true),
    excessPct: formatPct(f.excessPct),
    interval: findingInterval(f, unit, withLevel),
    p: formatP(f.pValue),
  };
}

/**
 * A short label of a finding: `EU27_2020 → KG · TOTAL · preWarMean · EUR`. The currency tells apart the
 * variants of one finding that an analysis reports in several currencies; unit-free findings have none.
 */
export function findingLabel(f: StudyFinding): string {
  const currency = f.currency === null ? '' : ` · ${f.currency}`;
  return `${f.exporter} → ${f.destination} · ${f.productGroup} · ${f.method}${currency}`;
}

/**
 * The numbers of a finding in one sentence: excess (absolute and %), interval, p-value with its method, and the
 * pre-period fit. Parts that are undefined are left out.
 */
export function findingNumbers(f: StudyFinding): string {
  const unit = findingUnit(f);
  const parts: string[] = [];
  if (isNum(f.excess)) {
    parts.push(
      `Excess ${formatMoney(f.excess, f.currency, unit, true)}${isNum(f.excessPct) ? ` (${formatPct(f.excessPct)})` : ''}`,
    );
  } else if (isNum(f.excessPct)) {
    parts.push(`Excess ${formatPct(f.excessPct)}`);
  }
  if (isNum(f.actual) && isNum(f.expected)) {
    parts.push(
      `actual ${formatMoney(f.actual, f.currency, unit)} vs expected ${formatMoney(f.expected, f.currency, unit)}`,
    );
  }
  const interval = findingInterval(f, unit);
  if (interval !== NA) parts.push(`interval ${interval}`);
  if (isNum(f.pValue)) {
    const p = formatP(f.pValue);
    const clause = p.startsWith('<') ? `p < ${p.slice(1)}` : `p = ${p}`;
    parts.push(`${clause}${f.pMethod === null ? '' : ` (${f.pMethod})`}`);
  }
  if (f.fit !== null) {
    const fit = [`n = ${f.fit.n}`];
    if (isNum(f.fit.rmse)) fit.push(`RMSE ${formatMoney(f.fit.rmse, f.currency)}`);
    if (isNum(f.fit.mape)) fit.push(`MAPE ${formatPct(f.fit.mape, false)}`);
    parts.push(`pre-period fit: ${fit.join(', ')}`);
  }
  return parts.length === 0 ? '' : `${parts.join('; ')}.`;
}

/** Caveats of individual findings, each once, with the labels of the findings that carry it. */
export function findingCaveats(
  findings: readonly StudyFinding[],
): { readonly text: string; readonly labels: string[] }[] {
  const byText = new Map<string, string[]>();
  for (const f of findings) {
    for (const w of f.warnings) {
      const labels = byText.get(w) ?? [];
      labels.push(findingLabel(f));
      byText.set(w, labels);
    }
  }
  return [...byText].map(([text, labels]) => ({ text, labels }));
}

/** The lines of one provenance record as label/value pairs, missing fields stated as `not stated`. */
export function provenanceFields(p: Provenance): [string, string][] {
  const stated = (x: string | undefined) => (x === undefined || x === '' ? 'not stated' : x);
  const fields: [string, string][] = [
    ['Publisher', p.publisher],
    ['Dataset', p.dataset],
  ];
  if (p.title !== undefined) fields.push(['Title', p.title]);
  fields.push(['Vintage', stated(p.vintage)]);
  if (p.retrieved !== undefined) fields.push(['Retrieved', p.retrieved]);
  fields.push(['Licence', p.licence], ['File', stated(p.file)], ['SHA-256', stated(p.sha256)]);
  if (p.units !== undefined) fields.push(['Units as published', p.units]);
  if (p.url !== undefined) fields.push(['URL', p.url]);
  if (p.notes !== undefined && p.notes.length > 0) fields.push(['Notes', p.notes.join('; ')]);
  return fields;
}

/** Sentence explaining the units used in the summary table. */
export const UNITS_NOTE =
  'Money is in millions (m) or thousands of the stated currency, summed over each window; excess = actual − expected; ' +
  'excess % = excess ÷ expected; the interval is for the excess (or, where only a relative effect exists, for the excess %), at the level shown; ' +
  `${NA} = not defined for that method.`;
