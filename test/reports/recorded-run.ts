// Run-to-stage helpers for the report tests: a scenario run in process with the recordings that
// `run --out` asks for, and its outputs written to a fresh folder.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCoordinatedExperiment } from '../../models/coordination/experiment.js';
import type { NegotiationLog } from '../../models/coordination/log.js';
import { Experiment } from '../../models/run/experiment.js';
import type { ReplicationOutput } from '../../models/run/replicate.js';
import type { Results } from '../../models/run/results.js';
import { loadScenario } from '../../models/scenario/index.js';
import type { Scenario } from '../../models/scenario/core/types.js';
import { recordingPlan } from '../../reports/recording-plan.js';
import { writeRunOutputs, type WrittenOutputs } from '../../reports/run-outputs.js';
import { scratchDir } from '../helpers/scratch.js';

export const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export function scenarioFile(name: string, overrides: readonly string[] = []): Scenario {
  const path = join(SCENARIOS, name);
  return loadScenario(path, readFileSync(path, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'), overrides });
}

export function scenarioText(text: string, overrides: readonly string[] = []): Scenario {
  return loadScenario('test.yaml', text, { readFile: (p) => readFileSync(p, 'utf8'), overrides });
}

export interface RecordedRun {
  readonly scenario: Scenario;
  readonly results: Results;
  readonly outputs: readonly ReplicationOutput[];
  /** A coordinated run's negotiation log of replication 0. */
  readonly log?: NegotiationLog;
}

export function recordedRun(scenario: Scenario, trace = true): RecordedRun {
  const experiment = new Experiment(scenario, 'test', recordingPlan(scenario, trace).recording);
  const results = experiment.runToEnd();
  return { scenario, results, outputs: experiment.completedOutputs() };
}

/**
 * A scenario with a timeline, objectives or coordination, run as `apmsim run` does (replications
 * one after another, coordination as the scenario sets it unless `enabled` says otherwise).
 */
export async function coordinatedRun(scenario: Scenario, trace = true, enabled = scenario.coordination?.settings.enabled ?? false): Promise<RecordedRun> {
  const run = await runCoordinatedExperiment(scenario, 'test', { enabled, recording: recordingPlan(scenario, trace).recording });
  const log = run.outputs[0]?.log;
  return { scenario, results: run.results, outputs: run.outputs, ...(log === undefined ? {} : { log }) };
}

/** Any bundled scenario, through the runner `apmsim run` would use for it. */
export async function anyRun(scenario: Scenario, trace = true): Promise<RecordedRun> {
  return scenario.coordination === undefined ? recordedRun(scenario, trace) : coordinatedRun(scenario, trace);
}

export const tmp = (): string => scratchDir('apmsim-report-');

export async function writeRecorded(run: RecordedRun, dir: string, trace = true): Promise<WrittenOutputs> {
  return writeRunOutputs(dir, run.results, run.scenario, run.outputs, { writeRequests: trace, notes: [] }, run.log);
}
