import type { AgentSpec, StationAgent } from '../../../sim/network/spec.js';
// Shared fixtures for the scenario loader's tests: the minimal M/M/4 scenario, line edits on it,
// and loading that returns the diagnostics instead of throwing.

import { loadScenario } from '../../../models/scenario/index.js';
import type { Diagnostic, LoadOptions, Scenario } from '../../../models/scenario/index.js';
import { ScenarioError } from '../../../models/scenario/types.js';

/** Line numbers matter: the malformed-scenario table refers to them. */
export const MINIMAL = [
  'name: mm4', // 1
  'description: One M/M/4 station, to check against Erlang C   # free text', // 2
  'seed: 7', // 3
  'horizon: 20000s      # simulated time per replication', // 4
  'warmup: 2000s', // 5
  'replications: 10', // 6
  'workload:', // 7
  '  requests:                                   # class name', // 8
  '    arrivals: { process: poisson, rate: 3.2/s }', // 9
  '    entry: worker', // 10
  'agents:', // 11
  '  worker:', // 12
  '    servers: 4', // 13
  '    service: { dist: exponential, mean: 1s }', // 14
  '    # next: [{ to: checker, p: 0.8 }, { to: exit, p: 0.2 }]   (default: exit)', // 15
].join('\n') + '\n';

/** The minimal scenario with 1-based lines replaced and extra lines appended after line 15. */
export function edit(replace: Readonly<Record<number, string>>, append: readonly string[] = []): string {
  const lines = MINIMAL.trimEnd().split('\n');
  for (const [n, text] of Object.entries(replace)) lines[Number(n) - 1] = text;
  return [...lines, ...append].join('\n') + '\n';
}

export const noFiles = (path: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`);
};

export function load(text: string, options: Partial<LoadOptions> = {}): Scenario {
  return loadScenario('test.yaml', text, { readFile: options.readFile ?? noFiles, overrides: options.overrides ?? [] });
}

/** The diagnostics of a scenario that must be rejected; throws if it loads. */
export function diagnosticsOf(text: string, options: Partial<LoadOptions> = {}): readonly Diagnostic[] {
  try {
    load(text, options);
  } catch (error) {
    if (error instanceof ScenarioError) return error.diagnostics;
    throw error;
  }
  throw new Error('the scenario loaded, but diagnostics were expected');
}

/** The agent as a station (the kind every agent of these fixtures is), failing clearly otherwise. */
export function station(a: AgentSpec | undefined): StationAgent {
  if (a?.kind !== 'station') throw new Error(`expected a station agent, found ${a?.kind ?? 'nothing'}`);
  return a;
}
