// Confidence intervals for a metric from independent replications: Student-t interval on the mean of
// the per-replication values. Answers are intervals, never bare numbers.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Estimate {
  readonly estimate: number;
  readonly interval: readonly [number, number];
  readonly halfWidth: number;
}

/** An Estimate that also says how many replications it rests on and at what confidence. */
export interface ReplicationEstimate extends Estimate {
  /** Number of non-NaN values used. */
  readonly sampleSize: number;
  readonly confidence: number;
}

/** The p-quantile of Student's t with df degrees of freedom (df > 0, finite; 0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`t quantile level must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new Error(`t degrees of freedom must be finite and > 0, got ${df}`);
  return tQuantile(p, df);
}

/**
 * Sample mean +- t_{(1+c)/2, n-1} s / sqrt(n) over the replications' values.
 *
 * NaN values are dropped: a replication yields NaN for a metric it could not observe (no request
 * finished), and it carries no information about that metric; `sampleSize` reports how many remained.
 * With fewer than two remaining values the width is unknown, so halfWidth is Infinity and the interval
 * (-Infinity, Infinity); the estimate is the single value, or NaN when none remain. An infinite value
 * makes the estimate infinite (or NaN if both signs occur) with infinite half-width.
 */
export function replicationInterval(values: readonly number[], confidence: number): ReplicationEstimate {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  let n = 0;
  let sum = 0;
  for (const x of values) {
    if (x === x) {
      n += 1;
      sum += x;
    }
  }
  const mean = n > 0 ? sum / n : NaN;
  if (n < 2 || !Number.isFinite(mean)) return unbounded(mean, n, confidence);
  let ss = 0;
  for (const x of values) {
    if (x === x) ss += (x - mean) * (x - mean);
  }
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = studentTQuantile((1 + confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, interval: [mean - halfWidth, mean + halfWidth], halfWidth, sampleSize: n, confidence };
}

function unbounded(estimate: number, sampleSize: number, confidence: number): ReplicationEstimate {
  return { estimate, interval: [-Infinity, Infinity], halfWidth: Infinity, sampleSize, confidence };
}
