// What a run's report and data files are made from: the results document plus, when recorded, the
// time series and the latency distribution of each replication. Built from a run in memory or
// read back from its files, so both paths give the same report.

import type { NegotiationLog } from '../models/coordination/log.js';
import type { Results } from '../models/run/results.js';
import type { LatencyDigest } from '../models/run/latency-digest.js';

export { ALL_CLASSES, type LatencyDigest, type LatencyQuantiles } from '../models/run/latency-digest.js';

/** One agent as the time series sees it. */
export interface SeriesAgent {
  readonly name: string;
  /** Servers of the agent (per replica for a station with replicas); null for agents that have none of their own. */
  readonly servers: number | null;
  /** The GPU pool that serves an LLM agent; null for other agents. */
  readonly pool: string | null;
}

/** One replication's time series (the engine's recorder layout, see sim/network/record/recorders.ts). */
export interface ReplicationSeries {
  readonly arrivals: Float64Array;
  readonly completions: Float64Array;
  /** NaN in windows where no request completed. */
  readonly e2eP95: Float64Array;
  /** Row-major [w * agents + a]. */
  readonly queue: Float64Array;
  readonly busy: Float64Array;
  /**
   * Time-average billed replicas, [w * agents + a]: a station's own (1 for a plain station), an
   * LLM agent's GPU pool's; NaN for routers and caches, and everywhere in files written before
   * apmsim recorded them.
   */
  readonly replicas: Float64Array;
  /** Mean wait before service of the visits to the agent that ended in the window, [w * agents + a]; NaN when none. */
  readonly wait: Float64Array;
  /**
   * The GPU pool of an LLM agent, [w * agents + a] (NaN for other agents): calls waiting in its
   * lines, sequences running, fraction of its replicas' KV cache in use, replicas running an
   * iteration (time averages, sampled), and preemptions in the window.
   */
  readonly poolQueue: Float64Array;
  readonly poolRunning: Float64Array;
  readonly poolKv: Float64Array;
  readonly poolBusy: Float64Array;
  readonly poolPreemptions: Float64Array;
  /** p95 end-to-end latency per class, [w * classes + c]; NaN in windows where none of the class completed. */
  readonly classP95: Float64Array;
}

export interface RecordedSeries {
  /** Window length in seconds; window w covers [w·window, (w+1)·window). */
  readonly window: number;
  readonly windows: number;
  readonly agents: readonly SeriesAgent[];
  /** Request classes, in scenario order (classP95's columns). */
  readonly classes: readonly string[];
  /** In replication order. */
  readonly replications: readonly ReplicationSeries[];
}

/** A scenario's SLO bound as the report judges it (the scenario's `slos`, kept in metrics.arrow). */
export interface SloBound {
  readonly metric: string;
  readonly bound: 'max' | 'min';
  /** In the metric's unit. */
  readonly limit: number;
  /** The limit as written in the scenario. */
  readonly text: string;
}

/** A coordination objective as the report shows it (the scenario's `objectives`, kept in metrics.arrow). */
export interface ObjectiveInfo {
  readonly name: string;
  /** The participant that owns it. */
  readonly agent: string;
  /** p95, p99, mean, throughput or rejected. */
  readonly metric: string;
  readonly cls: string;
  /** 'max': the metric must stay at or below the threshold; 'min': at or above. */
  readonly bound: 'max' | 'min';
  /** In the metric's unit (`unit`), as the scenario sets it at the start. */
  readonly threshold: number;
  readonly unit: string;
  /** Seconds per judged window. */
  readonly window: number;
  readonly priority: number;
  /** Threshold changes of the timeline (set_objective), in time order. */
  readonly changes: readonly { readonly at: number; readonly threshold: number }[];
}

export interface RunData {
  readonly results: Results;
  /** The scenario's SLOs; undefined when unknown (results.json alone does not record them). */
  readonly slos?: readonly SloBound[] | undefined;
  readonly series: RecordedSeries | undefined;
  readonly latency: LatencyDigest | undefined;
  /** Why a recording is missing, shown where its sections would be. */
  readonly notes: readonly string[];
  /** Data files written beside the report (names only). */
  readonly files: readonly string[];
  /** The scenario's coordination objectives; undefined when unknown or the scenario has no coordination. */
  readonly objectives?: readonly ObjectiveInfo[] | undefined;
  /**
   * Replication 0's negotiation log as negotiation.json holds it (numbers rounded to 6 decimals;
   * those that were not finite are null); undefined when the run has none.
   */
  readonly negotiation?: NegotiationLog | undefined;
}
