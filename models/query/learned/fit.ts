// One metric's predictor: least squares on a polynomial in the knobs (its degree chosen by K-fold
// cross-validation), on log(metric) when the metric is positive, with intervals from the K fold
// fits (jackknife variance, as in CV+: Barber, Candès, Ramdas and Tibshirani 2021) calibrated on
// every training point's out-of-fold residual, so narrow where the model is good.
// A polynomial rather than a forest or the analytic model's estimates as inputs: a model file is
// then evaluated by plain arithmetic on its own numbers (evaluate.ts, docs/learned-models.md).

import { Matrix, solve } from 'ml-matrix';
import type { Polynomial, PredictorJson } from './evaluate.js';
import { errorScale, polynomialAt } from './evaluate.js';

export interface Sample {
  /** Knob values scaled to [0, 1]. */
  readonly u: readonly number[];
  /** The metric: mean of the point's replications. */
  readonly y: number;
  /** Variance of `y` from the spread of its replications (0 with one replication). */
  readonly variance: number;
}

/** Folds of cross-validation: every point's residual comes from a fit on the other 95%. */
export const FOLDS = 20;
/** Highest total degree tried; fewer when there are not POINTS_PER_TERM points per term. */
const MAX_DEGREE = 6;
const POINTS_PER_TERM = 5;
/** The noise and misfit fits are kept smooth: each point gives one noisy draw of them. */
const SMOOTH_DEGREE = 2;

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

function design(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[]): Matrix {
  const unit = terms.map((_, j) => terms.map((__, i) => (i === j ? 1 : 0)));
  return new Matrix(rows.map((u) => unit.map((c) => polynomialAt(terms, c, u))));
}

/** Least squares by SVD: a rank-deficient design (few distinct values of a knob) still gives the minimum-norm fit. */
function leastSquares(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[], z: readonly number[]): number[] {
  return solve(design(terms, rows), Matrix.columnVector([...z]), true).getColumn(0);
}

/** Each point's fold: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
export function foldsOf(n: number, order: readonly number[]): number[] {
  const fold = new Array<number>(n);
  order.forEach((i, position) => { fold[i] = position % FOLDS; });
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
  for (let f = 0; f < FOLDS; f++) {
    const inside = samples.map((_, i) => i).filter((i) => fold[i] !== f);
    const c = leastSquares(terms, inside.map((i) => samples[i]!.u), inside.map((i) => z[i]!));
    folds.push(c);
    samples.forEach((s, i) => { if (fold[i] === f) residuals[i] = z[i]! - polynomialAt(terms, c, s.u); });
  }
  return { folds, residuals };
}

/**
 * Fits a predictor on `samples` (at least 2 · FOLDS), `fold` giving each sample's fold.
 * `maxPower[k]`: the highest power knob k supports.
 *
 * The interval is for the metric's expected value, not for one more simulated point: each point's
 * label is a mean of a few replications whose noise is several times the fit's own error (the
 * fit averages hundreds of them). So the error scale at u is the fit's variance, estimated by the
 * delete-d jackknife over the K fold fits (the same fits CV+ uses), plus a misfit term for the
 * bias that variance cannot see: a smooth fit of r_i² - v_i - var_fold(u_i), the out-of-fold
 * residual's square less the label's variance (from its replications) and the fold fit's own
 * variance. The scores, which set the quantile, are the out-of-fold residuals divided by their
 * standard deviation under this model (label noise smoothed over the region, plus fold fit
 * variance, plus misfit): cross-conformal calibration of the whole construction's shape.
 */
export function fitPredictor(samples: readonly Sample[], fold: readonly number[], maxPower: readonly number[]): PredictorJson {
  const n = samples.length;
  const transform = samples.every((s) => s.y > 0) ? 'log' : 'identity';
  const z = samples.map((s) => (transform === 'log' ? Math.log(s.y) : s.y));
  // The label's own noise in the fitted units (delta method for the log).
  const noise = samples.map((s) => (transform === 'log' ? s.variance / (s.y * s.y) : s.variance));
  const rows = samples.map((s) => s.u);
  let best: { terms: number[][]; cv: CrossValidated; mse: number } | undefined;
  for (let degree = 1; degree <= MAX_DEGREE; degree++) {
    const terms = monomials(degree, maxPower.map((m) => Math.min(m, degree)));
    if (terms.length * POINTS_PER_TERM > n) break;
    if (best !== undefined && terms.length === best.terms.length) continue;
    const cv = crossValidate(terms, samples, z, fold);
    const mse = cv.residuals.reduce((s, r) => s + r * r, 0) / n;
    if (best === undefined || mse < best.mse) best = { terms, cv, mse };
  }
  const constant = [maxPower.map(() => 0)];
  const { terms, cv } = best ?? { terms: constant, cv: crossValidate(constant, samples, z, fold) };
  const mean: Polynomial = { terms, coefficients: leastSquares(terms, rows, z) };
  const d = n / FOLDS;
  const jackknife = (n - d) / (d * FOLDS);
  const draft = { transform, mean, folds: cv.folds, jackknife, misfit: { terms: constant, coefficients: [0] }, scores: [] } as PredictorJson;
  // A fold fit saw n - d points, not n: its variance is n / (n - d) times the full fit's.
  const foldVariance = rows.map((u) => (errorScale(draft, u) ** 2 * n) / (n - d));
  const smooth = monomials(SMOOTH_DEGREE, maxPower.map((m) => Math.min(m, SMOOTH_DEGREE)));
  const misfit: Polynomial = { terms: smooth, coefficients: leastSquares(smooth, rows, cv.residuals.map((r, i) => r * r - noise[i]! - foldVariance[i]!)) };
  const noiseCoefficients = leastSquares(smooth, rows, noise);
  const scores = cv.residuals.map((r, i) => {
    const variance = Math.max(0, polynomialAt(smooth, noiseCoefficients, rows[i]!)) + foldVariance[i]! + Math.max(0, polynomialAt(smooth, misfit.coefficients, rows[i]!));
    return variance > 0 ? Math.abs(r) / Math.sqrt(variance) : 0;
  }).sort((a, b) => a - b);
  return { transform, mean, folds: cv.folds, jackknife, misfit, scores };
}
