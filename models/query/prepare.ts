// From a scenario source and a request (what-if overrides, an optional counterfactual, metrics,
// confidence, precision, budget) to a validated Query: every user mistake is found here, before
// any backend runs.

import { loadScenario, type Scenario } from '../scenario/index.js';
import { checkMetrics, metricCatalogue } from './catalogue.js';
import { QueryError } from './errors.js';
import { isolateAgent, resolveInput } from './isolate.js';
import type { Query, ScenarioSource } from './types.js';

export interface QueryRequest {
  readonly metrics: readonly string[];
  /** Agents whose effects (request rates to each agent they send to) are added to the metrics. */
  readonly effects?: readonly string[];
  /** What-if overrides: `path=value`, or relative `path*=1.4`, `path+=2`, `path-=1`. */
  readonly set?: readonly string[];
  /** Further overrides giving the counterfactual; the answers are then its difference from the scenario. */
  readonly versus?: readonly string[];
  /** Default: the scenario's `confidence`. */
  readonly confidence?: number;
  /** Relative half-width wanted; default 0.05. */
  readonly precision?: number;
  /** Wall-clock budget in ms; default none. */
  readonly budgetMs?: number;
  /**
   * Ask one agent's own model instead of the whole network: the agent alone, fed Poisson arrivals
   * at `input` per second (default: the rate the scenario's traffic equations send it).
   */
  readonly agent?: { readonly name: string; readonly input?: number };
}

export const DEFAULT_PRECISION = 0.05;

export function prepareQuery(source: ScenarioSource, request: QueryRequest): Query {
  const load = (overrides: readonly string[]) => loadScenario(source.file, source.text, { readFile: source.readFile, overrides });
  const agent = request.agent;
  const full = load(request.set ?? []);
  // As applied: relative overrides resolved (the learned backend reads its knobs from them).
  const set = full.overrides;
  // Both sides get the same input, so a difference measures the agent's own policies.
  const input = agent === undefined ? 0 : resolveInput(full, agent.name, agent.input);
  const isolate = (s: Scenario) => (agent === undefined ? s : isolateAgent(s, agent.name, input));
  const scenario = isolate(full);
  const versusFull = request.versus === undefined ? undefined : load([...set, ...request.versus]);
  const versusSet = versusFull?.overrides;
  const versus = versusFull === undefined ? undefined : isolate(versusFull);
  const confidence = request.confidence ?? scenario.confidence;
  if (!(confidence > 0 && confidence < 1)) throw new QueryError(`confidence: expected a number between 0 and 1 (exclusive), found ${confidence}`);
  const precision = request.precision ?? DEFAULT_PRECISION;
  if (!(precision > 0) || !Number.isFinite(precision)) throw new QueryError(`precision: expected a relative half-width > 0 such as 0.05, found ${precision}`);
  const budgetMs = request.budgetMs ?? Infinity;
  if (!(budgetMs > 0)) throw new QueryError(`budget: expected a duration > 0, found ${budgetMs} ms`);
  const catalogue = metricCatalogue(scenario);
  const metrics = [...request.metrics];
  for (const agent of request.effects ?? []) {
    const targets = catalogue.effects.get(agent);
    if (targets === undefined) throw new QueryError(`--effects ${agent}: no such agent; expected one of ${[...catalogue.effects.keys()].join(', ')}`);
    metrics.push(...targets.map((t) => `agent.${agent}.to.${t}`));
  }
  checkMetrics(catalogue, metrics);
  if (versus !== undefined) checkMetrics(metricCatalogue(versus), metrics);
  return {
    scenario, versus, metrics, units: catalogue.units, confidence, precision, budgetMs, isolated: agent?.name,
    origin: { source, set, versus: versusSet },
  };
}
