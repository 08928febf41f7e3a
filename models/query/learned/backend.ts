// The learned backend: answers from a trained model in about a millisecond, with an interval from
// the variance of its bagged fits (infinitesimal jackknife), but only for the scenario it was
// trained on and inside the region of knob values it was trained over; anything else is refused
// (another scenario) or declined (outside the region).

import { ScenarioError } from '../../scenario/index.js';
import { QueryError } from '../errors.js';
import { numbersAt, overridePath } from '../overrides.js';
import { relativeHalfWidth, type Answer, type Query, type ScenarioSource } from '../types.js';
import { evaluatePredictor } from './evaluate.js';
import { pinnedFingerprint } from './identity.js';
import type { LearnedModel } from './model-file.js';

export interface LearnedOptions {
  readonly model: LearnedModel;
  /** The model file's name, for messages. */
  readonly modelFile: string;
  readonly clock: () => number;
}

type Point = { readonly kind: 'point'; readonly values: number[] } | { readonly kind: 'declined'; readonly why: string };

/** File fingerprints already checked, per model: the same text always gives the same one. */
const checkedFiles = new WeakMap<LearnedModel, Map<string, string>>();

function fileFingerprint(o: LearnedOptions, q: Query): string {
  const source = q.origin!.source;
  const seen = checkedFiles.get(o.model) ?? new Map<string, string>();
  checkedFiles.set(o.model, seen);
  const known = seen.get(source.text);
  if (known !== undefined) return known;
  let f: string;
  try {
    f = pinnedFingerprint(source, [], o.model.json.knobs);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    // The knobs do not even fit this scenario (e.g. a path that does not exist in it).
    f = `(none: ${e.diagnostics[0]?.expected ?? 'its knobs do not apply'})`;
  }
  seen.set(source.text, f);
  return f;
}

/**
 * Whether the overrides change nothing but knobs and the training overrides (all of which they
 * repeat): then, on the file the model was trained on, the pinned scenario is the trained one.
 */
function onlyKnobs(o: LearnedOptions, overrides: readonly string[]): boolean {
  const knobs = new Set(o.model.json.knobs.map((k) => k.path));
  const trained = o.model.json.scenario.set;
  return overrides.every((x) => knobs.has(overridePath(x)) || trained.includes(x)) && trained.every((x) => overrides.includes(x));
}

function sameScenario(source: ScenarioSource, overrides: readonly string[], knobs: LearnedModel['json']['knobs'], fingerprint: string): boolean {
  try {
    return pinnedFingerprint(source, overrides, knobs) === fingerprint;
  } catch (e) {
    if (e instanceof ScenarioError) return false;
    throw e;
  }
}

/** Where one side of the query sits in the knob space, or why the model cannot answer for it. */
function locate(q: Query, o: LearnedOptions, overrides: readonly string[]): Point {
  const { json } = o.model;
  const source = q.origin!.source;
  if (!onlyKnobs(o, overrides) && !sameScenario(source, overrides, json.knobs, json.scenario.trainedFingerprint)) {
    const knobs = new Set(json.knobs.map((k) => k.path));
    const trained = new Set(json.scenario.set);
    const extra = overrides.filter((x) => !knobs.has(overridePath(x)) && !trained.has(x)).map(overridePath);
    const why = extra.length > 0
      ? `the query changes ${[...new Set(extra)].join(', ')}, which ${o.modelFile} was not trained to vary (it varies ${[...knobs].join(', ')})`
      : `${o.modelFile} was trained with --set ${json.scenario.set.join(' ')}; the query must keep those values`;
    return { kind: 'declined', why };
  }
  const values: number[] = [];
  const found = numbersAt(source.text, overrides, json.knobs.map((k) => k.path));
  for (const [i, k] of json.knobs.entries()) {
    const v = found[i];
    if (v === undefined) return { kind: 'declined', why: `the scenario has no number at ${k.path}; set it with --set ${k.path}=...` };
    const slack = 1e-9 * (k.hi - k.lo);
    if (v < k.lo - slack || v > k.hi + slack) {
      return { kind: 'declined', why: `${k.path} = ${v} is outside the region ${o.modelFile} was trained on (${k.lo}..${k.hi})` };
    }
    values.push(v);
  }
  return { kind: 'point', values };
}

