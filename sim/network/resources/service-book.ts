// What station groups share: the engine's side of cancellable service, each request's service
// progress (so preempted or evicted work resumes), and the priority level of each class.

import type { NetworkSpec } from '../spec.js';

/** What a group needs from the engine: cancellable service, and facts about a request. */
export interface GroupHost {
  /** r (already served `done` seconds here) is served now for `remaining` more; returns a cancel handle. */
  serve(r: number, a: number, done: number, remaining: number): number;
  cancelService(handle: number): void;
  classOf(r: number): number;
  enteredAt(r: number): number;
  /** Session of r, -1 when none. */
  sessionOf(r: number): number;
}

/** Service progress per request id, shared by every group (a request is at one agent at a time). */
export class ServiceBook {
  replica = new Int32Array(0);
  /** Index into its replica's in-service slots. */
  slot = new Int32Array(0);
  handle = new Float64Array(0);
  /** Service requirement (-1 until first served), progress kept, start of the current segment. */
  total = new Float64Array(0);
  done = new Float64Array(0);
  since = new Float64Array(0);

  ensure(r: number): void {
    if (r < this.total.length) return;
    const n = Math.max(256, 2 * (r + 1));
    const g = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => { const b = make(n); b.set(a); return b; };
    this.replica = g(this.replica, (m) => new Int32Array(m));
    this.slot = g(this.slot, (m) => new Int32Array(m));
    this.handle = g(this.handle, (m) => new Float64Array(m));
    this.total = g(this.total, (m) => new Float64Array(m));
    this.done = g(this.done, (m) => new Float64Array(m));
    this.since = g(this.since, (m) => new Float64Array(m));
  }
}

/** The priorities that have a level: the classes' (absent = 0) and `priorityValues`, distinct, in ascending order. */
export function priorityScale(spec: NetworkSpec): number[] {
  return [...new Set([...spec.classes.map((c) => c.priority ?? 0), ...(spec.priorityValues ?? [])])].sort((x, y) => x - y);
}

/** Priority level per class: the index of its priority in `priorityScale` (level 0 is served first). */
export function priorityLevels(spec: NetworkSpec): Int32Array {
  const scale = priorityScale(spec);
  return Int32Array.from(spec.classes, (c) => scale.indexOf(c.priority ?? 0));
}
