// What a station group and a replicated GPU pool share in front of their replica set: the requests
// they hold (scale-to-zero waits for none), the autoscaler's signals, the balancer with the view it
// picks from, and a draining replica that leaves once it is idle. Their lines and servers differ
// (servers with a service time each, against iterations of a batch in KV memory), so those stay theirs.

import { Balancer, type ReplicaView } from '../capacity/balancer.js';
import { DRAINING } from '../capacity/replica-state.js';
import type { ReplicaOwner, ReplicaSet } from '../capacity/replicas.js';
import type { Signals } from '../capacity/autoscaler.js';
import type { BalancePolicy } from '../spec.js';

/** An owner's lines, for the moves every replicated owner makes alike when its replicas change. */
export interface ReplicaLines {
  /** Requests waiting in replica k's own line, or (k = -1) waiting for some replica to take work. */
  waitingIn(k: number): number;
  /** Removes the head of that line. */
  takeFrom(k: number): number;
  /** Sends r through the balancer again (to the front of a line when `front`); never rejects. */
  send(r: number, front: boolean): void;
  /** One shared line: replica k, ready now, takes work from it. */
  resume(k: number): void;
}

export class ReplicaDemand {
  readonly set: ReplicaSet;
  /** Cumulative queue, busy and capacity areas and finished latencies, read by the autoscaler. */
  readonly signals: Signals = { queue: 0, busy: 0, capacity: 0, latencySum: 0, latencyCount: 0 };
  /** Per replica: its state (the set's), load and free room, as the balancer sees them. */
  readonly view: ReplicaView;
  /** Undefined with one shared line; else picks each request's replica. */
  readonly balancer: Balancer | undefined;
  /** Requests held anywhere (waiting or served). */
  private count = 0;
  private owner: ReplicaOwner | undefined;

  constructor(set: ReplicaSet, balance: BalancePolicy) {
    this.set = set;
    const S = set.slots;
    this.view = { state: set.state, load: new Float64Array(S), free: new Float64Array(S) };
    this.balancer = balance.kind === 'shared' ? undefined : new Balancer(balance, this.view);
  }

  /** Starts the replica set with `owner` told of its replicas' changes. */
  start(owner: ReplicaOwner): void {
    this.owner = owner;
    this.set.start(owner);
  }

  get held(): number {
    return this.count;
  }

  /** A request arrived: an empty owner is empty no longer. */
  hold(now: number): void {
    if (++this.count === 1 && this.set.watchesIdle) this.set.filled(now);
  }

  /** `n` requests finished on replica k (add their latencies with `latency`). */
  served(k: number, n: number): void {
    this.count -= n;
    this.set.stats.served[k]! += n;
    this.signals.latencyCount += n;
  }

  /** Adds one finished request's time at the owner to the latency signal. */
  latency(seconds: number): void {
    this.signals.latencySum += seconds;
  }

  /**
   * Replica k takes new work (provisioned, repaired, no longer draining): from the shared line, or,
   * with per-replica lines, the requests that found no replica taking work go through the balancer
   * again, in line order.
   */
  ready(k: number, lines: ReplicaLines): void {
    if (this.balancer === undefined) { lines.resume(k); return; }
    for (let n = lines.waitingIn(-1); n > 0; n--) lines.send(lines.takeFrom(-1), false);
  }

  /** Replica k takes no new work: the requests in its own line go elsewhere. */
  closing(k: number, lines: ReplicaLines): void {
    if (this.balancer === undefined) return;
    while (lines.waitingIn(k) > 0) lines.send(lines.takeFrom(k), false);
  }

  /**
   * Replica k is gone: the `n` requests it was serving (`evicted`, in the order they started) were
   * ahead of everything waiting, so they go back to the front in that order; then its line moves.
   */
  lost(k: number, evicted: Int32Array, n: number, lines: ReplicaLines): void {
    for (let i = n - 1; i >= 0; i--) lines.send(evicted[i]!, true);
    this.closing(k, lines);
  }

  /** Replica k leaves if it is draining and now holds no work. */
  releaseIfDrained(k: number, now: number): void {
    if (this.set.state[k] === DRAINING && this.owner!.replicaIdle(k)) this.set.replicaEmptied(k, now);
  }

  /** An owner that holds nothing starts scale-to-zero's idle clock. */
  idleIfEmpty(now: number): void {
    if (this.count === 0 && this.set.watchesIdle) this.set.emptied(now);
  }
}
