// Turns a DistSpec into a Sampler: a variate generator that also knows its exact mean and variance
// (the Ciw pattern), so analytic backends and theory tests share the numbers the engine samples from.
import { erfc } from './special-functions.js';
import type { DistSpec } from './dist-spec.js';
import type { Stream } from './stream.js';
import { standardExponential } from './ziggurat.js';
import { WeibullSampler } from './weibull.js';

/**
 * A distribution of non-negative values. `sample` allocates nothing; each call site in the engine holds
 * one concrete class, so the call stays monomorphic.
 */
export interface Sampler {
  readonly mean: number;
  readonly variance: number;
  sample(s: Stream): number;
}

/**
 * Every kind produces non-negative values (the normal is truncated at 0 for that reason), so negative
 * parameters are rejected. A non-negative distribution with mean 0 is the point mass at 0, and a cv
 * (or sd) of 0 is the point mass at the mean; both become DeterministicSampler.
 */
export function createSampler(spec: DistSpec): Sampler {
  switch (spec.dist) {
    case 'exponential':
      requireNonNegative('exponential mean', spec.mean);
      return spec.mean === 0 ? new DeterministicSampler(0) : new ExponentialSampler(spec.mean);
    case 'deterministic':
      requireNonNegative('deterministic value', spec.value);
      return new DeterministicSampler(spec.value);
    case 'uniform':
      requireNonNegative('uniform min', spec.min);
      requireNonNegative('uniform max', spec.max);
      if (spec.max < spec.min) throw new Error(`uniform max ${spec.max} is below min ${spec.min}`);
      return new UniformSampler(spec.min, spec.max);
    case 'normal':
      return createTruncatedNormal(spec.mean, spec.sd);
    case 'lognormal':
      requireNonNegative('lognormal mean', spec.mean);
      requireNonNegative('lognormal cv', spec.cv);
      return spec.mean === 0 || spec.cv === 0
        ? new DeterministicSampler(spec.mean)
        : new LognormalSampler(spec.mean, spec.cv);
    case 'gamma':
      requireNonNegative('gamma mean', spec.mean);
      requireNonNegative('gamma cv', spec.cv);
      return spec.mean === 0 || spec.cv === 0
        ? new DeterministicSampler(spec.mean)
        : new GammaSampler(1 / (spec.cv * spec.cv), spec.mean * spec.cv * spec.cv);
    case 'weibull':
      requireNonNegative('weibull mean', spec.mean);
      requireNonNegative('weibull cv', spec.cv);
      return spec.mean === 0 || spec.cv === 0
        ? new DeterministicSampler(spec.mean)
        : WeibullSampler.ofMeanCv(spec.mean, spec.cv);
    case 'erlang':
      if (!Number.isInteger(spec.k) || spec.k < 1) throw new Error(`erlang k must be a positive integer, got ${spec.k}`);
      requireNonNegative('erlang mean', spec.mean);
      if (spec.mean === 0) return new DeterministicSampler(0);
      // Beyond a few phases one Marsaglia-Tsang draw is cheaper than k uniforms, and exact in law.
      return spec.k <= ERLANG_PRODUCT_MAX_K
        ? new ErlangSampler(spec.k, spec.mean)
        : new GammaSampler(spec.k, spec.mean / spec.k);
    case 'hyperexponential':
      requireNonNegative('hyperexponential mean', spec.mean);
      if (!(spec.scv >= 1) || !Number.isFinite(spec.scv)) {
        throw new Error(`hyperexponential scv must be a finite number >= 1, got ${spec.scv}`);
      }
      if (spec.mean === 0) return new DeterministicSampler(0);
      return spec.scv === 1 ? new ExponentialSampler(spec.mean) : new HyperexponentialSampler(spec.mean, spec.scv);
    case 'empirical':
      return new EmpiricalSampler(spec.samples);
    case 'mixture':
      return new MixtureSampler(spec.components.map((c) => c.weight), spec.components.map((c) => createSampler(c.of)));
  }
}

function requireNonNegative(what: string, x: number): void {
  if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`${what} must be a finite number >= 0, got ${x}`);
}

export class DeterministicSampler implements Sampler {
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(_s: Stream): number {
    return this.mean;
  }
}

export class ExponentialSampler implements Sampler {
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(s: Stream): number {
    return this.mean * standardExponential(s);
  }
}

