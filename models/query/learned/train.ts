// Training a learned model: Latin-hypercube points over the knobs, each simulated (replications on
// streams of its own) and labelled with each metric's figure as the sampled backend reads it from
// those replications (a percentile from all their values together), one predictor per metric fitted
// on all of them (bagged fits, fit.ts). With a target precision, points are added in rounds (each
// doubling the total) until every metric's median interval half-width, relative to its prediction,
// meets the target or the cap is reached.

import type { MetricValue } from '../../run/metrics.js';
import { resolveWarmup } from '../../run/replicate.js';
import { stabilityWarnings } from '../../run/stability.js';
import { loadScenario, type Scenario } from '../../scenario/index.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';
import { checkMetrics, metricCatalogue, parseEffect } from '../catalogue.js';
import { replicationsFigure, type ReplicationsFigure } from '../sampled/series.js';
import { QueryError } from '../errors.js';
import type { ReplicationExecutor, ReplicationJob } from '../sampled/executor.js';
import type { ScenarioSource } from '../types.js';
import { evaluatePredictor, type PredictorJson } from './evaluate.js';
import { fitPredictor, foldCount, foldsOf, resampleCount, type Sample } from './fit.js';
import { pinnedFingerprint } from './identity.js';
import { knobOverrides, latinHypercube, unit, type Knob } from './knobs.js';
import { MODEL_FORMAT, type CrossValidation, type LearnedModelJson } from './model-file.js';

export interface TrainOptions {
  readonly knobs: readonly Knob[];
  /** Points simulated (the first round's, with a target precision). */
  readonly samples: number;
  /** Fixed overrides applied at every point (absolute `path=value`). */
  readonly set: readonly string[];
  readonly metrics: readonly string[];
  /** Replications per point; default the scenario's. */
  readonly replications?: number;
  /** Add points until every metric's median relative half-width at `confidence` is at most this. */
  readonly targetPrecision?: number;
  /** Confidence of that half-width; default the scenario's. */
  readonly confidence?: number;
  /** Most points simulated in all rounds; default 8 × samples. */
  readonly maxSamples?: number;
  /** Called after each round: points so far and every metric's median relative half-width. */
  readonly onRound?: (r: RoundReport) => void;
  readonly version: string;
}

export interface RoundReport {
  readonly round: number;
  readonly points: number;
  readonly precision: Readonly<Record<string, number>>;
  readonly confidence: number;
}

/** Interval level at which training reports its cross-validated figures. */
export const EVALUATION_LEVEL = 0.9;
/** Four folds of five points at least. */
const MIN_SAMPLES = 20;

