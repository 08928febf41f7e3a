// What the closed forms cover, as a whitelist: every field of the network, its agents, classes and
// routes must be one the analytic model knows and at a value it handles. A field added to the engine
// later is therefore declined by name until the analytic model learns it, never silently ignored.

import type { AgentSpec, ClassSpec, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';
import { arrivalShape } from '../../sim/network/arrival-process.js';
import { visitRoute } from '../../sim/network/route-kinds.js';

/** Fields whose meaning the analytic model accounts for (or that cannot change performance). */
// A cache's quality only marks the requests it answers (quality.mean, which the closed forms do not answer).
const KNOWN_AGENT = new Set(['name', 'kind', 'next', 'failure', 'onFailure', 'costPerCall', 'servers', 'capacity', 'service', 'discipline', 'lookup', 'onHit', 'policy', 'quality']);
const KNOWN_CLASS = new Set(['name', 'arrivals', 'entry', 'routes', 'attributes', 'priority']);
// priorityValues only provisions levels a controller may use: the order of the classes is unchanged.
const KNOWN_NETWORK = new Set(['agents', 'classes', 'attributes', 'models', 'pools', 'priorityValues']);
const KNOWN_ROUTE = {
  exit: new Set(['kind']),
  agent: new Set(['kind', 'to', 'escalate']),
  random: new Set(['kind', 'to', 'p', 'escalate']),
  fork: new Set(['kind', 'branches', 'then', 'need']),
} as const;

/** Keys set to something other than undefined that are not in `known`. */
function unknownKeys(o: object, known: ReadonlySet<string>): string[] {
  return Object.entries(o).filter(([k, v]) => v !== undefined && !known.has(k)).map(([k]) => k);
}

export function routeProblems(r: RouteSpec, where: string, out: string[]): void {
  const fields = (route: RouteSpec, known: ReadonlySet<string>) => {
    const extra = unknownKeys(route, known);
    if (extra.length > 0) out.push(`${where} has a route with ${extra.join(', ')}, which the analytic model does not know`);
  };
  visitRoute<void>(r, {
    exit: (x) => fields(x, KNOWN_ROUTE.exit),
    agent: (x) => fields(x, KNOWN_ROUTE.agent),
    random: (x) => fields(x, KNOWN_ROUTE.random),
    fork: (x) => {
      fields(x, KNOWN_ROUTE.fork);
      if (x.need !== undefined && x.need < x.branches.length) out.push(`${where} forks with early termination (need ${x.need} of ${x.branches.length})`);
      routeProblems(x.then, where, out);
    },
    speculate: () => { out.push(`${where} uses a 'speculate' route (not modelled analytically)`); },
    condition: () => { out.push(`${where} uses a 'condition' route (its split depends on request attributes)`); },
  });
}

function agentProblems(a: AgentSpec, out: string[]): void {
  const where = `agent '${a.name}'`;
  const extra = unknownKeys(a, KNOWN_AGENT);
  if (extra.length > 0) out.push(`${where} uses ${extra.join(', ')}, which the analytic model does not know`);
  if (a.kind === 'llm') out.push(`${where} is an LLM agent (batched GPU serving has no closed form here)`);
  if (a.kind === 'cache' && a.policy.kind !== 'probability') out.push(`${where} is a keyed cache (hits depend on the request history)`);
  if (a.kind === 'station' && a.discipline !== undefined && a.discipline !== 'fcfs') out.push(`${where} serves by priority ('${a.discipline}')`);
  routeProblems(a.next, where, out);
  if (a.onFailure !== undefined) routeProblems(a.onFailure, where, out);
  if (a.kind === 'cache') routeProblems(a.onHit, where, out);
}

function classProblems(c: ClassSpec, out: string[]): void {
  const where = `class '${c.name}'`;
  const extra = unknownKeys(c, KNOWN_CLASS);
  if (extra.length > 0) out.push(`${where} uses ${extra.join(', ')}, which the analytic model does not know`);
  const p = c.arrivals.process;
  const shape = arrivalShape(c.arrivals).kind;
  if (shape === 'varying') out.push(`${where} has a time-varying arrival rate (no steady state)`);
  else if (p === 'trace') out.push(`${where} replays a trace (arrivals are not a renewal process)`);
  else if (shape !== 'renewal') out.push(`${where} arrives by '${p}' (not an open renewal process)`);
  c.routes.forEach((r) => { if (r !== undefined) routeProblems(r, where, out); });
}

/** Whether the route is a fork (a fork nested in another route sits in one declined above, or in a fork's `then`). */
function hasFork(r: RouteSpec): boolean {
  return visitRoute<boolean>(r, { exit: () => false, agent: () => false, random: () => false, fork: () => true, speculate: () => false, condition: () => false });
}

/** Why the closed forms cannot describe a network at all (empty: they can). */
export function unsupportedFeatures(spec: NetworkSpec): string[] {
  const why: string[] = [];
  const extra = unknownKeys(spec, KNOWN_NETWORK).filter((k) => k !== 'budgets' || (spec.budgets?.length ?? 0) > 0);
  if (extra.length > 0) why.push(`the network uses ${extra.join(', ')}, which the analytic model does not know`);
  for (const a of spec.agents) agentProblems(a, why);
  for (const c of spec.classes) classProblems(c, why);
  const forks = spec.agents.some((a) => hasFork(a.next)) || spec.classes.some((c) => c.routes.some((r) => r !== undefined && hasFork(r)));
  if (forks && spec.agents.some((a) => a.kind === 'station' && Number.isFinite(a.capacity))) {
    why.push('forks together with finite capacity (a rejected branch fails its whole request)');
  }
  return why;
}
