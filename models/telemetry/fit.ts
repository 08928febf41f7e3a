// Fitting a law to observed durations (or counts, or gaps between arrivals): exponential, lognormal,
// gamma and Weibull by maximum likelihood, the one with the least AIC chosen, its Kolmogorov-Smirnov
// distance and p-value reported. When even the chosen law fails the KS test at 1% the empirical
// distribution is kept instead (quantiles of the sample). Zeros (timers of millisecond resolution
// read 0 for short calls) are a point mass: the law is fitted to the positive values and mixed.

import { erfc, logGamma } from '../../sim/random/special-functions.js';
import gammainc from '@stdlib/math-base-special-gammainc';
import type { DistSpec } from '../../sim/random/dist-spec.js';
import { weibullScv } from '../../sim/random/weibull.js';

export type LawName = 'exponential' | 'lognormal' | 'gamma' | 'weibull';
export const LAWS: readonly LawName[] = ['exponential', 'lognormal', 'gamma', 'weibull'];

export interface LawFit {
  readonly law: LawName;
  /** Mean and coefficient of variation of the fitted law. */
  readonly mean: number;
  readonly cv: number;
  readonly logLikelihood: number;
  readonly aic: number;
  /** KS distance between the sample and the law, and its asymptotic p-value (conservative: parameters were fitted). */
  readonly ks: number;
  readonly ksP: number;
  readonly cdf: (x: number) => number;
}

export interface Fit {
  /** What the scenario gets. */
  readonly dist: DistSpec;
  /** 'empirical' when no law passed the KS test, 'constant' when every value was equal. */
  readonly chosen: LawName | 'empirical' | 'constant';
  readonly n: number;
  readonly zeros: number;
  /** Sample mean and sd of all values (zeros included). */
  readonly mean: number;
  readonly sd: number;
  /** Every candidate law, fitted to the positive values, best AIC first (empty when fewer than 2 distinct positive values). */
  readonly laws: readonly LawFit[];
  /** KS distance of what the scenario gets, against the whole sample. */
  readonly ks: number;
}

/** The p-value below which the best law is rejected in favour of the empirical distribution. */
export const KS_REJECT = 0.01;
/** Quantiles kept for an empirical distribution: enough for a smooth CDF, few enough for a readable file. */
const EMPIRICAL_POINTS = 200;

export function fitDurations(values: readonly number[]): Fit {
  const n = values.length;
  if (n === 0) throw new Error('internal: a fit of no values');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const positive = values.filter((v) => v > 0).sort((a, b) => a - b);
  const zeros = n - positive.length;
  const distinct = new Set(positive).size;
  if (positive.length === 0 || (distinct === 1 && zeros === 0)) {
    return { dist: { dist: 'deterministic', value: positive[0] ?? 0 }, chosen: 'constant', n, zeros, mean, sd, laws: [], ks: 0 };
  }
  const laws = distinct < 2 ? [] : LAWS.map((law) => fitLaw(law, positive)).filter((f): f is LawFit => f !== undefined).sort((a, b) => a.aic - b.aic);
  const best = laws[0];
  const sorted = [...values].sort((a, b) => a - b);
  if (best === undefined || best.ksP < KS_REJECT) {
    const dist: DistSpec = { dist: 'empirical', samples: quantilePoints(sorted, EMPIRICAL_POINTS) };
    return { dist, chosen: 'empirical', n, zeros, mean, sd, laws, ks: 0 };
  }
  const law: DistSpec = { dist: best.law === 'exponential' ? 'exponential' : best.law, mean: best.mean, ...(best.law === 'exponential' ? {} : { cv: best.cv }) } as DistSpec;
  if (zeros === 0) return { dist: law, chosen: best.law, n, zeros, mean, sd, laws, ks: best.ks };
  const p0 = Math.round((zeros / n) * 1e9) / 1e9; // the weights are written out: 9 decimals sum to 1 within the loader's 1e-9
  const dist: DistSpec = { dist: 'mixture', components: [{ weight: p0, of: { dist: 'deterministic', value: 0 } }, { weight: 1 - p0, of: law }] };
  return { dist, chosen: best.law, n, zeros, mean, sd, laws, ks: ksDistance(sorted, (x) => (x < 0 ? 0 : p0 + (1 - p0) * best.cdf(x))) };
}

/** Evenly spaced quantiles of a sorted sample (all of it when it is small). */
function quantilePoints(sorted: readonly number[], k: number): number[] {
  if (sorted.length <= k) return [...sorted];
  return Array.from({ length: k }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) / k) * sorted.length))]!);
}

