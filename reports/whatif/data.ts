// What the what-if page embeds: the learned model's predictors as the model file stores them
// (polynomials in the scaled knobs, spread rows, scores: docs/learned-models.md), the slider
// positions of every knob over its trained region, and the confidence levels offered. The page's
// inline script evaluates the predictors at the sliders' point, step for step as
// models/query/learned/evaluate.ts does (test/reports/whatif.test.ts checks it bit for bit).

import { metricCatalogue } from '../../models/query/catalogue.js';
import { QueryError } from '../../models/query/errors.js';
import type { CrossValidation, LearnedModel } from '../../models/query/learned/model-file.js';
import type { PredictorJson } from '../../models/query/learned/evaluate.js';
import { pinnedFingerprint } from '../../models/query/learned/identity.js';
import type { Knob } from '../../models/query/learned/knobs.js';
import { numbersAt } from '../../models/query/overrides.js';
import type { ScenarioSource } from '../../models/query/types.js';
import { loadScenario, ScenarioError } from '../../models/scenario/index.js';

export interface WhatIfKnob extends Knob {
  /** The values its slider can take, ascending, from lo to hi. */
  readonly values: readonly number[];
  /** Index into `values` where the page opens: the scenario's own value, or the middle. */
  readonly start: number;
  /** The scenario's value of the knob (with the training overrides), when it has one. */
  readonly scenarioValue: number | null;
}

export interface WhatIfMetric {
  readonly name: string;
  readonly unit: string;
  readonly predictor: PredictorJson;
  readonly crossValidated: CrossValidation;
}

export interface WhatIfData {
  readonly format: 'apmsim-whatif/2';
  /** The model file and the scenario file as given, the model's format, the scenario's name, the training overrides. */
  readonly model: { readonly file: string; readonly format: string; readonly scenario: string; readonly scenarioFile: string; readonly set: readonly string[] };
  /** The scenario's confidence (with the training overrides): the page opens at it, and query uses it unless told otherwise. */
  readonly confidence: number;
  /** Confidence levels the page offers, ascending (the scenario's among them). */
  readonly levels: readonly number[];
  readonly knobs: readonly WhatIfKnob[];
  readonly metrics: readonly WhatIfMetric[];
}

/** Most positions of one slider: 200 steps of a continuous knob's range (0.5 % each). */
export const MAX_STEPS = 201;
/** Confidence levels offered besides the scenario's. */
const LEVELS = [0.8, 0.9, 0.95, 0.99];

/** Positions of a knob's slider: a continuous range in 200 steps, a whole-number one at every value up to 201 positions. */
export function stepCount(k: Knob): number {
  return k.integer ? Math.min(k.hi - k.lo + 1, MAX_STEPS) : MAX_STEPS;
}

/** `n` slider values from lo to hi, evenly spaced (whole numbers rounded, so a long range steps unevenly by one), ends exact. */
export function knobValues(k: Knob, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const raw = i === 0 ? k.lo : i === n - 1 ? k.hi : k.lo + (i * (k.hi - k.lo)) / (n - 1);
    // Short decimals read better on the page and in `--set path=value`; the ends stay exact.
    out.push(k.integer ? Math.round(raw) : i === 0 || i === n - 1 ? raw : Number(raw.toPrecision(10)));
  }
  return out;
}

function nearest(values: readonly number[], v: number): number {
  let best = 0;
  values.forEach((x, i) => { if (Math.abs(x - v) < Math.abs(values[best]! - v)) best = i; });
  return best;
}

/**
 * The page's data for a model and the scenario it was trained on. The scenario must be the one
 * the model names (same fingerprint with the knobs pinned), else a QueryError says what differs.
 */
export function whatIfData(model: LearnedModel, modelFile: string, source: ScenarioSource): WhatIfData {
  const { json } = model;
  let fingerprint: string;
  try {
    fingerprint = pinnedFingerprint(source, [], json.knobs);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw new QueryError(`${modelFile} was trained on scenario '${json.scenario.name}' (${json.scenario.file}); its knobs do not apply to ${source.file}: ${e.message}`);
  }
  if (fingerprint !== json.scenario.fileFingerprint) {
    throw new QueryError(`${modelFile} was trained on scenario '${json.scenario.name}' (${json.scenario.file}, ${json.scenario.fileFingerprint}), not on ${source.file} (${fingerprint}); give the scenario it was trained on with --whatif-scenario, or train a model for this one with apmsim train`);
  }
  const scenario = loadScenario(source.file, source.text, { readFile: source.readFile, overrides: json.scenario.set });
  const own = numbersAt(source.text, json.scenario.set, json.knobs.map((k) => k.path));
  const knobs: WhatIfKnob[] = json.knobs.map((k, i) => {
    const values = knobValues(k, stepCount(k));
    const v = own[i];
    const inside = v !== undefined && v >= k.lo && v <= k.hi;
    return { ...k, values, start: inside ? nearest(values, v) : Math.floor((values.length - 1) / 2), scenarioValue: v ?? null };
  });
  const units = metricCatalogue(scenario).units;
  return {
    format: 'apmsim-whatif/2',
    model: { file: modelFile, format: json.format, scenario: json.scenario.name, scenarioFile: source.file, set: json.scenario.set },
    confidence: scenario.confidence,
    levels: [...new Set([...LEVELS, scenario.confidence])].sort((a, b) => a - b),
    knobs,
    metrics: Object.entries(json.metrics).map(([name, m]) => ({ name, unit: units.get(name) ?? '', predictor: m.predictor, crossValidated: m.crossValidated })),
  };
}
