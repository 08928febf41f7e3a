// One metric's predictor: least squares on a polynomial in the knobs, on log(metric) when the
// metric is positive, its degree chosen by K-fold cross-validation; bagged over bootstrap resamples
// of the training points, each choosing its own degree, with the infinitesimal-jackknife variance
// of the bagged fit (Efron 2014, "Estimation and accuracy after model selection"; its bias
// correction from Wager, Hastie and Efron 2014), so the interval sees the degree's choice as well
// as the fit's noise; plus a misfit term for bias from every point's out-of-fold residual.
// A polynomial rather than a forest or the analytic model's estimates as inputs: a model file is
// then evaluated by plain arithmetic on its own numbers (evaluate.ts, docs/learned-models.md).

import { Matrix } from 'ml-matrix';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Stream } from '../../../sim/random/stream.js';
import type { Polynomial, PredictorJson } from './evaluate.js';
import { errorScale } from './evaluate.js';
import { NestedFits } from './nested-fits.js';

export interface Sample {
  /** Knob values scaled to [0, 1]. */
  readonly u: readonly number[];
  /** The metric's label, read from the point's replications as the sampled backend reads them (series.ts). */
  readonly y: number;
  /** Variance of `y` from the spread of its replications' values (0 with one replication). */
  readonly variance: number;
}

export interface FittedPredictor {
  readonly predictor: PredictorJson;
  /** Each point's prediction, in the fitted units, by the plain fit without its fold at the degree chosen on all points. */
  readonly outOfFold: readonly number[];
}

/**
 * Folds of cross-validation: 40 (every point's residual from a fit on the other 97.5%), fewer
 * below 200 points, at least 5 points each.
 */
export function foldCount(n: number): number {
  return Math.max(2, Math.min(40, Math.floor(n / 5)));
}
/** Each point's fold: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
export function foldsOf(n: number, order: readonly number[]): number[] {
  const k = foldCount(n);
  const fold = new Array<number>(n);
  order.forEach((i, position) => { fold[i] = position % k; });
  return fold;
}
/**
 * Bootstrap resamples: the infinitesimal jackknife's Monte Carlo noise grows with n / B (its bias
 * too, which the correction removes), so at least one per point.
 */
export function resampleCount(n: number): number {
  return Math.max(1000, n);
}
/** Highest total degree tried; fewer when there are not POINTS_PER_TERM points per term. */
const MAX_DEGREE = 8;
const POINTS_PER_TERM = 5;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);
};

/**
 * Index of the highest degree whose cross-validated error is within one standard error of the
 * lowest (the standard error of the paired difference of squared residuals): among fits the data
 * cannot tell apart, the one with the least bias, which the variance does not see.
 * `squares[c]`: candidate c's squared residuals, the same points in the same order for every c.
 */
function leastBiased(squares: readonly (readonly number[])[]): number {
  const mse = squares.map(mean);
  const best = mse.indexOf(Math.min(...mse));
  let chosen = best;
  squares.forEach((c, j) => {
    if (j <= chosen) return;
    const difference = c.map((x, i) => x - squares[best]![i]!);
    if (mean(difference) <= Math.sqrt(variance(difference) / difference.length)) chosen = j;
  });
  return chosen;
}

/**
 * Monomials of total degree <= `degree`, a knob's power at most `maxPower` (a whole-number knob
 * with m values supports powers up to m - 1 only), ordered by total degree then exponents.
 */
export function monomials(degree: number, maxPower: readonly number[]): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], left: number) => {
    const k = prefix.length;
    if (k === maxPower.length) {
      if (left === 0) out.push(prefix);
      return;
    }
    for (let e = Math.min(left, maxPower[k]!); e >= 0; e--) walk([...prefix, e], left - e);
  };
  for (let t = 0; t <= degree; t++) walk([], t);
  return out;
}

