import { defineConfig } from 'tsup';
import { packageEntries } from './scripts/package-entries.js';

// The library's entries are the `paths` of tsconfig.json (one per subpath of package.json's `exports`), so the
// type checker, the tests (vitest.config.ts) and the build resolve `trade-roundabout/…` the same way.
const entries = packageEntries();
// No `clean`: the two builds run at once and one must not delete the other's output; `npm run build` empties
// dist/ first.

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: { entry: entries },
    sourcemap: true,
    target: 'node20',
    shims: true,
  },
  {
    // The executable: ESM only (package.json `bin`), no declarations.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    shims: true,
  },
]);
