// Tests for models/analysis/interval.ts: t quantiles against table values, the interval's arithmetic,
// its NaN and small-sample rules, and its coverage on normal data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { boundedInterval, edgeworthInterval, normalQuantile, replicationInterval, sampleExcessKurtosis, sampleSkewness, sectionedInterval, skewCorrectedInterval, studentTQuantile } from '../../../models/analysis/interval.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';

const Interval = suite('interval');

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

Interval('t quantiles match table values', () => {
  close(studentTQuantile(0.975, 9), 2.2621571627, 1e-9, 't(0.975, 9)');
  close(studentTQuantile(0.975, 1), 12.7062047362, 1e-9, 't(0.975, 1)');
  close(studentTQuantile(0.95, 4), 2.1318467863, 1e-9, 't(0.95, 4)');
  close(studentTQuantile(0.995, 29), 2.7563859037, 1e-9, 't(0.995, 29)');
  close(studentTQuantile(0.025, 9), -2.2621571627, 1e-9, 't(0.025, 9)');
  close(studentTQuantile(0.975, 1e7), 1.959963985, 1e-6, 't(0.975, large) -> normal');
});

Interval('t quantile rejects levels outside (0, 1) and non-positive degrees of freedom', () => {
  assert.throws(() => studentTQuantile(0, 5));
  assert.throws(() => studentTQuantile(1, 5));
  assert.throws(() => studentTQuantile(0.5, 0));
  assert.throws(() => studentTQuantile(0.5, Infinity));
});

Interval('interval is mean +- t s / sqrt(n)', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const e = replicationInterval(values, 0.95);
  const s = Math.sqrt(55 / 6); // sample variance of 1..10 is 9.1666...
  const half = 2.2621571627 * (s / Math.sqrt(10));
  close(e.estimate, 5.5, 1e-12, 'estimate');
  close(e.halfWidth, half, 1e-9, 'halfWidth');
  close(e.interval[0], 5.5 - half, 1e-9, 'lower');
  close(e.interval[1], 5.5 + half, 1e-9, 'upper');
  assert.is(e.sampleSize, 10);
  assert.is(e.confidence, 0.95);
});

Interval('identical values give a zero-width interval', () => {
  const e = replicationInterval([3, 3, 3], 0.9);
  assert.is(e.estimate, 3);
  assert.is(e.halfWidth, 0);
});

Interval('one value gives infinite half-width; none gives NaN estimate', () => {
  const one = replicationInterval([4], 0.95);
  assert.is(one.estimate, 4);
  assert.is(one.halfWidth, Infinity);
  assert.equal(one.interval, [-Infinity, Infinity]);
  const none = replicationInterval([], 0.95);
  assert.ok(Number.isNaN(none.estimate));
  assert.is(none.halfWidth, Infinity);
  assert.is(none.sampleSize, 0);
});

Interval('NaN values are dropped and counted out of the sample size', () => {
  const withNaN = replicationInterval([1, NaN, 2, 3, NaN], 0.95);
  const without = replicationInterval([1, 2, 3], 0.95);
  assert.equal(withNaN, without);
  assert.is(withNaN.sampleSize, 3);
  assert.ok(Number.isNaN(replicationInterval([NaN, NaN], 0.95).estimate));
});

Interval('an infinite value gives an infinite estimate and half-width', () => {
  const e = replicationInterval([1, Infinity, 2], 0.95);
  assert.is(e.estimate, Infinity);
  assert.is(e.halfWidth, Infinity);
});

Interval('confidence outside (0, 1) throws', () => {
  assert.throws(() => replicationInterval([1, 2], 1));
  assert.throws(() => replicationInterval([1, 2], 0));
  assert.throws(() => replicationInterval([1, 2], 95));
});

Interval('nominal 95% intervals cover the true mean of normal data in 92-98% of 2000 trials', () => {
  // Coverage over 2000 trials has standard error sqrt(0.95 * 0.05 / 2000) = 0.5%, so 92-98% is +-6 se.
  const s = new Stream(streamSeed(31, 0, 'coverage'));
  const trials = 2000;
  const mu = 10;
  let covered = 0;
  const values = new Array<number>(10);
  for (let t = 0; t < trials; t++) {
    for (let i = 0; i < values.length; i++) values[i] = mu + 3 * s.normal();
    const e = replicationInterval(values, 0.95);
    if (e.interval[0] <= mu && mu <= e.interval[1]) covered++;
  }
  const coverage = covered / trials;
  assert.ok(coverage >= 0.92 && coverage <= 0.98, `coverage ${coverage}`);
});

Interval('skewness-corrected interval: Hall (1992) computed independently (scipy: stats.skew(bias=False), t.ppf, the inverse cubic)', () => {
  const xs = [1, 2, 3, 4, 10, 2.5, 3.3];
  // scipy 1.x: stats.skew(xs, bias=False) = 2.0600551733330503; interval from g^-1 of +-t_{0.975,6}.
  close(sampleSkewness(xs), 2.0600551733330503, 1e-12, 'G1');
  const e = skewCorrectedInterval(xs, 0.95);
  close(e.interval[0], 1.9264663970314364, 1e-9, 'lower');
  close(e.interval[1], 12.272968595151305, 1e-9, 'upper');
  assert.ok(e.interval[1] - e.estimate > e.estimate - e.interval[0], 'longer on the side of the tail');
});

