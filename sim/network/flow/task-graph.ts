// Forks that need only some of their branches (a quorum: the rest are cancelled once it is met) and
// speculative execution (a guessed next step runs beside the current one; a wrong guess is run
// again). Branches are linked to their parent so that cancelling one reaches its whole subtree.

import type { Stream } from '../../random/stream.js';
import type { FlowStats } from '../record/flow-stats.js';
import { GUESS, OK, ZOMBIE, type RequestPool } from './requests.js';
import { ROUTE_FORK, ROUTE_SPECULATE, type RouteTable } from './routes.js';
import type { NetworkSpec } from '../spec.js';

/** What the task graph needs from the engine. */
export interface GraphHost {
  readonly kernel: { readonly now: number };
  /** A new branch of `parent` (its class, attributes, session...), not yet at any agent. */
  branch(parent: number): number;
  enter(r: number, a: number): void;
  follow(r: number, row: number): void;
  /** Adds what `child` has spent and recorded so far to `parent` (a cancelled branch's work still counts). */
  absorb(child: number, parent: number): void;
  /** r was cancelled where it stands (now a zombie): its timeout goes, and a service it started just now. */
  abandon(r: number): void;
}

/** Whether the network has quorum forks or speculation, which need the task graph. */
export function needsTaskGraph(routes: RouteTable): boolean {
  for (let row = 0; row < routes.kind.length; row++) {
    if (routes.kind[row] === ROUTE_SPECULATE || (routes.kind[row] === ROUTE_FORK && routes.need[row]! < routes.count[row]!)) return true;
  }
  return false;
}

export class TaskGraph {
  private readonly pool: RequestPool;
  private readonly routes: RouteTable;
  private readonly stats: FlowStats;
  private readonly host: GraphHost;
  /** Per guess agent: draws whether a speculation guessed right. */
  private readonly streams: (Stream | undefined)[];
  // Per request id: children (a doubly linked list), branches not yet ended, first bad outcome, guess work.
  private firstChild = new Int32Array(0);
  private nextSibling = new Int32Array(0);
  private prevSibling = new Int32Array(0);
  private remaining = new Int32Array(0);
  private joinOutcome = new Uint8Array(0);
  private guessWork = new Float64Array(0);
  /** Branches being started, as a stack: a branch may fork again before its siblings are placed. */
  private scratch = new Int32Array(64);
  private scratchTop = 0;

  constructor(spec: NetworkSpec, routes: RouteTable, pool: RequestPool, stats: FlowStats, stream: (source: string) => Stream, host: GraphHost) {
    this.pool = pool;
    this.routes = routes;
    this.stats = stats;
    this.host = host;
    const guesses = new Set<number>();
    routes.kind.forEach((k, row) => { if (k === ROUTE_SPECULATE) guesses.add(routes.targets[routes.first[row]! + 1]!); });
    this.streams = spec.agents.map((a, i) => (guesses.has(i) ? stream(`speculate:${a.name}`) : undefined));
  }

  /** Request r forks along fork row `row`; it continues once the row's quorum of branches succeeded. */
  fork(r: number, row: number): void {
    const pool = this.pool, routes = this.routes;
    const n = routes.count[row]!;
    const first = routes.first[row]!;
    pool.pendingBranches[r] = routes.need[row]!;
    pool.joinRow[r] = routes.then[row]!;
    this.open(r, n);
    const base = this.scratchTop;
    if (base + n > this.scratch.length) { const s = new Int32Array(2 * (base + n)); s.set(this.scratch); this.scratch = s; }
    this.scratchTop = base + n;
    for (let i = 0; i < n; i++) {
      const child = this.host.branch(r);
      this.link(r, child);
      this.scratch[base + i] = child;
    }
    // A branch that finishes at once may meet the quorum and cancel siblings not placed yet.
    for (let i = 0; i < n; i++) {
      const child = this.scratch[base + i]!;
      if ((pool.flags[child]! & ZOMBIE) !== 0) pool.release(child);
      else this.host.enter(child, routes.targets[first + i]!);
    }
    this.scratchTop = base;
  }

  /** Request r runs its main step and, beside it, the guessed next step (speculation row `row`). */
  speculate(r: number, row: number): void {
    const pool = this.pool, routes = this.routes;
    const first = routes.first[row]!;
    pool.pendingBranches[r] = 2;
    pool.joinRow[r] = -2 - row;
    this.open(r, 2);
    const main = this.host.branch(r);
    const guess = this.host.branch(r);
    // Each copy makes one visit, then ends instead of following its agent's route.
    pool.nextRow[main] = routes.exitRow;
    pool.nextRow[guess] = routes.exitRow;
    pool.flags[guess]! |= GUESS;
    this.link(r, main);
    this.link(r, guess);
    this.host.enter(main, routes.targets[first]!);
    this.host.enter(guess, routes.targets[first + 1]!);
  }

