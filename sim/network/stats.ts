// What one replication measures, accumulated since the last reset (the end of warm-up): counts,
// sums and time-weighted areas per agent in typed arrays, latency distributions per class.

import type { QuantileEstimator } from '../stats/quantile-sketch.js';
import type { RequestRows, Timeseries } from './recorders.js';
import type { NetworkSpec } from './spec.js';

export interface AgentStats {
  readonly arrivals: Float64Array;
  readonly rejected: Float64Array;
  readonly departures: Float64Array;
  readonly waitSum: Float64Array;
  readonly waitSumSq: Float64Array;
  readonly serviceSum: Float64Array;
  readonly sojournSum: Float64Array;
  /** Integral over time of the number waiting (not in service). */
  readonly queueArea: Float64Array;
  /** Integral over time of the number of busy servers. */
  readonly busyArea: Float64Array;
  /** Time spent at the agent (wait + service) per visit. */
  readonly sojourn: QuantileEstimator[];
}

export interface ClassStats {
  arrivals: number;
  completed: number;
  rejected: number;
  e2eSum: number;
  e2eSumSq: number;
  readonly e2e: QuantileEstimator;
}

export interface ReplicationStats {
  readonly agents: AgentStats;
  readonly classes: ClassStats[];
  /** Seconds of simulated time the statistics cover (after warm-up). */
  observed: number;
  /** False when the run stopped before its horizon (interrupted or out of budget). */
  finished: boolean;
  events: number;
  /** Requests still in the system at the end. */
  inFlight: number;
  /** End-to-end latency summed per time window, when requested (warm-up detection). */
  series: { readonly window: number; readonly sum: Float64Array; readonly count: Float64Array } | undefined;
  /** Recorded only when asked for (ReplicationOptions.timeseriesWindow / traceRequests). */
  timeseries: Timeseries | undefined;
  requests: RequestRows | undefined;
  reset(): void;
}

export function emptyStats(spec: NetworkSpec, estimator: () => QuantileEstimator): ReplicationStats {
  const n = spec.agents.length;
  const agents: AgentStats = {
    arrivals: new Float64Array(n),
    rejected: new Float64Array(n),
    departures: new Float64Array(n),
    waitSum: new Float64Array(n),
    waitSumSq: new Float64Array(n),
    serviceSum: new Float64Array(n),
    sojournSum: new Float64Array(n),
    queueArea: new Float64Array(n),
    busyArea: new Float64Array(n),
    sojourn: spec.agents.map(() => estimator()),
  };
  const classes: ClassStats[] = spec.classes.map(() => ({
    arrivals: 0, completed: 0, rejected: 0, e2eSum: 0, e2eSumSq: 0, e2e: estimator(),
  }));
  return {
    agents,
    classes,
    observed: 0,
    finished: false,
    events: 0,
    inFlight: 0,
    series: undefined,
    timeseries: undefined,
    requests: undefined,
    reset() {
      for (const [key, value] of Object.entries(agents)) {
        if (value instanceof Float64Array) value.fill(0);
        else if (key === 'sojourn') for (const q of value as QuantileEstimator[]) q.reset();
      }
      for (const c of classes) {
        c.arrivals = c.completed = c.rejected = c.e2eSum = c.e2eSumSq = 0;
        c.e2e.reset();
      }
    },
  };
}
