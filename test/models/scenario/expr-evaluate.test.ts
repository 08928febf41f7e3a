// The rate-expression evaluator (models/scenario/core/expr-evaluate.ts) against mathjs's own
// compile: random trees of everything the whitelist allows, at random times, must give the same
// value bit for bit (NaN included), since runs of a scenario evaluate its rates at every arrival
// and a one-ulp difference would change every result after it.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { compileExpression } from '../../../models/scenario/index.js';
import { createFunction, dependenciesOf, type FactoryMap } from '../../../models/scenario/core/mathjs-factories.js';
import { EXPRESSION_FACTORIES } from '../../../models/scenario/core/mathjs.js';

const test = suite('rate expressions: evaluator against mathjs');

/** A fresh instance built as core/mathjs.ts builds the sandbox's: the reference, with its compile. */
const reference = createFunction('Number')(Object.assign({}, ...EXPRESSION_FACTORIES.map((n) => dependenciesOf('Number', n))) as FactoryMap, { predictable: true });

function mathjsValue(text: string, t: number): number {
  let value: unknown;
  try { value = reference.parse(text).compile().evaluate({ t }); } catch { return NaN; }
  if (typeof value === 'number') return value;
  return typeof value === 'boolean' ? Number(value) : NaN;
}

const number = fc.oneof(
  fc.constantFrom('0', '1', '2', '0.5', '3600', '1e-12', '1e300', '7200', '0.1', '2.5', '-2.5', '1e-320'),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => `(${String(x)})`),
  fc.integer({ min: -20, max: 20 }).map((x) => `(${x})`),
);
const unary = ['sin', 'cos', 'tan', 'exp', 'log', 'log10', 'sqrt', 'abs', 'floor', 'ceil', 'round', 'sign', 'tanh'];
const binary = ['log', 'floor', 'ceil', 'round', 'mod', 'pow', 'min', 'max'];
const operators = ['+', '-', '*', '/', '^', ' mod ', '<', '>', '<=', '>=', '==', '!=', ' and ', ' or '];

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    fc.constantFrom('t', 'pi', 'e', 't', 't'),
    fc.tuple(tie('expr'), fc.constantFrom(...operators), tie('expr')).map(([a, op, b]) => `(${a}${op}${b})`),
    fc.tuple(tie('expr'), fc.constantFrom('<', '<=', '>'), tie('expr'), fc.constantFrom('<', '>='), tie('expr')).map(([a, o1, b, o2, c]) => `(${a} ${o1} ${b} ${o2} ${c})`),
    fc.tuple(fc.constantFrom('-', '+', 'not '), tie('expr')).map(([op, a]) => `(${op}${a})`),
    fc.tuple(fc.constantFrom(...unary), tie('expr')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom(...binary), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom('min', 'max'), tie('expr'), tie('expr'), tie('expr')).map(([f, a, b, c]) => `${f}(${a}, ${b}, ${c})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom('2', '0.5', '3'), fc.constantFrom('t', 'pi', '(t - 1)')).map(([k, s]) => `${k} ${s}`),
  ),
}));

const times = fc.oneof(fc.constantFrom(0, 1, 3600, 7200, 0.5, 1e-9, 86400, -1), fc.double({ min: 0, max: 1e6, noNaN: true }));

test('random whitelisted trees give mathjs\'s value bit for bit at random times', () => {
  let compared = 0;
  fc.assert(fc.property(expr, fc.array(times, { minLength: 1, maxLength: 5 }), (text, ts) => {
    const compiled = compileExpression(text);
    if (!compiled.ok) return true; // too deep, or a call with the wrong count: refused, nothing to evaluate
    for (const t of ts) {
      const ours = compiled.expression.evaluate(t);
      const theirs = mathjsValue(text, t);
      if (!Object.is(ours, theirs)) throw new Error(`${text} at t = ${t}: ${ours}, mathjs ${theirs}`);
      compared++;
    }
    return true;
  }), { numRuns: 3000, seed: 20261206 });
  assert.ok(compared > 5000, `only ${compared} evaluations compared`);
});

test('the bundled scenarios\' expressions, on a fine grid', () => {
  for (const text of ['2 + 1.5 * sin(2 * pi * t / 7200)', '1.5 + 3 / (1 + exp(-(t - 3600) / 120))', 't < 10 ? 1 : max(2, abs(-3))', '(t > 3600) * 2 + (t <= 60 and t > 0)', 'mod(-t, 7) + round(-2.5) + floor(t / 3, 1)']) {
    const compiled = compileExpression(text);
    assert.ok(compiled.ok, text);
    if (!compiled.ok) continue;
    for (let i = 0; i <= 2000; i++) {
      const t = i * 3.7;
      assert.ok(Object.is(compiled.expression.evaluate(t), mathjsValue(text, t)), `${text} at ${t}`);
    }
  }
});

test.run();
