// ControlView and Actuators (control.ts) over the parts of one replication: what controllers above
// the engine read and change between segments, each change made through the part that owns it.

import { SimulationError } from '../../errors.js';
import type { ReplicaSet } from '../capacity/replicas.js';
import type { Actuators, ControlView } from '../control.js';
import type { Stations } from '../resources/stations.js';
import type { Admission } from './admission.js';
import type { CacheAgents } from './cache-agents.js';
import type { Shared } from './context.js';
import type { GpuPools } from './gpu-pools.js';

/** The parts a control panel reaches. */
export interface Controlled {
  readonly admission: Admission;
  readonly stations: Stations;
  readonly gpus: GpuPools;
  readonly caches: CacheAgents;
}

export class ControlPanel implements ControlView, Actuators {
  private readonly shared: Shared;
  private readonly parts: Controlled;

  constructor(shared: Shared, parts: Controlled) {
    this.shared = shared;
    this.parts = parts;
  }

  get now(): number {
    return this.shared.kernel.now;
  }

  get inFlight(): number {
    return this.shared.pool.inFlight;
  }

  finishedSince(cursor: number, visit: (cls: number, latency: number, outcome: number) => void): number {
    const requests = this.shared.requests;
    return requests === undefined ? cursor : requests.visitSince(cursor, visit);
  }

  replicaTarget(target: 'pool' | 'agent', index: number): number {
    return this.replicaSet(target, index)?.onDemand ?? -1;
  }

  replicaLimit(target: 'pool' | 'agent', index: number): number {
    return this.replicaSet(target, index)?.onDemandLimit ?? -1;
  }

  scaleArrivals(c: number, factor: number): boolean {
    return this.parts.admission.arrivals.scale(c, factor);
  }

  setRateLimit(c: number, rate: number): boolean {
    return this.parts.admission.limits.setRate(c, rate, this.shared.kernel.now);
  }

  setPrice(m: number, perInputToken: number, perOutputToken: number): boolean {
    return this.parts.gpus.setPrice(m, perInputToken, perOutputToken);
  }

  setReplicas(target: 'pool' | 'agent', index: number, count: number): boolean {
    const set = this.replicaSet(target, index);
    if (set === undefined) return false;
    if (!(Number.isInteger(count) && count >= 0)) throw new SimulationError(`${set.name}: a replica target must be a whole number >= 0 (got ${count})`);
    if (count > set.onDemandLimit) return false;
    set.control(count, this.shared.kernel.now);
    return true;
  }

  setPriority(c: number, priority: number): boolean {
    const n = this.shared.spec.classes.length;
    if (!(Number.isInteger(c) && c >= 0 && c < n)) throw new SimulationError(`no class ${c} (there are ${n})`);
    return this.parts.stations.setPriority(c, priority);
  }

  setCacheHit(a: number, hit: number): boolean {
    return this.parts.caches.setHit(a, hit);
  }

  /** The replica set of GPU pool or station agent `index`, if it has one. */
  private replicaSet(target: 'pool' | 'agent', index: number): ReplicaSet | undefined {
    if (target === 'pool') return this.parts.gpus.replicaSet(index);
    const n = this.shared.spec.agents.length;
    if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new SimulationError(`no agent ${index} (there are ${n})`);
    return this.parts.stations.groups[index]?.set;
  }
}
