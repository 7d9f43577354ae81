import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { TradeObservation } from '../model/observation.js';
import { frequencyOf, isPeriod, monthIndex, type Period } from '../model/period.js';
import { quantileSorted } from '../numeric/quantile.js';
import { lazySchema } from '../shared/zod.js';
import { CurrencySchema } from './schemas.js';

/**
 * Why a period has no unit value: `ok` (it has one), `no-value` (no number published), `no-quantity` (no net mass
 * published), `zero-quantity` (a mass of 0 kg with a value: the unit value is undefined, not infinite),
 * `non-positive` (a value ≤ 0).
 *
 * @example
 * UNIT_VALUE_STATUSES.includes('no-quantity'); // => true
 */
export const UNIT_VALUE_STATUSES = [
  'ok',
  'no-value',
  'no-quantity',
  'zero-quantity',
  'non-positive',
] as const;

/**
 * One of {@link UNIT_VALUE_STATUSES}.
 *
 * @example
 * const s: UnitValueStatus = 'zero-quantity';
 */
export type UnitValueStatus = (typeof UNIT_VALUE_STATUSES)[number];

/** Options of {@link unitValues}. */
export interface UnitValuesOptions {
  /**
   * The date to test for a jump (a sanction's entry into force), `YYYY-MM`; without it only the unit values are
   * returned. The jump compares the median log unit value of the `window` months from this date with the `window`
   * months before it.
   */
  readonly breakAt?: Period;
  /** Months on each side of `breakAt` (default 6). */
  readonly window?: number;
  /** Mass below which a period's unit value is left out as too noisy (kg, default 0: none left out). */
  readonly minKg?: number;
}

const nnum = lazySchema((z) => z.number().nullable());

/**
 * zod schema of one period of a {@link UnitValueSeries}.
 *
 * @example
 * UnitValuePeriodSchema.shape.status.parse('ok'); // => 'ok'
 */
export const UnitValuePeriodSchema = lazySchema((z) =>
  z.object({
    period: z.string(),
    value: nnum,
    quantityKg: nnum,
    /** value ÷ quantityKg: currency units per kilogram. */
    unitValue: nnum,
    status: z.enum(UNIT_VALUE_STATUSES),
  }),
);

/**
 * zod schema of a {@link UnitValueSeries}.
 *
 * @example
 * UnitValueSeriesSchema.shape.jump.parse(null); // => null
 */
export const UnitValueSeriesSchema = lazySchema((z) =>
  z.object({
    reporter: z.string(),
    partner: z.string(),
    flow: z.enum(['export', 'import']),
    product: z.string(),
    currency: CurrencySchema,
    periods: z.array(UnitValuePeriodSchema),
    /**
     * The jump at `breakAt`: log of the median unit value after over the median before (both over months with a unit
     * value), and as a reference the same statistic at every earlier date with a full window on each side — the
     * series' own ordinary jumps. `rank` is how many of those reference jumps are at least as large in absolute
     * value, out of `references`. Descriptive, not a test: neighbouring reference windows overlap and unit values are
     * autocorrelated, so `rank / references` is not a p-value. Null without `breakAt` or without enough months.
     */
    jump: z
      .object({
        breakAt: z.string(),
        logJump: z.number(),
        before: z.number(),
        after: z.number(),
        monthsBefore: z.number().int(),
        monthsAfter: z.number().int(),
        references: z.number().int(),
        rank: z.number().int(),
        largestReference: nnum,
      })
      .nullable(),
  }),
);

/**
 * The unit values of one reporter × partner × flow × product series.
 *
 * @example
 * const s: UnitValueSeries | undefined = unitValues(observations)[0];
 */
export type UnitValueSeries = z.infer<typeof UnitValueSeriesSchema>;

/**
 * Unit values — value per kilogram of net mass — by reporter × partner × flow × product × period, wherever a
 * quantity is published, and, given a date, the jump in the median unit value across it set beside the series' own
 * ordinary jumps. After a sanction takes effect, misdeclared goods (a sanctioned product declared under a
 * neighbouring code) and goods split to stay under a price threshold show up as unit-value jumps.
 *
 * Nothing is imputed: a period without a value, without a mass, or with a zero mass has no unit value and says
 * why (`status`); a zero mass with a value is not an infinite unit value. Only monthly observations enter the jump.
 * Inputs should carry one currency (a typed error otherwise) and one classification edition per code.
 *
 * The jump is descriptive (see {@link UnitValueSeriesSchema}): it comes with the series' own distribution of jumps
 * at earlier dates, not with a p-value, because no level could be claimed for one without a calibrated model of
 * autocorrelated, heavy-tailed unit values.
 *
 * @param observations - trade observations with `quantityKg` where published (e.g. from `loadSdmxCsv`)
 * @param options - break date, window and minimum mass
 * @returns one entry per series, sorted by reporter, partner, flow, product
 * @throws {UnitMismatchError} if the observations mix currencies
 * @throws {OptionsError} for a bad break date, window or minimum mass
 * @example
 * const csv = [
 *   'DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE',
 *   'ESTAT:DS-045409(1.0),13/02/26 11:00:00,M,AT,BG,39201081,2,VALUE_IN_EUROS,2025-05,52.0',
 *   'ESTAT:DS-045409(1.0),13/02/26 11:00:00,M,AT,BG,39201081,2,QUANTITY_IN_100KG,2025-05,0.35',
 * ].join('\n');
 * const [s] = unitValues(fromSdmxCsv(csv).observations);
 * Math.round(s!.periods[0]!.unitValue! * 100) / 100; // => 1.49
 */
