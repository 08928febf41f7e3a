// Rate expressions of t, parsed by a private, hardened mathjs instance, checked against a
// whitelist and compiled once into closures over that instance's functions (core/expr-evaluate.ts),
// and the unit table that units.ts converts with. Nothing here reaches the host.
// The instances are built on first use (core/mathjs.ts): a scenario without an expression or an
// unusual unit never loads mathjs.

import type {
  ConditionalNode, ConstantNode, FunctionNode, MathJsInstance, MathNode, OperatorNode, ParenthesisNode, RelationalNode, SymbolNode,
} from 'mathjs';
import { CONSTRUCT, disabledInSandbox, msg } from './messages.js';
import { MAX_TREE_DEPTH, shapeProblem, textTooLarge } from './expr-shape.js';
import type { Message } from './messages.js';
import { expressionMath, unitMath } from './mathjs.js';
import { treeEvaluator } from './expr-evaluate.js';
import { ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, ALLOWED_SYMBOLS, COMPARISONS as COMPARISON_NAMES } from './sandbox-functions.js';

export { ALLOWED_FUNCTIONS };

let hardened: { readonly parse: MathJsInstance['parse'] } | undefined;

/**
 * The expression instance's parser, after its public import/createUnit/evaluate/parse/... are
 * replaced by stubs that throw (the instance holds none of them but parse and compile; the stubs
 * make sure nothing reached through it can add or run code).
 */
function sandboxParse(): MathJsInstance['parse'] {
  if (hardened === undefined) {
    const math = expressionMath();
    // Kept before hardening: the stubs replace the public names only.
    const parse = math.parse;
    const stub = (name: string) => () => {
      throw new Error(disabledInSandbox(name));
    };
    math.import(
      {
        import: stub('import'), createUnit: stub('createUnit'), evaluate: stub('evaluate'), parse: stub('parse'),
        simplify: stub('simplify'), derivative: stub('derivative'), compile: stub('compile'), resolve: stub('resolve'),
      },
      { override: true },
    );
    hardened = { parse };
  }
  return hardened.parse;
}

const FUNCTIONS = new Set(ALLOWED_FUNCTIONS);
const SYMBOLS = new Set(ALLOWED_SYMBOLS);
const OPERATORS = new Set(ALLOWED_OPERATORS);
const COMPARISONS = new Set(COMPARISON_NAMES);

export interface CompiledExpression {
  readonly text: string;
  /** The value at `t` seconds; NaN when the expression does not give a number. */
  readonly evaluate: (t: number) => number;
}

export type ExpressionResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly message: Message };

/** Parses with the private instance, rejects anything outside the whitelist, and compiles once (core/expr-evaluate.ts). */
export function compileExpression(text: string): ExpressionResult {
  const tooLarge = textTooLarge(text);
  if (tooLarge !== undefined) return { ok: false, message: msg.expressionTooLarge(text, tooLarge) };
  let root: MathNode;
  try {
    root = sandboxParse()(text);
  } catch (error) {
    return { ok: false, message: msg.expressionSyntax(text, error instanceof Error ? error.message : String(error)) };
  }
  const construct = forbiddenConstruct(root);
  if (construct !== undefined) return { ok: false, message: msg.forbiddenConstruct(text, construct, ALLOWED_FUNCTIONS) };
  const shape = shapeProblem(root);
  if (shape !== undefined) {
    return { ok: false, message: shape.kind === 'deep' ? msg.expressionTooDeep(text, MAX_TREE_DEPTH) : msg.badCall(text, shape.detail) };
  }
  const tree = treeEvaluator(root, expressionMath());
  const evaluate = (t: number): number => {
    let value: unknown;
    // The shape checks leave mathjs nothing to throw for; should it still, the value is not a number.
    try { value = tree(t); } catch { return NaN; }
    if (typeof value === 'number') return value;
    return typeof value === 'boolean' ? Number(value) : NaN;
  };
  return { ok: true, expression: { text, evaluate } };
}

