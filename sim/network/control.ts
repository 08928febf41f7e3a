// The narrow hook between the engine and controllers above it (coordination, timelines): a
// read-only view of what has finished, and actuators that use the engine's own mechanisms.
// Controllers run between segments of a replication (Replication.advanceTo), never in its loop.

/** What a controller may read, at the current simulated time. */
export interface ControlView {
  readonly now: number;
  /**
   * Visits requests finished (after warm-up) from `cursor` on: class, end-to-end latency and
   * outcome code; returns the new cursor. Empty unless the replication records requests.
   */
  finishedSince(cursor: number, visit: (cls: number, latency: number, outcome: number) => void): number;
  /** Requests in the system now. */
  readonly inFlight: number;
  /**
   * The on-demand replica target (starting, ready or failed on-demand replicas) of GPU pool `index`
   * or station agent `index`; -1 when it has no replica set (no capacity spec).
   */
  replicaTarget(target: 'pool' | 'agent', index: number): number;
  /**
   * The most on-demand replicas that target can hold (its replica slots, fixed by its capacity
   * spec: its starting replicas, or its autoscaler's max or largest scheduled target if more);
   * -1 when it has no replica set.
   */
  replicaLimit(target: 'pool' | 'agent', index: number): number;
}

/** What a controller may change; each takes effect at the current simulated time. */
export interface Actuators {
  /** Class c's arrival rate times `factor` from its next interarrival; false for traces and sessions. */
  scaleArrivals(c: number, factor: number): boolean;
  /** Class c's token bucket refills at `rate`; false when the class has no bucket. */
  setRateLimit(c: number, rate: number): boolean;
  /** Model m's prices per input and output token (dollars) for calls finishing from now on; false when no pool serves it. */
  setPrice(m: number, perInputToken: number, perOutputToken: number): boolean;
  /**
   * GPU pool `index`'s (or station agent `index`'s) on-demand replica target becomes `count` (a
   * whole number >= 0), as an autoscaler's decision logged with cause 'control': added replicas
   * reactivate draining ones, then serve after the autoscaler's provisioning delay (a cold start
   * with scale-to-zero and no autoscaler; at once with neither); removed ones drop failed, then
   * provisioning, then drain the least loaded. An autoscaler keeps evaluating and may move the
   * target again; scale-to-zero still releases idle replicas. False, changing nothing, when the
   * target has no replica set or `count` exceeds its `replicaLimit`; throws (SimulationError) on a
   * count that is not a whole number >= 0 or an index out of range (a bug in the caller).
   */
  setReplicas(target: 'pool' | 'agent', index: number, count: number): boolean;
  /**
   * Class c is served as if its priority were `priority` (lower first) at every station with a
   * priority discipline ('priority' or 'preemptive'): its requests that join a line from now on
   * (arriving, or put back after a preemption or an eviction) take that priority's level, and
   * preemption compares its in-service requests at it; requests already waiting keep the level they
   * joined with. Levels are fixed at construction, so `priority` must be a class's written priority
   * or one of the network's `priorityValues`. False, changing nothing, when it is neither or no
   * station serves by priority; throws (SimulationError) on a class out of range.
   */
  setPriority(c: number, priority: number): boolean;
  /**
   * Cache agent a (policy `probability`) hits with probability `hit` from its next lookup on (a
   * looser or stricter similarity threshold of a semantic cache). False, changing nothing, for an
   * agent that is not a probability cache (a keyed cache's hits come from its keys); throws
   * (SimulationError) on an agent out of range or a hit outside [0, 1].
   */
  setCacheHit(a: number, hit: number): boolean;
}
