/**
 * The calibration harness: `npm run calibration [-- --reps N --seed S --only a,b --out FILE]`.
 *
 * Runs every `bench/calibration/section-*.ts` and prints, for each method and SYNTHETIC data-generating process, the
 * empirical coverage / size / power at the nominal level, with the 99.9% binomial band a correct method's rate falls
 * in at that replication count. Rows a method claims (its doc comment) are judged against the targets of the
 * calibration issue — coverage of a nominal 95% interval in 93–97%, size of a nominal 5% test at most 7% — and
 * marked `off`; misspecified rows are shown apart and not judged.
 *
 * @module
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binomialBand } from './calibration/stats.js';
import type { CalibrationRow, CalibrationSection } from './calibration/types.js';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The target a claimed row is judged against. */
export function judge(row: CalibrationRow): 'ok' | 'off' | '' {
  if (!row.claimed || row.reps === 0) return '';
  const rate = row.hits / row.reps;
  switch (row.kind) {
    case 'coverage':
      return rate >= row.nominal - 0.02 && rate <= row.nominal + 0.02 ? 'ok' : 'off';
    case 'size':
    case 'fwer':
      return rate <= row.nominal + 0.02 ? 'ok' : 'off';
    case 'uniformity':
      return rate >= 0.001 ? 'ok' : 'off';
    default:
      return '';
  }
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function formatRows(rows: readonly CalibrationRow[]): string {
  const out = [
    '| method | DGP (SYNTHETIC) | measure | nominal | reps | rate | 99.9% band if exact | target | note |',
    '| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const r of rows) {
    const rate = r.reps > 0 ? r.hits / r.reps : Number.NaN;
    const nominal = r.kind === 'uniformity' ? '' : pct(r.nominal);
    let band = '';
    if (r.kind === 'coverage' || r.kind === 'size' || r.kind === 'fwer') {
      const [lo, hi] = binomialBand(r.reps, r.nominal);
      band = `${pct(lo / r.reps)}–${pct(hi / r.reps)}`;
    }
    const shown = r.kind === 'uniformity' ? `KS p ${rate.toFixed(3)}` : pct(rate);
    out.push(
      `| ${r.method} | ${r.dgp} | ${r.kind} | ${nominal} | ${r.reps} | ${shown} | ${band} | ${judge(r)} | ${r.note ?? ''} |`,
    );
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const reps = arg('reps') === undefined ? undefined : Number(arg('reps'));
  const seed = Number(arg('seed') ?? 20221);
  const only = arg('only')?.split(',').filter(Boolean);
  const out = arg('out');
  const files = readdirSync(join(here, 'calibration'))
    .filter((f) => /^section-.*\.ts$/.test(f))
    .sort();
  const parts: string[] = [
    '# Calibration (SYNTHETIC data)',
    '',
    `Command: \`npm run calibration${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, seed ${seed}.`,
  ];
  let off = 0;
  const started = Date.now();
  for (const f of files) {
    const name = f.replace(/^section-|\.ts$/g, '');
    if (only && !only.includes(name)) continue;
    const mod = (await import(join(here, 'calibration', f))) as { section: CalibrationSection };
    const s = mod.section;
    const t0 = Date.now();
    const rows = await s.run({
      reps: reps ?? s.defaultReps,
      seed,
      progress: (m) => process.stderr.write(`[${name}] ${m}\n`),
    });
    const claimed = rows.filter((r) => r.claimed);
    const mis = rows.filter((r) => !r.claimed);
    off += claimed.filter((r) => judge(r) === 'off').length;
    parts.push('', `## ${s.title}`, '', s.description, '');
    parts.push('Claimed part of the grid:', '', formatRows(claimed));
    if (mis.length)
      parts.push(
        '',
        'Misspecified part (not judged; the method warns where it can tell):',
        '',
        formatRows(mis),
      );
    parts.push('', `(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  parts.push(
    '',
    `Claimed rows off target: ${off}. Total ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  );
  const text = `${parts.join('\n')}\n`;
  process.stdout.write(text);
  if (out) writeFileSync(out, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
