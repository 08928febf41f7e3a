// A station with replicas behind a balancer, and/or a priority discipline: each replica has
// `servers` servers; requests wait in one shared line or in their replica's line, by priority level
// (FCFS within one), optionally preempting lower priorities (preemptive-resume). Replicas come and
// go (replicas.ts): work on a lost replica moves elsewhere from its last checkpoint.

import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { LevelQueue } from './priority-queue.js';
import { FAILED, OFF, READY } from '../capacity/replica-state.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { ReplicaSet, type ReplicaOwner } from '../capacity/replicas.js';
import type { Signals } from '../capacity/autoscaler.js';
import type { StationAgent } from '../spec.js';
import type { AgentStats } from '../record/stats.js';
import type { TimeseriesRecorder } from '../record/recorders.js';
import type { GroupHost, ServiceBook } from './service-book.js';
import { ReplicaDemand, type ReplicaLines } from './replica-demand.js';
import type { CompileRate } from '../arrival-process.js';

export class StationGroup implements ReplicaOwner, ReplicaLines {
  readonly set: ReplicaSet;
  readonly signals: Signals;
  /** Held requests, signals, balancer, draining: what this shares with replicated GPU pools. */
  private readonly demand: ReplicaDemand;
  private readonly a: number;
  private readonly servers: number;
  private readonly capacity: number;
  private readonly shared: boolean;
  private readonly preemptive: boolean;
  private readonly levelOf: Int32Array;
  private readonly sampler: Sampler;
  private readonly stream: Stream;
  private readonly book: ServiceBook;
  private readonly host: GroupHost;
  private readonly clock: CapacityClock;
  private readonly stats: AgentStats;
  private readonly timeseries: TimeseriesRecorder | undefined;
  private readonly busy: Int32Array;
  private readonly inService: Int32Array;
  private readonly lines: LevelQueue[];
  /** The shared line, or (per-replica lines) requests waiting for some replica to take work. */
  private readonly pending: LevelQueue;
  private readonly evicted: Int32Array;
  private waitingCount = 0;
  private busyTotal = 0;
  private last = 0;

  constructor(
    a: number, agent: StationAgent, levels: Int32Array, levelCount: number, book: ServiceBook, host: GroupHost, clock: CapacityClock,
    stream: (source: string) => Stream, compile: CompileRate, stats: AgentStats, timeseries: TimeseriesRecorder | undefined,
  ) {
    this.a = a;
    const cap = agent.capacitySpec ?? {
      replicas: 1, balance: { kind: 'shared' }, autoscale: undefined, failures: undefined, spot: undefined, scaleToZero: undefined, pricePerHour: 0,
    };
    this.servers = agent.servers;
    this.capacity = agent.capacity;
    this.shared = cap.balance.kind === 'shared';
    const discipline = agent.discipline ?? 'fcfs';
    this.preemptive = discipline === 'preemptive';
    // A priority discipline reads the class -> level array the engine shares (Actuators.setPriority
    // rewrites it): a request takes its class's level when it joins a line.
    this.levelOf = discipline === 'fcfs' ? new Int32Array(levels.length) : levels;
    const nLevels = discipline === 'fcfs' ? 1 : levelCount;
    this.sampler = createSampler(agent.service);
    this.stream = stream(`service:${agent.name}`);
    this.book = book;
    this.host = host;
    this.clock = clock;
    this.stats = stats;
    this.timeseries = timeseries;
    this.set = new ReplicaSet(`agent.${agent.name}`, cap, clock, stream, compile, timeseries && ((now, n) => timeseries.setReplicas(a, now, n)));
    const S = this.set.slots;
    this.busy = new Int32Array(S);
    this.inService = new Int32Array(S * this.servers);
    this.lines = this.shared ? [] : Array.from({ length: S }, () => new LevelQueue(nLevels));
    this.pending = new LevelQueue(nLevels);
    this.evicted = new Int32Array(this.servers);
    this.demand = new ReplicaDemand(this.set, cap.balance);
    this.signals = this.demand.signals;
    this.demand.start(this);
  }

  get waiting(): number {
    return this.waitingCount;
  }

  get busyServers(): number {
    return this.busyTotal;
  }

