// Whole-network checks that need every agent and class resolved: each request must be able to
// leave the system from anywhere its class can reach, or a replication would never drain, unless
// its class sets max_steps (a runaway loop then ends with a cognitive error). An agent's ways out
// are its next (or the class's override), its failure route (on failures and timeouts), and a
// cache's hits.

import type { AgentSpec, RouteSpec } from '../../../sim/network/spec.js';
import type { AgentDraft } from '../agents/agents.js';
import { report } from '../core/fields.js';
import { msg } from '../core/messages.js';
import type { ClassDraft } from '../workload/workload.js';
import type { LoadContext } from '../core/fields.js';

/** Reports, once per routing spec, each agent reachable by a class from which exit is unreachable. */
export function checkExits(ctx: LoadContext, agents: readonly AgentDraft[], classes: readonly ClassDraft[]): void {
  const reported = new Set<string>();
  for (const draft of classes) {
    // A step limit ends every loop: the request leaves with a cognitive error.
    if (draft.spec.maxSteps !== undefined) continue;
    const routesOf = (id: number): RouteSpec[] => waysOut(agents[id]!.spec, draft.spec.routes[id] ?? agents[id]!.spec.next);
    const canExit = exitableAgents(agents.length, routesOf);
    for (const id of reachableAgents(draft.spec.entry, routesOf)) {
      if (canExit[id]) continue;
      const at = draft.routeAt[id] ?? agents[id]!.nextAt;
      if (reported.has(at.path)) continue;
      reported.add(at.path);
      report(ctx, at.at, at.path, msg.trapped(agents[id]!.spec.name, draft.spec.name));
    }
  }
}

const EXIT: RouteSpec = { kind: 'exit' };

/** The routes a request can take from an agent (with positive probability). */
export function waysOut(agent: AgentSpec, next: RouteSpec): RouteSpec[] {
  const ways: RouteSpec[] = [];
  const missCan = agent.kind !== 'cache' || agent.policy.kind === 'keyed' || agent.policy.hit < 1;
  if (missCan) ways.push(next);
  // A failed (or timed-out) call without on_failure ends the request: it leaves the system (as failed).
  if (agent.failure > 0 || agent.timeout !== undefined) ways.push(agent.onFailure ?? EXIT);
  if (agent.kind === 'cache' && (agent.policy.kind === 'keyed' || agent.policy.hit > 0)) ways.push(agent.onHit);
  return ways;
}

/** Fixpoint: an agent can exit when one of its ways out can finish; a random route needs one such target with p > 0. */
function exitableAgents(count: number, routesOf: (id: number) => RouteSpec[]): boolean[] {
  const can = new Array<boolean>(count).fill(false);
  const finishes = (route: RouteSpec): boolean => {
    switch (route.kind) {
      case 'exit': return true;
      case 'agent': return can[route.to]!;
      case 'random': return route.to.some((to, i) => route.p[i]! > 0 && (to < 0 || can[to]!));
      // With a quorum, `need` branches finishing is enough (the others are cancelled then).
      case 'fork': return route.branches.filter((b) => can[b]!).length >= (route.need ?? route.branches.length) && finishes(route.then);
      case 'condition': return route.rules.some((r) => finishes(r.then)) || finishes(route.otherwise);
      // The main agent and the guess each run once: their own routes are not followed.
      case 'speculate': return finishes(route.then);
    }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let id = 0; id < count; id++) {
      if (!can[id] && routesOf(id).some(finishes)) {
        can[id] = true;
        changed = true;
      }
    }
  }
  return can;
}

export function reachableAgents(entry: number, routesOf: (id: number) => RouteSpec[]): number[] {
  const seen = new Set<number>([entry]);
  const stack = [entry];
  const visit = (route: RouteSpec): void => {
    const targets = route.kind === 'agent' ? [route.to]
      : route.kind === 'random' ? route.to.filter((to, i) => to >= 0 && route.p[i]! > 0)
      : route.kind === 'fork' ? route.branches : [];
    for (const to of targets) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
    // A speculation's agents run once without following their routes; only its continuation goes on.
    if (route.kind === 'fork' || route.kind === 'speculate') visit(route.then);
    if (route.kind === 'condition') {
      for (const rule of route.rules) visit(rule.then);
      visit(route.otherwise);
    }
  };
  while (stack.length > 0) for (const route of routesOf(stack.pop()!)) visit(route);
  return [...seen].sort((a, b) => a - b);
}
