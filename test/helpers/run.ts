// Run-to-stage helpers for tests: a scenario from YAML text, and its results.

import { readFileSync } from 'node:fs';
import { Experiment } from '../../models/run/experiment.js';
import type { MetricSummary, Results } from '../../models/run/results.js';
import { loadScenario } from '../../models/scenario/index.js';
import type { Scenario } from '../../models/scenario/core/types.js';

/** `files`: contents of files the scenario names (a trace), by the path it gives; others are read from disk. */
export function scenarioFromText(text: string, overrides: readonly string[] = [], files: Readonly<Record<string, string>> = {}): Scenario {
  return loadScenario('test.yaml', text, { readFile: (p) => files[p] ?? readFileSync(p, 'utf8'), overrides });
}

export function runText(text: string, overrides: readonly string[] = [], files: Readonly<Record<string, string>> = {}): Results {
  return new Experiment(scenarioFromText(text, overrides, files), 'test').runToEnd();
}

export function metric(r: Results, name: string): MetricSummary {
  const m = r.metrics[name];
  if (m === undefined) throw new Error(`no metric ${name}; have ${Object.keys(r.metrics).join(', ')}`);
  return m;
}

/** An M/M/1 queue at utilisation 0.95 (mean service 1 s), 10 replications of an hour from empty with no warm-up: mean time 20 s, its queue slow to fill. */
export const MM1_FROM_EMPTY = `
name: mm1-from-empty
horizon: 3600s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 0.95/s }, entry: server }
agents:
  server: { servers: 1, service: { dist: exponential, mean: 1s } }
`;
