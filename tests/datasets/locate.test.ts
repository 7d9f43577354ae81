import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SHIPPED = fileURLToPath(new URL('../../datasets', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../src/datasets.ts', import.meta.url));
const MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * The datasets must be found from a bundle one level below the package root, as tsup emits `dist/index.js` (ESM)
 * and `dist/index.cjs` (CJS) and an installed package ships `datasets/` beside `dist/`. Bundle src/datasets.ts both
 * ways into a fake package and run it from an unrelated working directory. The package's dependencies resolve from
 * its `node_modules` (a link to the repo's), as an installed package's do: zod is loaded on first use by a `require`
 * that no bundler follows.
 */
describe('dataset location from built bundles', () => {
  const pkg = mkdtempSync(join(tmpdir(), 'roundabout-pkg-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'roundabout-cwd-'));
  afterAll(() => {
    rmSync(pkg, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  beforeAll(async () => {
    mkdirSync(join(pkg, 'datasets'));
    mkdirSync(join(pkg, 'dist'));
    copyFileSync(join(SHIPPED, 'catalog.json'), join(pkg, 'datasets', 'catalog.json'));
    copyFileSync(join(SHIPPED, 'chpl.csv'), join(pkg, 'datasets', 'chpl.csv'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'fake', type: 'module' }));
    symlinkSync(MODULES, join(pkg, 'node_modules'), 'dir');
    for (const format of ['esm', 'cjs'] as const) {
      await build({
        entryPoints: [ENTRY],
        bundle: true,
        platform: 'node',
        format,
        target: 'node20',
        outfile: join(pkg, 'dist', format === 'esm' ? 'index.js' : 'index.cjs'),
        logLevel: 'silent',
      });
    }
  }, 60_000);

  it.each([
    [
      'ESM',
      'index.js',
      "import('%s').then(async (m) => console.log((await m.loadDataset('chpl')).rows.length))",
    ],
    ['CJS', 'index.cjs', "require('%s').loadDataset('chpl').then((r) => console.log(r.rows.length))"],
  ])('finds datasets/ from the %s bundle', (_label, file, script) => {
    const out = execFileSync(process.execPath, ['-e', script.replace('%s', join(pkg, 'dist', file))], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('50');
  });
});
