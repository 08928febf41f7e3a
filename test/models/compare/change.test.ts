// The paired change of one metric: the interval computed by hand on small data, the handling of
// zeros, missing values and orientation, and the verdict table row by row.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { studentTQuantile } from '../../../models/analysis/interval.js';
import { correlation, meanInterval, pairedChange, withSketchError } from '../../../models/compare/change.js';
import { classify, displayChange, judge } from '../../../models/compare/verdict.js';
import type { Gate } from '../../../models/compare/gates.js';

const test = suite('compare: paired change and verdicts');
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('relative change: paired t on log ratios, by hand', () => {
  const b = [1, 2, 4, 8];
  const c = [1.1, 2.1, 4.4, 8.2];
  const d = b.map((x, i) => Math.log(c[i]! / x));
  const mean = d.reduce((a, x) => a + x, 0) / 4;
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
  const h = studentTQuantile(0.975, 3) * sd / 2;
  const ch = pairedChange(b, c, 'relative', 0.95);
  assert.is(ch.n, 4);
  close(ch.mean, mean, 'mean');
  close(ch.sd, sd, 'sd');
  close(ch.lower, mean - h, 'lower');
  close(ch.upper, mean + h, 'upper');
  close(ch.baselineMean, 3.75, 'baseline mean');
  const shown = displayChange({ metric: 'e2e.p95', worse: 'higher', scale: 'relative', tolerance: 0.02 }, ch);
  close(shown.estimate, Math.exp(mean) - 1, 'relative change');
});

test('absolute change: differences; correlation of the sides', () => {
  const ch = pairedChange([0.1, 0.2, 0.3], [0.15, 0.2, 0.4], 'absolute', 0.9);
  close(ch.mean, 0.05, 'mean difference');
  close(ch.correlation, correlation([0.1, 0.2, 0.3], [0.15, 0.2, 0.4]), 'correlation');
  assert.ok(ch.correlation > 0.9);
});

test('identical sides give a zero-width interval, not NaN', () => {
  const ch = pairedChange([1, 2, 3], [1, 2, 3], 'relative', 0.99);
  assert.equal([ch.mean, ch.lower, ch.upper, ch.halfWidth], [0, 0, 0, 0]);
});

test('missing values drop the pair; zero on both sides is no change; zero on one side is an undefined ratio', () => {
  const ch = pairedChange([1, null, 0, 0, 2], [1, 5, 0, 3, 2], 'relative', 0.95);
  assert.is(ch.missing, 1);
  assert.is(ch.undefinedRatios, 1);
  assert.is(ch.n, 3);
  const gate: Gate = { metric: 'rejected', worse: 'higher', scale: 'relative', tolerance: 0.02 };
  const r = judge(gate, ch);
  assert.is(r.verdict, 'inconclusive');
  assert.match(r.unmeasurable ?? '', /ratio is undefined/);
});

test('fewer than two pairs cannot be judged', () => {
  const r = judge({ metric: 'e2e.p95', worse: 'higher', scale: 'relative', tolerance: 0.02 }, pairedChange([1], [2], 'relative', 0.95));
  assert.is(r.verdict, 'inconclusive');
  assert.match(r.unmeasurable ?? '', /only 1/);
});

test('classify: every row of the verdict table, first match wins', () => {
  const b = 0.02;
  assert.is(classify(0.03, 0.05, b), 'regressed');
  assert.is(classify(-0.05, -0.03, b), 'improved');
  assert.is(classify(-0.01, 0.015, b), 'equivalent');
  assert.is(classify(0.005, 0.015, b), 'equivalent', 'small but real, within the band');
  assert.is(classify(-0.05, 0.01, b), 'not-worse');
  assert.is(classify(-0.01, 0.03, b), 'inconclusive');
  assert.is(classify(0.019, 0.03, b), 'inconclusive');
  assert.is(classify(b, b, b), 'equivalent', 'edges belong to the band');
});

