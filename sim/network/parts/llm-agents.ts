// LLM agents as an agent kind: a visit is a call (flow/llm-calls.ts) that must fit its budgets, then
// runs on the agent's GPU pool. Owns the budget-release event (a deferred call's period budget refilled).

import { classTrace } from '../arrival-process.js';
import { LlmCalls } from '../flow/llm-calls.js';
import type { Sessions } from '../flow/sessions.js';
import type { AgentKind } from './agent-kind.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { GpuPools } from './gpu-pools.js';
import type { Visits } from './visits.js';

export class LlmAgents implements AgentKind {
  readonly calls: LlmCalls;
  private sessions: Sessions | undefined;

  constructor(shared: Shared, table: EventTable, visits: Visits, gpus: GpuPools) {
    const { spec, kernel } = shared;
    const release = table.register('budget release', (b) => this.calls.budgets!.release(b, kernel.now));
    this.calls = new LlmCalls(spec, shared.pool, shared.routes, gpus.pools, spec.classes.map((c) => classTrace(c.arrivals)?.prefixBlocks), shared.stats, shared.stream, {
      kernel,
      armTimeout: (r, a) => visits.armTimeout(r, a),
      complete: (r, a, row) => visits.complete(r, a, row),
      end: (r, outcome) => visits.end(r, outcome),
      discard: (r, a, busy) => visits.discard(r, a, busy),
      exhaustSession: (slot) => this.sessions!.exhaust(slot),
      scheduleBudget: (time, b) => kernel.schedule(time, release, b),
    }, visits.abandons);
    spec.agents.forEach((a, i) => { if (a.kind === 'llm') visits.agents[i] = this; });
  }

  /** The sessions a session budget may end (built after the LLM agents). */
  connect(sessions: Sessions | undefined): void {
    this.sessions = sessions;
  }

  enter(r: number, a: number): void {
    this.calls.call(r, a);
  }

  serviceStart(r: number, a: number): number {
    return this.calls.admittedAt(r, a);
  }
}
