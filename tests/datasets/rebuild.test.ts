import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, buildDatasets } from '../../scripts/lib/build.js';
import { scaleDecimal } from '../../scripts/lib/csv.js';
import type { DatasetCatalog } from '../../src/datasets.js';
import { RAW_DIR } from './raw-dir.js';

const SHIPPED = fileURLToPath(new URL('../../datasets', import.meta.url));

describe('scripts/build-datasets.ts', () => {
  const out = mkdtempSync(join(tmpdir(), 'roundabout-datasets-'));
  let report: BuildReport | undefined;
  beforeAll(() => {
    report = buildDatasets({ rawDir: RAW_DIR, outDir: out });
  }, 120_000); // ~5 s alone; allow for a busy shared machine
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces datasets/ byte for byte', () => {
    const shipped = readdirSync(SHIPPED).sort();
    expect(readdirSync(out).sort()).toEqual(shipped);
    expect(shipped).toContain('catalog.json');
    expect(shipped.length).toBe(20);
    for (const f of shipped) {
      const a = readFileSync(join(SHIPPED, f));
      const b = readFileSync(join(out, f));
      expect({ file: f, equal: a.equals(b) }).toEqual({ file: f, equal: true });
    }
  });

  it('keeps files compact and free of machine paths', () => {
    for (const f of readdirSync(out)) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text.length).toBeLessThan(12_000_000);
      expect(text).not.toMatch(/\/work\/|\/home\/|\/tmp\/|[A-Z]:\\/);
    }
  });

  it('records the sha256 of every source file and accounts for every record read', () => {
    const catalog = JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8')) as DatasetCatalog;
    expect(catalog).toEqual(JSON.parse(JSON.stringify(report?.catalog)));
    for (const e of Object.values(catalog.datasets)) {
      expect(e.provenance.length).toBeGreaterThan(0);
      for (const p of e.provenance) {
        const digest = createHash('sha256')
          .update(readFileSync(join(RAW_DIR, p.file ?? '')))
          .digest('hex');
        expect(p.sha256).toBe(digest);
      }
      const rejected = e.build.rejects.reduce((s, r) => s + r.count, 0);
      expect(e.build.rowsKept + rejected).toBe(e.build.rowsRead);
      if (e.kind === 'observations') expect(e.rows).toBe(e.build.rowsKept + e.build.synthesised);
    }
  });
});

describe('scaleDecimal', () => {
  it('scales published numbers exactly, without float noise', () => {
    expect(scaleDecimal('289492.931', 3)).toBe('289492931');
    expect(scaleDecimal('36857.64969058968', 6)).toBe('36857649690.58968');
    expect(scaleDecimal('8e-05', 3)).toBe('0.08');
    expect(scaleDecimal('0.001435', 6)).toBe('1435');
    expect(scaleDecimal('7018745.8', 3)).toBe('7018745800');
    expect(scaleDecimal('0.0', 3)).toBe('0');
    expect(scaleDecimal('-0.50', 0)).toBe('-0.5');
    expect(scaleDecimal('300.0', 0)).toBe('300');
    expect(scaleDecimal('abc', 3)).toBeUndefined();
    // The float product is noisy; the string result is not.
    expect(36857.64969058968 * 1e6).not.toBe(36857649690.58968);
  });
});
