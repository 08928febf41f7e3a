// Routing compiled to flat typed arrays, so choosing where a request goes next costs a few
// array reads: one table row per distinct RouteSpec, and a (class, agent) -> row index.

import { SimulationError } from '../../errors.js';
import type { NetworkSpec, RouteSpec } from '../spec.js';
import { visitRoute } from '../route-kinds.js';

export const ROUTE_EXIT = 0;
export const ROUTE_AGENT = 1;
export const ROUTE_RANDOM = 2;
export const ROUTE_FORK = 3;
export const ROUTE_CONDITION = 4;
export const ROUTE_SPECULATE = 5;

const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;

export interface RouteTable {
  /** ROUTE_* per row. */
  readonly kind: Int8Array;
  /**
   * ROUTE_AGENT: target agent; RANDOM / FORK: first index into targets; CONDITION: first rule;
   * SPECULATE: index of its main agent in targets, followed by its guess (cumulative[first] = hit).
   */
  readonly first: Int32Array;
  /** Number of targets or rules. */
  readonly count: Int32Array;
  /** ROUTE_FORK: branches that must finish before the original continues (the quorum). */
  readonly need: Int32Array;
  /** ROUTE_FORK / SPECULATE: the row followed once the branches are done; CONDITION: the `otherwise` row. */
  readonly then: Int32Array;
  /** ROUTE_AGENT: 1 when the edge is an escalation. */
  readonly escalate: Uint8Array;
  /** Target agents (-1 = exit) of random routes and branches of forks, and their escalation flags. */
  readonly targets: Int32Array;
  readonly targetEscalates: Uint8Array;
  /** ROUTE_RANDOM: cumulative probability per target, the last forced to 1. */
  readonly cumulative: Float64Array;
  /** Condition rules: attribute column, operator (index into OPS), value, row when it holds. */
  readonly ruleAttribute: Int32Array;
  readonly ruleOp: Int8Array;
  readonly ruleValue: Float64Array;
  readonly ruleThen: Int32Array;
  /** Row used by a request of class c leaving agent a: rowOf[c * agents + a]. */
  readonly rowOf: Int32Array;
  /** Per agent: the row a failed call follows (-1: the request fails), and a cache hit's row. */
  readonly failureRow: Int32Array;
  readonly hitRow: Int32Array;
  /** A row that exits (a speculation's copies end with it after their one visit). */
  readonly exitRow: number;
}

/** Whether `value op threshold` holds for operator index `op`. */
export function holds(value: number, op: number, threshold: number): boolean {
  switch (op) {
    case 0: return value < threshold;
    case 1: return value <= threshold;
    case 2: return value > threshold;
    case 3: return value >= threshold;
    case 4: return value === threshold;
    default: return value !== threshold;
  }
}

export function compileRoutes(spec: NetworkSpec): RouteTable {
  const kind: number[] = [], first: number[] = [], count: number[] = [], need: number[] = [], then: number[] = [], escalate: number[] = [];
  const targets: number[] = [], targetEscalates: number[] = [], cumulative: number[] = [];
  const ruleAttribute: number[] = [], ruleOp: number[] = [], ruleValue: number[] = [], ruleThen: number[] = [];

  const add = (r: RouteSpec): number => {
    const row = kind.length;
    kind.push(0); first.push(0); count.push(0); need.push(0); then.push(-1); escalate.push(0);
    visitRoute<void>(r, {
      exit: () => { kind[row] = ROUTE_EXIT; },
      agent: (r) => {
        kind[row] = ROUTE_AGENT;
        first[row] = r.to;
        escalate[row] = r.escalate ? 1 : 0;
      },
      random: (r) => {
        kind[row] = ROUTE_RANDOM;
        first[row] = targets.length;
        count[row] = r.to.length;
        let acc = 0;
        r.to.forEach((t, i) => {
          acc += r.p[i]!;
          targets.push(t);
          targetEscalates.push(r.escalate[i] === true ? 1 : 0);
          cumulative.push(i === r.to.length - 1 ? 1 : acc);
        });
      },
      fork: (r) => {
        kind[row] = ROUTE_FORK;
        first[row] = targets.length;
        count[row] = r.branches.length;
        need[row] = r.need ?? r.branches.length;
        if (!(Number.isInteger(need[row]) && need[row]! >= 1 && need[row]! <= r.branches.length)) {
          throw new SimulationError(`a fork of ${r.branches.length} branches needs between 1 and ${r.branches.length} of them (got need ${r.need})`);
        }
        for (const b of r.branches) { targets.push(b); targetEscalates.push(0); cumulative.push(0); }
        then[row] = add(r.then);
      },
      speculate: (r) => {
        kind[row] = ROUTE_SPECULATE;
        if (!(r.hit >= 0 && r.hit <= 1)) throw new SimulationError(`a speculation's hit probability must be in [0, 1] (got ${r.hit})`);
        first[row] = targets.length;
        count[row] = 2;
        need[row] = 2;
        targets.push(r.main, r.guess);
        targetEscalates.push(0, 0);
        cumulative.push(r.hit, 0);
        then[row] = add(r.then);
      },
      condition: (r) => {
        kind[row] = ROUTE_CONDITION;
        // Rule rows are added after their table slots are reserved, so nested routes stay valid.
        const start = ruleAttribute.length;
        first[row] = start;
        count[row] = r.rules.length;
        for (const rule of r.rules) {
          ruleAttribute.push(rule.condition.attribute);
          ruleOp.push(OPS.indexOf(rule.condition.op));
          ruleValue.push(rule.condition.value);
          ruleThen.push(-1);
        }
        r.rules.forEach((rule, i) => { ruleThen[start + i] = add(rule.then); });
        then[row] = add(r.otherwise);
      },
    });
    return row;
  };

  const nAgents = spec.agents.length;
  const defaults = spec.agents.map((a) => add(a.next));
  const failureRow = Int32Array.from(spec.agents, (a) => (a.onFailure === undefined ? -1 : add(a.onFailure)));
  const hitRow = Int32Array.from(spec.agents, (a) => (a.kind === 'cache' ? add(a.onHit) : -1));
  const exitRow = add({ kind: 'exit' });
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
    need: Int32Array.from(need),
    then: Int32Array.from(then),
    escalate: Uint8Array.from(escalate),
    targets: Int32Array.from(targets),
    targetEscalates: Uint8Array.from(targetEscalates),
    cumulative: Float64Array.from(cumulative),
    ruleAttribute: Int32Array.from(ruleAttribute),
    ruleOp: Int8Array.from(ruleOp),
    ruleValue: Float64Array.from(ruleValue),
    ruleThen: Int32Array.from(ruleThen),
    rowOf,
    failureRow,
    hitRow,
    exitRow,
  };
}
