// What a scenario configures that decides which metrics it reports: prices, quality scores, LLM
// agents, escalation edges, timeouts, retries, quorums, speculation, rate limits, sessions. Read
// from the NetworkSpec alone, once, so the metric catalogue's predicates stay one-liners.

import { foldRoute, visitRoute } from '../../sim/network/route-kinds.js';
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

/** What a route itself (not one nested in it) does that the metrics count. */
interface RouteTraits { readonly escalates: boolean; readonly quorum: boolean; readonly speculates: boolean }

const NOTHING: RouteTraits = { escalates: false, quorum: false, speculates: false };
const ESCALATES: RouteTraits = { ...NOTHING, escalates: true };
const QUORUM: RouteTraits = { ...NOTHING, quorum: true };
const SPECULATES: RouteTraits = { ...NOTHING, speculates: true };

const own = (r: RouteSpec) => visitRoute<RouteTraits>(r, {
  exit: () => NOTHING,
  agent: (x) => (x.escalate ? ESCALATES : NOTHING),
  random: (x) => (x.escalate.some((e) => e) ? ESCALATES : NOTHING),
  fork: (x) => (x.need !== undefined && x.need < x.branches.length ? QUORUM : NOTHING),
  speculate: () => SPECULATES,
  condition: () => NOTHING,
});

/** Whether `route` or a route nested in it has the trait. */
const anywhere = (route: RouteSpec | undefined, has: keyof RouteTraits): boolean =>
  route !== undefined && foldRoute(route, false, (acc, r) => acc || own(r)[has]);

/** Whether some route leaving agent `a` (for any class, or on failure) is marked as an escalation. */
function escalatesFrom(spec: NetworkSpec, a: number): boolean {
  const agent = spec.agents[a]!;
  return anywhere(agent.next, 'escalates') || anywhere(agent.onFailure, 'escalates') || spec.classes.some((c) => anywhere(c.routes[a], 'escalates'));
}

/** Every route of the network: agents' next, failure and cache-hit routes, and the classes' own. */
function allRoutes(spec: NetworkSpec): (RouteSpec | undefined)[] {
  return [...spec.agents.flatMap((a) => [a.next, a.onFailure, a.kind === 'cache' ? a.onHit : undefined]), ...spec.classes.flatMap((c) => c.routes)];
}

export function metricScope(spec: NetworkSpec): MetricScope {
  const routes = allRoutes(spec);
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
    quorum: routes.some((r) => anywhere(r, 'quorum')),
    speculates: routes.some((r) => anywhere(r, 'speculates')),
    limited: spec.classes.map((c, i) => c.rateLimit !== undefined || quota.has(i)),
    sessions: spec.classes.some((c) => c.arrivals.process === 'sessions'),
  };
}
