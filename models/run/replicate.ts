// One replication as a pure function of (scenario, index): the unit of work that the in-process
// runner, worker threads and later backends share. Replication i always uses the same random
// streams, so results do not depend on how replications are spread over threads.

import { Replication, type ReplicationOptions } from '../../sim/network/engine.js';
import { SimulationError } from '../../sim/errors.js';
import type { RequestRows, Timeseries } from '../../sim/network/record/recorders.js';
import { mser5 } from '../analysis/mser.js';
import { type Scenario, compileRate } from '../scenario/index.js';
import { replicationMetrics, type MetricValue } from './metrics.js';

/** Replication index whose streams drive the warm-up pilot: beyond any real replication count. */
const PILOT = 1_000_000_000;
/** Windows the pilot splits its horizon into for MSER-5. */
const PILOT_WINDOWS = 1000;

/** What a replication records beyond its metrics (for reports and data files). */
export interface Recording {
  /** Window of the time series in seconds; 0 records none. */
  readonly timeseriesWindow: number;
  /** One row per request finished after warm-up. */
  readonly traceRequests: boolean;
}

export const NO_RECORDING: Recording = { timeseriesWindow: 0, traceRequests: false };

export interface ReplicationOutput {
  readonly metrics: MetricValue[];
  readonly timeseries: Timeseries | undefined;
  readonly requests: RequestRows | undefined;
}

export function replicationOptions(
  s: Scenario, replication: number, warmup: number, recording: Recording = NO_RECORDING, seriesWindow = 0,
): ReplicationOptions {
  return {
    seed: s.seed,
    replication,
    horizon: s.horizon,
    warmup,
    percentiles: s.percentiles,
    sketchAccuracy: s.sketchAccuracy,
    seriesWindow,
    timeseriesWindow: recording.timeseriesWindow,
    traceRequests: recording.traceRequests,
    compileRate,
  };
}

/** Runs replication `index` to its horizon and returns its metrics. */
export function runReplication(s: Scenario, index: number, warmupSeconds: number): MetricValue[] {
  return runRecordedReplication(s, index, warmupSeconds, NO_RECORDING).metrics;
}

/**
 * Refuses a scenario whose timeline, objectives or coordination a plain replication would ignore:
 * only models/coordination replays them (`apmsim run`).
 */
export function requirePlain(s: Scenario): void {
  if (s.coordination === undefined) return;
  throw new SimulationError(`${s.file}: scenario '${s.name}' has a timeline, objectives or coordination, which only \`apmsim run\` replays; compare, sweep and query would ignore them (remove those sections from a copy to use it here)`);
}

/** Runs replication `index` and returns its metrics and whatever `recording` asks for. */
export function runRecordedReplication(s: Scenario, index: number, warmupSeconds: number, recording: Recording): ReplicationOutput {
  requirePlain(s);
  const rep = new Replication(s.network, replicationOptions(s, index, warmupSeconds, recording));
  rep.advance(Infinity, Infinity);
  return outputOf(s, rep);
}

/** Metrics and recordings of a replication that has run (or stopped early). */
export function outputOf(s: Scenario, rep: Replication): ReplicationOutput {
  const stats = rep.snapshot();
  return { metrics: replicationMetrics(s.network, stats), timeseries: stats.timeseries, requests: stats.requests };
}

/** The pilot replication that `warmup: auto` runs first; its streams are its own. */
export function createPilot(s: Scenario): Replication {
  return new Replication(s.network, replicationOptions(s, PILOT, 0, NO_RECORDING, s.horizon / PILOT_WINDOWS));
}

/** MSER-5 on the pilot's windowed mean latency; the truncation point becomes the warm-up. */
export function pilotWarmup(pilot: Replication, horizon: number): number {
  const series = pilot.snapshot().series;
  if (series === undefined) return 0;
  const means: number[] = [];
  const starts: number[] = [];
  series.sum.forEach((sum, w) => {
    const n = series.count[w]!;
    if (n > 0) { means.push(sum / n); starts.push(w * series.window); }
  });
  const drop = mser5(means);
  return drop === 0 || drop >= starts.length ? 0 : Math.min(starts[drop]!, horizon / 2);
}

/** The warm-up every replication discards: fixed, or found by running the pilot now. */
export function resolveWarmup(s: Scenario): number {
  if (s.warmup.mode === 'fixed') return s.warmup.seconds;
  const pilot = createPilot(s);
  pilot.advance(Infinity, Infinity);
  return pilotWarmup(pilot, s.horizon);
}
