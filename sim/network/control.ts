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
}

/** What a controller may change; each takes effect at the current simulated time. */
export interface Actuators {
  /** Class c's arrival rate times `factor` from its next interarrival; false for traces and sessions. */
  scaleArrivals(c: number, factor: number): boolean;
  /** Class c's token bucket refills at `rate`; false when the class has no bucket. */
  setRateLimit(c: number, rate: number): boolean;
}
