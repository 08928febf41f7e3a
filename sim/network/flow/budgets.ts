// Spending limits on LLM calls, in dollars or tokens: per task (a top-level request with its fork
// branches), per session, or per period (a bucket refilled at limit/period per second). Each is a
// bucket of depth limit + burst that a call's full cost is taken from before the call starts, so
// spending never exceeds it; task and session buckets are never refilled.

import { SimulationError } from '../../errors.js';
import { Deque } from '../resources/priority-queue.js';
import type { BudgetSpec, NetworkSpec } from '../spec.js';
import type { FlowStats } from '../record/flow-stats.js';

const TASK = 0;
const SESSION = 1;
const PERIOD = 2;

export const STOP = 0;
export const DEGRADE = 1;
export const DEFER = 2;

/** Relative slack of comparisons: a deferred call is released when the refill should just cover it. */
const EPSILON = 1e-9;

/** What budgets need from the engine. */
export interface BudgetHost {
  /** Calls `release(budget)` at `time`. */
  scheduleBudget(time: number, budget: number): void;
  /** The call request r deferred (its counts in `heldPrompt` / `heldOutput`) may be tried again now. */
  deferredReady(r: number): void;
  /** Whether deferred request r was cancelled meanwhile (it then leaves the line without waiting for room). */
  abandoned(r: number): boolean;
}

export class Budgets {
  /** 1 where some budget applies to the class. */
  readonly applies: Uint8Array;
  /** Per budget: STOP, DEGRADE or DEFER (task and session budgets never defer: they stop). */
  readonly action: Int8Array;
  readonly degradeTo: Int32Array;
  /** Per budget: 1 when it limits a session's spending. */
  readonly perSession: Uint8Array;
  /** Token counts of each deferred call, by request id. */
  heldPrompt = new Float64Array(0);
  heldOutput = new Float64Array(0);
  private readonly ofClass: Int32Array[];
  private readonly scope: Int8Array;
  private readonly tokens: Uint8Array;
  private readonly depth: Float64Array;
  private readonly rate: Float64Array;
  private readonly level: Float64Array;
  private readonly last: Float64Array;
  private readonly queues: (Deque | undefined)[];
  private readonly releasing: Uint8Array;
  private readonly stats: FlowStats;
  private readonly host: BudgetHost;
  // Spending of tasks (by top-level request id) and of sessions (by session slot), and what deferred calls cost.
  private taskCost = new Float64Array(0);
  private taskTokens = new Float64Array(0);
  private sessionCost = new Float64Array(0);
  private sessionTokens = new Float64Array(0);
  private heldCost = new Float64Array(0);
  private heldTokens = new Float64Array(0);
  private heldSince = new Float64Array(0);

  constructor(spec: NetworkSpec, stats: FlowStats, host: BudgetHost) {
    const budgets: readonly BudgetSpec[] = spec.budgets ?? [];
    this.stats = stats;
    this.host = host;
    for (const b of budgets) {
      if (!(b.limit >= 0) || !(b.burst >= 0)) throw new SimulationError(`budget '${b.name}': limit and burst must be >= 0`);
      if (b.scope === 'period' && !(b.period > 0)) throw new SimulationError(`budget '${b.name}': a period budget needs a period > 0`);
      if (b.onExhaustion.kind === 'degrade' && spec.agents[b.onExhaustion.to]?.kind !== 'llm') {
        throw new SimulationError(`budget '${b.name}': degrade needs an llm agent to send calls to`);
      }
      if (b.scope === 'session') {
        for (const c of b.classes) {
          if (spec.classes[c]!.arrivals.process !== 'sessions') throw new SimulationError(`budget '${b.name}' is per session, but class '${spec.classes[c]!.name}' has no sessions`);
        }
      }
    }
    this.ofClass = spec.classes.map((_, c) => Int32Array.from(budgets.flatMap((b, i) => (b.classes.includes(c) ? [i] : []))));
    this.applies = Uint8Array.from(this.ofClass, (list) => (list.length > 0 ? 1 : 0));
    this.scope = Int8Array.from(budgets, (b) => (b.scope === 'task' ? TASK : b.scope === 'session' ? SESSION : PERIOD));
    this.perSession = Uint8Array.from(this.scope, (s) => (s === SESSION ? 1 : 0));
    this.tokens = Uint8Array.from(budgets, (b) => (b.resource === 'tokens' ? 1 : 0));
    this.depth = Float64Array.from(budgets, (b) => b.limit + b.burst);
    this.rate = Float64Array.from(budgets, (b) => (b.scope === 'period' ? b.limit / b.period : 0));
    this.level = Float64Array.from(this.depth);
    this.last = new Float64Array(budgets.length);
    this.action = Int8Array.from(budgets, (b) =>
      b.onExhaustion.kind === 'degrade' ? DEGRADE : b.onExhaustion.kind === 'defer' && b.scope === 'period' ? DEFER : STOP);
    this.degradeTo = Int32Array.from(budgets, (b) => (b.onExhaustion.kind === 'degrade' ? b.onExhaustion.to : -1));
    this.queues = budgets.map((_, i) => (this.action[i] === DEFER ? new Deque() : undefined));
    this.releasing = new Uint8Array(budgets.length);
  }

  /** A new task (top-level request r) has spent nothing. */
  startTask(r: number): void {
    if (r >= this.taskCost.length) this.grow(r);
    this.taskCost[r] = 0;
    this.taskTokens[r] = 0;
  }