function shuffled(n: number, seed: number): number[] {
  const s = new Stream(streamSeed(seed, 0, 'learned:split'));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(s.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Median over `points` of the interval's relative half-width at `level` (Infinity when there is no interval). */
export function medianRelativeHalfWidth(p: PredictorJson, knobs: readonly Knob[], points: readonly (readonly number[])[], level: number): number {
  return median(points.map((pt) => {
    const e = evaluatePredictor(p, knobs, pt, level);
    return e.kind === 'ok' ? (e.hi - e.lo) / 2 / Math.abs(e.estimate) : Infinity;
  }));
}

export async function trainModel(source: ScenarioSource, o: TrainOptions, executor: ReplicationExecutor): Promise<LearnedModelJson> {
  if (o.knobs.length === 0) throw new QueryError('expected at least one --vary path=lo..hi, found none');
  const paths = o.knobs.map((k) => k.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) throw new QueryError(`--vary ${twice} is given twice`);
  if (!(Number.isInteger(o.samples) && o.samples >= MIN_SAMPLES)) throw new QueryError(`--samples: expected a whole number of at least ${MIN_SAMPLES}, found ${o.samples}`);
  const cap = o.maxSamples ?? 8 * o.samples;
  if (!(Number.isInteger(cap) && cap >= o.samples)) throw new QueryError(`--max-samples: expected a whole number of at least --samples (${o.samples}), found ${cap}`);
  if (o.targetPrecision !== undefined && !(o.targetPrecision > 0 && Number.isFinite(o.targetPrecision))) {
    throw new QueryError(`--target-precision: expected a relative half-width > 0 such as 0.03, found ${o.targetPrecision}`);
  }
  const load = (overrides: readonly string[]) => loadScenario(source.file, source.text, { readFile: source.readFile, overrides: [...o.set, ...overrides] });
  const base = load([]);
  checkMetrics(metricCatalogue(base), o.metrics);
  const effect = o.metrics.find((m) => parseEffect(m) !== undefined);
  if (effect !== undefined) throw new QueryError(`--metric ${effect}: effects are answered by the analytic and sampled backends, not learned`);
  // Both corners validate every knob's range with the loader's own messages.
  load(knobOverrides(o.knobs, o.knobs.map((k) => k.lo)));
  load(knobOverrides(o.knobs, o.knobs.map((k) => k.hi)));
  const replications = o.replications ?? base.replications;
  if (!(Number.isInteger(replications) && replications >= 1)) throw new QueryError(`--replications: expected a whole number of at least 1, found ${replications}`);
  const confidence = o.confidence ?? base.confidence;
  if (!(confidence > 0 && confidence < 1)) throw new QueryError(`confidence: expected a number between 0 and 1 (exclusive), found ${confidence}`);
  // A whole-number knob with m values supports polynomial powers up to m - 1.
  const maxPower = o.knobs.map((k) => (k.integer ? Math.round(k.hi - k.lo) : Infinity));

  const points: number[][] = [];
  // Each point's label: its replications' figure, read as the sampled backend reads it (series.ts).
  const figures = new Map<string, ReplicationsFigure[]>(o.metrics.map((m) => [m, []]));
  let fitted: Record<string, PredictorJson> = {};
  // Each metric's out-of-fold predictions (fitted units), for the cross-validated figures.
  let outOfFold: Record<string, readonly number[]> = {};
  let fold: number[] = [];
  let precision: Record<string, number> = {};
  let round = 0;
  for (let want = o.samples; ; want = Math.min(cap, 2 * points.length), round++) {
    const fresh = latinHypercube(o.knobs, want - points.length, base.seed, round);
    const scenarios = fresh.map((p) => load(knobOverrides(o.knobs, p)));
    scenarios.forEach((s, i) => {
      const w = stabilityWarnings(s.network);
      if (w.length > 0) throw new QueryError(`the --vary region includes unstable points, e.g. ${knobOverrides(o.knobs, fresh[i]!).join(' ')}: ${w[0]}; narrow the ranges`);
    });
    const rows = await simulate(scenarios, points.length, replications, executor);
    const pointRows = scenarios.map((_, i) => rows.slice(i * replications, (i + 1) * replications));
    for (const [metric, perPoint] of figures) perPoint.push(...pointRows.map((r) => replicationsFigure(r, metric, confidence)));
    points.push(...fresh);
    fold = foldsOf(points.length, shuffled(points.length, base.seed));
    fitted = {};
    outOfFold = {};
    precision = {};
    for (const metric of o.metrics) {
      const usable = points.map((p, i) => ({ p, i, ...figures.get(metric)![i]! })).filter((s) => Number.isFinite(s.estimate));
      if (usable.length < MIN_SAMPLES) throw new QueryError(`${metric}: too few points measured it (${usable.length} of ${points.length}; at least ${MIN_SAMPLES} needed)`);
      const samples: Sample[] = usable.map((s) => ({ u: o.knobs.map((k, j) => unit(k, s.p[j]!)), y: s.estimate, variance: s.variance }));
      const bootstrap = new Stream(streamSeed(base.seed, round, `learned:bootstrap:${metric}`));
      const { predictor, outOfFold: predictions } = fitPredictor(samples, usable.map((s) => fold[s.i]!), maxPower, bootstrap);
      fitted[metric] = predictor;
      const predicted = points.map(() => NaN);
      usable.forEach((s, j) => { predicted[s.i] = predictions[j]!; });
      outOfFold[metric] = predicted;
      precision[metric] = medianRelativeHalfWidth(predictor, o.knobs, usable.map((s) => s.p), confidence);
    }
    o.onRound?.({ round, points: points.length, precision, confidence });
    const met = o.targetPrecision !== undefined && Object.values(precision).every((x) => x <= o.targetPrecision!);
    if (o.targetPrecision === undefined || met || points.length >= cap) break;
  }
  const metrics: Record<string, LearnedModelJson['metrics'][string]> = {};
  for (const metric of o.metrics) {
    const predictor = fitted[metric]!;
    metrics[metric] = { predictor, crossValidated: crossValidation(predictor, o.knobs, points, figures.get(metric)!, outOfFold[metric]!) };
  }
  return {
    format: MODEL_FORMAT,
    apmsim: o.version,
    scenario: {
      name: base.name, file: source.file,
      fileFingerprint: pinnedFingerprint(source, [], o.knobs),
      trainedFingerprint: pinnedFingerprint(source, o.set, o.knobs),
      set: o.set,
    },
    knobs: o.knobs,
    samples: { total: points.length, replications, seed: base.seed, folds: foldCount(points.length), resamples: resampleCount(points.length), rounds: round + 1 },
    target: o.targetPrecision === undefined ? null : { precision: o.targetPrecision, confidence, met: Object.values(precision).every((x) => x <= o.targetPrecision!) },
    metrics,
  };
}

/** Replications of the new points; point i of the model (counting earlier rounds) runs replications i·R .. i·R + R - 1. */
async function simulate(scenarios: readonly Scenario[], first: number, replications: number, executor: ReplicationExecutor): Promise<MetricValue[][]> {
  const jobs: ReplicationJob[] = scenarios.flatMap((scenario, i) => {
    const warmup = resolveWarmup(scenario);
    const point = first + i;
    return Array.from({ length: replications }, (_, r) => ({ key: `point-${point}`, scenario, index: point * replications + r, warmup }));
  });
  // Nothing stops it, so every job runs.
  return (await executor(jobs, () => false)).map((row) => row!);
}

/** Out-of-fold error against each point's label, and the interval's median relative half-width, at EVALUATION_LEVEL. */
function crossValidation(p: PredictorJson, knobs: readonly Knob[], points: readonly (readonly number[])[], figures: readonly ReplicationsFigure[], outOfFold: readonly number[]): CrossValidation {
  const back = (z: number) => (p.transform === 'log' ? Math.exp(z) : z);
  const usable = points.map((pt, i) => ({ pt, predicted: back(outOfFold[i]!), ...figures[i]! })).filter((s) => Number.isFinite(s.estimate));
  const ape = usable.map((s) => Math.abs(s.predicted - s.estimate) / Math.abs(s.estimate));
  const noise = usable.every((s) => s.n >= 2) ? { medianRelativeNoise: median(usable.map((s) => Math.sqrt(s.variance) / Math.abs(s.estimate))) } : {};
  return {
    points: usable.length,
    medianAbsolutePercentageError: median(ape),
    medianRelativeHalfWidth: medianRelativeHalfWidth(p, knobs, usable.map((s) => s.pt), EVALUATION_LEVEL),
    level: EVALUATION_LEVEL,
    ...noise,
  };
}
