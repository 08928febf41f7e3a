// Block bootstrap of a trace (Politis and Romano's circular blocks): a replication replays the
// trace's time span as consecutive blocks, each a stretch of the trace of the same length starting
// at a uniformly drawn time (wrapping around the end), with its requests at the same offsets within
// the block. Bursts shorter than a block are kept; which stretches the replication sees varies, so
// replications of a replay differ the way other recordings of the same workload would.

import type { Stream } from '../../random/stream.js';

export interface ResampledTrace {
  /** The trace row each arrival copies (attributes, prefix blocks), in arrival order. */
  readonly rows: Int32Array;
  /** Arrival times, ascending, within the trace's own span. */
  readonly times: Float64Array;
}

/** First index i with xs[i] >= x (xs ascending). */
function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function resampleTrace(times: Float64Array, block: number, stream: Stream): ResampledTrace {
  const n = times.length;
  const t0 = n > 0 ? times[0]! : 0;
  const last = n > 0 ? times[n - 1]! : 0;
  if (n < 2 || !(last > t0)) return { rows: Int32Array.from({ length: n }, (_, i) => i), times: Float64Array.from(times) };
  // The period: the span plus one mean gap, so that wrapping from the end to the start adds a typical gap.
  const period = ((last - t0) * n) / (n - 1);
  const offsets = Float64Array.from(times, (t) => t - t0);
  const rows: number[] = [];
  const at: number[] = [];
  const take = (from: number, to: number, shift: number) => {
    for (let i = lowerBound(offsets, from), end = lowerBound(offsets, to); i < end; i++) {
      rows.push(i);
      at.push(t0 + offsets[i]! + shift);
    }
  };
  for (let k = 0; k * block < period; k++) {
    const start = k * block;
    const length = Math.min(block, period - start);
    const s = stream.uniform() * period;
    if (s + length <= period) take(s, s + length, start - s);
    else {
      take(s, period, start - s);
      take(0, s + length - period, start + period - s);
    }
  }
  return { rows: Int32Array.from(rows), times: Float64Array.from(at) };
}