  /** A new session in `slot` has spent nothing. */
  startSession(slot: number): void {
    if (slot >= this.sessionCost.length) {
      const n = Math.max(64, 2 * (slot + 1));
      this.sessionCost = grown(this.sessionCost, n);
      this.sessionTokens = grown(this.sessionTokens, n);
    }
    this.sessionCost[slot] = 0;
    this.sessionTokens[slot] = 0;
  }

  /** Top-level request r continues as r2 (its task's spending moves with it). */
  moved(r: number, r2: number): void {
    if (r2 >= this.taskCost.length) this.grow(r2);
    this.taskCost[r2] = this.taskCost[r]!;
    this.taskTokens[r2] = this.taskTokens[r]!;
  }

  /**
   * A call of a class-c request of task `root` and session `slot` (-1: none) would cost `cost`
   * dollars and `tokens` tokens: when every budget of the class has room, takes it from each and
   * returns -1; otherwise returns the first budget without room (and takes nothing).
   * `released`: the call is the head of a deferred line being let through.
   */
  check(c: number, root: number, slot: number, cost: number, tokens: number, now: number, released: boolean): number {
    const list = this.ofClass[c]!;
    let task = false, session = false;
    for (let k = 0; k < list.length; k++) {
      const b = list[k]!;
      const amount = this.tokens[b] === 1 ? tokens : cost;
      let spent: number;
      switch (this.scope[b]) {
        case TASK: spent = this.tokens[b] === 1 ? this.taskTokens[root]! : this.taskCost[root]!; task = true; break;
        case SESSION: spent = this.tokens[b] === 1 ? this.sessionTokens[slot]! : this.sessionCost[slot]!; session = true; break;
        default: {
          const queue = this.queues[b];
          if (!released && queue !== undefined && queue.length > 0) return b; // FIFO: behind the deferred
          spent = this.depth[b]! - this.refill(b, now);
        }
      }
      if (spent + amount > this.depth[b]! * (1 + EPSILON)) return b;
    }
    for (let k = 0; k < list.length; k++) {
      const b = list[k]!;
      const amount = this.tokens[b] === 1 ? tokens : cost;
      this.stats.budgetSpent[b]! += amount;
      if (this.scope[b] === PERIOD) this.level[b] = Math.max(0, this.level[b]! - amount);
    }
    if (task) { this.taskCost[root]! += cost; this.taskTokens[root]! += tokens; }
    if (session) { this.sessionCost[slot]! += cost; this.sessionTokens[slot]! += tokens; }
    return -1;
  }

  /**
   * Holds request r's call (costing `cost` / `tokens`, with its token counts) until period budget b
   * has room; false when it never will (the call costs more than the bucket holds).
   */
  defer(b: number, r: number, cost: number, tokens: number, prompt: number, output: number, now: number): boolean {
    const amount = this.tokens[b] === 1 ? tokens : cost;
    if (amount > this.depth[b]! * (1 + EPSILON)) return false;
    if (r >= this.heldCost.length) this.grow(r);
    this.heldCost[r] = cost;
    this.heldTokens[r] = tokens;
    this.heldPrompt[r] = prompt;
    this.heldOutput[r] = output;
    this.heldSince[r] = now;
    this.stats.budgetDeferred[b]!++;
    const queue = this.queues[b]!;
    queue.push(r);
    if (queue.length === 1) this.scheduleRelease(b, now);
    return true;
  }

  /** Period budget b has refilled enough for the head of its line: lets through what fits now. */
  release(b: number, now: number): void {
    this.releasing[b] = 0;
    const queue = this.queues[b]!;
    while (queue.length > 0) {
      const r = queue.at(0);
      if (this.host.abandoned(r)) { queue.shift(); this.host.deferredReady(r); continue; }
      const amount = this.tokens[b] === 1 ? this.heldTokens[r]! : this.heldCost[r]!;
      if (this.refill(b, now) < amount * (1 - EPSILON)) break;
      queue.shift();
      this.stats.budgetReleased[b]!++;
      this.stats.budgetDeferWaitSum[b]! += now - this.heldSince[r]!;
      this.host.deferredReady(r);
    }
    if (queue.length > 0) this.scheduleRelease(b, now);
  }

  /** Requests whose call a budget holds now. */
  get held(): number {
    let n = 0;
    for (const q of this.queues) n += q?.length ?? 0;
    return n;
  }

  private refill(b: number, now: number): number {
    const level = Math.min(this.depth[b]!, this.level[b]! + this.rate[b]! * (now - this.last[b]!));
    this.level[b] = level;
    this.last[b] = now;
    return level;
  }

  private scheduleRelease(b: number, now: number): void {
    if (this.releasing[b] === 1) return;
    const queue = this.queues[b]!;
    const r = queue.at(0);
    const amount = this.tokens[b] === 1 ? this.heldTokens[r]! : this.heldCost[r]!;
    const level = this.refill(b, now);
    this.releasing[b] = 1;
    this.host.scheduleBudget(now + Math.max(0, amount - level) / this.rate[b]!, b);
  }

  private grow(r: number): void {
    const n = Math.max(256, 2 * (r + 1));
    this.taskCost = grown(this.taskCost, n);
    this.taskTokens = grown(this.taskTokens, n);
    this.heldCost = grown(this.heldCost, n);
    this.heldTokens = grown(this.heldTokens, n);
    this.heldPrompt = grown(this.heldPrompt, n);
    this.heldOutput = grown(this.heldOutput, n);
    this.heldSince = grown(this.heldSince, n);
  }
}

function grown(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
