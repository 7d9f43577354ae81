/**
 * What Eurostat's API formats (SDMX-CSV, JSON-stat) share: observation flags → status, indicator codes → value or
 * quantity, and the join of a quantity cell to the value cell with the same key.
 *
 * Flags follow Eurostat's code list (https://ec.europa.eu/eurostat/data/database/information): `:` not available,
 * `b` break in series, `c` confidential, `d` definition differs, `e` estimated, `f` forecast, `n` not significant,
 * `p` provisional, `r` revised, `s` Eurostat estimate, `u` low reliability, `z` not applicable. `CONF_STATUS`
 * `C`/`N`/`D` mean confidential, `F` free.
 *
 * @module
 */
import type { Flow, ObservationStatus, TradeObservation } from '../../model/observation.js';
import { frequencyOf, parseComextPeriod } from '../../model/period.js';
import { productKey } from '../../model/product.js';
import { rejectRow } from './collector.js';
import { type CountryResolver, unknownCountry } from './countries.js';
import { uniqueKeys } from './dedupe.js';
import type { InputContext } from './drivers.js';
import type { ParsedValue } from './numbers.js';
import { parseHsCnCode } from './products.js';

/** Either a status or the reason the record cannot be kept. */
export type FlagOutcome = { readonly status: ObservationStatus } | { readonly reject: string };

/**
 * The status of an observation from its value and Eurostat flags. Never gives a value to a flag: a number
 * published with a confidential or not-available flag is rejected.
 *
 * @param value - the published number, or `null` when none was published
 * @param flags - OBS_FLAG / JSON-stat status text, e.g. `p`, `bep`, `:`
 * @param conf - CONF_STATUS, e.g. `C`, `F`, or `''`
 */
export function eurostatStatus(value: number | null, flags: string, conf: string): FlagOutcome {
  let notAvailable = false;
  let confidential = false;
  let estimated = false;
  let provisional = false;
  let negligible = false;
  for (const ch of flags.replace(/\s+/g, '').toLowerCase()) {
    switch (ch) {
      case ':':
      case 'z':
        notAvailable = true;
        break;
      case 'c':
        confidential = true;
        break;
      case 'e':
      case 's':
        estimated = true;
        break;
      case 'p':
        provisional = true;
        break;
      case 'n':
        negligible = true;
        break;
      case 'b':
      case 'd':
      case 'r':
      case 'u':
        break;
      case 'f':
        return { reject: 'forecast value (flag f), not a published figure' };
      default:
        return { reject: `unknown flag ${JSON.stringify(flags)}` };
    }
  }
  const c = conf.trim().toUpperCase();
  if (c === 'C' || c === 'N' || c === 'D') confidential = true;
  else if (c !== '' && c !== 'F') return { reject: `unknown confidentiality status ${JSON.stringify(conf)}` };
  if (value === null) {
    if (confidential) return { status: 'confidential' };
    if (negligible) return { status: 'negligible' };
    return { status: 'missing' };
  }
  if (confidential) return { reject: 'a value published with a confidential flag' };
  if (notAvailable)
    return { reject: `a value published with the not-available flag ${JSON.stringify(flags)}` };
  if (negligible) return { status: 'negligible' };
  if (estimated) return { status: 'estimated' };
  if (provisional) return { status: 'provisional' };
  return { status: value === 0 ? 'zero' : 'reported' };
}

/** What an indicator code measures. */
export type IndicatorKind =
  | { readonly kind: 'value' }
  | { readonly kind: 'quantity'; readonly toKg: number }
  | { readonly kind: 'unsupported'; readonly reason: string };

/**
 * Classify a Comext indicator: `VALUE_IN_EUROS` (DS-045409), `VALUE_EUR`/`VALUE_IN_EUR` → EUR;
 * `QUANTITY_IN_100KG` → kg × 100; `QUANTITY_IN_KG`/`QUANTITY_KG` → kg.
 */
export function comextIndicator(code: string): IndicatorKind {
  const c = code.trim().toUpperCase();
  if (c === 'VALUE_IN_EUROS' || c === 'VALUE_EUR' || c === 'VALUE_IN_EUR') return { kind: 'value' };
  if (c === 'QUANTITY_IN_100KG') return { kind: 'quantity', toKg: 100 };
  if (c === 'QUANTITY_IN_KG' || c === 'QUANTITY_KG') return { kind: 'quantity', toKg: 1 };
  if (c.startsWith('SUPPLEMENTARY') || c.includes('SUPPL'))
    return {
      kind: 'unsupported',
      reason: `indicator ${code} (supplementary units differ by product) is not loaded`,
    };
  return { kind: 'unsupported', reason: `unknown indicator ${JSON.stringify(code)}` };
}

/** One cell of a Comext API response, whatever the format. */
export interface EurostatCell {
  readonly line: number;
  readonly raw: string;
  readonly reporter: string;
  readonly reporterLabel?: string;
  readonly partner: string;
  readonly partnerLabel?: string;
  readonly product: string;
  readonly flow: string;
  readonly period: string;
  /** `M`, `A` or `''` when absent. */
  readonly freq: string;
  readonly indicator: string;
  readonly value: ParsedValue;
  readonly flags: string;
  readonly conf: string;
}

