// Requests in flight as integer ids into typed-array columns with a free list: the engine
// allocates no object per request, and memory follows the number in flight, not the total.

export const OK = 0;
export const REJECTED = 1;
export const FAILED = 2;

export class RequestPool {
  /** Request class id. */
  cls: Int32Array;
  /** Time the request (or its top-level ancestor's copy) entered the system. */
  born: Float64Array;
  /** Agent the request is at, or last served at. */
  agent: Int32Array;
  /** Time it joined its current agent, and time its service started there. */
  entered: Float64Array;
  started: Float64Array;
  /** Fork bookkeeping: parent id (-1 for none), branches still running, the row to follow after. */
  parent: Int32Array;
  pendingBranches: Int32Array;
  joinRow: Int32Array;
  /** OK, REJECTED (a full agent turned it or a branch away) or FAILED (a failed call ended it). */
  outcome: Uint8Array;
  /** Dollars spent on the request so far (token prices, paid calls), and tokens used. */
  cost: Float64Array;
  tokensIn: Float64Array;
  tokensOut: Float64Array;
  /** Quality score of the last model that answered it (NaN before any LLM call). */
  quality: Float64Array;
  /** Row of its class's trace (for prefix blocks), -1 when it did not come from a trace. */
  traceRow: Int32Array;
  /** Cache key drawn at its first keyed cache (NaN before), so every cache tier sees the same key. */
  cacheKey: Float64Array;
  /** Session the request is a turn of (fork branches inherit it); -1 when not in a session. */
  session: Int32Array;
  /** Numeric attributes (e.g. token counts), one column per attribute name. */
  attributes: Float64Array[];

  private free: Int32Array;
  private freeCount: number;
  /** Requests currently allocated. */
  inFlight = 0;

  constructor(attributeCount: number, capacity = 256) {
    this.cls = new Int32Array(capacity);
    this.born = new Float64Array(capacity);
    this.agent = new Int32Array(capacity);
    this.entered = new Float64Array(capacity);
    this.started = new Float64Array(capacity);
    this.parent = new Int32Array(capacity);
    this.pendingBranches = new Int32Array(capacity);
    this.joinRow = new Int32Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.cost = new Float64Array(capacity);
    this.tokensIn = new Float64Array(capacity);
    this.tokensOut = new Float64Array(capacity);
    this.quality = new Float64Array(capacity);
    this.traceRow = new Int32Array(capacity);
    this.cacheKey = new Float64Array(capacity);
    this.session = new Int32Array(capacity);
    this.attributes = Array.from({ length: attributeCount }, () => new Float64Array(capacity));
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  /** A new request (parent -1) or fork branch; accounting columns start empty. */
  alloc(cls: number, born: number, parent: number): number {
    if (this.freeCount === 0) this.grow();
    const r = this.free[--this.freeCount]!;
    this.cls[r] = cls;
    this.born[r] = born;
    this.parent[r] = parent;
    this.outcome[r] = OK;
    this.cost[r] = 0;
    this.tokensIn[r] = 0;
    this.tokensOut[r] = 0;
    this.quality[r] = NaN;
    this.traceRow[r] = -1;
    this.cacheKey[r] = NaN;
    this.session[r] = -1;
    this.inFlight++;
    return r;
  }

  release(r: number): void {
    this.free[this.freeCount++] = r;
    this.inFlight--;
  }

  /** Doubles every column; amortised, never per event in steady state. */
  private grow(): void {
    const old = this.cls.length;
    const cap = old * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.cls = g(this.cls);
    this.born = g(this.born);
    this.agent = g(this.agent);
    this.entered = g(this.entered);
    this.started = g(this.started);
    this.parent = g(this.parent);
    this.pendingBranches = g(this.pendingBranches);
    this.joinRow = g(this.joinRow);
    this.outcome = g(this.outcome);
    this.cost = g(this.cost);
    this.tokensIn = g(this.tokensIn);
    this.tokensOut = g(this.tokensOut);
    this.quality = g(this.quality);
    this.traceRow = g(this.traceRow);
    this.cacheKey = g(this.cacheKey);
    this.session = g(this.session);
    this.attributes = this.attributes.map(g);
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.free = free;
    this.freeCount = cap - old;
  }
}
