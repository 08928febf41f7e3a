// One metric's predictor: least squares on a polynomial in the knobs, on log(metric) when the
// metric is positive, its degree chosen by K-fold cross-validation; bagged over bootstrap resamples
// of the training points, each choosing its own degree, with the infinitesimal-jackknife variance
// of the bagged fit (Efron 2014, "Estimation and accuracy after model selection"; its bias
// correction from Wager, Hastie and Efron 2014), so the interval sees the degree's choice as well
// as the fit's noise; plus a misfit term for bias from every point's out-of-fold residual.
// A polynomial rather than a forest or the analytic model's estimates as inputs: a model file is
// then evaluated by plain arithmetic on its own numbers (evaluate.ts, docs/learned-models.md).

import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Stream } from '../../../sim/random/stream.js';
import type { Polynomial, PredictorJson } from './evaluate.js';
import { errorScale } from './evaluate.js';

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

/**
 * Solves A x = b for a symmetric positive definite A (r × r, row-major, only its lower triangle
 * read), factoring A in place; undefined when A is not positive definite.
 */
function choleskySolve(a: Float64Array, b: ArrayLike<number>, r: number): Float64Array | undefined {
  // In place: L's entry (i, j) is written where A's was, after the last read of it.
  for (let i = 0; i < r; i++) {
    const ri = i * r;
    for (let j = 0; j <= i; j++) {
      const rj = j * r;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, a[ri + i]!))) return undefined;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
  }
  const x = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * r + k]! * x[k]!;
    x[i] = s / a[i * r + i]!;
  }
  for (let i = r - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < r; k++) s -= a[k * r + i]! * x[k]!;
    x[i] = s / a[i * r + i]!;
  }
  return x;
}

/**
 * One term set's least-squares fits, weighted by how often each point is drawn, from one SVD of
 * the whole design X = U Σ Vᵀ: in the orthonormal basis U (the columns whose singular value is
 * above ml-matrix's threshold, so the minimum-norm fit when X is rank-deficient, as with few
 * values of a knob) the normal equations are r × r and well conditioned however ill-conditioned
 * the monomials are, so the K fits of a cross-validation cost little for every resample. The
 * coefficients are V Σ⁻¹ β.
 */
class TermSet {
  readonly r: number;
  private readonly basis: Float64Array;
  /** V and Σ of the kept columns: β = Σ Vᵀ c. */
  private readonly rowSpace: Matrix;
  private readonly singular: number[];
  private readonly toCoefficients: Matrix;

  constructor(readonly terms: readonly (readonly number[])[], rows: readonly (readonly number[])[]) {
    const svd = new SingularValueDecomposition(design(terms, rows), { autoTranspose: true });
    const kept = svd.diagonal.flatMap((s, j) => (s > svd.threshold ? [j] : []));
    this.r = kept.length;
    this.basis = new Float64Array(rows.length * this.r);
    rows.forEach((_, i) => kept.forEach((j, a) => { this.basis[i * this.r + a] = svd.leftSingularVectors.get(i, j); }));
    this.rowSpace = svd.rightSingularVectors.subMatrixColumn(kept);
    this.singular = kept.map((j) => svd.diagonal[j]!);
    this.toCoefficients = this.rowSpace.clone().mulRowVector(this.singular.map((x) => 1 / x));
  }

  /**
   * Rows whose polynomials' squares sum to xᵀ Σ x for a covariance Σ of this term set's
   * coefficients, Σ clipped to its non-negative part (the bias correction can leave a direction
   * slightly negative). Decomposed in the fitted values' basis (where Σ's entries are on the scale
   * of the fit's variance; in the monomials' coefficients they span many orders of magnitude) and
   * mapped back to coefficients.
   */
  spreadRows(covariance: Matrix): number[][] {
    const v = this.rowSpace;
    const sigma = this.singular;
    // In β = Σ Vᵀ c: Σ_β = S Vᵀ Σ V S.
    const inBeta = v.transpose().mmul(covariance).mmul(v).mulRowVector(sigma).mulColumnVector(sigma);
    const eigen = new EigenvalueDecomposition(inBeta.add(inBeta.transpose()).div(2), { assumeSymmetric: true });
    const out: number[][] = [];
    eigen.realEigenvalues.forEach((lambda, k) => {
      if (!(lambda > 0)) return;
      const w = eigen.eigenvectorMatrix.getColumn(k).map((e, a) => (e * Math.sqrt(lambda)) / sigma[a]!);
      out.push(v.mmul(Matrix.columnVector(w)).getColumn(0));
    });
    return out;
  }

