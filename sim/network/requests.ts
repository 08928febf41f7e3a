// Requests in flight as integer ids into typed-array columns with a free list: the engine
// allocates no object per request, and memory follows the number in flight, not the total.

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
  /** 1 when the request or one of its branches was rejected. */
  failed: Uint8Array;
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
    this.failed = new Uint8Array(capacity);
    this.attributes = Array.from({ length: attributeCount }, () => new Float64Array(capacity));
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  alloc(cls: number, born: number, parent: number): number {
    if (this.freeCount === 0) this.grow();
    const r = this.free[--this.freeCount]!;
    this.cls[r] = cls;
    this.born[r] = born;
    this.parent[r] = parent;
    this.failed[r] = 0;
    this.inFlight++;
    return r;
  }

  release(r: number): void {
    this.free[this.freeCount++] = r;
    this.inFlight--;
  }

  private grow(): void {
    const old = this.cls.length;
    const cap = old * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    const i32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    this.cls = i32(this.cls);
    this.born = f64(this.born);
    this.agent = i32(this.agent);
    this.entered = f64(this.entered);
    this.started = f64(this.started);
    this.parent = i32(this.parent);
    this.pendingBranches = i32(this.pendingBranches);
    this.joinRow = i32(this.joinRow);
    const failed = new Uint8Array(cap);
    failed.set(this.failed);
    this.failed = failed;
    this.attributes = this.attributes.map(f64);
    const free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
    this.free = free;
    this.freeCount = cap - old;
  }
}
