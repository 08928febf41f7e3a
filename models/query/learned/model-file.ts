// The learned model file (`apmsim train --out model.json`): which scenario it was trained on (by
// fingerprint), the knobs and their region, one predictor per metric with its conformal scores,
// and how it did on held-out points. Read back with every field checked.

import { QueryError } from '../errors.js';
import type { Knob } from './knobs.js';
import { Predictor, type PredictorJson } from './fit.js';

export const MODEL_FORMAT = 'apmsim-learned-model/1';

export interface HeldOutEvaluation {
  readonly points: number;
  /** Median over held-out points of |predicted - simulated| / simulated. */
  readonly medianAbsolutePercentageError: number;
  /** Fraction of held-out points inside the conformal interval at `level`. */
  readonly coverage: number;
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
  readonly samples: { readonly total: number; readonly train: number; readonly calibration: number; readonly test: number; readonly replications: number; readonly seed: number };
  readonly metrics: Readonly<Record<string, { readonly predictor: PredictorJson; readonly heldOut: HeldOutEvaluation }>>;
}

export interface LearnedModel {
  readonly json: LearnedModelJson;
  readonly predictors: ReadonlyMap<string, Predictor>;
}

export function loadModel(file: string, text: string): LearnedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new QueryError(`${file}: expected a model file written by apmsim train, found text that is not JSON (${(e as Error).message})`);
  }
  const m = json as Partial<LearnedModelJson> | null;
  if (m === null || typeof m !== 'object' || m.format !== MODEL_FORMAT) {
    throw new QueryError(`${file}: expected a model file with format '${MODEL_FORMAT}' (written by apmsim train), found ${m === null || typeof m !== 'object' ? typeof m : `format ${JSON.stringify(m.format)}`}`);
  }
  const bad = (what: string) => new QueryError(`${file}: malformed model file: ${what}`);
  if (typeof m.scenario?.fileFingerprint !== 'string' || typeof m.scenario.trainedFingerprint !== 'string') throw bad('scenario fingerprints missing');
  if (!Array.isArray(m.knobs) || m.knobs.some((k) => typeof k?.path !== 'string' || !(k.lo < k.hi) || typeof k.integer !== 'boolean')) throw bad('knobs must be {path, lo < hi, integer}');
  if (m.metrics === undefined || typeof m.metrics !== 'object') throw bad('no metrics');
  const predictors = new Map<string, Predictor>();
  for (const [name, entry] of Object.entries(m.metrics)) {
    const scores = entry?.predictor?.scores;
    if (!Array.isArray(scores) || scores.some((x) => typeof x !== 'number')) throw bad(`metric ${name} has no conformal scores`);
    try {
      predictors.set(name, new Predictor(entry.predictor));
    } catch (e) {
      throw bad(`metric ${name}: ${(e as Error).message}`);
    }
  }
  return { json: m as LearnedModelJson, predictors };
}
