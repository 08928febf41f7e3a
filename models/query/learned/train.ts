// Training a learned model: Latin-hypercube points over the knobs, each simulated (replications on
// streams of its own), split into training, calibration and held-out test points; one predictor
// per metric, calibrated by split conformal prediction and scored on the test points.

import type { MetricValue } from '../../run/metrics.js';
import { resolveWarmup } from '../../run/replicate.js';
import { stabilityWarnings } from '../../run/stability.js';
import { loadScenario } from '../../scenario/index.js';
import { Stream, streamSeed } from '../../../sim/random/stream.js';
import { checkMetrics, metricCatalogue, parseEffect } from '../catalogue.js';
import { QueryError } from '../errors.js';
import type { ReplicationExecutor, ReplicationJob } from '../sampled/executor.js';
import type { ScenarioSource } from '../types.js';
import { features } from './features.js';
import { fitPredictor, type Sample } from './fit.js';
import { pinnedFingerprint } from './identity.js';
import { knobOverrides, latinHypercube, type Knob } from './knobs.js';
import { MODEL_FORMAT, type HeldOutEvaluation, type LearnedModelJson } from './model-file.js';

export interface TrainOptions {
  readonly knobs: readonly Knob[];
  readonly samples: number;
  /** Fixed overrides applied at every point (absolute `path=value`). */
  readonly set: readonly string[];
  readonly metrics: readonly string[];
  /** Replications per point; default the scenario's. */
  readonly replications?: number;
  readonly version: string;
}

/** Interval level at which training reports held-out coverage. */
export const EVALUATION_LEVEL = 0.9;
const MIN_SAMPLES = 10;

function shuffled(n: number, seed: number): number[] {
  const s = new Stream(streamSeed(seed, 0, 'learned:split'));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(s.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export async function trainModel(source: ScenarioSource, o: TrainOptions, executor: ReplicationExecutor): Promise<LearnedModelJson> {
  if (o.knobs.length === 0) throw new QueryError('expected at least one --vary path=lo..hi, found none');
  const paths = o.knobs.map((k) => k.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) throw new QueryError(`--vary ${twice} is given twice`);
  if (!(Number.isInteger(o.samples) && o.samples >= MIN_SAMPLES)) throw new QueryError(`--samples: expected a whole number of at least ${MIN_SAMPLES}, found ${o.samples}`);
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

  const points = latinHypercube(o.knobs, o.samples, base.seed);
  const scenarios = points.map((p) => load(knobOverrides(o.knobs, p)));
  scenarios.forEach((s, i) => {
    const w = stabilityWarnings(s.network);
    if (w.length > 0) throw new QueryError(`the --vary region includes unstable points, e.g. ${knobOverrides(o.knobs, points[i]!).join(' ')}: ${w[0]}; narrow the ranges`);
  });
  const jobs: ReplicationJob[] = scenarios.flatMap((scenario, i) => {
    const warmup = resolveWarmup(scenario);
    return Array.from({ length: replications }, (_, r) => ({ key: `point-${i}`, scenario, index: i * replications + r, warmup }));
  });
  const rows = await executor(jobs, () => false);
  const means = (metric: string): number[] => scenarios.map((_, i) => {
    const values = rows.slice(i * replications, (i + 1) * replications).map((row) => valueOf(row, metric)).filter((v) => Number.isFinite(v));
    return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
  });

  const order = shuffled(o.samples, base.seed);
  // Half the points fit; 30% calibrate the intervals (their count bounds the confidence reachable); 20% test.
  const nTrain = Math.round(0.5 * o.samples);
  const nCal = Math.round(0.3 * o.samples);
  const split = { train: order.slice(0, nTrain), calibration: order.slice(nTrain, nTrain + nCal), test: order.slice(nTrain + nCal) };
  const metrics: Record<string, LearnedModelJson['metrics'][string]> = {};
  for (const metric of o.metrics) {
    const y = means(metric);
    const sample = (i: number): Sample => ({ ...features(o.knobs, points[i]!, scenarios[i]!, metric), y: y[i]! });
    const usable = (ids: number[]) => ids.filter((i) => Number.isFinite(y[i]!)).map(sample);
    const [train, calibration, test] = [usable(split.train), usable(split.calibration), usable(split.test)];
    if (train.length < 2 || calibration.length < 1) throw new QueryError(`${metric}: too few training points measured it (${train.length} training, ${calibration.length} calibration)`);
    const predictor = fitPredictor(train, calibration);
    metrics[metric] = { predictor: predictor.json, heldOut: evaluate(predictor, test) };
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
    samples: { total: o.samples, train: split.train.length, calibration: split.calibration.length, test: split.test.length, replications, seed: base.seed },
    metrics,
  };
}

function valueOf(row: readonly MetricValue[] | undefined, metric: string): number {
  return row?.find((m) => m.name === metric)?.value ?? NaN;
}

function evaluate(p: ReturnType<typeof fitPredictor>, test: readonly Sample[]): HeldOutEvaluation {
  const half = p.conformalHalfWidth(EVALUATION_LEVEL);
  const ape = test.map((s) => Math.abs(p.inverse(p.predict(s.x), s.base) - s.y) / Math.abs(s.y)).sort((a, b) => a - b);
  const covered = test.filter((s) => half !== undefined && Math.abs(p.target(s.y, s.base) - p.predict(s.x)) <= half).length;
  return {
    points: test.length,
    medianAbsolutePercentageError: ape.length === 0 ? NaN : ape.length % 2 === 1 ? ape[(ape.length - 1) / 2]! : (ape[ape.length / 2 - 1]! + ape[ape.length / 2]!) / 2,
    // Without enough calibration points for the level there is no interval, hence no coverage.
    coverage: test.length === 0 || half === undefined ? NaN : covered / test.length,
    level: EVALUATION_LEVEL,
  };
}
