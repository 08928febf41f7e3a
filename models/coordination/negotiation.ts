// Rounds of coordination between participants: a threatened objective's owner validates candidate
// plans through the performance interface and asks the owner of the best kept one; recipients judge
// requests against their own objectives and accept (a commitment, enforced by the engine's own
// mechanisms until it expires), deny with a reason, or first ask their own relations (a nested
// round, bounded in depth, never revisiting an agent of its chain). docs/coordination.md.

import type { Actuators, ControlView } from '../../sim/network/control.js';
import type { Scenario } from '../scenario/index.js';
import { Agenda, InstantKind } from './agenda.js';
import type { ObjectiveWatch } from './detection.js';
import { NOTHING_NAME, type DenyReason, type LogRecord } from './log.js';
import { readProposals, type Proposer } from './proposals.js';
import { priorityValues, replicasOf, type ControlState } from './state.js';
import { boundOf, type Action, type ActionEffect, type CoordinationSpec, type Direction, type Objective } from './types.js';
import type { Prediction, Validator } from './validation.js';

/** What the agenda carries besides timeline events, windows and ticks. */
export type Delivery =
  | { readonly kind: 'request'; readonly request: Ask }
  | { readonly kind: 'answer'; readonly request: Ask; readonly accepted: boolean; readonly detail: string };

export type Step =
  | { readonly kind: 'commit'; readonly request: Ask }
  | { readonly kind: 'expire'; readonly commitment: Commitment }
  | { readonly kind: 'deliver'; readonly delivery: Delivery };

/** A request for one action (an ask); a nested one carries the ask its sender is trying to honour. */
export interface Ask {
  readonly round: number;
  readonly depth: number;
  readonly from: string;
  readonly action: Action;
  readonly direction: Direction;
  /** Agents the chain of requests has visited, the first requester first. */
  readonly chain: readonly string[];
  readonly parent: Ask | undefined;
}

interface Commitment {
  readonly request: Ask;
  readonly effect: ActionEffect;
  readonly until: number;
  /** Replicas actually added (what expiry takes back); 0 for other effects. */
  readonly added: number;
}

interface Round {
  readonly id: number;
  readonly objective: number;
  readonly plans: Action[];
}

export const DIRECTIONS: readonly Direction[] = ['local', 'upstream', 'downstream', 'peer'];

/** The plan of doing nothing, validated first: only a predicted violation is worth a request. */
const NOTHING: Action = { name: NOTHING_NAME, owner: '', effect: { kind: 'scale_rate', cls: -1, factor: 1 }, duration: 0, needs: [] };

/** Requests sent, accepted, denied and answered by a nested round, per direction. */
export interface Counts {
  readonly sent: number[];
  readonly accepted: number[];
  readonly denied: number[];
  readonly recursed: number[];
}

export interface CoordinatorHost {
  readonly view: ControlView;
  readonly act: Actuators;
  readonly agenda: Agenda<Step>;
  readonly state: ControlState;
  readonly watches: readonly ObjectiveWatch[];
  readonly records: LogRecord[];
  /** Problems to tell the user (a failing proposer), each once. */
  readonly notes: Set<string>;
}

export class Coordinator {
  private readonly spec: CoordinationSpec;
  private nextRound = 1;
  private readonly open = new Map<number, Round>();
  /** Per objective: when its last commitment began (a new round waits a window for it to act). */
  private readonly helpedAt: number[];
  /** Active commitments, by action name. */
  private readonly active = new Map<string, Commitment>();
  /** Per requester and action: until when a denial stands. */
  private readonly deniedUntil = new Map<string, number>();
  readonly counts: Counts = { sent: [0, 0, 0, 0], accepted: [0, 0, 0, 0], denied: [0, 0, 0, 0], recursed: [0, 0, 0, 0] };
  /** Priorities the engine has a level for (a proposer's `priority` figure must be one). */
  private readonly priorities: readonly number[];

