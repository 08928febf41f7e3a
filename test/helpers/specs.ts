// Small NetworkSpec builders for engine tests that exercise one mechanism at a time.

import type { DistSpec } from '../../sim/random/dist-spec.js';
import type { AgentSpec, CapacitySpec, ClassSpec, GpuPoolSpec, ModelSpec, NetworkSpec, ProfileSpec, RouteSpec } from '../../sim/network/spec.js';

export const EXIT: RouteSpec = { kind: 'exit' };
export const to = (agent: number, escalate = false): RouteSpec => ({ kind: 'agent', to: agent, escalate });
export const det = (value: number): DistSpec => ({ dist: 'deterministic', value });
export const exp = (mean: number): DistSpec => ({ dist: 'exponential', mean });

/** Replicas behind a balancer: `replicas` serving from time 0, one shared line, nothing else unless given. */
export function capacity(replicas: number, extra: Partial<CapacitySpec> = {}): CapacitySpec {
  return {
    replicas, balance: { kind: 'shared' }, autoscale: undefined, failures: undefined, spot: undefined, scaleToZero: undefined,
    pricePerHour: 0, ...extra,
  };
}

const common = { failure: 0, onFailure: undefined, costPerCall: 0 } as const;

export function station(name: string, servers: number, service: DistSpec, next: RouteSpec = EXIT, extra: Partial<AgentSpec> = {}): AgentSpec {
  return { kind: 'station', name, servers, capacity: Infinity, service, next, ...common, ...extra } as AgentSpec;
}

export function llm(name: string, pool: number, input: number | string, output: number | string, next: RouteSpec = EXIT, extra: Partial<AgentSpec> = {}, attributes: readonly string[] = []): AgentSpec {
  const source = (v: number | string) =>
    typeof v === 'number' ? { kind: 'dist' as const, dist: det(v) } : { kind: 'attribute' as const, attribute: attributes.indexOf(v) };
  return { kind: 'llm', name, pool, inputTokens: source(input), outputTokens: source(output), next, ...common, ...extra } as AgentSpec;
}

/** A linear profile: fixed + a * prefill tokens + b * decoding sequences + c * KV tokens. */
export function linearProfile(fixed: number, a: number, b: number, c: number, kvBytesPerToken = 1000): ProfileSpec {
  return { fixed, prefill: { x: [0, 1], y: [0, a] }, decode: { x: [0, 1], y: [0, b] }, perKvToken: c, kvBytesPerToken };
}

export function model(name: string, profile: ProfileSpec, prices: [number, number] = [0, 0], quality = NaN): ModelSpec {
  return { name, profile, pricePerInputToken: prices[0], pricePerOutputToken: prices[1], quality };
}

export function gpuPool(name: string, modelIndex: number, replicas: number, kvTokens: number, extra: Partial<GpuPoolSpec> = {}, kvBytesPerToken = 1000): GpuPoolSpec {
  return {
    name, model: modelIndex, replicas, kvBytes: kvTokens * kvBytesPerToken, maxBatch: 256, prefillChunk: Infinity,
    kvPolicy: 'recompute', pricePerHour: 0, prefixCacheBlocks: 0, ...extra,
  };
}

export function poissonClass(name: string, rate: number, entry: number, attributes: ClassSpec['attributes'] = [], extra: Partial<ClassSpec> = {}): ClassSpec {
  return { name, arrivals: { process: 'poisson', rate }, entry, routes: [], attributes, ...extra };
}

export function network(parts: Partial<NetworkSpec> & Pick<NetworkSpec, 'agents' | 'classes'>): NetworkSpec {
  return { attributes: [], models: [], pools: [], ...parts };
}

/** A Scenario around a hand-built network, for running it like a loaded scenario. */
export function scenarioOf(network: NetworkSpec, opts: { horizon: number; warmup?: number; replications?: number; seed?: number }): import('../../models/scenario/core/types.js').Scenario {
  return {
    file: 'test', overrides: [], name: 'test', description: '', seed: opts.seed ?? 1, horizon: opts.horizon,
    warmup: { mode: 'fixed', seconds: opts.warmup ?? 0 }, replications: opts.replications ?? 10, confidence: 0.95,
    percentiles: 'sketch', sketchAccuracy: 0.01, network,
  };
}
