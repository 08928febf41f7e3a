// What a GPU pool measures, and the piecewise-linear curves of model profiles: kept apart from the
// batching logic so that gpu-pool.ts holds only the mechanism.

import type { Curve } from './spec.js';

/** Statistics since the last reset (warm-up), summed over the pool's replicas. */
export interface GpuPoolStats {
  busyTime: number;
  /** Integral of running sequences over busy time, and of KV tokens held over time. */
  batchArea: number;
  kvArea: number;
  /** Largest KV occupancy seen on any replica, as a fraction of its memory. */
  kvMax: number;
  queueArea: number;
  iterations: number;
  outputTokens: number;
  promptTokens: number;
  prefixTokens: number;
  preemptions: number;
}

export function emptyPoolStats(): GpuPoolStats {
  return {
    busyTime: 0, batchArea: 0, kvArea: 0, kvMax: 0, queueArea: 0, iterations: 0,
    outputTokens: 0, promptTokens: 0, prefixTokens: 0, preemptions: 0,
  };
}

/** y(x) on a piecewise-linear curve, extended linearly past its last point. */
export function evaluateCurve(c: Curve, x: number): number {
  const xs = c.x, ys = c.y;
  const n = xs.length;
  let i = 1;
  while (i < n - 1 && xs[i]! < x) i++;
  const x0 = xs[i - 1]!, x1 = xs[i]!, y0 = ys[i - 1]!, y1 = ys[i]!;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}