  constructor(
    private readonly scenario: Scenario,
    private readonly host: CoordinatorHost,
    private readonly validator: Validator,
    private readonly proposer: Proposer | undefined,
  ) {
    this.spec = scenario.coordination!;
    this.helpedAt = this.spec.objectives.map(() => -Infinity);
    this.priorities = [...new Set([...scenario.network.classes.map((c) => c.priority ?? 0), ...priorityValues(this.spec)])].sort((x, y) => x - y);
  }

  private get now(): number {
    return this.host.view.now;
  }

  private log(r: LogRecord): void {
    this.host.records.push(r);
  }

  private direction(from: string, owner: string): Direction | undefined {
    if (from === owner) return 'local';
    const p = this.spec.participants.find((x) => x.name === from);
    if (p === undefined) return undefined;
    if (p.upstream.includes(owner)) return 'upstream';
    if (p.downstream.includes(owner)) return 'downstream';
    if (p.peers.includes(owner)) return 'peer';
    return undefined;
  }

  private threshold(objective: Objective): number {
    return this.host.watches[this.spec.objectives.indexOf(objective)]!.threshold;
  }

  private ownObjectives(agent: string): { objective: Objective; threshold: number }[] {
    return this.spec.objectives.filter((o) => o.agent === agent).map((objective) => ({ objective, threshold: this.threshold(objective) }));
  }

  /** A participant's control loop: a round for each threatened objective it owns that no round is already helping. */
  async tick(agent: string): Promise<void> {
    const s = this.spec.settings;
    const mine = this.spec.objectives.map((o, i) => [o, i] as const).filter(([o]) => o.agent === agent)
      .sort((a, b) => b[0].priority - a[0].priority || a[1] - b[1]);
    for (const [objective, i] of mine) {
      const w = this.host.watches[i]!;
      if (!w.threatened(s.horizon)) continue;
      if ([...this.open.values()].some((r) => r.objective === i)) continue;
      if (this.now < this.helpedAt[i]! + objective.window) continue;
      this.log({ t: this.now, type: 'detection', agent, objective: objective.name, value: w.last, predicted: w.predicted(s.horizon), threshold: w.threshold });
      await this.plan(agent, i);
    }
  }

  private eligible(agent: string): Action[] {
    return this.spec.actions.filter((a) => this.direction(agent, a.owner) !== undefined && !this.active.has(a.name)
      && this.now >= (this.deniedUntil.get(`${agent}\u0000${a.name}`) ?? -Infinity));
  }

  /** Plan generation, validation and decision for objective `i`, owned by `agent`. */
  private async plan(agent: string, i: number): Promise<void> {
    const objective = this.spec.objectives[i]!;
    const round = this.nextRound++;
    const threshold = this.threshold(objective);
    // A window can look bad by chance: when the scenario as it stands is predicted to meet the
    // objective, nobody is asked for anything.
    const [idle] = await this.validator.predict(this.host.state, this.host.view, [], [{ objective, threshold }]);
    this.logPlan(round, objective, NOTHING, 'catalogue', 'local', idle!);
    if (idle!.met) return;
    const eligible = this.eligible(agent);
    const candidates: { action: Action; source: 'catalogue' | 'proposer' }[] = eligible.map((action) => ({ action, source: 'catalogue' }));
    if (this.proposer !== undefined) {
      for (const action of await this.propose(agent, i, round, eligible)) candidates.push({ action, source: 'proposer' });
    }
    const kept: Action[] = [];
    for (const { action, source } of candidates) {
      const [p] = await this.validator.predict(this.host.state, this.host.view, [action.effect], [{ objective, threshold }]);
      this.logPlan(round, objective, action, source, this.direction(agent, action.owner)!, p!);
      if (p!.met) kept.push(action);
    }
    if (kept.length === 0) {
      this.log({ t: this.now, type: 'no-plan', round, objective: objective.name, why: candidates.length === 0 ? 'no action this agent may ask for is available' : 'no candidate\'s interval meets the objective' });
      return;
    }
    this.open.set(round, { id: round, objective: i, plans: kept });
    this.sendNext(round, agent, this.now + this.spec.settings.controlLatency);
  }

