// The two sides of `apmsim compare`: each a scenario file (simulated now) or a stored results.json
// (its per-replication values). Scenario sides share the seed so replication i of both uses the
// same random streams; their replications are run in blocks, each only once.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Sample } from '../models/compare/compare.js';
import { parseStoredResults } from '../models/compare/stored.js';
import type { MetricValue, Unit } from '../models/run/metrics.js';
import { resolveWarmup, runReplication, type Recording, type ReplicationOutput } from '../models/run/replicate.js';
import type { Results } from '../models/run/results.js';
import { scenarioFingerprint, type Scenario } from '../models/scenario/index.js';
import { UsageError } from './errors.js';
import { readScenario } from './read-scenario.js';
import { readText } from './read-text.js';
import { resultsFileOf } from '../reports/results-file.js';
import type { ReplicationJob } from './replication-pool.js';
import { DIGEST_LEVELS, replicationDigest } from '../models/run/latency-digest.js';
import { REQUEST_ROWS_BUDGET } from '../models/run/footprint.js';
import { bytesPerRequestRow, expectedRequests } from '../models/run/footprint.js';
import { ALL_CLASSES, type LatencyQuantiles } from '../models/run/latency-digest.js';
import { Interrupted } from './errors.js';

export type Side =
  | { readonly kind: 'scenario'; readonly file: string; readonly scenario: Scenario; readonly explicitSeed: boolean }
  | { readonly kind: 'results'; readonly file: string; readonly results: Results };

const isStored = (file: string, text: string): boolean => file.endsWith('.json') || text.trimStart().startsWith('{');

/**
 * Reads one side. `common` overrides (--set, --seed, ...) apply to scenario sides only; `own`
 * overrides (--baseline-set / --candidate-set) cannot change stored results.
 */
export function readSide(path: string, common: readonly string[], own: readonly string[], label: string): Side {
  const file = resultsFileOf(path);
  const text = readText(file, `the ${label}`);
  if (isStored(file, text)) {
    if (own.length > 0) throw new UsageError(`--${label}-set: expected a scenario ${label} to change, found stored results ${file} (they cannot be re-simulated)`);
    return { kind: 'results', file, results: parseStoredResults(file, text) };
  }
  const overrides = [...common, ...own];
  return { kind: 'scenario', file, scenario: readScenario(file, overrides), explicitSeed: overrides.some((o) => /^\s*seed\s*=/.test(o)) };
}

export function seedOf(side: Side): number {
  return side.kind === 'scenario' ? side.scenario.seed : side.results.seed;
}

export function fingerprintOf(side: Side): string {
  return side.kind === 'scenario' ? scenarioFingerprint(side.scenario) : side.results.fingerprint;
}

/**
 * A scenario side without an explicit seed takes the other side's seed, so that replication i of
 * both shares its random numbers (common random numbers). Returns a note when it changed a seed.
 */
export function alignSeed(side: Side, other: Side, label: string): { side: Side; note: string | undefined } {
  if (side.kind !== 'scenario' || side.explicitSeed || side.scenario.seed === seedOf(other)) return { side, note: undefined };
  const seed = seedOf(other);
  const note = `the ${label} runs with seed ${seed} (not its own ${side.scenario.seed}) so that its replications share random numbers with the other side's; set --${label}-set seed=${side.scenario.seed} to keep its own`;
  return { side: { ...side, scenario: { ...side.scenario, seed } }, note };
}

/** Metric names and units a side reports: stored ones, or those of a replication cut to no time at all. */
export function catalogueOf(side: Side): Record<string, Unit> {
  if (side.kind === 'results') return Object.fromEntries(Object.entries(side.results.metrics).map(([n, m]) => [n, m.unit]));
  const probe: Scenario = { ...side.scenario, horizon: Number.MIN_VALUE, warmup: { mode: 'fixed', seconds: 0 } };
  return Object.fromEntries(runReplication(probe, 0, 0).map((m) => [m.name, m.unit]));
}

const whole = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The latency distribution's row for every class together: the all-classes row, or the only class's. */
function allRequests(rows: readonly LatencyQuantiles[]): LatencyQuantiles | undefined {
  return rows.find((r) => r.cls === ALL_CLASSES) ?? (rows.length === 1 ? rows[0] : undefined);
}

/** Latency quantiles (at DIGEST_LEVELS) per replication of stored results, from latency.arrow beside them; or why there are none. */
async function storedQuantiles(file: string, results: Results): Promise<(Float64Array | undefined)[] | string> {
  const arrow = join(dirname(file), 'latency.arrow');
  if (!existsSync(arrow)) return `${file} has no latency.arrow beside it (apmsim run --out writes it)`;
  // apache-arrow is loaded only for a stored side with a latency distribution to read.
  const [{ readArrow }, { digestFromTable }, { resultsFingerprint }] = await Promise.all([
    import('../reports/arrow/columns.js'), import('../reports/arrow/latency.js'), import('../reports/arrow/provenance.js'),
  ]);
  const table = readArrow(readFileSync(arrow), arrow);
  if (table.schema.metadata.get('apmsim.results') !== resultsFingerprint(results)) return `${arrow} belongs to another run than ${file}`;
  const digest = digestFromTable(table, arrow);
  if (digest.levels.length !== DIGEST_LEVELS.length || digest.levels.some((p, i) => p !== DIGEST_LEVELS[i])) return `${arrow} has other probability levels than this apmsim's`;
  return Array.from({ length: results.replications }, (_, r) => allRequests(digest.rows.filter((row) => row.replication === r))?.e2e);
}

