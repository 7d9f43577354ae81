import type { z } from 'zod';
import { OptionsError, UnitMismatchError } from '../errors.js';
import type { Currency } from '../model/currency.js';
import type { FxTable } from '../model/fx.js';
import { type Period, periodRange, yearOf } from '../model/period.js';
import type { Series, SeriesKey } from '../model/series.js';
import { lazySchema } from '../shared/zod.js';
import { finiteOrNull, listPeriods, overflowGuard, sum } from './numeric.js';
import { CurrencySchema, PeriodSchema, SeriesKeySchema, WarningsSchema } from './schemas.js';

/** Options of {@link mirrorGap}. */
export interface MirrorGapOptions {
  /**
   * CIF/FOB allowance as a fraction (default 0.05): importers record goods CIF (with freight and insurance),
   * exporters FOB, so a matching importer figure is expected to be about 5% higher.
   */
  readonly cifFob?: number;
  /**
   * Exchange rates, required when the two series are in different currencies (the importer's values are converted
   * into the exporter's currency, period by period). Annual rates are used for every month of their year; monthly
   * rates are averaged (unweighted) for an annual period.
   */
  readonly fx?: FxTable;
}

/**
 * zod schema of one row of `MirrorGapResult.byPeriod`.
 *
 * @example
 * const eu = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1000] });
 * const kg = makeSeries({ key: { reporter: 'KG', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1260], notes: ['partnerBasis: consignment'] });
 * MirrorGapPeriodSchema.safeParse(mirrorGap(eu, kg).byPeriod[0]).success; // => true
 */
export const MirrorGapPeriodSchema = lazySchema((z) =>
  z.object({
    period: PeriodSchema,
    /** Exporter-reported value (exporter's currency, FOB). */
    exporter: z.number().nullable(),
    /** Importer-reported value converted to the exporter's currency (CIF). */
    importer: z.number().nullable(),
    /** Importer-reported value in the importer's own currency. */
    importerOriginal: z.number().nullable(),
    /** Units of the exporter's currency per unit of the importer's (1 when they match). */
    fxRate: z.number().nullable(),
    /** `log(importer / (exporter × (1 + cifFob)))`: 0 when the two agree after the CIF/FOB allowance. */
    logRatio: z.number().nullable(),
    /** `importer − exporter × (1 + cifFob)`, exporter's currency: positive = the importer records more. */
    gap: z.number().nullable(),
    /** `gap / (exporter × (1 + cifFob))` as a fraction. */
    gapPct: z.number().nullable(),
  }),
);

/**
 * zod schema of {@link MirrorGapResult}.
 *
 * @example
 * const eu = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1000] });
 * const kg = makeSeries({ key: { reporter: 'KG', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1260], notes: ['partnerBasis: consignment'] });
 * MirrorGapResultSchema.safeParse(mirrorGap(eu, kg)).success; // => true
 */
export const MirrorGapResultSchema = lazySchema((z) =>
  z.object({
    method: z.literal('mirrorGap'),
    settings: z.object({
      cifFob: z.number(),
      frequency: z.enum(['monthly', 'annual']),
      currency: CurrencySchema,
      importerCurrency: CurrencySchema,
      fx: z.object({ id: z.string(), description: z.string() }).nullable(),
    }),
    exporterKey: SeriesKeySchema,
    importerKey: SeriesKeySchema,
    byPeriod: z.array(MirrorGapPeriodSchema),
    /** Sums over the periods where both sides have a value. */
    total: z.object({
      periods: z.array(PeriodSchema),
      exporter: z.number().nullable(),
      importer: z.number().nullable(),
      logRatio: z.number().nullable(),
      gap: z.number().nullable(),
      gapPct: z.number().nullable(),
    }),
    warnings: WarningsSchema,
  }),
);

/** Result of {@link mirrorGap}. */
export type MirrorGapResult = z.infer<typeof MirrorGapResultSchema>;

/** Aggregates whose membership changes over time (EU_CHANGING includes the UK until January 2020). */
const CHANGING_AGGREGATES = new Set(['EU_CHANGING', 'EA_CHANGING', 'EU28', 'EU']);