  private logPlan(round: number, objective: Objective, action: Action, source: 'catalogue' | 'proposer', direction: Direction, p: Prediction): void {
    this.log({
      t: this.now, type: 'plan', round, objective: objective.name, action: action.name, source, direction,
      estimate: p.interval?.[0] ?? null, interval: p.interval === undefined ? null : [p.interval[1], p.interval[2]],
      confidence: this.spec.settings.confidence, bound: boundOf(objective.metric), threshold: p.threshold, kept: p.met, backend: p.backend, why: p.why,
    });
  }

  private async propose(agent: string, i: number, round: number, eligible: readonly Action[]): Promise<Action[]> {
    const w = this.host.watches[i]!;
    const o = this.spec.objectives[i]!;
    const situation = {
      t: this.now, agent,
      objective: { name: o.name, metric: o.metric, class: this.scenario.network.classes[o.cls]!.name, threshold: w.threshold, value: w.last, predicted: w.predicted(this.spec.settings.horizon) },
      classes: this.scenario.network.classes.map((c, k) => ({
        name: c.name, rate_factor: this.host.state.factorOf(k), rate_limit: finite(this.host.state.limitOf(k)), priority: this.host.state.priorityOf(k),
      })),
      caches: this.scenario.network.agents.flatMap((a, k) => (a.kind === 'cache' && a.policy.kind === 'probability' ? [{ name: a.name, hit: this.host.state.hitOf(k) }] : [])),
      active: [...this.active.values()].map((c) => ({ action: c.request.action.name, until: c.until })),
      catalogue: eligible.map((a) => ({ name: a.name, owner: a.owner, direction: this.direction(agent, a.owner), duration: a.duration, ...effectJson(this.scenario, a.effect) })),
    };
    const reply = await this.proposer!(JSON.stringify(situation));
    if (!reply.ok) {
      this.log({ t: this.now, type: 'proposer', round, ok: false, plans: 0, message: reply.message });
      this.host.notes.add(reply.message);
      return [];
    }
    const { actions, problems } = readProposals(reply.output, eligible, this.priorities);
    const message = problems.length === 0 ? '' : `proposer output: ${problems.join('; ')}; continuing with the built-in plans`;
    if (message !== '') this.host.notes.add(message);
    this.log({ t: this.now, type: 'proposer', round, ok: problems.length === 0, plans: actions.length, message });
    return actions.map((a) => ({ ...a, name: `${a.name}*` }));
  }

  /** Sends the round's next kept plan at `at`; a local plan is carried out without a message. */
  private sendNext(round: number, agent: string, at: number): void {
    const r = this.open.get(round)!;
    const action = r.plans.shift();
    if (action === undefined) {
      this.open.delete(round);
      this.log({ t: at, type: 'exhausted', round, objective: this.spec.objectives[r.objective]!.name });
      return;
    }
    const direction = this.direction(agent, action.owner)!;
    this.send({ round, depth: 1, from: agent, action, direction, chain: [agent], parent: undefined }, at);
  }

  private send(request: Ask, at: number): void {
    const d = DIRECTIONS.indexOf(request.direction);
    this.counts.sent[d]!++;
    if (request.direction === 'local') {
      this.counts.accepted[d]!++;
      this.host.agenda.push(at, InstantKind.Commit, { kind: 'commit', request });
      this.host.agenda.push(at, InstantKind.Delivery, { kind: 'deliver', delivery: { kind: 'answer', request, accepted: true, detail: 'local' } });
      return;
    }
    const arrives = at + this.spec.settings.messageLatency;
    this.log({ t: at, type: 'request', round: request.round, depth: request.depth, from: request.from, to: request.action.owner, direction: request.direction, action: request.action.name, arrives });
    this.host.agenda.push(arrives, InstantKind.Delivery, { kind: 'deliver', delivery: { kind: 'request', request } });
  }

