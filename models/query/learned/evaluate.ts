// Evaluating one metric's predictor of a model file at a point of the knob space: the prediction
// and its interval, locally adaptive (fit.ts says how the numbers are made). Plain arithmetic on the file's numbers,
// nothing else: docs/learned-models.md describes the same steps for other implementations (the
// what-if page evaluates models in the browser), so keep the two in step.

import { unit, type Knob } from './knobs.js';

/** Σ_j coefficients[j] · Π_k u_k^terms[j][k]: a polynomial in the knobs scaled to [0, 1]. */
export interface Polynomial {
  /** Exponent of every knob in each term, in the order of the model's knobs. */
  readonly terms: readonly (readonly number[])[];
  readonly coefficients: readonly number[];
}

/** One metric's predictor as stored in a model file (format apmsim-learned-model/3). */
export interface PredictorJson {
  /** 'log': the polynomials predict log(metric); 'identity': the metric itself. */
  readonly transform: 'log' | 'identity';
  /** The mean of the fits on bootstrap resamples of the training points: the prediction. */
  readonly mean: Polynomial;
  /**
   * Coefficient lists of `mean.terms` whose polynomials' squares at u sum to the fit's variance
   * there (the bagged fit's infinitesimal-jackknife variance, factored).
   */
  readonly spread: readonly (readonly number[])[];
  /** Squared misfit the fit's variance does not explain (bias), in the fitted units; below 0 counts as 0. */
  readonly misfit: Polynomial;
  /** Ascending multipliers, one per training point: the ceil(c (n+1))-th is the one for confidence c (quantiles of |Student t|). */
  readonly scores: readonly number[];
}

export type Evaluation =
  | { readonly kind: 'ok'; readonly estimate: number; readonly lo: number; readonly hi: number }
  /** Too few training points for an interval at this confidence: ceil(confidence · (n + 1)) > n. */
  | { readonly kind: 'too-few'; readonly estimate: number };

export function polynomialAt(terms: Polynomial['terms'], coefficients: readonly number[], u: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < terms.length; j++) {
    let t = coefficients[j]!;
    const e = terms[j]!;
    for (let k = 0; k < u.length; k++) if (e[k]! > 0) t *= u[k]! ** e[k]!;
    sum += t;
  }
  return sum;
}

/** Standard deviation, in the fitted units, of the fit's error at u: the fit's variance plus misfit. */
export function errorScale(p: PredictorJson, u: readonly number[]): number {
  const variance = p.spread.reduce((sum, c) => sum + polynomialAt(p.mean.terms, c, u) ** 2, 0);
  return Math.sqrt(variance + Math.max(0, polynomialAt(p.misfit.terms, p.misfit.coefficients, u)));
}

/**
 * The predictor at `values` (one per knob, in the knobs' units), with an interval at `confidence`
 * for the metric's expected value there (what a sampled run converges to): with n scores, q is the
 * ceil(confidence · (n + 1))-th smallest and the interval is m(u) ± q · errorScale(u) in the
 * fitted units, mapped back.
 */
export function evaluatePredictor(p: PredictorJson, knobs: readonly Knob[], values: readonly number[], confidence: number): Evaluation {
  const u = knobs.map((k, i) => unit(k, values[i]!));
  const back = (z: number) => (p.transform === 'log' ? Math.exp(z) : z);
  const z = polynomialAt(p.mean.terms, p.mean.coefficients, u);
  const estimate = back(z);
  const rank = Math.ceil(confidence * (p.scores.length + 1));
  if (rank > p.scores.length) return { kind: 'too-few', estimate };
  const half = p.scores[rank - 1]! * errorScale(p, u);
  return { kind: 'ok', estimate, lo: back(z - half), hi: back(z + half) };
}