function isChanging(code: string): boolean {
  return CHANGING_AGGREGATES.has(code.toUpperCase());
}

/** Read a partner basis (`origin` / `consignment`) from a series' notes or product label, if stated. */
function partnerBasisOf(series: Series<Currency>): 'origin' | 'consignment' | undefined {
  const texts = [...series.notes, series.key.product];
  for (const t of texts) {
    const m =
      /partner\s*basis\s*[:=]?\s*(origin|consignment)/i.exec(t) ??
      /\bby (?:country of )?(origin|consignment)\b/i.exec(t);
    if (m) return m[1]!.toLowerCase() as 'origin' | 'consignment';
  }
  return undefined;
}

/** Units of `to` per unit of `from` in one period, or null if a rate is missing. */
function rateFor(fx: FxTable, period: Period, from: Currency, to: Currency): number | null {
  const perEur = (p: Period, c: Currency): number | null => {
    if (c === 'EUR') return 1;
    const v = fx.perEur[p]?.[c];
    return v !== undefined && v > 0 && Number.isFinite(v) ? v : null;
  };
  const one = (p: Period): number | null => {
    const a = perEur(p, from);
    const b = perEur(p, to);
    return a === null || b === null ? null : b / a;
  };
  const monthly = period.length === 7;
  if (fx.frequency === 'annual') return one(monthly ? yearOf(period) : period);
  if (monthly) return one(period);
  // An annual period from monthly rates: the unweighted mean of the 12 monthly cross rates.
  const rates: number[] = [];
  for (const p of periodRange(`${period}-01`, `${period}-12`)) {
    const r = one(p);
    if (r === null) return null;
    rates.push(r);
  }
  return sum(rates) / rates.length;
}

/** Sum a monthly series' values to calendar years; a year with any missing month is null. */
function toAnnual(periods: readonly Period[], values: readonly (number | null)[]) {
  const byYear = new Map<Period, (number | null)[]>();
  periods.forEach((p, i) => {
    const y = yearOf(p);
    const list = byYear.get(y) ?? [];
    list.push(values[i] ?? null);
    byYear.set(y, list);
  });
  const outPeriods: Period[] = [];
  const outValues: (number | null)[] = [];
  const incomplete: Period[] = [];
  for (const [y, list] of byYear) {
    outPeriods.push(y);
    if (list.length === 12 && list.every((v) => v !== null)) outValues.push(sum(list as number[]));
    else {
      outValues.push(null);
      incomplete.push(y);
    }
  }
  return { periods: outPeriods, values: outValues, incomplete };
}

function label(k: SeriesKey): string {
  return `${k.reporter} ${k.flow}s ${k.flow === 'export' ? 'to' : 'from'} ${k.partner}`;
}

/**
 * Mirror gap: what an exporter says it shipped to a partner against what the partner says it received from it.
 *
 * The importer's values are converted into the exporter's currency with `fx` (required when the currencies
 * differ — never mixed silently — and recorded in `settings.fx`), and, if one side is monthly and the other annual,
 * the monthly side is summed to calendar years (a year with a missing month is `null`). Per period: both values,
 * the log ratio `log(importer / (exporter × (1 + cifFob)))`, the gap `importer − exporter × (1 + cifFob)` in the
 * exporter's currency, and the gap as a fraction. A large positive gap for a transit country means goods arrive
 * that the exporter did not record as going there (re-exports, mis-declared destination, or origin-based importer
 * statistics).
 *
 * Warnings cover the known traps: annual vs monthly data; aggregates with different or changing membership
 * (`EU_CHANGING` includes the UK before 2020; a partner code that is not the other side's reporter); importer data
 * by country of origin rather than consignment (read from the importer series' notes, e.g. `partnerBasis: origin`,
 * or unknown). Missing values give `null` rows; undefined ratios (zero or negative values) are `null`, never NaN.
 *
 * @param exporterReported - the exporter's figures (`flow: 'export'`), e.g. EU27_2020 exports to KG
 * @param importerReported - the partner's figures (`flow: 'import'`), e.g. KG imports from the EU
 * @param options - CIF/FOB allowance and FX table; see {@link MirrorGapOptions}
 * @returns a {@link MirrorGapResult}
 * @throws {UnitMismatchError} if the currencies differ and no `fx` is given
 * @throws {OptionsError} if the flows are not export and import, or `cifFob` is not in [0, 1)
 * @example
 * const eu = makeSeries({ key: { reporter: 'EU27_2020', partner: 'KG', flow: 'export', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1000] });
 * const kg = makeSeries({ key: { reporter: 'KG', partner: 'EU27_2020', flow: 'import', product: 'TOTAL' },
 *   currency: 'EUR', start: '2022', values: [1260], notes: ['partnerBasis: consignment'] });
 * const m = mirrorGap(eu, kg);
 * m.byPeriod[0]!.gap; // => 210 (1260 − 1000 × 1.05)
 * m.byPeriod[0]!.gapPct; // => 0.2
 */
