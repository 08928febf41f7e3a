// Routing compiled to flat typed arrays, so choosing where a request goes next costs a few
// array reads: one table row per distinct RouteSpec, and a (class, agent) -> row index.

import type { NetworkSpec, RouteSpec } from './spec.js';

export const ROUTE_EXIT = 0;
export const ROUTE_AGENT = 1;
export const ROUTE_RANDOM = 2;
export const ROUTE_FORK = 3;

export interface RouteTable {
  /** ROUTE_* per row. */
  readonly kind: Int8Array;
  /** ROUTE_AGENT: target agent; ROUTE_RANDOM / ROUTE_FORK: first index into targets. */
  readonly first: Int32Array;
  /** ROUTE_RANDOM / ROUTE_FORK: number of targets. */
  readonly count: Int32Array;
  /** ROUTE_FORK: the row followed once every branch has exited. */
  readonly then: Int32Array;
  /** Target agents (-1 = exit) of random routes and branches of forks. */
  readonly targets: Int32Array;
  /** ROUTE_RANDOM: cumulative probability per target, the last forced to 1. */
  readonly cumulative: Float64Array;
  /** Row used by a request of class c leaving agent a: rowOf[c * agents + a]. */
  readonly rowOf: Int32Array;
}

export function compileRoutes(spec: NetworkSpec): RouteTable {
  const kind: number[] = [], first: number[] = [], count: number[] = [], then: number[] = [];
  const targets: number[] = [], cumulative: number[] = [];

  const add = (r: RouteSpec): number => {
    const row = kind.length;
    kind.push(0); first.push(0); count.push(0); then.push(-1);
    switch (r.kind) {
      case 'exit':
        kind[row] = ROUTE_EXIT;
        break;
      case 'agent':
        kind[row] = ROUTE_AGENT;
        first[row] = r.to;
        break;
      case 'random': {
        kind[row] = ROUTE_RANDOM;
        first[row] = targets.length;
        count[row] = r.to.length;
        let acc = 0;
        r.to.forEach((t, i) => {
          acc += r.p[i]!;
          targets.push(t);
          cumulative.push(i === r.to.length - 1 ? 1 : acc);
        });
        break;
      }
      case 'fork': {
        kind[row] = ROUTE_FORK;
        first[row] = targets.length;
        count[row] = r.branches.length;
        for (const b of r.branches) { targets.push(b); cumulative.push(0); }
        then[row] = add(r.then);
        break;
      }
    }
    return row;
  };

  const nAgents = spec.agents.length;
  const defaults = spec.agents.map((a) => add(a.next));
  const rowOf = new Int32Array(spec.classes.length * nAgents);
  spec.classes.forEach((c, ci) => {
    for (let a = 0; a < nAgents; a++) {
      const override = c.routes[a];
      rowOf[ci * nAgents + a] = override === undefined ? defaults[a]! : add(override);
    }
  });

  return {
    kind: Int8Array.from(kind),
    first: Int32Array.from(first),
    count: Int32Array.from(count),
    then: Int32Array.from(then),
    targets: Int32Array.from(targets),
    cumulative: Float64Array.from(cumulative),
    rowOf,
  };
}
