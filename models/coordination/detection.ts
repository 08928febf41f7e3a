// Windowed detection: at each window end, an objective's metric over the requests of its class
// that finished in that window, compared with its (possibly changed) threshold.

import type { ControlView } from '../../sim/network/control.js';
import type { Objective, ObjectiveMetric, ObjectiveOutcome } from './types.js';

/** Outcome code of a completed request in the engine's request rows (recorders.ts). */
const COMPLETED = 0;

/** The metric of one window's latencies; NaN when the window saw no completed request. */
export function windowMetric(metric: ObjectiveMetric, latencies: number[]): number {
  if (latencies.length === 0) return NaN;
  if (metric === 'mean') return latencies.reduce((a, b) => a + b, 0) / latencies.length;
  const sorted = Float64Array.from(latencies).sort();
  // Nearest-rank percentile: the smallest value with at least q of the window at or below it.
  const q = metric === 'p95' ? 0.95 : 0.99;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
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

  constructor(objective: Objective) {
    this.objective = objective;
    this.threshold = objective.threshold;
  }

  /** Judges the window ending now; true when it violates. Empty windows are not judged. */
  closeWindow(view: ControlView): boolean {
    const latencies: number[] = [];
    const cls = this.objective.cls;
    this.cursor = view.finishedSince(this.cursor, (c, latency, outcome) => {
      if (c === cls && outcome === COMPLETED) latencies.push(latency);
    });
    this.last = windowMetric(this.objective.metric, latencies);
    if (Number.isNaN(this.last)) return false;
    this.windows++;
    const bad = this.last > this.threshold;
    if (bad) this.violated++;
    return bad;
  }

  outcome(): ObjectiveOutcome {
    return { name: this.objective.name, windows: this.windows, violated: this.violated, violationSeconds: this.violated * this.objective.window };
  }
}