/** The first construct outside the whitelist, worded for the user; undefined when the tree is safe. */
function forbiddenConstruct(node: MathNode): string | undefined {
  const firstOf = (nodes: readonly MathNode[]): string | undefined => {
    for (const child of nodes) {
      const found = forbiddenConstruct(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  switch (node.type) {
    case 'ConstantNode': {
      const value: unknown = (node as ConstantNode<ConstantNode['value']>).value;
      if (typeof value === 'number') return undefined;
      return typeof value === 'string' ? CONSTRUCT.string(value) : CONSTRUCT.constant(String(value));
    }
    case 'SymbolNode': {
      const name = (node as SymbolNode).name;
      return SYMBOLS.has(name) ? undefined : CONSTRUCT.unknownName(name);
    }
    case 'ParenthesisNode':
      return forbiddenConstruct((node as ParenthesisNode).content);
    case 'OperatorNode': {
      const op = node as OperatorNode<never, never>;
      return OPERATORS.has(op.fn) ? firstOf(op.args) : CONSTRUCT.operator(String(op.op));
    }
    case 'ConditionalNode': {
      const c = node as ConditionalNode;
      return firstOf([c.condition, c.trueExpr, c.falseExpr]);
    }
    case 'RelationalNode': {
      const r = node as RelationalNode;
      const bad = r.conditionals.find((fn) => !COMPARISONS.has(fn));
      return bad === undefined ? firstOf(r.params) : CONSTRUCT.comparison(bad);
    }
    case 'FunctionNode': {
      const f = node as FunctionNode<MathNode>;
      if (f.fn.type !== 'SymbolNode') return CONSTRUCT.computedCall(f.fn.toString());
      const name = (f.fn as SymbolNode).name;
      return FUNCTIONS.has(name) ? firstOf(f.args) : CONSTRUCT.call(name);
    }
    case 'AccessorNode': return CONSTRUCT.access(node.toString());
    case 'IndexNode': return CONSTRUCT.index(node.toString());
    case 'AssignmentNode': return CONSTRUCT.assignment(node.toString());
    case 'FunctionAssignmentNode': return CONSTRUCT.functionDefinition(node.toString());
    case 'ObjectNode': return CONSTRUCT.object;
    case 'ArrayNode': return CONSTRUCT.list;
    case 'BlockNode': return CONSTRUCT.block;
    case 'RangeNode': return CONSTRUCT.range;
    default: return CONSTRUCT.other(node.type);
  }
}

export interface UnitInfo {
  /** mathjs base dimension, e.g. TIME, FREQUENCY, LENGTH. */
  readonly base: string;
  /** The value of one such unit in SI base units (seconds for TIME, per second for FREQUENCY). */
  readonly si: number;
}

/**
 * The units scenario files use, as mathjs defines them (test/models/scenario/mathjs-lazy.test.ts
 * checks each against mathjs): looked up without loading mathjs.
 */
export const COMMON_UNITS: ReadonlyMap<string, UnitInfo> = new Map([
  ['ns', 1e-9], ['us', 1e-6], ['ms', 0.001], ['s', 1], ['sec', 1], ['second', 1], ['seconds', 1],
  ['min', 60], ['minute', 60], ['minutes', 60], ['h', 3600], ['hour', 3600], ['hours', 3600],
  ['day', 86400], ['days', 86400], ['week', 604800], ['weeks', 604800],
].map(([name, si]) => [name as string, { base: 'TIME', si: si as number }]));

/** Looks a unit name up (the common ones in a table, else in the private instance's); undefined when mathjs does not know it. */
export function lookupUnit(name: string): UnitInfo | undefined {
  const common = COMMON_UNITS.get(name);
  if (common !== undefined) return common;
  try {
    const u = unitMath().unit(1, name);
    const base = u.units[0]?.unit.base.key ?? 'UNKNOWN';
    return { base, si: u.value };
  } catch {
    return undefined;
  }
}
