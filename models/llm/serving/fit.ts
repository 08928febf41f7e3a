// Fits the per-step overhead (the one step-time term no profile measures) on benchmark runs: the
// value minimising, over the runs given, the squared log-ratios of predicted to measured mean
// TTFT, TPOT and e2e latency. The run being scored is never among them (the CLI refuses it).

import type { FidelityMetric } from './fidelity.js';
import { statistic } from './fidelity.js';
import type { MeasuredProfile } from './profile-folder.js';
import type { BenchmarkRun } from './run-folder.js';
import type { Overheads } from './step-time.js';
import { predictRun } from './calibrate.js';
import { DEFAULT_OVERHEADS } from './calibrate.js';

/** A profile and a run it describes (each run is replayed with its own model's profile). */
export interface FitCase {
  readonly profile: MeasuredProfile;
  readonly run: BenchmarkRun;
}

const FITTED: readonly FidelityMetric[] = ['ttft', 'tpot', 'e2e'];
/** Search range of the per-step overhead, seconds, and the golden-section iterations (resolution 20 ms x 0.618^20 < 1 us). */
const RANGE: readonly [number, number] = [0, 0.02];
const ITERATIONS = 20;

export function fitLoss(cases: readonly FitCase[], overheads: Overheads): number {
  let loss = 0;
  for (const { profile, run } of cases) {
    const p = predictRun(profile, run, overheads);
    for (const m of FITTED) {
      const ratio = statistic(p[m], 'mean') / statistic(run.measured[m], 'mean');
      loss += Math.log(ratio) ** 2;
    }
  }
  return loss;
}

/** The per-step overhead fitted on `cases` (golden-section search; the loss is unimodal in it over the range). */
export function fitOverheads(cases: readonly FitCase[]): Overheads {
  if (cases.length === 0) return DEFAULT_OVERHEADS;
  const at = (perStep: number) => fitLoss(cases, { ...DEFAULT_OVERHEADS, perStep });
  const g = (Math.sqrt(5) - 1) / 2;
  let [a, b] = RANGE;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = at(c), fd = at(d);
  for (let i = 0; i < ITERATIONS; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = at(c); }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = at(d); }
  }
  return { ...DEFAULT_OVERHEADS, perStep: (a + b) / 2 };
}
