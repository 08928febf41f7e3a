// The queueing networks the engine benchmarks run: M/M/c stations in series, as in
// ../shared/bench/heap-loop.mjs, so the two can be compared event for event.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { Replication } from '../../sim/network/engine.js';

export interface TandemCase {
  readonly name: string;
  readonly stages: number;
  readonly servers: number;
  readonly rho: number;
}

export const ENGINE_CASES: readonly TandemCase[] = [
  { name: 'mm4', stages: 1, servers: 4, rho: 0.8 },
  { name: 'tandem3', stages: 3, servers: 4, rho: 0.8 },
];

export function tandemSpec(c: TandemCase): NetworkSpec {
  const names = Array.from({ length: c.stages }, (_, i) => `stage${i + 1}`);
  return {
    attributes: [],
    models: [],
    pools: [],
    agents: names.map((name, i) => ({
      kind: 'station',
      name,
      failure: 0,
      onFailure: undefined,
      costPerCall: 0,
      servers: c.servers,
      capacity: Infinity,
      service: { dist: 'exponential', mean: 1 },
      next: i + 1 < c.stages ? { kind: 'agent', to: i + 1, escalate: false } : { kind: 'exit' },
    })),
    classes: [{ name: 'requests', arrivals: { process: 'poisson', rate: c.rho * c.servers }, entry: 0, routes: [], attributes: [] }],
  };
}

export interface EngineRun {
  readonly wallS: number;
  readonly customers: number;
  /** Two model events (arrival, departure) per customer per station, as heap-loop counts them. */
  readonly modelEvents: number;
  readonly meanWait: number;
}

/** Simulates about `customers` customers with every metric on (sketch percentiles). */
export function runEngine(c: TandemCase, customers: number, seed: number): EngineRun {
  const spec = tandemSpec(c);
  const horizon = customers / (c.rho * c.servers);
  const t0 = performance.now();
  const rep = new Replication(spec, {
    seed, replication: 0, horizon, warmup: 0, percentiles: 'sketch', sketchAccuracy: 0.01, seriesWindow: 0,
    timeseriesWindow: 0, traceRequests: false,
  });
  rep.advance(Infinity, Infinity);
  const stats = rep.snapshot();
  const wallS = (performance.now() - t0) / 1000;
  let departures = 0;
  for (let a = 0; a < c.stages; a++) departures += stats.agents.departures[a]!;
  const done = stats.classes[0]!.completed;
  return { wallS, customers: done, modelEvents: 2 * departures, meanWait: stats.agents.waitSum[0]! / stats.agents.departures[0]! };
}
