// Where the private mathjs instances' factories come from (core/mathjs.ts builds the instances).
// mathjs's package exports only its whole-library entry, whose import alone builds every function
// (about a second of CPU), so each factory is required by path from the package's CommonJS build,
// synchronously (the loader that asks is synchronous). Loading a library is the one use of
// node:module in models (test/layering.test.ts): it reads nothing of the user's.
//
// The command-line bundle (scripts/bundle-cli.mjs) replaces this module by one that requires, at
// an instance's first use, a bundle of its factories from mathjs's ES build (dist/bin/mathjs-*.cjs).

import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

export type FactoryMap = Readonly<Record<string, unknown>>;
export type Create = (factories: FactoryMap, config: { predictable: boolean }) => MathJsInstance;
/** `Number` builds for plain numbers only (all a rate expression computes with); `Any` also knows units. */
export type Kind = 'Number' | 'Any';

const require = createRequire(import.meta.url);
/** The folder of mathjs's CommonJS build (`.../mathjs/lib/cjs/`). */
const CJS = require.resolve('mathjs').replace(/index\.js$/, '');

/** Where a file's name differs from the function's (`unit` is built by `createUnitFunction`). */
const FILE_NAMES: Readonly<Record<string, string>> = { unit: 'UnitFunction' };

/** `sin` -> the factories `sin` needs, from `entry/dependencies<Kind>/dependenciesSin.generated.js`. */
export function dependenciesOf(kind: Kind, name: string): FactoryMap | undefined {
  const file = `dependencies${FILE_NAMES[name] ?? `${name[0]!.toUpperCase()}${name.slice(1)}`}.generated.js`;
  const exported = require(`${CJS}entry/dependencies${kind}/${file}`) as Record<string, FactoryMap>;
  return exported[`${name}Dependencies`];
}

/** mathjs's `create`; `kind` says which instance it builds (the bundle keeps one copy per instance). */
export function createFunction(_kind: Kind): Create {
  return (require(`${CJS}core/create.js`) as { create: Create }).create;
}
