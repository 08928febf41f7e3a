// One replication's statistics with the totals several metric values share (completed requests,
// errors, costs, merged latency estimators), computed once before the values are read.

import type { NetworkSpec } from '../../sim/network/spec.js';
import type { CapacityReport, ReplicationStats } from '../../sim/network/record/stats.js';
import type { CapacityStats } from '../../sim/network/capacity/replica-state.js';
import { ExactQuantiles, QuantileSketch, type QuantileEstimator } from '../../sim/stats/quantile-sketch.js';

export interface Measured {
  readonly spec: NetworkSpec;
  readonly s: ReplicationStats;
  /** Observed time after warm-up, seconds. */
  readonly T: number;
  readonly capacity: CapacityReport | undefined;
  readonly completed: number;
  readonly rejected: number;
  /** Requests ended by an error, system or cognitive; budget stops end requests without an error. */
  readonly errors: { readonly system: number; readonly cognitive: number; readonly stopped: number };
  readonly failed: number;
  /** Requests that finished in any way (flow metrics' denominator). */
  readonly finished: number;
  /** Indices of the LLM agents. */
  readonly llm: readonly number[];
  /** End-to-end latency of all classes together; time to first token of all LLM agents (when some). */
  readonly e2e: QuantileEstimator;
  readonly ttft: QuantileEstimator | undefined;
  /** Per pool: its GPU cost; per agent: its replicas' cost (stations with a capacity spec, else 0). */
  readonly gpuCost: readonly number[];
  readonly replicaCost: readonly number[];
}

/** The value of a family's metric on entity i (an agent, class, pool, model or budget; 0 for the run). */
export type ValueOf = (m: Measured, i: number) => number;

export const ratio = (num: number, den: number): number => (den > 0 ? num / den : NaN);
export const sum = <X>(xs: readonly X[], f: (x: X) => number): number => xs.reduce((n, x) => n + f(x), 0);
export const total = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);

/** Merges per-class (or per-agent) latency estimators into one. */
export function mergedEstimator(parts: readonly QuantileEstimator[]): QuantileEstimator {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0];
  if (first instanceof QuantileSketch) {
    const merged = new QuantileSketch(first.relativeAccuracy);
    for (const p of parts) merged.merge(p as QuantileSketch);
    return merged;
  }
  const merged = new ExactQuantiles();
  for (const p of parts) merged.merge(p as ExactQuantiles);
  return merged;
}

/** Replica statistics of station `a` (undefined without a capacity spec). */
export function stationReplicas(m: Measured, a: number): CapacityStats | undefined {
  const agent = m.spec.agents[a]!;
  return agent.kind === 'station' && agent.capacitySpec !== undefined ? m.capacity?.agents[a] : undefined;
}

/** Replica statistics of pool `p` (undefined without a capacity spec). */
export function poolReplicas(m: Measured, p: number): CapacityStats | undefined {
  return m.spec.pools[p]!.capacitySpec === undefined ? undefined : m.capacity?.pools[p];
}

export function measure(spec: NetworkSpec, s: ReplicationStats): Measured {
  const T = s.observed;
  const capacity = s.capacity;
  const errors = { system: s.classes.reduce((n, c) => n + c.failed, 0), cognitive: total(s.flow.cognitive), stopped: total(s.flow.stopped) };
  const llm = spec.agents.flatMap((a, i) => (a.kind === 'llm' ? [i] : []));
  return {
    spec, s, T, capacity, errors, llm,
    completed: sum(s.classes, (c) => c.completed),
    rejected: sum(s.classes, (c) => c.rejected),
    failed: errors.system + errors.cognitive,
    finished: s.classes.reduce((n, c) => n + c.completed + c.rejected, 0) + errors.system + errors.cognitive + errors.stopped,
    e2e: mergedEstimator(s.classes.map((c) => c.e2e)),
    ttft: llm.length > 0 ? mergedEstimator(llm.map((a) => s.agents.ttft[a]!)) : undefined,
    // Pools with a capacity spec bill the integral of their replica count; the others replicas × T.
    gpuCost: spec.pools.map((p, pi) => capacity?.pools[pi]?.cost ?? (p.replicas * p.pricePerHour * T) / 3600),
    replicaCost: spec.agents.map((a, i) => (a.kind === 'station' && a.capacitySpec !== undefined ? capacity?.agents[i]?.cost ?? 0 : 0)),
  };
}
