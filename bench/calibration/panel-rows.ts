/**
 * Some rows of the inference calibration section alone (same seeds as `npm run calibration -- --only inference`,
 * so the same SYNTHETIC panels and the same figures): `npx tsx bench/calibration/panel-rows.ts [reps] [seed]
 * [method,method,…]`. Prints size / power / coverage in % per case; by default the eventStudy rows (CR2 with the
 * randomisation pre-trend test below 10 treated units, and the CR1 variant).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { caseRows, type Method, PANEL_CASES } from './section-inference.js';

const EVENT_STUDY: readonly Method[] = [
  'eventStudy',
  'eventStudy pre-trend',
  'eventStudy (cr1)',
  'eventStudy pre-trend (cr1)',
];

/** Markdown table of some methods' rows: size / power / coverage (%) by case. */
export function panelRowsTable(reps: number, seed: number, METHODS: readonly Method[] = EVENT_STUDY): string {
  const cells = new Map<string, string[]>();
  for (const [i, c] of PANEL_CASES.entries()) {
    const rows = caseRows(c, METHODS, reps, seed + 104729 * i);
    for (const m of METHODS) {
      const get = (kind: string) => {
        const r = rows.find((x) => x.method === m && x.kind === kind);
        return r === undefined || r.reps === 0 ? '–' : String(Math.round((100 * r.hits) / r.reps));
      };
      const list = cells.get(m) ?? [];
      list.push(`${get('size')} / ${get('power')} / ${get('coverage')}`);
      cells.set(m, list);
    }
  }
  const head = `| method | ${PANEL_CASES.map((c) => c.label).join(' | ')} |`;
  const sep = `| --- | ${PANEL_CASES.map(() => '---').join(' | ')} |`;
  return [head, sep, ...METHODS.map((m) => `| ${m} | ${cells.get(m)!.join(' | ')} |`)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reps = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 20221);
  const methods = process.argv[4]?.split(',') as Method[] | undefined;
  process.stdout.write(`${panelRowsTable(reps, seed, methods)}\n`);
}