/** Field names to report in rejects (column names for SDMX-CSV, dimension paths for JSON-stat). */
export interface EurostatFieldNames {
  readonly reporter: string;
  readonly partner: string;
  readonly product: string;
  readonly flow: string;
  readonly period: string;
  readonly indicator: string;
  readonly value: string;
  readonly flags: string;
}

interface HeldQuantity {
  readonly kg: number;
  readonly line: number;
  readonly raw: string;
}

function flowOf(code: string): Flow | undefined {
  const c = code.trim().toUpperCase();
  if (c === '1' || c === 'IMPORT' || c === 'IMPORTS') return 'import';
  if (c === '2' || c === 'EXPORT' || c === 'EXPORTS') return 'export';
  return undefined;
}

/**
 * Turns cells into observations: value cells become observations, quantity cells are merged into the value cell
 * with the same reporter, partner, product, flow and period (and count as kept when they are), everything else is
 * rejected with a reason. Call `finish` after the last cell.
 */
export function eurostatCellSink(
  ctx: InputContext<'EUR'>,
  names: EurostatFieldNames,
  resolve: CountryResolver,
): { add(cell: EurostatCell): void; finish(): void } {
  const out = ctx.out;
  const values = uniqueKeys(out, names.value);
  const quantities = new Map<string, HeldQuantity>();
  return {
    add(cell) {
      const reject = (field: string, reason: string) => rejectRow(out, cell.line, field, reason, cell.raw);
      const indicator = comextIndicator(cell.indicator);
      if (indicator.kind === 'unsupported') return reject(names.indicator, indicator.reason);
      const reporter =
        resolve(cell.reporter) ??
        (cell.reporterLabel === undefined ? undefined : resolve(cell.reporterLabel));
      if (reporter === undefined) return reject(names.reporter, unknownCountry(cell.reporter));
      const partner =
        resolve(cell.partner) ?? (cell.partnerLabel === undefined ? undefined : resolve(cell.partnerLabel));
      if (partner === undefined) return reject(names.partner, unknownCountry(cell.partner));
      const product = parseHsCnCode(cell.product);
      if (product === undefined)
        return reject(names.product, `unknown product code ${JSON.stringify(cell.product)}`);
      const flow = flowOf(cell.flow);
      if (flow === undefined) return reject(names.flow, `unknown flow ${JSON.stringify(cell.flow)}`);
      const period = parseComextPeriod(cell.period);
      if (period === undefined)
        return reject(names.period, `unrecognised period ${JSON.stringify(cell.period)}`);
      const freq = cell.freq.trim().toUpperCase();
      const frequency = frequencyOf(period);
      if ((freq === 'A' && frequency !== 'annual') || (freq === 'M' && frequency !== 'monthly')) {
        return reject(names.period, `period ${period} does not match frequency ${freq}`);
      }
      const key = `${reporter}|${partner}|${productKey(product)}|${flow}|${period}`;
      if (indicator.kind === 'quantity') {
        if (cell.value.kind !== 'number') {
          return reject(names.value, `quantity not published (${cell.value.kind})`);
        }
        if (cell.value.value < 0) return reject(names.value, 'negative quantity');
        const held = quantities.get(key);
        if (held !== undefined) return reject(names.value, `duplicate of the quantity at line ${held.line}`);
        quantities.set(key, { kg: cell.value.value * indicator.toKg, line: cell.line, raw: cell.raw });
        return;
      }
      let value: number | null;
      let forced: ObservationStatus | undefined;
      switch (cell.value.kind) {
        case 'number':
          value = cell.value.value;
          break;
        case 'zero':
          value = 0;
          break;
        case 'missing':
          value = null;
          break;
        case 'confidential':
          value = null;
          forced = 'confidential';
          break;
        default:
          return reject(names.value, 'value is not a number');
      }
      const outcome = eurostatStatus(value, cell.flags, forced === 'confidential' ? 'C' : cell.conf);
      if ('reject' in outcome) return reject(names.flags, outcome.reject);
      const status = outcome.status;
      const nullStatus = status === 'missing' || status === 'confidential' || status === 'negligible';
      const observation: TradeObservation<'EUR'> = {
        reporter,
        partner,
        flow,
        product,
        period,
        value: nullStatus ? null : value,
        currency: 'EUR',
        status,
        source: ctx.source,
      };
      values.add(key, {
        observation,
        line: cell.line,
        raw: cell.raw,
        labels: `${cell.reporter} → ${cell.partner}`,
      });
    },
    finish() {
      values.finish({
        transform: (key, o) => {
          const q = quantities.get(key);
          return q === undefined ? o : { ...o, quantityKg: q.kg };
        },
        onKept: (key, kept, row) => {
          const q = quantities.get(key);
          if (q === undefined) return;
          quantities.delete(key);
          if (kept) out.rowsKept++;
          else rejectRow(out, q.line, names.value, `its value cell at line ${row.line} was not kept`, q.raw);
        },
      });
      for (const q of quantities.values()) {
        rejectRow(out, q.line, names.value, 'quantity without a kept value cell for the same key', q.raw);
      }
    },
  };
}