  /** Request r arrives: false when the agent (shared line) or its replica is full. */
  arrive(r: number, now: number): boolean {
    const set = this.set;
    let k = -1;
    if (this.shared) {
      if (this.demand.held >= this.capacity * Math.max(1, set.ready + set.starting)) return false;
    } else {
      k = this.demand.balancer!.pick(this.host.sessionOf(r));
      if (k >= 0 ? this.demand.view.load[k]! >= this.capacity : this.pending.length >= this.capacity * Math.max(1, set.starting)) return false;
    }
    this.accrue(now);
    this.book.ensure(r);
    this.book.total[r] = -1;
    this.book.done[r] = 0;
    this.demand.hold(now);
    const level = this.levelOf[this.host.classOf(r)]!;
    if (this.shared) {
      const free = this.freeReplica();
      if (free >= 0) { this.demand.view.load[free]!++; this.start(r, free, now); }
      else if (!(this.preemptive && this.preemptShared(r, level, now))) { this.pending.push(r, level); this.waitingCount++; }
    } else if (k >= 0) {
      this.assign(r, k, level, false, now, true);
    } else {
      this.pending.push(r, level);
      this.waitingCount++;
    }
    return true;
  }

  /** r's service ends: the replica takes its next request, or idles (and a draining one may leave). */
  depart(r: number, now: number): void {
    this.accrue(now);
    const k = this.book.replica[r]!;
    this.unslot(r, k);
    this.demand.view.load[k]!--;
    this.demand.served(k, 1);
    this.demand.latency(now - this.host.enteredAt(r));
    this.refill(k, now);
    this.demand.idleIfEmpty(now);
  }

  accrue(now: number): void {
    this.timeseries?.accrue(this.a, now, this.waitingCount, this.busyTotal);
    const dt = now - this.last;
    if (dt > 0) {
      this.stats.queueArea[this.a]! += this.waitingCount * dt;
      this.stats.busyArea[this.a]! += this.busyTotal * dt;
      this.signals.queue += this.waitingCount * dt;
      this.signals.busy += this.busyTotal * dt;
      this.last = now;
    }
    this.set.accrue(now);
    this.signals.capacity = this.servers * this.set.servingArea;
  }

  // ReplicaOwner
  replicaReady(k: number): void {
    this.demand.ready(k, this);
  }

  replicaClosing(k: number): void {
    this.demand.closing(k, this);
  }

  replicaLost(k: number): void {
    const now = this.clock.kernel.now;
    const book = this.book, base = k * this.servers, n = this.busy[k]!;
    const ck = this.set.checkpoint;
    for (let i = 0; i < n; i++) {
      const r = this.inService[base + i]!;
      this.host.cancelService(book.handle[r]!);
      const served = book.done[r]! + (now - book.since[r]!);
      const kept = ck === Infinity ? 0 : ck <= 0 ? served : Math.floor(served / ck) * ck;
      this.set.evicted(served - kept);
      book.done[r] = kept;
      this.evicted[i] = r;
    }
    this.busy[k] = 0;
    this.busyTotal -= n;
    this.demand.view.load[k]! -= n;
    this.demand.lost(k, this.evicted, n, this);
  }

  replicaIdle(k: number): boolean {
    return this.busy[k] === 0 && (this.shared || this.lines[k]!.length === 0);
  }

  replicaLoad(k: number): number {
    return this.demand.view.load[k]!;
  }

  /** First READY replica with a free server, or -1. */
  private freeReplica(): number {
    const state = this.set.state;
    for (let k = 0; k < this.busy.length; k++) if (state[k] === READY && this.busy[k]! < this.servers) return k;
    return -1;
  }

  /** r joins replica k (counted in its load): served at once, by preemption, or waits in k's line. */
  private assign(r: number, k: number, level: number, front: boolean, now: number, mayPreempt: boolean): void {
    this.demand.view.load[k]!++;
    if (this.busy[k]! < this.servers || (mayPreempt && this.preemptive && this.preemptOn(k, level, now))) {
      this.start(r, k, now);
    } else {
      if (front) this.lines[k]!.pushFront(r, level); else this.lines[k]!.push(r, level);
      this.waitingCount++;
    }
  }

  // ReplicaLines (replica-demand.ts)
  waitingIn(k: number): number {
    return k < 0 ? this.pending.length : this.lines[k]!.length;
  }

  takeFrom(k: number): number {
    this.waitingCount--;
    if (k < 0) return this.pending.shift();
    this.demand.view.load[k]!--;
    return this.lines[k]!.shift();
  }

  resume(k: number): void {
    this.refill(k, this.clock.kernel.now);
  }

