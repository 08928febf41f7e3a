// The metrics a query may ask for: every metric a replication reports (declared by the metric
// catalogue, the same declaration results.json is built from) plus the agents' effects on others,
// `agent.<a>.to.<b>`: requests per second that agent a sends to agent b (or to exit).

import { EXIT_TARGET, routeTargets } from '../../sim/network/route-kinds.js';
import type { RouteSpec, NetworkSpec } from '../../sim/network/spec.js';
import { declaredMetrics } from '../run/declared-metrics.js';
import type { Unit } from '../run/metric-catalogue.js';
import { requirePlain } from '../run/replicate.js';
import type { Scenario } from '../scenario/index.js';
import { suggest } from '../suggest.js';
import { QueryError } from './errors.js';

export interface Catalogue {
  readonly units: ReadonlyMap<string, Unit>;
  /** For each agent, the targets of its outgoing effects (agent names and 'exit'). */
  readonly effects: ReadonlyMap<string, readonly string[]>;
}

const EFFECT = /^agent\.(.+)\.to\.([^.]+)$/;

/** Parses an effect metric name into (from, to), or undefined for other metrics. */
export function parseEffect(metric: string): { from: string; to: string } | undefined {
  const m = EFFECT.exec(metric);
  return m === null ? undefined : { from: m[1]!, to: m[2]! };
}

/** Adds the names of the agents (or 'exit') that `route` and the routes nested in it can send to. */
function targets(route: RouteSpec, spec: NetworkSpec, out: Set<string>): void {
  for (const t of routeTargets(route)) out.add(t === EXIT_TARGET ? 'exit' : spec.agents[t]!.name);
}

export function metricCatalogue(scenario: Scenario): Catalogue {
  // The backends replay plain replications: a scenario with a timeline or coordination is refused here.
  requirePlain(scenario);
  const spec = scenario.network;
  const units = new Map<string, Unit>(declaredMetrics(spec).map((m) => [m.name, m.unit]));
  const effects = new Map<string, readonly string[]>();
  spec.agents.forEach((a, i) => {
    const out = new Set<string>();
    targets(a.next, spec, out);
    if (a.onFailure !== undefined) targets(a.onFailure, spec, out);
    if (a.kind === 'cache') targets(a.onHit, spec, out);
    for (const c of spec.classes) { const r = c.routes[i]; if (r !== undefined) targets(r, spec, out); }
    effects.set(a.name, [...out].sort());
    for (const to of out) units.set(`agent.${a.name}.to.${to}`, '1/s');
  });
  return { units, effects };
}

/** Throws a QueryError naming the first unknown metric and the closest known one. */
export function checkMetrics(catalogue: Catalogue, metrics: readonly string[]): void {
  if (metrics.length === 0) throw new QueryError('expected at least one --metric (e.g. --metric e2e.p95) or --effects AGENT, found none; see apmsim query --help');
  for (const m of metrics) {
    if (catalogue.units.has(m)) continue;
    const effect = parseEffect(m);
    const sends = effect === undefined ? undefined : catalogue.effects.get(effect.from);
    if (effect !== undefined && sends !== undefined) {
      throw new QueryError(`unknown metric '${m}': agent '${effect.from}' sends requests only to ${sends.join(', ')}`);
    }
    const hint = suggest(m, catalogue.units.keys());
    const examples = ['e2e.p95', 'throughput', [...catalogue.units.keys()].find((k) => k.startsWith('agent.')) ?? ''].filter((x) => x !== '');
    throw new QueryError(`unknown metric '${m}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; expected a metric of results.json (e.g. ${examples.join(', ')}) or agent.<a>.to.<b>`);
  }
}
