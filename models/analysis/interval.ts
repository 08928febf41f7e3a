// Confidence intervals for a metric from independent replications: Student-t interval on the mean of
// the per-replication values. Answers are intervals, never bare numbers.
import { erfc } from '../../sim/random/special-functions.js';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Estimate {
  readonly estimate: number;
  readonly interval: readonly [number, number];
  readonly halfWidth: number;
}

/** An Estimate that also says how many replications it rests on and at what confidence. */
export interface ReplicationEstimate extends Estimate {
  /** Number of non-NaN values used. */
  readonly sampleSize: number;
  readonly confidence: number;
}

/** The p-quantile of Student's t with df degrees of freedom (df > 0, finite; 0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`t quantile level must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new Error(`t degrees of freedom must be finite and > 0, got ${df}`);
  return tQuantile(p, df);
}

/**
 * Sample mean +- t_{(1+c)/2, n-1} s / sqrt(n) over the replications' values.
 *
 * NaN values are dropped: a replication yields NaN for a metric it could not observe (no request
 * finished), and it carries no information about that metric; `sampleSize` reports how many remained.
 * With fewer than two remaining values the width is unknown, so halfWidth is Infinity and the interval
 * (-Infinity, Infinity); the estimate is the single value, or NaN when none remain. An infinite value
 * makes the estimate infinite (or NaN if both signs occur) with infinite half-width.
 */
export function replicationInterval(values: readonly number[], confidence: number): ReplicationEstimate {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  let n = 0;
  let sum = 0;
  for (const x of values) {
    if (x === x) {
      n += 1;
      sum += x;
    }
  }
  const mean = n > 0 ? sum / n : NaN;
  if (n < 2 || !Number.isFinite(mean)) return unbounded(mean, n, confidence);
  let ss = 0;
  for (const x of values) {
    if (x === x) ss += (x - mean) * (x - mean);
  }
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = studentTQuantile((1 + confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, interval: [mean - halfWidth, mean + halfWidth], halfWidth, sampleSize: n, confidence };
}

/**
 * replicationInterval of a quantity that lies in [0, most] (a time per request, a share): over few
 * replications the t interval can reach beyond, and cutting it there loses no coverage. Without an
 * interval (fewer than two values) it stays unbounded.
 */
export function boundedInterval(values: readonly number[], confidence: number, most = Infinity): ReplicationEstimate {
  const e = replicationInterval(values, confidence);
  if (!Number.isFinite(e.halfWidth)) return e;
  return { ...e, interval: [Math.max(0, e.interval[0]), Math.min(most, e.interval[1])] };
}

function unbounded(estimate: number, sampleSize: number, confidence: number): ReplicationEstimate {
  return { estimate, interval: [-Infinity, Infinity], halfWidth: Infinity, sampleSize, confidence };
}

/** Count and second to fourth central moments (divided by n) of the non-NaN values. */
function centralMoments(values: readonly number[]): { readonly n: number; readonly m2: number; readonly m3: number; readonly m4: number } {
  const xs = values.filter((x) => x === x);
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Adjusted Fisher-Pearson sample skewness G1 of the non-NaN values (NaN with fewer than 3 or no spread). */
export function sampleSkewness(values: readonly number[]): number {
  const { n, m2, m3 } = centralMoments(values);
  if (n < 3 || !(m2 > 0)) return NaN;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** Adjusted sample excess kurtosis G2 of the non-NaN values (NaN with fewer than 4 or no spread). */
export function sampleExcessKurtosis(values: readonly number[]): number {
  const { n, m2, m4 } = centralMoments(values);
  if (n < 4 || !(m2 > 0)) return NaN;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2) - 3) + 6);
}

/** Φ(x), the standard normal distribution function. */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** φ(x), the standard normal density. */
export const normalDensity = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** The p-quantile of the standard normal (0 < p < 1): Newton's method on Φ(z) = erfc(−z/√2)/2, from 0. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normal quantile level must be in (0, 1), got ${p}`);
  // Φ bends away from its tangents on the quantile's side of 0, so the iterates approach it without passing it.
  let z = 0;
  for (let i = 0; i < 200; i++) {
    const step = (normalCdf(z) - p) / normalDensity(z);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}

/** Standard error of G1 for n values from a normal distribution: skewness beyond ~2 of these is real. */
export function skewnessStandardError(n: number): number {
  return Math.sqrt((6 * n * (n - 1)) / ((n - 2) * (n + 1) * (n + 3)));
}

