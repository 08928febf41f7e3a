// The change of one metric from baseline to candidate as a paired-t interval over replications:
// d_j = ln(c_j / b_j) for ratios, c_j - b_j for fractions. Pairs (b_j, c_j) are independent across
// j whether or not the two sides share random numbers, so the interval is valid either way; common
// random numbers only make it narrower (positive correlation within pairs).

import { studentTQuantile } from '../analysis/interval.js';
import { ROUNDING } from '../run/metric-interval.js';
import type { Scale } from './directions.js';

export interface Change {
  /** Pairs used: both values measured (and, for ratios, both positive or both zero). */
  readonly n: number;
  /** Pairs skipped because a side measured nothing (null). */
  readonly missing: number;
  /** Pairs where a ratio is undefined: one side exactly 0, the other positive. */
  readonly undefinedRatios: number;
  /** Mean of d, and the interval of the mean at the requested level (two-sided). */
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly halfWidth: number;
  /** Sample standard deviation of d. */
  readonly sd: number;
  /**
   * Two or more pairs, each changed by the same amount up to rounding (a metric 0 on both sides, a
   * deterministic replay): there is no sampling variability to make an interval of, and the
   * interval is the point. False once the sketch's error widens it.
   */
  readonly sameInEveryPair: boolean;
  /**
   * Correlation of the two sides on the compared scale: near 0 without common random numbers,
   * positive with them (the reason paired intervals are narrow).
   */
  readonly correlation: number;
  /** Means of the two sides over the pairs used (arithmetic, in the metric's unit). */
  readonly baselineMean: number;
  readonly candidateMean: number;
}

/** Two-sided interval at `level` (e.g. 0.9875 after a Bonferroni split) for the change. */
export function pairedChange(
  baseline: readonly (number | null)[],
  candidate: readonly (number | null)[],
  scale: Scale,
  level: number,
): Change {
  const n = Math.min(baseline.length, candidate.length);
  const d: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let missing = 0;
  let undefinedRatios = 0;
  let sumB = 0;
  let sumC = 0;
  for (let j = 0; j < n; j++) {
    const b = baseline[j];
    const c = candidate[j];
    if (b === null || c === null || b === undefined || c === undefined || !Number.isFinite(b) || !Number.isFinite(c)) { missing++; continue; }
    if (scale === 'relative') {
      if (b < 0 || c < 0) { undefinedRatios++; continue; }
      if (b === 0 || c === 0) {
        // Nothing on both sides is no change; nothing on one side only has no finite ratio.
        if (b === 0 && c === 0) { d.push(0); sumB += b; sumC += c; } else undefinedRatios++;
        continue;
      }
      d.push(Math.log(c / b));
      xs.push(Math.log(b));
      ys.push(Math.log(c));
    } else {
      d.push(c - b);
      xs.push(b);
      ys.push(c);
    }
    sumB += b;
    sumC += c;
  }
  const m = d.length;
  const mean = m > 0 ? d.reduce((a, x) => a + x, 0) / m : NaN;
  const sd = m > 1 ? Math.sqrt(d.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (m - 1)) : NaN;
  // A log ratio is relative already; a difference is measured against the values it is taken from.
  const scaleOfD = scale === 'relative' ? 1 : Math.max(Math.abs(sumB), Math.abs(sumC)) / Math.max(m, 1);
  const sameInEveryPair = m > 1 && sd <= ROUNDING * scaleOfD;
  const halfWidth = m > 1 ? (sameInEveryPair ? 0 : studentTQuantile((1 + level) / 2, m - 1) * (sd / Math.sqrt(m))) : Infinity;
  return {
    n: m, missing, undefinedRatios, mean, lower: mean - halfWidth, upper: mean + halfWidth, halfWidth, sd, sameInEveryPair,
    correlation: correlation(xs, ys),
    baselineMean: m > 0 ? sumB / m : NaN,
    candidateMean: m > 0 ? sumC / m : NaN,
  };
}

/** Pearson correlation; NaN when either side does not vary. */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, x) => a + x, 0) / n;
  const my = ys.reduce((a, y) => a + y, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx, dy = ys[i]! - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * A one-sample interval of a metric's mean over replications (for SLOs), at `level`;
 * `sameInEveryReplication` as Change's `sameInEveryPair`.
 */
export function meanInterval(values: readonly (number | null)[], level: number): { n: number; mean: number; lower: number; upper: number; sameInEveryReplication: boolean } {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  const mean = n > 0 ? xs.reduce((a, x) => a + x, 0) / n : NaN;
  if (n < 2) return { n, mean, lower: -Infinity, upper: Infinity, sameInEveryReplication: false };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1));
  const same = sd <= ROUNDING * Math.abs(mean);
  const h = same ? 0 : studentTQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, lower: mean - h, upper: mean + h, sameInEveryReplication: same };
}

/** `h` and `slack` combined in quadrature (as run's percentile intervals do): never below either. */
export const combined = (h: number, slack: number): number => (slack > 0 ? Math.hypot(h, slack) : h);

/**
 * A percentile's change with the quantile sketch's error: each side's value is within eps of its
 * own exact percentile (ln(1/(1-eps)) on the log scale), and the two sides' errors are combined in
 * quadrature, then with the sampling half-width, as run's percentile intervals combine theirs. (Their
 * plain sum, 2 eps, would equal compare's default ±2 % tolerance at the default 1 % sketch: no
 * percentile gate could ever be judged equivalent, even for identical sides.)
 */
export function withSketchError(c: Change, scale: Scale, eps: number): Change {
  if (!(eps > 0) || !Number.isFinite(c.halfWidth)) return c;
  const slack = scale === 'relative' ? Math.SQRT2 * Math.log(1 / (1 - eps)) : eps * Math.hypot(c.baselineMean, c.candidateMean);
  const halfWidth = combined(c.halfWidth, slack);
  return { ...c, halfWidth, lower: c.mean - halfWidth, upper: c.mean + halfWidth, sameInEveryPair: c.sameInEveryPair && halfWidth === 0 };
}
