// The private, hardened mathjs instance: rate expressions of t (checked against a whitelist,
// compiled once) and the unit table that units.ts converts with. Nothing here reaches the host.

import { all, create } from 'mathjs';
import type {
  ConditionalNode, ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, RelationalNode, SymbolNode,
} from 'mathjs';
import { CONSTRUCT, disabledInSandbox, msg } from './messages.js';
import type { Message } from './messages.js';

// `all` is typed optional but always present. predictable: sqrt(-1) and log(-1) give NaN
// (caught by the range check) instead of complex numbers.
const math = create(all!, { predictable: true });
// References kept before hardening: the stubs below replace the public names only.
const parse = math.parse;
const unit = math.unit;
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

export const ALLOWED_FUNCTIONS: readonly string[] = [
  'sin', 'cos', 'tan', 'exp', 'log', 'log10', 'sqrt', 'abs', 'min', 'max', 'floor', 'ceil', 'round', 'mod', 'pow', 'sign', 'tanh',
];
const FUNCTIONS = new Set(ALLOWED_FUNCTIONS);
const SYMBOLS = new Set(['t', 'pi', 'e']);
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);
const COMPARISONS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);

export interface CompiledExpression {
  readonly text: string;
  /** The value at `t` seconds; NaN when the expression does not give a number. */
  readonly evaluate: (t: number) => number;
}

export type ExpressionResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly message: Message };

/** Parses with the private instance, rejects anything outside the whitelist, and compiles once. */
export function compileExpression(text: string): ExpressionResult {
  let root: MathNode;
  try {
    root = parse(text);
  } catch (error) {
    return { ok: false, message: msg.expressionSyntax(text, error instanceof Error ? error.message : String(error)) };
  }
  const construct = forbiddenConstruct(root);
  if (construct !== undefined) return { ok: false, message: msg.forbiddenConstruct(text, construct, ALLOWED_FUNCTIONS) };
  const code = root.compile();
  const evaluate = (t: number): number => {
    const value: unknown = code.evaluate({ t });
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

/** Looks a unit name up in the private instance's table; undefined when mathjs does not know it. */
export function lookupUnit(name: string): UnitInfo | undefined {
  try {
    const u = unit(1, name);
    const base = u.units[0]?.unit.base.key ?? 'UNKNOWN';
    return { base, si: u.value };
  } catch {
    return undefined;
  }
}
