// Independent replications of a scenario, run in slices of wall time so the shell can report
// progress and stop early: whatever has been run can always be summarised (marked partial).

import { Replication } from '../../sim/network/engine.js';
import type { Scenario } from '../scenario/index.js';
import { createPilot, NO_RECORDING, requirePlain, outputOf, pilotWarmup, replicationOptions, type Recording, type ReplicationOutput } from './replicate.js';
import { summarise, type Results } from './results.js';
import { stabilityWarnings } from './stability.js';

export class Experiment {
  readonly scenario: Scenario;
  private readonly version: string;
  private readonly outputs: ReplicationOutput[] = [];
  private readonly recording: Recording;
  private current: Replication | undefined;
  private currentIndex = 0;
  private pilot: Replication | undefined;
  private warmupSeconds: number;
  readonly warnings: string[];

  constructor(scenario: Scenario, version: string, recording: Recording = NO_RECORDING) {
    requirePlain(scenario);
    this.scenario = scenario;
    this.version = version;
    this.recording = recording;
    this.warnings = stabilityWarnings(scenario.network);
    if (scenario.warmup.mode === 'fixed') {
      this.warmupSeconds = scenario.warmup.seconds;
    } else {
      this.warmupSeconds = 0;
      this.pilot = createPilot(scenario);
    }
  }

  get done(): boolean {
    return this.outputs.length === this.scenario.replications;
  }

  /** Completed replications plus the fraction of the running one (0..replications). */
  get progress(): number {
    const r = this.current;
    const part = r === undefined ? 0 : r.kernel.now / this.scenario.horizon;
    return this.outputs.length + part;
  }

  /** Runs for about `sliceMs` of wall time (a replication in progress is resumed next call). */
  step(sliceMs: number, nowMs: () => number): boolean {
    const deadline = nowMs() + sliceMs;
    while (!this.done && nowMs() < deadline) {
      if (this.pilot !== undefined) {
        this.pilot.advance(Infinity, deadline);
        if (!this.pilot.isFinished) break;
        this.warmupSeconds = pilotWarmup(this.pilot, this.scenario.horizon);
        this.pilot = undefined;
        continue;
      }
      if (this.current === undefined) {
        this.current = new Replication(this.scenario.network, replicationOptions(this.scenario, this.currentIndex, this.warmupSeconds, this.recording));
      }
      this.current.advance(Infinity, deadline);
      if (!this.current.isFinished) break;
      this.outputs.push(outputOf(this.scenario, this.current));
      this.current = undefined;
      this.currentIndex++;
    }
    return this.done;
  }

  /** Runs every replication to the end without yielding. */
  runToEnd(): Results {
    while (!this.step(Infinity, () => 0));
    return this.results();
  }

  /**
   * Summary over the completed replications. Before the first one completes, the running
   * replication's statistics so far stand in; either way an early summary is marked partial.
   */
  results(): Results {
    const rows = this.completedOutputs().map((o) => o.metrics);
    return summarise({
      version: this.version,
      scenario: this.scenario,
      warmupSeconds: this.warmupSeconds,
      partial: !this.done,
      warnings: this.warnings,
      perReplication: rows,
    });
  }

  /** The warm-up every replication discards (known once the pilot, if any, has run). */
  get warmup(): number {
    return this.warmupSeconds;
  }

  /** Per replication: metrics and recordings; as in `results()`, a running one stands in for none. */
  completedOutputs(): readonly ReplicationOutput[] {
    if (this.outputs.length === 0 && this.current !== undefined && this.current.kernel.now > this.warmupSeconds) {
      return [outputOf(this.scenario, this.current)];
    }
    return this.outputs;
  }
}
