// Cache agents as an agent kind: a visit is a lookup that takes its latency, then a hit follows the
// agent's hit route and a miss its `next` (flow/cache.ts decides which). Owns the lookup-end event.

import { SimulationError } from '../../errors.js';
import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { CacheState } from '../flow/cache.js';
import type { AgentKind } from './agent-kind.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { Visits } from './visits.js';

export class CacheAgents implements AgentKind {
  private readonly shared: Shared;
  private readonly visits: Visits;
  private readonly nAgents: number;
  private readonly lookupEnd: number;
  /** Per agent (undefined for other kinds): the cache, its lookup latency and stream, its answers' quality (NaN: none). */
  private readonly caches: (CacheState | undefined)[];
  private readonly lookups: Sampler[];
  private readonly lookupStreams: Stream[];
  private readonly quality: Float64Array;

  constructor(shared: Shared, table: EventTable, visits: Visits) {
    const spec = shared.spec;
    this.shared = shared;
    this.visits = visits;
    this.nAgents = spec.agents.length;
    this.lookupEnd = table.register('lookup end', (r) => this.decide(r));
    this.lookups = spec.agents.map((a) => createSampler(a.kind === 'cache' ? a.lookup : { dist: 'deterministic', value: 0 }));
    this.lookupStreams = spec.agents.map((a) => shared.stream(`lookup:${a.name}`));
    this.caches = spec.agents.map((a) => (a.kind === 'cache' ? new CacheState(a.policy) : undefined));
    this.quality = Float64Array.from(spec.agents, (a) => (a.kind === 'cache' ? a.quality ?? NaN : NaN));
    spec.agents.forEach((a, i) => { if (a.kind === 'cache') visits.agents[i] = this; });
  }

  enter(r: number, a: number): void {
    const pool = this.shared.pool;
    const now = this.shared.kernel.now;
    pool.agent[r] = a;
    pool.entered[r] = now;
    pool.started[r] = now;
    const delay = this.lookups[a]!.sample(this.lookupStreams[a]!);
    this.visits.armTimeout(r, a);
    if (delay > 0) this.shared.kernel.schedule(now + delay, this.lookupEnd, r);
    else this.decide(r);
  }

  serviceStart(r: number): number {
    return this.shared.pool.started[r]!;
  }

  /** Cache agent a hits with probability `hit` from its next lookup (Actuators.setCacheHit). */
  setHit(a: number, hit: number): boolean {
    const n = this.nAgents;
    if (!(Number.isInteger(a) && a >= 0 && a < n)) throw new SimulationError(`no agent ${a} (there are ${n})`);
    if (!(hit >= 0 && hit <= 1)) throw new SimulationError(`a cache's hit probability must be in [0, 1] (got ${hit})`);
    const cache = this.caches[a];
    if (cache === undefined || Number.isNaN(cache.hit)) return false;
    cache.hit = hit;
    return true;
  }

  /** A cache lookup resolves: a hit follows the agent's hit route, a miss its `next`. */
  private decide(r: number): void {
    const pool = this.shared.pool;
    const a = pool.agent[r]!;
    if (this.visits.isZombie(r)) { this.visits.discard(r, a, 0); return; }
    const hit = this.caches[a]!.lookup(r, pool, this.shared.kernel.now, this.visits.routeStreams[a]!);
    if (hit) {
      this.shared.stats.agents.hits[a]!++;
      // The cached answer's quality, when the cache has one (an LLM answering later overrides it).
      const q = this.quality[a]!;
      if (!Number.isNaN(q)) pool.quality[r] = q;
    }
    this.visits.complete(r, a, hit ? this.shared.routes.hitRow[a]! : this.shared.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }
}
