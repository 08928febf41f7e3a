// What a scenario configures that decides which metrics it reports: prices, quality scores, LLM
// agents, escalation edges, timeouts, retries, quorums, speculation, rate limits, sessions. Read
// from the NetworkSpec alone, once, so the metric catalogue's predicates stay one-liners.

import type { CapacitySpec, NetworkSpec, RouteSpec } from '../../sim/network/spec.js';

export interface MetricScope {
  readonly spec: NetworkSpec;
  /** Something costs money: cost metrics are reported. */
  readonly priced: boolean;
  /** A model or a cache has a quality score: quality metrics are reported. */
  readonly quality: boolean;
  /** Some agent is an LLM agent: the workload's ttft/tpot/token metrics are reported. */
  readonly llm: boolean;
  /** Per agent: some route leaving it (for any class, or on failure) is marked as an escalation. */
  readonly escalates: readonly boolean[];
  /** Per agent: a finite timeout (routers take no time, so have none). */
  readonly timed: readonly boolean[];
  /** Per agent: failed calls are retried. */
  readonly retried: readonly boolean[];
  /** Some class limits the steps of a request. */
  readonly stepLimited: boolean;
  /** Some route is a quorum fork (need fewer branches than it starts). */
  readonly quorum: boolean;
  /** Some route is a speculation. */
  readonly speculates: boolean;
  /** Per class: a rate limit of its own or a quota it shares. */
  readonly limited: readonly boolean[];
  /** Some class arrives as closed-loop or traced sessions. */
  readonly sessions: boolean;
}

/** Replicas of a station agent are billed when its capacity spec has a price. */
const billsReplicas = (c: CapacitySpec | undefined): boolean => c !== undefined && (c.pricePerHour > 0 || (c.spot?.pricePerHour ?? 0) > 0);

function isPriced(spec: NetworkSpec): boolean {
  return spec.models.some((m) => m.pricePerInputToken > 0 || m.pricePerOutputToken > 0)
    || spec.pools.some((p) => p.pricePerHour > 0 || billsReplicas(p.capacitySpec))
    || spec.agents.some((a) => a.costPerCall > 0 || (a.kind === 'station' && billsReplicas(a.capacitySpec)));
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

/** The kinds of request-flow control the routes use: quorum forks and speculation. */
function flowKinds(spec: NetworkSpec): Set<string> {
  const routes = [...spec.agents.flatMap((a) => [a.next, a.onFailure]), ...spec.classes.flatMap((c) => c.routes)];
  const kinds = new Set<string>();
  const visit = (r: RouteSpec | undefined): void => {
    if (r === undefined) return;
    if (r.kind === 'fork' && r.need !== undefined && r.need < r.branches.length) kinds.add('quorum');
    if (r.kind === 'speculate') kinds.add('speculate');
    if (r.kind === 'fork' || r.kind === 'speculate') visit(r.then);
    if (r.kind === 'condition') { r.rules.forEach((rule) => visit(rule.then)); visit(r.otherwise); }
  };
  routes.forEach(visit);
  spec.agents.forEach((a) => { if (a.kind === 'cache') visit(a.onHit); });
  return kinds;
}

export function metricScope(spec: NetworkSpec): MetricScope {
  const kinds = flowKinds(spec);
  const quota = new Set((spec.quotas ?? []).flatMap((q) => q.classes));
  return {
    spec,
    priced: isPriced(spec),
    quality: spec.models.some((m) => !Number.isNaN(m.quality)) || spec.agents.some((a) => a.kind === 'cache' && a.quality !== undefined && !Number.isNaN(a.quality)),
    llm: spec.agents.some((a) => a.kind === 'llm'),
    escalates: spec.agents.map((_, a) => escalatesFrom(spec, a)),
    timed: spec.agents.map((a) => a.kind !== 'router' && a.timeout !== undefined && Number.isFinite(a.timeout)),
    retried: spec.agents.map((a) => a.retry !== undefined && a.retry.max > 0),
    stepLimited: spec.classes.some((c) => c.maxSteps !== undefined),
    quorum: kinds.has('quorum'),
    speculates: kinds.has('speculate'),
    limited: spec.classes.map((c, i) => c.rateLimit !== undefined || quota.has(i)),
    sessions: spec.classes.some((c) => c.arrivals.process === 'sessions'),
  };
}
