// The held-out check: the calibrated scenario is simulated and its end-to-end latency compared with
// that of the traces kept out of the fit — mean, p50 and p95, each with a 95% interval on both
// sides (observed: t for the mean, order statistics for quantiles; simulated: over replications),
// and the two-sample KS test between the observed and the simulated latencies. The scenario was
// fitted on other traces, so the held-out ones test it afresh; the simulated sample is many times
// larger, so the test's effective size is about the held-out count.

import { replicationInterval } from '../analysis/interval.js';
import { Experiment } from '../run/experiment.js';
import { intervalEnds } from '../run/results.js';
import type { Scenario } from '../scenario/index.js';
import { ksTwoSampleTest } from './fit.js';

export interface Figure {
  readonly estimate: number;
  readonly interval: readonly [number, number];
}

export interface Comparison {
  readonly statistic: 'mean' | 'p50' | 'p95';
  readonly observed: Figure;
  readonly simulated: Figure;
  /** The two intervals meet. */
  readonly agrees: boolean;
}

export interface HoldoutCheck {
  readonly observedCount: number;
  readonly simulatedCount: number;
  readonly comparisons: readonly Comparison[];
  readonly ks: number;
  /** The KS test's asymptotic p-value, at the effective size n m / (n + m). */
  readonly ksP: number;
}

/**
 * How far apart two end-to-end times may be and be the same: each is a difference of two span times
 * read to the microsecond (read.ts), as seconds since the epoch in a double (2.4e-7 s apart there).
 */
const TIMESTAMP_RESOLUTION = 2e-6;

/** Distribution-free interval for the p-quantile of a sorted sample, from the binomial (normal approximation). */
export function quantileInterval(sorted: readonly number[], p: number, z = 1.96): Figure {
  const n = sorted.length;
  const at = (i: number): number => sorted[Math.min(n - 1, Math.max(0, i))]!;
  const half = z * Math.sqrt(n * p * (1 - p));
  return { estimate: at(Math.ceil(n * p) - 1), interval: [at(Math.floor(n * p - half) - 1), at(Math.ceil(n * p + half))] };
}

export function meanInterval(values: readonly number[]): Figure {
  const r = replicationInterval(values, 0.95);
  return { estimate: r.estimate ?? NaN, interval: [r.interval[0] ?? NaN, r.interval[1] ?? NaN] };
}

/** Simulates `scenario` and compares its e2e latency with the observed e2e latencies (seconds). */
export function holdoutCheck(scenario: Scenario, observed: readonly number[], version: string): HoldoutCheck {
  const experiment = new Experiment(scenario, version, { timeseriesWindow: 0, traceRequests: true });
  const results = experiment.runToEnd();
  const simulated: number[] = [];
  for (const o of experiment.completedOutputs()) {
    const rows = o.requests!;
    for (let i = 0; i < rows.count; i++) if (rows.outcome[i] === 0) simulated.push(rows.finish[i]! - rows.arrival[i]!);
  }
  const sortedObserved = [...observed].sort((a, b) => a - b);
  simulated.sort((a, b) => a - b);
  const figure = (name: string): Figure => {
    const m = results.metrics[name]!;
    return { estimate: m.estimate ?? NaN, interval: [intervalEnds(m)[0] ?? NaN, intervalEnds(m)[1] ?? NaN] };
  };
  const ks = ksTwoSampleTest(sortedObserved, simulated, TIMESTAMP_RESOLUTION);
  const compare = (statistic: Comparison['statistic'], o: Figure, s: Figure): Comparison =>
    ({ statistic, observed: o, simulated: s, agrees: o.interval[0] <= s.interval[1] && s.interval[0] <= o.interval[1] });
  return {
    observedCount: observed.length,
    simulatedCount: simulated.length,
    comparisons: [
      compare('mean', meanInterval(observed), figure('e2e.mean')),
      compare('p50', quantileInterval(sortedObserved, 0.5), figure('e2e.p50')),
      compare('p95', quantileInterval(sortedObserved, 0.95), figure('e2e.p95')),
    ],
    ks: ks.d,
    ksP: ks.p,
  };
}
