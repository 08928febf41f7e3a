// Tests for sim/random/distributions.ts: for every kind, the declared mean and variance equal moments
// computed here independently (closed forms, or a numeric integral for the truncated normal), and the
// sample mean and variance of 200k draws fall within 5 standard errors of them.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import {
  createSampler,
  DeterministicSampler,
  ExponentialSampler,
  GammaSampler,
  NormalTailSampler,
  TruncatedNormalSampler,
} from '../../../sim/random/distributions.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';

const Distributions = suite('distributions');

const N = 200_000;

/** E[X], E[X^2], E[X^3], E[X^4]. */
type RawMoments = readonly [number, number, number, number];

function powers(f: (k: number) => number): RawMoments {
  return [f(1), f(2), f(3), f(4)];
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}

function gammaRaw(shape: number, scale: number): RawMoments {
  return powers((k) => {
    let r = 1;
    for (let j = 0; j < k; j++) r *= shape + j;
    return r * scale ** k;
  });
}

function hyperexponentialRaw(mean: number, scv: number): RawMoments {
  const p = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const m1 = mean / (2 * p);
  const m2 = mean / (2 * (1 - p));
  return powers((k) => factorial(k) * (p * m1 ** k + (1 - p) * m2 ** k));
}

/** Raw moments of N(mu, sd^2) conditioned on X >= 0, by composite Simpson over [0, mu + 14 sd]. */
function truncatedNormalRaw(mu: number, sd: number): RawMoments {
  const lo = Math.max(0, mu - 14 * sd);
  const hi = Math.max(mu, 0) + 14 * sd;
  const steps = 20_000;
  const h = (hi - lo) / steps;
  const acc = [0, 0, 0, 0, 0];
  for (let i = 0; i <= steps; i++) {
    const x = lo + i * h;
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    const density = Math.exp(-0.5 * ((x - mu) / sd) ** 2);
    for (let k = 0; k <= 4; k++) acc[k]! += w * density * x ** k;
  }
  return powers((k) => acc[k]! / acc[0]!);
}

function empiricalRaw(values: readonly number[]): RawMoments {
  return powers((k) => values.reduce((s, x) => s + x ** k, 0) / values.length);
}

function mixtureRaw(parts: readonly (readonly [number, RawMoments])[]): RawMoments {
  const total = parts.reduce((s, [w]) => s + w, 0);
  return powers((k) => parts.reduce((s, [w, m]) => s + (w / total) * m[k - 1]!, 0));
}

interface Case {
  readonly name: string;
  readonly spec: DistSpec;
  readonly raw: RawMoments;
}

const mixtureSpec: DistSpec = {
  dist: 'mixture',
  components: [
    { weight: 3, of: { dist: 'exponential', mean: 1 } },
    { weight: 6, of: { dist: 'deterministic', value: 4 } },
    { weight: 1, of: { dist: 'uniform', min: 2, max: 3 } },
  ],
};

