// The two private mathjs instances, each built on first use from only the factories it needs:
// one for rate expressions (the parser and the functions, operators and constants the sandbox
// allows, core/sandbox-functions.ts) and one for the unit table. Importing mathjs whole costs
// about a second of CPU (it builds every function up front); a scenario without an expression
// never loads it, and one with an expression loads the number-only parts it uses.
//
// mathjs's package exports only its whole-library entry, so the factories are required by path
// from the package's CommonJS build (synchronously: the loader that asks is synchronous). Loading
// a library is the one use of node:module in models (test/layering.test.ts): no I/O of the user's.

import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';
import { ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, CONSTANTS } from './sandbox-functions.js';

type FactoryMap = Readonly<Record<string, unknown>>;
type Create = (factories: FactoryMap, config: { predictable: boolean }) => MathJsInstance;

const require = createRequire(import.meta.url);
/** The folder of mathjs's CommonJS build (`.../mathjs/lib/cjs/`). */
const CJS = require.resolve('mathjs').replace(/index\.js$/, '');

/** Where a file's name differs from the function's (`unit` is built by `createUnitFunction`). */
const FILE_NAMES: Readonly<Record<string, string>> = { unit: 'UnitFunction' };

/**
 * `sin` -> the factories `sin` needs, from `entry/dependencies<Kind>/dependenciesSin.generated.js`:
 * `Number` for plain numbers only (all a rate expression computes with: half the code to load),
 * `Any` for units (whose factory needs the other number types).
 */
function dependenciesOf(kind: 'Number' | 'Any', name: string): FactoryMap {
  const file = `dependencies${FILE_NAMES[name] ?? `${name[0]!.toUpperCase()}${name.slice(1)}`}.generated.js`;
  const exported = require(`${CJS}entry/dependencies${kind}/${file}`) as Record<string, FactoryMap>;
  const deps = exported[`${name}Dependencies`];
  if (deps === undefined) throw new Error(`internal error: mathjs has no factory for '${name}'`);
  return deps;
}

function build(kind: 'Number' | 'Any', names: readonly string[]): MathJsInstance {
  const { create } = require(`${CJS}core/create.js`) as { create: Create };
  const factories = Object.assign({}, ...names.map((n) => dependenciesOf(kind, n))) as FactoryMap;
  // predictable: sqrt(-1) and log(-1) give NaN (caught by the range check) instead of complex numbers.
  return create(factories, { predictable: true });
}

let expressions: MathJsInstance | undefined;
let units: MathJsInstance | undefined;

/** The instance that parses and compiles rate expressions (nothing else is built into it). */
export function expressionMath(): MathJsInstance {
  expressions ??= build('Number', ['parse', 'compile', ...ALLOWED_FUNCTIONS, ...ALLOWED_OPERATORS, ...CONSTANTS]);
  return expressions;
}

/** The instance whose unit table `lookupUnit` reads. */
export function unitMath(): MathJsInstance {
  units ??= build('Any', ['unit']);
  return units;
}
