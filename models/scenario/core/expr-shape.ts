// The shape checks of a rate expression, before and after parsing: a bounded size (so parsing,
// compiling and evaluating it cannot exhaust the stack, and evaluating it once per arrival stays
// cheap), and every allowed function called with arguments it accepts for every t. Separate from
// the sandbox (expr.ts) so that the mathjs instance can change without touching these rules.

import type { ConstantNode, FunctionNode, MathNode, OperatorNode, SymbolNode } from 'mathjs';

/** Longest expression text read: the bundled ones are under 60 characters. */
export const MAX_EXPRESSION_LENGTH = 1000;
/**
 * Deepest nesting of brackets in the text, and of operations in the parsed tree. mathjs parses,
 * compiles and evaluates recursively: 500 nested brackets already overflow its parser's stack.
 */
export const MAX_BRACKET_DEPTH = 32;
export const MAX_TREE_DEPTH = 64;

/**
 * How many arguments each allowed function takes (min, max), and for which argument positions
 * only a constant is accepted because mathjs throws for other values: the decimals of round,
 * floor and ceil, a whole number from 0 to 15.
 */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  sin: [1, 1], cos: [1, 1], tan: [1, 1], tanh: [1, 1], exp: [1, 1], log10: [1, 1], sqrt: [1, 1], abs: [1, 1], sign: [1, 1],
  log: [1, 2], min: [1, Infinity], max: [1, Infinity], mod: [2, 2], pow: [2, 2], floor: [1, 2], ceil: [1, 2], round: [1, 2],
};
const DECIMALS = new Set(['round', 'floor', 'ceil']);
const MAX_DECIMALS = 15;

/** Why the text is too large to parse safely; undefined when it is not. */
export function textTooLarge(text: string): string | undefined {
  if (text.length > MAX_EXPRESSION_LENGTH) return `${text.length} characters (at most ${MAX_EXPRESSION_LENGTH})`;
  let depth = 0, deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return deepest > MAX_BRACKET_DEPTH ? `brackets nested ${deepest} deep (at most ${MAX_BRACKET_DEPTH})` : undefined;
}

/** What is wrong with a parsed tree: nested too deep, or a call with arguments its function does not take. */
export type ShapeProblem = { readonly kind: 'deep' } | { readonly kind: 'call'; readonly detail: string };

/**
 * The first problem of a parsed tree whose constructs are all allowed. Walks the tree with its own
 * stack (never recursion).
 */
export function shapeProblem(root: MathNode): ShapeProblem | undefined {
  const stack: Array<{ node: MathNode; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) return { kind: 'deep' };
    if (node.type === 'FunctionNode') {
      const detail = callProblem(node as FunctionNode<MathNode>);
      if (detail !== undefined) return { kind: 'call', detail };
    }
    // Children of every node type, in order (getContent skips parentheses, which add no depth).
    node.forEach((child) => stack.push({ node: child, depth: node.type === 'ParenthesisNode' ? depth : depth + 1 }));
  }
  return undefined;
}

function callProblem(f: FunctionNode<MathNode>): string | undefined {
  const name = (f.fn as SymbolNode).name;
  const arity = ARITY[name];
  if (arity === undefined) return undefined; // not allowed at all: the whitelist says so
  const [least, most] = arity;
  const n = f.args.length;
  if (n < least || n > most) {
    const wanted = least === most ? `${least}` : most === Infinity ? `at least ${least}` : `${least} or ${most}`;
    return `${name}() with ${n} argument${n === 1 ? '' : 's'} (it takes ${wanted})`;
  }
  if (DECIMALS.has(name) && n === 2) {
    const decimals = constantValue(f.args[1]!);
    if (decimals === undefined || !Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
      return `${name}() with decimals ${f.args[1]!.toString()} (a whole number from 0 to ${MAX_DECIMALS}, written as a number)`;
    }
  }
  return undefined;
}

/** The number a constant argument is (parentheses and a sign allowed); undefined for anything else. */
function constantValue(node: MathNode): number | undefined {
  if (node.type === 'ParenthesisNode') return constantValue((node as unknown as { content: MathNode }).content);
  if (node.type === 'ConstantNode') {
    const v: unknown = (node as ConstantNode<ConstantNode['value']>).value;
    return typeof v === 'number' ? v : undefined;
  }
  if (node.type === 'OperatorNode') {
    const op = node as OperatorNode<never, never>;
    const inner = op.args.length === 1 ? constantValue(op.args[0]!) : undefined;
    if (inner === undefined) return undefined;
    return op.fn === 'unaryMinus' ? -inner : op.fn === 'unaryPlus' ? inner : undefined;
  }
  return undefined;
}
