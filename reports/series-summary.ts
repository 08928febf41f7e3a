// The time series across replications: per window, the mean over replications of each quantity
// and its Student-t interval at the run's confidence (the same rule as every metric), cut where the
// quantity ends: every one is at least 0, and fractions at most 1.

import { boundedInterval } from '../models/analysis/interval.js';
import type { RecordedSeries, ReplicationSeries } from './run-data.js';

export interface WindowPoint {
  /** Window start and end, seconds. */
  readonly start: number;
  readonly end: number;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Mean and interval of `valueOf(replication, window)` per window, the interval cut at 0 and at
 * `most` (1 for a fraction); NaN values are left out.
 */
export function summariseWindows(
  series: RecordedSeries, confidence: number, valueOf: (r: ReplicationSeries, w: number) => number, most = Infinity,
): WindowPoint[] {
  const points: WindowPoint[] = [];
  for (let w = 0; w < series.windows; w++) {
    const values = series.replications.map((r) => valueOf(r, w));
    const e = boundedInterval(values, confidence, most);
    points.push({
      start: w * series.window,
      end: (w + 1) * series.window,
      estimate: finiteOrNull(e.estimate),
      lower: finiteOrNull(e.interval[0]),
      upper: finiteOrNull(e.interval[1]),
    });
  }
  return points;
}

/** The per-agent columns of ReplicationSeries (row-major [w * agents + a]). */
export type AgentColumn = 'queue' | 'busy' | 'replicas' | 'wait' | 'poolQueue' | 'poolRunning' | 'poolKv' | 'poolBusy' | 'poolPreemptions';

/** Per-agent quantities read from the row-major [w * agents + a] layout. */
export function agentValue(series: RecordedSeries, a: number, column: AgentColumn): (r: ReplicationSeries, w: number) => number {
  const n = series.agents.length;
  return (r, w) => r[column][w * n + a]!;
}

/**
 * Busy servers over the servers of the billed replicas (`replicas` time-averaged over the same
 * window, so at most 1); NaN without servers or billed replicas. Without a replica count (a file
 * written before apmsim recorded it) the agent's servers alone, as those files had it.
 */
export function utilization(busy: number, servers: number | null, replicas: number): number {
  if (servers === null || servers === 0) return NaN;
  if (Number.isNaN(replicas)) return busy / servers;
  return replicas > 0 ? busy / (servers * replicas) : NaN;
}

/** A GPU pool's replicas iterating over its billed replicas (at most 1); NaN without billed replicas. */
export function poolUtilization(busy: number, replicas: number): number {
  return replicas > 0 ? Math.min(1, busy / replicas) : NaN;
}
