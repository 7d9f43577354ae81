import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import { frequencyOf, type Period, periodRange } from '../model/period.js';
import type { Series } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { assertFiniteOrNull, finiteOrNull, listPeriods, sum } from './numeric.js';
import { CurrencySchema, PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/** The four totals of {@link substitutionRatio}, in one currency over equally long windows. */
export interface SubstitutionTotals {
  /** Direct flows to the sanctioned destination (e.g. EU exports to Russia) before. */
  readonly directBefore: number;
  /** Direct flows after. */
  readonly directAfter: number;
  /** Flows to the intermediaries (e.g. EU exports to KZ + KG + AM) before. */
  readonly intermediariesBefore: number;
  /** Flows to the intermediaries after. */
  readonly intermediariesAfter: number;
}

/** Series input of {@link substitutionRatio}: sums over a before and an after window of equal length. */
export interface SubstitutionSeries<C extends Currency = Currency> {
  /** The direct flow (e.g. EU27_2020 exports to RU). */
  readonly direct: Series<C>;
  /** The flows to the intermediaries (one series each, same currency and frequency as `direct`). */
  readonly intermediaries: readonly Series<NoInfer<C>>[];
  /** The before window. */
  readonly before: { readonly from: Period; readonly to: Period };
  /** The after window (same number of periods). */
  readonly after: { readonly from: Period; readonly to: Period };
}

/** Options of {@link substitutionRatio}. */
export interface SubstitutionRatioOptions {
  /** Warn when the lost direct flows are below this fraction of the direct flows before (default 0.05). */
  readonly smallDenominator?: number;
}

/**
 * zod schema of {@link SubstitutionRatioResult}.
 *
 * @example
 * SubstitutionRatioResultSchema.safeParse(substitutionRatio({ directBefore: 100, directAfter: 40, intermediariesBefore: 10, intermediariesAfter: 25 })).success; // => true
 */
export const SubstitutionRatioResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('substitutionRatio'),
    settings: z.object({
      smallDenominator: z.number(),
      before: z.object({ from: PeriodSchema, to: PeriodSchema }).nullable(),
      after: z.object({ from: PeriodSchema, to: PeriodSchema }).nullable(),
      currency: CurrencySchema.nullable(),
    }),
    /** `extraIntermediaries / lostDirect`: how much of the lost direct trade reappeared as extra intermediary trade. */
    ratio: z.number().nullable(),
    components: z.object({
      directBefore: z.number().nullable(),
      directAfter: z.number().nullable(),
      intermediariesBefore: z.number().nullable(),
      intermediariesAfter: z.number().nullable(),
      /** `directBefore − directAfter` (positive when direct flows fell). */
      lostDirect: z.number().nullable(),
      /** `intermediariesAfter − intermediariesBefore`. */
      extraIntermediaries: z.number().nullable(),
      /** `lostDirect / directBefore` as a fraction. */
      directFall: z.number().nullable(),
      /** `extraIntermediaries / intermediariesBefore` as a fraction. */
      intermediariesGrowth: z.number().nullable(),
    }),
    /** Per intermediary (series input only): its before and after sums and change. */
    intermediaries: z.array(
      z.object({
        key: SeriesKeySchema,
        before: z.number().nullable(),
        after: z.number().nullable(),
        change: z.number().nullable(),
      }),
    ),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link substitutionRatio}. */
export type SubstitutionRatioResult = z.infer<typeof SubstitutionRatioResultSchema>;

function isSeriesInput<C extends Currency>(
  input: SubstitutionTotals | SubstitutionSeries<C>,
): input is SubstitutionSeries<C> {
  return (input as SubstitutionSeries<C>).direct !== undefined;
}

/**
 * Substitution ratio: the extra flows to intermediaries divided by the direct flows lost, e.g. how many euros of
 * additional EU exports to Kazakhstan, Kyrgyzstan and Armenia appeared per euro of EU exports to Russia that
 * disappeared. `(intermediariesAfter − intermediariesBefore) / (directBefore − directAfter)`.
 *
 * A ratio near 1 is consistent with full re-routing; it is not proof of it (the extra intermediary demand may be
 * genuine). It is `null` with a warning when direct flows did not fall, and warned about when the fall is small
 * (below `smallDenominator` of the direct flows before), since the ratio then explodes. Every component is
 * reported. With series input the windows are summed (series currency); a window with a missing period makes its
 * sum `null` (partial sums would compare different months) with a warning.
 *
 * @param input - the four totals, or `{ direct, intermediaries, before, after }` series
 * @param options - see {@link SubstitutionRatioOptions}
 * @returns a {@link SubstitutionRatioResult}
 * @throws {UnitMismatchError} if the series differ in currency or frequency
 * @throws {OptionsError} if the windows differ in length or lie outside a series, or a total is not finite
 * @example
 * const r = substitutionRatio({ directBefore: 89_169e6, directAfter: 55_008e6,
 *   intermediariesBefore: 6_507e6, intermediariesAfter: 13_404e6 });
 * r.ratio; // => (13404 - 6507) / (89169 - 55008) ≈ 0.2019
 */
