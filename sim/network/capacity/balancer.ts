// Which replica a request goes to: round-robin, least-loaded, smooth weighted round-robin, most
// free KV memory, or session affinity; only replicas that take new work (READY) are candidates.

import type { BalancePolicy } from '../spec.js';
import { READY } from './replica-state.js';

/** What the balancer reads about each replica slot, kept current by the replica's owner. */
export interface ReplicaView {
  /** Replica state per slot (replica-state.ts); only READY replicas get new work. */
  readonly state: Int8Array;
  /** Requests held per slot (in service and waiting in its line). */
  readonly load: Float64Array;
  /** Free KV-cache tokens per slot, less what its line already claims (GPU pools; zeros elsewhere). */
  readonly free: Float64Array;
}

const ROUND_ROBIN = 0;
const LEAST_LOADED = 1;
const WEIGHTED = 2;
const CAPACITY = 3;
const AFFINITY = 4;

export class Balancer {
  private readonly kind: number;
  private readonly view: ReplicaView;
  private readonly slots: number;
  /** Next slot to try (round-robin), or where tie-breaking scans start (the others). */
  private cursor = 0;
  private readonly weights: Float64Array;
  /** Smooth weighted round-robin: each candidate's running credit. */
  private readonly credit: Float64Array;
  /** Session id -> slot + 1 (0: not bound yet). */
  private bound = new Int32Array(0);

  constructor(policy: Exclude<BalancePolicy, { kind: 'shared' }>, view: ReplicaView) {
    this.view = view;
    this.slots = view.state.length;
    this.kind = { 'round-robin': ROUND_ROBIN, 'least-loaded': LEAST_LOADED, weighted: WEIGHTED, capacity: CAPACITY, affinity: AFFINITY }[policy.kind];
    // Slots beyond the weights given (replicas added by scaling) weigh 1.
    this.weights = Float64Array.from({ length: this.slots }, (_, k) => (policy.kind === 'weighted' ? policy.weights[k] ?? 1 : 1));
    this.credit = new Float64Array(this.slots);
  }

  /** The slot for a new request (of `session`, -1 for none), or -1 when no replica takes work. */
  pick(session: number): number {
    switch (this.kind) {
      case ROUND_ROBIN: return this.roundRobin();
      case LEAST_LOADED: return this.leastLoaded();
      case WEIGHTED: return this.weighted();
      case CAPACITY: return this.mostFree();
      default: return this.affinity(session);
    }
  }

  private roundRobin(): number {
    const state = this.view.state, n = this.slots;
    for (let i = 0; i < n; i++) {
      const k = (this.cursor + i) % n;
      if (state[k] === READY) { this.cursor = (k + 1) % n; return k; }
    }
    return -1;
  }

  /** Least held requests; ties go to the first from a cursor that moves on, so idle replicas share. */
  private leastLoaded(): number {
    const state = this.view.state, load = this.view.load, n = this.slots;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const k = (this.cursor + i) % n;
      if (state[k] === READY && (best < 0 || load[k]! < load[best]!)) best = k;
    }
    if (best >= 0) this.cursor = (best + 1) % n;
    return best;
  }

  /**
   * Smooth weighted round-robin (as nginx): every candidate gains its weight, the richest is
   * chosen and pays the candidates' total. Deterministic; over any run of picks among the same
   * candidates each gets its share to within one request.
   */
  private weighted(): number {
    const state = this.view.state, n = this.slots, credit = this.credit, w = this.weights;
    let best = -1, total = 0;
    for (let k = 0; k < n; k++) {
      if (state[k] !== READY) continue;
      credit[k]! += w[k]!;
      total += w[k]!;
      if (best < 0 || credit[k]! > credit[best]!) best = k;
    }
    if (best >= 0) credit[best]! -= total;
    return best;
  }

  /** Most free KV memory; ties to the least loaded, then the first from the cursor. */
  private mostFree(): number {
    const state = this.view.state, free = this.view.free, load = this.view.load, n = this.slots;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const k = (this.cursor + i) % n;
      if (state[k] !== READY) continue;
      if (best < 0 || free[k]! > free[best]! || (free[k] === free[best] && load[k]! < load[best]!)) best = k;
    }
    if (best >= 0) this.cursor = (best + 1) % n;
    return best;
  }

  /** A session's requests stay on the replica its first one went to while that replica takes work. */
  private affinity(session: number): number {
    if (session < 0) return this.leastLoaded();
    if (session >= this.bound.length) {
      const big = new Int32Array(Math.max(256, 2 * (session + 1)));
      big.set(this.bound);
      this.bound = big;
    }
    const k = this.bound[session]! - 1;
    if (k >= 0 && this.view.state[k] === READY) return k;
    const chosen = this.leastLoaded();
    this.bound[session] = chosen + 1;
    return chosen;
  }
}