/**
 * Hall's (1992) skewness-corrected t interval for the mean. The studentised mean T = √n(x̄ − μ)/s of
 * right-skewed values is itself skewed (x̄ and s rise together), so the symmetric t interval sits too
 * low; g(T) = T + λ/6 + λT²/3 + λ²T³/27 with λ = G1/√n removes the first-order skewness and is
 * monotone ((1 + λT/3)³ form), so the interval is the t interval's ends mapped back through g⁻¹:
 * asymmetric, longer on the side of the tail. With no skewness it is the t interval.
 */
export function skewCorrectedInterval(values: readonly number[], confidence: number): ReplicationEstimate & { readonly skewness: number } {
  const base = replicationInterval(values, confidence);
  const n = base.sampleSize;
  const g = sampleSkewness(values);
  if (!Number.isFinite(base.halfWidth) || !(Number.isFinite(g) && g !== 0)) return { ...base, skewness: g };
  const q = studentTQuantile((1 + confidence) / 2, n - 1);
  const se = base.halfWidth / q;
  const lambda = g / Math.sqrt(n);
  const inverse = (u: number): number => (3 / lambda) * (Math.cbrt(1 + lambda * (u - lambda / 6)) - 1);
  const lower = base.estimate - se * inverse(q);
  const upper = base.estimate - se * inverse(-q);
  return { ...base, interval: [lower, upper], halfWidth: (upper - lower) / 2, skewness: g };
}

/**
 * The t interval with its critical value widened for the values' skewness and kurtosis. Over n
 * values of skewness γ and excess kurtosis κ, the symmetric t interval covers less than it says by
 * about (2/n) φ(z) z [γ² (z⁴ + 2z² − 3)/18 − κ (z² − 3)/12] (the n⁻¹ term of the Edgeworth expansion
 * of the studentised mean beyond normal values', Hall 1992 §2.6; z the normal quantile of the
 * level): a critical value larger by (z/n)[…] makes that up. γ and κ are estimated by G1 and G2, and
 * the interval is never narrower than the t interval (an estimated κ large against γ would narrow
 * it on a guess). With fewer than 4 values, or none of the two estimates, it is the t interval.
 */
export function edgeworthInterval(values: readonly number[], confidence: number): ReplicationEstimate {
  const base = replicationInterval(values, confidence);
  if (!Number.isFinite(base.halfWidth)) return base;
  const halfWidth = base.halfWidth * edgeworthWidening(values, confidence);
  return { ...base, interval: [base.estimate - halfWidth, base.estimate + halfWidth], halfWidth };
}

/** The factor (≥ 1) by which edgeworthInterval widens the t interval of these values. */
function edgeworthWidening(values: readonly number[], confidence: number): number {
  const n = values.filter((x) => x === x).length;
  const g = sampleSkewness(values);
  const k = sampleExcessKurtosis(values);
  if (n < 4 || !Number.isFinite(g) || !Number.isFinite(k)) return 1;
  const q = studentTQuantile((1 + confidence) / 2, n - 1);
  const z = normalQuantile((1 + confidence) / 2);
  const widening = Math.max(0, (z / n) * ((g * g * (z ** 4 + 2 * z * z - 3)) / 18 - (k * (z * z - 3)) / 12));
  return (q + widening) / q;
}

/**
 * Sectioning (Asmussen & Glynn 2007, ch. III): an estimate computed from all replications together
 * (`centre`, e.g. the percentile of all their values), with the t interval of the replications' own
 * estimates taken around it rather than around their mean, widened for their skewness and kurtosis
 * as edgeworthInterval is. A percentile of one short replication is biased (low, for a heavy tail's
 * p99); the centre from all values is not, and the spread around it includes the bias that remains.
 */
export function sectionedInterval(values: readonly number[], centre: number, confidence: number): ReplicationEstimate {
  const finite = values.filter((x) => x === x);
  const n = finite.length;
  if (n < 2 || !Number.isFinite(centre)) return unbounded(centre, n, confidence);
  const spread = Math.sqrt(finite.reduce((a, x) => a + (x - centre) * (x - centre), 0) / (n - 1));
  const halfWidth = studentTQuantile((1 + confidence) / 2, n - 1) * (spread / Math.sqrt(n)) * edgeworthWidening(finite, confidence);
  return { estimate: centre, interval: [centre - halfWidth, centre + halfWidth], halfWidth, sampleSize: n, confidence };
}