/** The maximum-likelihood fit of one law to positive, sorted values; undefined when it does not converge. */
export function fitLaw(law: LawName, x: readonly number[]): LawFit | undefined {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const logs = x.map(Math.log);
  const meanLog = logs.reduce((a, b) => a + b, 0) / n;
  const sumLog = meanLog * n;
  let ll: number, fitMean: number, cv: number, cdf: (v: number) => number;
  switch (law) {
    case 'exponential':
      ll = -n * Math.log(mean) - n;
      fitMean = mean; cv = 1;
      cdf = (v) => 1 - Math.exp(-v / mean);
      break;
    case 'lognormal': {
      const s2 = logs.reduce((a, b) => a + (b - meanLog) ** 2, 0) / n;
      if (!(s2 > 0)) return undefined;
      const s = Math.sqrt(s2);
      ll = -sumLog - n * Math.log(s) - (n / 2) * Math.log(2 * Math.PI) - n / 2;
      fitMean = Math.exp(meanLog + s2 / 2); cv = Math.sqrt(Math.expm1(s2));
      cdf = (v) => (v <= 0 ? 0 : 0.5 * erfc(-(Math.log(v) - meanLog) / (s * Math.SQRT2)));
      break;
    }
    case 'gamma': {
      const k = gammaShape(Math.log(mean) - meanLog);
      if (k === undefined) return undefined;
      const theta = mean / k;
      ll = (k - 1) * sumLog - n * mean / theta - n * k * Math.log(theta) - n * logGamma(k);
      fitMean = mean; cv = 1 / Math.sqrt(k);
      cdf = (v) => (v <= 0 ? 0 : gammainc(v / theta, k));
      break;
    }
    case 'weibull': {
      const k = weibullShapeMle(x, logs, meanLog);
      if (k === undefined) return undefined;
      const scale = (x.reduce((a, v) => a + v ** k, 0) / n) ** (1 / k);
      ll = n * Math.log(k) - n * k * Math.log(scale) + (k - 1) * sumLog - x.reduce((a, v) => a + (v / scale) ** k, 0);
      fitMean = scale * Math.exp(logGamma(1 + 1 / k)); cv = Math.sqrt(weibullScv(k));
      cdf = (v) => (v <= 0 ? 0 : -Math.expm1(-((v / scale) ** k)));
      break;
    }
  }
  if (!Number.isFinite(ll) || !Number.isFinite(fitMean) || !Number.isFinite(cv)) return undefined;
  const params = law === 'exponential' ? 1 : 2;
  const ks = ksDistance(x, cdf);
  return { law, mean: fitMean, cv, logLikelihood: ll, aic: 2 * params - 2 * ll, ks, ksP: ksPValue(ks, n), cdf };
}

/** Gamma shape by Newton on ln k - digamma(k) = s (s = ln mean - mean ln x > 0), from Minka's start. */
function gammaShape(s: number): number | undefined {
  if (!(s > 0)) return undefined;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - s;
    const df = 1 / k - trigamma(k);
    const next = k - f / df;
    if (!(next > 0)) k /= 2;
    else { if (Math.abs(next - k) < 1e-12 * k) return next; k = next; }
  }
  return Number.isFinite(k) && k > 0 ? k : undefined;
}

/** Weibull shape MLE: the root of sum x^k ln x / sum x^k - 1/k - mean ln x, by bisection on ln k. */
function weibullShapeMle(x: readonly number[], logs: readonly number[], meanLog: number): number | undefined {
  // Scaled by the largest value, so x^k neither overflows nor underflows for large k.
  const maxLog = Math.max(...logs);
  const g = (k: number): number => {
    let a = 0, b = 0;
    for (let i = 0; i < x.length; i++) {
      const w = Math.exp(k * (logs[i]! - maxLog));
      a += w * logs[i]!;
      b += w;
    }
    return a / b - 1 / k - meanLog;
  };
  let lo = Math.log(0.02), hi = Math.log(500);
  if (g(Math.exp(lo)) > 0 || g(Math.exp(hi)) < 0) return undefined;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (g(Math.exp(mid)) < 0) lo = mid; else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

function digamma(x: number): number {
  let r = 0;
  while (x < 6) { r -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

function trigamma(x: number): number {
  let r = 0;
  while (x < 6) { r += 1 / (x * x); x += 1; }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** sup |F_n - F| over a sorted sample. */
export function ksDistance(sorted: readonly number[], cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Two-sample KS distance between sorted samples, values within `resolution` of each other counted
 * as equal: a time read off trace timestamps is known only to their resolution, and an atom (a
 * constant 15 ms cache lookup) smeared over it on one side and exact on the other is not a difference.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[], resolution = 0): number {
  let i = 0, j = 0, d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!) + resolution;
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** The two-sample KS test of sorted samples: distance and asymptotic p-value at the effective size n m / (n + m). */
export function ksTwoSampleTest(a: readonly number[], b: readonly number[], resolution = 0): { readonly d: number; readonly p: number } {
  const d = ksTwoSample(a, b, resolution);
  return { d, p: ksPValue(d, (a.length * b.length) / (a.length + b.length)) };
}

/** Asymptotic Kolmogorov p-value of distance d with effective sample size n (Stephens' correction). */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, p));
}
