// Prefix (KV) reuse on GPU replicas: which 512-token prefix blocks each call's prompt starts with,
// and per replica an LRU set of the blocks whose KV it still holds.

import { LruSet } from './lru.js';
import { PREFIX_BLOCK_TOKENS } from '../spec.js';

export class PrefixReuse {
  private readonly blocks: number;
  private readonly caches: (LruSet | undefined)[];
  /** Prefix block ids of each call: a slice [start, end) of its class's trace id column. */
  private ids: (Int32Array | undefined)[] = [];
  private start = new Int32Array(0);
  private end = new Int32Array(0);

  constructor(blocks: number, replicas: number) {
    this.blocks = blocks;
    this.caches = Array.from({ length: replicas }, () => (blocks > 0 ? new LruSet(blocks, Infinity) : undefined));
  }

  /** Call r's prompt starts with blocks ids[start, end) (ids undefined: none known). */
  setCall(r: number, ids: Int32Array | undefined, start: number, end: number): void {
    if (r >= this.start.length) {
      const size = Math.max(r + 1, this.start.length * 2, 256);
      const gi = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
      this.start = gi(this.start);
      this.end = gi(this.end);
    }
    this.ids[r] = ids;
    this.start[r] = start;
    this.end[r] = end;
  }

  /** Prompt tokens of call r (of `prompt` tokens) whose KV replica k already holds: its leading cached blocks. */
  reusable(k: number, r: number, prompt: number, now: number): number {
    const cache = this.caches[k];
    const ids = this.ids[r];
    if (cache === undefined || ids === undefined) return 0;
    const start = this.start[r]!, end = this.end[r]!;
    let matched = 0;
    while (start + matched < end && cache.holds(ids[start + matched]!, now)) matched++;
    // At least one prompt token is always computed: it yields the first output token.
    return Math.max(0, Math.min(matched * PREFIX_BLOCK_TOKENS, prompt - 1));
  }

  /** Replica k now holds every prefix block of call r, as the most recently used. */
  store(k: number, r: number, now: number): void {
    const cache = this.caches[k];
    const ids = this.ids[r];
    if (cache === undefined || ids === undefined) return;
    for (let i = this.start[r]!; i < this.end[r]!; i++) cache.store(ids[i]!, now);
  }

  /** Replica k lost its memory (failed, reclaimed). */
  forget(k: number): void {
    if (this.blocks > 0) this.caches[k] = new LruSet(this.blocks, Infinity);
  }
}
