// One replication as a pure function of (scenario, index, rate compiler): the unit of work that the
// in-process runner, worker threads and later backends share. Replication i always uses the same
// random streams, so results do not depend on how replications are spread over threads. The
// compiler for the spec's rate expressions is a parameter, not an import: a worker thread loads it
// (the scenario loader and mathjs, ~0.5 s) only for a scenario that has an expression;
// replicate.ts binds the loader's for everyone else.

import { Replication, type ReplicationOptions } from '../../sim/network/engine.js';
import type { CompileRate } from '../../sim/network/arrival-process.js';
import { SimulationError } from '../../sim/errors.js';
import type { RequestRows, Timeseries } from '../../sim/network/record/recorders.js';
import type { VisitRows } from '../../sim/network/record/visit-log.js';
import type { Scenario } from '../scenario/index.js';
import { replicationMetrics, type MetricValue } from './metrics.js';

/** What a replication records beyond its metrics (for reports and data files). */
export interface Recording {
  /** Window of the time series in seconds; 0 records none. */
  readonly timeseriesWindow: number;
  /** One row per request finished after warm-up. */
  readonly traceRequests: boolean;
  /** Every agent visit, for exporting the replication's requests as traces (OTLP). */
  readonly traceVisits?: boolean;
}

export const NO_RECORDING: Recording = { timeseriesWindow: 0, traceRequests: false };

export interface ReplicationOutput {
  readonly metrics: MetricValue[];
  readonly timeseries: Timeseries | undefined;
  readonly requests: RequestRows | undefined;
  readonly visits?: VisitRows | undefined;
}

export function replicationOptions(
  s: Scenario, replication: number, warmup: number, recording: Recording, seriesWindow: number, compileRate: CompileRate | undefined,
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
    ...(recording.traceVisits === true ? { traceVisits: true } : {}),
    ...(compileRate === undefined ? {} : { compileRate }),
  };
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
export function runRecordedReplication(s: Scenario, index: number, warmupSeconds: number, recording: Recording, compileRate: CompileRate | undefined): ReplicationOutput {
  requirePlain(s);
  const rep = new Replication(s.network, replicationOptions(s, index, warmupSeconds, recording, 0, compileRate));
  rep.advance(Infinity, Infinity);
  return outputOf(s, rep);
}

/** Metrics and recordings of a replication that has run (or stopped early). */
export function outputOf(s: Scenario, rep: Replication): ReplicationOutput {
  const stats = rep.snapshot();
  return { metrics: replicationMetrics(s.network, stats), timeseries: stats.timeseries, requests: stats.requests, ...(stats.visits === undefined ? {} : { visits: stats.visits }) };
}
