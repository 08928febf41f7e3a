// The control instants of a replication in a total order: time, then kind, then insertion. The
// order is what makes a coordinated run replay byte for byte.

/** Kinds in the order they are handled at one instant: the world changes before it is judged. */
export const InstantKind = { Timeline: 0, Expiry: 1, Commit: 2, Window: 3, Delivery: 4, Tick: 5 } as const;
export type InstantKind = (typeof InstantKind)[keyof typeof InstantKind];

export interface Instant<T> {
  readonly t: number;
  readonly kind: InstantKind;
  readonly seq: number;
  readonly payload: T;
}

/** A small binary heap: a replication has at most a few thousand instants. */
export class Agenda<T> {
  private readonly heap: Instant<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, kind: InstantKind, payload: T): void {
    const h = this.heap;
    h.push({ t, kind, seq: this.seq++, payload });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): Instant<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(a: Instant<T>, b: Instant<T>): boolean {
  return a.t !== b.t ? a.t < b.t : a.kind !== b.kind ? a.kind < b.kind : a.seq < b.seq;
}
