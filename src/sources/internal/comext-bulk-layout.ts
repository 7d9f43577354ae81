/**
 * The column layouts of Eurostat's Comext bulk files and their detection from a header: shared by the pure-JS
 * loader (`loadComextBulk`) and the DuckDB engine, so both read the same columns of the same files.
 *
 * @module
 */
import { DataValidationError } from '../../errors.js';
import { columnKey } from './text.js';

/** The columns of a layout the readers use (names as `columnKey` normalises them). */
export interface BulkLayout {
  readonly name: 'classic' | 'v2';
  readonly reporter: string;
  readonly partner: string;
  readonly product: string;
  readonly flow: string;
  readonly period: string;
  readonly value: string;
  readonly quantity: string;
  readonly procedure: string;
  readonly tradeType: string;
}

/** The classic layout (`DECLARANT, DECLARANT_ISO, PARTNER, PARTNER_ISO, …, VALUE_IN_EUROS, QUANTITY_IN_KG, …`). */
export const CLASSIC: BulkLayout = {
  name: 'classic',
  reporter: 'DECLARANT_ISO',
  partner: 'PARTNER_ISO',
  product: 'PRODUCT_NC',
  flow: 'FLOW',
  period: 'PERIOD',
  value: 'VALUE_IN_EUROS',
  quantity: 'QUANTITY_IN_KG',
  procedure: 'STAT_REGIME',
  tradeType: 'TRADE_TYPE',
};

/** The newer `full_v2` layout (`REPORTER, PARTNER, …, VALUE_EUR, QUANTITY_KG`). */
export const V2: BulkLayout = {
  name: 'v2',
  reporter: 'REPORTER',
  partner: 'PARTNER',
  product: 'PRODUCT_NC',
  flow: 'FLOW',
  period: 'PERIOD',
  value: 'VALUE_EUR',
  quantity: 'QUANTITY_KG',
  procedure: 'STAT_PROCEDURE',
  tradeType: 'TRADE_TYPE',
};

/** Positions of the columns a reader uses; optional columns are `undefined` when the file lacks them. */
export interface BulkColumns {
  readonly reporter: number;
  readonly partner: number;
  readonly product: number;
  readonly flow: number;
  readonly period: number;
  readonly value: number;
  readonly quantity: number | undefined;
  readonly procedure: number | undefined;
  readonly tradeType: number | undefined;
}

/**
 * Detect a file's layout from its header and find the columns (first occurrence of each name wins).
 *
 * @throws {DataValidationError} naming the file, the header line and the column when a required column is missing
 */
export function bulkLayoutOf(
  header: readonly string[],
  file: string,
  headerLine: number,
): { layout: BulkLayout; columns: BulkColumns } {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = columnKey(h);
    if (!index.has(k)) index.set(k, i);
  });
  const layout: BulkLayout = index.has('DECLARANT_ISO')
    ? CLASSIC
    : index.has('VALUE_EUR')
      ? V2
      : index.has('VALUE_IN_EUROS')
        ? {
            ...V2,
            value: 'VALUE_IN_EUROS',
            quantity: index.has('QUANTITY_IN_KG') ? 'QUANTITY_IN_KG' : 'QUANTITY_KG',
          }
        : CLASSIC;
  const need = (col: string): number => {
    const i = index.get(col);
    if (i === undefined) {
      throw new DataValidationError(
        `not a Comext bulk file (${layout.name} layout): missing column ${col}`,
        { file, line: headerLine, field: col },
        [{ code: 'missing_column', path: [col], message: `missing column ${col}` }],
      );
    }
    return i;
  };
  return {
    layout,
    columns: {
      reporter: need(layout.reporter),
      partner: need(layout.partner),
      product: need(layout.product),
      flow: need(layout.flow),
      period: need(layout.period),
      value: need(layout.value),
      quantity: index.get(layout.quantity),
      procedure: index.get(layout.procedure),
      tradeType: index.get(layout.tradeType),
    },
  };
}
