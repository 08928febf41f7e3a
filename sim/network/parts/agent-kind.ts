// What the engine asks of an agent kind (station, llm, router, cache): one object per kind serves
// every agent of that kind, found by agent id in `Visits.agents`. A new kind of agent is a class
// implementing this, added to the spec's agent union and to the table built in engine.ts.

import type { Shared } from './context.js';
import type { Visits } from './visits.js';

export interface AgentKind {
  /** Request r arrives at agent a of this kind (already counted, within its step limit): what the agent does with it. */
  enter(r: number, a: number): void;
  /** When r's service at agent a started (NaN while it waits): where a timed-out call's wait ends. */
  serviceStart(r: number, a: number): number;
}

/** Routers take no time: a visit completes on arrival and follows the router's route. */
export class RouterAgents implements AgentKind {
  private readonly shared: Shared;
  private readonly visits: Visits;
  private readonly nAgents: number;

  constructor(shared: Shared, visits: Visits) {
    this.shared = shared;
    this.visits = visits;
    this.nAgents = shared.spec.agents.length;
    shared.spec.agents.forEach((a, i) => { if (a.kind === 'router') visits.agents[i] = this; });
  }

  enter(r: number, a: number): void {
    const pool = this.shared.pool, now = this.shared.kernel.now;
    pool.agent[r] = a;
    pool.entered[r] = now;
    pool.started[r] = now;
    this.visits.complete(r, a, this.shared.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  serviceStart(r: number): number {
    return this.shared.pool.started[r]!;
  }
}
