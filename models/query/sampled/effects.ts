// Effects (agent.<a>.to.<b>) from a replication's measured throughput: each departure from a sends
// on average weight(a -> b) copies to b, so the flow is throughput * weight, replication by
// replication. This holds when every class leaves a by the same probabilistic route (failures
// and cache hits included: each is a coin flip per departure).

import { routeWeights } from '../../analytic/flows.js';
import { routeProblems } from '../../analytic/scope.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';

export type EffectSource =
  | { readonly kind: 'derived'; readonly throughputMetric: string; readonly weight: number }
  | { readonly kind: 'declined'; readonly why: string };

export function effectSource(spec: NetworkSpec, from: string, to: string): EffectSource {
  const a = spec.agents.findIndex((x) => x.name === from);
  const agent = spec.agents[a];
  if (agent === undefined) return { kind: 'declined', why: `no agent '${from}'` };
  if (spec.classes.some((c) => c.routes[a] !== undefined)) {
    return { kind: 'declined', why: `classes route differently from '${from}', and replications do not record its throughput per class` };
  }
  const problems: string[] = [];
  routeProblems(agent.next, `'${from}'`, problems);
  if (agent.onFailure !== undefined) routeProblems(agent.onFailure, `'${from}'`, problems);
  if (agent.kind === 'cache') {
    routeProblems(agent.onHit, `'${from}'`, problems);
    if (agent.policy.kind !== 'probability') problems.push(`'${from}' is a keyed cache, whose hit rate replications do not split by target`);
  }
  if (agent.retry !== undefined || agent.timeout !== undefined) problems.push(`'${from}' retries or times out calls, which changes what leaves it`);
  if (problems.length > 0) return { kind: 'declined', why: `the split of '${from}'s departures is not a fixed probability: ${problems.join('; ')}` };
  const target = to === 'exit' ? -1 : spec.agents.findIndex((x) => x.name === to);
  return { kind: 'derived', throughputMetric: `agent.${from}.throughput`, weight: routeWeights(spec, a).get(target) ?? 0 };
}
