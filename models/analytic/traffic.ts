// Traffic equations of an open network: the mean rate at which each agent is visited, from the
// classes' arrival rates and routing (probabilistic routes, feedback loops, fork branches).

import { lusolve } from 'mathjs';
import type { ArrivalSpec, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';

/** Long-run mean arrival rate of a class, per second. */
export function meanArrivalRate(a: ArrivalSpec): number {
  switch (a.process) {
    case 'poisson':
    case 'deterministic':
      return a.rate;
    case 'varying':
      return a.meanRate;
    case 'trace': {
      const t = a.trace.times;
      const span = t.length > 1 ? t[t.length - 1]! - t[0]! : 0;
      return span > 0 ? (t.length - 1) / span : 0;
    }
  }
}

/** Adds to `row` the expected number of visits to each agent that one pass along `route` makes. */
function addRouteVisits(route: RouteSpec, weight: number, row: number[]): void {
  switch (route.kind) {
    case 'exit':
      return;
    case 'agent':
      row[route.to]! += weight;
      return;
    case 'random':
      route.to.forEach((to, i) => { if (to >= 0) row[to]! += weight * route.p[i]!; });
      return;
    case 'fork':
      for (const b of route.branches) row[b]! += weight;
      addRouteVisits(route.then, weight, row);
      return;
  }
}

/**
 * Visits per agent for one request of each class (visits[c][a]), or undefined for a class whose
 * routing never lets requests leave (the equations are singular).
 */
export function visitRatios(spec: NetworkSpec): (number[] | undefined)[] {
  const n = spec.agents.length;
  return spec.classes.map((c) => {
    // v = e + v P, i.e. (I - P)^T v = e, with P[a][b] the expected visits to b after a visit to a.
    const a: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    spec.agents.forEach((agent, from) => {
      const row = new Array<number>(n).fill(0);
      addRouteVisits(c.routes[from] ?? agent.next, 1, row);
      row.forEach((p, to) => { a[to]![from]! -= p; });
    });
    const e = Array.from({ length: n }, (_, i) => [i === c.entry ? 1 : 0]);
    try {
      const v = (lusolve(a, e) as number[][]).map((x) => x[0]!);
      return v.every((x) => Number.isFinite(x) && x >= -1e-9) ? v : undefined;
    } catch {
      return undefined;
    }
  });
}

/** Mean arrival rate at each agent (per second), ignoring losses at full agents. */
export function agentArrivalRates(spec: NetworkSpec): { rates: number[]; unbounded: string[] } {
  const rates = new Array<number>(spec.agents.length).fill(0);
  const unbounded: string[] = [];
  visitRatios(spec).forEach((v, ci) => {
    const c = spec.classes[ci]!;
    if (v === undefined) { unbounded.push(c.name); return; }
    const lambda = meanArrivalRate(c.arrivals);
    v.forEach((x, a) => { rates[a]! += lambda * x; });
  });
  return { rates, unbounded };
}
