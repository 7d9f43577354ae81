import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageExports } from './package-exports.js';

// Every value the package exports (functions, constants, classes) carries a TSDoc comment with an @example;
// every exported type carries at least a summary. This is our stand-in for TypeDoc's `validation.notDocumented`.

function exportsOf(): { name: string; kind: 'value' | 'type'; docs: string; tags: string[]; file: string }[] {
  const { checker, exports } = packageExports();
  return exports.map(({ name, symbol, file }) => ({
    name,
    kind: (symbol.flags & ts.SymbolFlags.Value) !== 0 ? 'value' : 'type',
    docs: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
    tags: symbol.getJsDocTags(checker).map((t) => t.name),
    file,
  }));
}

describe('public API documentation', () => {
  const all = exportsOf();

  it('exports a substantial API (sanity check: an empty export list cannot pass the checks below)', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all.map((e) => e.name)).toContain('roundabout');
  });

  it('documents every exported value with a summary and an @example', () => {
    const missing = all
      .filter((e) => e.kind === 'value')
      .filter((e) => e.docs.trim() === '' || !e.tags.includes('example'))
      .map((e) => `${e.name} (${e.file})${e.docs.trim() === '' ? ' — no summary' : ' — no @example'}`);
    expect(missing).toEqual([]);
  });

  it('documents every exported type with a summary', () => {
    const missing = all
      .filter((e) => e.kind === 'type' && e.docs.trim() === '')
      .map((e) => `${e.name} (${e.file})`);
    expect(missing).toEqual([]);
  });
});