type Prediction = { readonly kind: 'ok'; readonly estimate: number; readonly lo: number; readonly hi: number } | { readonly kind: 'declined'; readonly why: string };

function predict(o: LearnedOptions, metric: string, point: number[], confidence: number): Prediction {
  const p = o.model.predictors.get(metric);
  if (p === undefined) return { kind: 'declined', why: `${o.modelFile} has no predictor for ${metric} (it predicts ${[...o.model.predictors.keys()].join(', ')})` };
  const e = evaluatePredictor(p, o.model.json.knobs, point, confidence);
  if (e.kind === 'too-few') return { kind: 'declined', why: `${p.scores.length} training points are too few for an interval at ${confidence} confidence` };
  return e;
}

export function answerLearned(q: Query, o: LearnedOptions): Answer[] {
  const start = o.clock();
  const of = q.versus === undefined ? 'value' as const : 'difference' as const;
  const common = (metric: string) => ({ metric, unit: q.units.get(metric) ?? '', of, confidence: q.confidence, backend: 'learned' as const });
  const origin = q.origin;
  if (origin === undefined) return q.metrics.map((m) => ({ ...common(m), kind: 'declined', reason: 'learned models need the scenario source', elapsedMs: 0 }));
  if (q.isolated !== undefined) {
    return q.metrics.map((m) => ({ ...common(m), kind: 'declined', reason: `${o.modelFile} was trained on the whole network, not on agent '${q.isolated}' alone`, elapsedMs: 0 }));
  }
  const { json } = o.model;
  const file = fileFingerprint(o, q);
  if (file !== json.scenario.fileFingerprint) {
    throw new QueryError(`${o.modelFile} was trained on scenario '${json.scenario.name}' (${json.scenario.file}, ${json.scenario.fileFingerprint}), not on ${origin.source.file} (${file}); train a model for this scenario with apmsim train`);
  }
  const sides: (readonly string[])[] = [origin.set];
  if (q.versus !== undefined && origin.versus !== undefined) sides.push(origin.versus);
  const points = sides.map((overrides) => locate(q, o, overrides));
  // Each side at 1 - (1 - c)/2 makes the difference's interval hold with confidence >= c (Bonferroni).
  const level = sides.length === 1 ? q.confidence : 1 - (1 - q.confidence) / 2;
  const ev = json.metrics;
  return q.metrics.map((metric): Answer => {
    const elapsedMs = () => o.clock() - start;
    const preds: Prediction[] = points.map((pt, i) => (pt.kind === 'declined' ? pt : predict(o, metric, pt.values, level)));
    const declined = preds.find((p) => p.kind === 'declined');
    if (declined !== undefined && declined.kind === 'declined') return { ...common(metric), kind: 'declined', reason: declined.why, elapsedMs: elapsedMs() };
    const [b, v] = preds as Extract<Prediction, { kind: 'ok' }>[];
    const cv = ev[metric]!.crossValidated;
    const how = `interval for the expected value from the variance of ${json.samples.resamples} bootstrap fits (bagged, infinitesimal jackknife), trained on ${json.samples.total} simulated points; out-of-fold median error ${(100 * cv.medianAbsolutePercentageError).toFixed(1)}% against their labels from ${json.samples.replications} replications each${cv.medianRelativeNoise === undefined ? '' : `, whose own noise is ${(100 * cv.medianRelativeNoise).toFixed(1)}%`}`;
    if (v === undefined) {
      return { ...common(metric), kind: 'estimate', estimate: b!.estimate, interval: [b!.lo, b!.hi], precision: relativeHalfWidth(b!.lo, b!.hi, b!.estimate), exact: false, reason: how, elapsedMs: elapsedMs() };
    }
    const interval: [number, number] = [v.lo - b!.hi, v.hi - b!.lo];
    return {
      ...common(metric), kind: 'estimate', estimate: v.estimate - b!.estimate, interval, precision: relativeHalfWidth(interval[0], interval[1], b!.estimate),
      exact: false, reason: `${how}; each side at ${level} so the difference holds at ${q.confidence} (Bonferroni)`, elapsedMs: elapsedMs(),
    };
  });
}
