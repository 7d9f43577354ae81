import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('README', () => {
  it('its API tour is examples/quickstart.ts, which CI runs, so the tour runs as written', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const quickstart = readFileSync(new URL('examples/quickstart.ts', root), 'utf8');
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks).toContain(quickstart);
  });

  it('states the two set-up commands, and CI runs the same test command', () => {
    expect(readme).toContain('npm ci && npm run report');
    expect(readme).toContain('npm test');
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.report).toContain('report');
    expect(pkg.scripts.test).toBe('vitest run');
  });
});