test('lower-is-worse metrics are oriented: a fall in throughput beyond the band regresses', () => {
  const b = [10, 10.2, 9.9, 10.1];
  const c = b.map((x) => x * 0.9);
  const gate: Gate = { metric: 'throughput', worse: 'lower', scale: 'relative', tolerance: 0.02 };
  assert.is(judge(gate, pairedChange(b, c, 'relative', 0.95)).verdict, 'regressed');
  assert.is(judge({ ...gate, worse: 'higher' }, pairedChange(b, c, 'relative', 0.95)).verdict, 'improved');
});

test('the same change in every pair, up to rounding, has no sampling variability: the interval is the point', () => {
  const zero = pairedChange([0, 0, 0], [0, 0, 0], 'absolute', 0.95);
  assert.equal([zero.sameInEveryPair, zero.lower, zero.upper], [true, 0, 0]);
  assert.ok(pairedChange([0, 0, 0], [0, 0, 0], 'relative', 0.95).sameInEveryPair, 'nothing on both sides is no change');
  // Deterministic services measured off a clock: the same time, different last digits.
  const replay = pairedChange([0.6999999999999631, 0.6999999999999655, 0.7000000000000012], [0.8999999999999631, 0.8999999999999699, 0.9000000000000021], 'relative', 0.95);
  assert.ok(replay.sameInEveryPair && replay.halfWidth === 0, `${replay.halfWidth}`);
  assert.not.ok(pairedChange([1, 2, 3], [1.1, 2.2, 3.3001], 'relative', 0.95).sameInEveryPair, 'a ratio that varies at 1e-5');
  assert.not.ok(pairedChange([1, 2], [1], 'absolute', 0.95).sameInEveryPair, 'one pair is not "every pair"');
  assert.not.ok(withSketchError(pairedChange([2, 2], [2, 2], 'absolute', 0.95), 'absolute', 0.01).sameInEveryPair, 'a percentile keeps the sketch\'s error');
  assert.ok(withSketchError(zero, 'absolute', 0.01).sameInEveryPair, 'but a percentile 0 on both sides has no error to keep');
});

test('one-sample interval for SLOs', () => {
  const m = meanInterval([1, 2, 3, null], 0.95);
  assert.is(m.n, 3);
  close(m.mean, 2, 'mean');
  close(m.upper - m.mean, studentTQuantile(0.975, 2) * 1 / Math.sqrt(3), 'half-width');
});

test('a percentile change includes the quantile sketch error: the bound of each side, sides and sampling combined in quadrature', () => {
  const b = [2.0, 2.0, 2.0];
  const c = [2.2, 2.2, 2.2];
  // Every replication in one sketch bucket: no sampling spread, only the sketch's bound.
  const rel = withSketchError(pairedChange(b, c, 'relative', 0.95), 'relative', 0.01);
  const slack = Math.SQRT2 * Math.log(1 / 0.99);
  assert.ok(slack < 0.02, 'identical sides can still be judged equivalent within the default ±2 %');
  assert.ok(Math.abs(rel.lower - (Math.log(1.1) - slack)) < 1e-12 && Math.abs(rel.upper - (Math.log(1.1) + slack)) < 1e-12, `${rel.lower} ${rel.upper}`);
  const abs = withSketchError(pairedChange(b, c, 'absolute', 0.95), 'absolute', 0.01);
  assert.ok(Math.abs(abs.halfWidth - 0.01 * Math.hypot(2, 2.2)) < 1e-12, `${abs.halfWidth}`);
  const noisy = pairedChange([2, 2.1, 1.9], [2.2, 2.4, 2.1], 'absolute', 0.95);
  const widened = withSketchError(noisy, 'absolute', 0.01);
  assert.ok(Math.abs(widened.halfWidth - Math.hypot(noisy.halfWidth, 0.01 * Math.hypot(2, 2.2333333333333334))) < 1e-12);
  assert.equal(withSketchError(noisy, 'absolute', 0), noisy, 'exact percentiles: unchanged');
});

test.run();
