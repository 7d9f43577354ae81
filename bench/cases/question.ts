// The benchmark question, shared by every case: EU exports by partner × HS6 × month, from a Comext bulk file.
import type { QueryComextBulkOptions } from '../../src/engine/index.js';

/** "EU exports by partner × HS6 × month" as options of the library's DuckDB path. */
export const QUESTION: QueryComextBulkOptions = {
  flows: ['export'],
  groupBy: ['partner', 'product', 'period'],
  productLevel: 6,
  labels: { reporter: 'EU27_2020' },
};

/** What every case prints, as one JSON line on stdout. */
export interface CaseResult {
  /** Wall time of the work itself (reading + aggregating), ms: process start and imports excluded. */
  readonly ms: number;
  /** Peak resident set size seen from inside the process, MB (the runner also reads /usr/bin/time). */
  readonly rssMB: number;
  /** Output size (cells or groups) and anything else worth printing. */
  readonly cells?: number;
  readonly note?: string;
  readonly [k: string]: unknown;
}

/** Print a case result (the runner reads the last line). */
export function report(result: CaseResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak RSS of this process so far, MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
