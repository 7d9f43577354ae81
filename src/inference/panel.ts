import type { z } from 'zod';
import { DataValidationError, OptionsError, UnitMismatchError } from '../errors.js';
import { type Frequency, frequencyOf, type Period, PeriodSchema } from '../model/period.js';
import type { Series, SeriesKey } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';

/**
 * One observation of a {@link Panel}: a cross-section entity (`unit`, optionally split by product `group`) in one
 * period.
 *
 * The regression unit of `did` and `eventStudy` is the pair (`unit`, `group`); `tripleDiff` uses `unit` (e.g. the
 * destination) and `group` (e.g. sanctioned vs other goods) as separate dimensions.
 */
export interface PanelRecord {
  /** Cross-section entity, e.g. a destination `KZ`. */
  readonly unit: string;
  /** Product group (e.g. `sanctioned`, `other`), or `null` when the panel has one group. */
  readonly group: string | null;
  /** Period (`YYYY-MM` or `YYYY`), one frequency per panel. */
  readonly period: Period;
  /** Outcome in the series' units (e.g. EUR); `null` where nothing usable was published (dropped by estimators). */
  readonly y: number | null;
  /** Whether the unit belongs to the treated set (for the whole panel, before and after treatment). */
  readonly treated: boolean;
  /** Whether the period is on or after the unit's treatment date (for controls: the panel's post date). */
  readonly post: boolean;
  /** First treated period of a treated unit (its adoption cohort), `null` for controls. */
  readonly cohort: Period | null;
  /** Cluster label for cluster-robust inference (default: the unit). */
  readonly cluster: string;
  /** The series key this record came from, when built by {@link toPanel}; `null` for records input. */
  readonly key: SeriesKey | null;
}

/**
 * A long panel: records sorted by unit, group and period, with the distinct periods in order.
 *
 * Build one from series with {@link toPanel} or from plain records with {@link panelFromRecords}.
 */
export interface Panel {
  /** `monthly` or `annual`. */
  readonly frequency: Frequency;
  /** Distinct periods present, in order. */
  readonly periods: readonly Period[];
  /** The observations. */
  readonly records: readonly PanelRecord[];
}

/** Options of {@link toPanel}. */
export interface ToPanelOptions {
  /** Whether a series belongs to the treated set (e.g. `(k) => ['KZ', 'AM', 'KG'].includes(k.partner)`). */
  readonly treated: (key: SeriesKey) => boolean;
  /**
   * First post-treatment period, common to all series (e.g. `'2022-03'`). Required unless `cohort` gives every
   * treated series its own date; controls are `post` from this date (or from the earliest cohort if absent).
   */
  readonly post?: Period;
  /** Staggered adoption: first treated period of each treated series (default: `post`). */
  readonly cohort?: (key: SeriesKey) => Period | null;
  /** Unit label (default: the partner, or `reporter>partner` when the series have several reporters). */
  readonly unit?: (key: SeriesKey) => string;
  /** Group label (default: the product label when the series have several products, else `null`). */
  readonly group?: (key: SeriesKey) => string | null;
  /** Cluster label (default: the unit). */
  readonly cluster?: (key: SeriesKey) => string;
  /** First period kept (default: the first of the series). */
  readonly from?: Period;
  /** Last period kept (default: the last of the series). */
  readonly to?: Period;
  /**
   * Periods dropped from the panel (default none). DESIGN.md's convention for the Russia case is to drop the
   * invasion month: `exclude: ['2022-02']`.
   */
  readonly exclude?: readonly Period[];
}

/**
 * Build a {@link Panel} from series (one per unit × group), marking treated units and post periods.
 *
 * Gaps (`null` values) are kept as `null` records; estimators drop them. Each (unit, group, period) must be unique.
 * Runs in O(total periods).
 *
 * @param series - series of one frequency and one currency
 * @param options - who is treated and from when; how to label units, groups and clusters
 * @returns the panel, records sorted by unit, group and period
 * @throws {OptionsError} if there are no series, no post date can be determined, or two series map to the same
 *   unit, group and period
 * @throws {UnitMismatchError} if the series mix frequencies or currencies
 * @example
 * import { makeSeries, toPanel } from 'trade-roundabout';
 * const key = (partner: string) => ({ reporter: 'EU27_2020', partner, flow: 'export' as const, product: 'TOTAL' });
 * const panel = toPanel(
 *   [makeSeries({ key: key('KG'), currency: 'EUR', start: '2022-01', values: [1, 2, 5, 6] }),
 *    makeSeries({ key: key('GE'), currency: 'EUR', start: '2022-01', values: [3, 3, 4, 4] })],
 *   { treated: (k) => k.partner === 'KG', post: '2022-03' },
 * );
 * panel.records.filter((r) => r.treated && r.post).length; // => 2
 */
