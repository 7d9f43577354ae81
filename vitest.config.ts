import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { packageEntries } from './scripts/package-entries.js';

// Examples and tests import the package by name; resolve each entry (tsconfig.json `paths`, the same that tsup
// builds) to its source file, so tests need no build. Exact matches: `trade-roundabout` must not swallow
// `trade-roundabout/bulk`.
const alias = Object.entries(packageEntries()).map(([entry, file]) => ({
  find: new RegExp(`^trade-roundabout${entry === 'index' ? '' : `/${entry}`}$`),
  replacement: fileURLToPath(new URL(`./${file}`, import.meta.url)),
}));

export default defineConfig({
  resolve: { alias },
  test: {
    // The ClickHouse cluster test needs the servers of scripts/clickhouse-cluster.sh; .ci/run starts them and sets
    // ROUNDABOUT_CLICKHOUSE_URL, and only then is it collected (never skipped: absent from ordinary runs).
    include: process.env.ROUNDABOUT_CLICKHOUSE_URL
      ? ['tests/**/*.test.ts', 'tests/**/*.cluster-test.ts']
      : ['tests/**/*.test.ts'],
    expect: { requireAssertions: true },
    setupFiles: ['tests/setup/fail-on-console.ts', 'tests/setup/fast-check.ts'],
    testTimeout: 60_000,
    // Hooks that run roundabout() on the shipped data take 5–25 s, more on a loaded 2-core machine.
    hookTimeout: 180_000,
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