export function mirrorGap<C extends Currency>(
  exporterReported: Series<C>,
  importerReported: Series<Currency>,
  options: MirrorGapOptions = {},
): MirrorGapResult {
  const cifFob = options.cifFob ?? 0.05;
  if (!(cifFob >= 0 && cifFob < 1))
    throw new OptionsError(`mirrorGap requires cifFob in [0, 1), got ${cifFob}`);
  const ex = exporterReported;
  const im = importerReported;
  if (ex.key.flow !== 'export') {
    throw new OptionsError(`mirrorGap requires exporter-reported exports, got flow ${ex.key.flow}`);
  }
  if (im.key.flow !== 'import') {
    throw new OptionsError(`mirrorGap requires importer-reported imports, got flow ${im.key.flow}`);
  }
  const fx = options.fx;
  if (ex.currency !== im.currency && fx === undefined) {
    throw new UnitMismatchError(
      `mirrorGap requires fx to compare ${im.currency} with ${ex.currency}: currencies are never mixed silently`,
    );
  }
  const warnings: string[] = [];
  const fin = overflowGuard(warnings);

  // Membership and pairing.
  if (ex.key.partner !== im.key.reporter || ex.key.reporter !== im.key.partner) {
    warnings.push(
      `the pair does not mirror exactly (${label(ex.key)} vs ${label(im.key)}): aggregates with different membership are compared`,
    );
  }
  for (const code of new Set([ex.key.reporter, ex.key.partner, im.key.reporter, im.key.partner])) {
    if (isChanging(code)) {
      warnings.push(
        code.toUpperCase() === 'EU_CHANGING' || code.toUpperCase() === 'EU'
          ? `${code} has changing membership (it includes the UK until January 2020): not comparable with EU27_2020 across 2020`
          : `${code} has changing membership over time`,
      );
    }
  }
  if (ex.key.product !== im.key.product) {
    warnings.push(`different products compared: ${ex.key.product} vs ${im.key.product}`);
  }
  const basis = partnerBasisOf(im);
  if (basis === 'origin') {
    warnings.push(
      `the importer reports by country of origin: goods of ${ex.key.reporter} origin shipped via third countries count as from ${ex.key.reporter}, which the exporter records under another destination`,
    );
  } else if (basis === undefined) {
    warnings.push("the importer's partner basis (origin or consignment) is not recorded");
  }

  // Convert the importer's values at its own frequency.
  const fxRates: (number | null)[] = im.periods.map((p) =>
    im.currency === ex.currency ? 1 : rateFor(fx!, p, im.currency, ex.currency),
  );
  const noRate = im.periods.filter((_, i) => fxRates[i] === null);
  if (noRate.length > 0) warnings.push(`no exchange rate for ${listPeriods(noRate)}: those periods are null`);
  if (im.currency !== ex.currency && fx!.frequency === 'monthly' && im.frequency === 'annual') {
    warnings.push('annual values converted at the unweighted mean of monthly rates');
  }
  let imPeriods: readonly Period[] = im.periods;
  let imConverted: (number | null)[] = im.values.map((v, i) => {
    const r = fxRates[i] ?? null;
    return v === null || r === null ? null : fin(v * r);
  });
  let imOriginal: (number | null)[] = [...im.values];
  let imRates: (number | null)[] = fxRates;
  let exPeriods: readonly Period[] = ex.periods;
  let exValues: readonly (number | null)[] = ex.values;
  let frequency = ex.frequency;
  if (ex.frequency !== im.frequency) {
    frequency = 'annual';
    warnings.push('annual vs monthly: the monthly side is summed to calendar years and compared annually');
    if (ex.frequency === 'monthly') {
      const a = toAnnual(ex.periods, ex.values);
      exPeriods = a.periods;
      exValues = a.values;
      if (a.incomplete.length > 0)
        warnings.push(`incomplete years on the exporter side: ${a.incomplete.join(', ')}`);
    } else {
      const a = toAnnual(im.periods, imConverted);
      const o = toAnnual(im.periods, im.values);
      if (a.incomplete.length > 0)
        warnings.push(`incomplete years on the importer side: ${a.incomplete.join(', ')}`);
      imPeriods = a.periods;
      imConverted = a.values;
      imOriginal = o.values;
      imRates = a.values.map((v, i) => {
        const orig = o.values[i];
        return v === null || orig === null || orig === undefined || orig === 0
          ? null
          : finiteOrNull(v / orig);
      });
    }
  }

  const imIndex = new Map<Period, number>();
  imPeriods.forEach((p, i) => {
    imIndex.set(p, i);
  });
  const byPeriod: MirrorGapResult['byPeriod'] = [];
  const both: { p: Period; e: number; i: number }[] = [];
  exPeriods.forEach((period, k) => {
    const j = imIndex.get(period);
    if (j === undefined) return;
    const e = exValues[k] ?? null;
    const i = imConverted[j] ?? null;
    const eAdj = e === null ? null : fin(e * (1 + cifFob));
    const gap = i !== null && eAdj !== null ? fin(i - eAdj) : null;
    byPeriod.push({
      period,
      exporter: e,
      importer: i,
      importerOriginal: imOriginal[j] ?? null,
      fxRate: imRates[j] ?? null,
      logRatio: i !== null && eAdj !== null && i > 0 && eAdj > 0 ? finiteOrNull(Math.log(i / eAdj)) : null,
      gap,
      gapPct: gap !== null && eAdj !== null && eAdj > 0 ? fin(gap / eAdj) : null,
    });
    if (e !== null && i !== null) both.push({ p: period, e, i });
  });
  if (byPeriod.length === 0) warnings.push('the two series share no period');
  const gaps = byPeriod.filter((r) => r.exporter === null || r.importer === null).map((r) => r.period);
  if (gaps.length > 0) warnings.push(`one side has no value in ${listPeriods(gaps)}`);

  const te = both.length === 0 ? null : fin(sum(both.map((b) => b.e)));
  const ti = both.length === 0 ? null : fin(sum(both.map((b) => b.i)));
  const teAdj = te === null ? null : fin(te * (1 + cifFob));
  const tGap = ti !== null && teAdj !== null ? fin(ti - teAdj) : null;
  return {
    method: 'mirrorGap',
    settings: {
      cifFob,
      frequency,
      currency: ex.currency,
      importerCurrency: im.currency,
      fx: im.currency !== ex.currency && fx !== undefined ? { id: fx.id, description: fx.description } : null,
    },
    exporterKey: { ...ex.key },
    importerKey: { ...im.key },
    byPeriod,
    total: {
      periods: both.map((b) => b.p),
      exporter: te,
      importer: ti,
      logRatio:
        ti !== null && teAdj !== null && ti > 0 && teAdj > 0 ? finiteOrNull(Math.log(ti / teAdj)) : null,
      gap: tGap,
      gapPct: tGap !== null && teAdj !== null && teAdj > 0 ? fin(tGap / teAdj) : null,
    },
    warnings,
  };
}
