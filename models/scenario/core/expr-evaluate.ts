// Evaluates a whitelisted expression tree (core/expr.ts has checked every node) as mathjs's own
// compile would, without its per-call cost: mathjs wraps each call's scope in a map and resolves
// each operation through typed-function's dispatch. Here each node becomes a closure over the very
// function mathjs calls; where mathjs's signature for that many numbers exists, it is called
// directly when every argument is a number (which is what typed-function's dispatch would pick),
// and otherwise the typed function itself is called (booleans from comparisons, min/max, equal).
// Nodes mean what mathjs's `_compile` makes of them: a symbol is `t` or a constant of the
// instance, a conditional tests its condition with `!!`, a comparison chain stops at its first
// false link. A load checks 10,001 points of each rate expression, and runs evaluate it at every
// candidate arrival: this made both about 30 times cheaper. test/models/scenario/expr-evaluate.test.ts
// checks it against mathjs's compile on random trees, bit for bit.

import type { ConditionalNode, ConstantNode, FunctionNode, MathJsInstance, MathNode, OperatorNode, ParenthesisNode, RelationalNode, SymbolNode } from 'mathjs';

type Value = number | boolean;
type Evaluate = (t: number) => Value;
type Typed = ((...args: Value[]) => Value) & { signatures?: Readonly<Record<string, (...args: number[]) => Value>> };

/** The tree as a function of t (mathjs's value: a number or a boolean). */
export function treeEvaluator(root: MathNode, math: MathJsInstance): Evaluate {
  const functions = math as unknown as Readonly<Record<string, Typed>>;
  const compile = (node: MathNode): Evaluate => {
    switch (node.type) {
      case 'ConstantNode': {
        const value = (node as ConstantNode<number>).value;
        return () => value;
      }
      case 'SymbolNode': {
        const name = (node as SymbolNode).name;
        if (name === 't') return (t) => t;
        const value = (math as unknown as Record<string, number>)[name]!;
        return () => value;
      }
      case 'ParenthesisNode':
        return compile((node as ParenthesisNode).content);
      case 'OperatorNode': {
        const op = node as OperatorNode<never, never>;
        return call(functions[op.fn]!, op.args.map(compile));
      }
      case 'FunctionNode': {
        const f = node as FunctionNode<MathNode>;
        return call(functions[(f.fn as SymbolNode).name]!, f.args.map(compile));
      }
      case 'ConditionalNode': {
        const c = node as ConditionalNode;
        const [test, yes, no] = [compile(c.condition), compile(c.trueExpr), compile(c.falseExpr)];
        return (t) => (test(t) ? yes(t) : no(t));
      }
      case 'RelationalNode': {
        const r = node as RelationalNode;
        const params = r.params.map(compile);
        const tests = r.conditionals.map((name) => functions[name]!);
        return (t) => {
          let right = params[0]!(t);
          for (let i = 0; i < tests.length; i++) {
            const left = right;
            right = params[i + 1]!(t);
            if (!tests[i]!(left, right)) return false;
          }
          return true;
        };
      }
      default:
        throw new Error(`internal error: a ${node.type} passed the expression whitelist`);
    }
  };
  return compile(root);
}

/** A call of a typed function on evaluated arguments (mathjs's parser makes operators unary or binary). */
function call(fn: Typed, args: readonly Evaluate[]): Evaluate {
  const direct = fn.signatures?.[args.map(() => 'number').join(',')];
  if (args.length === 1) {
    const [a] = args as [Evaluate];
    if (direct === undefined) return (t) => fn(a(t));
    return (t) => {
      const x = a(t);
      return typeof x === 'number' ? direct(x) : fn(x);
    };
  }
  if (args.length === 2) {
    const [a, b] = args as [Evaluate, Evaluate];
    if (direct === undefined) return (t) => fn(a(t), b(t));
    return (t) => {
      const x = a(t);
      const y = b(t);
      return typeof x === 'number' && typeof y === 'number' ? direct(x, y) : fn(x, y);
    };
  }
  return (t) => fn(...args.map((arg) => arg(t)));
}
