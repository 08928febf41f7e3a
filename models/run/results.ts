// The results document (`results.json`): per metric the estimate, its confidence interval over
// independent replications and the per-replication values (so stored results can serve as a
// baseline later). Values that could not be measured are null, never NaN.

import { scenarioFingerprint, type Scenario } from '../scenario/index.js';
import { agree, metricInterval } from './metric-interval.js';
import { controlledInterval, controlsOf } from './control-variates.js';
import { replicationLengthWarning } from './replication-length-warning.js';
import { startBiasWarning } from './start-bias-warning.js';
import { percentileOf, type MetricValue, type Unit } from './metrics.js';
import { PooledDistribution, type Distribution } from '../../sim/stats/quantile-sketch.js';

export interface MetricSummary {
  /**
   * The mean of the replications' values; for a percentile, the percentile of all their values
   * together (sectioning); for a mean with control variates, the mean of the corrected values.
   */
  readonly estimate: number | null;
  /**
   * [lower, upper] at the run's confidence, both finite; null when there is none: fewer than two
   * replications measured the metric, or they all gave the same value (`note` says which).
   */
  readonly interval: readonly [number, number] | null;
  /** Why there is no interval, or what the interval takes into account beyond the replications' spread. */
  readonly note?: string;
  readonly unit: Unit;
  /** One value per replication, in replication order. */
  readonly values: readonly (number | null)[];
}

/** What made a document: the scenario and its configuration, and how it was run (results.json, sweep.json). */
export interface RunProvenance {
  readonly apmsim: string;
  readonly scenario: string;
  /**
   * `sha256:…` of the normalized scenario without seed, replications, confidence and gates: names
   * the configuration simulated, so stored results can be recognised (see models/compare/stored.ts).
   */
  readonly fingerprint: string;
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
}

export interface Results extends RunProvenance {
  readonly description: string;
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
  const first = input.perReplication[0] ?? [];
  const columns = first.map((m, i) => ({ name: m.name, unit: m.unit, values: input.perReplication.map((row) => row[i]!.value), cells: input.perReplication.map((row) => row[i]!) }));
  const replications = input.perReplication.length;
  const replay = replications >= 2 && columns.some((c) => c.values.some(Number.isFinite)) && columns.every((c) => agree(c.values));
  const setting = { confidence: s.confidence, sketchError: s.percentiles === 'exact' ? 0 : s.sketchAccuracy, replay };
  const controls = controlsOf(s);
  const column = new Map(columns.map((c) => [c.name, c.values]));
  const measured = (r: number, metric: string) => column.get(metric)?.[r] ?? NaN;
  const metrics: Record<string, MetricSummary> = {};
  const pooled = new Map<Distribution, PooledDistribution>();
  for (const c of columns) {
    const own = replay ? undefined : controls.get(c.name);
    const { estimate, interval, note } = (own === undefined ? undefined : controlledInterval(c.values, own, measured, s.confidence))
      ?? metricInterval(c.name, c.values.filter((v) => Number.isFinite(v)), setting, pooledPercentile(c.name, c.cells, pooled));
    metrics[c.name] = { estimate: estimate === null ? null : finite(estimate), interval, ...(note === undefined ? {} : { note }), unit: c.unit, values: c.values.map(finite) };
  }
  const warnings = [...input.warnings];
  const startBias = startBiasWarning(s, input.warmupSeconds, metrics['e2e.mean']?.interval ?? null);
  if (startBias !== undefined) warnings.push(startBias);
  const short = replications > 1 && !replay ? replicationLengthWarning(s, input.warmupSeconds) : undefined;
  if (short !== undefined) warnings.push(short);
  if (replications === 1) warnings.push('one replication: estimates without intervals (run at least 2 replications, e.g. --replications 10, for intervals)');
  if (replay) warnings.push(`the ${replications} replications are identical (a deterministic replay: no random draw changes from one to the next), so no metric has an interval; to see how much the figures vary, resample the trace (arrivals: { process: trace, …, resample: { block: 10min } }: each replication replays blocks drawn from it) or give service times a distribution`);
  return {
    apmsim: input.version,
    scenario: s.name,
    fingerprint: scenarioFingerprint(s),
    description: s.description,
    scenarioFile: s.file,
    overrides: s.overrides,
    command: null,
    seed: s.seed,
    replications,
    confidence: s.confidence,
    partial: input.partial,
    horizon: s.horizon,
    warmup: { mode: s.warmup.mode, seconds: input.warmupSeconds },
    percentiles: { method: s.percentiles, relativeError: s.percentiles === 'exact' ? 0 : s.sketchAccuracy },
    warnings,
    metrics,
  };
}

/**
 * A percentile of all the replications' values together, from the distributions the replications
 * that measured it kept; undefined for another metric, or when one of them kept none. `pooled`
 * holds each family's union (p50, p95 and p99 share one), ordered once.
 */
function pooledPercentile(metric: string, cells: readonly MetricValue[], pooled: Map<Distribution, PooledDistribution>): number | undefined {
  const p = percentileOf(metric);
  const parts = cells.filter((c) => Number.isFinite(c.value)).map((c) => c.distribution);
  if (p === undefined || parts.length === 0 || !parts.every((d) => d !== undefined)) return undefined;
  let union = pooled.get(parts[0]!);
  if (union === undefined) pooled.set(parts[0]!, union = new PooledDistribution(parts as Distribution[]));
  return union.quantile(p.level);
}

/** A metric's interval as two ends, both null without an interval (for tables and charts). */
export const intervalEnds = (m: MetricSummary): readonly [number | null, number | null] => m.interval ?? [null, null];

/**
 * The bounds a decision may use: the interval, or — for a metric the same in every replication, which
 * has no interval because there is no spread to measure — the point it always took; null otherwise.
 */
export const decisionBounds = (m: MetricSummary): readonly [number, number] | null =>
  m.interval ?? (m.estimate !== null && m.note?.startsWith('no sampling variability') === true ? [m.estimate, m.estimate] : null);
