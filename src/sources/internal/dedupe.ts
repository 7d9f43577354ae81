/**
 * Duplicate keys in formats where one key must occur once (a relational-view export, an API response): rows
 * are held until the end; a key seen once is kept, exact repeats keep the first row, and rows that disagree are
 * all rejected — two labels resolving to one code (e.g. the French 2016 Comext file prints Guinea-Bissau as
 * `Guinea`, beside `Guinée`) must not silently pick a winner.
 *
 * @module
 */
import type { Currency } from '../../model/currency.js';
import type { TradeObservation } from '../../model/observation.js';
import { type Collector, keepRow, rejectRow } from './collector.js';

/** One held row. */
export interface HeldRow<C extends Currency> {
  readonly observation: TradeObservation<C>;
  readonly line: number;
  readonly raw: string;
  /** Label text that produced the key, for the reason of a conflict. */
  readonly labels: string;
}

/** Holds rows by key; `finish` keeps or rejects them in first-seen order. */
export function uniqueKeys<C extends Currency>(out: Collector<C>, field: string) {
  const rows = new Map<string, HeldRow<C>[]>();
  return {
    add(key: string, row: HeldRow<C>): void {
      const list = rows.get(key);
      if (list === undefined) rows.set(key, [row]);
      else list.push(row);
    },
    /**
     * Keep or reject every held row.
     *
     * @param hooks.transform - last change to a row's observation before it is kept (e.g. merge a quantity)
     * @param hooks.onKept - called once per key with whether its row was kept (e.g. to count a merged cell)
     */
    finish(
      hooks: {
        transform?: (key: string, o: TradeObservation<C>) => TradeObservation<C>;
        onKept?: (key: string, kept: boolean, row: HeldRow<C>) => void;
      } = {},
    ): void {
      const { transform, onKept } = hooks;
      for (const [key, list] of rows) {
        const first = list[0]!;
        const same = list.every(
          (r) =>
            r.observation.value === first.observation.value &&
            r.observation.status === first.observation.status,
        );
        if (same) {
          const observation = transform === undefined ? first.observation : transform(key, first.observation);
          const kept = keepRow(out, observation, first.line, first.raw);
          onKept?.(key, kept, first);
          for (const r of list.slice(1))
            rejectRow(out, r.line, field, `duplicate of the row at line ${first.line}`, r.raw);
        } else {
          const lines = list.map((r) => r.line).join(', ');
          const labels = [...new Set(list.map((r) => r.labels))].join(' | ');
          for (const r of list) {
            rejectRow(
              out,
              r.line,
              field,
              `conflicting rows for one key at lines ${lines} (${labels}): none is kept`,
              r.raw,
            );
          }
          onKept?.(key, false, first);
        }
      }
    },
  };
}