export function substitutionRatio<C extends Currency>(
  input: SubstitutionTotals | SubstitutionSeries<C>,
  options: SubstitutionRatioOptions = {},
): SubstitutionRatioResult {
  const smallDenominator = options.smallDenominator ?? 0.05;
  if (!(smallDenominator >= 0 && Number.isFinite(smallDenominator))) {
    throw new OptionsError(`substitutionRatio requires smallDenominator >= 0, got ${smallDenominator}`);
  }
  const warnings: string[] = [];
  let totals: { db: number | null; da: number | null; ib: number | null; ia: number | null };
  let perIntermediary: SubstitutionRatioResult['intermediaries'] = [];
  let before: { from: Period; to: Period } | null = null;
  let after: { from: Period; to: Period } | null = null;
  let currency: Currency | null = null;

  if (isSeriesInput(input)) {
    const { direct, intermediaries } = input;
    before = { from: input.before.from, to: input.before.to };
    after = { from: input.after.from, to: input.after.to };
    currency = direct.currency;
    if (intermediaries.length === 0)
      throw new OptionsError('substitutionRatio requires at least one intermediary');
    for (const s of intermediaries) {
      if (s.currency !== direct.currency) {
        throw new UnitMismatchError(
          `substitutionRatio requires one currency, got ${s.currency} and ${direct.currency}`,
        );
      }
      if (s.frequency !== direct.frequency) {
        throw new UnitMismatchError(
          `substitutionRatio requires one frequency, got ${s.frequency} and ${direct.frequency}`,
        );
      }
    }
    for (const [name, w] of [
      ['before', before],
      ['after', after],
    ] as const) {
      for (const p of [w.from, w.to]) {
        if (frequencyOf(p) !== direct.frequency) {
          throw new UnitMismatchError(
            `substitutionRatio requires ${name} periods of the series' frequency, got ${p}`,
          );
        }
      }
      if (w.to < w.from) throw new OptionsError(`substitutionRatio requires ${name}.from <= ${name}.to`);
    }
    const nb = periodRange(before.from, before.to).length;
    const na = periodRange(after.from, after.to).length;
    if (nb !== na) {
      throw new OptionsError(
        `substitutionRatio requires windows of equal length, got ${nb} and ${na} periods`,
      );
    }
    const windowSum = (s: Series<C>, w: { from: Period; to: Period }, label: string): number | null => {
      const first = s.periods[0];
      const last = s.periods[s.periods.length - 1];
      if (first === undefined || last === undefined || w.from < first || w.to > last) {
        throw new OptionsError(
          `substitutionRatio requires the ${label} window within every series (${s.key.partner}: ${first} to ${last})`,
        );
      }
      const xs: number[] = [];
      const missing: Period[] = [];
      for (const p of periodRange(w.from, w.to)) {
        const v = s.values[s.periods.indexOf(p)] ?? null;
        if (v === null) missing.push(p);
        else xs.push(v);
      }
      if (missing.length > 0) {
        warnings.push(
          `${s.key.reporter}→${s.key.partner} has no value in ${listPeriods(missing)}: its ${label} sum is null`,
        );
        return null;
      }
      return finiteOrNull(sum(xs));
    };
    const db = windowSum(direct, before, 'before');
    const da = windowSum(direct, after, 'after');
    perIntermediary = intermediaries.map((s) => {
      const b = windowSum(s, before!, 'before');
      const a = windowSum(s, after!, 'after');
      return {
        key: { ...s.key },
        before: b,
        after: a,
        change: a !== null && b !== null ? finiteOrNull(a - b) : null,
      };
    });
    const addAll = (xs: (number | null)[]) =>
      xs.some((x) => x === null) ? null : finiteOrNull(sum(xs as number[]));
    totals = {
      db,
      da,
      ib: addAll(perIntermediary.map((x) => x.before)),
      ia: addAll(perIntermediary.map((x) => x.after)),
    };
  } else {
    assertFiniteOrNull(
      [input.directBefore, input.directAfter, input.intermediariesBefore, input.intermediariesAfter],
      'substitutionRatio totals',
    );
    totals = {
      db: input.directBefore,
      da: input.directAfter,
      ib: input.intermediariesBefore,
      ia: input.intermediariesAfter,
    };
  }

  const { db, da, ib, ia } = totals;
  const lost = db !== null && da !== null ? finiteOrNull(db - da) : null;
  const extra = ib !== null && ia !== null ? finiteOrNull(ia - ib) : null;
  let ratio: number | null = null;
  if (lost === null || extra === null) {
    warnings.push('a component is missing: the ratio is null');
  } else if (!(lost > 0)) {
    warnings.push('direct flows did not fall: the substitution ratio is undefined (null)');
  } else {
    ratio = finiteOrNull(extra / lost);
    if (db !== null && lost < smallDenominator * Math.abs(db)) {
      warnings.push(
        `small denominator: direct flows fell by less than ${smallDenominator * 100}% of their level, so the ratio is unstable`,
      );
    }
  }
  if (extra !== null && extra < 0) warnings.push('flows to the intermediaries fell: the ratio is negative');
  return {
    method: 'substitutionRatio',
    settings: { smallDenominator, before, after, currency },
    ratio,
    components: {
      directBefore: db,
      directAfter: da,
      intermediariesBefore: ib,
      intermediariesAfter: ia,
      lostDirect: lost,
      extraIntermediaries: extra,
      directFall: lost !== null && db !== null && db > 0 ? finiteOrNull(lost / db) : null,
      intermediariesGrowth: extra !== null && ib !== null && ib > 0 ? finiteOrNull(extra / ib) : null,
    },
    intermediaries: perIntermediary,
    warnings,
  };
}
