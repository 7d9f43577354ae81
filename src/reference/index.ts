/**
 * Reference data: countries and aggregates, country groups, key dates, product codes and editions, sanctions
 * list types and exchange-rate rows. Large tables ship as datasets (`loadDataset`), not here.
 *
 * @module
 */

export {
  type ControlExclusion,
  type ControlExclusionReason,
  type ControlExclusions,
  type ControlStudy,
  CUSTOMS_UNIONS,
  type CustomsUnion,
  controlExclusions,
  EXCLUSION_SPELLS,
  type ExclusionSpell,
  LAND_NEIGHBOURS,
  SHIP_AND_AIRCRAFT_REGISTRIES,
  TRADE_REGIME_BREAKS,
  TRANSIT_HUBS,
  type TradeRegimeBreak,
} from './control-exclusions.js';
export {
  AGGREGATES,
  type Aggregate,
  aggregateMembers,
  COUNTRIES,
  type Country,
  classifyLabel,
  fromEurostatCode,
  getAggregate,
  getCountry,
  isAggregate,
  isCountryCode,
  type LabelClassification,
  type LabelKind,
  type MembershipSpell,
  normaliseLabel,
  resolveCountryLabel,
  toEurostatCode,
} from './countries.js';
export { type FxCurrency, type FxRow, fxTableFromRows } from './currencies.js';
export {
  BREXIT_DATE,
  CHPL_PUBLICATIONS,
  CN2022_REVISION_DATE,
  EU_SANCTION_PACKAGES,
  eventsUntil,
  FINCEN_BIS_ALERTS,
  INVASION_DATE,
  TRADE_EVENTS,
  type TradeEvent,
  UK_EXPORT_BANS,
  UK_LAST_COMEXT_MONTH,
} from './events.js';
export {
  CCA3,
  EAEU,
  EU_CANDIDATES,
  EU27,
  FINCEN_BIS_HIGH_RISK,
  FINCEN_BIS_TRANSSHIPMENT_2022,
  type GroupMember,
  OTHER_FORMER_SOVIET,
  RUSSIA_LAND_NEIGHBOURS,
} from './groups.js';
export {
  type ConcordanceRelationship,
  type ConcordanceRow,
  cnEditionFor,
  codeLevel,
  HS_EDITIONS,
  HS2022_REVISION_DATE,
  type HsDescription,
  type HsEdition,
  hsEditionFor,
  ProductLevel,
  truncateCode,
} from './products.js';
export { REPORTING_CAVEATS, type ReportingCaveat, reportingCaveats } from './reporting-caveats.js';
export {
  type ChplEntry,
  type ChplTier,
  chplCodes,
  SanctionCategory,
  type SanctionedCn8,
  type SanctionedHs6,
  sanctionedOn,
} from './sanctions.js';
