// A small LLM pipeline built with the engine-test spec helpers (the scenario format for LLM agents
// lives in models/scenario): a semantic cache in front of a retriever and an LLM answer served on
// a priced GPU pool, so its report has real TTFT, cost, cache and GPU metrics.

import { det, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station, to } from '../helpers/specs.js';
import type { AgentSpec } from '../../sim/network/spec.js';
import type { Scenario } from '../../models/scenario/core/types.js';

export function llmScenario(): Scenario {
  const cache: AgentSpec = {
    kind: 'cache', name: 'semantic', failure: 0, onFailure: undefined, costPerCall: 0,
    policy: { kind: 'probability', hit: 0.3 }, lookup: det(0.02), onHit: { kind: 'exit' }, next: to(1),
  };
  const net = network({
    agents: [cache, station('retriever', 4, { dist: 'exponential', mean: 0.2 }, to(2), { costPerCall: 0.001 }), llm('answer', 0, 600, 150)],
    classes: [poissonClass('chat', 3, 0), poissonClass('search', 1, 0)],
    models: [model('llama-8b', linearProfile(0.01, 0.00002, 0.0002, 0.0000001), [1e-7, 3e-7])],
    pools: [gpuPool('a100', 0, 2, 200_000, { pricePerHour: 2.5 })],
  });
  return { ...scenarioOf(net, { horizon: 600, warmup: 60, replications: 4, seed: 5 }), name: 'llm-pipeline', description: 'Semantic cache, retriever and an LLM answer on a priced GPU pool' };
}
