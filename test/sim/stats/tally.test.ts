// Tests for sim/stats/tally.ts: running moments agree with a two-pass computation, stay accurate for
// values with a large common offset, and merging equals adding everything to one tally.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Stream } from '../../../sim/random/stream.js';
import { Tally } from '../../../sim/stats/tally.js';

const Tallies = suite('tally');

function twoPass(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

function randomValues(seed: string, n: number, offset: number): number[] {
  const s = new Stream(seed);
  return Array.from({ length: n }, () => offset + s.normal());
}

Tallies('an empty tally has count 0, NaN mean and variance', () => {
  const t = new Tally();
  assert.is(t.count, 0);
  assert.is(t.sum, 0);
  assert.is(t.sumSq, 0);
  assert.ok(Number.isNaN(t.mean));
  assert.ok(Number.isNaN(t.variance));
});

Tallies('one observation has a mean but no variance', () => {
  const t = new Tally();
  t.add(4);
  assert.is(t.mean, 4);
  assert.ok(Number.isNaN(t.variance));
  assert.is(t.min, 4);
  assert.is(t.max, 4);
});

Tallies('count, sum, sumSq, mean and sample variance match a two-pass computation', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  const t = new Tally();
  for (const x of xs) t.add(x);
  assert.is(t.count, 8);
  assert.is(t.sum, 40);
  close(t.sumSq, 232, 1e-14, 'sumSq');
  assert.is(t.mean, 5);
  close(t.variance, 32 / 7, 1e-14, 'variance');
  assert.is(t.min, 2);
  assert.is(t.max, 9);
});

Tallies('variance stays accurate with a large common offset (1e9 + N(0,1))', () => {
  const xs = randomValues('offset', 10_000, 1e9);
  const t = new Tally();
  for (const x of xs) t.add(x);
  const reference = twoPass(xs);
  // Running and two-pass means round differently: bound by n·ε (10^4 · 1.1e-16).
  close(t.mean, reference.mean, 1e4 * Number.EPSILON, 'mean');
  // sum-of-squares minus squared-sum would lose every digit here.
  close(t.variance, reference.variance, 1e-6, 'variance');
});

Tallies('merge equals adding all observations to one tally, in either order', () => {
  const a = randomValues('merge-a', 1000, 3);
  const b = randomValues('merge-b', 250, 10);
  const all = new Tally();
  const left = new Tally();
  const right = new Tally();
  for (const x of a) {
    all.add(x);
    left.add(x);
  }
  for (const x of b) {
    all.add(x);
    right.add(x);
  }
  const reversed = new Tally();
  reversed.merge(right);
  reversed.merge(left);
  left.merge(right);
  for (const merged of [left, reversed]) {
    assert.is(merged.count, all.count);
    close(merged.sum, all.sum, 1e-13, 'sum');
    close(merged.mean, all.mean, 1e-13, 'mean');
    close(merged.variance, all.variance, 1e-12, 'variance');
    close(merged.sumSq, all.sumSq, 1e-12, 'sumSq');
    assert.is(merged.min, all.min);
    assert.is(merged.max, all.max);
  }
  assert.is(right.count, 250); // the argument is left unchanged
});

Tallies('merging an empty tally changes nothing', () => {
  const t = new Tally();
  t.add(1);
  t.add(3);
  t.merge(new Tally());
  assert.is(t.count, 2);
  assert.is(t.mean, 2);
  assert.is(t.variance, 2);
});

Tallies('reset empties the tally', () => {
  const t = new Tally();
  t.add(1);
  t.add(2);
  t.reset();
  assert.is(t.count, 0);
  assert.ok(Number.isNaN(t.mean));
  t.add(5);
  assert.is(t.mean, 5);
  assert.is(t.max, 5);
});

Tallies.run();
