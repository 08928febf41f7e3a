// The two sides of `apmsim compare`: each a scenario file (simulated now) or a stored results.json
// (its per-replication values). Scenario sides share the seed so replication i of both uses the
// same random streams; their replications are run in blocks, each only once.

import type { Sample } from '../models/compare/compare.js';
import { parseStoredResults } from '../models/compare/stored.js';
import type { MetricValue, Unit } from '../models/run/metrics.js';
import { resolveWarmup, runReplication } from '../models/run/replicate.js';
import type { Results } from '../models/run/results.js';
import { scenarioFingerprint, type Scenario } from '../models/scenario/index.js';
import { UsageError } from './errors.js';
import { readScenario } from './read-scenario.js';
import { readText } from './read-text.js';
import type { ReplicationJob } from './replication-pool.js';
import { Interrupted } from './errors.js';

export type Side =
  | { readonly kind: 'scenario'; readonly file: string; readonly scenario: Scenario; readonly explicitSeed: boolean }
  | { readonly kind: 'results'; readonly file: string; readonly results: Results };

const isStored = (file: string, text: string): boolean => file.endsWith('.json') || text.trimStart().startsWith('{');

/**
 * Reads one side. `common` overrides (--set, --seed, ...) apply to scenario sides only; `own`
 * overrides (--baseline-set / --candidate-set) cannot change stored results.
 */
export function readSide(file: string, common: readonly string[], own: readonly string[], label: string): Side {
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

/** The replications of one side run so far, extended on demand. */
export class SideSamples {
  readonly side: Side;
  private readonly rows: MetricValue[][] = [];
  private warmup: number | undefined;

  constructor(side: Side) {
    this.side = side;
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
    return Array.from({ length: Math.max(0, n - this.rows.length) }, (_, i) => ({ key, scenario, index: this.rows.length + i, warmup }));
  }

  /** Appends the rows of the jobs `jobsUpTo` returned; a missing row means the run was interrupted. */
  append(rows: readonly (MetricValue[] | undefined)[], signal: AbortSignal): void {
    for (const r of rows) {
      if (r === undefined) throw new Interrupted('compare', signal);
      this.rows.push(r);
    }
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
