import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name; resolve it to the sources so tests need no build.
    alias: { 'trade-roundabout': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    expect: { requireAssertions: true },
    setupFiles: ['tests/setup/fail-on-console.ts', 'tests/setup/fast-check.ts'],
    testTimeout: 60_000,
    // Hooks that run roundabout() on the shipped data take 5–25 s, more on a loaded 2-core machine.
    hookTimeout: 180_000,
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
