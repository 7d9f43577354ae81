import type { TradeObservation } from '../../src/model/observation.js';
import { productOf } from '../../src/model/product.js';

/**
 * One SYNTHETIC EU export observation in EUR for tests: status `missing` for a null value, `zero` for 0, else
 * `reported`; a negative value carries `negative: true`. `extra` overrides any field.
 */
export function euExport(
  code: string,
  partner: string,
  period: string,
  value: number | null,
  extra: Partial<TradeObservation<'EUR'>> = {},
): TradeObservation<'EUR'> {
  return {
    reporter: 'EU27_2020',
    partner,
    flow: 'export',
    product: productOf(code),
    period,
    value,
    currency: 'EUR',
    status: value === null ? 'missing' : value === 0 ? 'zero' : 'reported',
    source: 'SYNTHETIC',
    ...(value !== null && value < 0 ? { negative: true as const } : {}),
    ...extra,
  };
}
