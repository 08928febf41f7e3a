// Coordination's data model: timeline events and objectives, resolved to class ids. Discriminated
// unions, so an event cannot carry a field of another kind (docs/coordination.md).

/** An event of a scenario timeline, applied at simulated time `at` (seconds). */
export type TimelineEvent =
  /** Class `cls`'s arrival rate becomes `factor` times its written rate. */
  | { readonly kind: 'set_rate'; readonly at: number; readonly cls: number; readonly factor: number }
  /** Class `cls` is admitted through a token bucket refilling at `rate` per second. */
  | { readonly kind: 'set_rate_limit'; readonly at: number; readonly cls: number; readonly rate: number }
  /** Objective `objective`'s threshold becomes `threshold` (an SLO change). */
  | { readonly kind: 'set_objective'; readonly at: number; readonly objective: number; readonly threshold: number };

export type ObjectiveMetric = 'p95' | 'p99' | 'mean';

/** An agent's service-level objective on the end-to-end latency of one class, judged per window. */
export interface Objective {
  readonly name: string;
  /** The agent that owns it (it detects threats to it and negotiates for it). */
  readonly agent: string;
  readonly metric: ObjectiveMetric;
  readonly cls: number;
  /** Seconds: the metric must stay at or below it. */
  readonly threshold: number;
  /** Seconds per detection window. */
  readonly window: number;
  /** Higher wins when objectives conflict. */
  readonly priority: number;
}

/** What a replication's objectives did: windows judged and violated, and violation time. */
export interface ObjectiveOutcome {
  readonly name: string;
  readonly windows: number;
  readonly violated: number;
  /** Seconds of windows in violation. */
  readonly violationSeconds: number;
}
