// What a GPU pool measures: kept apart from the batching logic so that gpu-pool.ts holds only the
// mechanism, and so the statistics records need not import the pool.

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
