// The learned model file (`apmsim train --out model.json`): which scenario it was trained on (by
// fingerprint), the knobs and their region, one predictor per metric (polynomials, the fit's variance factored and quantiles:
// evaluate.ts and docs/learned-models.md say how to evaluate them), and how it did out of fold.
// Read back with every field checked.

import { QueryError } from '../errors.js';
import type { Knob } from './knobs.js';
import type { Polynomial, PredictorJson } from './evaluate.js';

export const MODEL_FORMAT = 'apmsim-learned-model/3';

export interface CrossValidation {
  readonly points: number;
  /** Median over the points of |out-of-fold prediction - label| / label. */
  readonly medianAbsolutePercentageError: number;
  /** Median over the points of the interval's half-width at `level`, relative to the prediction. */
  readonly medianRelativeHalfWidth: number;
  /**
   * Median over the points of their label's standard error, relative to it: the part of
   * the error above that is the points' own sampling noise, which the interval (for the expected
   * value) need not cover. Absent with one replication per point, and in files written before it was kept.
   */
  readonly medianRelativeNoise?: number;
  readonly level: number;
}

export interface LearnedModelJson {
  readonly format: typeof MODEL_FORMAT;
  readonly apmsim: string;
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    /** The scenario file alone, knobs pinned: tells another scenario from this one. */
    readonly fileFingerprint: string;
    /** With the training overrides: queries must match it outside the knobs. */
    readonly trainedFingerprint: string;
    /** Overrides applied during training (besides the knobs). */
    readonly set: readonly string[];
  };
  readonly knobs: readonly Knob[];
  readonly samples: {
    readonly total: number;
    readonly replications: number;
    readonly seed: number;
    /** Folds of the cross-validation that chooses each fit's degree. */
    readonly folds: number;
    /** Bootstrap resamples of the points, each fitted, whose mean is the prediction. */
    readonly resamples: number;
    /** Rounds of points simulated (more than one with --target-precision). */
    readonly rounds: number;
  };
  /** With --target-precision: what was asked, at which confidence, and whether every metric met it. */
  readonly target: { readonly precision: number; readonly confidence: number; readonly met: boolean } | null;
  readonly metrics: Readonly<Record<string, { readonly predictor: PredictorJson; readonly crossValidated: CrossValidation }>>;
}

export interface LearnedModel {
  readonly json: LearnedModelJson;
  readonly predictors: ReadonlyMap<string, PredictorJson>;
}

const isNumbers = (x: unknown, length?: number): x is number[] =>
  Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v)) && (length === undefined || x.length === length);

/** Why a stored polynomial cannot be evaluated over `knobs` knobs, or undefined when it can. */
function badPolynomial(p: Partial<Polynomial> | undefined, knobs: number): string | undefined {
  if (p === undefined || !Array.isArray(p.terms) || !isNumbers(p.coefficients, p.terms.length)) return 'expected {terms, coefficients} of equal length';
  if (p.terms.some((t) => !isNumbers(t, knobs) || t.some((e) => !Number.isInteger(e) || e < 0))) return `expected every term to be ${knobs} whole exponents`;
  return undefined;
}

function checkPredictor(p: Partial<PredictorJson> | undefined, knobs: number): string | undefined {
  if (p === undefined || p === null || typeof p !== 'object') return 'no predictor';
  if (p.transform !== 'log' && p.transform !== 'identity') return `transform: expected 'log' or 'identity', found ${JSON.stringify(p.transform)}`;
  const mean = badPolynomial(p.mean, knobs);
  if (mean !== undefined) return `mean: ${mean}`;
  const misfit = badPolynomial(p.misfit, knobs);
  if (misfit !== undefined) return `misfit: ${misfit}`;
  if (!Array.isArray(p.spread) || p.spread.some((c) => !isNumbers(c, p.mean!.terms.length))) return 'spread: expected coefficient lists as long as mean.terms';
  if (!isNumbers(p.scores) || p.scores.some((x, i) => x < 0 || (i > 0 && x < p.scores![i - 1]!))) return 'scores: expected numbers >= 0 in ascending order';
  return undefined;
}

export function loadModel(file: string, text: string): LearnedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new QueryError(`${file}: expected a model file written by apmsim train, found text that is not JSON (${(e as Error).message})`);
  }
  const m = json as Partial<LearnedModelJson> | null;
  if (m !== null && typeof m === 'object' && typeof m.format === 'string' && m.format.startsWith('apmsim-learned-model/') && m.format !== MODEL_FORMAT) {
    throw new QueryError(`${file}: a model file of format '${m.format}' (from an older apmsim); this apmsim reads '${MODEL_FORMAT}': train it again with apmsim train`);
  }
  if (m === null || typeof m !== 'object' || m.format !== MODEL_FORMAT) {
    throw new QueryError(`${file}: expected a model file with format '${MODEL_FORMAT}' (written by apmsim train), found ${m === null || typeof m !== 'object' ? typeof m : `format ${JSON.stringify(m.format)}`}`);
  }
  const bad = (what: string) => new QueryError(`${file}: malformed model file: ${what}`);
  if (typeof m.scenario?.fileFingerprint !== 'string' || typeof m.scenario.trainedFingerprint !== 'string') throw bad('scenario fingerprints missing');
  if (!Array.isArray(m.knobs) || m.knobs.some((k) => typeof k?.path !== 'string' || !(k.lo < k.hi) || typeof k.integer !== 'boolean')) throw bad('knobs must be {path, lo < hi, integer}');
  if (m.metrics === undefined || m.metrics === null || typeof m.metrics !== 'object') throw bad('no metrics');
  const predictors = new Map<string, PredictorJson>();
  for (const [name, entry] of Object.entries(m.metrics)) {
    const why = checkPredictor(entry?.predictor, m.knobs.length);
    if (why !== undefined) throw bad(`metric ${name}: ${why}`);
    predictors.set(name, entry.predictor);
  }
  return { json: m as LearnedModelJson, predictors };
}
