// Time per completed request at each agent, from the metrics every run reports (visits per second
// × mean wait and service per visit ÷ completed requests per second): what a stored results.json or
// a compare side can say about where time goes without re-simulating. Unlike the critical-path
// attribution (attribution.ts), parallel fork branches are each counted here.
//
// The probable cause of a regression: per agent, the paired change (candidate − baseline, replication
// by replication, common random numbers) of its wait and service per request, ranked by its share of
// the change in mean latency.

import { replicationInterval, type ReplicationEstimate } from '../analysis/interval.js';

/** Per-replication metric values, as results.json and compare samples hold them. */
export type MetricValues = Readonly<Record<string, readonly (number | null)[]>>;

/** The agents named in a metric table (those with a wait and a service mean). */
export function agentsOf(values: MetricValues): string[] {
  const out: string[] = [];
  for (const k of Object.keys(values)) {
    const m = /^agent\.(.+)\.wait\.mean$/.exec(k);
    if (m !== null && values[`agent.${m[1]}.service.mean`] !== undefined && values[`agent.${m[1]}.throughput`] !== undefined) out.push(m[1]!);
  }
  return out;
}

/** Seconds per completed request spent waiting and in service at agent `a`, per replication (NaN when unknown). */
export function agentTime(values: MetricValues, a: string, part: 'wait' | 'service', n = Infinity): number[] {
  const thr = values[`agent.${a}.throughput`] ?? [];
  const per = values[`agent.${a}.${part}.mean`] ?? [];
  const done = values['throughput'] ?? [];
  const len = Math.min(n, thr.length, per.length, done.length);
  const out: number[] = [];
  for (let i = 0; i < len; i++) {
    const t = thr[i], p = per[i], d = done[i];
    // An agent no request reached has no mean per visit, and spent no time.
    out.push(t === null || t === undefined || d === null || d === undefined || !(d > 0) ? NaN : t === 0 ? 0 : p === null || p === undefined ? NaN : (t * p) / d);
  }
  return out;
}

export interface AgentChange {
  readonly agent: string;
  /** Paired change of seconds per request (candidate − baseline). */
  readonly wait: ReplicationEstimate;
  readonly service: ReplicationEstimate;
  readonly total: ReplicationEstimate;
  /** total / change of e2e.mean (NaN when the mean did not change). */
  readonly contribution: number;
}

export interface ProbableCause {
  /** Paired change of e2e.mean, seconds. */
  readonly e2eMean: ReplicationEstimate;
  /** Largest contribution first. */
  readonly agents: readonly AgentChange[];
  readonly confidence: number;
  readonly note: string;
}

const paired = (b: readonly number[], c: readonly number[]) => b.slice(0, Math.min(b.length, c.length)).map((x, i) => c[i]! - x);

/** Per agent present on both sides, the paired change of its time per request, ranked by contribution. */
export function probableCause(baseline: MetricValues, candidate: MetricValues, confidence: number, replications: number): ProbableCause {
  const both = agentsOf(baseline).filter((a) => agentsOf(candidate).includes(a));
  const e2e = paired(
    (baseline['e2e.mean'] ?? []).slice(0, replications).map((x) => x ?? NaN),
    (candidate['e2e.mean'] ?? []).slice(0, replications).map((x) => x ?? NaN),
  );
  const e2eMean = replicationInterval(e2e, confidence);
  const agents = both.map((a): AgentChange => {
    const dw = paired(agentTime(baseline, a, 'wait', replications), agentTime(candidate, a, 'wait', replications));
    const ds = paired(agentTime(baseline, a, 'service', replications), agentTime(candidate, a, 'service', replications));
    const total = replicationInterval(dw.map((w, i) => w + ds[i]!), confidence);
    return {
      agent: a, wait: replicationInterval(dw, confidence), service: replicationInterval(ds, confidence), total,
      contribution: e2eMean.estimate !== 0 && Number.isFinite(e2eMean.estimate) ? total.estimate / e2eMean.estimate : NaN,
    };
  });
  // Ranked by how much of the change in mean latency each explains, in the direction it moved.
  const sign = e2eMean.estimate < 0 ? -1 : 1;
  agents.sort((x, y) => sign * (y.total.estimate - x.total.estimate));
  return {
    e2eMean, agents, confidence,
    note: 'time per completed request at each agent (visits per second × mean wait and service per visit ÷ throughput), paired replication by replication; fork branches in parallel are each counted',
  };
}