  /** A request arrives at its recipient, who decides now and answers after its control latency. */
  async receive(request: Ask): Promise<void> {
    const me = request.action.owner;
    const decided = this.now + this.spec.settings.controlLatency;
    const deny = (reason: DenyReason, detail: string) => this.answer(request, decided, false, reason, detail);
    if (request.chain.includes(me)) return deny('loop', `${me} is already in this chain of requests (${request.chain.join(' -> ')})`);
    if (this.active.has(request.action.name)) return deny('already-committed', `committed until ${round3(this.active.get(request.action.name)!.until)} s`);
    const e = request.action.effect;
    if (e.kind === 'replicas') {
      const have = replicasOf(this.host.view, this.scenario.network, e.target);
      if (have + e.delta > e.max) return deny('budget-exceeded', `${have} replicas of ${e.target.name} now, ${e.delta} more would exceed the budget of ${e.max}`);
    }
    const own = this.ownObjectives(me);
    if (own.length === 0) return this.answer(request, decided, true, null, 'no objective of its own at risk');
    const alone = await this.validator.predict(this.host.state, this.host.view, [e], own);
    if (alone.every((p) => p.met)) return this.answer(request, decided, true, null, `its objectives hold: ${describe(alone)}`);
    // It cannot honour the request alone: can one of its needs, asked of its relations, make it hold?
    for (const need of request.action.needs) {
      const helper = this.spec.actions.find((a) => a.name === need)!;
      const direction = this.direction(me, helper.owner);
      if (direction === undefined || this.active.has(helper.name)) continue;
      const both = await this.validator.predict(this.host.state, this.host.view, [e, helper.effect], own);
      if (!both.every((p) => p.met)) continue;
      if (request.depth + 1 > this.spec.settings.maxDepth) {
        return deny('depth-limit', `honouring it needs ${need} from ${helper.owner}, a round of depth ${request.depth + 1} > max_depth ${this.spec.settings.maxDepth}`);
      }
      this.counts.recursed[DIRECTIONS.indexOf(request.direction)]!++;
      this.log({ t: this.now, type: 'answer', round: request.round, from: me, to: request.from, action: request.action.name, answer: 'recurse', reason: null, detail: `asks ${helper.owner} for ${need} first (${describe(alone.filter((p) => !p.met))} alone)` });
      this.send({ round: request.round, depth: request.depth + 1, from: me, action: helper, direction, chain: [...request.chain, me], parent: request }, decided);
      return;
    }
    return deny('own-objective-at-risk', describe(alone.filter((p) => !p.met)));
  }

  private answer(request: Ask, at: number, accepted: boolean, reason: DenyReason | null, detail: string): void {
    const d = DIRECTIONS.indexOf(request.direction);
    (accepted ? this.counts.accepted : this.counts.denied)[d]!++;
    this.log({ t: at, type: 'answer', round: request.round, from: request.action.owner, to: request.from, action: request.action.name, answer: accepted ? 'accept' : 'deny', reason, detail });
    if (accepted) this.host.agenda.push(at, InstantKind.Commit, { kind: 'commit', request });
    this.host.agenda.push(at + this.spec.settings.messageLatency, InstantKind.Delivery, { kind: 'deliver', delivery: { kind: 'answer', request, accepted, detail } });
  }

