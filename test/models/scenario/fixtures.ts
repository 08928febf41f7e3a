// Shared fixtures for the scenario loader's tests: the minimal M/M/4 scenario, line edits on it,
// loading that returns the diagnostics instead of throwing, and the table of malformed scenarios.

import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AgentSpec, StationAgent } from '../../../sim/network/spec.js';
import { formatDiagnostic, loadScenario } from '../../../models/scenario/index.js';
import type { Diagnostic, LoadOptions, Scenario } from '../../../models/scenario/index.js';
import { ScenarioError } from '../../../models/scenario/core/types.js';

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

/** A malformed scenario and the diagnostic it must get. */
export interface DiagnosticCase {
  readonly name: string;
  readonly text: string;
  readonly options?: Partial<LoadOptions>;
  /** The diagnostic to find, by dotted path. */
  readonly path: string;
  /** Its line (0: the file as a whole, with column 0). */
  readonly line: number;
  /** Must occur in 'expected <expected>, found <found>'. */
  readonly fragment: string;
  /** The whole `found`, when it matters. */
  readonly found?: string;
  /** How many diagnostics in all, when one mistake must not cascade. */
  readonly count?: number;
}

/** One test per case in `table`: the diagnostic is there, located, and says what it should. */
export function diagnosticCases(table: Test, cases: readonly DiagnosticCase[]): void {
  for (const c of cases) {
    table(c.name, () => {
      const diagnostics = diagnosticsOf(c.text, c.options);
      const all = diagnostics.map(formatDiagnostic).join('\n');
      const d = diagnostics.find((x) => x.path === c.path);
      assert.ok(d !== undefined, `no diagnostic at '${c.path}'; got:\n${all}`);
      assert.is(d!.file, 'test.yaml');
      assert.is(d!.line, c.line, `line of ${c.path}; got:\n${all}`);
      assert.ok(c.line === 0 ? d!.column === 0 : d!.column > 0, 'column');
      const text = `expected ${d!.expected}, found ${d!.found}`;
      assert.ok(text.includes(c.fragment), `'${c.fragment}' not in: ${text}`);
      if (c.found !== undefined) assert.is(d!.found, c.found);
      if (c.count !== undefined) assert.is(diagnostics.length, c.count, `diagnostics:\n${all}`);
    });
  }
}

/** The agent as a station (the kind every agent of these fixtures is), failing clearly otherwise. */
export function station(a: AgentSpec | undefined): StationAgent {
  if (a?.kind !== 'station') throw new Error(`expected a station agent, found ${a?.kind ?? 'nothing'}`);
  return a;
}

/** A serving scenario using every new section; lines with a bare `#` are free for insertions. */
export const SERVING = [
  'name: serving', // 1
  'horizon: 100s', // 2
  'models:', // 3
  '  small:', // 4
  '    profile: llama3-8b-h100', // 5
  '    price: { input: 0.15, output: 0.6 }', // 6
  '    quality: 0.72', // 7
  '  large:', // 8
  '    profile: { fixed: 9ms, prefill_token: 60us, decode_sequence: 120us, kv_token: 0.3us, kv_bytes_per_token: 320KiB }', // 9
  '#', // 10
  'gpus:', // 11
  '  pool-a: { model: small, replicas: 2, kv_memory: 40GiB, max_batch: 64, prefill_chunk: 512, kv_policy: reserve, price_per_hour: 4.1, prefix_cache: 2000 }', // 12
  '  pool-b: { model: large, kv_memory: 100GB }', // 13
  '#', // 14
  'workload:', // 15
  '  chat:', // 16
  '    arrivals: { process: poisson, rate: 5/s }', // 17
  '    entry: router', // 18
  '    attributes:', // 19
  '      prompt_tokens: { dist: uniform, min: 100, max: 3000 }', // 20
  '      output_tokens: { dist: gamma, mean: 250, cv: 1 }', // 21
  '      difficulty: 0.5', // 22
  '#', // 23
  'agents:', // 24
  '  router:', // 25
  '    kind: router', // 26
  '    next: { switch: [{ when: "difficulty > 0.7", then: large_answer }], otherwise: cache }', // 27
  '  cache:', // 28
  '    kind: cache', // 29
  '    hit: 0.35', // 30
  '    lookup: { dist: deterministic, value: 15ms }', // 31
  '    next: small_answer', // 32
  '  small_answer:', // 33
  '    kind: llm', // 34
  '    gpu: pool-a', // 35
  '    input_tokens: prompt_tokens', // 36
  '    output_tokens: output_tokens', // 37
  '    failure: 0.1', // 38
  '    on_failure: { to: large_answer, escalate: true }', // 39
  '    next: [{ to: large_answer, p: 0.2, escalate: true }, { to: tool, p: 0.8 }]', // 40
  '  large_answer:', // 41
  '    kind: llm', // 42
  '    gpu: pool-b', // 43
  '    input_tokens: prompt_tokens', // 44
  '    output_tokens: 200', // 45
  '  tool:', // 46
  '    service: { dist: lognormal, mean: 300ms, cv: 1 }', // 47
  '    failure: 0.02', // 48
  '    cost_per_call: 0.001', // 49
].join('\n') + '\n';