/** The replications of one side run so far, extended on demand. */
export class SideSamples {
  readonly side: Side;
  private readonly rows: MetricValue[][] = [];
  /** Per replication, the latency quantiles of its requests at DIGEST_LEVELS (undefined: none completed); or why they are not recorded. */
  private readonly quantiles: (Float64Array | undefined)[] | string | 'stored';
  private readonly recording: Recording | undefined;
  private warmup: number | undefined;

  /**
   * `latency`: record each replication's requests for the latency distribution, when the rows of
   * the replications run at once (`heldAtOnce`, both sides of a block: a block's rows come back
   * together before they are reduced to quantiles) fit the recording budget of `run --out`.
   */
  constructor(side: Side, latency: { readonly heldAtOnce: number } | false = false) {
    this.side = side;
    if (latency === false) {
      this.quantiles = 'the comparison was run without --json or --report';
    } else if (side.kind === 'results') {
      this.quantiles = 'stored';
    } else {
      const s = side.scenario;
      const requests = expectedRequests({ ...s, replications: 1 });
      const bytes = requests * bytesPerRequestRow(s.network) * latency.heldAtOnce;
      this.recording = bytes <= REQUEST_ROWS_BUDGET ? { timeseriesWindow: 0, traceRequests: true } : undefined;
      this.quantiles = this.recording !== undefined ? [] : Number.isNaN(requests)
        ? `${side.file}: the number of requests a replication has is not known before it runs (sessions without think time)`
        : `${side.file}: about ${whole(requests)} requests per replication, whose rows for the ${latency.heldAtOnce} replications run at once would take about ${whole(bytes / 1e6)} MB (recording budget ${whole(REQUEST_ROWS_BUDGET / 1e6)} MB)`;
    }
  }

  /** Replications available without limit for scenarios, the stored count for results. */
  get available(): number {
    return this.side.kind === 'scenario' ? Infinity : this.side.results.replications;
  }

  /** Jobs that bring this side to n replications (none for stored results). */
  jobsUpTo(n: number, key: string): ReplicationJob[] {
    if (this.side.kind !== 'scenario') return [];
    const scenario = this.side.scenario;
    this.warmup ??= resolveWarmup(scenario);
    const warmup = this.warmup;
    const recording = this.recording === undefined ? {} : { recording: this.recording };
    return Array.from({ length: Math.max(0, n - this.rows.length) }, (_, i) => ({ key, scenario, index: this.rows.length + i, warmup, ...recording }));
  }

  /** Appends the outputs of the jobs `jobsUpTo` returned; a missing one means the run was interrupted. */
  append(outputs: readonly (ReplicationOutput | undefined)[], signal: AbortSignal): void {
    for (const o of outputs) {
      if (o === undefined) throw new Interrupted('compare', signal);
      if (this.side.kind === 'scenario' && Array.isArray(this.quantiles)) {
        // The request rows are reduced to their quantiles at once: a block's rows are not all held.
        const classes = this.side.scenario.network.classes.map((c) => c.name);
        this.quantiles.push(o.requests === undefined ? undefined : allRequests(replicationDigest(this.rows.length, o.requests, classes))?.e2e);
      }
      this.rows.push(o.metrics);
    }
  }

  /** Latency quantiles of replications 0..n-1, or why they are not known. */
  async latency(n: number): Promise<Float64Array[] | string> {
    const all = this.quantiles === 'stored' && this.side.kind === 'results' ? await storedQuantiles(this.side.file, this.side.results) : this.quantiles;
    if (typeof all === 'string') return all;
    const q = all.slice(0, n);
    if (q.length < n || q.some((x) => x === undefined)) return `${this.side.file}: a replication completed no request after warm-up`;
    return q as Float64Array[];
  }

  sample(n: number): Sample {
    if (this.side.kind === 'results') {
      const metrics = this.side.results.metrics;
      return {
        values: Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.values.slice(0, n)])),
        units: Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.unit])),
      };
    }
    const values: Record<string, (number | null)[]> = {};
    const units: Record<string, Unit> = {};
    for (const row of this.rows.slice(0, n)) {
      for (const m of row) {
        (values[m.name] ??= []).push(Number.isFinite(m.value) ? m.value : null);
        units[m.name] = m.unit;
      }
    }
    return { values, units };
  }

  /** The warm-up the scenario's replications discard (resolved on first use). */
  get warmupSeconds(): number | undefined {
    return this.warmup;
  }
}

/** The quantile sketch's relative error of a side's percentiles (0 when they are exact). */
export function sketchErrorOf(side: Side): number {
  if (side.kind === 'results') return side.results.percentiles?.relativeError ?? 0;
  return side.scenario.percentiles === 'exact' ? 0 : side.scenario.sketchAccuracy;
}
