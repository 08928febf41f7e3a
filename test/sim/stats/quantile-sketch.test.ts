// Tests for sim/stats/quantile-sketch.ts: the sketch's quantile is within relative error alpha of the
// exact nearest-rank quantile, before and after merging, in constant memory.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSampler } from '../../../sim/random/distributions.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import type { Distribution } from '../../../sim/stats/quantile-sketch.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';
import { ExactQuantiles, nearestRank, PooledDistribution, QuantileSketch } from '../../../sim/stats/quantile-sketch.js';

const Sketch = suite('quantile-sketch');

const LEVELS = [0.5, 0.95, 0.99] as const;
// The bound is exact in real arithmetic; a value on a bucket edge may land one bucket over by rounding.
const ROUNDING = 1e-12;

function assertWithinAlpha(sketch: QuantileSketch, exact: ExactQuantiles, levels: readonly number[], what: string): void {
  for (const q of levels) {
    const x = exact.quantile(q);
    const y = sketch.quantile(q);
    const bound = sketch.relativeAccuracy * (1 + ROUNDING) * Math.abs(x);
    assert.ok(Math.abs(y - x) <= bound, `${what} q=${q}: sketch ${y}, exact ${x}, bound ${bound}`);
  }
}

const specs: readonly (readonly [string, DistSpec])[] = [
  ['exponential', { dist: 'exponential', mean: 1 }],
  ['lognormal cv 3', { dist: 'lognormal', mean: 0.2, cv: 3 }],
  ['deterministic', { dist: 'deterministic', value: 0.25 }],
  ['uniform over many decades', { dist: 'uniform', min: 0, max: 1e6 }],
];

for (const alpha of [0.01, 0.001, 0.05]) {
  for (const [name, spec] of specs) {
    Sketch(`${name}, alpha ${alpha}: sketch quantiles within alpha of exact`, () => {
      const sampler = createSampler(spec);
      const s = new Stream(streamSeed(99, 0, `${name}/${alpha}`));
      const sketch = new QuantileSketch(alpha);
      const exact = new ExactQuantiles(16);
      for (let i = 0; i < 50_000; i++) {
        const x = sampler.sample(s);
        sketch.add(x);
        exact.add(x);
      }
      assert.is(sketch.count, 50_000);
      assertWithinAlpha(sketch, exact, [0, 0.001, 0.25, ...LEVELS, 0.999, 1], name);
    });
  }
}

Sketch('after merging two sketches, quantiles are within alpha of the exact quantiles of the union', () => {
  const a = new QuantileSketch(0.01);
  const b = new QuantileSketch(0.01);
  const exact = new ExactQuantiles();
  const s = new Stream(streamSeed(99, 1, 'merge'));
  const fast = createSampler({ dist: 'exponential', mean: 0.05 });
  const slow = createSampler({ dist: 'lognormal', mean: 5, cv: 3 });
  for (let i = 0; i < 40_000; i++) {
    const x = fast.sample(s);
    a.add(x);
    exact.add(x);
  }
  for (let i = 0; i < 10_000; i++) {
    const x = slow.sample(s);
    b.add(x);
    exact.add(x);
  }
  a.merge(b);
  assert.is(a.count, 50_000);
  assertWithinAlpha(a, exact, [0.5, 0.8, 0.9, ...LEVELS], 'merged');
  assert.is(b.count, 10_000);
});

Sketch('pooled quantiles of sketches\' distributions: within alpha of the exact quantiles of the union, as a merged sketch', () => {
  const s = new Stream(streamSeed(99, 2, 'pooled'));
  // Parts of unlike sizes and ranges, zeros included (the underflow slot): ten replications' latencies.
  const samplers = [createSampler({ dist: 'exponential', mean: 0.05 }), createSampler({ dist: 'lognormal', mean: 5, cv: 3 })];
  const parts: QuantileSketch[] = [];
  const exact = new ExactQuantiles();
  const merged = new QuantileSketch(0.01);
  for (let r = 0; r < 10; r++) {
    const part = new QuantileSketch(0.01);
    for (let i = 0; i < 1_000 * (r + 1); i++) {
      const x = r === 3 && i % 7 === 0 ? 0 : samplers[r % 2]!.sample(s);
      part.add(x);
      exact.add(x);
    }
    parts.push(part);
    merged.merge(part);
  }
  const pooled = parts.map((p) => p.distribution());
  const union = new PooledDistribution(pooled);
  for (const q of [0, 0.001, 0.01, 0.25, ...LEVELS, 0.999, 1]) {
    const x = exact.quantile(q);
    const y = union.quantile(q);
    assert.ok(Math.abs(y - x) <= 0.01 * (1 + ROUNDING) * Math.abs(x), `q=${q}: pooled ${y}, exact ${x}`);
    // Each bucket's entries report the same centre (or an extreme of the part, in that bucket).
    assert.ok(Math.abs(y - merged.quantile(q)) <= 0.02 * (1 + ROUNDING) * Math.abs(x), `q=${q}: pooled ${y}, merged ${merged.quantile(q)}`);
  }
  assert.is(pooled.reduce((n, d) => n + d.counts!.reduce((a, b) => a + b, 0), 0), exact.count);
  assert.ok(pooled.every((d) => d.values.every((v, i) => i === 0 || v > d.values[i - 1]!)), 'ascending, one entry per bucket');
});

