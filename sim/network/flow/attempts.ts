// Calls that fail or run out of time. A timeout abandons the call: the request goes on under a
// fresh id while the abandoned copy (a zombie) keeps its place in line or its server, routing
// nowhere. A failed or timed-out call is retried after exponential backoff with jitter (on its own
// random stream), then follows its failure route, or the request ends with a system error.

import type { Kernel } from '../../kernel.js';
import { SimulationError } from '../../errors.js';
import type { Stream } from '../../random/stream.js';
import { FAILED, ZOMBIE, type RequestPool } from './requests.js';
import type { RouteTable } from './routes.js';
import type { NetworkSpec } from '../spec.js';
import type { FlowStats } from '../record/flow-stats.js';

/** Why a call did not succeed. */
export const CALL_FAILED = 0;
export const CALL_TIMED_OUT = 1;

/** What attempts need from the engine. */
export interface AttemptHost {
  readonly kernel: Kernel;
  enter(r: number, a: number): void;
  follow(r: number, row: number): void;
  end(r: number, outcome: number): void;
  /** Calls `timedOut(r)` at `time`; returns a handle for kernel.cancel. */
  scheduleTimeout(time: number, r: number): number;
  /** Calls `retry(r)` at `time`. */
  scheduleRetry(time: number, r: number): void;
  /** When r's service at agent a started (NaN while it waits). */
  serviceStart(r: number, a: number): number;
  /** r2 continues request r, which waited `wait` and was served `service` seconds at agent a before giving up. */
  continued(r: number, r2: number, a: number, wait: number, service: number): void;
  /** Zombie r stays where it is (a service it started this very instant ends now, unworked). */
  abandon(r: number): void;
}

export class Attempts {
  /** 1 where the agent has a timeout (routers take no time: never). */
  readonly timed: Uint8Array;
  readonly anyTimeout: boolean;
  readonly anyRetry: boolean;
  private readonly timeout: Float64Array;
  private readonly max: Int32Array;
  private readonly backoff: Float64Array;
  private readonly multiplier: Float64Array;
  private readonly jitter: Float64Array;
  /** Per agent, bit CALL_FAILED / CALL_TIMED_OUT set when that kind is retried. */
  private readonly retriedOn: Uint8Array;
  private readonly streams: (Stream | undefined)[];
  private readonly pool: RequestPool;
  private readonly routes: RouteTable;
  private readonly stats: FlowStats;
  private readonly host: AttemptHost;

  constructor(spec: NetworkSpec, pool: RequestPool, routes: RouteTable, stats: FlowStats, stream: (source: string) => Stream, host: AttemptHost) {
    const agents = spec.agents;
    for (const a of agents) {
      if (a.timeout !== undefined && !(a.timeout > 0)) throw new SimulationError(`agent '${a.name}': a timeout must be > 0 (got ${a.timeout})`);
      const r = a.retry;
      if (r !== undefined && !(Number.isInteger(r.max) && r.max >= 0 && r.backoff >= 0 && r.multiplier > 0 && r.jitter >= 0 && r.jitter <= 1)) {
        throw new SimulationError(`agent '${a.name}': retry needs a whole max >= 0, backoff >= 0, multiplier > 0 and jitter in [0, 1]`);
      }
    }
    this.pool = pool;
    this.routes = routes;
    this.stats = stats;
    this.host = host;
    this.timeout = Float64Array.from(agents, (a) => (a.kind === 'router' ? Infinity : a.timeout ?? Infinity));
    this.timed = Uint8Array.from(this.timeout, (t) => (Number.isFinite(t) ? 1 : 0));
    this.anyTimeout = this.timed.some((t) => t === 1);
    this.max = Int32Array.from(agents, (a) => a.retry?.max ?? 0);
    this.backoff = Float64Array.from(agents, (a) => a.retry?.backoff ?? 0);
    this.multiplier = Float64Array.from(agents, (a) => a.retry?.multiplier ?? 1);
    this.jitter = Float64Array.from(agents, (a) => a.retry?.jitter ?? 0);
    this.retriedOn = Uint8Array.from(agents, (a) =>
      a.retry === undefined ? 0 : (a.retry.on.failure ? 1 << CALL_FAILED : 0) | (a.retry.on.timeout ? 1 << CALL_TIMED_OUT : 0));
    this.anyRetry = agents.some((_, i) => this.max[i]! > 0 && this.retriedOn[i]! !== 0);
    this.streams = agents.map((a) => (a.retry !== undefined && a.retry.max > 0 ? stream(`retry:${a.name}`) : undefined));
  }

  /** Request r's call to timed agent a starts its clock. */
  arm(r: number, a: number): void {
    this.pool.timeoutHandle[r] = this.host.scheduleTimeout(this.host.kernel.now + this.timeout[a]!, r);
  }

  /** Cancels request r's pending timeout, if any. */
  disarm(r: number): void {
    const handle = this.pool.timeoutHandle[r]!;
    if (handle >= 0) { this.host.kernel.cancel(handle); this.pool.timeoutHandle[r] = -1; }
  }

  /** Request r's call to agent a failed or timed out (`why`): a retry after backoff, else the failure route, else it fails. */
  failed(r: number, a: number, why: number): void {
    const pool = this.pool;
    if (this.anyRetry) {
      const delay = this.retryDelay(r, a, why);
      if (delay >= 0) {
        this.stats.retries[a]!++;
        this.host.scheduleRetry(this.host.kernel.now + delay, r);
        return;
      }
      pool.tries[r] = 0;
    }
    pool.nextRow[r] = -1; // the failure route replaces any route planned after this visit
    const onFailure = this.routes.failureRow[a]!;
    if (onFailure >= 0) this.host.follow(r, onFailure);
    else this.host.end(r, FAILED);
  }

  /** Request r's backoff is over: it calls its agent again (unless it was cancelled meanwhile). */
  retry(r: number): void {
    const pool = this.pool;
    if ((pool.flags[r]! & ZOMBIE) !== 0) { pool.release(r); return; }
    this.host.enter(r, pool.agent[r]!);
  }

  /**
   * Request r's call ran out of time: the client abandons it and goes on under a fresh id (retry,
   * failure route or failure), while r stays where it is, a zombie holding its place in line or its
   * server until its service ends, and is then discarded.
   */
  timedOut(r: number): void {
    const pool = this.pool;
    const now = this.host.kernel.now;
    const a = pool.agent[r]!;
    pool.timeoutHandle[r] = -1;
    this.stats.timeouts[a]!++;
    const r2 = pool.clone(r);
    const started = this.host.serviceStart(r, a);
    const from = Number.isNaN(started) ? now : started;
    this.host.continued(r, r2, a, from - pool.entered[r]!, now - from);
    pool.flags[r]! |= ZOMBIE;
    pool.parent[r] = -1;
    pool.slot[r] = -1;
    this.host.abandon(r);
    this.failed(r2, a, CALL_TIMED_OUT);
  }

  /**
   * The delay before request r calls agent a again after a call that failed or timed out (`why`),
   * counting the retry; -1 when that kind is not retried or the retries are used up.
   */
  private retryDelay(r: number, a: number, why: number): number {
    const pool = this.pool;
    const k = pool.tries[r]! + 1;
    if (k > this.max[a]! || (this.retriedOn[a]! & (1 << why)) === 0) return -1;
    pool.tries[r] = k;
    const jitter = this.jitter[a]!;
    const u = jitter > 0 ? this.streams[a]!.uniform() : 0.5;
    return this.backoff[a]! * Math.pow(this.multiplier[a]!, k - 1) * (1 + jitter * (2 * u - 1));
  }
}
