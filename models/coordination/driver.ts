// Runs one replication in segments between control instants: timeline events, objective window
// ends, the participants' control ticks, message deliveries, commitments and their expiry. The
// engine's event loop is never entered by a controller: between two instants it runs alone
// (Replication.advanceTo), and validation and proposers run only between segments.

import { Replication } from '../../sim/network/engine.js';
import type { MetricValue } from '../run/metrics.js';
import { outputOf, replicationOptions, type Recording, type ReplicationOutput } from '../run/replicate.js';
import type { NetworkSpec } from '../../sim/network/spec.js';
import type { Scenario } from '../scenario/index.js';
import { Agenda, InstantKind } from './agenda.js';
import { ObjectiveWatch } from './detection.js';
import { ordered, type LogRecord, type NegotiationLog } from './log.js';
import { Coordinator, DIRECTIONS, type Counts, type Step } from './negotiation.js';
import type { Proposer } from './proposals.js';
import { ControlState, priorityValues, provisionBuckets, provisionPriorities, provisionSlots } from './state.js';
import type { CoordinationSpec, TimelineEvent } from './types.js';
import { Validator } from './validation.js';

export interface CoordinatedOptions {
  /** Whether participants run their control loops (the timeline and objectives apply either way). */
  readonly enabled: boolean;
  readonly proposer?: Proposer;
  readonly recording: Recording;
  /** Checked between control instants (after yielding, so a Ctrl-C is seen): true abandons the replication. */
  readonly stopped?: () => boolean;
}

export interface CoordinatedOutput extends ReplicationOutput {
  readonly log: NegotiationLog;
  /** Problems worth telling the user once (a proposer that failed), in the order they arose. */
  readonly notes: readonly string[];
}

type Item = Step
  | { readonly kind: 'timeline'; readonly event: TimelineEvent }
  | { readonly kind: 'window'; readonly index: number }
  | { readonly kind: 'tick'; readonly agent: string };

/** Classes a timeline event or an action may throttle: they get a token bucket from the start. */
function throttled(spec: CoordinationSpec): Set<number> {
  const out = new Set<number>();
  for (const e of spec.timeline) if (e.kind === 'set_rate_limit') out.add(e.cls);
  for (const a of spec.actions) if (a.effect.kind === 'rate_limit') out.add(a.effect.cls);
  return out;
}

/** Classes that join later start their arrivals then (a start time is fixed at construction, like a bucket). */
function withJoins(network: NetworkSpec, timeline: readonly TimelineEvent[]): NetworkSpec {
  const joins = timeline.filter((e): e is Extract<TimelineEvent, { kind: 'join' }> => e.kind === 'join');
  if (joins.length === 0) return network;
  return { ...network, classes: network.classes.map((c, i) => { const j = joins.find((e) => e.cls === i); return j === undefined ? c : { ...c, start: j.at }; }) };
}

/** Replica counts the timeline or an action may ask of each capacity target (`pool:i`, `agent:i`). */
function replicaNeeds(spec: CoordinationSpec): Map<string, number> {
  const out = new Map<string, number>();
  const need = (kind: string, index: number, n: number) => out.set(`${kind}:${index}`, Math.max(n, out.get(`${kind}:${index}`) ?? 0));
  for (const e of spec.timeline) if (e.kind === 'set_replicas') need(e.target.kind, e.target.index, e.count);
  for (const a of spec.actions) if (a.effect.kind === 'replicas') need(a.effect.target.kind, a.effect.target.index, a.effect.max);
  return out;
}

