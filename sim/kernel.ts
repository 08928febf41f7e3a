// The event calendar and run loop: a binary min-heap over typed arrays ordered by (time, insertion
// sequence), so events at equal times run first-in first-out and every run is reproducible.
// Events are integer (kind, subject) pairs dispatched to one handler; nothing is allocated per event.

import { SimulationError } from './errors.js';

/** Handles one event. `subject` is whatever the scheduler passed: a request id, a class id, ... */
export type Dispatch = (kind: number, subject: number) => void;

export type StopReason = 'horizon' | 'empty' | 'max-events' | 'wall-clock';

export interface RunLimits {
  /** Process events with time <= until, then leave the clock at `until`. */
  readonly until: number;
  /** Stop after this many dispatched events in total (Infinity for none). */
  readonly maxEvents: number;
  /** `performance.now()` value after which to stop (Infinity for none); checked every 4096 events. */
  readonly deadlineMs: number;
}

const CANCELLED = -1;
/** Slots per generation in a handle; bounds the number of simultaneously pending events. */
const SLOT_SPACE = 1 << 24;
const WALL_CHECK_MASK = 4095;

export class Kernel {
  /** Current simulated time, seconds. */
  now = 0;
  /** Events dispatched so far (cancelled ones not counted). */
  dispatched = 0;

  // Heap entries, parallel arrays: time, tie-breaking sequence, event slot.
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private size = 0;
  private nextSeq = 0;
  /**
   * True while the popped root has not been replaced: the first event scheduled by its handler
   * takes the root's place with a single sift-down (the "hold" fast path of tuned DES kernels).
   */
  private rootFree = false;

