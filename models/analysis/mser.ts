// MSER-5 warm-up detection (White 1997; Franklin and White 2008): how many initial observations of an
// output series to delete so that what remains is least contaminated by the start-up transient.

/** Observations per batch. Batching smooths the series so one noisy point does not set the cut. */
const BATCH = 5;

/**
 * Forms the m = floor(n / 5) means Y_1..Y_m of consecutive batches of 5 (a trailing partial batch is
 * dropped) and returns 5 d for the d in 0 <= d < m / 2 minimising
 *   sum_{i > d} (Y_i - mean(Y_{d+1..m}))^2 / (m - d)^2,
 * the smallest such d on ties. The search stops short of half the batches because the statistic falls
 * towards 0 as the kept tail shrinks, whatever the data. Fewer than 2 batches: 0.
 */
export function mser5(observations: readonly number[]): number {
  const m = Math.floor(observations.length / BATCH);
  if (m < 2) return 0;
  const batchMeans = new Float64Array(m);
  for (let b = 0; b < m; b++) {
    let sum = 0;
    for (let j = 0; j < BATCH; j++) {
      const x = observations[b * BATCH + j]!;
      if (!Number.isFinite(x)) throw new Error(`mser5: observation ${b * BATCH + j} is not finite (${x})`);
      sum += x;
    }
    batchMeans[b] = sum / BATCH;
  }
  // Welford from the end gives each suffix's sum of squared deviations in one pass, without the
  // cancellation of sum-of-squares minus squared-sum.
  const lastD = Math.ceil(m / 2) - 1;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let bestD = 0;
  let best = Infinity;
  for (let d = m - 1; d >= 0; d--) {
    const y = batchMeans[d]!;
    count += 1;
    const delta = y - mean;
    mean += delta / count;
    m2 += delta * (y - mean);
    if (d <= lastD) {
      const statistic = m2 / (count * count);
      if (statistic <= best) {
        best = statistic;
        bestD = d;
      }
    }
  }
  return BATCH * bestD;
}
