import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileExpression, parseDuration } from '../../../models/scenario/index.js';
import type { CompiledExpression } from '../../../models/scenario/index.js';

function compiled(text: string): CompiledExpression {
  const r = compileExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.message.found}`);
  return r.expression;
}

function rejection(text: string): string {
  const r = compileExpression(text);
  if (r.ok) throw new Error(`${text} was accepted`);
  return r.message.found;
}

const expressions = suite('compileExpression');

expressions('a diurnal rate evaluates correctly at several times', () => {
  const e = compiled('10 + 5*sin(2*pi*t/86400)');
  assert.ok(Math.abs(e.evaluate(0) - 10) < 1e-12);
  assert.ok(Math.abs(e.evaluate(21600) - 15) < 1e-12);
  assert.ok(Math.abs(e.evaluate(64800) - 5) < 1e-12);
});

expressions('whitelisted functions, conditionals and comparisons work', () => {
  assert.is(compiled('t < 10 ? 1 : max(2, abs(-3))').evaluate(20), 3);
  assert.is(compiled('t < 10 ? 1 : 2').evaluate(5), 1);
  assert.is(compiled('mod(t, 7) + floor(2.5) + pow(2, 3) + sign(-t)').evaluate(9), 2 + 2 + 8 - 1);
  assert.ok(Math.abs(compiled('e^2 + log10(100) + sqrt(16)').evaluate(0) - (Math.E ** 2 + 2 + 4)) < 1e-12);
});

expressions('values outside the reals become NaN rather than complex numbers', () => {
  assert.ok(Number.isNaN(compiled('sqrt(t)').evaluate(-1)));
});

const forbidden: readonly (readonly [string, string])[] = [
  ['import("fs", {})', "a call of 'import'"],
  ['evaluate("1")', "a call of 'evaluate'"],
  ['createUnit("x")', "a call of 'createUnit'"],
  ['parse("1")', "a call of 'parse'"],
  ['simplify("t")', "a call of 'simplify'"],
  ['derivative("t", "t")', "a call of 'derivative'"],
  ['f = 1', 'an assignment'],
  ['f(x) = x', 'a function definition'],
  ['[1,2][1]', 'property or index access'],
  ['[1, 2]', 'a list literal'],
  ['cos.constructor', "property or index access 'cos.constructor'"],
  ['cos["constructor"]', 'property or index access'],
  ['{a: 1}', 'an object literal'],
  ['"abc"', "the string 'abc'"],
  ['t + rate', "the unknown name 'rate'"],
  ['5 s', "the unknown name 's'"],
  ['1:3', 'a range'],
  ['1; 2', 'several statements'],
  ['t to s', "the operator 'to'"],
  ['true ? 1 : 2', 'the constant true'],
];

for (const [text, construct] of forbidden) {
  expressions(`rejects ${text}`, () => {
    assert.match(rejection(text), construct);
  });
}

expressions('syntax errors are reported with the parser detail', () => {
  assert.match(rejection('10 + * t'), 'syntax error');
});

expressions('rejected expressions leave no trace in the sandbox or the host', () => {
  const globals = Object.getOwnPropertyNames(globalThis).length;
  rejection('createUnit("fortnightly")');
  rejection('f = 1');
  rejection('import({ t: 3 }, { override: true })');
  assert.match(rejection('f'), "the unknown name 'f'");
  const unit = parseDuration('2 fortnightly');
  assert.ok(!unit.ok && unit.message.found.includes("unknown unit 'fortnightly'"));
  assert.is(compiled('t').evaluate(5), 5);
  assert.is(Object.getOwnPropertyNames(globalThis).length, globals);
});

expressions.run();