/** The serving scenario with 1-based lines replaced and extra lines appended after line 49. */
export function editServing(replace: Readonly<Record<number, string>>, append: readonly string[] = []): string {
  const lines = SERVING.trimEnd().split('\n');
  for (const [n, text] of Object.entries(replace)) lines[Number(n) - 1] = text;
  return [...lines, ...append].join('\n') + '\n';
}

/** A workflow scenario: two priority classes, an llm planner forking to a station, a spare llm agent. */
export const FLOWS = [
  'name: flows', // 1
  'horizon: 1000s', // 2
  'models:', // 3
  '  small: { profile: llama3-8b-h100 }', // 4
  'gpus:', // 5
  '  pool: { model: small, replicas: 2 }', // 6
  'workload:', // 7
  '  gold:', // 8
  '    arrivals: { process: poisson, rate: 2/s }', // 9
  '    entry: plan', // 10
  '    priority: 0', // 11
  '  bronze:', // 12
  '    arrivals: { process: poisson, rate: 1/s }', // 13
  '    entry: plan', // 14
  '    priority: 1', // 15
  'agents:', // 16
  '  plan:', // 17
  '    kind: llm', // 18
  '    gpu: pool', // 19
  '    input_tokens: 500', // 20
  '    output_tokens: 100', // 21
  '    next: { fork: [worker, worker], then: exit }', // 22
  '  worker:', // 23
  '    service: { dist: exponential, mean: 1s }', // 24
  '    servers: 2', // 25
  '  cheap:', // 26
  '    kind: llm', // 27
  '    gpu: pool', // 28
  '    input_tokens: 500', // 29
  '    output_tokens: 100', // 30
].join('\n') + '\n';

/** The workflow scenario with 1-based lines replaced and extra lines appended after line 30. */
export function editFlows(replace: Readonly<Record<number, string>>, append: readonly string[] = []): string {
  const lines = FLOWS.trimEnd().split('\n');
  for (const [n, text] of Object.entries(replace)) lines[Number(n) - 1] = text;
  return [...lines, ...append].join('\n') + '\n';
}

/**
 * A coordination scenario: classes chat and batch on the GPU pool `shared` (replicas an autoscaler
 * can change), a station `tools` with replicas, a pool `fixed` and a station `batch-gate` without;
 * then every coordination section. Lines matter: the coordination diagnostics refer to them.
 */
