import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The entries whose exports are documented and doctested here: the core and the two entries that took names out
 * of it (issue 11: the bulk engine and the remote clients' raw layer), so moving a name does not drop its checks.
 */
export const DOCUMENTED_ENTRIES = ['index', 'bulk', 'remote'] as const;

const files = DOCUMENTED_ENTRIES.map((e) => fileURLToPath(new URL(`../../src/${e}.ts`, import.meta.url)));

/** One export of the package's entry point, resolved through re-exports. */
export interface PackageExport {
  /** The exported name. */
  readonly name: string;
  /** The symbol it resolves to (aliases followed). */
  readonly symbol: ts.Symbol;
  /** The declaring file, relative to the repository (`src/…`). */
  readonly file: string;
}

/**
 * Every export of the {@link DOCUMENTED_ENTRIES} (`src/index.ts`, `src/bulk.ts`, `src/remote.ts`), each name once,
 * with the type checker that resolved them (for docs and tags).
 */
export function packageExports(): { checker: ts.TypeChecker; exports: PackageExport[] } {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const exports: PackageExport[] = [];
  for (const entry of files) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (seen.has(exported.name)) continue;
      seen.add(exported.name);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const file = symbol.declarations?.[0]?.getSourceFile().fileName.replace(/^.*\/src\//, 'src/') ?? '?';
      exports.push({ name: exported.name, symbol, file });
    }
  }
  return { checker, exports };
}
