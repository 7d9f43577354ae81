import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageEntries } from '../../scripts/package-entries.js';

// What a user's `npm install` sees is package.json alone (our overrides and lockfile do not reach them), so the
// facts that make the tarball install and resolve are checked here; scripts/check-package.sh installs it for real.
interface Manifest {
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

describe('package.json', () => {
  it('builds before packing, so the tarball carries dist/', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('pins @uwdata/flechette to 2.6.0: arquero accepts ^2, and 2.7.0 depends on a package missing from the registry', () => {
    expect(pkg.dependencies['@uwdata/flechette']).toBe('2.6.0');
  });

  it('exports one subpath per tsconfig.json path (the entries tsup builds), each with ESM and CJS types', () => {
    const fromPaths = Object.keys(packageEntries()).map((e) => (e === 'index' ? '.' : `./${e}`));
    const exported = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    expect(exported.sort()).toEqual(fromPaths.sort());
    for (const [entry] of Object.entries(packageEntries())) {
      const key = entry === 'index' ? '.' : `./${entry}`;
      expect(pkg.exports[key], key).toEqual({
        import: { types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` },
        require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
      });
    }
  });

  it('keeps DuckDB out of the core install: @duckdb/node-api is an optional peer of trade-roundabout/bulk', () => {
    expect(pkg.dependencies['@duckdb/node-api']).toBeUndefined();
    // `*`: every release of @duckdb/node-api is a prerelease (1.5.6-r.1), which a caret range would refuse as the
    // user's install moves on (npm checks peers with semver, and ^1.5.6-r.1 rejects 1.5.7-r.1).
    expect(pkg.peerDependencies?.['@duckdb/node-api']).toBe('*');
    expect(pkg.peerDependenciesMeta?.['@duckdb/node-api']).toEqual({ optional: true });
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['./bulk', './remote']));
  });

  it('ships the CLI as the ESM build', () => {
    expect(pkg.bin).toEqual({ roundabout: './dist/cli.js' });
  });
});