/** Runs replication `index`; undefined when `stopped` abandoned it. */
export async function runCoordinatedReplication(s: Scenario, index: number, warmup: number, o: CoordinatedOptions): Promise<CoordinatedOutput | undefined> {
  const spec = s.coordination!;
  const network = withJoins(provisionSlots(provisionBuckets(s.network, throttled(spec)), replicaNeeds(spec)), spec.timeline);
  const options = { ...replicationOptions(s, index, warmup, o.recording), traceRequests: true };
  const rep = new Replication(provisionPriorities(network, priorityValues(spec)), options);
  const agenda = new Agenda<Item>();
  const state = new ControlState(network.classes, network.agents);
  const watches = spec.objectives.map((ob) => new ObjectiveWatch(ob, warmup));
  const records: LogRecord[] = [];
  const notes = new Set<string>();
  const host = { view: rep, act: rep, agenda: agenda as Agenda<Step>, state, watches, records, notes };
  const coordinator = new Coordinator(s, host, new Validator(s, spec.settings), o.proposer);

  for (const event of spec.timeline) agenda.push(event.at, InstantKind.Timeline, { kind: 'timeline', event });
  spec.objectives.forEach((ob, i) => agenda.push(ob.window, InstantKind.Window, { kind: 'window', index: i }));
  const owners = o.enabled ? [...new Set(spec.objectives.map((ob) => ob.agent))] : [];
  for (const agent of owners) agenda.push(spec.settings.period, InstantKind.Tick, { kind: 'tick', agent });

  for (let i = agenda.pop(); i !== undefined && i.t <= s.horizon; i = agenda.pop()) {
    if (o.stopped !== undefined) {
      await new Promise((r) => setImmediate(r));
      if (o.stopped()) return undefined;
    }
    rep.advanceTo(i.t);
    const item = i.payload;
    switch (item.kind) {
      case 'timeline': applyEvent(s, item.event, state, rep, watches, records); break;
      case 'window': {
        watches[item.index]!.closeWindow(rep);
        agenda.push(i.t + spec.objectives[item.index]!.window, InstantKind.Window, item);
        break;
      }
      case 'tick':
        await coordinator.tick(item.agent);
        agenda.push(i.t + spec.settings.period, InstantKind.Tick, item);
        break;
      case 'commit': coordinator.commit(item.request); break;
      case 'expire': coordinator.expire(item.commitment); break;
      case 'deliver':
        if (item.delivery.kind === 'request') await coordinator.receive(item.delivery.request);
        else coordinator.answered(item.delivery.request, item.delivery.accepted, item.delivery.detail);
        break;
    }
  }
  rep.advance(Infinity, Infinity);

  const out = outputOf(s, rep);
  const metrics = [...out.metrics, ...objectiveMetrics(watches), ...(spec.actions.length > 0 ? countMetrics(coordinator.counts) : [])];
  const log: NegotiationLog = { format: 'apmsim-negotiation/1', scenario: s.name, seed: s.seed, replication: index, coordination: o.enabled, records: ordered(records) };
  return { metrics, timeseries: out.timeseries, requests: o.recording.traceRequests ? out.requests : undefined, log, notes: [...notes] };
}

function applyEvent(s: Scenario, e: TimelineEvent, state: ControlState, rep: Replication, watches: readonly ObjectiveWatch[], records: LogRecord[]): void {
  const cls = (c: number) => s.network.classes[c]!.name;
  let event: string;
  switch (e.kind) {
    case 'set_rate':
      state.setFactor(e.cls, e.factor);
      state.apply(e.cls, rep);
      event = `class ${cls(e.cls)} arrives at ${e.factor} x its written rate`;
      break;
    case 'set_rate_limit':
      state.setLimit(e.cls, e.rate);
      state.apply(e.cls, rep);
      event = `class ${cls(e.cls)} limited to ${e.rate}/s`;
      break;
    case 'set_objective':
      watches[e.objective]!.threshold = e.threshold;
      event = `objective ${watches[e.objective]!.objective.name} threshold becomes ${e.threshold}`;
      break;
    case 'set_priority':
      state.setPriority(e.cls, e.priority);
      state.apply(e.cls, rep);
      event = `class ${cls(e.cls)} served at priority ${e.priority}`;
      break;
    case 'set_replicas':
      rep.setReplicas(e.target.kind, e.target.index, e.count);
      event = `${e.target.kind} ${e.target.name} set to ${e.count} replicas`;
      break;
    case 'join':
      event = `class ${cls(e.cls)} joins (its arrivals begin)`;
      break;
    case 'set_price':
      rep.setPrice(e.model, e.perInputToken, e.perOutputToken);
      event = `model ${s.network.models[e.model]!.name} costs ${e.perInputToken * 1000} / ${e.perOutputToken * 1000} dollars per 1k input / output tokens`;
      break;
    case 'set_cache_hit':
      state.setHit(e.agent, e.hit);
      state.applyCache(e.agent, rep);
      event = `cache ${s.network.agents[e.agent]!.name} hits with probability ${e.hit}`;
      break;
  }
  records.push({ t: rep.now, type: 'timeline', event });
}

/** Per objective: the share of judged windows that violated it, and the time they cover. */
function objectiveMetrics(watches: readonly ObjectiveWatch[]): MetricValue[] {
  return watches.flatMap((w) => {
    const o = w.outcome();
    return [
      { name: `objective.${o.name}.violated_share`, unit: '' as const, value: o.windows > 0 ? o.violated / o.windows : NaN },
      { name: `objective.${o.name}.violation_time`, unit: 's' as const, value: o.violationSeconds },
      { name: `objective.${o.name}.windows`, unit: '' as const, value: o.windows },
    ];
  });
}

/** Requests sent, accepted, denied and answered through a nested round, per direction. */
function countMetrics(c: Counts): MetricValue[] {
  return DIRECTIONS.flatMap((d, i) => [
    { name: `coordination.${d}.requests`, unit: '' as const, value: c.sent[i]! },
    { name: `coordination.${d}.accepted`, unit: '' as const, value: c.accepted[i]! },
    { name: `coordination.${d}.denied`, unit: '' as const, value: c.denied[i]! },
    { name: `coordination.${d}.recursed`, unit: '' as const, value: c.recursed[i]! },
  ]);
}
