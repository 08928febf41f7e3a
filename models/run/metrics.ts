// The metrics of one replication: the names, units and order declared by the catalogue
// (metric-catalogue.ts), each valued here from the replication's statistics. This file says only
// how each family is measured; which metrics a scenario has is the catalogue's business.

import type { LlmAgent, NetworkSpec, StationAgent } from '../../sim/network/spec.js';
import type { ReplicationStats } from '../../sim/network/record/stats.js';
import type { Distribution, QuantileEstimator } from '../../sim/stats/quantile-sketch.js';
import { declaredMetrics } from './declared-metrics.js';
import { FLOW_VALUES } from './flow-metrics.js';
import type { ReplicationPattern, Unit } from './metric-catalogue.js';
import { measure, mergedEstimator, poolReplicas, ratio, stationReplicas, sum, type Measured, type ValueOf } from './measured.js';

export type { Unit } from './metric-catalogue.js';

export interface MetricValue {
  readonly name: string;
  readonly unit: Unit;
  /** NaN when the replication observed nothing to measure (e.g. no completed request). */
  readonly value: number;
  /**
   * For a percentile, the latency's values it was read from (shared by the family's p50, p95 and
   * p99), so that results can take the percentile of all replications' values together.
   */
  readonly distribution?: Distribution;
}

/** The latency estimator each family of percentiles reads (`e2e` for e2e.p50, e2e.p95 and e2e.p99). */
const LATENCIES: Readonly<Record<string, (m: Measured, i: number) => QuantileEstimator>> = {
  'e2e': (m) => m.e2e,
  'ttft': (m) => m.ttft!,
  'tpot': (m) => mergedEstimator(m.llm.map((a) => m.s.agents.tpot[a]!)),
  'agent.<a>.sojourn': (m, a) => m.s.agents.sojourn[a]!,
  'agent.<a>.ttft': (m, a) => m.s.agents.ttft[a]!,
  'class.<c>.e2e': (m, c) => m.s.classes[c]!.e2e,
};

/** `e2e.p95` → `e2e` and 0.95; undefined for a metric that is not a percentile. */
export function percentileOf(metric: string): { readonly family: string; readonly level: number } | undefined {
  const at = /\.p(\d+)$/.exec(metric);
  return at === null ? undefined : { family: metric.slice(0, at.index), level: Number(`0.${at[1]!}`) };
}

function latencyOf(family: string): (m: Measured, i: number) => QuantileEstimator {
  const q = LATENCIES[family];
  if (q === undefined) throw new Error(`no latency estimator for the percentiles of ${family}`);
  return q;
}

/**
 * A percentile's value: NaN when the replication measured none of that latency. replicationMetrics
 * reads it the same way, once per family's estimator, with the distribution beside it.
 */
const percentile = (family: string, level: number): ValueOf => (m, i) => latencyOf(family)(m, i).quantile(level);

const LEVELS = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const;

/** Mean and percentiles of a latency: the mean from its count and sum, the percentiles from LATENCIES. */
function latencyValues<const P extends string>(
  prefix: P, count: ValueOf, total: ValueOf,
): Record<`${P}.${'mean' | (typeof LEVELS)[number][0]}`, ValueOf> {
  const out: Record<string, ValueOf> = { [`${prefix}.mean`]: (m, i) => ratio(total(m, i), count(m, i)) };
  for (const [label, p] of LEVELS) out[`${prefix}.${label}`] = percentile(prefix, p);
  return out as Record<`${P}.${'mean' | (typeof LEVELS)[number][0]}`, ValueOf>;
}

const served = (m: Measured, a: number) => m.s.agents.departures[a]!;
const llmSum = (m: Measured, of: (a: number) => number) => sum(m.llm, of);
const gpuTotal = (m: Measured) => m.gpuCost.reduce((a, b) => a + b, 0);
const requestCost = (m: Measured) => sum(m.s.classes, (c) => c.cost) + m.replicaCost.reduce((a, b) => a + b, 0);
const tpots = (m: Measured) => llmSum(m, (a) => m.s.agents.tpotCount[a]!);
const kvTokens = (m: Measured, p: number) => { const pool = m.spec.pools[p]!; return Math.floor(pool.kvBytes / m.spec.models[pool.model]!.profile.kvBytesPerToken); };

