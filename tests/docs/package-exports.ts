import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** One export of the package's entry point, resolved through re-exports. */
export interface PackageExport {
  /** The exported name. */
  readonly name: string;
  /** The symbol it resolves to (aliases followed). */
  readonly symbol: ts.Symbol;
  /** The declaring file, relative to the repository (`src/…`). */
  readonly file: string;
}

/** Every export of `src/index.ts`, with the type checker that resolved them (for docs and tags). */
export function packageExports(): { checker: ts.TypeChecker; exports: PackageExport[] } {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName.replace(/^.*\/src\//, 'src/') ?? '?';
    return { name: exported.name, symbol, file };
  });
  return { checker, exports };
}
