// What the controllers have changed in a running replication: class rate factors, token-bucket
// rates and priorities, caches' hit probabilities (from the timeline and from commitments) and
// replica targets. The same state, plus the effects a plan would add, gives the steady-state
// scenario a plan is validated on.

import type { Actuators, ControlView } from '../../sim/network/control.js';
import type { AgentSpec, CapacitySpec, ClassSpec, NetworkSpec } from '../../sim/network/spec.js';
import { type Scenario, compileRate } from '../scenario/index.js';
import type { ActionEffect, CapacityTarget, CoordinationSettings, CoordinationSpec } from './types.js';
import { scaledArrivals } from '../../sim/network/arrival-process.js';

/** A pre-provisioned bucket that never binds in practice: the timeline or a commitment sets its rate. */
export const INERT_RATE = 1e12;
const INERT_BURST = 10;

/** The network with an inert token bucket on every class in `throttled` (buckets are fixed at construction). */
export function provisionBuckets(network: NetworkSpec, throttled: ReadonlySet<number>): NetworkSpec {
  if (throttled.size === 0) return network;
  const classes: ClassSpec[] = network.classes.map((c, i) =>
    throttled.has(i) && c.rateLimit === undefined
      ? { ...c, rateLimit: { rate: INERT_RATE, burst: INERT_BURST, action: 'reject' } } : c);
  return { ...network, classes };
}

/** Priorities the timeline or an action may give a class, in file order (each needs a level from the start). */
export function priorityValues(spec: CoordinationSpec): number[] {
  const out: number[] = [];
  for (const e of spec.timeline) if (e.kind === 'set_priority') out.push(e.priority);
  for (const a of spec.actions) if (a.effect.kind === 'priority') out.push(a.effect.priority);
  return out;
}

/** The network with a priority level for each of `values` too (levels are fixed at construction). */
export function provisionPriorities(network: NetworkSpec, values: readonly number[]): NetworkSpec {
  return values.length === 0 ? network : { ...network, priorityValues: [...new Set([...(network.priorityValues ?? []), ...values])] };
}

/** Capacity targets with enough replica slots for every count the timeline or an action may set (slots are fixed at construction). */
export function provisionSlots(network: NetworkSpec, wanted: ReadonlyMap<string, number>): NetworkSpec {
  if (wanted.size === 0) return network;
  const raise = <T extends { capacitySpec?: CapacitySpec }>(x: T, key: string): T => {
    const n = wanted.get(key);
    return n === undefined || x.capacitySpec === undefined ? x : { ...x, capacitySpec: { ...x.capacitySpec, slots: Math.max(n, x.capacitySpec.slots ?? 0) } };
  };
  return {
    ...network,
    pools: network.pools.map((p, i) => raise(p, `pool:${i}`)),
    agents: network.agents.map((a, i) => (a.kind === 'station' ? raise(a, `agent:${i}`) : a)),
  };
}

/**
 * Per class: the timeline's rate factor and limit, times / capped by every active commitment; its
 * priority, the latest active commitment's, else the timeline's, else its written one. Per cache
 * agent with policy probability: its hit probability, likewise.
 */
export class ControlState {
  private readonly factor: number[];
  private readonly limit: number[];
  private readonly priority: number[];
  /** Per agent: the timeline's (else the written) hit probability of a probability cache; NaN for other agents. */
  private readonly hit: number[];
  private readonly committed: ActionEffect[] = [];

  constructor(classes: readonly Pick<ClassSpec, 'priority'>[], agents: readonly AgentSpec[] = []) {
    this.factor = classes.map(() => 1);
    this.limit = classes.map(() => Infinity);
    this.priority = classes.map((c) => c.priority ?? 0);
    this.hit = agents.map((a) => (a.kind === 'cache' && a.policy.kind === 'probability' ? a.policy.hit : NaN));
  }

  setFactor(c: number, factor: number): void {
    this.factor[c] = factor;
  }

  setLimit(c: number, rate: number): void {
    this.limit[c] = rate;
  }

  /** The timeline's priority of class c (what its priority is when no commitment sets it). */
  setPriority(c: number, priority: number): void {
    this.priority[c] = priority;
  }

  /** The timeline's hit probability of cache agent a (what it is when no commitment sets it). */
  setHit(a: number, hit: number): void {
    this.hit[a] = hit;
  }

  /** Effective rate factor of class c: the timeline's times every committed scaling. */
  factorOf(c: number, extra: readonly ActionEffect[] = []): number {
    let f = this.factor[c]!;
    for (const e of [...this.committed, ...extra]) if (e.kind === 'scale_rate' && e.cls === c) f *= e.factor;
    return f;
  }

  /** Effective token-bucket rate of class c (Infinity: unlimited). */
  limitOf(c: number, extra: readonly ActionEffect[] = []): number {
    let r = this.limit[c]!;
    for (const e of [...this.committed, ...extra]) if (e.kind === 'rate_limit' && e.cls === c) r = Math.min(r, e.rate);
    return r;
  }

  /** Effective priority of class c: that of the latest committed priority action on it, else the timeline's, else its written one. */
  priorityOf(c: number, extra: readonly ActionEffect[] = []): number {
    let p = this.priority[c]!;
    for (const e of [...this.committed, ...extra]) if (e.kind === 'priority' && e.cls === c) p = e.priority;
    return p;
  }

