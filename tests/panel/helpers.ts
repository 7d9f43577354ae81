/**
 * Test helpers for the panel: a terse observation factory and tiny readers of the raw real-data files (the
 * loaders are someone else's module; these tests must not depend on them).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Currency, ObservationStatus, Product, TradeObservation } from '../../src/index.js';
import { TOTAL_GOODS } from '../../src/index.js';
import type { HsConcordanceRow } from '../../src/panel/index.js';

/** The raw data folder: `../shared/data/raw` relative to the repository root, as scripts/build-datasets.ts uses. */
export const RAW = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/raw');

/** A trade observation with defaults: EU27_2020 → KG exports of all goods, EUR, reported. */
export function obs<C extends Currency = 'EUR'>(
  fields: Partial<Omit<TradeObservation<C>, 'product'>> & { product?: Product | string } = {},
): TradeObservation<C> {
  const { product, ...rest } = fields;
  const p: Product =
    product === undefined
      ? TOTAL_GOODS
      : typeof product === 'string'
        ? { classification: product.length > 6 ? 'CN' : 'HS', code: product, level: product.length }
        : product;
  const status: ObservationStatus = rest.status ?? (rest.value === null ? 'missing' : 'reported');
  return {
    reporter: 'EU27_2020',
    partner: 'KG',
    flow: 'export',
    period: '2022-01',
    value: 1,
    currency: 'EUR' as C,
    source: 'test',
    ...rest,
    product: p,
    status,
  };
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

/**
 * Eurostat Comext monthly total-goods exports (and EU imports from KG) by reporter, from the tidy DERIVED file
 * (reporter_code, partner_iso2, flow, period, value_eur). Aggregate reporter codes are mapped to ours
 * (`EA_changing` → `EA_CHANGING`, `EU_changing` → `EU_CHANGING`).
 */
export function readMonthlyTotals(): TradeObservation<'EUR'>[] {
  const rows = readCsv(`${RAW}/eurostat_comext_marylev/DERIVED_monthly_total_goods_by_member_state.csv`);
  return rows.map((r) => {
    const value = Number(r.value_eur);
    if (!Number.isFinite(value)) throw new Error(`bad value ${r.value_eur}`);
    return {
      reporter: r.reporter_code!.toUpperCase(),
      partner: r.partner_iso2!,
      flow: r.flow === 'IMPORT' ? 'import' : 'export',
      product: TOTAL_GOODS,
      period: r.period!,
      value,
      currency: 'EUR',
      status: value === 0 ? 'zero' : 'reported',
      source: 'comext-marylev',
    } satisfies TradeObservation<'EUR'>;
  });
}

/**
 * EU27 exports of the sanctioned CN8 codes (summed over member states) from the ruimpeks DERIVED file; CN8 rows
 * only unless `levels` says otherwise. Each partner × code × month is one observation (reporter EU27_2020).
 */
export function readSanctionedExports(
  levels: readonly ('CN8' | 'HS4')[] = ['CN8'],
): TradeObservation<'EUR'>[] {
  // 270k plain rows without quotes: split by hand, checking the header and the field count.
  const text = readFileSync(
    `${RAW}/eurostat_comext_ruimpeks/DERIVED_eu27_sanctioned_products_exports_monthly_2020-01_2022-11.csv`,
    'utf8',
  );
  const lines = text.split(/\r?\n/);
  if (lines[0] !== 'product_code,code_level,partner,period,value_eur,n_reporting_member_states') {
    throw new Error(`unexpected header ${lines[0]}`);
  }
  const out: TradeObservation<'EUR'>[] = [];
  const products = new Map<string, Product>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const f = line.split(',');
    if (f.length !== 6) throw new Error(`line ${i + 1}: ${f.length} fields`);
    const [code, level, partner, period, raw] = f as [string, string, string, string, string];
    if (!levels.includes(level as 'CN8' | 'HS4')) continue;
    let p = products.get(code);
    if (p === undefined) {
      p = { classification: level === 'CN8' ? 'CN' : 'HS', code, level: code.length };
      products.set(code, p);
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`line ${i + 1}: value ${raw}`);
    out.push({
      reporter: 'EU27_2020',
      partner,
      flow: 'export',
      product: p,
      period,
      value,
      currency: 'EUR',
      status: value === 0 ? 'zero' : 'reported',
      source: 'comext-ruimpeks',
    });
  }
  return out;
}

/** The UNSD HS2022 ↔ HS2017 correlation table (DERIVED CSV of the "Correlations" sheet). */
export function readConcordance(): HsConcordanceRow[] {
  return readCsv(
    `${RAW}/hs_concordance_unsd/DERIVED_hs2022_hs2017_correlations.csv`,
  ) as unknown as HsConcordanceRow[];
}

/** The 27 EU member states (our codes). */
export const EU27 = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;
