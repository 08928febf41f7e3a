// The flows of an open network as the analytic backend sees it: per class the expected copies sent
// along each edge, the arrival rates at each agent (thinned by losses at full agents), and the
// structural facts that decide which closed forms hold exactly (cycles, ancestors, fork joins).

import type { AgentSpec, ClassSpec, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';
import { createSampler, ExponentialSampler, type Sampler } from '../../sim/random/distributions.js';
import { arrivalShape } from '../../sim/network/arrival-process.js';
import { visitRoute } from '../../sim/network/route-kinds.js';
import { solveLinear } from '../analysis/linear-solve.js';

/** Edge target of a failed call that has no failure route: the request ends, counted failed. */
export const FAILED = -2;

/** How a copy reaches an agent: a plain route, a fork branch, or the continuation after a join. */
export type EdgeVia = 'route' | 'branch' | 'join';

export interface Edge {
  readonly from: number;
  /** Target agent, -1 for exit, or FAILED when a failed call ends the request. */
  readonly to: number;
  /** Expected copies sent along the edge per departure from `from`. */
  readonly weight: number;
  readonly via: EdgeVia;
}

/**
 * One agent as the closed forms see it: a station with servers; a router, which takes no time; or
 * a delay without queueing (a cache lookup: an M/G/infinity node, whose output is Poisson for
 * Poisson input and which keeps product form).
 */
export type Node =
  | { readonly kind: 'station'; readonly servers: number; readonly capacity: number; readonly service: Sampler; readonly exponential: boolean }
  | { readonly kind: 'router' }
  | { readonly kind: 'delay'; readonly time: Sampler };

export interface Flows {
  readonly nodes: readonly Node[];
  /** edges[c]: the edges class c follows. */
  readonly edges: readonly (readonly Edge[])[];
  /** Entry agent of each class. */
  readonly entries: readonly number[];
  readonly classRates: readonly number[];
  /** Squared cv of each class's inter-arrival times (1 Poisson, 0 evenly spaced). */
  readonly classScv: readonly number[];
  readonly classPoisson: readonly boolean[];
  /** arrivals[c][a]: class c arrivals per second at agent a (rejected ones included). */
  readonly arrivals: readonly (readonly number[])[];
  /** Probability that an arrival at the agent is accepted (1 without capacity). */
  readonly acceptance: readonly number[];
  readonly onCycle: readonly boolean[];
  /** ancestors[a]: the agents from which a copy can reach a (a itself only when on a cycle). */
  readonly ancestors: readonly (readonly number[])[];
  /** Whether the agent receives the continuation of a join, or copies from two branches of one fork. */
  readonly afterJoin: readonly boolean[];
}

function nodeOf(a: AgentSpec): Node {
  if (a.kind === 'cache') return { kind: 'delay', time: createSampler(a.lookup) };
  if (a.kind !== 'station') return { kind: 'router' };
  const service = createSampler(a.service);
  return { kind: 'station', servers: a.servers, capacity: a.capacity, service, exponential: service instanceof ExponentialSampler };
}

const outside = (r: RouteSpec): never => { throw new Error(`'${r.kind}' routes are outside the analytic model (unsupportedFeatures says so first)`); };

function routeEdges(from: number, route: RouteSpec, weight: number, via: EdgeVia, out: Edge[]): void {
  visitRoute<void>(route, {
    exit: () => { out.push({ from, to: -1, weight, via }); },
    agent: (r) => { out.push({ from, to: r.to, weight, via }); },
    random: (r) => { r.to.forEach((to, i) => { if (r.p[i]! > 0) out.push({ from, to, weight: weight * r.p[i]!, via }); }); },
    fork: (r) => {
      for (const b of r.branches) out.push({ from, to: b, weight, via: 'branch' });
      routeEdges(from, r.then, weight, 'join', out);
    },
    speculate: outside,
    condition: outside,
  });
}

/**
 * The edges out of agent `a` for a class whose route there is `route`: a failed call (probability
 * `failure`) takes the failure route or ends the request; a cache hit takes `onHit`; the rest `route`.
 * The engine decides in that order.
 */
function agentEdges(agent: AgentSpec, a: number, route: RouteSpec, out: Edge[]): void {
  let onward = 1;
  if (agent.failure > 0) {
    if (agent.onFailure === undefined) out.push({ from: a, to: FAILED, weight: agent.failure, via: 'route' });
    else routeEdges(a, agent.onFailure, agent.failure, 'route', out);
    onward -= agent.failure;
  }
  if (agent.kind === 'cache' && agent.policy.kind === 'probability') {
    routeEdges(a, agent.onHit, onward * agent.policy.hit, 'route', out);
    onward *= 1 - agent.policy.hit;
  }
  routeEdges(a, route, onward, 'route', out);
}

/** Expected copies sent to each target (-1: exit, FAILED) per departure from agent `a` by its default route. */
export function routeWeights(spec: NetworkSpec, a: number): Map<number, number> {
  const edges: Edge[] = [];
  agentEdges(spec.agents[a]!, a, spec.agents[a]!.next, edges);
  const out = new Map<number, number>();
  for (const e of edges) out.set(e.to, (out.get(e.to) ?? 0) + e.weight);
  return out;
}

function classEdges(spec: NetworkSpec, c: ClassSpec): Edge[] {
  const out: Edge[] = [];
  spec.agents.forEach((a, i) => agentEdges(a, i, c.routes[i] ?? a.next, out));
  return out;
}

/**
 * Arrival rates per class and agent for given acceptance probabilities: x = lambda e + x diag(acc) W,
 * solved as a linear system. Undefined when some class can never leave (no finite solution).
 */
function classArrivals(n: number, entry: number, rate: number, edges: readonly Edge[], acceptance: readonly number[]): number[] | undefined {
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (const e of edges) if (e.to >= 0) a[e.to]![e.from]! -= acceptance[e.from]! * e.weight;
  const x = solveLinear(a, Array.from({ length: n }, (_, i) => (i === entry ? rate : 0)));
  return x !== undefined && x.every((v) => Number.isFinite(v) && v >= -1e-9 * rate) ? x.map((v) => Math.max(0, v)) : undefined;
}

/** M/M/c/K blocking by the normalised ratio recurrence (stable for thousands of states). */
export function blockingMmck(lambda: number, mu: number, c: number, K: number): number {
  const a = lambda / mu;
  let p = 1;
  let total = 1;
  for (let n = 1; n <= K; n++) {
    p *= a / Math.min(n, c);
    total += p;
    if (total > 1e250) { p /= total; total = 1; }
  }
  return p / total;
}

export type FlowsResult =
  | { readonly kind: 'ok'; readonly flows: Flows }
  | { readonly kind: 'unbounded'; readonly classes: readonly string[] };

/** Requires unsupportedFeatures(spec) to be empty. */
export function analyseFlows(spec: NetworkSpec): FlowsResult {
  const n = spec.agents.length;
  const nodes = spec.agents.map(nodeOf);
  const edges = spec.classes.map((c) => classEdges(spec, c));
  const shapes = spec.classes.map((c) => arrivalShape(c.arrivals));
  const classRates = shapes.map((s) => (s.kind === 'renewal' ? s.rate : NaN));
  const acceptance = new Array<number>(n).fill(1);
  let arrivals: number[][] = [];
  // Losses thin the flows downstream, which changes the losses: iterate to the fixed point.
  for (let iteration = 0; iteration < 500; iteration++) {
    const solved = spec.classes.map((c, ci) => classArrivals(n, c.entry, classRates[ci]!, edges[ci]!, acceptance));
    const unbounded = spec.classes.filter((_, ci) => solved[ci] === undefined).map((c) => c.name);
    if (unbounded.length > 0) return { kind: 'unbounded', classes: unbounded };
    arrivals = solved as number[][];
    let change = 0;
    nodes.forEach((node, a) => {
      if (node.kind !== 'station' || !Number.isFinite(node.capacity)) return;
      const lambda = arrivals.reduce((s, row) => s + row[a]!, 0);
      const accept = 1 - blockingMmck(lambda, 1 / node.service.mean, node.servers, node.capacity);
      change = Math.max(change, Math.abs(accept - acceptance[a]!));
      acceptance[a] = accept;
    });
    if (change <= 1e-15) break;
  }
  const structure = structureOf(n, spec, edges);
  return {
    kind: 'ok',
    flows: {
      nodes, edges, entries: spec.classes.map((c) => c.entry), classRates, arrivals, acceptance, ...structure,
      classScv: shapes.map((s) => (s.kind === 'renewal' ? s.scv : 1)),
      classPoisson: shapes.map((s) => s.kind === 'renewal' && s.poisson),
    },
  };
}

function structureOf(n: number, spec: NetworkSpec, edges: readonly (readonly Edge[])[]) {
  const succ: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const afterJoin = new Array<boolean>(n).fill(false);
  for (const list of edges) {
    for (const e of list) {
      if (e.to < 0) continue;
      succ[e.from]!.add(e.to);
      if (e.via === 'join') afterJoin[e.to] = true;
    }
  }
  const reach = (from: number, next: readonly Set<number>[]): Set<number> => {
    const seen = new Set<number>();
    const stack = [...next[from]!];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...next[x]!);
    }
    return seen;
  };
  const reachable = Array.from({ length: n }, (_, a) => reach(a, succ));
  const onCycle = reachable.map((r, a) => r.has(a));
  const ancestors = Array.from({ length: n }, (_, a) => reachable.flatMap((r, u) => (r.has(a) ? [u] : [])));
  // Copies of one request that meet again at an agent are not independent arrivals.
  spec.classes.forEach((_, ci) => {
    const classSucc: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
    for (const e of edges[ci]!) if (e.to >= 0 && e.via !== 'join') classSucc[e.from]!.add(e.to);
    const forks = new Map<number, number[]>();
    for (const e of edges[ci]!) if (e.via === 'branch') forks.set(e.from, [...(forks.get(e.from) ?? []), e.to]);
    for (const branches of forks.values()) {
      const seen = new Map<number, number>();
      for (const b of branches) for (const x of new Set([b, ...reach(b, classSucc)])) seen.set(x, (seen.get(x) ?? 0) + 1);
      for (const [x, count] of seen) if (count > 1) afterJoin[x] = true;
    }
  });
  return { onCycle, ancestors, afterJoin };
}
