// Waiting lines of request ids: a double-ended ring (a preempted or evicted request goes back to
// the head), and lines by priority level (FCFS within a level, the lowest level served first).

/** Ids in a ring buffer that doubles when full; pushFront puts an id back at the head. */
export class Deque {
  private ring = new Int32Array(16);
  private mask = 15;
  private head = 0;
  length = 0;

  push(id: number): void {
    if (this.length > this.mask) this.grow();
    this.ring[(this.head + this.length) & this.mask] = id;
    this.length++;
  }

  pushFront(id: number): void {
    if (this.length > this.mask) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = id;
    this.length++;
  }

  /** Removes and returns the oldest id; the caller checks `length` first. */
  shift(): number {
    const id = this.ring[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return id;
  }

  /** The id at position i from the head (0 <= i < length). */
  at(i: number): number {
    return this.ring[(this.head + i) & this.mask]!;
  }

  /** Removes id if present (a cancelled request); O(length). */
  remove(id: number): boolean {
    for (let i = 0; i < this.length; i++) {
      if (this.ring[(this.head + i) & this.mask] !== id) continue;
      for (let j = i; j < this.length - 1; j++) this.ring[(this.head + j) & this.mask] = this.ring[(this.head + j + 1) & this.mask]!;
      this.length--;
      return true;
    }
    return false;
  }

  private grow(): void {
    const big = new Int32Array(this.ring.length * 2);
    for (let k = 0; k < this.length; k++) big[k] = this.ring[(this.head + k) & this.mask]!;
    this.ring = big;
    this.head = 0;
    this.mask = big.length - 1;
  }
}

/** One Deque per priority level; `shift` takes the head of the lowest non-empty level. */
export class LevelQueue {
  private readonly levels: Deque[];
  length = 0;

  constructor(levels: number) {
    this.levels = Array.from({ length: Math.max(1, levels) }, () => new Deque());
  }

  push(id: number, level: number): void {
    this.levels[level]!.push(id);
    this.length++;
  }

  pushFront(id: number, level: number): void {
    this.levels[level]!.pushFront(id);
    this.length++;
  }

  /** Removes and returns the next id to serve; the caller checks `length` first. */
  shift(): number {
    const levels = this.levels;
    let l = 0;
    while (levels[l]!.length === 0) l++;
    this.length--;
    return levels[l]!.shift();
  }

  /** Level of the id `shift` would return; the caller checks `length` first. */
  headLevel(): number {
    let l = 0;
    while (this.levels[l]!.length === 0) l++;
    return l;
  }

  remove(id: number): boolean {
    for (const d of this.levels) {
      if (d.remove(id)) { this.length--; return true; }
    }
    return false;
  }
}
