// Tests for sim/random/stream.ts: reproducibility, distinct streams per (replication, source), and the
// first moments of uniform() and normal() within 5 standard errors.
import seedrandom from 'seedrandom';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Stream, streamSeed } from '../../../sim/random/stream.js';

const Streams = suite('stream');

function within(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}

Streams('the same seed gives the same sequence of uniforms and normals', () => {
  const a = new Stream(streamSeed(7, 3, 'arrivals'));
  const b = new Stream(streamSeed(7, 3, 'arrivals'));
  for (let i = 0; i < 1000; i++) {
    assert.is(a.uniform(), b.uniform());
    assert.is(a.normal(), b.normal());
  }
});

Streams('uniform() is 53-bit sfc32 output from a state that seedrandom xor4096 draws for the seed', () => {
  const seed = streamSeed(1, 0, 'service/answerer');
  const s = new Stream(seed);
  // An independent sfc32 written from its published definition, seeded the same way.
  const init = seedrandom.xor4096(seed);
  let a = init.int32(), b = init.int32(), c = init.int32(), d = init.int32();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  for (let i = 0; i < 100; i++) {
    const hi = next() >>> 5, lo = next() >>> 6;
    assert.is(s.uniform(), (hi * 2 ** 26 + lo) / 2 ** 53);
  }
});

Streams('streamSeed is distinct for every (seed, replication, source)', () => {
  const seen = new Set<string>();
  for (const seed of [0, 1, 12, 123]) {
    for (let r = 0; r < 30; r++) {
      for (const source of ['a', 'b', 'a/b', '1/a', 'arrivals']) seen.add(streamSeed(seed, r, source));
    }
  }
  assert.is(seen.size, 4 * 30 * 5);
  // "1/2/x" could alias "1/2" + "/x" under a naive encoding; the numbers never contain '/'.
  assert.is.not(streamSeed(1, 21, 'x'), streamSeed(12, 1, 'x'));
});

Streams('streamSeed rejects a bad replication or source', () => {
  assert.throws(() => streamSeed(1, -1, 'a'));
  assert.throws(() => streamSeed(1, 1.5, 'a'));
  assert.throws(() => streamSeed(NaN, 0, 'a'));
  assert.throws(() => streamSeed(1, 0, ''));
  assert.throws(() => streamSeed(1, 0, 'a\0b'));
});

Streams('streams of different replications and sources are uncorrelated', () => {
  const n = 100_000;
  const pairs: [string, string][] = [
    [streamSeed(5, 0, 'arrivals'), streamSeed(5, 1, 'arrivals')],
    [streamSeed(5, 0, 'arrivals'), streamSeed(5, 0, 'service')],
    [streamSeed(5, 0, 'arrivals'), streamSeed(6, 0, 'arrivals')],
  ];
  for (const [seedA, seedB] of pairs) {
    const a = new Stream(seedA);
    const b = new Stream(seedB);
    let sab = 0;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let equalCount = 0;
    for (let i = 0; i < n; i++) {
      const x = a.uniform();
      const y = b.uniform();
      if (x === y) equalCount++;
      sa += x;
      sb += y;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    const cov = sab / n - (sa / n) * (sb / n);
    const corr = cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
    // Under independence the sample correlation has standard error 1/sqrt(n).
    within(corr, 0, 5 / Math.sqrt(n), `correlation of ${seedA} and ${seedB}`);
    assert.is(equalCount, 0);
  }
});

Streams('uniform() lies strictly inside (0,1) with mean 1/2 and variance 1/12', () => {
  const s = new Stream(streamSeed(11, 0, 'uniform-check'));
  const n = 500_000;
  let sum = 0;
  let sumSq = 0;
  let lo = 1;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const u = s.uniform();
    sum += u;
    sumSq += u * u;
    if (u < lo) lo = u;
    if (u > hi) hi = u;
  }
  assert.ok(lo > 0 && hi < 1, `range [${lo}, ${hi}]`);
  const mean = sum / n;
  const variance = (sumSq - n * mean * mean) / (n - 1);
  within(mean, 0.5, 5 * Math.sqrt(1 / 12 / n), 'uniform mean');
  // Var(s^2) ~ (mu4 - sigma^4)/n with mu4 = 1/80 for U(0,1).
  within(variance, 1 / 12, 5 * Math.sqrt((1 / 80 - 1 / 144) / n), 'uniform variance');
});

Streams('normal() has mean 0, variance 1 and fourth moment 3', () => {
  const s = new Stream(streamSeed(11, 0, 'normal-check'));
  const n = 400_000;
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const z = s.normal();
    m1 += z;
    m2 += z * z;
    m4 += z * z * z * z;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  within(m1, 0, 5 / Math.sqrt(n), 'normal mean');
  within(m2, 1, 5 * Math.sqrt(2 / n), 'normal second moment'); // Var(Z^2) = 2
  within(m4, 3, 5 * Math.sqrt(96 / n), 'normal fourth moment'); // Var(Z^4) = 105 - 9
});

Streams.run();
