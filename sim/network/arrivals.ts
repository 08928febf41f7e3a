// External arrivals of each request class: renewal processes (Poisson, deterministic),
// non-homogeneous Poisson by thinning, and trace replay; and the attributes each arrival carries
// (copied from its trace row, or drawn from the class's distributions).

import { SimulationError } from '../errors.js';
import { createSampler, type Sampler } from '../random/distributions.js';
import type { Stream } from '../random/stream.js';
import { standardExponential } from '../random/ziggurat.js';
import type { RequestPool } from './requests.js';
import type { NetworkSpec } from './spec.js';

const RENEWAL = 0;
const VARYING = 1;
const TRACE = 2;

export class ArrivalProcesses {
  private readonly spec: NetworkSpec;
  private readonly horizon: number;
  private readonly kind: Int8Array;
  private readonly interarrival: (Sampler | undefined)[];
  private readonly streams: Stream[];
  private readonly rateAt: (((t: number) => number) | undefined)[];
  private readonly maxRate: Float64Array;
  private readonly traceTimes: (Float64Array | undefined)[];
  /** Per class: the trace row of the next arrival to schedule. */
  private readonly cursor: Int32Array;
  /** Per class: trace columns copied onto each arrival, and attributes drawn for it. */
  private readonly copied: { column: number; values: Float64Array }[][];
  private readonly drawn: { column: number; sampler: Sampler; stream: Stream }[][];

  constructor(spec: NetworkSpec, horizon: number, stream: (source: string) => Stream) {
    this.spec = spec;
    this.horizon = horizon;
    const n = spec.classes.length;
    this.kind = Int8Array.from(spec.classes, (c) => (c.arrivals.process === 'varying' ? VARYING : c.arrivals.process === 'trace' ? TRACE : RENEWAL));
    this.streams = spec.classes.map((c) => stream(`arrivals:${c.name}`));
    this.interarrival = spec.classes.map(({ arrivals: a }) =>
      a.process === 'poisson' ? createSampler({ dist: 'exponential', mean: 1 / a.rate })
        : a.process === 'deterministic' ? createSampler({ dist: 'deterministic', value: 1 / a.rate })
          : undefined);
    this.rateAt = spec.classes.map(({ arrivals: a }) => (a.process === 'varying' ? a.rate : undefined));
    this.maxRate = Float64Array.from(spec.classes, ({ arrivals: a }) => (a.process === 'varying' ? a.maxRate : 0));
    this.traceTimes = spec.classes.map(({ arrivals: a }) => (a.process === 'trace' ? a.trace.times : undefined));
    this.cursor = new Int32Array(n);
    this.copied = spec.classes.map(({ arrivals: a }) => (a.process === 'trace'
      ? Object.entries(a.trace.attributes).map(([name, values]) => ({ column: spec.attributes.indexOf(name), values }))
      : []));
    this.drawn = spec.classes.map((c) => c.attributes.map((g) => ({
      column: g.attribute, sampler: createSampler(g.dist), stream: stream(`attribute:${c.name}:${spec.attributes[g.attribute]}`),
    })));
  }

  /**
   * Time of class c's next arrival after `now`, or Infinity when there is none before the horizon.
   * For a trace, this consumes its next row.
   */
  next(c: number, now: number): number {
    let t: number;
    switch (this.kind[c]) {
      case RENEWAL:
        t = now + this.interarrival[c]!.sample(this.streams[c]!);
        break;
      case VARYING:
        t = this.nextThinned(c, now);
        break;
      default: {
        const times = this.traceTimes[c]!;
        const i = this.cursor[c]!;
        if (i >= times.length) return Infinity;
        this.cursor[c] = i + 1;
        t = times[i]!;
      }
    }
    return t <= this.horizon ? t : Infinity;
  }

  /** Gives the request that just arrived for class c its trace row and attributes. */
  stamp(r: number, c: number, pool: RequestPool): void {
    if (this.kind[c] === TRACE) {
      const i = this.cursor[c]! - 1; // the cursor moved on when this arrival was scheduled
      pool.traceRow[r] = i;
      const copied = this.copied[c]!;
      for (let k = 0; k < copied.length; k++) pool.attributes[copied[k]!.column]![r] = copied[k]!.values[i]!;
    }
    const drawn = this.drawn[c]!;
    for (let k = 0; k < drawn.length; k++) pool.attributes[drawn[k]!.column]![r] = drawn[k]!.sampler.sample(drawn[k]!.stream);
  }

  /** Next arrival of a non-homogeneous Poisson process by thinning (Lewis and Shedler). */
  private nextThinned(c: number, from: number): number {
    const s = this.streams[c]!;
    const max = this.maxRate[c]!;
    const rate = this.rateAt[c]!;
    let t = from;
    for (;;) {
      t += standardExponential(s) / max;
      if (t > this.horizon) return t;
      const r = rate(t);
      if (!(r >= 0 && r <= max)) {
        throw new SimulationError(
          `the arrival rate of class '${this.spec.classes[c]!.name}' is ${r} at t=${t}s, outside [0, rate_max=${max}]`,
        );
      }
      if (s.uniform() * max <= r) return t;
    }
  }
}