/**
 * Fits a predictor on `samples`, `fold` giving each sample's fold (0..K-1, every fold used),
 * `stream` drawing the bootstrap resamples. `maxPower[k]`: the highest power knob k supports.
 *
 * The interval is for the metric's expected value, not for one more simulated point: each point's
 * label is read from a few replications whose noise is several times the fit's own error (the
 * fit averages hundreds of them), so residual-sized (conformal prediction) intervals would be
 * several times too wide for it. The estimate is the mean of B fits, each on a bootstrap resample
 * of the points with the degree its own cross-validation chooses; its variance at u is the
 * infinitesimal jackknife's, Σ_j cov_b(N_bj, t_b(u))² over the points j (N_bj how often
 * resample b drew j, t_b its fit), each point's term inflated by its leverage (HC2, below), less
 * its Monte Carlo bias, about n/B² Σ_b (t_b(u) − t̄(u))². Being a
 * covariance of the fits with the draws, it holds the degree's choice as well as each fit's noise
 * (with one degree for all, a jackknife over fold fits missed the choice; a jackknife over fold
 * fits that chose their own counted each flip K − 1 times: docs/learned-models.md, measured).
 * Bagging also smooths the choice, so the estimate is closer to the truth than one fit. The
 * misfit term adds the bias no variance sees: the out-of-fold residuals' mean excess over the
 * labels' own variance and the fit's.
 */
export function fitPredictor(samples: readonly Sample[], fold: readonly number[], maxPower: readonly number[], stream: Stream): FittedPredictor {
  const n = samples.length;
  const transform = samples.every((s) => s.y > 0) ? 'log' : 'identity';
  const z = samples.map((s) => (transform === 'log' ? Math.log(s.y) : s.y));
  // The label's own noise in the fitted units (delta method for the log).
  const noise = samples.map((s) => (transform === 'log' ? s.variance / (s.y * s.y) : s.variance));
  const rows = samples.map((s) => s.u);
  const members = Array.from({ length: Math.max(...fold) + 1 }, (_, f) => rows.flatMap((_, i) => (fold[i] === f ? [i] : [])));
  // Every degree's terms begin with the lower degree's, in the same order (monomials()): every fit
  // is a vector of the largest set's coefficients, the ones it lacks 0.
  const counts: number[] = [];
  let terms = [maxPower.map(() => 0)];
  for (let degree = 1; degree <= MAX_DEGREE; degree++) {
    const set = monomials(degree, maxPower.map((m) => Math.min(m, degree)));
    if (set.length * POINTS_PER_TERM > n) break;
    if (set.length === counts[counts.length - 1]) continue;
    counts.push(set.length);
    terms = set;
  }
  if (counts.length === 0) counts.push(1);
  const fits = new NestedFits(terms, counts, rows);
  const p = terms.length;
  const chosenFit = (weight: ArrayLike<number>) => {
    const cv = fits.crossValidate(z, weight, members);
    const set = leastBiased(cv.squares);
    return { set, predictions: cv.predictions[set]!, t: cv.coefficients(set) };
  };

  // How often each set was chosen, for the points' mean leverage over the resamples.
  const chosen = new Array<number>(counts.length).fill(0);
  const resamples = resampledFits(n, p, stream, (weight) => {
    const fit = chosenFit(weight);
    chosen[fit.set]! += 1;
    return fit.t;
  });
  // A point's influence is read from its residual, which its own weight in the fit pulls in by
  // 1 − h (h its leverage): the infinitesimal jackknife of a least-squares fit is the HC0 sandwich,
  // low by that factor. Inflated by 1 / (1 − h̄), h̄ the leverage at the resamples' chosen sets on
  // average (HC2, MacKinnon and White 1985: unbiased for a linear fit with equal noise). A point
  // the fit passes through (h = 1) has no residual to inflate.
  const leverage = new Float64Array(n);
  chosen.forEach((times, set) => {
    if (times > 0) fits.leverage(set).forEach((h, j) => { leverage[j]! += (times * h) / resamples.b; });
  });
  const { bagged, covariance } = jackknife(n, p, resamples, leverage.map((h) => (h < 1 ? 1 / (1 - h) : 1)));
  const spread = fits.spreadRows(covariance);

  const estimate: Polynomial = { terms, coefficients: Array.from(bagged) };
  const constant = [maxPower.map(() => 0)];
  const draft: PredictorJson = { transform, mean: estimate, spread, misfit: { terms: constant, coefficients: [0] }, scores: [] };
  // The plain cross-validation at the degree chosen on all points: each point's residual from a
  // fit on the other folds, whose variance is about n / (n − d) times the whole fit's.
  const plain = chosenFit(new Float64Array(n).fill(1));
  const d = n / members.length;
  const excess = plain.predictions.map((m, i) => (z[i]! - m) ** 2 - noise[i]! - (errorScale(draft, rows[i]!) ** 2 * n) / (n - d));
  // Kept when it exceeds two standard errors: each point's excess is a noisy draw several times
  // the fit's own error, and an excess within that noise would only widen every interval at random.
  const bias = mean(excess) > 2 * Math.sqrt(variance(excess) / n) ? mean(excess) : 0;
  const misfit: Polynomial = { terms: constant, coefficients: [bias] };
  // The fit's error is a weighted sum of hundreds of labels, so Gaussian; the variance estimate
  // averages n points' influences: Student's t with n − 1 degrees of freedom, as a table of n
  // quantiles of |T| at j/(n + 1), so the file's rank rule (the ceil(c(n+1))-th) reads it for any confidence.
  const scores = Array.from({ length: n }, (_, j) => tQuantile(0.5 + (0.5 * (j + 1)) / (n + 1), n - 1));
  return { predictor: { transform, mean: estimate, spread, misfit, scores }, outOfFold: plain.predictions };
}