const cases: readonly Case[] = [
  { name: 'exponential mean 2', spec: { dist: 'exponential', mean: 2 }, raw: powers((k) => factorial(k) * 2 ** k) },
  { name: 'deterministic 3', spec: { dist: 'deterministic', value: 3 }, raw: powers((k) => 3 ** k) },
  { name: 'uniform [1, 4]', spec: { dist: 'uniform', min: 1, max: 4 }, raw: powers((k) => (4 ** (k + 1) - 1) / ((k + 1) * 3)) },
  { name: 'normal(1, 0.5) truncated', spec: { dist: 'normal', mean: 1, sd: 0.5 }, raw: truncatedNormalRaw(1, 0.5) },
  { name: 'normal(1, 1) truncated', spec: { dist: 'normal', mean: 1, sd: 1 }, raw: truncatedNormalRaw(1, 1) },
  { name: 'normal(0, 2) truncated (half-normal)', spec: { dist: 'normal', mean: 0, sd: 2 }, raw: truncatedNormalRaw(0, 2) },
  { name: 'normal(-1, 1) truncated (tail sampler)', spec: { dist: 'normal', mean: -1, sd: 1 }, raw: truncatedNormalRaw(-1, 1) },
  { name: 'normal(-5, 2) truncated (tail sampler)', spec: { dist: 'normal', mean: -5, sd: 2 }, raw: truncatedNormalRaw(-5, 2) },
  { name: 'lognormal mean 2 cv 0.5', spec: { dist: 'lognormal', mean: 2, cv: 0.5 }, raw: lognormalRaw(2, 0.5) },
  { name: 'lognormal mean 1 cv 1.5', spec: { dist: 'lognormal', mean: 1, cv: 1.5 }, raw: lognormalRaw(1, 1.5) },
  { name: 'gamma mean 2 cv 0.5 (shape 4)', spec: { dist: 'gamma', mean: 2, cv: 0.5 }, raw: gammaRaw(4, 0.5) },
  { name: 'gamma mean 3 cv 1 (shape 1)', spec: { dist: 'gamma', mean: 3, cv: 1 }, raw: gammaRaw(1, 3) },
  { name: 'gamma mean 1 cv 2 (shape 0.25, boosted)', spec: { dist: 'gamma', mean: 1, cv: 2 }, raw: gammaRaw(0.25, 4) },
  // Weibull by shape k and scale: E[X^n] = scale^n Gamma(1 + n/k), here with closed-form Gammas.
  {
    name: 'weibull shape 2 (Rayleigh) scale 1',
    spec: { dist: 'weibull', mean: Math.sqrt(Math.PI) / 2, cv: Math.sqrt(4 / Math.PI - 1) },
    raw: [Math.sqrt(Math.PI) / 2, 1, (3 * Math.sqrt(Math.PI)) / 4, 2],
  },
  { name: 'weibull shape 0.5 scale 0.5', spec: { dist: 'weibull', mean: 1, cv: Math.sqrt(5) }, raw: powers((k) => 0.5 ** k * factorial(2 * k)) },
  { name: 'weibull shape 1 (exponential) mean 2', spec: { dist: 'weibull', mean: 2, cv: 1 }, raw: powers((k) => factorial(k) * 2 ** k) },
  { name: 'erlang k 3 mean 1.5', spec: { dist: 'erlang', k: 3, mean: 1.5 }, raw: gammaRaw(3, 0.5) },
  { name: 'erlang k 40 mean 2 (gamma path)', spec: { dist: 'erlang', k: 40, mean: 2 }, raw: gammaRaw(40, 0.05) },
  { name: 'hyperexponential mean 1 scv 4', spec: { dist: 'hyperexponential', mean: 1, scv: 4 }, raw: hyperexponentialRaw(1, 4) },
  { name: 'hyperexponential mean 2 scv 1 (exponential)', spec: { dist: 'hyperexponential', mean: 2, scv: 1 }, raw: powers((k) => factorial(k) * 2 ** k) },
  {
    name: 'empirical',
    spec: { dist: 'empirical', samples: [0.1, 0.5, 0.5, 2, 7] },
    raw: empiricalRaw([0.1, 0.5, 0.5, 2, 7]),
  },
  {
    name: 'mixture of exponential, deterministic, uniform',
    spec: mixtureSpec,
    raw: mixtureRaw([
      [3, powers((k) => factorial(k))],
      [6, powers((k) => 4 ** k)],
      [1, powers((k) => (3 ** (k + 1) - 2 ** (k + 1)) / (k + 1))],
    ]),
  },
];

function lognormalRaw(mean: number, cv: number): RawMoments {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  return powers((k) => Math.exp(k * mu + (k * k * sigma2) / 2));
}

