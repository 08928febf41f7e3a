// What `apmsim calibrate serving` writes: the calibrated profile (YAML), the fidelity table as data,
// and the running/waiting requests over time, measured beside predicted (CSV).

import { stringify } from 'yaml';
import type { FidelityRow } from './fidelity.js';
import type { MeasuredProfile } from './profile-folder.js';
import type { BenchmarkRun } from './run-folder.js';
import type { Overheads } from './step-time.js';
import type { ReplayResult } from './vllm-replay.js';

export interface Calibration {
  /** apmsim's version, recorded in the JSON document. */
  readonly version: string;
  readonly profile: MeasuredProfile;
  readonly run: BenchmarkRun;
  readonly overheads: Overheads;
  /** Run folders the overheads were fitted on; empty: the documented defaults. */
  readonly fittedOn: readonly string[];
  readonly predicted: ReplayResult;
  readonly rows: readonly FidelityRow[];
  /** The same table for the roofline estimate (no datasheet for the GPU: absent). */
  readonly rooflineRows: readonly FidelityRow[] | undefined;
}

/** What `--json` prints, and `apmsim report` turns into the fidelity report (reports/calibration-report.ts). */
export const CALIBRATION_FORMAT = 'apmsim-calibration/1';

export interface FidelityRowJson { readonly metric: string; readonly stat: string; readonly measured: number; readonly predicted: number; readonly error: number }

export interface CalibrationDocument {
  readonly format: typeof CALIBRATION_FORMAT;
  readonly apmsim: string;
  readonly run: string;
  readonly profile: string;
  readonly model: string;
  readonly hardware: string;
  readonly tp: number;
  readonly overheads: { readonly per_step: number; readonly per_sequence: number };
  readonly fitted_on: readonly string[];
  readonly requests: number;
  readonly steps: number;
  readonly preemptions: number;
  readonly rows: readonly FidelityRowJson[];
  readonly roofline: readonly FidelityRowJson[] | null;
  /** Per request, seconds, in the run's order: the latencies vLLM measured and the replay's. */
  readonly latencies: {
    readonly measured: { readonly ttft: readonly number[]; readonly e2e: readonly number[] };
    readonly predicted: { readonly ttft: readonly number[]; readonly e2e: readonly number[] };
  };
  /** Requests running and waiting, per second: vLLM's (null where the run has no timeseries.csv) and the replay's. */
  readonly timeseries: readonly TimeseriesRow[];
}

export interface TimeseriesRow {
  readonly t: number;
  readonly measuredRunning: number | null;
  readonly measuredWaiting: number | null;
  readonly predictedRunning: number | null;
  readonly predictedWaiting: number | null;
}

export function calibrationOutputs(c: Calibration): { profileYaml: string; json: CalibrationDocument; timeseriesCsv: string } {
  const overheads = { per_step: c.overheads.perStep, per_sequence: c.overheads.perSequence };
  const profileYaml = stringify({
    measured: c.profile.dir,
    tp: c.profile.tp,
    model: c.profile.model,
    hardware: c.profile.hardware,
    overheads,
    fitted_on: [...c.fittedOn],
  });
  const series = timeseriesRows(c.run, c.predicted);
  const json: CalibrationDocument = {
    format: CALIBRATION_FORMAT,
    apmsim: c.version,
    run: c.run.dir,
    profile: c.profile.dir,
    model: c.profile.model,
    hardware: c.profile.hardware,
    tp: c.profile.tp,
    overheads,
    fitted_on: [...c.fittedOn],
    requests: c.run.workload.arrivals.length,
    steps: c.predicted.steps,
    preemptions: c.predicted.preemptions,
    rows: c.rows.map(row),
    roofline: c.rooflineRows?.map(row) ?? null,
    latencies: {
      measured: { ttft: [...c.run.measured.ttft], e2e: [...c.run.measured.e2e] },
      predicted: { ttft: [...c.predicted.ttft], e2e: [...c.predicted.e2e] },
    },
    timeseries: series,
  };
  return { profileYaml, json, timeseriesCsv: timeseriesCsv(series) };
}

const row = (r: FidelityRow) => ({ metric: r.metric, stat: r.stat, measured: r.measured, predicted: r.predicted, error: r.error });

/** One row per second: predicted running/waiting, and measured where the run has a timeseries.csv. */
function timeseriesRows(run: BenchmarkRun, p: ReplayResult): TimeseriesRow[] {
  const measured = new Map((run.timeseries ?? []).map((s) => [s.t, s]));
  const times = [...new Set([...p.sampleTimes, ...measured.keys()])].sort((a, b) => a - b);
  const predicted = new Map([...p.sampleTimes].map((t, i) => [t, i]));
  return times.map((t) => {
    const m = measured.get(t), i = predicted.get(t);
    return {
      t, measuredRunning: m?.running ?? null, measuredWaiting: m?.waiting ?? null,
      predictedRunning: i === undefined ? null : p.running[i]!, predictedWaiting: i === undefined ? null : p.waiting[i]!,
    };
  });
}

function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  const lines = ['t,measured_running,measured_waiting,predicted_running,predicted_waiting'];
  for (const r of rows) lines.push(`${r.t},${cell(r.measuredRunning)},${cell(r.measuredWaiting)},${cell(r.predictedRunning)},${cell(r.predictedWaiting)}`);
  return `${lines.join('\n')}\n`;
}
