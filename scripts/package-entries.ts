/**
 * The package's entry points, read from tsconfig.json's `paths`: `trade-roundabout` → `index`,
 * `trade-roundabout/bulk` → `bulk`, each mapped to its source file. tsup builds one bundle per entry and vitest
 * resolves the same names to the sources, so the three cannot drift apart.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

const PACKAGE = 'trade-roundabout';

/** tsup-style entries: output name (`index`, `bulk`, …) → source path relative to the repository. */
export function packageEntries(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8')) as {
    compilerOptions: { paths: Record<string, readonly string[]> };
  };
  const out: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (name !== PACKAGE && !name.startsWith(`${PACKAGE}/`)) continue;
    if (target === undefined) throw new Error(`tsconfig.json paths[${name}] names no file`);
    const entry = name === PACKAGE ? 'index' : name.slice(PACKAGE.length + 1);
    out[entry] = target.replace(/^\.\//, '');
  }
  return out;
}
