// What `run --out` records for its report and data files: always the time series (about 200-300
// windows over the horizon), and the request rows behind the latency distribution unless the run
// is so large that holding them would cost more memory than a report is worth (then --trace).

import { bytesPerRequestRow, expectedRequests, REQUEST_ROWS_BUDGET } from '../models/run/footprint.js';
import type { Recording } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/index.js';
import { formatNumber } from './format.js';

/** At most this many windows in a time series: enough for a chart, small in every file. */
export const MAX_WINDOWS = 300;

/** The smallest 1, 2 or 5 × 10^k seconds giving at most MAX_WINDOWS windows over the horizon. */
export function seriesWindow(horizon: number): number {
  const target = horizon / MAX_WINDOWS;
  const decade = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (m * decade >= target * (1 - 1e-12)) return m * decade;
  return 10 * decade;
}

export interface RecordingPlan {
  readonly recording: Recording;
  /** Said in the report when the request rows are not recorded. */
  readonly notes: readonly string[];
}

export function recordingPlan(s: Scenario, trace: boolean): RecordingPlan {
  const requests = expectedRequests(s);
  const bytes = requests * bytesPerRequestRow(s.network);
  const rows = trace || bytes <= REQUEST_ROWS_BUDGET;
  const why = Number.isNaN(requests)
    ? 'the number of requests this run has is not known before it runs (sessions without think time)'
    : `this run has about ${formatNumber(requests)} requests, whose rows would take about ${formatNumber(bytes / 1e6)} MB`;
  return {
    recording: { timeseriesWindow: seriesWindow(s.horizon), traceRequests: rows },
    notes: rows ? [] : [`No latency distribution: ${why}; run with --trace to record them anyway.`],
  };
}
