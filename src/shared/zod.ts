/**
 * zod, loaded on first use, and zod schemas built on first use, not at module load.
 *
 * The library exports some forty zod schemas and validates options with more; built eagerly — or merely with zod
 * imported — they cost a good part of a cold `import('trade-roundabout')` whether or not a caller ever validates
 * anything. {@link lazySchema} wraps the builder of one schema in a proxy that builds it the first time any property
 * is read (`parse`, `safeParse`, `shape`, `_zod` when another schema uses it, …) and forwards every operation to it
 * from then on, so the exported value behaves as the schema itself: same methods, same results, same error
 * messages; `instanceof` works because zod's classes test the schema's traits, which the proxy forwards.
 *
 * This is the one module of the core that loads zod as a value, and it does so synchronously on first use (a
 * `require` of the package, which an ES module cannot do with `import` without loading zod at import time); schema
 * files import zod's types only and get `z` as the builder's argument. In the ESM build this loads zod's CommonJS
 * build, a second copy next to the ESM one a caller may import: zod supports that (its configuration and registry
 * live on `globalThis`, and its `instanceof` checks traits, not classes), so the library's schemas compose with the
 * caller's `z` either way.
 *
 * Internal: not part of the public API.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type * as Z from 'zod';

/** zod's `z` namespace, as handed to a schema builder. */
export type Zod = typeof Z.z;

let loaded: Zod | undefined;
let built = 0;

/**
 * zod's `z` namespace, for code that needs zod outside a schema builder (e.g. `zod().ZodError`).
 *
 * @example
 * zod().string().parse('KG'); // => 'KG'
 */
export function zod(): Zod {
  loaded ??= (requireHere()('zod') as typeof Z).z;
  return loaded;
}

/**
 * A `require` resolving from this module: from `import.meta.url` in an ES module, from `__filename` in a CommonJS
 * bundle whose bundler emptied `import.meta` (esbuild without tsup's shims), as `datasets.ts` does for its folder.
 */
function requireHere(): NodeJS.Require {
  const url: unknown = import.meta.url;
  return createRequire(typeof url === 'string' ? url : __filename);
}

/**
 * How many {@link lazySchema} schemas have been built so far in this process (for tests: importing the library
 * must build none).
 *
 * @example
 * const before = schemasBuilt();
 * lazySchema((z) => z.string()).parse('KG');
 * schemasBuilt() - before; // => 1
 */
export function schemasBuilt(): number {
  return built;
}

/**
 * A zod schema built by `build` the first time it is used, then reused: the returned value stands for the schema
 * everywhere (a proxy forwarding every operation to it). `build` must be pure: it runs at most once, whenever the
 * schema is first touched.
 *
 * @param build - builds the schema from zod's `z`
 * @returns the schema (as a proxy until first use, indistinguishable from it afterwards)
 * @example
 * const Code = lazySchema((z) => z.string().length(2));
 * Code.parse('KG'); // => 'KG' (the schema is built here, on first use)
 */
export function lazySchema<T extends object>(build: (z: Zod) => T): T {
  let schema: T | undefined;
  const real = (): T => {
    if (schema === undefined) {
      schema = build(zod());
      built++;
    }
    return schema;
  };
  // The target stays an empty extensible object, so every trap may report what the schema has (a property the
  // target lacks may be reported as existing only if configurable: descriptors are passed on as configurable).
  return new Proxy(Object.create(null) as T, {
    get: (_target, key) => Reflect.get(real(), key),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
