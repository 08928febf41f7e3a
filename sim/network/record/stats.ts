// What one replication measures, accumulated since the last reset (the end of warm-up): counts,
// sums and time-weighted areas per agent in typed arrays, latency distributions per class and
// per LLM agent, and the GPU pools' own statistics.

import type { QuantileEstimator } from '../../stats/quantile-sketch.js';
import type { GpuPoolStats } from './gpu-stats.js';
import type { RequestRows, Timeseries } from './recorders.js';
import type { AttributionStats } from './attribution.js';
import type { VisitRows } from './visit-log.js';
import type { CapacityStats, ScaleDecision } from '../capacity/replica-state.js';
import type { NetworkSpec } from '../spec.js';
import type { FlowStats } from './flow-stats.js';

export interface AgentStats {
  readonly arrivals: Float64Array;
  readonly rejected: Float64Array;
  readonly departures: Float64Array;
  readonly waitSum: Float64Array;
  readonly waitSumSq: Float64Array;
  /** Visits that waited for a server (served after they arrived at the agent). */
  readonly waited: Float64Array;
  readonly serviceSum: Float64Array;
  /** Sum of squared service times: with serviceSum, how variable the service was (the control variates of mean waits). */
  readonly serviceSumSq: Float64Array;
  readonly sojournSum: Float64Array;
  /** Integral over time of the number waiting (not in service). */
  readonly queueArea: Float64Array;
  /** Integral over time of the number of busy servers. */
  readonly busyArea: Float64Array;
  /** Calls that failed, and departures along an edge marked as an escalation. */
  readonly failures: Float64Array;
  readonly escalations: Float64Array;
  /** Dollars charged by the agent (token prices of its model, its cost per call). */
  readonly cost: Float64Array;
  readonly tokensIn: Float64Array;
  readonly tokensOut: Float64Array;
  /** LLM calls: time to first token and time per output token after the first. */
  readonly ttftSum: Float64Array;
  readonly tpotSum: Float64Array;
  readonly tpotCount: Float64Array;
  /** Cache agents: lookups that hit. */
  readonly hits: Float64Array;
  /** Time spent at the agent (wait + service) per visit; TTFT and TPOT per LLM call. */
  readonly sojourn: QuantileEstimator[];
  readonly ttft: QuantileEstimator[];
  readonly tpot: QuantileEstimator[];
}

export interface ClassStats {
  arrivals: number;
  completed: number;
  rejected: number;
  failed: number;
  e2eSum: number;
  e2eSumSq: number;
  /** Dollars and tokens of every request that finished (any outcome), quality of completed ones. */
  cost: number;
  tokens: number;
  qualitySum: number;
  qualityCount: number;
  readonly e2e: QuantileEstimator;
}

export interface ReplicationStats {
  readonly agents: AgentStats;
  readonly classes: ClassStats[];
  /** Per GPU pool, in NetworkSpec.pools order. */
  readonly pools: readonly GpuPoolStats[];
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
  /** Where latency went along critical paths, per class (ReplicationOptions.attribution). */
  attribution: AttributionStats | undefined;
  /** Every agent visit, when asked for (ReplicationOptions.traceVisits). */
  visits: VisitRows | undefined;
  /** Retries, timeouts, wasted work, errors, rate limits, quorums, speculation, sessions, budgets. */
  readonly flow: FlowStats;
  /** Replicas of agents and GPU pools with a capacity spec or a priority discipline; set by snapshots. */
  capacity: CapacityReport | undefined;
  reset(): void;
}

export interface CapacityReport {
  /** Per agent (undefined for plain ones) and per pool (undefined without a capacity spec). */
  readonly agents: readonly (CapacityStats | undefined)[];
  readonly pools: readonly (CapacityStats | undefined)[];
  /** Every scaling decision of the replication (warm-up included), up to DECISION_LOG_LIMIT. */
  readonly decisions: readonly ScaleDecision[];
  readonly droppedDecisions: number;
}

export function emptyStats(spec: NetworkSpec, estimator: () => QuantileEstimator, pools: readonly GpuPoolStats[], flow: FlowStats): ReplicationStats {
  const n = spec.agents.length;
  const f64 = () => new Float64Array(n);
  const agents: AgentStats = {
    arrivals: f64(), rejected: f64(), departures: f64(), waitSum: f64(), waitSumSq: f64(), waited: f64(), serviceSum: f64(), serviceSumSq: f64(),
    sojournSum: f64(), queueArea: f64(), busyArea: f64(), failures: f64(), escalations: f64(), cost: f64(),
    tokensIn: f64(), tokensOut: f64(), ttftSum: f64(), tpotSum: f64(), tpotCount: f64(), hits: f64(),
    sojourn: spec.agents.map(() => estimator()),
    ttft: spec.agents.map(() => estimator()),
    tpot: spec.agents.map(() => estimator()),
  };
  const classes: ClassStats[] = spec.classes.map(() => ({
    arrivals: 0, completed: 0, rejected: 0, failed: 0, e2eSum: 0, e2eSumSq: 0,
    cost: 0, tokens: 0, qualitySum: 0, qualityCount: 0, e2e: estimator(),
  }));
  return {
    agents,
    classes,
    pools,
    observed: 0,
    finished: false,
    events: 0,
    inFlight: 0,
    series: undefined,
    timeseries: undefined,
    requests: undefined,
    attribution: undefined,
    visits: undefined,
    flow,
    capacity: undefined,
    reset() {
      for (const value of Object.values(agents) as (Float64Array | QuantileEstimator[])[]) {
        if (value instanceof Float64Array) value.fill(0);
        else for (const q of value) q.reset();
      }
      for (const c of classes) {
        c.arrivals = c.completed = c.rejected = c.failed = c.e2eSum = c.e2eSumSq = 0;
        c.cost = c.tokens = c.qualitySum = c.qualityCount = 0;
        c.e2e.reset();
      }
      flow.reset();
    },
  };
}
