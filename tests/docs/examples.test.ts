import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as bulk from '../../src/bulk.js';
import * as core from '../../src/index.js';
import * as remote from '../../src/remote.js';
import { packageExports } from './package-exports.js';

// The exports of the core, trade-roundabout/bulk and trade-roundabout/remote (the names an example may use).
const lib: Record<string, unknown> = { ...core, ...bulk, ...remote };

// The @example of every exported function runs as written, with the package's exports in scope, and every
// `expression; // => value` claim in it holds: a doctest. The few examples that need the user's files, the live
// services or a folder to write to are listed in NOT_RUN with the reason.
const DIRS = ['src/'];

const because = (why: string, names: readonly string[]): [string, string][] => names.map((n) => [n, why]);

/** Functions whose example is shown, not run, and why. */
const NOT_RUN: Readonly<Record<string, string>> = Object.fromEntries([
  ...because("reads a file of the user's (the pure from* parsers' examples run)", [
    'loadCsv',
    'loadComextBulk',
    'loadComextRelational',
    'loadComtrade',
    'loadHmrcOts',
    'loadJsonStat',
    'loadSdmxCsv',
  ]),
  ...because('reads a Comext bulk file the user downloads', [
    'queryComextBulk',
    'aggregateComextBulk',
    'comextBulkSeries',
    'comextBulkObservations',
  ]),
  ...because('calls the live service (tested against the replay server instead)', [
    'fetchEurostat',
    'fetchHmrc',
    'fetchComtrade',
    'fetchEurostatRaw',
    'fetchHmrcRaw',
    'fetchComtradeRaw',
  ]),
  ...because("reads the user's cache folder", ['openCache']),
  ...because('writes a file in the working folder', ['renderHtml', 'renderMarkdown', 'toCsv', 'toJson']),
]);

interface Example {
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

function documentedExamples(): Example[] {
  const { checker, exports } = packageExports();
  const out: Example[] = [];
  for (const { name, symbol, file } of exports) {
    if ((symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) === 0) continue;
    if (!DIRS.some((d) => file.startsWith(d)) || file.startsWith('src/cli/')) continue;
    for (const tag of symbol.getJsDocTags(checker)) {
      if (tag.name !== 'example') continue;
      out.push({ name, file, code: ts.displayPartsToString(tag.text) });
    }
  }
  return out;
}

/** A claim `// => …` parsed: the expected value and whether it is approximate (≈, …, "about", "up to rounding"). */
interface Claim {
  readonly expected: unknown;
  readonly approximate: boolean;
}

function evaluate(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const js = ts.transpileModule(`export default (${text});`, {
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    }).outputText;
    const m: { exports: { default?: unknown } } = { exports: {} };
    new Function('module', 'exports', js)(m, m.exports);
    return { ok: true, value: m.exports.default };
  } catch {
    return { ok: false };
  }
}

/** Parse the text after `// =>`; `null` for a claim in words ("the same number on every run"). */
function parseClaim(raw: string): Claim | null {
  let text = raw.trim();
  let approximate = /…|≈|\babout\b|approx\.|up to rounding/.test(text);
  // `a / b - 1 ≈ 3.247` or `0.6745 * 18 = 12.141`: the value is what follows.
  const approx = /(?:≈|=)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/.exec(text);
  if (approx !== null) {
    approximate = true;
    text = approx[1]!;
  }
  text = text
    .replace(/\s*\([^()]*\)\s*$/, '') // a trailing note in parentheses
    .replace(/…/g, '')
    .replace(/^about\s+/, '')
    .replace(/^(Int32Array|Float64Array|Uint8Array)\s+/, '');
  const r = evaluate(text);
  return r.ok ? { expected: r.value, approximate } : null;
}

function close(actual: unknown, expected: unknown, approximate: boolean): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!approximate) return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
    // As many digits as the claim shows: within half a unit of its last digit, or 0.1% when fewer are shown.
    const decimals = (String(expected).split('.')[1] ?? '').length;
    const tol = Math.max(0.5 * 10 ** -decimals, 1e-3 * Math.abs(expected));
    return Math.abs(actual - expected) <= tol;
  }
  if (Array.isArray(expected)) {
    const a = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
    return (
      Array.isArray(a) &&
      a.length === expected.length &&
      expected.every((e, i) => close(a[i], e, approximate))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => close(a[k], v, approximate));
  }
  return Object.is(actual, expected);
}

/**
 * The example as an async function body: `import … from 'trade-roundabout'` lines dropped (the exports are in
 * scope), and every statement followed by a `// => claim` on its last line wrapped in a check of its value.
 */
