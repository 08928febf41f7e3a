// Where a request's end-to-end latency went, along its critical path: per agent the time waiting
// (queue, batch slot, KV block, budget), the time in service, and the time lost to calls that
// failed or timed out (with the backoff before calling again); plus the time before the first visit
// (rate limits) and after the last. A fork's branches each carry a copy of the path so far, and the
// branch whose end lets the parent go on (the last one needed) hands its path back: the parts of a
// request telescope from its arrival to its end, so they add up to its latency.
//
// Off unless asked for (ReplicationOptions.attribution). Per-request slots are reused by request id
// and grow with the pool; finished rows grow by doubling: no allocation per event in steady state.

/** Components per agent, in this order, then the two request-wide ones (ATTRIBUTION_OTHER). */
export const ATTRIBUTION_PARTS = ['wait', 'service', 'retry'] as const;

export interface AttributionClass {
  /** Completed requests after warm-up, and their latencies summed. */
  readonly count: number;
  readonly e2eSum: number;
  /** Per component (attributionIndex), seconds summed over those requests. */
  readonly sums: Float64Array;
  /** The same over the requests at or above the class's p95 (the tail). */
  readonly tailCount: number;
  readonly tailE2eSum: number;
  readonly tailSums: Float64Array;
  /** Largest |Σ parts − latency| of one request, in seconds (rounding only: the parts telescope). */
  readonly maxResidual: number;
}

/** One replication's attribution, per class (in NetworkSpec.classes order). */
export interface AttributionStats {
  readonly agents: number;
  readonly classes: readonly AttributionClass[];
}

/** Index of agent a's component `part` in a row; the last two are before-first-visit and after-last. */
export function attributionIndex(agents: number, a: number, part: (typeof ATTRIBUTION_PARTS)[number]): number {
  return ATTRIBUTION_PARTS.indexOf(part) * agents + a;
}

/** Row length: three components per agent, then 'admission' (before the first visit) and 'other'. */
export function attributionWidth(agents: number): number {
  return 3 * agents + 2;
}

export class AttributionRecorder {
  private readonly agents: number;
  private readonly width: number;
  /** Per request id: the row so far, then the time up to which it is accounted (stride width + 1). */
  private slots = new Float64Array(0);
  private n = 0;
  private cls = new Int32Array(256);
  private e2e = new Float64Array(256);
  private rows: Float64Array;

  constructor(agents: number) {
    this.agents = agents;
    this.width = attributionWidth(agents);
    this.rows = new Float64Array(256 * this.width);
  }

  /** Request r (a new top-level request) arrived at `born`. */
  start(r: number, born: number): void {
    const base = this.ensure(r);
    this.slots.fill(0, base, base + this.width);
    this.slots[base + this.width] = born;
  }

  /** Branch `child` of `parent` starts with a copy of the parent's path. */
  branch(parent: number, child: number): void {
    this.copy(parent, this.ensure(child));
  }

  /** Request r2 continues r, whose call at agent a timed out now: the call is time lost at a. */
  continued(r: number, r2: number, a: number, now: number): void {
    this.copy(r, this.ensure(r2));
    this.lost(r2, a, now);
  }

  /** Branch `child` ended: its path becomes the parent's (the last one to end before the parent goes on wins). */
  joined(child: number, parent: number): void {
    this.copy(child, parent * (this.width + 1));
  }

  /**
   * Request r's visit to agent a ended at `now`, entered and started as given. The time since the
   * last accounted instant and before it entered is backoff when the call is a retry, else 'admission'.
   */
  visit(r: number, a: number, entered: number, started: number, now: number, retry: boolean): void {
    const s = this.slots, base = r * (this.width + 1), A = this.agents;
    const gap = entered - s[base + this.width]!;
    if (gap !== 0) s[base + (retry ? 2 * A + a : 3 * A)]! += gap;
    s[base + a]! += started - entered;
    s[base + A + a]! += now - started;
    s[base + this.width] = now;
  }

  /** Request r's call at agent a failed at `now`: everything since the last accounted instant is lost there. */
  lost(r: number, a: number, now: number): void {
    const s = this.slots, base = r * (this.width + 1);
    s[base + 2 * this.agents + a]! += now - s[base + this.width]!;
    s[base + this.width] = now;
  }

  /** Top-level request r of class c completed at `now`, `e2e` seconds after it arrived. */
  finish(r: number, c: number, e2e: number, now: number): void {
    const s = this.slots, base = r * (this.width + 1), W = this.width;
    s[base + W - 1]! += now - s[base + W]!;
    s[base + W] = now;
    if (this.n === this.cls.length) this.grow();
    const i = this.n++;
    this.cls[i] = c;
    this.e2e[i] = e2e;
    this.rows.set(s.subarray(base, base + W), i * W);
  }

  /** Rows recorded so far are dropped (the end of warm-up). */
  reset(): void {
    this.n = 0;
  }

  /** Per-class sums, for the whole class and its tail (at or above its p95). */
  summary(classes: number): AttributionStats {
    const W = this.width;
    const out: AttributionClass[] = [];
    for (let c = 0; c < classes; c++) {
      const mine: number[] = [];
      for (let i = 0; i < this.n; i++) if (this.cls[i] === c) mine.push(i);
      const sorted = mine.map((i) => this.e2e[i]!).sort((x, y) => x - y);
      const threshold = sorted.length === 0 ? Infinity : sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
      const sums = new Float64Array(W), tailSums = new Float64Array(W);
      let e2eSum = 0, tailE2eSum = 0, tailCount = 0, maxResidual = 0;
      for (const i of mine) {
        const e = this.e2e[i]!;
        const tail = e >= threshold;
        let total = 0;
        for (let k = 0; k < W; k++) {
          const v = this.rows[i * W + k]!;
          total += v;
          sums[k]! += v;
          if (tail) tailSums[k]! += v;
        }
        e2eSum += e;
        if (tail) { tailE2eSum += e; tailCount++; }
        maxResidual = Math.max(maxResidual, Math.abs(total - e));
      }
      out.push({ count: mine.length, e2eSum, sums, tailCount, tailE2eSum, tailSums, maxResidual });
    }
    return { agents: this.agents, classes: out };
  }

  private copy(from: number, toBase: number): void {
    const base = from * (this.width + 1);
    this.slots.copyWithin(toBase, base, base + this.width + 1);
  }

  /** Base of request r's slot, growing the slots to hold it. */
  private ensure(r: number): number {
    const stride = this.width + 1;
    const base = r * stride;
    if (base + stride > this.slots.length) {
      const grown = new Float64Array(Math.max(256 * stride, 2 * (base + stride)));
      grown.set(this.slots);
      this.slots = grown;
    }
    return base;
  }

  private grow(): void {
    const cap = this.cls.length * 2;
    const cls = new Int32Array(cap); cls.set(this.cls); this.cls = cls;
    const e2e = new Float64Array(cap); e2e.set(this.e2e); this.e2e = e2e;
    const rows = new Float64Array(cap * this.width); rows.set(this.rows); this.rows = rows;
  }
}