export function unitValues<C extends Currency>(
  observations: readonly TradeObservation<C>[],
  options: UnitValuesOptions = {},
): UnitValueSeries[] {
  const fn = 'unitValues';
  const window = options.window ?? 6;
  if (!Number.isInteger(window) || window < 2) throw new OptionsError(`${fn}: window must be an integer ≥ 2`);
  const minKg = options.minKg ?? 0;
  if (!Number.isFinite(minKg) || minKg < 0) throw new OptionsError(`${fn}: minKg must be ≥ 0`);
  const breakAt = options.breakAt;
  if (breakAt !== undefined && (!isPeriod(breakAt) || frequencyOf(breakAt) !== 'monthly'))
    throw new OptionsError(`${fn}: breakAt must be YYYY-MM, got ${JSON.stringify(breakAt)}`);
  const currencies = new Set(observations.map((o) => o.currency));
  if (currencies.size > 1)
    throw new UnitMismatchError(`${fn} needs one currency, got ${[...currencies].sort().join(' and ')}`);

  const groups = new Map<string, TradeObservation<C>[]>();
  for (const o of observations) {
    const k = `${o.reporter}|${o.partner}|${o.flow}|${o.product.code}`;
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [o]);
    else list.push(o);
  }
  const out: UnitValueSeries[] = [];
  for (const k of [...groups.keys()].sort()) {
    const list = [...groups.get(k)!].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const first = list[0]!;
    const periods = list.map((o) => {
      const q = o.quantityKg ?? null;
      const status: UnitValueStatus =
        o.value === null
          ? 'no-value'
          : o.value <= 0
            ? 'non-positive'
            : q === null
              ? 'no-quantity'
              : q <= 0
                ? 'zero-quantity'
                : 'ok';
      return {
        period: o.period,
        value: o.value,
        quantityKg: q,
        unitValue: status === 'ok' && q! >= minKg ? o.value! / q! : null,
        status,
      };
    });
    out.push({
      reporter: first.reporter,
      partner: first.partner,
      flow: first.flow,
      product: first.product.code,
      currency: first.currency,
      periods,
      jump: breakAt === undefined ? null : jumpAt(periods, breakAt, window),
    });
  }
  return out;
}

/**
 * Warnings for a set of unit-value series: how many periods lack a unit value, and why.
 *
 * @param series - the output of {@link unitValues}
 * @returns plain-language warnings
 * @example
 * unitValueWarnings([]); // => []
 */
export function unitValueWarnings(series: readonly UnitValueSeries[]): string[] {
  const counts = new Map<string, number>();
  for (const s of series) for (const p of s.periods) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([status]) => status !== 'ok')
    .sort()
    .map(([status, n]) => `${n} periods without a unit value (${status})`);
}

/**
 * zod schema of the list {@link unitValues} returns.
 *
 * @example
 * UnitValuesResultSchema.parse([]); // => []
 */
export const UnitValuesResultSchema = lazySchema((z) => z.array(UnitValueSeriesSchema));

/** Reference: at least this many months with a unit value on each side of a date. */
const MIN_SIDE = 3;

function medianAt(m: Map<number, number>, from: number, to: number): [number, number] | null {
  const xs: number[] = [];
  for (let t = from; t < to; t++) {
    const v = m.get(t);
    if (v !== undefined) xs.push(v);
  }
  if (xs.length < MIN_SIDE) return null;
  xs.sort((a, b) => a - b);
  return [quantileSorted(xs, 0.5)!, xs.length];
}

function jumpAt(
  periods: readonly z.infer<typeof UnitValuePeriodSchema>[],
  breakAt: Period,
  window: number,
): UnitValueSeries['jump'] {
  const logs = new Map<number, number>();
  for (const p of periods)
    if (p.unitValue !== null && frequencyOf(p.period) === 'monthly')
      logs.set(monthIndex(p.period), Math.log(p.unitValue));
  if (logs.size === 0) return null;
  const b = monthIndex(breakAt);
  const before = medianAt(logs, b - window, b);
  const after = medianAt(logs, b, b + window);
  if (before === null || after === null) return null;
  const logJump = after[0] - before[0];
  const start = Math.min(...logs.keys());
  const refs: number[] = [];
  // Every earlier date whose after-window ends before breakAt: the series' own jumps, untouched by the break.
  for (let t = start + window; t + window <= b; t++) {
    const x = medianAt(logs, t - window, t);
    const y = medianAt(logs, t, t + window);
    if (x !== null && y !== null) refs.push(y[0] - x[0]);
  }
  return {
    breakAt,
    logJump,
    before: Math.exp(before[0]),
    after: Math.exp(after[0]),
    monthsBefore: before[1],
    monthsAfter: after[1],
    references: refs.length,
    rank: refs.filter((r) => Math.abs(r) >= Math.abs(logJump)).length,
    largestReference: refs.length === 0 ? null : Math.max(...refs.map(Math.abs)),
  };
}
