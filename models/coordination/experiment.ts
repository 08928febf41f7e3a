// Replications of a scenario with a timeline, objectives or coordination, one after another (each
// replication is a sequence of segments with validation between them); and the comparison of
// coordination off and on over the same replications, with common random numbers.

import { replicationInterval } from '../analysis/interval.js';
import { resolveWarmup, type Recording } from '../run/replicate.js';
import { summarise, type MetricSummary, type Results } from '../run/results.js';
import { agree } from '../run/metric-interval.js';
import { stabilityWarnings } from '../run/stability.js';
import type { Scenario } from '../scenario/index.js';
import { runCoordinatedReplication, type CoordinatedOutput } from './driver.js';
import type { Proposer } from './proposals.js';

export interface CoordinatedRunOptions {
  readonly enabled: boolean;
  readonly proposer?: Proposer;
  readonly recording: Recording;
  /** Called after each replication (and before the first) with how many are done. */
  readonly onProgress?: (done: number) => void;
  /** Checked between replications: true stops the run, whose results are then partial. */
  readonly stopped?: () => boolean;
}

export interface CoordinatedRun {
  readonly results: Results;
  readonly outputs: readonly CoordinatedOutput[];
}

export async function runCoordinatedExperiment(s: Scenario, version: string, o: CoordinatedRunOptions): Promise<CoordinatedRun> {
  const warmup = resolveWarmup(s);
  const outputs: CoordinatedOutput[] = [];
  o.onProgress?.(0);
  for (let i = 0; i < s.replications; i++) {
    // Yield between replications so a Ctrl-C is seen.
    await new Promise((r) => setImmediate(r));
    if (o.stopped?.() === true) break;
    const out = await runCoordinatedReplication(s, i, warmup, {
      enabled: o.enabled, recording: o.recording, ...(o.proposer === undefined ? {} : { proposer: o.proposer }), ...(o.stopped === undefined ? {} : { stopped: o.stopped }),
    });
    if (out === undefined) break;
    outputs.push(out);
    o.onProgress?.(i + 1);
  }
  const results = summarise({
    version, scenario: s, warmupSeconds: warmup, partial: outputs.length < s.replications,
    warnings: [...stabilityWarnings(s.network), ...new Set(outputs.flatMap((x) => x.notes))],
    perReplication: outputs.map((x) => x.metrics),
  });
  return { results, outputs };
}

/** An estimate and its interval; without one, `note` says why (as in results.json). */
export interface PolicyFigure {
  readonly estimate: number | null;
  readonly interval: readonly [number, number] | null;
  readonly note?: string;
}

/** One metric off and on: each side's estimate and interval, and the paired difference (on - off). */
export interface PolicyDifference {
  readonly metric: string;
  readonly off: PolicyFigure;
  readonly on: PolicyFigure;
  /** The interval is null with fewer than two pairs, or when every pair differs by the same amount. */
  readonly difference: PolicyFigure;
  /** Replications measured on both sides. */
  readonly pairs: number;
}

export interface PolicyComparison {
  readonly format: 'apmsim-coordination-comparison/1';
  readonly scenario: string;
  readonly seed: number;
  readonly confidence: number;
  readonly replications: number;
  readonly partial: boolean;
  readonly pairing: string;
  readonly metrics: readonly PolicyDifference[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Compares the objectives' metrics (and the headline latency) of two runs of the same replications. */
export function comparePolicies(s: Scenario, off: Results, on: Results): PolicyComparison {
  const objectives = s.coordination?.objectives ?? [];
  const names = [
    ...objectives.flatMap((o) => [`objective.${o.name}.violated_share`, `objective.${o.name}.violation_time`]),
    ...s.network.classes.map((c) => `class.${c.name}.e2e.p95`),
    ...s.network.classes.map((c) => `class.${c.name}.rejected.fraction`),
  ].filter((m) => off.metrics[m] !== undefined && on.metrics[m] !== undefined);
  const metrics = names.map((metric): PolicyDifference => {
    const a = off.metrics[metric]!, b = on.metrics[metric]!;
    const diffs: number[] = [];
    for (let i = 0; i < Math.min(a.values.length, b.values.length); i++) {
      const x = a.values[i], y = b.values[i];
      if (x !== null && x !== undefined && y !== null && y !== undefined) diffs.push(y - x);
    }
    const d = diffs.length > 0 ? replicationInterval(diffs, s.confidence) : undefined;
    const side = (m: MetricSummary): PolicyFigure => ({ estimate: m.estimate, interval: m.interval, ...(m.note === undefined || m.interval !== null ? {} : { note: m.note }) });
    const why = diffs.length < 2 ? 'fewer than two pairs: no interval' : agree(diffs) ? 'no sampling variability: every pair differs by the same amount' : undefined;
    return {
      metric,
      off: side(a),
      on: side(b),
      difference: { estimate: d === undefined ? null : finite(d.estimate), interval: why === undefined && d !== undefined && Number.isFinite(d.halfWidth) ? d.interval : null, ...(why === undefined ? {} : { note: why }) },
      pairs: diffs.length,
    };
  });
  return {
    format: 'apmsim-coordination-comparison/1', scenario: s.name, seed: s.seed, confidence: s.confidence,
    replications: Math.min(off.replications, on.replications), partial: off.partial || on.partial,
    pairing: 'common random numbers: replication i of both policies uses the same seed and random streams, and the same timeline',
    metrics,
  };
}
