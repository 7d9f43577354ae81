// Test helpers for the report renderers: the SYNTHETIC fixture result, a finding whose strings try to break
// every output format, and Plot's float normaliser for golden files.
import type { Finding, RoundaboutResult } from '../../src/analyses/types.js';
import { syntheticRoundaboutResult } from '../fixtures/report/synthetic-roundabout-result.js';

export { syntheticRoundaboutResult };

/** The SYNTHETIC fixture (real trade values, made-up baselines and verdicts). */
export function fixture(): RoundaboutResult {
  return syntheticRoundaboutResult();
}

/** Text that tries to break Markdown tables, HTML, CSV and spreadsheets at once. */
export const HOSTILE =
  'A | B <script>alert("x")</script> & "quoted", comma\nnew line `code` *bold* [link](http://x)';

/** A copy of the first finding of `result` with hostile strings in every free-text field. */
export function hostileFinding(result: RoundaboutResult): Finding {
  const f = result.findings[0]!;
  return {
    ...f,
    id: `${f.id}/hostile`,
    destination: '=HYPERLINK("http://evil")',
    productGroup: '+cmd|calc',
    method: '@SUM(A1)' as string as Finding['method'],
    pMethod: '-2+3',
    warnings: ['\tleading tab', 'second, with comma', 'third "quoted"'],
    text: HOSTILE,
  } as Finding;
}

/** The result with one extra finding (cited by no leg). */
export function withFindings(result: RoundaboutResult, extra: readonly Finding[]): RoundaboutResult {
  return { ...result, findings: [...result.findings, ...extra] };
}

/** Plot's normaliser: floats with 4+ decimals rounded to 3, so goldens do not churn on the last bits. */
export function normaliseFloats(text: string): string {
  return text.replace(/\d+\.\d{4,}/g, (d) => String(+(+d).toFixed(3)));
}