export function toPanel<C extends Series['currency']>(
  series: readonly Series<C>[],
  options: ToPanelOptions,
): Panel {
  if (series.length === 0) throw new OptionsError('toPanel requires at least 1 series, got 0');
  const first = series[0]!;
  for (const s of series) {
    if (s.frequency !== first.frequency)
      throw new UnitMismatchError(
        `toPanel requires one frequency, got ${first.frequency} and ${s.frequency}`,
      );
    if (s.currency !== first.currency)
      throw new UnitMismatchError(`toPanel requires one currency, got ${first.currency} and ${s.currency}`);
  }
  for (const p of [options.post, options.from, options.to, ...(options.exclude ?? [])]) {
    if (p !== undefined && frequencyOf(p) !== first.frequency)
      throw new UnitMismatchError(`toPanel requires ${first.frequency} periods in options, got ${p}`);
  }
  const reporters = new Set(series.map((s) => s.key.reporter));
  const products = new Set(series.map((s) => s.key.product));
  const unitOf =
    options.unit ?? ((k: SeriesKey) => (reporters.size > 1 ? `${k.reporter}>${k.partner}` : k.partner));
  const groupOf = options.group ?? ((k: SeriesKey) => (products.size > 1 ? k.product : null));
  const clusterOf = options.cluster ?? unitOf;
  const cohorts = series.map((s) => {
    if (!options.treated(s.key)) return null;
    const c = options.cohort?.(s.key) ?? options.post ?? null;
    if (c === null)
      throw new OptionsError(
        `toPanel requires a post date or a cohort for treated series ${JSON.stringify(s.key)}`,
      );
    if (frequencyOf(c) !== first.frequency)
      throw new UnitMismatchError(`toPanel requires ${first.frequency} cohorts, got ${c}`);
    return c;
  });
  const treatedCohorts = cohorts.filter((c): c is Period => c !== null).sort();
  const controlPost = options.post ?? treatedCohorts[0] ?? null;
  if (controlPost === null) throw new OptionsError('toPanel requires a post date when no series is treated');
  const exclude = new Set(options.exclude ?? []);
  const seen = new Set<string>();
  const records: PanelRecord[] = [];
  series.forEach((s, j) => {
    const unit = unitOf(s.key);
    const group = groupOf(s.key);
    const cluster = clusterOf(s.key);
    const cohort = cohorts[j] ?? null;
    const start = cohort ?? controlPost;
    for (let i = 0; i < s.periods.length; i++) {
      const period = s.periods[i]!;
      if (exclude.has(period)) continue;
      if (options.from !== undefined && period < options.from) continue;
      if (options.to !== undefined && period > options.to) continue;
      const id = `${unit}\u0000${group ?? ''}\u0000${period}`;
      if (seen.has(id))
        throw new OptionsError(
          `toPanel requires one series per unit and group, got two for ${unit}${group === null ? '' : ` × ${group}`} in ${period}`,
        );
      seen.add(id);
      records.push({
        unit,
        group,
        period,
        y: s.values[i] ?? null,
        treated: cohort !== null,
        post: period >= start,
        cohort,
        cluster,
        key: s.key,
      });
    }
  });
  return finishPanel(first.frequency, records);
}

/**
 * zod schema of one input row of {@link panelFromRecords}.
 *
 * @example
 * PanelRecordInputSchema.safeParse({ unit: 'KZ', period: '2021', y: 1, treated: true, post: false }).success; // => true
 */
export const PanelRecordInputSchema = lazySchema((z) =>
  z.object({
    unit: z.string().min(1),
    group: z.string().min(1).nullable().optional(),
    period: PeriodSchema,
    y: z.number().nullable(),
    treated: z.boolean(),
    post: z.boolean(),
    cohort: PeriodSchema.nullable().optional(),
    cluster: z.string().min(1).optional(),
  }),
);

/** One input row of {@link panelFromRecords}: `group`, `cohort` and `cluster` are optional. */
export type PanelRecordInput = z.input<typeof PanelRecordInputSchema>;

/**
 * Build a {@link Panel} from a long table of `{ unit, period, y, treated, post, group?, cohort?, cluster? }` records,
 * validating every row.
 *
 * `y` must be a finite number or `null` (missing); `cluster` defaults to the unit; `cohort` defaults to the first
 * post period of a treated unit.
 *
 * @param records - untrusted rows (e.g. parsed from a file)
 * @param options - `source` names the input in error messages (default `<records>`)
 * @returns the panel, records sorted by unit, group and period
 * @throws {DataValidationError} naming the row and field of the first invalid record
 * @throws {UnitMismatchError} if periods mix monthly and annual
 * @throws {OptionsError} if a (unit, group, period) appears twice
 * @example
 * import { panelFromRecords } from 'trade-roundabout';
 * const panel = panelFromRecords([
 *   { unit: 'KG', period: '2021', y: 1, treated: true, post: false },
 *   { unit: 'KG', period: '2022', y: 3, treated: true, post: true },
 * ]);
 * panel.records[1]?.cohort; // => '2022'
 */
