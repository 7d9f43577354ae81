import { type DatasetOptions, loadDataset, loadFxTable } from '../../datasets.js';
import { OptionsError } from '../../errors.js';
import type { FxTable } from '../../model/fx.js';
import type { TradeObservation } from '../../model/observation.js';
import type { Provenance } from '../../model/provenance.js';

/**
 * The data a roundabout analysis reads. Every field defaults to a shipped dataset; a user studying another
 * question passes their own observations (from `loadCsv`, `fetchEurostat`, …) in the same model.
 */
export interface RoundaboutData {
  /**
   * Exporter-reported monthly exports, total goods, any number of exporters and currencies (default: Comext
   * `eu-exports-monthly` and ONS `uk-trade-monthly`). An exporter's series is taken from the source that covers it
   * longest.
   */
  readonly monthly: readonly (readonly TradeObservation[])[];
  /** Exporter-reported annual exports to every partner, for control and placebo destinations (default `eu-exports-annual`). */
  readonly annual: readonly TradeObservation[];
  /** Exports of the sanctioned product codes (CN8/HS), one reporter (default `eu-sanctioned-exports-monthly`). */
  readonly sanctioned: readonly TradeObservation[];
  /** Total (and HS 27) exports from the same extraction as `sanctioned`, by member state (default `eu-member-state-totals-monthly`). */
  readonly totals: readonly TradeObservation[];
  /** Partner-reported (mirror) trade: the destinations' own records (default the KG, KZ, AM, UZ datasets). */
  readonly mirror: readonly TradeObservation[];
  /** The sanctioned country's partner data (default IMF `russia-trade-annual`; 2022+ estimated from partners). */
  readonly target: readonly TradeObservation[];
  /** CHPL HS6 codes (HS2022) for the CHPL lens (default the shipped `chpl` list). */
  readonly chplCodes: readonly string[];
  /** Monthly and annual FX (default ECB averages). */
  readonly fxMonthly: FxTable;
  /** See `fxMonthly`. */
  readonly fxAnnual: FxTable;
  /** Provenance of everything above. */
  readonly provenance: readonly Provenance[];
}

/**
 * The CHPL's HS2022 codes plus their HS2017 predecessors (from the shipped UNSD concordance), so CN8 data of 2020–21
 * (CN editions built on HS2017) and of 2022 (HS2022) select the same goods.
 */
async function chplWithPredecessors(
  options: DatasetOptions,
  take: <T extends { provenance: readonly Provenance[] }>(r: T) => T,
): Promise<string[]> {
  const chpl = take(await loadDataset('chpl', options)).rows.map((r) => r.hs6);
  const wanted = new Set(chpl);
  const concordance = take(await loadDataset('hs-concordance', options)).rows;
  const codes = new Set(chpl);
  for (const row of concordance) if (wanted.has(row.hs2022)) codes.add(row.hs2017);
  return [...codes].sort();
}

/** Load the shipped datasets the default analysis uses, filling in what the caller did not supply. */
/** What a value is, in words, for an error message. */
function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'object') {
    const keys = Object.keys(x).slice(0, 4);
    return `an object (${keys.length === 0 ? 'no fields' : `fields ${keys.join(', ')}`})`;
  }
  return typeof x;
}

function isLoadResult(x: unknown): boolean {
  return typeof x === 'object' && x !== null && Array.isArray((x as { observations?: unknown }).observations);
}

/** Check one list of observations given as `data.<field>`; the hint says what to pass instead of a load result. */
function checkObservations(x: unknown, field: string, hint: string): void {
  if (!Array.isArray(x)) {
    const pass = isLoadResult(x) ? `: pass ${hint}` : '';
    throw new OptionsError(
      `roundabout requires ${field} to be an array of trade observations, got ${describe(x)}${pass}`,
    );
  }
  x.forEach((o, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      throw new OptionsError(
        `roundabout requires ${field}[${i}] to be a trade observation object, got ${describe(o)}`,
      );
    }
  });
}

/**
 * Run-time check of the data a caller passed to `roundabout` (the types do not reach JavaScript callers, nor a
 * `LoadResult` cast through `any`): each field must have the shape {@link RoundaboutData} declares.
 *
 * @throws {OptionsError} naming the field, what it got and what to pass
 */
export function checkGivenData(given: unknown): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new OptionsError(`roundabout requires data to be an object of datasets, got ${describe(given)}`);
  }
  const g = given as Record<string, unknown>;
  if (g.monthly !== undefined) {
    if (!Array.isArray(g.monthly)) {
      const pass = isLoadResult(g.monthly) ? ': pass [loaded.observations]' : '';
      throw new OptionsError(
        `roundabout requires data.monthly to be an array of observation lists (one per source), got ${describe(g.monthly)}${pass}`,
      );
    }
    g.monthly.forEach((list, i) => {
      checkObservations(list, `data.monthly[${i}]`, 'loaded.observations');
    });
  }
  for (const field of ['annual', 'sanctioned', 'totals', 'mirror', 'target'] as const) {
    if (g[field] !== undefined) checkObservations(g[field], `data.${field}`, 'loaded.observations');
  }
  if (g.chplCodes !== undefined) {
    if (!Array.isArray(g.chplCodes) || !g.chplCodes.every((c) => typeof c === 'string')) {
      throw new OptionsError(
        `roundabout requires data.chplCodes to be an array of strings, got ${describe(g.chplCodes)}`,
      );
    }
  }
}

export async function resolveData(
  given: Partial<RoundaboutData> | undefined,
  options: DatasetOptions,
  progress: (step: string) => void,
): Promise<RoundaboutData> {
  checkGivenData(given);
  const g = given ?? {};
  const provenance: Provenance[] = [...(g.provenance ?? [])];
  const take = <T extends { provenance: readonly Provenance[] }>(r: T): T => {
    provenance.push(...r.provenance);
    return r;
  };
  progress('loading monthly exports');
  const monthly = g.monthly ?? [
    take(await loadDataset('eu-exports-monthly', options)).observations,
    take(await loadDataset('uk-trade-monthly', options)).observations,
  ];
  progress('loading annual exports');
  const annual = g.annual ?? take(await loadDataset('eu-exports-annual', options)).observations;
  progress('loading sanctioned-goods exports');
  const sanctioned =
    g.sanctioned ?? take(await loadDataset('eu-sanctioned-exports-monthly', options)).observations;
  const totals = g.totals ?? take(await loadDataset('eu-member-state-totals-monthly', options)).observations;
  progress('loading mirror data');
  const mirror = g.mirror ?? [
    ...take(await loadDataset('mirror-kg-annual', options)).observations,
    ...take(await loadDataset('mirror-kz-annual', options)).observations,
    ...take(await loadDataset('mirror-am-monthly', options)).observations,
    ...take(await loadDataset('mirror-uz-annual', options)).observations,
  ];
  const target = g.target ?? take(await loadDataset('russia-trade-annual', options)).observations;
  const chplCodes = g.chplCodes ?? (await chplWithPredecessors(options, take));
  const fxMonthly = g.fxMonthly ?? (await loadFxTable('monthly', options));
  const fxAnnual = g.fxAnnual ?? (await loadFxTable('annual', options));
  if (g.fxMonthly === undefined || g.fxAnnual === undefined) take(await loadDataset('fx-ecb', options));
  const seen = new Set<string>();
  const unique = provenance.filter((p) => {
    const k = `${p.id}|${p.file ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    monthly,
    annual,
    sanctioned,
    totals,
    mirror,
    target,
    chplCodes,
    fxMonthly,
    fxAnnual,
    provenance: unique,
  };
}
