import { OptionsError, UnitMismatchError } from '../../errors.js';
import type { Currency } from '../../model/currency.js';
import type { Period } from '../../model/period.js';
import type { Series, SeriesKey } from '../../model/series.js';

/**
 * Values of `other` at the target's periods (NaN where `other` has no period or a null value).
 *
 * @throws {UnitMismatchError} if frequency or currency differ from the target's
 */
export function alignTo<C extends Currency>(
  name: string,
  role: string,
  target: Series<C>,
  other: Series<C>,
): Float64Array {
  if (other.frequency !== target.frequency) {
    throw new UnitMismatchError(
      `${name} requires ${role} at the target's frequency (${target.frequency}), got ${other.frequency}`,
    );
  }
  if (other.currency !== target.currency) {
    throw new UnitMismatchError(`${name} requires ${role} in ${target.currency}, got ${other.currency}`);
  }
  const byPeriod = new Map<Period, number | null>();
  other.periods.forEach((p, i) => {
    byPeriod.set(p, other.values[i] ?? null);
  });
  const out = new Float64Array(target.periods.length);
  target.periods.forEach((p, i) => {
    const v = byPeriod.get(p);
    out[i] = v === undefined || v === null || !Number.isFinite(v) ? Number.NaN : v;
  });
  return out;
}

/** Short labels of series keys: the partner code, or the full key where partners repeat. */
export function seriesLabels(keys: readonly SeriesKey[]): string[] {
  const partners = keys.map((k) => k.partner);
  return keys.map((k) =>
    partners.filter((p) => p === k.partner).length === 1
      ? k.partner
      : `${k.reporter}/${k.partner}/${k.flow}/${k.product}`,
  );
}

/** The context series a strategy needs, or an OptionsError naming what is missing. */
export function requireSeries<C extends Currency>(
  name: string,
  role: 'controls' | 'donors',
  list: readonly Series<C>[] | undefined,
): readonly Series<C>[] {
  if (list === undefined || list.length === 0) {
    throw new OptionsError(`${name} requires context.${role} with at least one series`);
  }
  return list;
}