const RUN_VALUES = {
  ...latencyValues('e2e', (m) => m.completed, (m) => sum(m.s.classes, (c) => c.e2eSum)),
  'throughput': (m) => ratio(m.completed, m.T),
  'completed': (m) => m.completed,
  'rejected': (m) => m.rejected,
  'rejected.fraction': (m) => ratio(m.rejected, m.completed + m.rejected),
  'failed': (m) => m.failed,
  'error.rate': (m) => ratio(m.failed + m.rejected, m.completed + m.failed + m.rejected + m.errors.stopped),
  ...latencyValues('ttft', (m) => llmSum(m, (a) => served(m, a)), (m) => llmSum(m, (a) => m.s.agents.ttftSum[a]!)),
  'tpot.mean': (m) => ratio(llmSum(m, (a) => m.s.agents.tpotSum[a]!), tpots(m)),
  'tpot.p95': percentile('tpot', 0.95),
  'tokens.per_task.mean': (m) => ratio(sum(m.s.classes, (c) => c.tokens), m.completed),
  'quality.mean': (m) => ratio(sum(m.s.classes, (c) => c.qualitySum), sum(m.s.classes, (c) => c.qualityCount)),
  'cost.per_task.mean': (m) => ratio(requestCost(m) + gpuTotal(m), m.completed),
  'cost.total': (m) => requestCost(m) + gpuTotal(m),
  'cost.gpu': (m) => gpuTotal(m),
} satisfies Partial<Record<ReplicationPattern, ValueOf>>;

const AGENT_VALUES = {
  'agent.<a>.wait.mean': (m, a) => ratio(m.s.agents.waitSum[a]!, served(m, a)),
  'agent.<a>.wait.probability': (m, a) => ratio(m.s.agents.waited[a]!, served(m, a)),
  'agent.<a>.service.mean': (m, a) => ratio(m.s.agents.serviceSum[a]!, served(m, a)),
  'agent.<a>.service.scv': (m, a) => {
    const n = served(m, a);
    const mean = ratio(m.s.agents.serviceSum[a]!, n);
    if (!(n >= 2 && mean > 0)) return NaN;
    // A sum of n terms is exact to about n ε of itself, so E[S²]/E[S]² − 1 is known to about 3 n ε:
    // a constant service measures 2e-14 from 1,500 visits, which is rounding, not variation.
    const scv = ratio(m.s.agents.serviceSumSq[a]!, n) / (mean * mean) - 1;
    return scv <= 3 * n * Number.EPSILON ? 0 : scv;
  },
  'agent.<a>.sojourn.mean': (m, a) => ratio(m.s.agents.sojournSum[a]!, served(m, a)),
  'agent.<a>.sojourn.p95': percentile('agent.<a>.sojourn', 0.95),
  'agent.<a>.throughput': (m, a) => ratio(served(m, a), m.T),
  // With replicas, utilisation is over the servers of the replicas billed at each moment.
  'agent.<a>.utilization': (m, a) => {
    const cs = stationReplicas(m, a);
    return ratio(m.s.agents.busyArea[a]!, (m.spec.agents[a] as StationAgent).servers * (cs === undefined ? m.T : cs.replicaArea));
  },
  'agent.<a>.queue.mean': (m, a) => ratio(m.s.agents.queueArea[a]!, m.T),
  'agent.<a>.rejected': (m, a) => m.s.agents.rejected[a]!,
  'agent.<a>.blocking': (m, a) => ratio(m.s.agents.rejected[a]!, m.s.agents.arrivals[a]!),
  'agent.<a>.replicas.mean': (m, a) => ratio(stationReplicas(m, a)!.replicaArea, m.T),
  'agent.<a>.scale_events': (m, a) => stationReplicas(m, a)!.scaleEvents,
  'agent.<a>.cold_starts': (m, a) => stationReplicas(m, a)!.coldStarts,
  'agent.<a>.replica_failures': (m, a) => stationReplicas(m, a)!.failures,
  'agent.<a>.reclaims': (m, a) => stationReplicas(m, a)!.reclaims,
  'agent.<a>.lost.seconds': (m, a) => stationReplicas(m, a)!.lost,
  'agent.<a>.preemptions': (m, a) => m.capacity?.agents[a]?.preemptions ?? 0,
  'cost.replicas.<a>': (m, a) => m.replicaCost[a]!,
  'agent.<a>.ttft.mean': (m, a) => ratio(m.s.agents.ttftSum[a]!, served(m, a)),
  'agent.<a>.ttft.p95': percentile('agent.<a>.ttft', 0.95),
  'agent.<a>.tpot.mean': (m, a) => ratio(m.s.agents.tpotSum[a]!, m.s.agents.tpotCount[a]!),
  'agent.<a>.tokens.input.mean': (m, a) => ratio(m.s.agents.tokensIn[a]!, served(m, a)),
  'agent.<a>.tokens.output.mean': (m, a) => ratio(m.s.agents.tokensOut[a]!, served(m, a)),
  'agent.<a>.failures': (m, a) => m.s.agents.failures[a]!,
  'agent.<a>.failure_rate': (m, a) => ratio(m.s.agents.failures[a]!, served(m, a)),
  'agent.<a>.escalation_rate': (m, a) => ratio(m.s.agents.escalations[a]!, served(m, a)),
  'cost.agent.<a>': (m, a) => m.s.agents.cost[a]!,
  'cost.model.<m>': (m, mi) => sum(m.llm.filter((a) => m.spec.pools[(m.spec.agents[a] as LlmAgent).pool]!.model === mi), (a) => m.s.agents.cost[a]!),
  'cost.gpu.<p>': (m, p) => m.gpuCost[p]!,
  'cache.<a>.hit_rate': (m, a) => ratio(m.s.agents.hits[a]!, served(m, a)),
  'cache.<a>.lookups': (m, a) => served(m, a),
} satisfies Partial<Record<ReplicationPattern, ValueOf>>;