function instrument(code: string): { body: string; claims: number } {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const lines = code.split('\n');
  const edits: { start: number; end: number; text: string }[] = [];
  let claims = 0;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      edits.push({ start: statement.getStart(), end: statement.getEnd(), text: '' });
      continue;
    }
    const endLine = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
    const after = lines[endLine]!.slice(source.getLineAndCharacterOfPosition(statement.getEnd()).character);
    const m = /^\s*\/\/ =>(.*)$/.exec(after);
    if (m === null) continue;
    const claim = parseClaim(m[1]!);
    if (claim === null) continue;
    const arg = JSON.stringify({ raw: m[1]!.trim(), line: endLine + 1 });
    if (ts.isExpressionStatement(statement)) {
      claims++;
      edits.push({
        start: statement.getStart(),
        end: statement.getEnd(),
        text: `__check(${statement.expression.getText()}, ${arg});`,
      });
    } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const d = statement.declarationList.declarations[0]!;
      if (ts.isIdentifier(d.name)) {
        claims++;
        edits.push({
          start: statement.getEnd(),
          end: statement.getEnd(),
          text: ` __check(${d.name.text}, ${arg});`,
        });
      }
    }
  }
  let body = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    body = body.slice(0, e.start) + e.text + body.slice(e.end);
  }
  return { body, claims };
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<void>;

async function run(example: Example): Promise<{ checked: number; failures: string[] }> {
  const { body } = instrument(example.code);
  const js = ts.transpileModule(body, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const names = Object.keys(lib).join(', ');
  const failures: string[] = [];
  let checked = 0;
  const check = (actual: unknown, where: { raw: string; line: number }) => {
    checked++;
    const claim = parseClaim(where.raw)!;
    if (!close(actual, claim.expected, claim.approximate)) {
      failures.push(`line ${where.line}: claims ${where.raw}, got ${JSON.stringify(actual)}`);
    }
  };
  // Examples may print; the test setup fails on console output, so they get a console of their own.
  const printed: unknown[][] = [];
  const quiet = { log: (...a: unknown[]) => printed.push(a), table: (...a: unknown[]) => printed.push(a) };
  const fn = new AsyncFunction('lib', '__check', 'console', `const { ${names} } = lib;\n${js}`);
  await fn(lib, check, quiet);
  return { checked, failures };
}

describe('the @example of every exported function and constant', () => {
  const tally = { claims: 0, checked: 0 };
  const examples = documentedExamples();

  it('finds them (a sanity check: an empty list cannot pass the checks below)', () => {
    expect(examples.length).toBeGreaterThan(50);
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['seasonalTrend', 'did', 'supF']));
  });

  it('parses the claims of the documented forms', () => {
    expect(parseClaim(' [1, 2, 3, null]')).toEqual({ expected: [1, 2, 3, null], approximate: false });
    expect(parseClaim(" 'index'")).toEqual({ expected: 'index', approximate: false });
    expect(parseClaim(' 1 (220 / 110 - 1)')).toEqual({ expected: 1, approximate: false });
    expect(parseClaim(' 1170.9 / 263.2 - 1 ≈ 3.449')).toEqual({ expected: 3.449, approximate: true });
    expect(parseClaim(' 5 (up to rounding)')).toEqual({ expected: 5, approximate: true });
    expect(parseClaim(' [null, 3.4487…] (+345%)')).toEqual({ expected: [null, 3.4487], approximate: true });
    expect(parseClaim(' Int32Array [0, 1, 0]')).toEqual({ expected: [0, 1, 0], approximate: false });
    expect(parseClaim(' the same number on every run')).toBeNull();
  });

  it('catches a false claim (the checker can fail)', async () => {
    const r = await run({ name: 'x', file: 'x', code: 'const xs = [1, 2];\nxs.length; // => 3' });
    expect(r.failures).toEqual(['line 2: claims 3, got 2']);
  });

  it('lists only examples that exist among those not run', () => {
    const names = new Set(examples.map((e) => e.name));
    expect(Object.keys(NOT_RUN).filter((n) => !names.has(n))).toEqual([]);
  });

  it.each(
    documentedExamples()
      .filter((e) => NOT_RUN[e.name] === undefined)
      .map((e) => [`${e.name} (${e.file})`, e] as const),
  )('%s runs and its claims hold', async (_label, example) => {
    const r = await run(example);
    tally.claims += instrument(example.code).claims;
    tally.checked += r.checked;
    expect(r.failures).toEqual([]);
  });

  // Runs after the examples above (tests in a file run in order): every claim found was checked.
  it('checked every parsable claim of the examples run', () => {
    expect(tally.checked).toBe(tally.claims);
    expect(tally.claims).toBeGreaterThan(60);
  });
});