/**
 * B fits on bootstrap resamples (`fitOn` given how often each point is drawn, returning p
 * coefficients): how often each resample drew each point, and each resample's fit.
 */
function resampledFits(n: number, p: number, stream: Stream, fitOn: (weight: Float64Array) => Float64Array) {
  const b = resampleCount(n);
  const draws = new Uint16Array(b * n);
  const fits = new Float64Array(b * p);
  const weight = new Float64Array(n);
  for (let k = 0; k < b; k++) {
    weight.fill(0);
    for (let i = 0; i < n; i++) weight[Math.floor(stream.uniform() * n)]! += 1;
    draws.set(weight, k * n);
    fits.set(fitOn(weight), k * p);
  }
  return { b, draws, fits };
}

/**
 * The fits' mean, and its covariance by the infinitesimal jackknife with each point's influence
 * inflated by `inflation[j]`, less its Monte Carlo bias: Σ = Σ_j s_j c_j c_jᵀ − (Σ_j s_j / B²)
 * Σ_b d_b d_bᵀ over coefficient vectors, c_j = cov_b(N_bj, t_b), d_b = t_b − t̄ (each c_j's Monte
 * Carlo noise adds about d_b d_bᵀ / B² per resample, scaled as c_j is).
 */
function jackknife(n: number, p: number, { b, draws, fits }: ReturnType<typeof resampledFits>, inflation: ArrayLike<number>) {
  const bagged = new Float64Array(p);
  for (let k = 0; k < b; k++) for (let j = 0; j < p; j++) bagged[j]! += fits[k * p + j]! / b;
  const covariance = new Matrix(p, p);
  const add = (v: Float64Array, scale: number) => {
    for (let q = 0; q < p; q++) for (let s = 0; s <= q; s++) covariance.set(q, s, covariance.get(q, s) + scale * v[q]! * v[s]!);
  };
  const c = new Float64Array(p);
  let inflated = 0;
  for (let j = 0; j < n; j++) {
    c.fill(0);
    for (let k = 0; k < b; k++) {
      const w = (draws[k * n + j]! - 1) / b;
      if (w !== 0) for (let q = 0; q < p; q++) c[q]! += w * (fits[k * p + q]! - bagged[q]!);
    }
    add(c, inflation[j]!);
    inflated += inflation[j]!;
  }
  for (let k = 0; k < b; k++) {
    for (let q = 0; q < p; q++) c[q] = fits[k * p + q]! - bagged[q]!;
    add(c, -inflated / (b * b));
  }
  for (let q = 0; q < p; q++) for (let s = 0; s < q; s++) covariance.set(s, q, covariance.get(q, s));
  return { bagged, covariance };
}
