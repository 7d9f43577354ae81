import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../../src/', import.meta.url).pathname;
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('module boundaries (issue 13)', () => {
  it('engine/ imports nothing from sources/internal or panel/internal (it goes through shared/ingest.ts)', () => {
    const offending = files(join(src, 'engine')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => /(^|\/)(sources|panel)\/internal\//.test(spec))
        .map((spec) => `${f.slice(src.length)}: ${spec}`),
    );
    expect(files(join(src, 'engine')).length).toBeGreaterThan(3);
    expect(offending).toEqual([]);
  });
});
