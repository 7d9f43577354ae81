import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as inference from '../../src/inference/index.js';
import * as model from '../../src/model/index.js';

// Doc-tests: every @example in src/inference that imports from 'trade-roundabout' is transpiled and run against the
// sources. A line `expr; // => value` asserts `expr` equals `value` when `value` is a literal (numbers to 9
// decimals), or to 6 decimals when it reads `number (up to rounding)`; other `// =>` notes are prose.

const dir = new URL('../../src/inference/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

interface Example {
  file: string;
  code: string;
}

const examples: Example[] = [];
for (const file of files) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  for (const block of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    const lines = block.split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ''));
    const start = lines.findIndex((l) => l.startsWith('@example'));
    if (start < 0) continue;
    const body: string[] = [];
    for (const l of lines.slice(start + 1)) {
      if (l.startsWith('@')) break;
      body.push(l);
    }
    const code = body.join('\n').trim();
    if (code.includes("from 'trade-roundabout'")) examples.push({ file, code });
  }
}

function literal(text: string): { value: unknown; digits: number } | undefined {
  const rounding = /^(-?[\d.e+-]+) \(up to rounding\)$/.exec(text);
  if (rounding) return { value: Number(rounding[1]), digits: 6 };
  try {
    return { value: JSON.parse(text.replace(/'/g, '"')), digits: 9 };
  } catch {
    return undefined;
  }
}

function check(actual: unknown, expected: { value: unknown; digits: number }): void {
  if (typeof expected.value === 'number') expect(actual).toBeCloseTo(expected.value, expected.digits);
  else if (ArrayBuffer.isView(actual)) expect(Array.from(actual as Int32Array)).toEqual(expected.value);
  else expect(actual).toEqual(expected.value);
}

function run(code: string): number {
  let checks = 0;
  const src = code
    .split('\n')
    .map((line) => {
      const imp = /^import \{([^}]+)\} from 'trade-roundabout';$/.exec(line.trim());
      if (imp) return `const {${imp[1]!.replace(/\btype\s+\w+\s*,?/g, '')}} = __lib;`;
      const m = /^(.*?);\s*\/\/ => (.*)$/.exec(line);
      if (m) {
        const lit = literal(m[2]!.trim());
        if (lit !== undefined) {
          checks++;
          return `__check((${m[1]}), ${JSON.stringify(lit)});`;
        }
      }
      return line;
    })
    .join('\n');
  const js = ts.transpileModule(src, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText;
  new Function('__lib', '__check', js)({ ...model, ...inference }, check);
  return checks;
}

describe('@example blocks of src/inference run', () => {
  it('there are examples for every exported function', () => {
    const fns = Object.entries(inference)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    expect(fns.length).toBeGreaterThan(10);
    const missing = fns.filter(
      (name) => !examples.some((e) => new RegExp(`import \\{[^}]*\\b${name}\\b`).test(e.code)),
    );
    expect(missing).toEqual([]);
  });

  it.each(examples.map((e, i) => [`${e.file} #${i}`, e] as const))('%s', (_, e) => {
    const checks = run(e.code);
    // Every example states at least one result that is checked.
    expect(checks).toBeGreaterThan(0);
  });
});
