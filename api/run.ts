// Running a scenario's replications for a program (and for `apmsim run`): in this thread in
// slices of wall time, or on worker threads; either way the results are identical. An aborted
// run returns the replications completed so far, summarised and marked partial.

import { availableParallelism } from 'node:os';
import { agentArrivalRates } from '../models/analytic/traffic.js';
import { Experiment } from '../models/run/experiment.js';
import { NO_RECORDING, resolveWarmup, type Recording, type ReplicationOutput } from '../models/run/replicate.js';
import { summarise, type Results } from '../models/run/results.js';
import { stabilityWarnings } from '../models/run/stability.js';
import { LIMITS } from '../models/scenario/format/limits.js';
import type { Scenario } from '../models/scenario/index.js';
import { UsageError } from './errors.js';
import { runRecordedInWorkers } from './replication-pool.js';
import { VERSION } from './version.js';

export interface RunOptions {
  /** Independent replications (default: the scenario's `replications`). */
  readonly replications?: number | undefined;
  /** Base random seed (default: the scenario's `seed`). */
  readonly seed?: number | undefined;
  /**
   * Worker threads for the replications (default: one per core for runs of 20M+ events, else 1);
   * the results do not depend on it. Scenarios with a timeline, objectives or coordination run in
   * this thread.
   */
  readonly workers?: number | undefined;
  /** Aborting it stops the run: the results cover the replications completed so far and are marked partial. */
  readonly signal?: AbortSignal | undefined;
  /** Called as the run advances with the replications done (fractional while one runs) and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** What the shell records beyond the metrics (time series, request rows), with their outputs. */
export interface SimulateOptions extends RunOptions {
  readonly recording?: Recording | undefined;
}

/** The summary and, when recordings were asked for, each completed replication's output. */
export interface RunOutcome {
  readonly results: Results;
  readonly outputs: readonly ReplicationOutput[];
}

/** Wall time per slice between checks for an abort and progress updates. */
const SLICE_MS = 100;
/** Expected events below which starting worker threads (~0.2-0.6 s each) costs more than it saves. */
const EVENTS_WORTH_THREADS = 2e7;

/** Runs the scenario's replications and summarises them: an estimate and an interval per metric. */
export async function run(scenario: Scenario, options: RunOptions = {}): Promise<Results> {
  return (await simulate(scenario, options)).results;
}

/** As run, with the recordings `options.recording` asks for. */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<RunOutcome> {
  const s = withRunSettings(scenario, options);
  const recording = options.recording ?? NO_RECORDING;
  const onProgress = options.onProgress ?? (() => {});
  if (s.coordination !== undefined) {
    // Loaded only for scenarios that need it: most have no timeline or coordination.
    const { runCoordinatedExperiment } = await import('../models/coordination/experiment.js');
    return runCoordinatedExperiment(s, VERSION, {
      enabled: s.coordination.settings.enabled, recording,
      stopped: () => options.signal?.aborted === true,
      onProgress: (done) => onProgress(done, s.replications),
    });
  }
  const threads = runThreads(s, options.workers);
  return threads <= 1 ? runInProcess(s, recording, onProgress, options.signal) : runInThreads(s, threads, recording, onProgress, options.signal);
}

/** The scenario with the run's own replications and seed, recorded as overrides (as `--seed 3` is `seed=3`). */
function withRunSettings(s: Scenario, o: RunOptions): Scenario {
  let out = s;
  if (o.replications !== undefined) {
    const max = LIMITS.replications.max;
    if (!(Number.isInteger(o.replications) && o.replications >= 1 && o.replications <= max)) {
      throw new UsageError(`replications: expected a whole number from 1 to ${max}, found ${o.replications}`);
    }
    out = { ...out, replications: o.replications, overrides: [...out.overrides, `replications=${o.replications}`] };
  }
  if (o.seed !== undefined) {
    if (!(Number.isSafeInteger(o.seed) && o.seed >= 0)) throw new UsageError(`seed: expected a whole number of at least 0, found ${o.seed}`);
    out = { ...out, seed: o.seed, overrides: [...out.overrides, `seed=${o.seed}`] };
  }
  return out;
}

/**
 * The threads a run uses: `workers` (checked), by default one per core for runs large enough to
 * repay starting them, else 1; never more than the replications.
 */
export function runThreads(s: Scenario, workers: number | undefined): number {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`workers: expected a whole number of at least 1, found ${workers}`);
  const { rates } = agentArrivalRates(s.network);
  const events = 2 * rates.reduce((a, b) => a + b, 0) * s.horizon * s.replications;
  return Math.min(workers ?? (events >= EVENTS_WORTH_THREADS ? availableParallelism() : 1), s.replications);
}

/** Replications one after another in this thread, in slices, so an abort keeps the running one's predecessors. */
async function runInProcess(s: Scenario, recording: Recording, onProgress: (done: number, total: number) => void, signal: AbortSignal | undefined): Promise<RunOutcome> {
  const experiment = new Experiment(s, VERSION, recording);
  while (!experiment.step(SLICE_MS, () => performance.now())) {
    onProgress(experiment.progress, s.replications);
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted === true) break;
  }
  // Before the first replication completes, its partial recordings would pass for whole ones.
  const outputs = experiment.progress >= 1 ? experiment.completedOutputs() : [];
  return { results: experiment.results(), outputs };
}

/**
 * Replications on worker threads. A stopped run keeps the longest run of completed replications
 * from the first, so `values[i]` is always replication i (which pairing against a baseline needs).
 */
async function runInThreads(
  s: Scenario, threads: number, recording: Recording, onProgress: (done: number, total: number) => void, signal: AbortSignal | undefined,
): Promise<RunOutcome> {
  const warmup = resolveWarmup(s);
  const jobs = Array.from({ length: s.replications }, (_, index) => ({ key: 'run', scenario: s, index, warmup, recording }));
  const rows = await runRecordedInWorkers(jobs, threads, (done) => onProgress(done, s.replications), signal);
  const firstMissing = rows.indexOf(undefined);
  const outputs = (firstMissing < 0 ? rows : rows.slice(0, firstMissing)) as NonNullable<(typeof rows)[number]>[];
  const completed = outputs.map((o) => o.metrics);
  const results = summarise({
    version: VERSION,
    scenario: s,
    warmupSeconds: warmup,
    partial: completed.length < s.replications,
    warnings: stabilityWarnings(s.network),
    perReplication: completed,
  });
  return { results, outputs };
}
