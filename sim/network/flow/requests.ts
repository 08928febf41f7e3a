// Requests in flight as integer ids into typed-array columns with a free list: the engine
// allocates no object per request, and memory follows the number in flight, not the total.

// Outcomes, equal to the recorder's OUTCOME_* codes.
export const OK = 0;
/** Turned away by a full agent. */
export const REJECTED = 1;
/** A system error: a failed or timed-out call with no retry and nowhere to go. */
export const FAILED = 2;
/** A cognitive error: more agent visits than the class's max steps (a runaway loop). */
export const COGNITIVE = 3;
/** Ended by a budget with `stop`. */
export const STOPPED = 4;
/** Turned away by its class's rate limit. */
export const RATE_LIMITED = 5;

/** Flag bits: an abandoned or cancelled copy that only finishes the work it holds, and a speculative guess. */
export const ZOMBIE = 1;
export const GUESS = 2;

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
  /**
   * Fork bookkeeping: parent id (-1 for none), branches still needed (the quorum), the row to
   * follow after (a speculation's join row is encoded as -2 - row).
   */
  parent: Int32Array;
  pendingBranches: Int32Array;
  joinRow: Int32Array;
  /** OK or how it ended (the constants above); a branch's bad outcome marks its parent. */
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
  /** Slot of its session in the session table (sessions.ts), -1 when not in a session. */
  slot: Int32Array;
  /** Agent visits so far (fork branches start from their parent's count), for max steps. */
  steps: Int32Array;
  /** Retries made for the current call. */
  tries: Int32Array;
  /** Pending timeout event of the current call (a kernel handle, -1: none), when the agent has a timeout. */
  timeoutHandle: Float64Array;
  /** Pending end of its service at a station (a kernel handle, -1: none), kept when copies can be cancelled. */
  serviceHandle: Float64Array;
  /** Route row followed after the current visit instead of the agent's own (-1: none). */
  nextRow: Int32Array;
  /** ZOMBIE | GUESS bits. */
  flags: Uint8Array;
  /** Numeric attributes (e.g. token counts), one column per attribute name. */
  attributes: Float64Array[];

  private free: Int32Array;
  private freeCount: number;
  /** Whether the request-flow columns (slot .. flags) are used, so alloc must reset them. */
  private readonly flow: boolean;
  /** Requests currently allocated. */
  inFlight = 0;

  constructor(attributeCount: number, capacity = 256, flow = true) {
    this.flow = flow;
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
    this.slot = new Int32Array(capacity);
    this.steps = new Int32Array(capacity);
    this.tries = new Int32Array(capacity);
    this.timeoutHandle = new Float64Array(capacity);
    this.serviceHandle = new Float64Array(capacity);
    this.nextRow = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
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
    // A class that supplies no value for an attribute must not read an earlier request's.
    for (let k = 0; k < this.attributes.length; k++) this.attributes[k]![r] = NaN;
    this.session[r] = -1;
    // Without sessions, retries, timeouts, steps, budgets or quorums nothing reads them: skip.
    if (this.flow) {
      this.slot[r] = -1;
      this.pendingBranches[r] = 0;
      this.steps[r] = 0;
      this.tries[r] = 0;
      this.timeoutHandle[r] = -1;
      this.serviceHandle[r] = -1;
      this.nextRow[r] = -1;
      this.flags[r] = 0;
    }
    this.inFlight++;
    return r;
  }

  /**
   * A fresh id carrying every column of r: the request continues under it while r stays behind as
   * an abandoned attempt (a request cannot be in two places).
   */
  clone(r: number): number {
    if (this.freeCount === 0) this.grow();
    const c = this.free[--this.freeCount]!;
    this.cls[c] = this.cls[r]!;
    this.born[c] = this.born[r]!;
    this.agent[c] = this.agent[r]!;
    this.entered[c] = this.entered[r]!;
    this.started[c] = this.started[r]!;
    this.parent[c] = this.parent[r]!;
    this.pendingBranches[c] = this.pendingBranches[r]!;
    this.joinRow[c] = this.joinRow[r]!;
    this.outcome[c] = this.outcome[r]!;
    this.cost[c] = this.cost[r]!;
    this.tokensIn[c] = this.tokensIn[r]!;
    this.tokensOut[c] = this.tokensOut[r]!;
    this.quality[c] = this.quality[r]!;
    this.traceRow[c] = this.traceRow[r]!;
    this.cacheKey[c] = this.cacheKey[r]!;
    this.session[c] = this.session[r]!;
    this.slot[c] = this.slot[r]!;
    this.steps[c] = this.steps[r]!;
    this.tries[c] = this.tries[r]!;
    // The events pending for r stay r's.
    this.timeoutHandle[c] = -1;
    this.serviceHandle[c] = -1;
    this.nextRow[c] = this.nextRow[r]!;
    this.flags[c] = this.flags[r]!;
    for (let k = 0; k < this.attributes.length; k++) this.attributes[k]![c] = this.attributes[k]![r]!;
    this.inFlight++;
    return c;
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
    this.slot = g(this.slot);
    this.steps = g(this.steps);
    this.tries = g(this.tries);
    this.timeoutHandle = g(this.timeoutHandle);
    this.serviceHandle = g(this.serviceHandle);
    this.nextRow = g(this.nextRow);
    this.flags = g(this.flags);
    this.attributes = this.attributes.map(g);
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.free = free;
    this.freeCount = cap - old;
  }
}
