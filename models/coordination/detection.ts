// Windowed detection: at each window end, an objective's metric over the requests of its class
// that ended in that window, compared with its (possibly changed) threshold; and the prediction a
// control loop acts on: the last window violates, or the trend of the last two crosses the
// threshold within the prediction horizon.

import type { ControlView } from '../../sim/network/control.js';
import { OUTCOME_COMPLETED, OUTCOME_RATE_LIMITED, OUTCOME_REJECTED } from '../../sim/network/record/recorders.js';
import { boundOf, type Objective, type ObjectiveMetric, type ObjectiveOutcome } from './types.js';

/** The latency statistic of one window's latencies; NaN when the window saw no completed request. */
export function windowMetric(metric: 'p95' | 'p99' | 'mean', latencies: number[]): number {
  if (latencies.length === 0) return NaN;
  if (metric === 'mean') return latencies.reduce((a, b) => a + b, 0) / latencies.length;
  const sorted = Float64Array.from(latencies).sort();
  // Nearest-rank percentile: the smallest value with at least q of the window at or below it.
  const q = metric === 'p95' ? 0.95 : 0.99;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** Whether `value` breaks a threshold of a metric that must stay below ('max') or above ('min') it. */
export function violates(metric: ObjectiveMetric, value: number, threshold: number): boolean {
  return boundOf(metric) === 'max' ? value > threshold : value < threshold;
}

/** One objective's running judgement: fed at each of its window ends. */
export class ObjectiveWatch {
  readonly objective: Objective;
  threshold: number;
  private cursor = 0;
  private windows = 0;
  private violated = 0;
  /** The last window's value (NaN before the first or when it was empty). */
  last = NaN;
  /** The window's value before the last (NaN when there was none). */
  previous = NaN;

  /** Windows starting before `observedFrom` (the warm-up, which records no request) are not judged. */
  private readonly observedFrom: number;

  constructor(objective: Objective, observedFrom = 0) {
    this.objective = objective;
    this.threshold = objective.threshold;
    this.observedFrom = observedFrom;
  }

  /** Judges the window ending now; true when it violates. Windows with nothing to measure are not judged. */
  closeWindow(view: ControlView): boolean {
    const { cls, metric, window } = this.objective;
    const latencies: number[] = [];
    let completed = 0, refused = 0, ended = 0;
    this.cursor = view.finishedSince(this.cursor, (c, latency, outcome) => {
      if (c !== cls) return;
      ended++;
      if (outcome === OUTCOME_COMPLETED) { completed++; latencies.push(latency); }
      else if (outcome === OUTCOME_REJECTED || outcome === OUTCOME_RATE_LIMITED) refused++;
    });
    this.previous = this.last;
    if (view.now - window < this.observedFrom - 1e-9) { this.last = NaN; return false; }
    switch (metric) {
      case 'throughput': this.last = completed / window; break;
      case 'rejected': this.last = ended > 0 ? refused / (completed + refused) : NaN; break;
      default: this.last = windowMetric(metric, latencies);
    }
    if (Number.isNaN(this.last)) return false;
    this.windows++;
    const bad = violates(metric, this.last, this.threshold);
    if (bad) this.violated++;
    return bad;
  }

  /**
   * The value expected `horizon` seconds after the last window, from the trend of the last two
   * (the last alone when there is one); NaN before any window was judged.
   */
  predicted(horizon: number): number {
    if (Number.isNaN(this.previous)) return this.last;
    const slope = (this.last - this.previous) / this.objective.window;
    // Every objective metric is non-negative, and a fraction stays at most 1.
    const predicted = Math.max(0, this.last + slope * horizon);
    return this.objective.metric === 'rejected' ? Math.min(1, predicted) : predicted;
  }

  /** A threat: the last window violates, or the trend crosses the threshold within `horizon`. */
  threatened(horizon: number): boolean {
    if (Number.isNaN(this.last)) return false;
    return violates(this.objective.metric, this.last, this.threshold) || violates(this.objective.metric, this.predicted(horizon), this.threshold);
  }

  outcome(): ObjectiveOutcome {
    return { name: this.objective.name, windows: this.windows, violated: this.violated, violationSeconds: this.violated * this.objective.window };
  }
}
