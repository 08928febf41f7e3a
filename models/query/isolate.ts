// One agent's own performance model M : I x P -> O x E: the agent alone, its input I a Poisson
// stream at a given rate (by default the rate the traffic equations send it), its policies P as
// in the scenario, every other agent a zero-time router to exit so that its effects E
// (agent.<a>.to.<b>) keep their names. Every backend answers it like any other scenario.

import { routeWeights } from '../analytic/flows.js';
import { agentArrivalRates, visitRatios } from '../analytic/traffic.js';
import type { AgentSpec, ClassSpec } from '../../sim/network/spec.js';
import type { Scenario } from '../scenario/index.js';
import { QueryError } from './errors.js';

/**
 * Requests per second reaching the agent from outside itself (other agents and arrivals): the
 * traffic-equation rate less its own loop back to itself, or undefined when routing hides it.
 */
export function inputRate(s: Scenario, a: number): number | undefined {
  const { rates, unknown } = agentArrivalRates(s.network);
  if (unknown.length > 0) return undefined;
  let self = 0;
  try {
    self = routeWeights(s.network, a).get(a) ?? 0;
  } catch {
    return undefined; // a route kind the flow model does not know
  }
  return rates[a]! * (1 - self);
}

function agentIndex(s: Scenario, name: string): number {
  const a = s.network.agents.findIndex((x) => x.name === name);
  if (a < 0) throw new QueryError(`--agent ${name}: no such agent; expected one of ${s.network.agents.map((x) => x.name).join(', ')}`);
  return a;
}

/** The input rate asked for, or the scenario's own; checked. */
export function resolveInput(s: Scenario, name: string, rate: number | undefined): number {
  const input = rate ?? inputRate(s, agentIndex(s, name));
  if (input === undefined) throw new QueryError(`--agent ${name}: its input rate depends on request attributes or cache keys; give it with --input, e.g. --input 3/s`);
  if (!(input > 0) || !Number.isFinite(input)) throw new QueryError(`--input: expected a rate > 0 reaching agent '${name}', found ${input}`);
  return input;
}

export function isolateAgent(s: Scenario, name: string, input: number): Scenario {
  const spec = s.network;
  const a = agentIndex(s, name);
  const router = (x: AgentSpec): AgentSpec => ({ kind: 'router', name: x.name, next: { kind: 'exit' }, failure: 0, onFailure: undefined, costPerCall: 0 });
  // Token counts and other attributes come from the class that sends the agent the most requests.
  const visits = visitRatios(spec);
  let source: ClassSpec | undefined;
  let best = -1;
  spec.classes.forEach((c, ci) => {
    const v = visits[ci];
    const flow = v?.kind === 'known' ? v.visits[a]! : 0;
    if (flow > best) { best = flow; source = c; }
  });
  const cls: ClassSpec = {
    name: 'input', arrivals: { process: 'poisson', rate: input }, entry: a,
    routes: spec.agents.map(() => undefined), attributes: source?.attributes ?? [],
  };
  return {
    ...s,
    name: `${s.name}:${name}`,
    description: `agent '${name}' alone, fed Poisson arrivals at ${input}/s`,
    network: { ...spec, agents: spec.agents.map((x, i) => (i === a ? x : router(x))), classes: [cls], budgets: [] },
  };
}
