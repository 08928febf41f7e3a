// Names and units of the metrics one replication yields: the `results.json` contract. Names are
// dotted paths; times are seconds, rates per second, fractions and counts unitless.

import type { NetworkSpec } from '../../sim/network/spec.js';
import type { ReplicationStats } from '../../sim/network/stats.js';
import { ExactQuantiles, QuantileSketch, type QuantileEstimator } from '../../sim/stats/quantile-sketch.js';

export type Unit = 's' | '1/s' | '';

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

/** The metrics of one replication, in a fixed order (overall, then per agent, then per class). */
export function replicationMetrics(spec: NetworkSpec, s: ReplicationStats): MetricValue[] {
  const out: MetricValue[] = [];
  const T = s.observed;
  const completed = s.classes.reduce((n, c) => n + c.completed, 0);
  const rejected = s.classes.reduce((n, c) => n + c.rejected, 0);
  const e2eSum = s.classes.reduce((n, c) => n + c.e2eSum, 0);
  latencyMetrics('e2e', completed, e2eSum, mergedEstimator(s.classes.map((c) => c.e2e)), out);
  out.push({ name: 'throughput', unit: '1/s', value: ratio(completed, T) });
  out.push({ name: 'completed', unit: '', value: completed });
  out.push({ name: 'rejected', unit: '', value: rejected });
  out.push({ name: 'rejected.fraction', unit: '', value: ratio(rejected, completed + rejected) });

  const ag = s.agents;
  spec.agents.forEach((agent, a) => {
    const p = `agent.${agent.name}`;
    const served = ag.departures[a]!;
    out.push({ name: `${p}.wait.mean`, unit: 's', value: ratio(ag.waitSum[a]!, served) });
    out.push({ name: `${p}.service.mean`, unit: 's', value: ratio(ag.serviceSum[a]!, served) });
    out.push({ name: `${p}.sojourn.mean`, unit: 's', value: ratio(ag.sojournSum[a]!, served) });
    out.push({ name: `${p}.sojourn.p95`, unit: 's', value: served > 0 ? ag.sojourn[a]!.quantile(0.95) : NaN });
    out.push({ name: `${p}.utilization`, unit: '', value: agent.kind === 'station' ? ratio(ag.busyArea[a]!, agent.servers * T) : NaN });
    out.push({ name: `${p}.queue.mean`, unit: '', value: ratio(ag.queueArea[a]!, T) });
    out.push({ name: `${p}.throughput`, unit: '1/s', value: ratio(served, T) });
    out.push({ name: `${p}.rejected`, unit: '', value: ag.rejected[a]! });
    out.push({ name: `${p}.blocking`, unit: '', value: ratio(ag.rejected[a]!, ag.arrivals[a]!) });
  });

  spec.classes.forEach((cls, c) => {
    const cs = s.classes[c]!;
    const p = `class.${cls.name}`;
    latencyMetrics(`${p}.e2e`, cs.completed, cs.e2eSum, cs.e2e, out);
    out.push({ name: `${p}.throughput`, unit: '1/s', value: ratio(cs.completed, T) });
    out.push({ name: `${p}.rejected`, unit: '', value: cs.rejected });
  });
  return out;
}
