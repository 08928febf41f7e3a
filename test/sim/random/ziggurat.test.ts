// The ziggurat exponential generator against the exact exponential law: a Kolmogorov-Smirnov
// test, the tail beyond the base layer, and moments.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Stream, streamSeed } from '../../../sim/random/stream.js';
import { standardExponential } from '../../../sim/random/ziggurat.js';

const test = suite('ziggurat exponential');
const N = 200_000;

function draws(source: string): Float64Array {
  const s = new Stream(streamSeed(3, 0, source));
  return Float64Array.from({ length: N }, () => standardExponential(s));
}

test('its empirical distribution matches 1 - exp(-x) (Kolmogorov-Smirnov at the 0.1% level)', () => {
  const x = draws('ks').sort();
  let d = 0;
  for (let i = 0; i < N; i++) {
    const f = 1 - Math.exp(-x[i]!);
    d = Math.max(d, (i + 1) / N - f, f - i / N);
  }
  // The asymptotic 0.999 quantile of sqrt(n) * D is 1.9495.
  assert.ok(d < 1.9495 / Math.sqrt(N), `D = ${d}`);
});

test('the tail beyond the base layer (x > 7.697) has its exact probability and stays exponential', () => {
  const x = draws('tail');
  const p = Math.exp(-7.69711747013104972);
  const tail = x.filter((v) => v > 7.69711747013104972);
  const se = Math.sqrt((p * (1 - p)) / N);
  assert.ok(Math.abs(tail.length / N - p) < 5 * se, `tail share ${tail.length / N} vs ${p}`);
  const excess = tail.reduce((a, v) => a + v - 7.69711747013104972, 0) / tail.length;
  assert.ok(Math.abs(excess - 1) < 5 / Math.sqrt(tail.length), `mean excess ${excess}`);
});

test('mean 1 and variance 1 within five standard errors', () => {
  const x = draws('moments');
  const mean = x.reduce((a, v) => a + v, 0) / N;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / (N - 1);
  // sd of the sample mean is 1/sqrt(N); of the sample variance sqrt((mu4 - 1)/N) = sqrt(8/N).
  assert.ok(Math.abs(mean - 1) < 5 / Math.sqrt(N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(8 / N), `variance ${variance}`);
});

test.run();
