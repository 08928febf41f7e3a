// External arrivals of each request class: renewal processes (Poisson, deterministic),
// non-homogeneous Poisson by thinning, and trace replay; and the attributes each arrival carries
// (copied from its trace row, or drawn from the class's distributions).

import { SimulationError } from '../../errors.js';
import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { standardExponential } from '../../random/ziggurat.js';
import { arrivalShape, classTrace, type CompileRate } from '../arrival-process.js';
import type { RequestPool } from './requests.js';
import { resampleTrace } from './trace-resample.js';
import type { ArrivalSpec, NetworkSpec } from '../spec.js';

const RENEWAL = 0;
const VARYING = 1;
const TRACE = 2;
/** Sessions start their turns themselves (sessions.ts). */
const NONE = 3;

/** The times of one arrival process (a class's, or the starts of its sessions), on its own stream. */
export class ArrivalClock {
  private readonly kind: number;
  private readonly horizon: number;
  private readonly stream: Stream;
  private readonly interarrival: Sampler | undefined;
  private readonly rateAt: ((t: number) => number) | undefined;
  private readonly maxRate: number;
  private readonly times: Float64Array | undefined;
  /** A resampled trace: the trace row of each arrival (undefined: arrival i is row i). */
  private readonly rows: Int32Array | undefined;
  private readonly what: string;
  /** Trace row of the next arrival to schedule. */
  private cursor = 0;
  /** Rate multiplier set by control actuators (coordination, timelines); 1 otherwise. */
  private factor = 1;

  /** `what` names the process in error messages, e.g. "class 'chat'". */
  constructor(a: ArrivalSpec, horizon: number, stream: Stream, what: string, compile: CompileRate) {
    const shape = arrivalShape(a);
    this.kind = shape.kind === 'renewal' ? RENEWAL : shape.kind === 'varying' ? VARYING : a.process === 'trace' ? TRACE : NONE;
    this.horizon = horizon;
    this.stream = stream;
    this.what = what;
    this.interarrival = shape.kind === 'renewal' ? createSampler(shape.gap) : undefined;
    this.rateAt = shape.kind === 'varying' ? compile(shape.expression) : undefined;
    this.maxRate = shape.kind === 'varying' ? shape.maxRate : 0;
    // A resampled trace draws its blocks once per replication, on the class's arrival stream (a
    // trace draws nothing else from it).
    const resampled = a.process === 'trace' && a.resample !== undefined ? resampleTrace(a.trace.times, a.resample.block, stream) : undefined;
    this.times = a.process === 'trace' ? resampled?.times ?? a.trace.times : undefined;
    this.rows = resampled?.rows;
  }

  /** Time of the next arrival after `now`, or Infinity when there is none before the horizon. */
  next(now: number): number {
    let t: number;
    switch (this.kind) {
      case RENEWAL:
        t = now + this.interarrival!.sample(this.stream) / this.factor;
        break;
      case VARYING:
        t = this.nextThinned(now);
        break;
      case TRACE: {
        const times = this.times!;
        const i = this.cursor;
        if (i >= times.length) return Infinity;
        this.cursor = i + 1;
        t = times[i]!;
        break;
      }
      default:
        return Infinity;
    }
    return t <= this.horizon ? t : Infinity;
  }

  /**
   * Multiplies the rate from the next interarrival on (the arrival already scheduled keeps its
   * time). False for traces and sessions, whose times are given.
   */
  scale(factor: number): boolean {
    if (this.kind !== RENEWAL && this.kind !== VARYING) return false;
    if (!(factor > 0) || !Number.isFinite(factor)) throw new SimulationError(`a rate factor for ${this.what} must be positive and finite (got ${factor})`);
    this.factor = factor;
    return true;
  }

  /** Trace row of the arrival scheduled last (the cursor moved on when it was scheduled); -1 if not a trace. */
  get lastRow(): number {
    if (this.kind !== TRACE || this.cursor === 0) return -1;
    return this.rows === undefined ? this.cursor - 1 : this.rows[this.cursor - 1]!;
  }

  /** Next arrival of a non-homogeneous Poisson process by thinning (Lewis and Shedler). */
  private nextThinned(from: number): number {
    const s = this.stream;
    const max = this.maxRate * this.factor;
    const factor = this.factor;
    const rate = this.rateAt!;
    let t = from;
    for (;;) {
      t += standardExponential(s) / max;
      if (t > this.horizon) return t;
      const r = rate(t) * factor;
      if (!(r >= 0 && r <= max * (1 + 1e-12))) {
        throw new SimulationError(`the arrival rate of ${this.what} is ${r} at t=${t}s, outside [0, rate_max=${max}]`);
      }
      if (s.uniform() * max <= r) return t;
    }
  }
}

export class ArrivalProcesses {
  private readonly clocks: ArrivalClock[];
  /** Per class: trace columns copied onto each arrival, and attributes drawn for it. */
  private readonly copied: { column: number; values: Float64Array }[][];
  private readonly drawn: { column: number; sampler: Sampler; stream: Stream }[][];

  constructor(spec: NetworkSpec, horizon: number, stream: (source: string) => Stream, compile: CompileRate) {
    this.clocks = spec.classes.map((c) => new ArrivalClock(c.arrivals, horizon, stream(`arrivals:${c.name}`), `class '${c.name}'`, compile));
    this.copied = spec.classes.map(({ arrivals }) => {
      const trace = classTrace(arrivals);
      return trace === undefined ? [] : Object.entries(trace.attributes).map(([name, values]) => ({ column: spec.attributes.indexOf(name), values }));
    });
    this.drawn = spec.classes.map((c) => c.attributes.map((g) => ({
      column: g.attribute, sampler: createSampler(g.dist), stream: stream(`attribute:${c.name}:${spec.attributes[g.attribute]}`),
    })));
  }

  /**
   * Time of class c's next arrival after `now`, or Infinity when there is none before the horizon
   * (always for session classes, whose turns sessions.ts starts). For a trace, this consumes its next row.
   */
  next(c: number, now: number): number {
    return this.clocks[c]!.next(now);
  }

  /** Multiplies class c's arrival rate from its next interarrival on; false when it has given times. */
  scale(c: number, factor: number): boolean {
    return this.clocks[c]!.scale(factor);
  }

  /** Trace row of class c's arrival that just happened (-1 when its arrivals are not a trace). */
  lastRow(c: number): number {
    return this.clocks[c]!.lastRow;
  }

  /** Gives request r of class c its trace row (-1: none) and attributes. */
  stamp(r: number, c: number, row: number, pool: RequestPool): void {
    if (row >= 0) {
      pool.traceRow[r] = row;
      const copied = this.copied[c]!;
      for (let k = 0; k < copied.length; k++) pool.attributes[copied[k]!.column]![r] = copied[k]!.values[row]!;
    }
    const drawn = this.drawn[c]!;
    for (let k = 0; k < drawn.length; k++) pool.attributes[drawn[k]!.column]![r] = drawn[k]!.sampler.sample(drawn[k]!.stream);
  }
}
