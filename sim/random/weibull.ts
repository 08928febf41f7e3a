// The Weibull law by mean and coefficient of variation: the shape is solved from the cv (the scv
// depends on the shape alone), the scale from the mean. Used for service times, counts and
// renewal arrival gaps, and by the telemetry fits.
import { logGamma } from './special-functions.js';
import type { Sampler } from './distributions.js';
import type { Stream } from './stream.js';
import { standardExponential } from './ziggurat.js';

/** The squared cv of a Weibull law of shape k: Gamma(1 + 2/k) / Gamma(1 + 1/k)^2 - 1, falling in k. */
export function weibullScv(shape: number): number {
  return Math.exp(logGamma(1 + 2 / shape) - 2 * logGamma(1 + 1 / shape)) - 1;
}

/**
 * The Weibull shape with coefficient of variation cv, by bisection on log k (the scv falls
 * monotonically in k). Shapes in [0.02, 500] cover cvs from 0.0026 to 3e14; outside, the cv is
 * refused rather than met roughly.
 */
export function weibullShape(cv: number): number {
  const scv = cv * cv;
  let lo = Math.log(WEIBULL_MIN_SHAPE);
  let hi = Math.log(WEIBULL_MAX_SHAPE);
  if (!(scv <= weibullScv(WEIBULL_MIN_SHAPE) && scv >= weibullScv(WEIBULL_MAX_SHAPE))) {
    throw new Error(`weibull cv must lie in [${Math.sqrt(weibullScv(WEIBULL_MAX_SHAPE)).toPrecision(3)}, ${Math.sqrt(weibullScv(WEIBULL_MIN_SHAPE)).toPrecision(3)}], got ${cv}`);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (weibullScv(Math.exp(mid)) > scv) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

const WEIBULL_MIN_SHAPE = 0.02;
const WEIBULL_MAX_SHAPE = 500;

/** Weibull(shape k, scale) by inversion: scale (-ln U)^(1/k), one exponential draw. */
export class WeibullSampler implements Sampler {
  readonly mean: number;
  readonly variance: number;
  private readonly invShape: number;
  constructor(
    readonly shape: number,
    private readonly scale: number,
  ) {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`weibull shape must be finite and > 0, got ${shape}`);
    this.invShape = 1 / shape;
    this.mean = scale * Math.exp(logGamma(1 + 1 / shape));
    this.variance = this.mean * this.mean * weibullScv(shape);
  }
  static ofMeanCv(mean: number, cv: number): WeibullSampler {
    const shape = weibullShape(cv);
    return new WeibullSampler(shape, mean / Math.exp(logGamma(1 + 1 / shape)));
  }
  sample(s: Stream): number {
    return this.scale * Math.pow(standardExponential(s), this.invShape);
  }
}
