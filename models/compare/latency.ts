// Both sides' latency distributions, for the comparison's overlaid CDFs: per probability level, the
// mean over replications of each replication's end-to-end latency quantile, with a pointwise
// Student-t interval over replications (the run report's CDF band, here at the comparison's
// family-wise confidence, not corrected across levels: the gates decide, the curves show where).

import { replicationInterval } from '../analysis/interval.js';

export interface LatencyCurve {
  /** Replications the curve is the mean of (those of the comparison that recorded their requests). */
  readonly replications: number;
  /** Per level, seconds (6 significant digits); null where no replication had a value. */
  readonly estimate: readonly (number | null)[];
  readonly lower: readonly (number | null)[];
  readonly upper: readonly (number | null)[];
}

export interface LatencyComparison {
  /** Probability levels of the curves, ascending. */
  readonly levels: readonly number[];
  /** Of each pointwise interval. */
  readonly confidence: number;
  readonly baseline: LatencyCurve;
  readonly candidate: LatencyCurve;
}

/** A comparison whose sides' distributions are not both known says why. */
export type LatencyOfSides = LatencyComparison | { readonly missing: string };

const round = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

/** The curve of per-replication quantile vectors (each at `levels`). */
export function latencyCurve(quantiles: readonly ArrayLike<number>[], levels: readonly number[], confidence: number): LatencyCurve {
  const per = levels.map((_, l) => replicationInterval(quantiles.map((q) => q[l] ?? NaN), confidence));
  return {
    replications: quantiles.length,
    estimate: per.map((e) => round(e.estimate)),
    lower: per.map((e) => round(e.interval[0])),
    upper: per.map((e) => round(e.interval[1])),
  };
}

/** Both curves over the same replications 0..n-1 (the comparison's pairs). */
export function latencyComparison(
  baseline: readonly ArrayLike<number>[], candidate: readonly ArrayLike<number>[], levels: readonly number[], confidence: number,
): LatencyComparison {
  return { levels, confidence, baseline: latencyCurve(baseline, levels, confidence), candidate: latencyCurve(candidate, levels, confidence) };
}
