// One metric's predictor: least squares on quadratic terms of the features, then a random forest on
// what that leaves (mljs packages, not hand-written numerics), on log(metric / analytic estimate)
// when the metric is positive. Split conformal prediction turns held-out residuals into intervals,
// with a training-conditional quantile: coverage >= c holds for this very model with probability
// 1 - CONFORMAL_DELTA over the draw of its calibration points, not just on average over models.

import { RandomForestRegression } from 'ml-random-forest';
import MLR from 'ml-regression-multivariate-linear';

/** The predictor as stored in a model file. */
export interface PredictorJson {
  /** 'log': predicts log(metric) (minus log of the analytic estimate when `relative`). */
  readonly transform: 'log' | 'identity';
  readonly relative: boolean;
  readonly quadratic: boolean;
  readonly linear: ReturnType<MLR['toJSON']>;
  readonly forest: ReturnType<RandomForestRegression['toJSON']> | null;
  /** |observed - predicted| in transformed units on the calibration points, ascending. */
  readonly scores: readonly number[];
}

export interface Sample {
  readonly x: readonly number[];
  readonly base: number | undefined;
  readonly y: number;
}

/**
 * Chance that a trained model's intervals cover less than their confidence (Vovk 2012). The plain
 * split-conformal quantile covers c only on average over calibration draws: with 80 points, one
 * model in six covers below 87% at c = 0.9.
 */
export const CONFORMAL_DELTA = 0.1;

/**
 * The rank k whose k-th smallest of n calibration scores covers a new point with probability >= c,
 * for all but a fraction delta of calibration draws: the coverage of that score is Beta(k, n+1-k),
 * so P(coverage >= c) = P(Binomial(n, c) <= k - 1), and k - 1 is that binomial's (1 - delta)-quantile.
 * Undefined when even the largest score would not do.
 */
export function conformalRank(n: number, c: number, delta: number): number | undefined {
  let logPmf = n * Math.log1p(-c); // P(X = 0)
  const logOdds = Math.log(c) - Math.log1p(-c);
  let cdf = 0;
  for (let j = 0; j < n; j++) {
    cdf += Math.exp(logPmf);
    if (cdf >= 1 - delta) return j + 1;
    logPmf += Math.log((n - j) / (j + 1)) + logOdds;
  }
  return undefined;
}

const FOREST = { nEstimators: 20, seed: 7, maxFeatures: 1.0, replacement: false, useSampleBagging: true, noOOB: true, treeOptions: { maxDepth: 6, minNumSamples: 3 } };
/** Below this many training points per term the quadratic model would overfit: linear terms only. */
const POINTS_PER_TERM = 3;

function expand(x: readonly number[], quadratic: boolean): number[] {
  if (!quadratic) return [...x];
  const out = [...x];
  for (let i = 0; i < x.length; i++) for (let j = i; j < x.length; j++) out.push(x[i]! * x[j]!);
  return out;
}

export class Predictor {
  private readonly linear: MLR;
  private readonly forest: RandomForestRegression | null;

  constructor(readonly json: PredictorJson) {
    this.linear = MLR.load(json.linear);
    this.forest = json.forest === null ? null : RandomForestRegression.load(json.forest);
  }

  /** Observation in transformed units (what the learner predicts), or NaN when it cannot be transformed. */
  target(y: number, base: number | undefined): number {
    if (this.json.transform === 'identity') return y;
    if (!(y > 0)) return NaN;
    return Math.log(y) - (this.json.relative ? Math.log(base!) : 0);
  }

  /** Back from transformed units to the metric's. */
  inverse(z: number, base: number | undefined): number {
    return this.json.transform === 'identity' ? z : Math.exp(z + (this.json.relative ? Math.log(base!) : 0));
  }

  /** Prediction in transformed units. */
  predict(x: readonly number[]): number {
    const lin = (this.linear.predict(expand(x, this.json.quadratic)) as number[])[0]!;
    return lin + (this.forest === null ? 0 : this.forest.predict([[...x]])[0]!);
  }

  /** Half-width in transformed units with coverage >= confidence, or undefined with too few calibration points. */
  conformalHalfWidth(confidence: number): number | undefined {
    const k = conformalRank(this.json.scores.length, confidence, CONFORMAL_DELTA);
    return k === undefined ? undefined : this.json.scores[k - 1];
  }
}

/** Fits on `train`, calibrates on `calibration`. Both must be non-empty. */
export function fitPredictor(train: readonly Sample[], calibration: readonly Sample[]): Predictor {
  const all = [...train, ...calibration];
  const transform = all.every((s) => s.y > 0) ? 'log' : 'identity';
  const relative = transform === 'log' && all.every((s) => s.base !== undefined && s.base > 0);
  const toZ = (s: Sample) => (transform === 'identity' ? s.y : Math.log(s.y) - (relative ? Math.log(s.base!) : 0));
  const dims = train[0]!.x.length;
  const quadratic = train.length >= POINTS_PER_TERM * (1 + dims + (dims * (dims + 1)) / 2);
  const X = train.map((s) => expand(s.x, quadratic));
  const z = train.map(toZ);
  const linear = new MLR(X, z.map((v) => [v]), { statistics: false });
  const residuals = z.map((v, i) => v - (linear.predict(X[i]!) as number[])[0]!);
  let forest: RandomForestRegression | null = null;
  if (train.length >= 2 * FOREST.treeOptions.minNumSamples) {
    forest = new RandomForestRegression(FOREST);
    forest.train(train.map((s) => [...s.x]), residuals);
  }
  const draft = new Predictor({ transform, relative, quadratic, linear: linear.toJSON(), forest: forest?.toJSON() ?? null, scores: [] });
  const scores = calibration.map((s) => Math.abs(toZ(s) - draft.predict(s.x))).sort((a, b) => a - b);
  return new Predictor({ ...draft.json, scores });
}
