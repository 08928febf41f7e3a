// An optional log of every agent visit of one replication, for exporting simulated requests as
// traces (OTLP): which request (and which fork branch of it) visited which agent, when it entered,
// when its service began and ended, and the tokens of the visit's LLM call. Off unless asked for
// (ReplicationOptions.traceVisits): the engine then holds `undefined` and checks nothing else.
// Columns grow by doubling; nothing is allocated per visit otherwise.

export interface VisitRows {
  readonly count: number;
  /** The request the visit belongs to: the serial of its top-level request, in order of arrival. */
  readonly request: Int32Array;
  /** The fork branch the visit ran in (0: the request itself; branches numbered from 1 per request). */
  readonly branch: Int32Array;
  readonly agent: Int32Array;
  readonly entered: Float64Array;
  readonly started: Float64Array;
  readonly ended: Float64Array;
  /** Tokens of the visit's LLM call (0 for other agents). */
  readonly tokensIn: Float64Array;
  readonly tokensOut: Float64Array;
  /** Per request serial: class, arrival, end (NaN while in flight at the horizon) and outcome code (recorders.ts). */
  readonly requests: {
    readonly count: number;
    readonly cls: Int32Array;
    readonly arrival: Float64Array;
    readonly finish: Float64Array;
    readonly outcome: Uint8Array;
  };
}

export class VisitLog {
  /** Per request id (pool slot): its request serial, its branch number, its tokens when the visit began. */
  private serialOf = new Int32Array(256);
  private branchOf = new Int32Array(256);
  private inAtEntry = new Float64Array(256);
  private outAtEntry = new Float64Array(256);
  /** Per request serial: branches handed out so far. */
  private branches = new Int32Array(256);
  private n = 0;
  private request = new Int32Array(1024);
  private branch = new Int32Array(1024);
  private agent = new Int32Array(1024);
  private entered = new Float64Array(1024);
  private started = new Float64Array(1024);
  private ended = new Float64Array(1024);
  private tokensIn = new Float64Array(1024);
  private tokensOut = new Float64Array(1024);
  private m = 0;
  private cls = new Int32Array(256);
  private arrival = new Float64Array(256);
  private finish = new Float64Array(256);
  private outcome = new Uint8Array(256);

  /** Top-level request r of class `cls` arrived at `now`: it gets the next serial. */
  requestStarted(r: number, cls: number, now: number): void {
    this.ensureId(r);
    if (this.m === this.cls.length) this.growRequests();
    const s = this.m++;
    this.cls[s] = cls;
    this.arrival[s] = now;
    this.finish[s] = NaN;
    this.outcome[s] = 0;
    this.branches[s] = 0;
    this.serialOf[r] = s;
    this.branchOf[r] = 0;
  }

  /** Request id `child` is a new fork branch of `parent`. */
  branchStarted(child: number, parent: number): void {
    this.ensureId(child);
    const s = this.serialOf[parent]!;
    this.serialOf[child] = s;
    this.branchOf[child] = ++this.branches[s]!;
  }

  /** Request id r2 carries on what r was doing (a call abandoned by timeout and retried). */
  continued(r: number, r2: number): void {
    this.ensureId(r2);
    this.serialOf[r2] = this.serialOf[r]!;
    this.branchOf[r2] = this.branchOf[r]!;
  }

  /** A visit of r begins; `tokensIn`/`tokensOut` are what r has used so far. */
  visitBegan(r: number, tokensIn: number, tokensOut: number): void {
    this.inAtEntry[r] = tokensIn;
    this.outAtEntry[r] = tokensOut;
  }

  /** r's visit to agent a, which it entered at `entered`, was served from `started` to `now`. */
  visit(r: number, a: number, entered: number, started: number, now: number, tokensIn: number, tokensOut: number): void {
    if (this.n === this.request.length) this.growVisits();
    const i = this.n++;
    this.request[i] = this.serialOf[r]!;
    this.branch[i] = this.branchOf[r]!;
    this.agent[i] = a;
    this.entered[i] = entered;
    this.started[i] = started;
    this.ended[i] = now;
    this.tokensIn[i] = tokensIn - this.inAtEntry[r]!;
    this.tokensOut[i] = tokensOut - this.outAtEntry[r]!;
  }

  /** Top-level request r ended at `now` with an outcome code. */
  requestEnded(r: number, now: number, outcome: number): void {
    const s = this.serialOf[r]!;
    this.finish[s] = now;
    this.outcome[s] = outcome;
  }

  rows(): VisitRows {
    const n = this.n, m = this.m;
    return {
      count: n,
      request: this.request.slice(0, n),
      branch: this.branch.slice(0, n),
      agent: this.agent.slice(0, n),
      entered: this.entered.slice(0, n),
      started: this.started.slice(0, n),
      ended: this.ended.slice(0, n),
      tokensIn: this.tokensIn.slice(0, n),
      tokensOut: this.tokensOut.slice(0, n),
      requests: { count: m, cls: this.cls.slice(0, m), arrival: this.arrival.slice(0, m), finish: this.finish.slice(0, m), outcome: this.outcome.slice(0, m) },
    };
  }

  private ensureId(r: number): void {
    if (r < this.serialOf.length) return;
    const size = Math.max(2 * this.serialOf.length, r + 1);
    this.serialOf = grow(this.serialOf, size);
    this.branchOf = grow(this.branchOf, size);
    this.inAtEntry = grow(this.inAtEntry, size);
    this.outAtEntry = grow(this.outAtEntry, size);
  }

  private growVisits(): void {
    const size = 2 * this.request.length;
    this.request = grow(this.request, size);
    this.branch = grow(this.branch, size);
    this.agent = grow(this.agent, size);
    this.entered = grow(this.entered, size);
    this.started = grow(this.started, size);
    this.ended = grow(this.ended, size);
    this.tokensIn = grow(this.tokensIn, size);
    this.tokensOut = grow(this.tokensOut, size);
  }

  private growRequests(): void {
    const size = 2 * this.cls.length;
    this.cls = grow(this.cls, size);
    this.arrival = grow(this.arrival, size);
    this.finish = grow(this.finish, size);
    this.outcome = grow(this.outcome, size);
    this.branches = grow(this.branches, size);
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
