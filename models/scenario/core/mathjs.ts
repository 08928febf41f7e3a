// The two private mathjs instances, each built on first use from only the factories it needs:
// one for rate expressions (the parser and the functions, operators and constants the sandbox
// allows, core/sandbox-functions.ts) and one for the unit table. Importing mathjs whole costs
// about a second of CPU (it builds every function up front); a scenario without an expression
// never builds one, and one with an expression builds the number-only parts it uses.

import type { MathJsInstance } from 'mathjs';
import { createFunction, dependenciesOf, type FactoryMap, type Kind } from './mathjs-factories.js';
import { ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, CONSTANTS } from './sandbox-functions.js';

/** Each instance's factories by name (read by the command-line bundle too, scripts/bundle-cli.mjs). */
export const EXPRESSION_FACTORIES: readonly string[] = [...new Set(['parse', ...ALLOWED_FUNCTIONS, ...ALLOWED_OPERATORS, ...CONSTANTS])];
export const UNIT_FACTORIES: readonly string[] = ['unit'];

function build(kind: Kind, names: readonly string[]): MathJsInstance {
  const factories = Object.assign({}, ...names.map((name) => {
    const deps = dependenciesOf(kind, name);
    if (deps === undefined) throw new Error(`internal error: mathjs has no factory for '${name}'`);
    return deps;
  })) as FactoryMap;
  // predictable: sqrt(-1) and log(-1) give NaN (caught by the range check) instead of complex numbers.
  return createFunction(kind)(factories, { predictable: true });
}

let expressions: MathJsInstance | undefined;
let units: MathJsInstance | undefined;

/** The instance that parses and compiles rate expressions (nothing else is built into it). */
export function expressionMath(): MathJsInstance {
  expressions ??= build('Number', EXPRESSION_FACTORIES);
  return expressions;
}

/** The instance whose unit table `lookupUnit` reads. */
export function unitMath(): MathJsInstance {
  units ??= build('Any', UNIT_FACTORIES);
  return units;
}