function relativeClose(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${what}: ${actual}, expected ${expected}`);
}

for (const c of cases) {
  Distributions(`${c.name}: declared mean and variance are the exact moments`, () => {
    const sampler = createSampler(c.spec);
    const [m1, m2] = c.raw;
    relativeClose(sampler.mean, m1, 1e-9, 'mean');
    if (m2 - m1 * m1 <= 1e-12 * m2) assert.is(sampler.variance, 0);
    else relativeClose(sampler.variance, m2 - m1 * m1, 1e-8, 'variance');
  });

  Distributions(`${c.name}: sample mean and variance within 5 standard errors`, () => {
    const sampler = createSampler(c.spec);
    const stream = new Stream(streamSeed(20240601, 0, c.name));
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = sampler.sample(stream);
    let sum = 0;
    let min = Infinity;
    for (const x of xs) {
      sum += x;
      if (x < min) min = x;
    }
    assert.ok(min >= 0, `negative sample ${min}`);
    const mean = sum / N;
    let ss = 0;
    for (const x of xs) ss += (x - mean) ** 2;
    const variance = ss / (N - 1);

    const [m1, m2, m3, m4] = c.raw;
    const sigma2 = m2 - m1 * m1;
    const mu4 = m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4;
    const meanSe = Math.sqrt(sigma2 / N);
    // Sampling variance of the sample variance: (mu4 - sigma^4 (N-3)/(N-1)) / N.
    const varianceSe = Math.sqrt(Math.max(0, mu4 - (sigma2 * sigma2 * (N - 3)) / (N - 1)) / N);
    const slack = 1e-12 * Math.max(1, Math.abs(m1)); // rounding, for the degenerate cases
    assert.ok(Math.abs(mean - sampler.mean) <= 5 * meanSe + slack, `sample mean ${mean} vs ${sampler.mean} (se ${meanSe})`);
    assert.ok(
      Math.abs(variance - sampler.variance) <= 5 * varianceSe + slack,
      `sample variance ${variance} vs ${sampler.variance} (se ${varianceSe})`,
    );
  });
}

Distributions('hyperexponential fit reproduces the requested squared cv', () => {
  for (const scv of [1.5, 4, 25]) {
    const s = createSampler({ dist: 'hyperexponential', mean: 3, scv });
    relativeClose(s.mean, 3, 1e-12, 'mean');
    relativeClose(s.variance / (s.mean * s.mean), scv, 1e-12, 'scv');
  }
});

Distributions('lognormal, gamma and weibull declare variance (cv mean)^2', () => {
  for (const dist of ['lognormal', 'gamma', 'weibull'] as const) {
    const s = createSampler({ dist, mean: 2, cv: 3 });
    relativeClose(s.mean, 2, 1e-12, `${dist} mean`);
    relativeClose(s.variance, 36, 1e-12, `${dist} variance`);
  }
});

Distributions('degenerate parameters become a deterministic sampler', () => {
  const degenerate: DistSpec[] = [
    { dist: 'lognormal', mean: 2, cv: 0 },
    { dist: 'gamma', mean: 2, cv: 0 },
    { dist: 'weibull', mean: 2, cv: 0 },
    { dist: 'normal', mean: 2, sd: 0 },
    { dist: 'exponential', mean: 0 },
    { dist: 'erlang', k: 2, mean: 0 },
  ];
  const s = new Stream('degenerate');
  for (const spec of degenerate) {
    const sampler = createSampler(spec);
    assert.instance(sampler, DeterministicSampler, spec.dist);
    assert.is(sampler.variance, 0);
    assert.is(sampler.sample(s), sampler.mean);
  }
  assert.instance(createSampler({ dist: 'hyperexponential', mean: 1, scv: 1 }), ExponentialSampler);
  assert.instance(createSampler({ dist: 'erlang', k: 40, mean: 1 }), GammaSampler);
  assert.instance(createSampler({ dist: 'normal', mean: 1, sd: 1 }), TruncatedNormalSampler);
  assert.instance(createSampler({ dist: 'normal', mean: -3, sd: 1 }), NormalTailSampler);
});

Distributions('a normal far below 0 still samples quickly (no resampling loop)', () => {
  const sampler = createSampler({ dist: 'normal', mean: -20, sd: 1 });
  const s = new Stream('far-tail');
  let sum = 0;
  for (let i = 0; i < 10_000; i++) sum += sampler.sample(s);
  // Mean of a standard normal beyond 20 is about 1/20 above the cut: 0.0497...
  assert.ok(sampler.mean > 0.049 && sampler.mean < 0.05, `mean ${sampler.mean}`);
  assert.ok(Math.abs(sum / 10_000 - sampler.mean) < 5 * Math.sqrt(sampler.variance / 10_000));
});

Distributions('impossible parameters throw', () => {
  const bad: DistSpec[] = [
    { dist: 'exponential', mean: -1 },
    { dist: 'exponential', mean: NaN },
    { dist: 'deterministic', value: Infinity },
    { dist: 'uniform', min: 3, max: 2 },
    { dist: 'uniform', min: -1, max: 2 },
    { dist: 'normal', mean: 1, sd: -1 },
    { dist: 'normal', mean: -1, sd: 0 },
    { dist: 'normal', mean: -40, sd: 1 },
    { dist: 'lognormal', mean: 1, cv: -0.5 },
    { dist: 'gamma', mean: -1, cv: 1 },
    { dist: 'weibull', mean: -1, cv: 1 },
    { dist: 'weibull', mean: 1, cv: 1e15 },
    { dist: 'weibull', mean: 1, cv: 1e-4 },
    { dist: 'erlang', k: 2.5, mean: 1 },
    { dist: 'erlang', k: 0, mean: 1 },
    { dist: 'hyperexponential', mean: 1, scv: 0.5 },
    { dist: 'empirical', samples: [] },
    { dist: 'empirical', samples: [1, -2] },
    { dist: 'mixture', components: [] },
    { dist: 'mixture', components: [{ weight: 0, of: { dist: 'deterministic', value: 1 } }] },
    { dist: 'mixture', components: [{ weight: -1, of: { dist: 'deterministic', value: 1 } }] },
    { dist: 'mixture', components: [{ weight: 1, of: { dist: 'exponential', mean: -1 } }] },
  ];
  for (const spec of bad) assert.throws(() => createSampler(spec), undefined, JSON.stringify(spec));
});

Distributions.run();