  /**
   * Branch `child` of `parent` ended with `outcome` (its spending already merged): releases it, and
   * continues the parent when its quorum is met, or when every branch ended without meeting it
   * (the parent then carries the first bad outcome).
   */
  branchEnded(child: number, parent: number, outcome: number): void {
    const pool = this.pool;
    this.unlink(parent, child);
    if ((pool.flags[child]! & GUESS) !== 0) this.guessWork[parent] = this.host.kernel.now - pool.started[child]!;
    pool.release(child);
    const left = --this.remaining[parent]!;
    if (outcome === OK) {
      if (--pool.pendingBranches[parent]! === 0) {
        this.cancelChildren(parent, true);
        this.joined(parent);
        return;
      }
    } else if (this.joinOutcome[parent] === OK) {
      this.joinOutcome[parent] = outcome;
    }
    if (left === 0) {
      pool.pendingBranches[parent] = 0;
      if (pool.outcome[parent] === OK) pool.outcome[parent] = this.joinOutcome[parent]!;
      this.joined(parent);
    }
  }

  /** r2 continues the request r (a timed-out call left r behind): it takes r's place among its siblings. */
  replace(r: number, r2: number): void {
    const p = this.pool.parent[r]!;
    if (p < 0) return;
    this.ensure(r2);
    const prev = this.prevSibling[r]!, next = this.nextSibling[r]!;
    this.prevSibling[r2] = prev;
    this.nextSibling[r2] = next;
    if (prev >= 0) this.nextSibling[prev] = r2; else this.firstChild[p] = r2;
    if (next >= 0) this.prevSibling[next] = r2;
  }

  private joined(p: number): void {
    const j = this.pool.joinRow[p]!;
    if (j >= 0) this.host.follow(p, j);
    else this.decideGuess(p, -2 - j);
  }

  /** Both steps of a speculation are done: a right guess goes on, a wrong one runs the step again. */
  private decideGuess(p: number, row: number): void {
    const routes = this.routes;
    const first = routes.first[row]!;
    const guess = routes.targets[first + 1]!;
    if (this.streams[guess]!.uniform() < routes.cumulative[first]!) {
      this.stats.speculationHits++;
      this.host.follow(p, routes.then[row]!);
      return;
    }
    this.stats.speculationMisses++;
    this.stats.wasted[guess]! += this.guessWork[p]!;
    this.pool.nextRow[p] = routes.then[row]!;
    this.host.enter(p, guess);
  }

  /** Cancels every branch of p still running (counted when `count`: nested ones go with their parent). */
  private cancelChildren(p: number, count: boolean): void {
    let c = this.firstChild[p]!;
    this.firstChild[p] = -1;
    while (c >= 0) {
      const next = this.nextSibling[c]!;
      if (count) this.stats.cancelled++;
      this.cancel(c, p);
      c = next;
    }
  }

  /**
   * Cancels branch x of p: waiting at a join, it and its subtree go at once; otherwise it becomes a
   * zombie, dropped where it waits or discarded when the work it holds ends.
   */
  private cancel(x: number, p: number): void {
    const pool = this.pool;
    const atJoin = pool.pendingBranches[x]! > 0;
    if (atJoin) this.cancelChildren(x, false);
    this.host.absorb(x, p);
    if (atJoin) { pool.release(x); return; }
    pool.flags[x]! |= ZOMBIE;
    pool.parent[x] = -1;
    this.host.abandon(x);
  }

  private open(p: number, n: number): void {
    this.ensure(p);
    this.firstChild[p] = -1;
    this.remaining[p] = n;
    this.joinOutcome[p] = OK;
    this.guessWork[p] = 0;
  }

  private link(p: number, c: number): void {
    this.ensure(c);
    const first = this.firstChild[p]!;
    this.prevSibling[c] = -1;
    this.nextSibling[c] = first;
    if (first >= 0) this.prevSibling[first] = c;
    this.firstChild[p] = c;
  }

  private unlink(p: number, c: number): void {
    const prev = this.prevSibling[c]!, next = this.nextSibling[c]!;
    if (prev >= 0) this.nextSibling[prev] = next; else this.firstChild[p] = next;
    if (next >= 0) this.prevSibling[next] = prev;
  }

  private ensure(r: number): void {
    if (r < this.firstChild.length) return;
    const n = Math.max(256, 2 * (r + 1));
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.firstChild = i32(this.firstChild);
    this.nextSibling = i32(this.nextSibling);
    this.prevSibling = i32(this.prevSibling);
    this.remaining = i32(this.remaining);
    const u = new Uint8Array(n); u.set(this.joinOutcome); this.joinOutcome = u;
    const f = new Float64Array(n); f.set(this.guessWork); this.guessWork = f;
  }
}
