// Whole-network checks that need every agent and class resolved: each request must be able to
// leave the system from anywhere its class can reach, or a replication would never drain.

import type { RouteSpec } from '../../sim/network/spec.js';
import type { AgentDraft } from './agents.js';
import { report } from './fields.js';
import { msg } from './messages.js';
import type { ClassDraft } from './workload.js';
import type { LoadContext } from './fields.js';

/** Reports, once per routing spec, each agent reachable by a class from which exit is unreachable. */
export function checkExits(ctx: LoadContext, agents: readonly AgentDraft[], classes: readonly ClassDraft[]): void {
  const reported = new Set<string>();
  for (const draft of classes) {
    const routeOf = (id: number): RouteSpec => draft.spec.routes[id] ?? agents[id]!.spec.next;
    const canExit = exitableAgents(agents.length, routeOf);
    for (const id of reachableAgents(draft.spec.entry, routeOf)) {
      if (canExit[id]) continue;
      const at = draft.routeAt[id] ?? agents[id]!.nextAt;
      if (reported.has(at.path)) continue;
      reported.add(at.path);
      report(ctx, at.at, at.path, msg.trapped(agents[id]!.spec.name, draft.spec.name));
    }
  }
}

/** Fixpoint: an agent can exit when its route can finish; a random route needs one such target with p > 0. */
function exitableAgents(count: number, routeOf: (id: number) => RouteSpec): boolean[] {
  const can = new Array<boolean>(count).fill(false);
  const finishes = (route: RouteSpec): boolean => {
    switch (route.kind) {
      case 'exit': return true;
      case 'agent': return can[route.to]!;
      case 'random': return route.to.some((to, i) => route.p[i]! > 0 && (to < 0 || can[to]!));
      case 'fork': return route.branches.every((b) => can[b]!) && finishes(route.then);
      case 'condition': return route.rules.some((r) => finishes(r.then)) || finishes(route.otherwise);
    }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let id = 0; id < count; id++) {
      if (!can[id] && finishes(routeOf(id))) {
        can[id] = true;
        changed = true;
      }
    }
  }
  return can;
}

function reachableAgents(entry: number, routeOf: (id: number) => RouteSpec): number[] {
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
    if (route.kind === 'fork') visit(route.then);
  };
  while (stack.length > 0) visit(routeOf(stack.pop()!));
  return [...seen].sort((a, b) => a - b);
}
