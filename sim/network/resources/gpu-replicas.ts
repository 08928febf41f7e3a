// GPU pools with a capacity spec: replicas behind a balancer (per-replica lines, or the shared
// line), replicas that are provisioned, drained, fail, are reclaimed or scale to zero (replicas.ts).
// A lost replica's sequences keep the tokens they have streamed and recompute their KV elsewhere.

import { SimulationError } from '../../errors.js';
import type { Stream } from '../../random/stream.js';
import { GpuPool, type GpuHost } from './gpu-pool.js';
import { Deque } from './priority-queue.js';
import { ReplicaDemand, type ReplicaLines } from './replica-demand.js';
import { DRAINING, NOTICE, READY, replicaSlots, type CapacityStats } from '../capacity/replica-state.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { ReplicaSet, type ReplicaOwner } from '../capacity/replicas.js';
import type { Signals } from '../capacity/autoscaler.js';
import type { TimeseriesRecorder } from '../record/recorders.js';
import type { GpuPoolSpec, ModelSpec } from '../spec.js';
import type { CompileRate } from '../arrival-process.js';

/** A plain pool without a capacity spec (today's behaviour), or a replicated one. */
export function createGpuPool(
  spec: GpuPoolSpec, model: ModelSpec, firstReplica: number, host: GpuHost, clock: CapacityClock, stream: (source: string) => Stream, compile: CompileRate,
): GpuPool {
  return spec.capacitySpec === undefined
    ? new GpuPool(spec, model, firstReplica, host)
    : new ReplicatedGpuPool(spec, model, firstReplica, host, clock, stream, compile);
}

export class ReplicatedGpuPool extends GpuPool implements ReplicaOwner, ReplicaLines {
  readonly set: ReplicaSet;
  readonly signals: Signals;
  /** Held calls, signals, balancer, draining: what this shares with station groups. */
  private readonly demand: ReplicaDemand;
  private readonly perReplica: boolean;
  private readonly lines: Deque[];
  private readonly handles: Float64Array;
  private timeseries: TimeseriesRecorder | undefined;
  private seriesIndex = 0;

  constructor(spec: GpuPoolSpec, model: ModelSpec, firstReplica: number, host: GpuHost, clock: CapacityClock, stream: (source: string) => Stream, compile: CompileRate) {
    const cap = spec.capacitySpec!;
    if (cap.replicas !== spec.replicas) {
      throw new SimulationError(`gpus.${spec.name}.replicas: ${spec.replicas}, but its capacity spec starts ${cap.replicas} replicas (they must agree)`);
    }
    if (cap.pricePerHour !== spec.pricePerHour) {
      throw new SimulationError(`gpus.${spec.name}.price_per_hour: ${spec.pricePerHour}, but its capacity spec bills ${cap.pricePerHour} (they must agree)`);
    }
    const late: { pool?: ReplicatedGpuPool } = {};
    const set = new ReplicaSet(`gpu.${spec.name}`, cap, clock, stream, compile, (now, n) => late.pool?.levelChanged(now, n));
    super(spec, model, firstReplica, host, replicaSlots(cap, spec.replicas), set.state);
    late.pool = this;
    this.set = set;
    this.perReplica = cap.balance.kind !== 'shared';
    this.lines = this.perReplica ? Array.from({ length: this.slots }, () => new Deque()) : [];
    this.demand = new ReplicaDemand(set, cap.balance);
    this.signals = this.demand.signals;
    this.handles = new Float64Array(this.slots).fill(NaN);
    this.demand.start(this);
  }

  override get capacityStats(): CapacityStats {
    return this.set.stats;
  }

  override recordReplicas(timeseries: TimeseriesRecorder, index: number): void {
    this.timeseries = timeseries;
    this.seriesIndex = index;
    timeseries.setPoolReplicas(index, 0, this.set.billed);
  }

  private levelChanged(now: number, billed: number): void {
    this.timeseries?.setPoolReplicas(this.seriesIndex, now, billed);
  }