  /** Sends r (evicted or waiting for a replica that closed) through the balancer again; no rejection. */
  send(r: number, front: boolean): void {
    const now = this.clock.kernel.now;
    const level = this.levelOf[this.host.classOf(r)]!;
    if (this.shared) {
      if (front) this.pending.pushFront(r, level); else this.pending.push(r, level);
      this.waitingCount++;
      for (let k = 0; k < this.busy.length && this.pending.length > 0; k++) if (this.set.state[k] === READY) this.refill(k, now);
      return;
    }
    const k = this.demand.balancer!.pick(this.host.sessionOf(r));
    if (k >= 0) {
      this.assign(r, k, level, front, now, false);
    } else {
      if (front) this.pending.pushFront(r, level); else this.pending.push(r, level);
      this.waitingCount++;
    }
  }

  /** Fills replica k's free servers from its line (or the shared line, if k is READY). */
  private refill(k: number, now: number): void {
    const state = this.set.state[k]!;
    if (this.shared) {
      while (state === READY && this.busy[k]! < this.servers && this.pending.length > 0) {
        this.waitingCount--;
        this.demand.view.load[k]!++;
        this.start(this.pending.shift(), k, now);
      }
    } else if (state !== OFF && state !== FAILED) {
      const line = this.lines[k]!;
      while (this.busy[k]! < this.servers && line.length > 0) {
        this.waitingCount--;
        this.start(line.shift(), k, now);
      }
    }
    this.demand.releaseIfDrained(k, now);
  }

  private start(r: number, k: number, now: number): void {
    const book = this.book;
    if (book.total[r]! < 0) book.total[r] = this.sampler.sample(this.stream);
    const i = k * this.servers + this.busy[k]!;
    this.inService[i] = r;
    book.slot[r] = i;
    book.replica[r] = k;
    book.since[r] = now;
    this.busy[k]!++;
    this.busyTotal++;
    book.handle[r] = this.host.serve(r, this.a, book.done[r]!, book.total[r]! - book.done[r]!);
  }

  /** Takes r out of replica k's in-service slots. */
  private unslot(r: number, k: number): void {
    const i = this.book.slot[r]!;
    const last = k * this.servers + --this.busy[k]!;
    const moved = this.inService[last]!;
    this.inService[i] = moved;
    this.book.slot[moved] = i;
    this.busyTotal--;
  }

  /**
   * Preempts, on replica k, the in-service request of the lowest priority (highest level) below
   * `level`'s priority, the most recently started among equals; it goes back to the head of its
   * level's line with its progress kept. False when there is none.
   */
  private preemptOn(k: number, level: number, now: number): boolean {
    const v = this.victim(k, level, -1);
    if (v < 0) return false;
    this.suspend(v, k, now, this.shared ? this.pending : this.lines[k]!);
    return true;
  }

  /** Shared line: the victim is chosen over every READY replica; r takes its server. */
  private preemptShared(r: number, level: number, now: number): boolean {
    let v = -1, vk = -1;
    for (let k = 0; k < this.busy.length; k++) {
      if (this.set.state[k] !== READY) continue;
      const c = this.victim(k, level, v);
      if (c !== v) { v = c; vk = k; }
    }
    if (v < 0) return false;
    this.suspend(v, vk, now, this.pending);
    this.start(r, vk, now);
    return true;
  }

  /** Best victim on replica k against `incumbent` (-1: none): a higher level, then the latest start. */
  private victim(k: number, level: number, incumbent: number): number {
    const book = this.book, base = k * this.servers;
    let best = incumbent;
    let bestLevel = best < 0 ? level : this.levelOf[this.host.classOf(best)]!;
    for (let i = 0; i < this.busy[k]!; i++) {
      const r = this.inService[base + i]!;
      const l = this.levelOf[this.host.classOf(r)]!;
      if (l > bestLevel || (best >= 0 && l === bestLevel && l > level && book.since[r]! > book.since[best]!)) { best = r; bestLevel = l; }
    }
    return best;
  }

  private suspend(v: number, k: number, now: number, line: LevelQueue): void {
    const book = this.book;
    this.host.cancelService(book.handle[v]!);
    book.done[v]! += now - book.since[v]!;
    this.unslot(v, k);
    line.pushFront(v, this.levelOf[this.host.classOf(v)]!);
    this.waitingCount++;
    this.set.stats.preemptions++;
  }
}