  /** An answer reaches the requester: a nested round's sender now answers its own request; a top-level one ends or moves on. */
  answered(request: Ask, accepted: boolean, detail: string): void {
    const parent = request.parent;
    if (parent !== undefined) {
      const decided = this.now + this.spec.settings.controlLatency;
      if (accepted) this.answer(parent, decided, true, null, `after ${request.action.owner} accepted ${request.action.name}`);
      else this.answer(parent, decided, false, 'own-objective-at-risk', `needed ${request.action.name}, which ${request.action.owner} denied (${detail})`);
      return;
    }
    const round = this.open.get(request.round);
    if (round === undefined) return;
    if (accepted) {
      this.open.delete(request.round);
      this.helpedAt[round.objective] = this.now;
      return;
    }
    this.deniedUntil.set(`${request.from}\u0000${request.action.name}`, this.now + request.action.duration);
    this.sendNext(request.round, request.from, this.now + this.spec.settings.controlLatency);
  }

  /** A commitment begins: the engine's mechanisms enforce it until it expires. */
  commit(request: Ask): void {
    const a = request.action;
    const c: Commitment = { request, effect: a.effect, until: this.now + a.duration, added: this.start(a.effect) };
    this.active.set(a.name, c);
    this.log({ t: this.now, type: 'commitment', round: request.round, owner: a.owner, action: a.name, until: c.until });
    this.host.agenda.push(c.until, InstantKind.Expiry, { kind: 'expire', commitment: c });
  }

  expire(c: Commitment): void {
    this.active.delete(c.request.action.name);
    this.stop(c.effect, c.added);
    this.log({ t: this.now, type: 'expired', round: c.request.round, owner: c.request.action.owner, action: c.request.action.name });
  }

  /**
   * Starts an effect through the engine's mechanisms (a class's factor, limit and priority, and a
   * cache's hit probability, through ControlState); returns the replicas it added.
   */
  private start(e: ActionEffect): number {
    const { state, act, view } = this.host;
    if (e.kind === 'replicas') {
      const have = replicasOf(view, this.scenario.network, e.target);
      const want = Math.min(e.max, have + e.delta);
      return act.setReplicas(e.target.kind, e.target.index, want) ? want - have : 0;
    }
    state.commit(e);
    if (e.kind === 'cache_hit') state.applyCache(e.agent, act);
    else state.apply(e.cls, act);
    return 0;
  }

  /**
   * Takes an effect back: the replicas it added, or its share of the class's rate factor and limit,
   * or its priority (the class's written or timeline one comes back, or an earlier commitment's still active),
   * or a cache's hit probability (likewise).
   */
  private stop(e: ActionEffect, added: number): void {
    const { state, act, view } = this.host;
    if (e.kind === 'replicas') {
      if (added !== 0) act.setReplicas(e.target.kind, e.target.index, Math.max(0, replicasOf(view, this.scenario.network, e.target) - added));
      return;
    }
    state.release(e);
    if (e.kind === 'cache_hit') state.applyCache(e.agent, act);
    else state.apply(e.cls, act);
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function effectJson(s: Scenario, e: ActionEffect): Record<string, unknown> {
  switch (e.kind) {
    case 'rate_limit': return { kind: e.kind, class: s.network.classes[e.cls]!.name, rate: e.rate };
    case 'scale_rate': return { kind: e.kind, class: s.network.classes[e.cls]!.name, factor: e.factor };
    case 'replicas': return { kind: e.kind, [e.target.kind]: e.target.name, delta: e.delta, max: e.max };
    case 'priority': return { kind: e.kind, class: s.network.classes[e.cls]!.name, priority: e.priority };
    case 'cache_hit': return { kind: e.kind, agent: s.network.agents[e.agent]!.name, hit: e.hit };
  }
}

/** Each prediction as `objective: estimate [low, high] vs threshold`. */
function describe(ps: readonly Prediction[]): string {
  return ps.map((p) => (p.interval === undefined
    ? `${p.objective.name}: ${p.why}`
    : `${p.objective.name} predicted ${sig(p.interval[0])} [${sig(p.interval[1])}, ${sig(p.interval[2])}] against ${sig(p.threshold)}`)).join('; ');
}

function sig(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
