// mathjs is built from the sandbox's factories only, and only when a scenario needs it: the unit
// table that skips it agrees with mathjs, a scenario without an expression never loads it, and the
// expression instance holds nothing that evaluates, imports or defines.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMMON_UNITS, compileExpression } from '../../../models/scenario/core/expr.js';
import { expressionMath, unitMath } from '../../../models/scenario/core/mathjs.js';
import { ALLOWED_FUNCTIONS } from '../../../models/scenario/core/sandbox-functions.js';

const test = suite('scenario: mathjs on demand');
const INDEX = fileURLToPath(new URL('../../../models/scenario/index.js', import.meta.url));

test('every unit in the table is exactly what mathjs says it is', () => {
  for (const [name, info] of COMMON_UNITS) {
    const u = unitMath().unit(1, name);
    assert.is(u.units[0]!.unit.base.key, info.base, name);
    assert.is(u.value, info.si, name);
  }
});

/** Loads a scenario in a fresh process and says whether any mathjs module was loaded. */
function loadsMathjs(rate: string): boolean {
  const yaml = `name: t\nhorizon: 100s\nworkload:\n  r:\n    arrivals: { process: poisson, rate: ${rate} }\n    entry: a\nagents:\n  a:\n    servers: 2\n    service: { dist: exponential, mean: 250ms }\n`;
  const script = `
    import { createRequire } from 'node:module';
    const { loadScenario } = await import(${JSON.stringify(INDEX)});
    loadScenario('t.yaml', ${JSON.stringify(yaml)}, { readFile: () => '', overrides: ['horizon=2min'] });
    const cache = createRequire(import.meta.url).cache;
    process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/mathjs/'))));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout === 'true';
}

test('a scenario without an expression (units from the table) does not load mathjs; one with an expression does', () => {
  assert.is(loadsMathjs('3/s'), false);
  assert.is(loadsMathjs('3/min'), false);
  assert.is(loadsMathjs('"3 + sin(t)"'), true);
});

test('the expression instance is built from the allowed functions only', () => {
  compileExpression('t'); // hardens the instance
  const math = expressionMath() as unknown as Record<string, unknown>;
  for (const f of ALLOWED_FUNCTIONS) assert.type(math[f], 'function', f);
  for (const f of ['evaluate', 'createUnit', 'unit', 'simplify', 'derivative', 'import', 'parse', 'compile', 'resolve', 'lusolve', 'reviver']) {
    // Absent, or one of the hardening stubs that throw.
    const value = math[f];
    if (value !== undefined) assert.throws(() => (value as () => unknown)(), /disabled|not available/i, f);
  }
});

test.run();