export const COORD = [
  'name: coord', // 1
  'horizon: 2h', // 2
  'models:', // 3
  '  small: { profile: llama3-8b-h100 }', // 4
  'gpus:', // 5
  '  shared:', // 6
  '    model: small', // 7
  '    replicas: 2', // 8
  '    autoscale: { kind: reactive, signal: queue, upper: 20, lower: 2, window: 1min, min: 1, max: 3 }', // 9
  '  fixed: { model: small, replicas: 1 }', // 10
  'workload:', // 11
  '  chat:', // 12
  '    arrivals: { process: poisson, rate: 2/s }', // 13
  '    entry: chat-answer', // 14
  '  batch:', // 15
  '    arrivals: { process: poisson, rate: 1/s }', // 16
  '    entry: batch-gate', // 17
  'agents:', // 18
  '  chat-answer: { kind: llm, gpu: shared, input_tokens: 500, output_tokens: 100 }', // 19
  '  batch-gate: { service: { dist: exponential, mean: 10ms }, next: batch-agent }', // 20
  '  batch-agent: { kind: llm, gpu: shared, input_tokens: 2000, output_tokens: 400, next: tools }', // 21
  '  tools: { servers: 2, replicas: 1, service: { dist: exponential, mean: 200ms } }', // 22
  '  spare: { kind: llm, gpu: fixed, input_tokens: 100, output_tokens: 10 }', // 23
  'timeline:', // 24
  '  - { at: 45min, set_replicas: { pool: shared, replicas: 1 } }', // 25
  '  - { at: 20min, set_rate: { class: chat, factor: 2 } }', // 26
  '  - { at: 30min, set_rate_limit: { class: batch, rate: 120/min } }', // 27
  '  - { at: 40min, set_objective: { objective: chat-p95, threshold: 3s } }', // 28
  '  - { at: 20min, set_replicas: { agent: tools, replicas: 3 } }', // 29
  'objectives:', // 30
  '  - { name: chat-p95, agent: chat-answer, metric: p95, class: chat, threshold: 2s, window: 60s, priority: 2 }', // 31
  '  - { name: batch-throughput, agent: batch-agent, metric: throughput, class: batch, threshold: 1.8/s, window: 1min }', // 32
  '  - { name: batch-rejections, agent: batch-gate, metric: rejected, class: batch, threshold: 0.05, window: 60s }', // 33
  'coordination:', // 34
  '  enabled: true', // 35
  '  period: 30s', // 36
  '  control_latency: 500ms', // 37
  '  message_latency: 0.1s', // 38
  '  confidence: 0.9', // 39
  '  max_depth: 2', // 40
  '  validation: { horizon: 10min, warmup: 1min, replications: 4 }', // 41
  'participants:', // 42
  '  - { name: chat-answer, upstream: [batch-gate], peers: [batch-agent], downstream: [shared-autoscaler] }', // 43
  '  - { name: batch-gate, upstream: [batch-scheduler] }', // 44
  '  - { name: batch-agent }', // 45
  '  - { name: batch-scheduler }', // 46
  '  - { name: shared-autoscaler }', // 47
  'actions:', // 48
  '  - { name: yield-batch, owner: batch-agent, scale_rate: { class: batch, factor: 0.5 }, duration: 10min }', // 49
  '  - { name: throttle-batch, owner: batch-gate, rate_limit: { class: batch, rate: 1/s }, duration: 10min, needs: [defer-batch] }', // 50
  '  - { name: defer-batch, owner: batch-scheduler, scale_rate: { class: batch, factor: 0.5 }, duration: 10min }', // 51
  '  - { name: add-replica, owner: shared-autoscaler, replicas: { pool: shared, delta: 1, max: 3 }, duration: 10min }', // 52
].join('\n') + '\n';

/** The coordination scenario with 1-based lines replaced and extra lines appended after line 52. */
export function editCoord(replace: Readonly<Record<number, string>>, append: readonly string[] = []): string {
  const lines = COORD.trimEnd().split('\n');
  for (const [n, text] of Object.entries(replace)) lines[Number(n) - 1] = text;
  return [...lines, ...append].join('\n') + '\n';
}
