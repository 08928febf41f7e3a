// A cache agent's hit-or-miss decision: a fixed hit probability (a semantic cache's measured hit
// ratio), or keys with Zipf popularity (or from a request attribute) held in an LRU set with a TTL.

import type { Stream } from '../../random/stream.js';
import { LruSet } from '../resources/lru.js';
import type { RequestPool } from './requests.js';
import type { CachePolicy } from '../spec.js';

/** Cumulative Zipf probabilities over keys 0..count-1: P(k) proportional to 1/(k+1)^exponent. */
function zipfCdf(count: number, exponent: number): Float64Array {
  const cdf = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) { total += 1 / Math.pow(k + 1, exponent); cdf[k] = total; }
  for (let k = 0; k < count; k++) cdf[k]! /= total;
  cdf[count - 1] = 1;
  return cdf;
}

export class CacheState {
  private readonly policy: CachePolicy;
  private readonly lru: LruSet | undefined;
  private readonly cdf: Float64Array | undefined;
  /**
   * A probability cache's hit probability: its policy's, until a controller changes it between
   * segments (Replication.setCacheHit). NaN for a keyed cache (its hits come from its keys).
   */
  hit: number;

  constructor(policy: CachePolicy) {
    this.policy = policy;
    this.hit = policy.kind === 'probability' ? policy.hit : NaN;
    this.lru = policy.kind === 'keyed' ? new LruSet(policy.capacity, policy.ttl) : undefined;
    this.cdf = policy.kind === 'keyed' && policy.keys.kind === 'zipf' ? zipfCdf(policy.keys.count, policy.keys.exponent) : undefined;
  }

  /** Looks request r up; a miss stores its key (the answer is cached once computed). */
  lookup(r: number, pool: RequestPool, now: number, stream: Stream): boolean {
    const p = this.policy;
    if (p.kind === 'probability') return stream.uniform() < this.hit;
    const key = p.keys.kind === 'attribute' ? pool.attributes[p.keys.attribute]![r]! : this.zipfKey(r, pool, stream);
    if (this.lru!.hit(key, now)) return true;
    this.lru!.store(key, now);
    return false;
  }

  /** The request's key, drawn at the first keyed cache it meets so every tier sees the same one. */
  private zipfKey(r: number, pool: RequestPool, stream: Stream): number {
    const existing = pool.cacheKey[r]!;
    if (!Number.isNaN(existing)) return existing;
    const cdf = this.cdf!;
    const u = stream.uniform();
    let lo = 0, hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1; else hi = mid;
    }
    pool.cacheKey[r] = lo;
    return lo;
  }
}
