import { defineConfig } from 'tsup';

export default defineConfig({
  // `danfo` is its own entry so the core bundle never loads danfojs-node (an optional peer dependency).
  entry: { index: 'src/index.ts', danfo: 'src/interop/danfo.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', danfo: 'src/interop/danfo.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
});
