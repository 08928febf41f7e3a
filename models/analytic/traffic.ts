// Traffic equations of an open network: the mean rate at which each agent is visited, from the
// classes' arrival rates and routing (probabilistic routes, feedback loops, fork branches).

import type { ArrivalSpec, ClassSpec, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';
import { meanArrivalRate } from '../../sim/network/arrival-process.js';
import { visitRoute } from '../../sim/network/route-kinds.js';
import { UnknownSplit } from './errors.js';
import { solveLinear } from '../analysis/linear-solve.js';

/** Adds to `row` the expected number of visits to each agent that one pass along `route` makes. */
function addRouteVisits(route: RouteSpec, weight: number, row: number[]): void {
  visitRoute<void>(route, {
    exit: () => {},
    agent: (r) => { row[r.to]! += weight; },
    random: (r) => { r.to.forEach((to, i) => { if (to >= 0) row[to]! += weight * r.p[i]!; }); },
    fork: (r) => {
      for (const b of r.branches) row[b]! += weight;
      addRouteVisits(r.then, weight, row);
    },
    speculate: (r) => {
      row[r.main]! += weight;
      row[r.guess]! += weight * (2 - r.hit); // a wrong guess runs again
      addRouteVisits(r.then, weight, row);
    },
    // The split depends on the distribution of request attributes.
    condition: () => { throw new UnknownSplit(); },
  });
}

/** Expected visits to each agent after one visit to `agent` by a request of class `c`. */
function agentOutflow(spec: NetworkSpec, c: ClassSpec, from: number, row: number[]): void {
  const agent = spec.agents[from]!;
  const next = c.routes[from] ?? agent.next;
  let onward = 1;
  if (agent.failure > 0 && agent.onFailure !== undefined) addRouteVisits(agent.onFailure, agent.failure, row);
  onward -= agent.failure;
  if (agent.kind === 'cache') {
    if (agent.policy.kind !== 'probability') throw new UnknownSplit(); // hits depend on key popularity
    addRouteVisits(agent.onHit, onward * agent.policy.hit, row);
    onward *= 1 - agent.policy.hit;
  }
  addRouteVisits(next, onward, row);
}

/** Visits per agent for one request of a class, when the routing determines them. */
export type Visits =
  | { readonly kind: 'known'; readonly visits: readonly number[] }
  /** Splits depend on request attributes or cache keys: only a simulation can tell. */
  | { readonly kind: 'unknown' }
  /** The routing never lets requests leave (the traffic equations are singular). */
  | { readonly kind: 'unbounded' };

/** Per class: the expected visits to each agent for one request of that class. */
export function visitRatios(spec: NetworkSpec): Visits[] {
  const n = spec.agents.length;
  return spec.classes.map((c) => {
    // v = e + v P, i.e. (I - P)^T v = e, with P[a][b] the expected visits to b after a visit to a.
    const a: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    try {
      spec.agents.forEach((_agent, from) => {
        const row = new Array<number>(n).fill(0);
        agentOutflow(spec, c, from, row);
        row.forEach((p, to) => { a[to]![from]! -= p; });
      });
    } catch (e) {
      if (e instanceof UnknownSplit) return { kind: 'unknown' } as const;
      throw e;
    }
    const v = solveLinear(a, Array.from({ length: n }, (_, i) => (i === c.entry ? 1 : 0)));
    return v !== undefined && v.every((x) => Number.isFinite(x) && x >= -1e-9) ? { kind: 'known', visits: v } as const : { kind: 'unbounded' } as const;
  });
}

/**
 * Mean arrival rate at each agent (per second), ignoring losses at full agents, from the classes
 * whose visits are known; the others are named in `unbounded` or `unknown`.
 */
export function agentArrivalRates(spec: NetworkSpec): { rates: number[]; unbounded: string[]; unknown: string[] } {
  const rates = new Array<number>(spec.agents.length).fill(0);
  const unbounded: string[] = [];
  const unknown: string[] = [];
  visitRatios(spec).forEach((v, ci) => {
    const c = spec.classes[ci]!;
    if (v.kind === 'unbounded') { unbounded.push(c.name); return; }
    const lambda = meanArrivalRate(c.arrivals);
    if (v.kind === 'unknown' || Number.isNaN(lambda)) { unknown.push(c.name); return; }
    v.visits.forEach((x, a) => { rates[a]! += lambda * x; });
  });
  return { rates, unbounded, unknown };
}
