// The two-sample Kolmogorov-Smirnov test behind calibrate's held-out check: the distance by hand, the
// p-value at the textbook critical value, and its behaviour on samples of one law and of two.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ksPValue, ksTwoSample, ksTwoSampleTest } from '../../../models/telemetry/fit.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';

const test = suite('telemetry: two-sample KS');
const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
const uniforms = (name: string, n: number, shift = 0) => {
  const s = new Stream(streamSeed(5, 0, name));
  return sorted(Array.from({ length: n }, () => s.uniform() + shift));
};

test('the distance is the largest gap between the two empirical CDFs', () => {
  // At 2 the first sample's CDF is 2/3 and the second's 0.
  assert.ok(Math.abs(ksTwoSample([1, 2, 3], [2.5]) - 2 / 3) < 1e-12);
  assert.is(ksTwoSample([1, 2, 3], [1, 2, 3]), 0);
  // A constant 15 ms read off timestamps to the microsecond on one side, exact on the other.
  const smeared = [0.014999, 0.015, 0.015001, 0.015001, 0.4, 0.7];
  const exact = [0.015, 0.015, 0.015, 0.015, 0.4, 0.7];
  assert.ok(Math.abs(ksTwoSample(smeared, exact) - 1 / 3) < 1e-12, 'without a resolution, the smear is a difference');
  assert.is(ksTwoSample(smeared, exact, 2e-6), 0);
});

test('p-value: about 5 % at the critical distance 1.36 sqrt((n + m) / (n m)); large for one law, tiny for two', () => {
  const p = ksTwoSampleTest(Array.from({ length: 100 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => i)).p;
  assert.is(p, 1, 'identical samples');
  const critical = 1.36 * Math.sqrt(2 / 100);
  // At that distance, through the effective size n m / (n + m) = 50 (Stephens' small-sample factor makes it a little below 5 %).
  const pc = ksPValue(critical, 50);
  assert.ok(pc > 0.035 && pc < 0.055, `p ${pc} at the critical distance`);
  const atCritical = ksTwoSampleTest(uniforms('a', 100), uniforms('b', 100));
  assert.ok(atCritical.d < critical, `one law: D ${atCritical.d} below the 5 % critical ${critical}`);
  assert.ok(atCritical.p > 0.05, `one law: p ${atCritical.p}`);
  const apart = ksTwoSampleTest(uniforms('a', 500), uniforms('b', 5000, 0.3));
  assert.ok(apart.d > 0.25 && apart.p < 1e-9, `shifted by 0.3: D ${apart.d}, p ${apart.p}`);
});

test.run();
