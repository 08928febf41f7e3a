// Names and units of the metrics one replication yields: the `results.json` contract. Names are
// dotted paths; times are seconds, rates per second, money US dollars, fractions and counts unitless.

import type { CapacitySpec, LlmAgent, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';
import type { CapacityStats } from '../../sim/network/capacity/replica-state.js';
import type { ReplicationStats } from '../../sim/network/record/stats.js';
import { ExactQuantiles, QuantileSketch, type QuantileEstimator } from '../../sim/stats/quantile-sketch.js';
import { errorCounts, flowMetrics } from './flow-metrics.js';

export type Unit = 's' | '1/s' | 'USD' | '';

export interface MetricValue {
  readonly name: string;
  readonly unit: Unit;
  /** NaN when the replication observed nothing to measure (e.g. no completed request). */
  readonly value: number;
}

const PERCENTILES: readonly [string, number][] = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]];

const ratio = (num: number, den: number): number => (den > 0 ? num / den : NaN);

/** Merges per-class latency estimators into one for the whole workload. */
function mergedEstimator(parts: readonly QuantileEstimator[]): QuantileEstimator {
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

function latencyMetrics(prefix: string, count: number, sum: number, q: QuantileEstimator, out: MetricValue[]): void {
  out.push({ name: `${prefix}.mean`, unit: 's', value: ratio(sum, count) });
  for (const [label, p] of PERCENTILES) {
    out.push({ name: `${prefix}.${label}`, unit: 's', value: count > 0 ? q.quantile(p) : NaN });
  }
}

/** Whether some route leaving agent `a` (for any class, or on failure) is marked as an escalation. */
function escalatesFrom(spec: NetworkSpec, a: number): boolean {
  const marked = (r: RouteSpec | undefined): boolean => {
    if (r === undefined) return false;
    switch (r.kind) {
      case 'exit': return false;
      case 'agent': return r.escalate;
      case 'random': return r.escalate.some((e) => e);
      case 'fork': return marked(r.then);
      case 'condition': return r.rules.some((rule) => marked(rule.then)) || marked(r.otherwise);
      case 'speculate': return marked(r.then);
    }
  };
  const agent = spec.agents[a]!;
  return marked(agent.next) || marked(agent.onFailure) || spec.classes.some((c) => marked(c.routes[a]));
}

/** Replicas of a station agent are billed when its capacity spec has a price. */
const billsReplicas = (c: CapacitySpec | undefined): boolean => c !== undefined && (c.pricePerHour > 0 || (c.spot?.pricePerHour ?? 0) > 0);

/** Whether anything in the scenario costs money: then cost metrics are reported. */
function isPriced(spec: NetworkSpec): boolean {
  return spec.models.some((m) => m.pricePerInputToken > 0 || m.pricePerOutputToken > 0)
    || spec.pools.some((p) => p.pricePerHour > 0 || billsReplicas(p.capacitySpec))
    || spec.agents.some((a) => a.costPerCall > 0 || (a.kind === 'station' && billsReplicas(a.capacitySpec)));
}

/** Replica metrics of an agent or pool with a capacity spec (`lost` in `lostUnit`). */
function replicaMetrics(prefix: string, c: CapacitySpec, st: CapacityStats, T: number, lostUnit: 'seconds' | 'tokens', out: MetricValue[]): void {
  out.push({ name: `${prefix}.replicas.mean`, unit: '', value: ratio(st.replicaArea, T) });
  out.push({ name: `${prefix}.scale_events`, unit: '', value: st.scaleEvents });
  if (c.scaleToZero !== undefined) out.push({ name: `${prefix}.cold_starts`, unit: '', value: st.coldStarts });
  if (c.failures !== undefined) out.push({ name: `${prefix}.replica_failures`, unit: '', value: st.failures });
  if (c.spot !== undefined) out.push({ name: `${prefix}.reclaims`, unit: '', value: st.reclaims });
  if (c.failures !== undefined || c.spot !== undefined) out.push({ name: `${prefix}.lost.${lostUnit}`, unit: lostUnit === 'seconds' ? 's' : '', value: st.lost });
}

/** The metrics of one replication, in a fixed order (overall, then per agent, class, cache, pool). */
export function replicationMetrics(spec: NetworkSpec, s: ReplicationStats): MetricValue[] {
  const out: MetricValue[] = [];
  const push = (name: string, unit: Unit, value: number) => { out.push({ name, unit, value }); };
  const T = s.observed;
  const sum = <X>(xs: readonly X[], f: (x: X) => number) => xs.reduce((n, x) => n + f(x), 0);
  const completed = sum(s.classes, (c) => c.completed);
  const rejected = sum(s.classes, (c) => c.rejected);
  // Requests ended by an error, system or cognitive; budget stops end requests without an error.
  const errors = errorCounts(s);
  const failed = errors.system + errors.cognitive;
  const ag = s.agents;
  const llm = spec.agents.flatMap((a, i) => (a.kind === 'llm' ? [i] : []));
  const priced = isPriced(spec);
  const hasQuality = spec.models.some((m) => !Number.isNaN(m.quality)) || spec.agents.some((a) => a.kind === 'cache' && a.quality !== undefined && !Number.isNaN(a.quality));
  const capacity = s.capacity;
  // Pools with a capacity spec bill the integral of their replica count; the others replicas × T.
  const gpuCost = spec.pools.map((p, pi) => capacity?.pools[pi]?.cost ?? (p.replicas * p.pricePerHour * T) / 3600);
  const replicaCost = spec.agents.map((a, i) => (a.kind === 'station' && a.capacitySpec !== undefined ? capacity?.agents[i]?.cost ?? 0 : 0));

  latencyMetrics('e2e', completed, sum(s.classes, (c) => c.e2eSum), mergedEstimator(s.classes.map((c) => c.e2e)), out);
  push('throughput', '1/s', ratio(completed, T));
  push('completed', '', completed);
  push('rejected', '', rejected);
  push('rejected.fraction', '', ratio(rejected, completed + rejected));
  push('failed', '', failed);
  push('error.rate', '', ratio(failed + rejected, completed + failed + rejected + errors.stopped));
  if (llm.length > 0) {
    const calls = sum(llm, (a) => ag.departures[a]!);
    latencyMetrics('ttft', calls, sum(llm, (a) => ag.ttftSum[a]!), mergedEstimator(llm.map((a) => ag.ttft[a]!)), out);
    const tpots = sum(llm, (a) => ag.tpotCount[a]!);
    push('tpot.mean', 's', ratio(sum(llm, (a) => ag.tpotSum[a]!), tpots));
    push('tpot.p95', 's', tpots > 0 ? mergedEstimator(llm.map((a) => ag.tpot[a]!)).quantile(0.95) : NaN);
    push('tokens.per_task.mean', '', ratio(sum(s.classes, (c) => c.tokens), completed));
  }
  if (hasQuality) push('quality.mean', '', ratio(sum(s.classes, (c) => c.qualitySum), sum(s.classes, (c) => c.qualityCount)));
  if (priced) {
    const gpuTotal = gpuCost.reduce((a, b) => a + b, 0);
    const requestCost = sum(s.classes, (c) => c.cost) + replicaCost.reduce((a, b) => a + b, 0);
    push('cost.per_task.mean', 'USD', ratio(requestCost + gpuTotal, completed));
    push('cost.total', 'USD', requestCost + gpuTotal);
    push('cost.gpu', 'USD', gpuTotal);
  }

  spec.agents.forEach((agent, a) => {
    const p = `agent.${agent.name}`;
    const served = ag.departures[a]!;
    push(`${p}.wait.mean`, 's', ratio(ag.waitSum[a]!, served));
    push(`${p}.service.mean`, 's', ratio(ag.serviceSum[a]!, served));
    push(`${p}.sojourn.mean`, 's', ratio(ag.sojournSum[a]!, served));
    push(`${p}.sojourn.p95`, 's', served > 0 ? ag.sojourn[a]!.quantile(0.95) : NaN);
    push(`${p}.throughput`, '1/s', ratio(served, T));
    if (agent.kind === 'station') {
      const cs = agent.capacitySpec === undefined ? undefined : capacity?.agents[a];
      // With replicas, utilisation is over the servers of the replicas billed at each moment.
      push(`${p}.utilization`, '', ratio(ag.busyArea[a]!, agent.servers * (cs === undefined ? T : cs.replicaArea)));
      push(`${p}.queue.mean`, '', ratio(ag.queueArea[a]!, T));
      push(`${p}.rejected`, '', ag.rejected[a]!);
      push(`${p}.blocking`, '', ratio(ag.rejected[a]!, ag.arrivals[a]!));
      if (cs !== undefined) replicaMetrics(p, agent.capacitySpec!, cs, T, 'seconds', out);
      if (agent.discipline === 'preemptive') push(`${p}.preemptions`, '', capacity?.agents[a]?.preemptions ?? 0);
      if (priced && cs !== undefined) push(`cost.replicas.${agent.name}`, 'USD', replicaCost[a]!);
    }
    if (agent.kind === 'llm') {
      push(`${p}.ttft.mean`, 's', ratio(ag.ttftSum[a]!, served));
      push(`${p}.ttft.p95`, 's', served > 0 ? ag.ttft[a]!.quantile(0.95) : NaN);
      push(`${p}.tpot.mean`, 's', ratio(ag.tpotSum[a]!, ag.tpotCount[a]!));
      push(`${p}.tokens.input.mean`, '', ratio(ag.tokensIn[a]!, served));
      push(`${p}.tokens.output.mean`, '', ratio(ag.tokensOut[a]!, served));
    }
    if (agent.failure > 0) {
      push(`${p}.failures`, '', ag.failures[a]!);
      push(`${p}.failure_rate`, '', ratio(ag.failures[a]!, served));
    }
    if (escalatesFrom(spec, a)) push(`${p}.escalation_rate`, '', ratio(ag.escalations[a]!, served));
    if (priced) push(`cost.agent.${agent.name}`, 'USD', ag.cost[a]!);
  });
  if (priced) {
    spec.models.forEach((m, mi) => {
      push(`cost.model.${m.name}`, 'USD', sum(llm.filter((a) => spec.pools[(spec.agents[a] as LlmAgent).pool]!.model === mi), (a) => ag.cost[a]!));
    });
    spec.pools.forEach((p, pi) => push(`cost.gpu.${p.name}`, 'USD', gpuCost[pi]!));
  }

  spec.classes.forEach((cls, c) => {
    const cs = s.classes[c]!;
    const p = `class.${cls.name}`;
    latencyMetrics(`${p}.e2e`, cs.completed, cs.e2eSum, cs.e2e, out);
    push(`${p}.throughput`, '1/s', ratio(cs.completed, T));
    push(`${p}.rejected`, '', cs.rejected);
    push(`${p}.rejected.fraction`, '', ratio(cs.rejected, cs.completed + cs.rejected));
    push(`${p}.failed`, '', cs.failed + s.flow.cognitive[c]!);
    if (priced) push(`${p}.cost.per_task.mean`, 'USD', ratio(cs.cost, cs.completed));
    if (hasQuality) push(`${p}.quality.mean`, '', ratio(cs.qualitySum, cs.qualityCount));
  });

  spec.agents.forEach((agent, a) => {
    if (agent.kind !== 'cache') return;
    push(`cache.${agent.name}.hit_rate`, '', ratio(ag.hits[a]!, ag.departures[a]!));
    push(`cache.${agent.name}.lookups`, '', ag.departures[a]!);
  });

  spec.pools.forEach((pool, pi) => {
    const g = s.pools[pi]!;
    const p = `gpu.${pool.name}`;
    const kvTokens = Math.floor(pool.kvBytes / spec.models[pool.model]!.profile.kvBytesPerToken);
    const cs = pool.capacitySpec === undefined ? undefined : capacity?.pools[pi];
    const replicaTime = cs === undefined ? pool.replicas * T : cs.replicaArea;
    push(`${p}.utilization`, '', ratio(g.busyTime, replicaTime));
    push(`${p}.batch.mean`, '', ratio(g.batchArea, g.busyTime));
    push(`${p}.kv.mean`, '', ratio(g.kvArea, cs === undefined ? pool.replicas * kvTokens * T : cs.replicaArea * kvTokens));
    push(`${p}.kv.max`, '', g.kvMax);
    push(`${p}.queue.mean`, '', ratio(g.queueArea, T));
    push(`${p}.tokens_per_s`, '1/s', ratio(g.outputTokens, T));
    push(`${p}.preemptions`, '', g.preemptions);
    if (pool.prefixCacheBlocks > 0) push(`${p}.prefix_hit_rate`, '', ratio(g.prefixTokens, g.promptTokens));
    if (cs !== undefined) replicaMetrics(p, pool.capacitySpec!, cs, T, 'tokens', out);
  });
  flowMetrics(spec, s, out);
  return out;
}
