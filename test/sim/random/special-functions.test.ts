// erfc and ln Γ against values computed with mpmath at 40 digits (mpmath.erfc, mpmath.loggamma,
// rounded to the nearest double), to the accuracy each function's comment states; plus the
// identities and edges that tables do not show.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { erfc, logGamma } from '../../../sim/random/special-functions.js';

const test = suite('special functions');

const ERFC: readonly (readonly [number, number])[] = [
  [-3, 1.9999779095030015], [-1.25, 1.9229001282564582], [-0.5, 1.5204998778130465], [-1e-8, 1.0000000112837917],
  [0, 1], [1e-300, 1], [1e-8, 0.9999999887162083], [0.1, 0.887537083981715], [0.25, 0.7236736098317631],
  [0.4999, 0.4795880048386134], [0.5, 0.4795001221869535], [0.5001, 0.4794122483231193], [0.75, 0.28884436634648486],
  [1, 0.15729920705028513], [1.5, 0.033894853524689274], [2, 0.004677734981047266], [2.5, 0.0004069520174449589],
  [3, 2.209049699858544e-5], [4, 1.541725790028002e-8], [5, 1.537459794428035e-12], [6, 2.1519736712498913e-17],
  [8, 1.1224297172982926e-29], [10, 2.088487583762545e-45], [15, 7.212994172451207e-100], [20, 5.395865611607901e-176],
  [26, 5.663192408856143e-296],
];

const LOG_GAMMA: readonly (readonly [number, number])[] = [
  [1e-300, 690.7755278982137], [1e-10, 23.025850929882736], [0.001, 6.907178885383853], [0.1, 2.252712651734206],
  [0.5, 0.5723649429247001], [0.9, 0.06637623973474295], [1, 0], [1.1, -0.049872441259839764],
  [1.4616321449683622, -0.12148629053584961], [1.5, -0.12078223763524522], [1.9, -0.03898427592308336], [2, 0],
  [2.5, 0.2846828704729192], [3, 0.6931471805599453], [4.5, 2.4537365708424423], [5.999, 4.785785715780557],
  [6, 4.787491742782046], [6.001, 4.789197951106492], [10, 12.801827480081469], [33.3, 82.60372358165495],
  [100, 359.1342053695754], [1e5, 1051287.7089736569], [1e10, 220258509288.81058], [1e300, 6.897755278982137e302],
];

test('erfc: relative error below 6e-16 from -3 to 26, on both sides of the switch from series to continued fraction', () => {
  for (const [x, expected] of ERFC) {
    const error = Math.abs(erfc(x) - expected) / expected;
    assert.ok(error < 6e-16, `erfc(${x}) = ${erfc(x)}, mpmath ${expected}: relative error ${error}`);
  }
});

test('erfc: erfc(-x) = 2 - erfc(x), decreasing on a fine grid, 0 past the underflow, NaN for NaN', () => {
  for (let x = 0; x <= 27; x += 1 / 128) assert.is(erfc(-x), 2 - erfc(x));
  for (let x = -6; x <= 27; x += 1 / 128) assert.ok(erfc(x) <= erfc(x - 1 / 128), `erfc is not decreasing at ${x}`);
  assert.ok(erfc(27.2) > 0 && erfc(27.2) < 1e-320);
  assert.is(erfc(27.3), 0);
  assert.is(erfc(Infinity), 0);
  assert.is(erfc(-Infinity), 2);
  assert.ok(Number.isNaN(erfc(NaN)));
});

test('ln Γ: error below 2.5e-15 × max(1, |ln Γ(x)|) from 1e-300 to 1e300, across the shift to Stirling at 6', () => {
  for (const [x, expected] of LOG_GAMMA) {
    const error = Math.abs(logGamma(x) - expected) / Math.max(1, Math.abs(expected));
    assert.ok(error < 2.5e-15, `ln Γ(${x}) = ${logGamma(x)}, mpmath ${expected}: scaled error ${error}`);
  }
});

test('ln Γ: Γ(n) = (n − 1)! for n up to 20, Γ(x + 1) = x Γ(x), and its edges', () => {
  let factorial = 1;
  for (let n = 1; n <= 20; n++) {
    const error = Math.abs(logGamma(n) - Math.log(factorial));
    assert.ok(error < 2.5e-15 * Math.max(1, Math.log(factorial)), `ln Γ(${n}) against ln ${factorial}: ${error}`);
    factorial *= n;
  }
  for (let x = 0.05; x < 12; x += 0.37) {
    const error = Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x));
    assert.ok(error < 1e-14 * Math.max(1, Math.abs(logGamma(x + 1))), `recurrence at ${x}: ${error}`);
  }
  assert.is(logGamma(0), Infinity);
  assert.ok(Number.isNaN(logGamma(-1)) && Number.isNaN(logGamma(NaN)));
});

test.run();