  /**
   * Effective hit probability of cache agent a: that of the latest committed cache_hit action on
   * it, else the timeline's, else its written one (NaN: not a probability cache).
   */
  hitOf(a: number, extra: readonly ActionEffect[] = []): number {
    let h = this.hit[a] ?? NaN;
    for (const e of [...this.committed, ...extra]) if (e.kind === 'cache_hit' && e.agent === a) h = e.hit;
    return h;
  }

  commit(e: ActionEffect): void {
    this.committed.push(e);
  }

  release(e: ActionEffect): void {
    const i = this.committed.indexOf(e);
    if (i >= 0) this.committed.splice(i, 1);
  }

  /** Pushes class c's effective factor, limit and priority to the engine. */
  apply(c: number, act: Actuators): void {
    act.scaleArrivals(c, this.factorOf(c));
    const limit = this.limitOf(c);
    act.setRateLimit(c, Number.isFinite(limit) ? limit : INERT_RATE);
    // False, harmlessly, where no station serves by priority (no priority action or event then).
    act.setPriority(c, this.priorityOf(c));
  }

  /** Pushes cache agent a's effective hit probability to the engine. */
  applyCache(a: number, act: Actuators): void {
    const h = this.hitOf(a);
    if (!Number.isNaN(h)) act.setCacheHit(a, h);
  }
}

function targetSpec(network: NetworkSpec, t: CapacityTarget): CapacitySpec | undefined {
  return t.kind === 'pool' ? network.pools[t.index]!.capacitySpec : (network.agents[t.index] as { capacitySpec?: CapacitySpec }).capacitySpec;
}

/** Scheduled and predictive autoscalers follow the clock of the run; a steady-state run from t = 0 would replay them wrongly. */
function steadyCapacity(c: CapacitySpec, replicas: number): CapacitySpec {
  const { autoscale, ...rest } = c;
  return { ...rest, replicas, autoscale: autoscale?.kind === 'reactive' ? autoscale : undefined };
}

/** Current on-demand replica target of a capacity target (its written count before the run). */
export function replicasOf(view: ControlView | undefined, network: NetworkSpec, t: CapacityTarget): number {
  const live = view?.replicaTarget(t.kind, t.index);
  return live !== undefined && live >= 0 ? live : targetSpec(network, t)?.replicas ?? 0;
}

/**
 * The scenario as it stands now, plus `extra` effects, run at steady state: rates frozen at their
 * current value (time-varying ones at their rate now), limits, priorities, caches' hit
 * probabilities and replica targets as they are; the timeline is not replayed. What validation
 * asks the performance interface about.
 */
export function scenarioNow(
  s: Scenario, state: ControlState, view: ControlView, extra: readonly ActionEffect[], settings: CoordinationSettings,
): Scenario {
  const network = s.network;
  const classes = network.classes.map((cls, c): ClassSpec => {
    const f = state.factorOf(c, extra);
    const a = cls.arrivals;
    const arrivals = scaledArrivals(a, f, view.now, compileRate);
    // A class that has not joined yet sends nothing now.
    if (s.coordination?.timeline.some((e) => e.kind === 'join' && e.cls === c && e.at > view.now) === true) return { ...cls, start: Infinity };
    const limit = state.limitOf(c, extra);
    const rateLimit = Number.isFinite(limit) ? { ...(cls.rateLimit ?? { burst: INERT_BURST, action: 'reject' as const }), rate: limit } : cls.rateLimit;
    const priority = state.priorityOf(c, extra);
    return { ...cls, arrivals, ...(rateLimit === undefined ? {} : { rateLimit }), ...(priority === (cls.priority ?? 0) ? {} : { priority }) };
  });
  const replicas = new Map<string, number>();
  const key = (t: CapacityTarget) => `${t.kind}:${t.index}`;
  for (const e of extra) {
    if (e.kind !== 'replicas') continue;
    const now = replicas.get(key(e.target)) ?? replicasOf(view, network, e.target);
    // The budget (max) is the owner's to enforce when asked, not the requester's to know.
    replicas.set(key(e.target), Math.max(0, now + e.delta));
  }
  const withReplicas = <T extends { capacitySpec?: CapacitySpec }>(x: T, t: CapacityTarget): T => {
    if (x.capacitySpec === undefined) return x;
    const n = replicas.get(key(t)) ?? replicasOf(view, network, t);
    // A pool states its replica count twice (the engine checks they agree).
    return { ...x, ...('replicas' in x ? { replicas: n } : {}), capacitySpec: steadyCapacity(x.capacitySpec, n) };
  };
  const pools = network.pools.map((p, index) => withReplicas(p, { kind: 'pool', index, name: p.name }));
  const withHit = (a: AgentSpec, index: number): AgentSpec => {
    if (a.kind !== 'cache' || a.policy.kind !== 'probability') return a;
    const hit = state.hitOf(index, extra);
    return Number.isNaN(hit) || hit === a.policy.hit ? a : { ...a, policy: { ...a.policy, hit } };
  };
  const agents = network.agents.map((a, index) => (a.kind === 'station' ? withReplicas(a, { kind: 'agent', index, name: a.name }) : withHit(a, index)));
  const { coordination: _timelineAndObjectives, ...steady } = s;
  return {
    ...steady,
    horizon: settings.validationHorizon,
    warmup: { mode: 'fixed', seconds: settings.validationWarmup },
    replications: settings.validationReplications,
    network: { ...network, classes, pools, agents },
  };
}