  // Event slots: what an event is, and a generation that makes stale handles harmless.
  private sKind: Int32Array;
  private sSubject: Int32Array;
  private sGen: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.hTime = new Float64Array(cap);
    this.hSeq = new Float64Array(cap);
    this.hSlot = new Int32Array(cap);
    this.sKind = new Int32Array(cap);
    this.sSubject = new Int32Array(cap);
    this.sGen = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
  }

  /** Number of events in the calendar (cancelled ones included until they surface). */
  get pending(): number {
    return this.rootFree ? this.size - 1 : this.size;
  }

  /** Time of the next event, or Infinity. */
  peekTime(): number {
    if (this.rootFree) throw new Error('peekTime() called from inside a handler');
    return this.size > 0 ? this.hTime[0]! : Infinity;
  }

  /** Schedules event (kind, subject) at absolute time `time` (>= now). */
  schedule(time: number, kind: number, subject: number): void {
    this.insert(time, kind, subject);
  }

  /**
   * Like `schedule`, and returns a handle for `cancel`, valid until the event is dispatched or
   * cancelled. (Kept apart from `schedule` because a handle is a heap number V8 would box.)
   */
  scheduleCancellable(time: number, kind: number, subject: number): number {
    const slot = this.insert(time, kind, subject);
    return this.sGen[slot]! * SLOT_SPACE + slot;
  }

  private insert(time: number, kind: number, subject: number): number {
    if (!(time >= this.now)) throw new RangeError(`event time ${time} is before now (${this.now}) or not a number`);
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount]!;
    this.sKind[slot] = kind;
    this.sSubject[slot] = subject;
    const seq = this.nextSeq++;
    if (this.rootFree) {
      this.rootFree = false;
      this.siftDown(0, time, seq, slot);
    } else {
      if (this.size === this.hTime.length) this.grow();
      this.siftUp(this.size++, time, seq, slot);
    }
    return slot;
  }

  /** Cancels a pending event; returns false if the handle is stale (already ran or cancelled). */
  cancel(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    if (slot >= this.sKind.length || this.sGen[slot] !== gen || this.sKind[slot] === CANCELLED) return false;
    this.sKind[slot] = CANCELLED;
    return true;
  }

  /** Runs events until a limit is reached; can be called again to resume. */
  run(dispatch: Dispatch, limits: RunLimits): StopReason {
    let sinceCheck = 0;
    while (this.size > 0) {
      const t = this.hTime[0]!;
      if (t > limits.until) {
        this.now = limits.until;
        return 'horizon';
      }
      if (this.dispatched >= limits.maxEvents) return 'max-events';
      if ((++sinceCheck & WALL_CHECK_MASK) === 0 && performance.now() > limits.deadlineMs) return 'wall-clock';
      const slot = this.hSlot[0]!;
      const kind = this.sKind[slot]!;
      const subject = this.sSubject[slot]!;
      this.release(slot);
      this.now = t;
      this.rootFree = true;
      if (kind !== CANCELLED) {
        this.dispatched++;
        dispatch(kind, subject);
      }
      if (this.rootFree) {
        // popRoot() and siftDown(), written out here: the JIT spends its inlining budget for this loop
        // on the dispatch and the handlers it inlines, and would otherwise leave these two as calls.
        this.rootFree = false;
        const n = --this.size;
        if (n > 0) {
          const hTime = this.hTime, hSeq = this.hSeq, hSlot = this.hSlot;
          const time = hTime[n]!, seq = hSeq[n]!, last = hSlot[n]!;
          let i = 0;
          for (;;) {
            let c = 2 * i + 1;
            if (c >= n) break;
            let ct = hTime[c]!;
            const r = c + 1;
            if (r < n) {
              const rt = hTime[r]!;
              if (rt < ct || (rt === ct && hSeq[r]! < hSeq[c]!)) { c = r; ct = rt; }
            }
            if (time < ct || (time === ct && seq < hSeq[c]!)) break;
            hTime[i] = ct; hSeq[i] = hSeq[c]!; hSlot[i] = hSlot[c]!;
            i = c;
          }
          hTime[i] = time; hSeq[i] = seq; hSlot[i] = last;
        }
      }
    }
    if (limits.until !== Infinity) this.now = Math.max(this.now, limits.until);
    return 'empty';
  }

  private release(slot: number): void {
    this.sGen[slot] = (this.sGen[slot]! + 1) | 0;
    this.freeSlots[this.freeCount++] = slot;
  }

  private siftUp(start: number, time: number, seq: number, slot: number): void {
    const hTime = this.hTime, hSeq = this.hSeq, hSlot = this.hSlot;
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p]!;
      if (pt < time || (pt === time && hSeq[p]! < seq)) break;
      hTime[i] = pt; hSeq[i] = hSeq[p]!; hSlot[i] = hSlot[p]!;
      i = p;
    }
    hTime[i] = time; hSeq[i] = seq; hSlot[i] = slot;
  }

  private siftDown(start: number, time: number, seq: number, slot: number): void {
    const hTime = this.hTime, hSeq = this.hSeq, hSlot = this.hSlot;
    const n = this.size;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = hTime[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r]!;
        if (rt < ct || (rt === ct && hSeq[r]! < hSeq[c]!)) { c = r; ct = rt; }
      }
      if (time < ct || (time === ct && seq < hSeq[c]!)) break;
      hTime[i] = ct; hSeq[i] = hSeq[c]!; hSlot[i] = hSlot[c]!;
      i = c;
    }
    hTime[i] = time; hSeq[i] = seq; hSlot[i] = slot;
  }

  /** Doubles heap and slot storage; amortised, never per event in steady state. */
  private grow(): void {
    const oldCap = this.sKind.length;
    const cap = oldCap * 2;
    if (cap > SLOT_SPACE) {
      // Not a bug: the model holds more at once than the calendar can (an unstable queue whose
      // requests each wait on a timeout, millions of sessions, ...).
      throw new SimulationError(`the model has more than ${SLOT_SPACE} events pending at once at t = ${this.now} s, more than the engine holds: a queue that grows without bound (with timeouts or retries), or too many sessions or replicas`);
    }
    const grown = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.hTime = grown(this.hTime, (n) => new Float64Array(n));
    this.hSeq = grown(this.hSeq, (n) => new Float64Array(n));
    this.hSlot = grown(this.hSlot, (n) => new Int32Array(n));
    this.sKind = grown(this.sKind, (n) => new Int32Array(n));
    this.sSubject = grown(this.sSubject, (n) => new Int32Array(n));
    this.sGen = grown(this.sGen, (n) => new Int32Array(n));
    const free = new Int32Array(cap);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    for (let s = cap - 1; s >= oldCap; s--) free[this.freeCount++] = s;
    this.freeSlots = free;
  }
}
