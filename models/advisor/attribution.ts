// Where each class's latency goes: replications run with the engine's attribution on
// (sim/network/record/attribution.ts), then per agent its wait, service and lost time (failed or
// timed-out calls and their backoff) per request, its share of the mean latency and of the tail
// (requests at or above the class's p95), each an interval over replications.

import { Replication } from '../../sim/network/engine.js';
import { ATTRIBUTION_PARTS, attributionIndex, type AttributionStats } from '../../sim/network/record/attribution.js';
import { boundedInterval, type ReplicationEstimate } from '../analysis/interval.js';
import { replicationOptions, requirePlain, resolveWarmup } from '../run/replicate.js';
import type { Scenario } from '../scenario/index.js';

export interface AgentAttribution {
  readonly agent: string;
  /** Seconds per completed request of the class, on its critical path. */
  readonly wait: ReplicationEstimate;
  readonly service: ReplicationEstimate;
  /** Failed and timed-out calls, and the backoff before calling again. */
  readonly retry: ReplicationEstimate;
  /** Share of the class's mean latency (wait + service + retry over latency). */
  readonly share: ReplicationEstimate;
  /** Share of the latency of the requests at or above the class's p95. */
  readonly tailShare: ReplicationEstimate;
  /** Share of the tail spent waiting (in line, for a batch slot or KV block, for a budget). */
  readonly tailWaitShare: ReplicationEstimate;
}

export interface ClassAttribution {
  readonly cls: string;
  /** Completed requests over all replications. */
  readonly requests: number;
  readonly e2eMean: ReplicationEstimate;
  readonly tailMean: ReplicationEstimate;
  /** Agents on the class's critical paths, the largest tail share first. */
  readonly agents: readonly AgentAttribution[];
  /** Share of the mean latency before the first visit (rate limits) and after the last. */
  readonly outside: ReplicationEstimate;
}

export interface Attribution {
  readonly scenario: string;
  readonly replications: number;
  readonly confidence: number;
  readonly classes: readonly ClassAttribution[];
}

/** Runs the scenario's replications with attribution on, in this thread. */
export function attributionRuns(s: Scenario, onReplication?: (done: number) => void): AttributionStats[] {
  requirePlain(s);
  const warmup = resolveWarmup(s);
  const out: AttributionStats[] = [];
  for (let i = 0; i < s.replications; i++) {
    const rep = new Replication(s.network, { ...replicationOptions(s, i, warmup), attribution: true });
    rep.advance(Infinity, Infinity);
    out.push(rep.snapshot().attribution!);
    onReplication?.(i + 1);
  }
  return out;
}

/** Per class and agent, intervals over the replications' attribution. */
export function summariseAttribution(s: Scenario, runs: readonly AttributionStats[]): Attribution {
  const A = s.network.agents.length;
  const c = s.confidence;
  const classes = s.network.classes.map((cls, k): ClassAttribution => {
    const per = runs.map((r) => r.classes[k]!);
    // Times per request are at least 0 and shares at most 1 (over three replications, a share of
    // the tail of 0.3 % had a t interval reaching to −0.3 %).
    const over = (f: (x: (typeof per)[number]) => number, most = Infinity) => boundedInterval(per.map((x) => (x.count > 0 ? f(x) : NaN)), c, most);
    const sumOf = (sums: Float64Array, a: number) => ATTRIBUTION_PARTS.reduce((t, p) => t + sums[attributionIndex(A, a, p)]!, 0);
    const agents: AgentAttribution[] = [];
    s.network.agents.forEach((agent, a) => {
      if (per.every((x) => sumOf(x.sums, a) === 0)) return;
      const perRequest = (p: (typeof ATTRIBUTION_PARTS)[number]) => over((x) => x.sums[attributionIndex(A, a, p)]! / x.count);
      agents.push({
        agent: agent.name,
        wait: perRequest('wait'), service: perRequest('service'), retry: perRequest('retry'),
        share: over((x) => sumOf(x.sums, a) / x.e2eSum, 1),
        tailShare: over((x) => (x.tailE2eSum > 0 ? sumOf(x.tailSums, a) / x.tailE2eSum : NaN), 1),
        tailWaitShare: over((x) => (x.tailE2eSum > 0 ? x.tailSums[attributionIndex(A, a, 'wait')]! / x.tailE2eSum : NaN), 1),
      });
    });
    agents.sort((x, y) => (y.tailShare.estimate - x.tailShare.estimate) || (y.share.estimate - x.share.estimate));
    return {
      cls: cls.name,
      requests: per.reduce((t, x) => t + x.count, 0),
      e2eMean: over((x) => x.e2eSum / x.count),
      tailMean: over((x) => (x.tailCount > 0 ? x.tailE2eSum / x.tailCount : NaN)),
      agents,
      outside: over((x) => (x.sums[3 * A]! + x.sums[3 * A + 1]!) / x.e2eSum, 1),
    };
  });
  return { scenario: s.name, replications: runs.length, confidence: c, classes };
}
