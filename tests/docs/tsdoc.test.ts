import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every value the package exports (functions, constants, classes) carries a TSDoc comment with an @example;
// every exported type carries at least a summary. This is our stand-in for TypeDoc's `validation.notDocumented`.
const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

function exportsOf(): { name: string; kind: 'value' | 'type'; docs: string; tags: string[]; file: string }[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
    const decl = symbol.declarations?.[0];
    return {
      name: exported.name,
      kind: isValue ? 'value' : 'type',
      docs: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
      tags: symbol.getJsDocTags(checker).map((t) => t.name),
      file: decl?.getSourceFile().fileName.replace(/^.*\/src\//, 'src/') ?? '?',
    };
  });
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
