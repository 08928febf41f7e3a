// The results document (`results.json`): per metric the estimate, its confidence interval over
// independent replications and the per-replication values (so stored results can serve as a
// baseline later). Values that could not be measured are null, never NaN.

import { replicationInterval } from '../analysis/interval.js';
import { scenarioFingerprint, type Scenario } from '../scenario/index.js';
import type { MetricValue, Unit } from './metrics.js';

export interface MetricSummary {
  readonly estimate: number | null;
  readonly interval: readonly [number | null, number | null];
  readonly unit: Unit;
  /** One value per replication, in replication order. */
  readonly values: readonly (number | null)[];
}

export interface Results {
  readonly apmsim: string;
  readonly scenario: string;
  /**
   * `sha256:…` of the normalized scenario without seed, replications, confidence and gates: names
   * the configuration simulated, so stored results can be recognised (see models/compare/stored.ts).
   */
  readonly fingerprint: string;
  readonly description: string;
  /** The scenario file as given (relative to the folder apmsim ran in), or the name a program gave it. */
  readonly scenarioFile: string;
  /**
   * The overrides applied to the file, in order, as applied: relative ones resolved (`path=value`),
   * and flags that change the scenario as theirs (`--seed 3` is `seed=3`).
   */
  readonly overrides: readonly string[];
  /** The command line that produced the document (`apmsim`, then its arguments), or null when a program ran it. */
  readonly command: readonly string[] | null;
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  readonly partial: boolean;
  readonly horizon: number;
  readonly warmup: { readonly mode: 'fixed' | 'auto'; readonly seconds: number };
  readonly percentiles: { readonly method: 'sketch' | 'exact'; readonly relativeError: number };
  readonly warnings: readonly string[];
  readonly metrics: Readonly<Record<string, MetricSummary>>;
}

export interface SummaryInput {
  readonly version: string;
  readonly scenario: Scenario;
  readonly warmupSeconds: number;
  readonly partial: boolean;
  readonly warnings: readonly string[];
  readonly perReplication: readonly (readonly MetricValue[])[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function summarise(input: SummaryInput): Results {
  const s = input.scenario;
  const metrics: Record<string, MetricSummary> = {};
  const first = input.perReplication[0] ?? [];
  first.forEach((m, i) => {
    const values = input.perReplication.map((row) => row[i]!.value);
    const measured = values.filter((v) => Number.isFinite(v));
    const est = measured.length > 0 ? replicationInterval(measured, s.confidence) : undefined;
    metrics[m.name] = {
      estimate: est === undefined ? null : finite(est.estimate),
      // Every metric is a non-negative quantity (times, rates, counts, fractions, money): a Student-t
      // interval over few, skewed replications can reach below 0, and cutting it there loses no coverage.
      interval: est === undefined ? [null, null] : [finite(Math.max(0, est.interval[0])), finite(est.interval[1])],
      unit: m.unit,
      values: values.map(finite),
    };
  });
  return {
    apmsim: input.version,
    scenario: s.name,
    fingerprint: scenarioFingerprint(s),
    description: s.description,
    scenarioFile: s.file,
    overrides: s.overrides,
    command: null,
    seed: s.seed,
    replications: input.perReplication.length,
    confidence: s.confidence,
    partial: input.partial,
    horizon: s.horizon,
    warmup: { mode: s.warmup.mode, seconds: input.warmupSeconds },
    percentiles: { method: s.percentiles, relativeError: s.percentiles === 'exact' ? 0 : s.sketchAccuracy },
    warnings: input.warnings,
    metrics,
  };
}
