// One metric's predictor: least squares on a polynomial in the knobs (its degree chosen by K-fold
// cross-validation), on log(metric) when the metric is positive, with intervals from the K fold
// fits (their delete-d jackknife variance; the fold fits of CV+, Barber, Candès, Ramdas and
// Tibshirani 2021) and every training point's out-of-fold residual (a misfit term for bias), so
// narrow where the model is good.
// A polynomial rather than a forest or the analytic model's estimates as inputs: a model file is
// then evaluated by plain arithmetic on its own numbers (evaluate.ts, docs/learned-models.md).

import { Matrix, solve } from 'ml-matrix';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Polynomial, PredictorJson } from './evaluate.js';
import { errorScale, polynomialAt } from './evaluate.js';

export interface Sample {
  /** Knob values scaled to [0, 1]. */
  readonly u: readonly number[];
  /** The metric's label, read from the point's replications as the sampled backend reads them (series.ts). */
  readonly y: number;
  /** Variance of `y` from the spread of its replications' values (0 with one replication). */
  readonly variance: number;
}

/**
 * Folds of cross-validation: 40 (every point's residual from a fit on the other 97.5%; the
 * jackknife variance then has 39 degrees of freedom), fewer below 200 points, at least 5 points each.
 */
export function foldCount(n: number): number {
  return Math.max(2, Math.min(40, Math.floor(n / 5)));
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
 * The highest degree whose cross-validated error is within one standard error of the lowest
 * (the standard error of the paired difference of squared residuals): the interval accounts for
 * the fit's variance, not for its bias, so among fits the data cannot tell apart, the one with
 * the least bias.
 */
function leastBiased<T extends { squares: number[]; mse: number }>(candidates: readonly T[]): T {
  const best = candidates.reduce((a, b) => (b.mse < a.mse ? b : a));
  let chosen = best;
  for (const c of candidates) {
    if (c === best || c.squares.length === 0) continue;
    const difference = c.squares.map((x, i) => x - best.squares[i]!);
    if (mean(difference) <= Math.sqrt(variance(difference) / difference.length) && candidates.indexOf(c) > candidates.indexOf(chosen)) chosen = c;
  }
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
 * Each row the terms' monomials at that point, multiplied in knob order as polynomialAt does with a
 * coefficient of 1: the same numbers, without evaluating every term for every cell.
 */
function design(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[]): Matrix {
  const x = new Matrix(rows.length, terms.length);
  rows.forEach((u, i) => terms.forEach((e, j) => {
    let t = 1;
    for (let k = 0; k < u.length; k++) if (e[k]! > 0) t *= u[k]! ** e[k]!;
    x.set(i, j, t);
  }));
  return x;
}

/** Least squares by SVD: a rank-deficient design (few distinct values of a knob) still gives the minimum-norm fit. */
function leastSquares(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[], z: readonly number[]): number[] {
  return solve(design(terms, rows), Matrix.columnVector([...z]), true).getColumn(0);
}

/** Each point's fold: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
export function foldsOf(n: number, order: readonly number[]): number[] {
  const k = foldCount(n);
  const fold = new Array<number>(n);
  order.forEach((i, position) => { fold[i] = position % k; });
  return fold;
}

interface CrossValidated {
  readonly folds: number[][];
  /** z_i - m_{fold(i)}(u_i). */
  readonly residuals: number[];
}

function crossValidate(terms: readonly (readonly number[])[], samples: readonly Sample[], z: readonly number[], fold: readonly number[]): CrossValidated {
  const folds: number[][] = [];
  const residuals = new Array<number>(samples.length).fill(0);
  const k = Math.max(...fold) + 1;
  for (let f = 0; f < k; f++) {
    const inside = samples.map((_, i) => i).filter((i) => fold[i] !== f);
    const c = leastSquares(terms, inside.map((i) => samples[i]!.u), inside.map((i) => z[i]!));
    folds.push(c);
    samples.forEach((s, i) => { if (fold[i] === f) residuals[i] = z[i]! - polynomialAt(terms, c, s.u); });
  }
  return { folds, residuals };
}

/**
 * Fits a predictor on `samples`, `fold` giving each sample's fold (0..K-1, every fold used).
 * `maxPower[k]`: the highest power knob k supports.
 *
 * The interval is for the metric's expected value, not for one more simulated point: each point's
 * label is read from a few replications whose noise is several times the fit's own error (the
 * fit averages hundreds of them), so residual-sized (conformal prediction) intervals would be
 * several times too wide for it. The error scale at u is the fit's variance, estimated by the
 * delete-d jackknife over the K fold fits (the same fits CV+ uses; larger where labels are noisier
 * or points sparser: locally adaptive), plus a misfit term for the bias that variance cannot see,
 * from the out-of-fold residuals: their squares less the label's variance (from its replications)
 * and the fold fit's own variance.
 */
export function fitPredictor(samples: readonly Sample[], fold: readonly number[], maxPower: readonly number[]): PredictorJson {
  const n = samples.length;
  const transform = samples.every((s) => s.y > 0) ? 'log' : 'identity';
  const z = samples.map((s) => (transform === 'log' ? Math.log(s.y) : s.y));
  // The label's own noise in the fitted units (delta method for the log).
  const noise = samples.map((s) => (transform === 'log' ? s.variance / (s.y * s.y) : s.variance));
  const rows = samples.map((s) => s.u);
  const candidates: { terms: number[][]; cv: CrossValidated; squares: number[]; mse: number }[] = [];
  for (let degree = 1; degree <= MAX_DEGREE; degree++) {
    const terms = monomials(degree, maxPower.map((m) => Math.min(m, degree)));
    if (terms.length * POINTS_PER_TERM > n) break;
    if (candidates.length > 0 && terms.length === candidates[candidates.length - 1]!.terms.length) continue;
    const cv = crossValidate(terms, samples, z, fold);
    const squares = cv.residuals.map((r) => r * r);
    candidates.push({ terms, cv, squares, mse: mean(squares) });
  }
  const constant = [maxPower.map(() => 0)];
  const { terms, cv } = candidates.length === 0 ? { terms: constant, cv: crossValidate(constant, samples, z, fold) } : leastBiased(candidates);
  const fit: Polynomial = { terms, coefficients: leastSquares(terms, rows, z) };
  const k = cv.folds.length;
  const d = n / k;
  const jackknife = (n - d) / (d * k);
  const draft = { transform, mean: fit, folds: cv.folds, jackknife, misfit: { terms: constant, coefficients: [0] }, scores: [] } as PredictorJson;
  // A fold fit saw n - d points, not n: its variance is n / (n - d) times the full fit's.
  const foldVariance = rows.map((u) => (errorScale(draft, u) ** 2 * n) / (n - d));
  // Bias the fold fits' variance does not explain: the mean excess of squared out-of-fold residuals
  // over label noise and fold-fit variance, kept when it exceeds two standard errors (each point's
  // excess is a noisy draw several times the fit's own error; an excess within that noise would
  // only widen every interval at random).
  const excess = cv.residuals.map((r, i) => r * r - noise[i]! - foldVariance[i]!);
  const bias = mean(excess) > 2 * Math.sqrt(variance(excess) / n) ? mean(excess) : 0;
  const misfit: Polynomial = { terms: constant, coefficients: [bias] };
  // The fit's error is a weighted sum of hundreds of labels, so Gaussian; its jackknife scale has
  // K - 1 degrees of freedom: the multiplier is Student's t. As a table of n quantiles of |T| at
  // j/(n + 1), so the file's rank rule (the ceil(c(n+1))-th) reads it for any confidence.
  const scores = Array.from({ length: n }, (_, j) => tQuantile(0.5 + (0.5 * (j + 1)) / (n + 1), k - 1));
  return { transform, mean: fit, folds: cv.folds, jackknife, misfit, scores };
}