Sketch('pooled quantiles of exact distributions are the nearest-rank quantiles of the union', () => {
  const a = new ExactQuantiles();
  const b = new ExactQuantiles();
  for (const x of [5, 1, 9]) a.add(x);
  for (const x of [2, 8, 3, 7]) b.add(x);
  const parts = [a.distribution(), b.distribution()];
  const pooledQuantile = (ds: readonly Distribution[], q: number) => new PooledDistribution(ds).quantile(q);
  assert.equal([...parts[0]!.values], [1, 5, 9]);
  assert.is(parts[0]!.counts, undefined);
  // Union 1 2 3 5 7 8 9: ranks ceil(q * 7).
  assert.is(pooledQuantile(parts, 0.5), 5);
  assert.is(pooledQuantile(parts, 0.95), 9);
  assert.is(pooledQuantile(parts, 0.1), 1);
  assert.is(pooledQuantile(parts, 0.3), 3);
  // With counts (the sketch path) each entry weighs its count: 1 1 1 2 3 4 7 8, rank 4.
  assert.is(pooledQuantile([{ values: Float64Array.of(1, 4), counts: Float64Array.of(3, 1) }, parts[1]!], 0.5), 2);
  const weighted = new PooledDistribution([{ values: Float64Array.of(1, 4), counts: Float64Array.of(3, 1) }, parts[1]!]);
  assert.equal([0, 0.375, 0.376, 0.625, 0.626, 0.75, 1].map((q) => weighted.quantile(q)), [1, 1, 2, 3, 4, 4, 8]);
  assert.is(weighted.count, 8);
  // Parts that share a value (a sketch bucket) add their counts: 1 1 1 4 4 4 6 6.
  const shared = new PooledDistribution([{ values: Float64Array.of(1, 4), counts: Float64Array.of(3, 1) }, { values: Float64Array.of(4, 6), counts: Float64Array.of(2, 2) }]);
  assert.equal([0.375, 0.376, 0.75, 0.751, 1].map((q) => shared.quantile(q)), [1, 4, 4, 6, 6]);
  assert.is(shared.count, 8);
  assert.ok(Number.isNaN(pooledQuantile([], 0.5)));
  assert.ok(Number.isNaN(pooledQuantile([new QuantileSketch(0.01).distribution()], 0.5)));
});

Sketch('merging sketches of different accuracy throws', () => {
  assert.throws(() => new QuantileSketch(0.01).merge(new QuantileSketch(0.02)));
});

Sketch('memory is fixed: the bucket array does not grow with the count', () => {
  const sketch = new QuantileSketch(0.01);
  const before = sketch.bucketCount;
  const gamma = 1.01 / 0.99;
  // ln(1e18)/ln(gamma) log buckets, one more for the edges, an underflow and an overflow slot.
  assert.ok(Math.abs(before - Math.log(1e18) / Math.log(gamma)) <= 4, `bucketCount ${before}`);
  const s = new Stream('memory');
  for (let i = 0; i < 100_000; i++) sketch.add(1e-12 + s.uniform() * 10 ** (24 * s.uniform() - 12));
  assert.is(sketch.bucketCount, before);
});

Sketch('an empty estimator returns NaN; a level outside [0, 1] throws', () => {
  for (const e of [new QuantileSketch(0.01), new ExactQuantiles()]) {
    assert.ok(Number.isNaN(e.quantile(0.5)));
    assert.throws(() => e.quantile(1.5));
    assert.throws(() => e.quantile(NaN));
  }
});

Sketch('zeros are reported as 0 and values beyond 1e9 as the maximum seen', () => {
  const sketch = new QuantileSketch(0.01);
  for (let i = 0; i < 60; i++) sketch.add(0);
  for (let i = 0; i < 30; i++) sketch.add(2);
  for (let i = 0; i < 10; i++) sketch.add(5e12);
  assert.is(sketch.quantile(0.5), 0);
  assert.is(sketch.quantile(0.6), 0);
  assert.ok(Math.abs(sketch.quantile(0.61) - 2) <= 0.02);
  assert.is(sketch.quantile(0.95), 5e12);
  assert.is(sketch.quantile(1), 5e12);
});

Sketch('NaN is ignored by both estimators', () => {
  const sketch = new QuantileSketch(0.01);
  const exact = new ExactQuantiles();
  for (const x of [1, NaN, 3]) {
    sketch.add(x);
    exact.add(x);
  }
  assert.is(sketch.count, 2);
  assert.is(exact.count, 2);
  assert.is(exact.quantile(1), 3);
});

Sketch('reset empties the sketch', () => {
  const sketch = new QuantileSketch(0.01);
  sketch.add(3);
  sketch.reset();
  assert.is(sketch.count, 0);
  assert.ok(Number.isNaN(sketch.quantile(0.5)));
  sketch.add(7);
  assert.ok(Math.abs(sketch.quantile(0.5) - 7) <= 0.07);
});

Sketch('nearest rank: k = max(1, ceil(q n)), robust to q n rounding just above an integer', () => {
  assert.is(nearestRank(0.5, 10), 5);
  assert.is(nearestRank(0.51, 10), 6);
  assert.is(nearestRank(0, 10), 1);
  assert.is(nearestRank(1, 10), 10);
  assert.is(nearestRank(0.07, 100), 7); // 0.07 * 100 = 7.000000000000001 in doubles
  assert.is(nearestRank(0.95, 20), 19);
  assert.is(nearestRank(0.99, 1000), 990);
});

Sketch('exact quantiles use the nearest-rank definition, sorting once per batch of adds', () => {
  const e = new ExactQuantiles(2);
  for (const x of [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]) e.add(x);
  assert.is(e.quantile(0), 1);
  assert.is(e.quantile(0.5), 5);
  assert.is(e.quantile(0.55), 6);
  assert.is(e.quantile(0.95), 10);
  e.add(0);
  assert.is(e.quantile(0), 0);
  assert.is(e.count, 11);
  const f = new ExactQuantiles();
  f.add(100);
  e.merge(f);
  e.merge(e);
  assert.is(e.count, 24);
  assert.is(e.quantile(1), 100);
});

Sketch.run();
