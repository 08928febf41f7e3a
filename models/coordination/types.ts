// Coordination's data model, resolved to class, pool and agent ids: timelines, objectives, the
// participants and their relations, the action catalogue. Discriminated unions, so an event or an
// action cannot carry a field of another kind (docs/coordination.md).

/** What a capacity event or action acts on: a GPU pool or a station agent with replicas. */
export type CapacityTarget =
  | { readonly kind: 'pool'; readonly index: number; readonly name: string }
  | { readonly kind: 'agent'; readonly index: number; readonly name: string };

/** An event of a scenario timeline, applied at simulated time `at` (seconds). */
export type TimelineEvent =
  /** Class `cls`'s arrival rate becomes `factor` times its written rate. */
  | { readonly kind: 'set_rate'; readonly at: number; readonly cls: number; readonly factor: number }
  /** Class `cls` is admitted through a token bucket refilling at `rate` per second. */
  | { readonly kind: 'set_rate_limit'; readonly at: number; readonly cls: number; readonly rate: number }
  /** Objective `objective`'s threshold becomes `threshold` (an SLO change). */
  | { readonly kind: 'set_objective'; readonly at: number; readonly objective: number; readonly threshold: number }
  /**
   * Class `cls` is served at `priority` at every station with a priority discipline (as a priority
   * action; one committed on the class wins until it expires, and this priority comes back then).
   */
  | { readonly kind: 'set_priority'; readonly at: number; readonly cls: number; readonly priority: number }
  /** The target's on-demand replicas become `count` (a failure of capacity, or capacity added). */
  | { readonly kind: 'set_replicas'; readonly at: number; readonly target: CapacityTarget; readonly count: number }
  /** Class `cls` has no arrivals before `at` (a workload, or the agent it enters, joining). */
  | { readonly kind: 'join'; readonly at: number; readonly cls: number }
  /** Model `model` costs these dollars per input and output token from `at` on. */
  | { readonly kind: 'set_price'; readonly at: number; readonly model: number; readonly perInputToken: number; readonly perOutputToken: number }
  /**
   * Cache agent `agent` (policy probability) hits with probability `hit` from `at` on (as a
   * cache_hit action; one committed on the cache wins until it expires, and this hit comes back then).
   */
  | { readonly kind: 'set_cache_hit'; readonly at: number; readonly agent: number; readonly hit: number };

/**
 * What an objective measures over a window, on the requests of its class that ended in it:
 * latency statistics of the completed ones (seconds, at most the threshold), completions per
 * second (at least the threshold), or the fraction refused by admission (at most the threshold).
 */
export type ObjectiveMetric = 'p95' | 'p99' | 'mean' | 'throughput' | 'rejected';

/** Whether a metric must stay at or below its threshold ('max') or at or above it ('min'). */
export function boundOf(metric: ObjectiveMetric): 'max' | 'min' {
  return metric === 'throughput' ? 'min' : 'max';
}

/** An agent's service-level objective on one class, judged per window. */
export interface Objective {
  readonly name: string;
  /** The participant that owns it (it detects threats to it and negotiates for it). */
  readonly agent: string;
  readonly metric: ObjectiveMetric;
  readonly cls: number;
  /** Seconds for latencies, per second for throughput, a fraction for rejected. */
  readonly threshold: number;
  /** Seconds per detection window. */
  readonly window: number;
  /** Higher wins when objectives conflict. */
  readonly priority: number;
}

/** What an action changes, through the engine's own mechanisms. */
export type ActionEffect =
  /** Class `cls` admitted through a token bucket refilling at `rate` per second (excess rejected). */
  | { readonly kind: 'rate_limit'; readonly cls: number; readonly rate: number }
  /** Class `cls`'s arrival rate times `factor` (a source slowing down, deferring or yielding). */
  | { readonly kind: 'scale_rate'; readonly cls: number; readonly factor: number }
  /** `delta` more on-demand replicas of the target, never beyond `max` (the owner's budget). */
  | { readonly kind: 'replicas'; readonly target: CapacityTarget; readonly delta: number; readonly max: number }
  /**
   * Class `cls` is served at `priority` (lower first) at every station with a priority discipline,
   * from its next request that joins a line; requests already waiting keep theirs.
   */
  | { readonly kind: 'priority'; readonly cls: number; readonly priority: number }
  /**
   * Cache agent `agent` (policy probability) hits with probability `hit` from its next lookup (a
   * semantic cache's looser or stricter similarity threshold: more hits, at its answers' quality).
   */
  | { readonly kind: 'cache_hit'; readonly agent: number; readonly hit: number };

/** An entry of the action catalogue: an effect its owner can commit to for `duration` seconds. */
export interface Action {
  readonly name: string;
  /** The participant that carries it out (and judges requests for it). */
  readonly owner: string;
  readonly effect: ActionEffect;
  readonly duration: number;
  /**
   * Actions the owner may ask of others to be able to honour this one when it would put its own
   * objectives at risk alone (a recursive round), in order of preference.
   */
  readonly needs: readonly string[];
}

/** How a participant relates to another: decides the direction of a request between them. */
export type Direction = 'local' | 'upstream' | 'downstream' | 'peer';

/** An agent taking part in coordination and whom it may ask. */
export interface Participant {
  readonly name: string;
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  readonly peers: readonly string[];
}

/** The coordination settings of a scenario (times in seconds). */
export interface CoordinationSettings {
  /** Scenario default; `apmsim run --coordination off|on` overrides it. */
  readonly enabled: boolean;
  /** Control-loop period of every participant with objectives. */
  readonly period: number;
  /** Detection and planning time before a round's requests leave; also a recipient's time to decide. */
  readonly controlLatency: number;
  /** One-way delay of every request and answer. */
  readonly messageLatency: number;
  /** Prediction horizon of detection: a rising trend that crosses the threshold within it is a threat. */
  readonly horizon: number;
  /** Confidence of validation intervals: a plan is kept when the interval's far end meets the objective. */
  readonly confidence: number;
  /** Most nested rounds (a recipient asking its own upstream is depth 2). */
  readonly maxDepth: number;
  /** Validation runs the scenario as it stands at the time of the round, this long (seconds)... */
  readonly validationHorizon: number;
  /** ...after this warm-up (seconds), with at most this many replications per plan. */
  readonly validationWarmup: number;
  readonly validationReplications: number;
}

/** Everything coordination-related a scenario declares; absent when it declares none of it. */
export interface CoordinationSpec {
  readonly timeline: readonly TimelineEvent[];
  readonly objectives: readonly Objective[];
  readonly participants: readonly Participant[];
  readonly actions: readonly Action[];
  readonly settings: CoordinationSettings;
}

/** What a replication's objectives did: windows judged and violated, and violation time. */
export interface ObjectiveOutcome {
  readonly name: string;
  readonly windows: number;
  readonly violated: number;
  /** Seconds of windows in violation. */
  readonly violationSeconds: number;
}
