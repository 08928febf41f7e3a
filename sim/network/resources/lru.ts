// A set of integer keys with a capacity, least-recently-used eviction and an optional time to
// live: the store behind keyed caches and per-replica prefix (KV block) caches.

export class LruSet {
  private readonly capacity: number;
  private readonly ttl: number;
  private readonly slotOf = new Map<number, number>();
  private readonly keys: Float64Array;
  private readonly stored: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Most and least recently used slots (-1 when empty). */
  private head = -1;
  private tail = -1;
  private used = 0;

  constructor(capacity: number, ttl: number) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.keys = new Float64Array(capacity);
    this.stored = new Float64Array(capacity);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** True when `key` is held and younger than the TTL; a hit becomes the most recently used. */
  hit(key: number, now: number): boolean {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    if (now - this.stored[slot]! > this.ttl) {
      this.unlink(slot);
      this.slotOf.delete(key);
      this.free(slot);
      return false;
    }
    this.unlink(slot);
    this.pushFront(slot);
    return true;
  }

  /** True when `key` is held and younger than the TTL; changes nothing. */
  holds(key: number, now: number): boolean {
    const slot = this.slotOf.get(key);
    return slot !== undefined && now - this.stored[slot]! <= this.ttl;
  }

  /** Holds `key` as the most recently used, stored now (refreshing its TTL), evicting if full. */
  store(key: number, now: number): void {
    let slot = this.slotOf.get(key);
    if (slot !== undefined) {
      this.unlink(slot);
    } else {
      if (this.used === this.capacity) {
        const victim = this.tail;
        this.unlink(victim);
        this.slotOf.delete(this.keys[victim]!);
        slot = victim;
      } else {
        slot = this.used++;
      }
      this.keys[slot] = key;
      this.slotOf.set(key, slot);
    }
    this.stored[slot] = now;
    this.pushFront(slot);
  }

  private free(slot: number): void {
    // Keep slots dense: move the last used slot into the freed one.
    const last = --this.used;
    if (slot === last) return;
    const key = this.keys[last]!;
    const wasHead = this.head === last, wasTail = this.tail === last;
    const p = this.prev[last]!, n = this.next[last]!;
    this.keys[slot] = key;
    this.stored[slot] = this.stored[last]!;
    this.prev[slot] = p;
    this.next[slot] = n;
    if (p >= 0) this.next[p] = slot;
    if (n >= 0) this.prev[n] = slot;
    if (wasHead) this.head = slot;
    if (wasTail) this.tail = slot;
    this.slotOf.set(key, slot);
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!, n = this.next[slot]!;
    if (p >= 0) this.next[p] = n; else this.head = n;
    if (n >= 0) this.prev[n] = p; else this.tail = p;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }
}