export class UniformSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly width: number;
  constructor(
    private readonly min: number,
    max: number,
  ) {
    this.width = max - min;
    this.mean = (min + max) / 2;
    this.variance = (this.width * this.width) / 12;
  }
  sample(s: Stream): number {
    return this.min + this.width * s.uniform();
  }
}

// Past this many sd below 0 the acceptance probability underflows a double; such a "distribution" is a
// modelling error, not a parameter worth supporting.
const TRUNCATED_NORMAL_MAX_ALPHA = 30;
// Resampling negatives accepts with probability >= 0.30 up to here; further out the tail sampler wins.
const TRUNCATED_NORMAL_RESAMPLE_MAX_ALPHA = 0.5;

function createTruncatedNormal(mu: number, sd: number): Sampler {
  if (!Number.isFinite(mu)) throw new Error(`normal mean must be finite, got ${mu}`);
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new Error(`normal sd must be a finite number >= 0, got ${sd}`);
  if (sd === 0) {
    if (mu < 0) throw new Error(`normal with sd 0 and mean ${mu} < 0 has no mass at or above 0`);
    return new DeterministicSampler(mu);
  }
  const alpha = -mu / sd; // the truncation point in standard units
  if (alpha > TRUNCATED_NORMAL_MAX_ALPHA) {
    throw new Error(`normal mean ${mu} is more than ${TRUNCATED_NORMAL_MAX_ALPHA} sd below 0`);
  }
  // Moments of N(mu, sd^2) conditioned on X >= 0, with lambda the inverse Mills ratio phi(alpha)/(1-Phi(alpha)).
  const tail = 0.5 * erfc(alpha / Math.SQRT2);
  const lambda = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI) / tail;
  const mean = mu + sd * lambda;
  const variance = sd * sd * (1 + alpha * lambda - lambda * lambda);
  return alpha <= TRUNCATED_NORMAL_RESAMPLE_MAX_ALPHA
    ? new TruncatedNormalSampler(mu, sd, mean, variance)
    : new NormalTailSampler(mu, sd, alpha, mean, variance);
}

/** Normal truncated at 0 by resampling negative draws (used when most of the mass is above 0). */
export class TruncatedNormalSampler implements Sampler {
  constructor(
    private readonly mu: number,
    private readonly sd: number,
    readonly mean: number,
    readonly variance: number,
  ) {}
  sample(s: Stream): number {
    let x = this.mu + this.sd * s.normal();
    while (x < 0) x = this.mu + this.sd * s.normal();
    return x;
  }
}

/**
 * Normal truncated at 0 when 0 lies in its upper tail (mean below 0): Robert's (1995) exponential
 * proposal, whose acceptance stays above 0.7 however far out the tail is, where resampling would hang.
 */
export class NormalTailSampler implements Sampler {
  private readonly rate: number;
  constructor(
    private readonly mu: number,
    private readonly sd: number,
    private readonly alpha: number,
    readonly mean: number,
    readonly variance: number,
  ) {
    this.rate = (alpha + Math.sqrt(alpha * alpha + 4)) / 2;
  }
  sample(s: Stream): number {
    for (;;) {
      const z = this.alpha - Math.log(s.uniform()) / this.rate;
      const d = z - this.rate;
      if (s.uniform() <= Math.exp(-0.5 * d * d)) return this.mu + this.sd * z;
    }
  }
}

export class LognormalSampler implements Sampler {
  readonly variance: number;
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly mean: number,
    cv: number,
  ) {
    const sigma2 = Math.log1p(cv * cv);
    this.sigma = Math.sqrt(sigma2);
    this.mu = Math.log(mean) - sigma2 / 2;
    this.variance = mean * mean * cv * cv;
  }
  sample(s: Stream): number {
    return Math.exp(this.mu + this.sigma * s.normal());
  }
}

/**
 * Gamma(shape, scale) by Marsaglia and Tsang (2000). For shape < 1 it draws Gamma(shape + 1) and
 * multiplies by U^(1/shape), their boost.
 */
