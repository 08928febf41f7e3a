// Runs one replication in segments between control instants (timeline events, objective window
// ends), applying events through the engine's actuators. Instants are totally ordered (time, then
// kind, then position), so the same seed replays the same way. docs/coordination.md.

import { Replication, type ReplicationOptions } from '../../sim/network/engine.js';
import type { ClassSpec, NetworkSpec } from '../../sim/network/spec.js';
import { ObjectiveWatch } from './detection.js';
import type { Objective, ObjectiveOutcome, TimelineEvent } from './types.js';

/** A pre-provisioned bucket that never binds in practice: the timeline or a commitment sets its rate. */
const INERT_RATE = 1e12;
const INERT_BURST = 10;

export interface ControlPlan {
  readonly timeline: readonly TimelineEvent[];
  readonly objectives: readonly Objective[];
}

export interface ControlledRun {
  readonly replication: Replication;
  readonly objectives: readonly ObjectiveOutcome[];
  /** Timeline events that could not apply (e.g. a rate factor on a trace class), with why. */
  readonly skipped: readonly string[];
}

// Events before window ends at the same instant: a window ending at the change is judged after it.
const RANK_EVENT = 0;
const RANK_WINDOW = 1;

interface Instant {
  readonly t: number;
  readonly rank: number;
  readonly index: number;
}

/** The network with an inert token bucket on every class a timeline event may throttle. */
export function provisionBuckets(network: NetworkSpec, timeline: readonly TimelineEvent[]): NetworkSpec {
  const throttled = new Set(timeline.flatMap((e) => (e.kind === 'set_rate_limit' ? [e.cls] : [])));
  if (throttled.size === 0) return network;
  const classes: ClassSpec[] = network.classes.map((c, i) =>
    throttled.has(i) && c.rateLimit === undefined && !(network.quotas ?? []).some((q) => q.classes.includes(i))
      ? { ...c, rateLimit: { rate: INERT_RATE, burst: INERT_BURST, action: 'reject' } } : c);
  return { ...network, classes };
}

/** Runs the replication to its horizon, stopping at each control instant. Records requests (detection reads them). */
export function runControlled(network: NetworkSpec, options: ReplicationOptions, plan: ControlPlan): ControlledRun {
  const rep = new Replication(provisionBuckets(network, plan.timeline), { ...options, traceRequests: options.traceRequests || plan.objectives.length > 0 });
  const watches = plan.objectives.map((o) => new ObjectiveWatch(o));
  const instants: Instant[] = plan.timeline.map((e, index) => ({ t: e.at, rank: RANK_EVENT, index }));
  watches.forEach((w, index) => {
    for (let t = w.objective.window; t <= options.horizon + 1e-9; t += w.objective.window) instants.push({ t, rank: RANK_WINDOW, index });
  });
  instants.sort((a, b) => a.t - b.t || a.rank - b.rank || a.index - b.index);
  const skipped: string[] = [];
  for (const i of instants) {
    if (i.t > options.horizon) break;
    rep.advanceTo(i.t);
    if (i.rank === RANK_WINDOW) { watches[i.index]!.closeWindow(rep); continue; }
    const e = plan.timeline[i.index]!;
    const name = (c: number) => network.classes[c]!.name;
    switch (e.kind) {
      case 'set_rate':
        if (!rep.scaleArrivals(e.cls, e.factor)) skipped.push(`t=${e.at}s: class '${name(e.cls)}' has given arrival times (trace or sessions); its rate cannot change`);
        break;
      case 'set_rate_limit':
        if (!rep.setRateLimit(e.cls, e.rate)) skipped.push(`t=${e.at}s: class '${name(e.cls)}' has no token bucket`);
        break;
      case 'set_objective':
        watches[e.objective]!.threshold = e.threshold;
        break;
    }
  }
  rep.advance(Infinity, Infinity);
  return { replication: rep, objectives: watches.map((w) => w.outcome()), skipped };
}