  override accrue(now: number): void {
    super.accrue(now);
    this.set.accrue(now);
    this.signals.queue = this.waitingSeconds;
    this.signals.busy = this.busySeconds;
    this.signals.capacity = this.set.servingArea;
  }

  override resetStatistics(now: number): void {
    super.resetStatistics(now);
    this.set.resetStatistics(now);
  }

  protected override place(r: number): void {
    const now = this.host.kernel.now;
    this.demand.hold(now);
    this.send(r, false);
  }

  protected override lineOf(k: number): Deque {
    return this.perReplica ? this.lines[k]! : this.shared;
  }

  /** The shared line feeds READY replicas only; a replica's own line feeds it until it is gone. */
  protected override admits(k: number): boolean {
    const s = this.state[k]!;
    return s === READY || (this.perReplica && (s === DRAINING || s === NOTICE));
  }

  protected override scheduleIteration(k: number, time: number): void {
    if (this.set.evicts) this.handles[k] = this.host.scheduleIterationCancellable(time, this.firstReplica + k);
    else super.scheduleIteration(k, time);
  }

  protected override finishing(k: number, n: number, now: number): void {
    this.demand.served(k, n);
    for (let i = 0; i < n; i++) this.demand.latency(now - this.calls.submitted[this.finished[i]!]!);
  }

  protected override iterated(k: number, now: number): void {
    this.demand.releaseIfDrained(k, now);
    this.demand.idleIfEmpty(now);
  }

  // ReplicaOwner
  replicaReady(k: number): void {
    this.demand.ready(k, this);
  }

  replicaClosing(k: number): void {
    this.demand.closing(k, this);
  }

  replicaLost(k: number): void {
    const now = this.host.kernel.now;
    if (this.busy[k] === 1) {
      this.host.kernel.cancel(this.handles[k]!);
      this.accrueIteration(k, now);
      this.busy[k] = 0;
    }
    const n = this.count[k]!, running = this.running[k]!;
    for (let i = 0; i < n; i++) {
      const r = running[i]!;
      this.set.evicted(this.calls.cached[r]!);
      this.evict(k, r);
    }
    this.count[k] = 0;
    this.prefix.forget(k);
    this.demand.lost(k, running, n, this);
  }

  replicaIdle(k: number): boolean {
    return this.count[k] === 0 && this.busy[k] === 0 && (!this.perReplica || this.lines[k]!.length === 0);
  }

  replicaLoad(k: number): number {
    return this.count[k]! + (this.perReplica ? this.lines[k]!.length : 0);
  }

  // ReplicaLines (replica-demand.ts)
  waitingIn(k: number): number {
    return k < 0 ? this.shared.length : this.lines[k]!.length;
  }

  resume(k: number): void {
    if (this.busy[k] === 0) this.startIteration(k);
  }

  /** Removes the head of the shared line (k = -1) or of replica k's line. */
  takeFrom(k: number): number {
    this.accrueLine(this.host.kernel.now);
    const r = (k < 0 ? this.shared : this.lines[k]!).shift();
    if (k >= 0) this.queued[k]! -= this.calls.target[r]!;
    this.waiting--;
    return r;
  }

  /** Puts r in line (through the balancer with per-replica lines) and starts an idle replica for it. */
  send(r: number, front: boolean): void {
    if (!this.perReplica) {
      this.pushLine(-1, r, front);
      for (let k = 0; k < this.slots; k++) if (this.busy[k] === 0 && this.state[k] === READY) this.startIteration(k);
      return;
    }
    const view = this.demand.view;
    for (let k = 0; k < this.slots; k++) {
      view.load[k] = this.count[k]! + this.lines[k]!.length;
      view.free[k] = this.capacityTokens - this.kvUsed[k]! - this.queued[k]!;
    }
    const k = this.demand.balancer!.pick(this.host.sessionOf(r));
    this.pushLine(k, r, front);
    if (k >= 0 && this.busy[k] === 0) this.startIteration(k);
  }
}
