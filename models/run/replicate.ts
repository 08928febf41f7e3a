// One replication as a pure function of (scenario, index): the unit of work that the in-process
// runner, worker threads and later backends share. Replication i always uses the same random
// streams, so results do not depend on how replications are spread over threads.

import { Replication, type ReplicationOptions } from '../../sim/network/engine.js';
import { mser5 } from '../analysis/mser.js';
import type { Scenario } from '../scenario/types.js';
import { replicationMetrics, type MetricValue } from './metrics.js';

/** Replication index whose streams drive the warm-up pilot: beyond any real replication count. */
const PILOT = 1_000_000_000;
/** Windows the pilot splits its horizon into for MSER-5. */
const PILOT_WINDOWS = 1000;

export function replicationOptions(s: Scenario, replication: number, warmup: number, seriesWindow = 0): ReplicationOptions {
  return {
    seed: s.seed,
    replication,
    horizon: s.horizon,
    warmup,
    percentiles: s.percentiles,
    sketchAccuracy: s.sketchAccuracy,
    seriesWindow,
  };
}

/** Runs replication `index` to its horizon and returns its metrics. */
export function runReplication(s: Scenario, index: number, warmupSeconds: number): MetricValue[] {
  const rep = new Replication(s.network, replicationOptions(s, index, warmupSeconds));
  rep.advance(Infinity, Infinity);
  return replicationMetrics(s.network, rep.snapshot());
}

/** The pilot replication that `warmup: auto` runs first; its streams are its own. */
export function createPilot(s: Scenario): Replication {
  return new Replication(s.network, replicationOptions(s, PILOT, 0, s.horizon / PILOT_WINDOWS));
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
