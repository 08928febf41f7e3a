// The interval results give a metric, from its values over replications: the Student t interval of
// their mean; for percentiles, sectioning around the percentile of all replications' values, widened
// by the quantile sketch's error; and no interval at all where the replications cannot tell how far
// the estimate may be from the truth (one replication, or replications that all agree) — never a
// zero-width interval that claims a precision nobody measured.

import { replicationInterval, sampleSkewness, sectionedInterval, skewCorrectedInterval, skewnessStandardError } from '../analysis/interval.js';
import { percentileOf } from './metrics.js';

/** Percentile metrics (`e2e.p95`, `agent.<a>.sojourn.p95`…): the ones read from a quantile sketch. */
export const isPercentile = (metric: string): boolean => percentileOf(metric) !== undefined;

export interface IntervalSetting {
  readonly confidence: number;
  /** The quantile sketch's relative error bound; 0 when percentiles are exact. */
  readonly sketchError: number;
  /** Every replication gave the same value of every metric (a deterministic replay). */
  readonly replay: boolean;
}

export interface MetricInterval {
  readonly estimate: number | null;
  readonly interval: readonly [number, number] | null;
  readonly note?: string;
}

export const REPLAY_NOTE = 'no sampling variability: deterministic replay';

/** Why a figure has no interval, in a few words for a table cell: the head of its note ('no sampling variability'). */
export const noIntervalReason = (note: string | undefined): string => (note ?? 'no interval').split(':')[0]!;

/**
 * `measured`: the finite values of the replications that measured the metric; `pooled`, for a
 * percentile, the same percentile of all those replications' values together.
 */
export function metricInterval(metric: string, measured: readonly number[], setting: IntervalSetting, pooled?: number): MetricInterval {
  const n = measured.length;
  if (n === 0) return { estimate: null, interval: null, note: 'no replication measured it' };
  const est = pooled === undefined ? replicationInterval(measured, setting.confidence) : sectionedInterval(measured, pooled, setting.confidence);
  const estimate = est.estimate;
  if (n === 1) return { estimate, interval: null, note: 'one replication: no interval' };
  if (setting.replay) return { estimate, interval: null, note: REPLAY_NOTE };
  // A sketch's percentile is within its relative error of the replication's exact percentile, in
  // either direction: the spread over replications cannot show that error when every replication's
  // value falls in one bucket. Each side of the interval is the sampling half-width and the sketch's
  // bound combined in quadrature: never narrower than the bound, close to the sampling interval when
  // that dominates (adding the two made the tandem's p50 interval cover 98 %, not 95 %).
  const eps = isPercentile(metric) ? setting.sketchError : 0;
  const slack = eps * Math.abs(estimate);
  if (slack === 0 && agree(measured)) {
    return { estimate, interval: null, note: 'no sampling variability: the same in every replication' };
  }
  // Every metric is a non-negative quantity (times, rates, counts, fractions, money): an interval
  // over few, skewed replications can reach below 0, and cutting it there loses no coverage.
  const cut = ([lo, hi]: readonly [number, number]): [number, number] => [Math.max(0, estimate - Math.hypot(estimate - lo, slack)), estimate + Math.hypot(hi - estimate, slack)];
  if (pooled !== undefined) return { estimate, interval: cut(est.interval), note: `sectioning: the percentile of the ${n} replications' values together; t interval of their own percentiles around it, widened for their skewness and kurtosis (Edgeworth)${slack > 0 ? " and by the sketch's relative error" : ''}` };
  // Skewed replication values (heavy-tailed waits) make the symmetric t interval sit too low: when
  // the diagnostic finds them skewed, Hall's correction, longer on the side of the tail.
  const skew = skewed(measured);
  const interval = cut(skew === undefined ? est.interval : skewCorrectedInterval(measured, setting.confidence).interval);
  if (skew === undefined) return { estimate, interval };
  return { estimate, interval, note: `skewed replications (skewness ${skew.toFixed(2)} over ${n}): skewness-corrected t interval (Hall 1992); more or longer replications make it more reliable` };
}

/**
 * How far apart two values may be, relative to the larger, and still be the same figure. A time is a
 * difference of clock readings, each exact to about 1e-16 of the clock: a constant 0.3 s service that
 * ends at t = 20,000 s is measured to within 2e-12 s, so one replication's mean of it differs from
 * another's in the 12th digit. Sampling moves any figure that is printed (4 digits) or gated (0.1 %
 * and up) far more than 1e-9.
 */
export const ROUNDING = 1e-9;

/**
 * Every value the same as the first, up to rounding (NaN, unmeasured, is the same only as NaN): a
 * spread that small is no sampling variability, and a t interval over it would claim a precision
 * nobody measured.
 */
export function agree(values: readonly number[]): boolean {
  const a = values[0]!;
  return values.every((v) => Object.is(v, a) || Math.abs(v - a) <= ROUNDING * Math.max(Math.abs(a), Math.abs(v)));
}

/** Smallest number of replications whose skewness is checked (and corrected for). */
export const SKEW_CHECK_MIN = 5;

/**
 * The diagnostic: the replications' sample skewness G1 when it is beyond what normal values give
 * (more than 2 standard errors of G1 from 0), else undefined. A skewed sample of replication values
 * makes the studentised mean skewed too, and the symmetric t interval then covers less than it says.
 */
export function skewed(measured: readonly number[]): number | undefined {
  const n = measured.length;
  if (n < SKEW_CHECK_MIN) return undefined;
  const g = sampleSkewness(measured);
  return Number.isFinite(g) && Math.abs(g) > 2 * skewnessStandardError(n) ? g : undefined;
}