  /**
   * Cross-validation of the fit weighted by `weight` over `members` (the folds): every drawn
   * point's squared residual from the fit without its fold, repeated as often as it is drawn,
   * fold by fold (the same order for every term set); each point's out-of-fold prediction; and
   * the coefficients of the fit on all of them.
   */
  crossValidate(z: readonly number[], weight: ArrayLike<number>, members: readonly (readonly number[])[]) {
    const r = this.r;
    const rr = r * r;
    const basis = this.basis;
    // Each fold's Gram matrix (lower triangle) and moment, side by side in one array each.
    const gram = new Float64Array(members.length * rr);
    const moment = new Float64Array(members.length * r);
    const totalGram = new Float64Array(rr);
    const totalMoment = new Float64Array(r);
    members.forEach((m, f) => {
      const g = f * rr;
      const mo = f * r;
      for (const i of m) {
        const w = weight[i]!;
        if (w === 0) continue;
        const row = i * r;
        for (let a = 0; a < r; a++) {
          const ua = w * basis[row + a]!;
          moment[mo + a]! += ua * z[i]!;
          const ga = g + a * r;
          for (let b = 0; b <= a; b++) gram[ga + b]! += ua * basis[row + b]!;
        }
      }
      for (let a = 0; a < rr; a++) totalGram[a]! += gram[g + a]!;
      for (let a = 0; a < r; a++) totalMoment[a]! += moment[mo + a]!;
    });
    const squares: number[] = [];
    const predictions = new Array<number>(z.length).fill(NaN);
    const held = new Float64Array(rr);
    const heldMoment = new Float64Array(r);
    members.forEach((m, f) => {
      const g = f * rr;
      for (let a = 0; a < rr; a++) held[a] = totalGram[a]! - gram[g + a]!;
      for (let a = 0; a < r; a++) heldMoment[a] = totalMoment[a]! - moment[f * r + a]!;
      const beta = choleskySolve(held, heldMoment, r);
      for (const i of m) {
        let fitted = 0;
        if (beta !== undefined) for (let a = 0; a < r; a++) fitted += basis[i * r + a]! * beta[a]!;
        predictions[i] = beta === undefined ? NaN : fitted;
        // A fold fit the other folds cannot determine (they missed a knob's value) loses the comparison.
        const square = beta === undefined ? Infinity : (z[i]! - fitted) ** 2;
        for (let c = 0; c < weight[i]!; c++) squares.push(square);
      }
    });
    const beta = choleskySolve(totalGram, totalMoment, r) ?? new Float64Array(r);
    const coefficients = this.toCoefficients.mmul(Matrix.columnVector(Array.from(beta))).getColumn(0);
    return { squares, predictions, coefficients };
  }
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
 * resample b drew j, t_b its fit), less its Monte Carlo bias n/B² Σ_b (t_b(u) − t̄(u))². Being a
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
  const candidates: TermSet[] = [];
  for (let degree = 1; degree <= MAX_DEGREE; degree++) {
    const terms = monomials(degree, maxPower.map((m) => Math.min(m, degree)));
    if (terms.length * POINTS_PER_TERM > n) break;
    if (candidates.length > 0 && terms.length === candidates[candidates.length - 1]!.terms.length) continue;
    candidates.push(new TermSet(terms, rows));
  }
  if (candidates.length === 0) candidates.push(new TermSet([maxPower.map(() => 0)], rows));
  // monomials() lists a lower degree's terms first, in the same order: every fit is a vector of
  // the largest term set's coefficients, its missing ones 0.
  const terms = candidates[candidates.length - 1]!.terms;
  const p = terms.length;
  const chosenFit = (weight: ArrayLike<number>) => {
    const runs = candidates.map((c) => c.crossValidate(z, weight, members));
    const run = runs[leastBiased(runs.map((x) => x.squares))]!;
    const t = new Float64Array(p);
    t.set(run.coefficients);
    return { ...run, t };
  };

  const { bagged, covariance } = bag(n, p, stream, (weight) => chosenFit(weight).t);
  const spread = candidates[candidates.length - 1]!.spreadRows(covariance);

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
 * coefficients), their mean, and its covariance by the infinitesimal jackknife less its Monte
 * Carlo bias: Σ = Σ_j c_j c_jᵀ − (n / B²) Σ_b d_b d_bᵀ over coefficient vectors, c_j = cov_b(N_bj,
 * t_b) and d_b = t_b − t̄.
 */
function bag(n: number, p: number, stream: Stream, fitOn: (weight: Float64Array) => Float64Array) {
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
  const bagged = new Float64Array(p);
  for (let k = 0; k < b; k++) for (let j = 0; j < p; j++) bagged[j]! += fits[k * p + j]! / b;
  const covariance = new Matrix(p, p);
  const add = (v: Float64Array, scale: number) => {
    for (let q = 0; q < p; q++) for (let s = 0; s <= q; s++) covariance.set(q, s, covariance.get(q, s) + scale * v[q]! * v[s]!);
  };
  const c = new Float64Array(p);
  for (let j = 0; j < n; j++) {
    c.fill(0);
    for (let k = 0; k < b; k++) {
      const w = (draws[k * n + j]! - 1) / b;
      if (w !== 0) for (let q = 0; q < p; q++) c[q]! += w * (fits[k * p + q]! - bagged[q]!);
    }
    add(c, 1);
  }
  for (let k = 0; k < b; k++) {
    for (let q = 0; q < p; q++) c[q] = fits[k * p + q]! - bagged[q]!;
    add(c, -n / (b * b));
  }
  for (let q = 0; q < p; q++) for (let s = 0; s < q; s++) covariance.set(s, q, covariance.get(q, s));
  return { bagged, covariance };
}