Interval('skewness-corrected interval: without skewness it is the t interval', () => {
  const xs = [1, 2, 3, 4, 5];
  const t = replicationInterval(xs, 0.95);
  const h = skewCorrectedInterval(xs, 0.95);
  assert.equal(h.interval, t.interval);
});

Interval('normal quantile: against scipy (stats.norm.ppf)', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-14, 'z 0.975');
  close(normalQuantile(0.995), 2.5758293035489004, 1e-14, 'z 0.995');
  close(normalQuantile(0.6), 0.2533471031357997, 1e-14, 'z 0.6');
  close(normalQuantile(1e-10), -6.361340902404056, 1e-12, 'z 1e-10');
  assert.throws(() => normalQuantile(1));
});

Interval('Edgeworth-widened interval: computed independently (scipy: stats.skew and stats.kurtosis with bias=False, norm.ppf, t.ppf)', () => {
  const xs = [1, 2, 3, 4, 10, 2.5, 3.3];
  close(sampleExcessKurtosis(xs), 4.84454630380788, 1e-12, 'G2');
  // widening (z/n)[G1² (z⁴ + 2z² − 3)/18 − G2 (z² − 3)/12] added to t_{0.975,6}, times s/√n.
  const e = edgeworthInterval(xs, 0.95);
  close(e.interval[0], -0.36092587453729497, 1e-9, 'lower');
  close(e.interval[1], 7.732354445965867, 1e-9, 'upper');
  const t = replicationInterval(xs, 0.95);
  assert.ok(e.halfWidth > t.halfWidth, 'wider than the t interval for skewed values');
  assert.equal(e.estimate, t.estimate);
});

Interval('Edgeworth-widened interval: never narrower than the t interval, and the t interval without skewness or with few values', () => {
  // Symmetric with heavy tails: G1 = 0, G2 > 0, so the formula would narrow the interval.
  const heavy = [-10, -1, -0.5, 0, 0, 0.5, 1, 10];
  assert.ok(sampleExcessKurtosis(heavy) > 0);
  assert.equal(edgeworthInterval(heavy, 0.95).interval, replicationInterval(heavy, 0.95).interval);
  const three = [1, 2, 9];
  assert.equal(edgeworthInterval(three, 0.95).interval, replicationInterval(three, 0.95).interval);
});

Interval('sectioning: the Edgeworth interval moved to the centre given, its spread taken around that centre', () => {
  const xs = [1, 2, 3, 4, 10, 2.5, 3.3];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const e = edgeworthInterval(xs, 0.95);
  const atMean = sectionedInterval(xs, mean, 0.95);
  close(atMean.halfWidth, e.halfWidth, 1e-12, 'centred on the mean: the Edgeworth half-width');
  assert.is(atMean.estimate, mean);
  // Around a centre d away from the mean, Σ(x − c)² = Σ(x − x̄)² + n d²: the spread grows by that much.
  const d = 1.5;
  const moved = sectionedInterval(xs, mean - d, 0.95);
  const n = xs.length;
  const s2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  close(moved.halfWidth, e.halfWidth * Math.sqrt((s2 + (n * d * d) / (n - 1)) / s2), 1e-12, 'moved centre');
  close(moved.interval[0], mean - d - moved.halfWidth, 1e-12, 'symmetric about the centre');
  assert.is(moved.sampleSize, n);
  // NaN values (replications that measured nothing) are dropped; one value leaves the width unknown.
  assert.is(sectionedInterval([...xs, NaN], mean, 0.95).halfWidth, atMean.halfWidth);
  assert.is(sectionedInterval([2], 2, 0.95).halfWidth, Infinity);
});

Interval('boundedInterval: the t interval cut at 0 and at its upper limit; unbounded without an interval', () => {
  const shares = [0.001, 0.006, 0.002];
  const t = replicationInterval(shares, 0.95);
  assert.ok(t.interval[0] < 0, `the t interval reaches below 0: ${t.interval}`);
  const b = boundedInterval(shares, 0.95, 1);
  assert.equal(b.interval, [0, t.interval[1]]);
  assert.is(b.estimate, t.estimate);
  assert.is(b.halfWidth, t.halfWidth, 'the half-width stays the sampling one');
  const high = boundedInterval([0.99, 0.9, 0.999], 0.95, 1);
  assert.is(high.interval[1], 1);
  assert.ok(high.interval[0] > 0 && high.interval[0] === replicationInterval([0.99, 0.9, 0.999], 0.95).interval[0]);
  assert.equal(boundedInterval([2, 3, 4], 0.95).interval, replicationInterval([2, 3, 4], 0.95).interval, 'an interval inside the limits is unchanged');
  assert.equal(boundedInterval([0.5], 0.95, 1).interval, [-Infinity, Infinity]);
});

Interval.run();
