// Replications with the scenario loader's compiler for rate expressions bound (replication-unit.ts
// has the unit of work itself), and the warm-up pilot.

import { Replication, type ReplicationOptions } from '../../sim/network/engine.js';
import { mser5 } from '../analysis/mser.js';
import { type Scenario, compileRate } from '../scenario/index.js';
import type { MetricValue } from './metrics.js';
import * as unit from './replication-unit.js';
import { NO_RECORDING, type Recording, type ReplicationOutput } from './replication-unit.js';

export { NO_RECORDING, outputOf, requirePlain, type Recording, type ReplicationOutput } from './replication-unit.js';

/** Replication index whose streams drive the warm-up pilot: beyond any real replication count. */
const PILOT = 1_000_000_000;
/** Windows the pilot splits its horizon into for MSER-5. */
const PILOT_WINDOWS = 1000;

export function replicationOptions(
  s: Scenario, replication: number, warmup: number, recording: Recording = NO_RECORDING, seriesWindow = 0,
): ReplicationOptions {
  return unit.replicationOptions(s, replication, warmup, recording, seriesWindow, compileRate);
}

/** Runs replication `index` to its horizon and returns its metrics. */
export function runReplication(s: Scenario, index: number, warmupSeconds: number): MetricValue[] {
  return unit.runRecordedReplication(s, index, warmupSeconds, NO_RECORDING, compileRate).metrics;
}

/** Runs replication `index` and returns its metrics and whatever `recording` asks for. */
export function runRecordedReplication(s: Scenario, index: number, warmupSeconds: number, recording: Recording): ReplicationOutput {
  return unit.runRecordedReplication(s, index, warmupSeconds, recording, compileRate);
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
