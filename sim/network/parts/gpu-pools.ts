// The GPU pools of a replication and their side of the engine (GpuHost): the iteration-end event of
// every replica of every pool, with a global replica id as its subject.

import type { Kernel } from '../../kernel.js';
import { SimulationError } from '../../errors.js';
import type { Stream } from '../../random/stream.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { replicaSlots } from '../capacity/replica-state.js';
import type { ReplicaSet } from '../capacity/replicas.js';
import type { LlmCalls } from '../flow/llm-calls.js';
import type { RequestPool } from '../flow/requests.js';
import type { TimeseriesRecorder } from '../record/recorders.js';
import type { GpuHost, GpuPool } from '../resources/gpu-pool.js';
import { createGpuPool, ReplicatedGpuPool } from '../resources/gpu-replicas.js';
import type { NetworkSpec } from '../spec.js';
import type { CompileRate } from '../arrival-process.js';
import type { EventTable } from './event-table.js';
import type { Visits } from './visits.js';

export class GpuPools implements GpuHost {
  readonly kernel: Kernel;
  readonly pools: GpuPool[] = [];
  private readonly spec: NetworkSpec;
  private readonly requests: RequestPool;
  private readonly iterationEnd: number;
  /** Global replica id -> (pool, local replica). */
  private readonly replicaPool: Int32Array;
  private readonly replicaLocal: Int32Array;
  // Set by connect(): the parts built after the pools.
  private visits!: Visits;
  private calls!: LlmCalls;

  constructor(spec: NetworkSpec, kernel: Kernel, table: EventTable, clock: CapacityClock, requests: RequestPool, stream: (source: string) => Stream, compileRate: CompileRate) {
    this.spec = spec;
    this.kernel = kernel;
    this.requests = requests;
    this.iterationEnd = table.register('iteration end', (k) => this.pools[this.replicaPool[k]!]!.iterationEnd(this.replicaLocal[k]!), true);
    const replicaPool: number[] = [], replicaLocal: number[] = [];
    spec.pools.forEach((p, pi) => {
      this.pools.push(createGpuPool(p, spec.models[p.model]!, replicaPool.length, this, clock, stream, compileRate));
      for (let k = 0; k < replicaSlots(p.capacitySpec, p.replicas); k++) { replicaPool.push(pi); replicaLocal.push(k); }
    });
    this.replicaPool = Int32Array.from(replicaPool);
    this.replicaLocal = Int32Array.from(replicaLocal);
  }

  connect(visits: Visits, calls: LlmCalls, timeseries: TimeseriesRecorder | undefined): void {
    this.visits = visits;
    this.calls = calls;
    if (timeseries !== undefined) this.pools.forEach((p, pi) => p.recordReplicas(timeseries, pi));
  }

  /** Model m's token prices from now on (Actuators.setPrice); false when no pool serves it. */
  setPrice(m: number, perInputToken: number, perOutputToken: number): boolean {
    let served = false;
    this.pools.forEach((p, i) => {
      if (this.spec.pools[i]!.model !== m) return;
      p.model = { ...p.model, pricePerInputToken: perInputToken, pricePerOutputToken: perOutputToken };
      served = true;
    });
    return served;
  }

  /** The replica set of pool `index`, if it has one (throws on an index out of range). */
  replicaSet(index: number): ReplicaSet | undefined {
    const n = this.pools.length;
    if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new SimulationError(`no pool ${index} (there are ${n})`);
    const p = this.pools[index];
    return p instanceof ReplicatedGpuPool ? p.set : undefined;
  }

  // GpuHost
  scheduleIteration(time: number, replica: number): void {
    this.kernel.schedule(time, this.iterationEnd, replica);
  }

  scheduleIterationCancellable(time: number, replica: number): number {
    return this.kernel.scheduleCancellable(time, this.iterationEnd, replica);
  }

  callDone(r: number): void {
    this.calls.done(r);
  }

  abandoned(r: number): boolean {
    return this.visits.isZombie(r);
  }

  dropped(r: number): void {
    this.visits.discard(r, this.requests.agent[r]!, 0);
  }

  sessionOf(r: number): number {
    return this.requests.session[r]!;
  }
}
