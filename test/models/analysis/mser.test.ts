// Tests for models/analysis/mser.ts: MSER-5 cuts an obvious start-up transient, cuts little from
// stationary data, and follows its definition exactly on constructed series.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mser5 } from '../../../models/analysis/mser.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';

const Mser = suite('mser');

function series(seed: string, n: number, bias: (t: number) => number): number[] {
  const s = new Stream(seed);
  return Array.from({ length: n }, (_, t) => bias(t) + s.normal());
}

Mser('returns 0 for series too short to form two batches', () => {
  assert.is(mser5([]), 0);
  assert.is(mser5([1, 2, 3, 4, 5, 6, 7, 8, 9]), 0);
});

Mser('a step transient is cut exactly at its end', () => {
  const xs = [...new Array<number>(50).fill(100), ...new Array<number>(950).fill(0)];
  assert.is(mser5(xs), 50);
});

Mser('a constant series needs no truncation', () => {
  assert.is(mser5(new Array<number>(500).fill(7)), 0);
});

Mser('the result is a multiple of 5 within the first half', () => {
  const xs = series('shape', 1003, (t) => 5 * Math.exp(-t / 100));
  const d = mser5(xs);
  assert.is(d % 5, 0);
  assert.ok(d < 1003 / 2);
});

Mser('a decaying initial bias is cut, and the kept data has the stationary mean', () => {
  // Bias 10 exp(-t/50) falls below 0.1 noise sd by t ~ 230; noise is N(0,1).
  for (let r = 0; r < 10; r++) {
    const n = 5000;
    const xs = series(streamSeed(17, r, 'transient'), n, (t) => 10 * Math.exp(-t / 50));
    const d = mser5(xs);
    assert.ok(d >= 100 && d <= 500, `replication ${r}: truncation ${d}`);
    const kept = xs.slice(d);
    const mean = kept.reduce((s, x) => s + x, 0) / kept.length;
    // Remaining bias at t >= 100 sums to at most 10 * 50 * exp(-2) = 68, i.e. < 0.02 per kept point;
    // the noise mean has standard error 1/sqrt(kept) <= 0.016.
    assert.ok(Math.abs(mean) <= 0.02 + 5 / Math.sqrt(kept.length), `replication ${r}: kept mean ${mean}`);
  }
});

Mser('stationary series are truncated little', () => {
  // MSER's cut on stationary data is small but random; judge the typical cut over 20 series.
  const cuts: number[] = [];
  for (let r = 0; r < 20; r++) cuts.push(mser5(series(streamSeed(17, r, 'stationary'), 5000, () => 0)));
  cuts.sort((a, b) => a - b);
  const median = (cuts[9]! + cuts[10]!) / 2;
  assert.ok(median <= 50, `median cut ${median} of 5000 (${cuts.join(', ')})`);
});

Mser('a non-finite observation throws', () => {
  assert.throws(() => mser5([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN]));
});

Mser.run();