export function panelFromRecords(records: readonly unknown[], options: { source?: string } = {}): Panel {
  const file = options.source ?? '<records>';
  const parsed = records.map((r, i) => {
    const res = PanelRecordInputSchema.safeParse(r);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      const field = `[${i}].${issue.path.map(String).join('.')}`;
      throw new DataValidationError(
        issue.message,
        { file, field },
        res.error.issues.map((x) => ({
          code: x.code,
          path: [i, ...x.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: x.message,
        })),
      );
    }
    if (res.data.y !== null && !Number.isFinite(res.data.y))
      throw new DataValidationError('y must be finite or null', { file, field: `[${i}].y` });
    return res.data;
  });
  if (parsed.length === 0) throw new OptionsError('panelFromRecords requires at least 1 record, got 0');
  const frequency = frequencyOf(parsed[0]!.period);
  const firstPost = new Map<string, Period>();
  for (const r of parsed) {
    if (frequencyOf(r.period) !== frequency)
      throw new UnitMismatchError(
        `panelFromRecords requires one frequency, got ${parsed[0]!.period} and ${r.period}`,
      );
    if (r.treated && r.post) {
      const prev = firstPost.get(r.unit);
      if (prev === undefined || r.period < prev) firstPost.set(r.unit, r.period);
    }
  }
  const seen = new Set<string>();
  const out: PanelRecord[] = parsed.map((r) => {
    const group = r.group ?? null;
    const id = `${r.unit}\u0000${group ?? ''}\u0000${r.period}`;
    if (seen.has(id))
      throw new OptionsError(
        `panelFromRecords requires unique unit, group and period, got ${r.unit} ${r.period} twice`,
      );
    seen.add(id);
    return {
      unit: r.unit,
      group,
      period: r.period,
      y: r.y,
      treated: r.treated,
      post: r.post,
      cohort: r.treated ? (r.cohort ?? firstPost.get(r.unit) ?? null) : null,
      cluster: r.cluster ?? r.unit,
      key: null,
    };
  });
  return finishPanel(frequency, out);
}

/** Sort records and collect periods. Internal, also used to rebuild modified panels (placebos). */
export function finishPanel(frequency: Frequency, records: readonly PanelRecord[]): Panel {
  const sorted = [...records].sort(
    (a, b) => cmp(a.unit, b.unit) || cmp(a.group ?? '', b.group ?? '') || cmp(a.period, b.period),
  );
  const periods = [...new Set(sorted.map((r) => r.period))].sort();
  return { frequency, periods, records: sorted };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The regression cross-section id of a record: unit, and group when present. Internal. */
export function crossSection(r: PanelRecord): string {
  return r.group === null ? r.unit : `${r.unit}|${r.group}`;
}

/** One cross-section of a {@link Panel} as a series over the panel's periods (see {@link panelSeries}). */
export interface PanelSeries {
  /** The unit, e.g. `KZ`. */
  readonly unit: string;
  /** The group, or `null`. */
  readonly group: string | null;
  /** Whether the unit is treated. */
  readonly treated: boolean;
  /** Adoption date of a treated unit, `null` for controls. */
  readonly cohort: Period | null;
  /** The series key it came from (`toPanel`), or `null`. */
  readonly key: SeriesKey | null;
  /** The panel's periods, in order. */
  readonly periods: readonly Period[];
  /** One value per period; `null` where the panel has no record or a missing outcome. */
  readonly values: readonly (number | null)[];
}

/**
 * The panel back as one series per cross-section (unit × group) over all the panel's periods — for statistics
 * written on series (e.g. an excess over a baseline summed over the treated units) and passed to the placebo tests.
 *
 * Periods a cross-section lacks are `null`. Runs in O(records).
 *
 * @param panel - any panel, including the modified panels the placebo tests build
 * @returns one entry per cross-section, sorted by unit and group
 * @example
 * import { panelFromRecords, panelSeries } from 'trade-roundabout';
 * const p = panelFromRecords([
 *   { unit: 'KG', period: '2021', y: 1, treated: true, post: false },
 *   { unit: 'KG', period: '2022', y: 3, treated: true, post: true },
 *   { unit: 'GE', period: '2022', y: 2, treated: false, post: true },
 * ]);
 * panelSeries(p).map((s) => s.values); // => [[null, 2], [1, 3]]
 */
export function panelSeries(panel: Panel): PanelSeries[] {
  const pos = new Map(panel.periods.map((p, i) => [p, i]));
  const out = new Map<string, { s: PanelSeries; values: (number | null)[] }>();
  for (const r of panel.records) {
    const id = crossSection(r);
    let e = out.get(id);
    if (e === undefined) {
      const values: (number | null)[] = panel.periods.map(() => null);
      e = {
        s: {
          unit: r.unit,
          group: r.group,
          treated: r.treated,
          cohort: r.cohort,
          key: r.key,
          periods: panel.periods,
          values,
        },
        values,
      };
      out.set(id, e);
    }
    e.values[pos.get(r.period)!] = r.y;
  }
  return [...out.values()].map((e) => e.s);
}
