// Timeouts and retries per agent: when a call is abandoned, and how long a failed or timed-out call
// waits before it is tried again (exponential backoff with jitter, on its own random stream).

import type { Stream } from '../random/stream.js';
import type { RequestPool } from './requests.js';
import type { NetworkSpec } from './spec.js';

/** Why a call did not succeed. */
export const CALL_FAILED = 0;
export const CALL_TIMED_OUT = 1;

export class Retries {
  /** Seconds after reaching the agent before a call is abandoned; Infinity: never. */
  readonly timeout: Float64Array;
  /** 1 where the agent has a timeout. */
  readonly timed: Uint8Array;
  readonly anyTimeout: boolean;
  readonly anyRetry: boolean;
  private readonly max: Int32Array;
  private readonly backoff: Float64Array;
  private readonly multiplier: Float64Array;
  private readonly jitter: Float64Array;
  /** Per agent, bit CALL_FAILED / CALL_TIMED_OUT set when that kind is retried. */
  private readonly retriedOn: Uint8Array;
  private readonly streams: (Stream | undefined)[];

  constructor(spec: NetworkSpec, stream: (source: string) => Stream) {
    const agents = spec.agents;
    // Routers take no time, so a timeout never fires there.
    this.timeout = Float64Array.from(agents, (a) => (a.kind === 'router' ? Infinity : a.timeout ?? Infinity));
    this.timed = Uint8Array.from(this.timeout, (t) => (Number.isFinite(t) ? 1 : 0));
    this.anyTimeout = this.timed.some((t) => t === 1);
    this.max = Int32Array.from(agents, (a) => a.retry?.max ?? 0);
    this.backoff = Float64Array.from(agents, (a) => a.retry?.backoff ?? 0);
    this.multiplier = Float64Array.from(agents, (a) => a.retry?.multiplier ?? 1);
    this.jitter = Float64Array.from(agents, (a) => a.retry?.jitter ?? 0);
    this.retriedOn = Uint8Array.from(agents, (a) =>
      a.retry === undefined ? 0 : (a.retry.on.failure ? 1 << CALL_FAILED : 0) | (a.retry.on.timeout ? 1 << CALL_TIMED_OUT : 0));
    this.anyRetry = agents.some((a, i) => this.max[i]! > 0 && this.retriedOn[i]! !== 0);
    this.streams = agents.map((a) => (a.retry !== undefined && a.retry.max > 0 ? stream(`retry:${a.name}`) : undefined));
  }

  /**
   * The delay before request r tries agent a again after a call that failed or timed out (`why`),
   * counting the retry; -1 when that kind is not retried or its retries are used up.
   */
  retryDelay(pool: RequestPool, r: number, a: number, why: number): number {
    const k = pool.tries[r]! + 1;
    if (k > this.max[a]! || (this.retriedOn[a]! & (1 << why)) === 0) return -1;
    pool.tries[r] = k;
    const jitter = this.jitter[a]!;
    const u = jitter > 0 ? this.streams[a]!.uniform() : 0.5;
    return this.backoff[a]! * Math.pow(this.multiplier[a]!, k - 1) * (1 + jitter * (2 * u - 1));
  }
}
