// A FIFO line of integer ids in a ring buffer that doubles when full: the waiting line of an agent.

export class IdQueue {
  private ring = new Int32Array(64);
  private mask = 63;
  private head = 0;
  length = 0;

  push(id: number): void {
    if (this.length > this.mask) this.grow();
    this.ring[(this.head + this.length) & this.mask] = id;
    this.length++;
  }

  /** The oldest id, left in place; the caller checks `length` first. */
  peek(): number {
    return this.ring[this.head]!;
  }

  /** Removes and returns the oldest id; the caller checks `length` first. */
  shift(): number {
    const id = this.ring[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return id;
  }

  private grow(): void {
    const big = new Int32Array(this.ring.length * 2);
    for (let k = 0; k < this.length; k++) big[k] = this.ring[(this.head + k) & this.mask]!;
    this.ring = big;
    this.head = 0;
    this.mask = big.length - 1;
  }
}
