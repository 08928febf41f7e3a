// Admission control at entry: a token bucket per class (or one shared by a tenant's classes, a
// quota). A request takes one token; without one it is rejected, or waits in FIFO order for the
// bucket to refill.

import { SimulationError } from '../../errors.js';
import { Deque } from '../resources/priority-queue.js';
import type { NetworkSpec, RateLimitSpec } from '../spec.js';

export const ADMITTED = 0;
export const QUEUED = 1;
export const LIMITED = 2;

/** Tokens short of one that still count as one: refill times are computed, and rounding may fall just short. */
const EPSILON = 1e-9;

/** What the limiters need from the engine. */
export interface LimiterHost {
  /** Calls `release(bucket)` at `time`. */
  scheduleRelease(time: number, bucket: number): void;
  /** Request r, held since it arrived, passes the limit now. */
  admitted(r: number): void;
}

export class RateLimits {
  /** Per class: its bucket, -1 for none. */
  readonly bucketOf: Int32Array;
  readonly any: boolean;
  private readonly rate: Float64Array;
  private readonly depth: Float64Array;
  private readonly level: Float64Array;
  private readonly last: Float64Array;
  private readonly queues: (Deque | undefined)[];
  private readonly releasing: Uint8Array;
  private readonly host: LimiterHost;

  constructor(spec: NetworkSpec, host: LimiterHost) {
    this.host = host;
    const buckets: RateLimitSpec[] = [];
    this.bucketOf = new Int32Array(spec.classes.length).fill(-1);
    spec.classes.forEach((c, i) => {
      if (c.rateLimit === undefined) return;
      this.bucketOf[i] = buckets.length;
      buckets.push(c.rateLimit);
    });
    for (const q of spec.quotas ?? []) {
      for (const c of q.classes) {
        if (this.bucketOf[c] !== -1) {
          throw new SimulationError(`class '${spec.classes[c]!.name}' has its own rate limit and quota '${q.name}' (or two quotas): give it one`);
        }
        this.bucketOf[c] = buckets.length;
      }
      buckets.push(q);
    }
    for (const b of buckets) {
      if (!(b.rate > 0) || !(b.burst >= 1)) throw new SimulationError(`a rate limit needs rate > 0 and burst >= 1 (got rate ${b.rate}, burst ${b.burst})`);
    }
    this.any = buckets.length > 0;
    this.rate = Float64Array.from(buckets, (b) => b.rate);
    this.depth = Float64Array.from(buckets, (b) => b.burst);
    this.level = Float64Array.from(buckets, (b) => b.burst); // buckets start full
    this.last = new Float64Array(buckets.length);
    this.queues = buckets.map((b) => (b.action === 'queue' ? new Deque() : undefined));
    this.releasing = new Uint8Array(buckets.length);
  }

  /** Request r of class c arrives now: ADMITTED (a token taken), QUEUED (held) or LIMITED (rejected). */
  admit(r: number, c: number, now: number): number {
    const b = this.bucketOf[c]!;
    const queue = this.queues[b];
    if (queue !== undefined && queue.length > 0) { queue.push(r); return QUEUED; }
    if (this.take(b, now)) return ADMITTED;
    if (queue === undefined) return LIMITED;
    queue.push(r);
    this.scheduleRelease(b, now);
    return QUEUED;
  }

  /** The bucket has refilled a token: admits from its line while tokens last. */
  release(b: number, now: number): void {
    this.releasing[b] = 0;
    const queue = this.queues[b]!;
    while (queue.length > 0 && this.take(b, now)) this.host.admitted(queue.shift());
    if (queue.length > 0) this.scheduleRelease(b, now);
  }

  /**
   * Class c's bucket refills at `rate` from now on (tokens accrued so far are kept). False when
   * the class has no bucket: buckets are fixed at construction, so controllers pre-provision one.
   */
  setRate(c: number, rate: number, now: number): boolean {
    const b = this.bucketOf[c]!;
    if (b < 0) return false;
    if (!(rate > 0) || !Number.isFinite(rate)) throw new SimulationError(`a rate limit needs a positive finite rate (got ${rate})`);
    this.level[b] = Math.min(this.depth[b]!, this.level[b]! + this.rate[b]! * (now - this.last[b]!));
    this.last[b] = now;
    this.rate[b] = rate;
    // A release already scheduled was timed at the old rate; a line waiting on it gets another.
    const queue = this.queues[b];
    if (queue !== undefined && queue.length > 0) { this.releasing[b] = 0; this.scheduleRelease(b, now); }
    return true;
  }

  /** Requests held by rate limits now. */
  get held(): number {
    let n = 0;
    for (const q of this.queues) n += q?.length ?? 0;
    return n;
  }

  private take(b: number, now: number): boolean {
    const level = Math.min(this.depth[b]!, this.level[b]! + this.rate[b]! * (now - this.last[b]!));
    this.last[b] = now;
    if (level >= 1 - EPSILON) { this.level[b] = Math.max(0, level - 1); return true; }
    this.level[b] = level;
    return false;
  }

  private scheduleRelease(b: number, now: number): void {
    if (this.releasing[b] === 1) return;
    this.releasing[b] = 1;
    this.host.scheduleRelease(now + (1 - this.level[b]!) / this.rate[b]!, b);
  }
}