const CLASS_VALUES = {
  ...latencyValues('class.<c>.e2e', (m, c) => m.s.classes[c]!.completed, (m, c) => m.s.classes[c]!.e2eSum),
  'class.<c>.throughput': (m, c) => ratio(m.s.classes[c]!.completed, m.T),
  'class.<c>.arrival_rate': (m, c) => ratio(m.s.classes[c]!.arrivals, m.T),
  'class.<c>.rejected': (m, c) => m.s.classes[c]!.rejected,
  'class.<c>.rejected.fraction': (m, c) => ratio(m.s.classes[c]!.rejected, m.s.classes[c]!.completed + m.s.classes[c]!.rejected),
  'class.<c>.failed': (m, c) => m.s.classes[c]!.failed + m.s.flow.cognitive[c]!,
  'class.<c>.cost.per_task.mean': (m, c) => ratio(m.s.classes[c]!.cost, m.s.classes[c]!.completed),
  'class.<c>.quality.mean': (m, c) => ratio(m.s.classes[c]!.qualitySum, m.s.classes[c]!.qualityCount),
} satisfies Partial<Record<ReplicationPattern, ValueOf>>;

const POOL_VALUES = {
  'gpu.<p>.utilization': (m, p) => {
    const cs = poolReplicas(m, p);
    return ratio(m.s.pools[p]!.busyTime, cs === undefined ? m.spec.pools[p]!.replicas * m.T : cs.replicaArea);
  },
  'gpu.<p>.batch.mean': (m, p) => ratio(m.s.pools[p]!.batchArea, m.s.pools[p]!.busyTime),
  'gpu.<p>.kv.mean': (m, p) => {
    const cs = poolReplicas(m, p);
    return ratio(m.s.pools[p]!.kvArea, cs === undefined ? m.spec.pools[p]!.replicas * kvTokens(m, p) * m.T : cs.replicaArea * kvTokens(m, p));
  },
  'gpu.<p>.kv.max': (m, p) => m.s.pools[p]!.kvMax,
  'gpu.<p>.queue.mean': (m, p) => ratio(m.s.pools[p]!.queueArea, m.T),
  'gpu.<p>.tokens_per_s': (m, p) => ratio(m.s.pools[p]!.outputTokens, m.T),
  'gpu.<p>.preemptions': (m, p) => m.s.pools[p]!.preemptions,
  'gpu.<p>.prefix_hit_rate': (m, p) => ratio(m.s.pools[p]!.prefixTokens, m.s.pools[p]!.promptTokens),
  'gpu.<p>.replicas.mean': (m, p) => ratio(poolReplicas(m, p)!.replicaArea, m.T),
  'gpu.<p>.scale_events': (m, p) => poolReplicas(m, p)!.scaleEvents,
  'gpu.<p>.cold_starts': (m, p) => poolReplicas(m, p)!.coldStarts,
  'gpu.<p>.replica_failures': (m, p) => poolReplicas(m, p)!.failures,
  'gpu.<p>.reclaims': (m, p) => poolReplicas(m, p)!.reclaims,
  'gpu.<p>.lost.tokens': (m, p) => poolReplicas(m, p)!.lost,
} satisfies Partial<Record<ReplicationPattern, ValueOf>>;

/** One value function per family of the catalogue: the compiler checks none is missing or extra. */
const VALUES: Readonly<Record<ReplicationPattern, ValueOf>> = { ...RUN_VALUES, ...AGENT_VALUES, ...CLASS_VALUES, ...POOL_VALUES, ...FLOW_VALUES };

/** The metrics of one replication, in the catalogue's order (overall, then per agent, class, cache, pool). */
export function replicationMetrics(spec: NetworkSpec, s: ReplicationStats): MetricValue[] {
  const m = measure(spec, s);
  // A family's p50, p95 and p99 read one estimator (tpot's is a merge) and share one distribution.
  const latencies = new Map<string, { readonly estimator: QuantileEstimator; distribution?: Distribution }>();
  // Without coordination names, only the replication's own families are declared.
  return declaredMetrics(spec).map((d) => {
    const p = percentileOf(d.pattern);
    if (p === undefined) return { name: d.name, unit: d.unit, value: VALUES[d.pattern as ReplicationPattern](m, d.index) };
    const key = `${p.family}#${d.index}`;
    let latency = latencies.get(key);
    if (latency === undefined) latencies.set(key, latency = { estimator: latencyOf(p.family)(m, d.index) });
    const value = latency.estimator.quantile(p.level);
    if (!Number.isFinite(value)) return { name: d.name, unit: d.unit, value };
    latency.distribution ??= latency.estimator.distribution();
    return { name: d.name, unit: d.unit, value, distribution: latency.distribution };
  });
}