export class GammaSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly invShape: number;
  private readonly isBoosted: boolean;
  constructor(
    shape: number,
    private readonly scale: number,
  ) {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`gamma shape must be finite and > 0, got ${shape}`);
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    this.isBoosted = shape < 1;
    this.invShape = 1 / shape;
    this.d = (this.isBoosted ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  sample(s: Stream): number {
    const d = this.d;
    let v = 0;
    for (;;) {
      const x = s.normal();
      const t = 1 + this.c * x;
      if (t <= 0) continue;
      v = t * t * t;
      const u = s.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    const g = d * v * this.scale;
    return this.isBoosted ? g * Math.pow(s.uniform(), this.invShape) : g;
  }
}

// k uniforms, each >= 2^-53, keep their product above the smallest normal double for k <= 19.
const ERLANG_PRODUCT_MAX_K = 16;

/** Erlang-k as minus the log of a product of k uniforms: one log per draw. */
export class ErlangSampler implements Sampler {
  readonly variance: number;
  private readonly phaseMean: number;
  constructor(
    private readonly k: number,
    readonly mean: number,
  ) {
    this.phaseMean = mean / k;
    this.variance = (mean * mean) / k;
  }
  sample(s: Stream): number {
    let p = s.uniform();
    for (let i = 1; i < this.k; i++) p *= s.uniform();
    return -this.phaseMean * Math.log(p);
  }
}

/**
 * Two-phase hyperexponential with balanced means (p1/mu1 = p2/mu2), the standard fit to a mean and a
 * squared cv >= 1: p1 = (1 + sqrt((scv-1)/(scv+1)))/2, phase i has mean m/(2 p_i).
 */
export class HyperexponentialSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly p1: number;
  private readonly mean1: number;
  private readonly mean2: number;
  constructor(mean: number, scv: number) {
    const p1 = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
    const p2 = 1 - p1;
    this.p1 = p1;
    this.mean1 = mean / (2 * p1);
    this.mean2 = mean / (2 * p2);
    this.mean = p1 * this.mean1 + p2 * this.mean2;
    // E[X^2] = sum of 2 p_i m_i^2; this equals scv * mean^2 up to rounding.
    this.variance = 2 * (p1 * this.mean1 * this.mean1 + p2 * this.mean2 * this.mean2) - this.mean * this.mean;
  }
  sample(s: Stream): number {
    const phaseMean = s.uniform() < this.p1 ? this.mean1 : this.mean2;
    return phaseMean * standardExponential(s);
  }
}

/** Uniform resampling of the listed values; moments are those of that discrete distribution. */
export class EmpiricalSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;
  constructor(samples: readonly number[]) {
    const n = samples.length;
    if (n === 0) throw new Error('empirical distribution needs at least one sample');
    this.values = Float64Array.from(samples);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = this.values[i]!;
      requireNonNegative(`empirical sample ${i}`, x);
      sum += x;
    }
    this.mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = this.values[i]! - this.mean;
      ss += d * d;
    }
    this.variance = ss / n;
  }
  sample(s: Stream): number {
    const n = this.values.length;
    const i = Math.floor(s.uniform() * n);
    // u * n can round up to n when u is within an ulp of 1.
    return this.values[i < n ? i : n - 1]!;
  }
}

/**
 * Picks a component with probability weight / total weight, then samples it. The inner call sees
 * several classes; mixtures are rare enough that this one polymorphic site is acceptable.
 */
export class MixtureSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly cumulative: Float64Array;
  private readonly components: readonly Sampler[];
  constructor(weights: readonly number[], components: readonly Sampler[]) {
    const n = components.length;
    if (n === 0 || weights.length !== n) throw new Error('mixture needs one weight per component, and at least one');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      requireNonNegative(`mixture weight ${i}`, w);
      total += w;
    }
    if (!(total > 0)) throw new Error('mixture weights sum to 0');
    this.components = components;
    this.cumulative = new Float64Array(n);
    let acc = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const p = weights[i]! / total;
      acc += p;
      this.cumulative[i] = acc;
      mean += p * components[i]!.mean;
    }
    this.cumulative[n - 1] = 1; // rounding must never leave a gap at the top
    // Law of total variance: E[Var | component] + Var[E | component].
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const c = components[i]!;
      const d = c.mean - mean;
      variance += (weights[i]! / total) * (c.variance + d * d);
    }
    this.mean = mean;
    this.variance = variance;
  }
  sample(s: Stream): number {
    const u = s.uniform();
    const cum = this.cumulative;
    let i = 0;
    while (u >= cum[i]!) i++;
    return this.components[i]!.sample(s);
  }
}
