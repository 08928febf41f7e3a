// What a run will cost before it starts: the memory its replications hold and the events they
// process, estimated from the spec, so that a run that would not fit is refused with the figures
// instead of growing until the machine gives out. Estimates, not bounds: they count what the
// engine allocates per replica slot, batch slot, cache key and session, the request rows a report
// records, and the requests an overloaded station piles up over the horizon.

import { meanArrivalRate } from '../../sim/network/arrival-process.js';
import type { ArrivalSpec } from '../../sim/network/arrival-spec.js';
import { replicaSlots } from '../../sim/network/capacity/replica-state.js';
import type { NetworkSpec } from '../../sim/network/spec.js';
import { createSampler } from '../../sim/random/distributions.js';
import { agentArrivalRates } from '../analytic/traffic.js';
import type { Scenario } from '../scenario/index.js';

/** Bytes the engine keeps per replica slot besides batch slots: lines, statistics, timers. */
const BYTES_PER_REPLICA = 512;
/** Bytes of one request in flight: the request pool's columns (times, ids, cost, tokens, ...). */
const BYTES_PER_REQUEST = 160;
/** Bytes per session of a closed population: its state and its pending turn. */
const BYTES_PER_SESSION = 96;

export interface Footprint {
  /**
   * Bytes held at once: every replication's recordings (and latencies, with exact percentiles), plus
   * the state of those running at once.
   */
  readonly bytes: number;
  /** Events over the whole run; NaN when the traffic is not known before the run (loops, closed loops without think time). */
  readonly events: number;
  /** Requests over the whole run (every replication); NaN when unknown. */
  readonly requests: number;
}

/**
 * The largest mean rate of requests a class can send, per second: its arrival rate, or for a closed
 * population of sessions, one turn per think time per member (responses take time too, so fewer).
 * NaN when that is unknown (a population that does not think).
 */
export function classRequestRate(a: ArrivalSpec): number {
  if (a.process === 'sessions' && a.sessions.kind === 'generated' && a.sessions.start.kind === 'population') {
    const think = createSampler(a.sessions.think).mean;
    const turns = Math.max(1, createSampler(a.sessions.turns).mean);
    // A session's T turns are separated by T - 1 thinks; a finished session is replaced at once.
    const gap = think * (turns - 1) / turns;
    return gap > 0 ? a.sessions.start.size / gap : NaN;
  }
  return meanArrivalRate(a);
}

/** Requests over the whole run, every replication; NaN when some class's rate is unknown. */
export function expectedRequests(s: Scenario): number {
  const rate = s.network.classes.reduce((sum, c) => sum + classRequestRate(c.arrivals), 0);
  return rate * s.horizon * s.replications;
}

/** Bytes per request row a recording keeps (times, class, outcome, wait and service per agent, attributes). */
export function bytesPerRequestRow(spec: NetworkSpec): number {
  return 8 * (2 + 2 * spec.agents.length + spec.attributes.length) + 5;
}

/**
 * The run's estimated footprint. `rows`: request rows are recorded (kept for every replication);
 * `concurrent`: replications running at once (worker threads).
 */
export function estimateFootprint(s: Scenario, rows: boolean, concurrent: number): Footprint {
  const spec = s.network;
  const requests = expectedRequests(s);
  const { rates, unknown, unbounded } = agentArrivalRates(spec);
  const known = unknown.length === 0 && unbounded.length === 0 && Number.isFinite(requests);
  const perReplication = staticBytes(spec) + (known ? backlogBytes(s, rates) : 0);
  const recorded = rows && Number.isFinite(requests) ? requests * bytesPerRequestRow(spec) : 0;
  const visits = rates.reduce((a, b) => a + b, 0) * s.horizon * s.replications;
  // Exact percentiles keep every latency of every replication until the summary takes the
  // percentiles of all of them together: a request's twice (all classes, its class), a visit's once.
  const exact = s.percentiles === 'exact' && known ? 8 * (2 * requests + visits) : 0;
  return {
    bytes: perReplication * Math.max(1, Math.min(concurrent, s.replications)) + recorded + exact,
    // An arrival, then a start and an end per visit.
    events: known ? requests + 2 * visits : NaN,
    requests,
  };
}

/** What a replication allocates when it starts: replica slots, batch slots, cache keys, sessions. */
function staticBytes(spec: NetworkSpec): number {
  let bytes = 0;
  // Per replica: batch slots, and the prefix cache's LRU of blocks (24 bytes each).
  for (const p of spec.pools) bytes += replicaSlots(p.capacitySpec, p.replicas) * (BYTES_PER_REPLICA + 8 * p.maxBatch + 24 * p.prefixCacheBlocks);
  for (const a of spec.agents) {
    if (a.kind === 'station') bytes += replicaSlots(a.capacitySpec, 1) * BYTES_PER_REPLICA;
    if (a.kind === 'cache' && a.policy.kind === 'keyed') {
      if (Number.isFinite(a.policy.capacity)) bytes += 24 * a.policy.capacity;
      if (a.policy.keys.kind === 'zipf') bytes += 8 * a.policy.keys.count;
    }
  }
  for (const c of spec.classes) {
    const a = c.arrivals;
    if (a.process === 'sessions' && a.sessions.kind === 'generated' && a.sessions.start.kind === 'population') bytes += BYTES_PER_SESSION * a.sessions.start.size;
  }
  return bytes;
}

/**
 * Requests an overloaded station piles up by the horizon (arrivals beyond what all its servers can
 * ever serve), each held in memory until the run ends. A station with a capacity rejects instead.
 */
function backlogBytes(s: Scenario, rates: readonly number[]): number {
  let backlog = 0;
  s.network.agents.forEach((a, i) => {
    if (a.kind !== 'station' || Number.isFinite(a.capacity)) return;
    const most = a.servers * replicaSlots(a.capacitySpec, 1) / createSampler(a.service).mean;
    backlog += Math.max(0, rates[i]! - most) * s.horizon;
  });
  return backlog * (BYTES_PER_REQUEST + 8 * s.network.attributes.length);
}

/** Request rows are recorded for a latency distribution only while they fit in this many bytes. */
export const REQUEST_ROWS_BUDGET = 200e6;
