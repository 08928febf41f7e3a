// What `apmsim calibrate serving` writes: the calibrated profile (YAML), the fidelity table as data,
// and the running/waiting requests over time, measured beside predicted (CSV).

import { stringify } from 'yaml';
import type { FidelityRow } from './fidelity.js';
import type { MeasuredProfile } from './profile-folder.js';
import type { BenchmarkRun } from './run-folder.js';
import type { Overheads } from './step-time.js';
import type { ReplayResult } from './vllm-replay.js';

export interface Calibration {
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

export function calibrationOutputs(c: Calibration): { profileYaml: string; json: object; timeseriesCsv: string } {
  const overheads = { per_step: c.overheads.perStep, per_sequence: c.overheads.perSequence };
  const profileYaml = stringify({
    measured: c.profile.dir,
    tp: c.profile.tp,
    model: c.profile.model,
    hardware: c.profile.hardware,
    overheads,
    fitted_on: [...c.fittedOn],
  });
  const json = {
    run: c.run.dir,
    profile: c.profile.dir,
    tp: c.profile.tp,
    overheads,
    fitted_on: [...c.fittedOn],
    requests: c.run.workload.arrivals.length,
    steps: c.predicted.steps,
    preemptions: c.predicted.preemptions,
    rows: c.rows.map(row),
    roofline: c.rooflineRows?.map(row) ?? null,
  };
  return { profileYaml, json, timeseriesCsv: timeseriesCsv(c.run, c.predicted) };
}

const row = (r: FidelityRow) => ({ metric: r.metric, stat: r.stat, measured: r.measured, predicted: r.predicted, error: r.error });

/** One row per second: predicted running/waiting, and measured where the run has a timeseries.csv (empty cells otherwise). */
function timeseriesCsv(run: BenchmarkRun, p: ReplayResult): string {
  const measured = new Map((run.timeseries ?? []).map((s) => [s.t, s]));
  const times = [...new Set([...p.sampleTimes, ...measured.keys()])].sort((a, b) => a - b);
  const predicted = new Map([...p.sampleTimes].map((t, i) => [t, i]));
  const lines = ['t,measured_running,measured_waiting,predicted_running,predicted_waiting'];
  for (const t of times) {
    const m = measured.get(t), i = predicted.get(t);
    lines.push(`${t},${m?.running ?? ''},${m?.waiting ?? ''},${i === undefined ? '' : p.running[i]},${i === undefined ? '' : p.waiting[i]}`);
  }
  return `${lines.join('\n')}\n`;
}
