// A comparison from start to verdict: judge every gate and SLO on the first n paired replications,
// and while some gate is inconclusive add replications in blocks up to a maximum, then decide.
// Intervals are Bonferroni-corrected over every gate and SLO *and every look the plan allows*:
// stopping as soon as nothing is inconclusive is then safe (without the look correction a single
// noisy gate was falsely REGRESSED in 7.5 % of null trials; see docs/ci.md).

import type { Unit } from '../run/metrics.js';
import type { SloSpec } from '../scenario/index.js';
import { isPercentile } from '../run/metric-interval.js';
import { pairedChange, withSketchError } from './change.js';
import { InputError } from './errors.js';
import type { Gate } from './gates.js';
import { evaluateSlo, type SloResult } from './slo.js';
import { judge, type GateResult } from './verdict.js';

/** Replications: `initial` first, then blocks of `block` while inconclusive, at most `max`. */
export interface Plan {
  readonly initial: number;
  readonly block: number;
  readonly max: number;
}

/** n0 = 20 as benchstat advises; blocks of 20 up to 200 (see docs/ci.md for the arithmetic). */
export const DEFAULT_PLAN: Plan = { initial: 20, block: 20, max: 200 };
/** Family-wise: any wrong call at most 2 %, so a false REGRESSED (one side) at most 1 %. */
export const DEFAULT_CONFIDENCE = 0.98;

/** Per metric, one value per replication 0..n-1 (null: not measured), and each metric's unit. */
export interface Sample {
  readonly values: Readonly<Record<string, readonly (number | null)[]>>;
  readonly units: Readonly<Record<string, Unit>>;
}

export interface Setup {
  readonly gates: readonly Gate[];
  readonly slos: readonly SloSpec[];
  /** Family-wise confidence over every gate and SLO. */
  readonly confidence: number;
  readonly plan: Plan;
  /** Replications available on both sides: Infinity when both are simulated, else the stored count. */
  readonly available: number;
  /** The quantile sketch's relative error of percentile metrics (the larger side's; 0 or absent: exact). */
  readonly sketchError?: number;
}

export type Outcome = 'pass' | 'fail' | 'inconclusive';

export interface Comparison {
  readonly replications: number;
  /** Replication counts at which the gates were judged. */
  readonly looks: readonly number[];
  /** Two-sided level of each interval: 1 - (1 - confidence) / ((gates + SLOs) x most looks). */
  readonly level: number;
  /** Most looks the plan allowed (the look part of the correction). */
  readonly maxLooks: number;
  readonly gates: readonly GateResult[];
  readonly slos: readonly SloResult[];
  readonly outcome: Outcome;
  /** Why replications stopped when the outcome is inconclusive. */
  readonly limit: 'max-replications' | 'stored-replications' | 'unmeasurable' | undefined;
}

/** Bonferroni: each of `tests` intervals at this level keeps the family's confidence. */
export function familyLevel(confidence: number, tests: number): number {
  return 1 - (1 - confidence) / Math.max(1, tests);
}

/** Looks a plan can take when at most `cap` replications are available. */
export function maxLooks(plan: Plan, available: number): number {
  const cap = Math.min(plan.max, available);
  const first = Math.min(plan.initial, cap);
  return 1 + Math.ceil(Math.max(0, cap - first) / plan.block);
}

/** Judges every gate and SLO on the replications both samples hold, each interval at `level`. */
export function judgeAll(setup: Setup, level: number, baseline: Sample, candidate: Sample): { gates: GateResult[]; slos: SloResult[] } {
  const eps = (metric: string) => (isPercentile(metric) ? setup.sketchError ?? 0 : 0);
  const gates = setup.gates.map((g) => judge(g, withSketchError(pairedChange(baseline.values[g.metric] ?? [], candidate.values[g.metric] ?? [], g.scale, level), g.scale, eps(g.metric))));
  const slos = setup.slos.map((s) => evaluateSlo(s, candidate.units[s.metric] ?? '', candidate.values[s.metric] ?? [], level, eps(s.metric)));
  return { gates, slos };
}

export function outcomeOf(gates: readonly GateResult[], slos: readonly SloResult[]): Outcome {
  if (gates.some((g) => g.verdict === 'regressed') || slos.some((s) => s.verdict === 'violated')) return 'fail';
  if (gates.some((g) => g.verdict === 'inconclusive') || slos.some((s) => s.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

/** Whether more replications could settle something: an inconclusive gate that is measurable. */
function wantsMore(gates: readonly GateResult[], slos: readonly SloResult[]): boolean {
  return gates.some((g) => g.verdict === 'inconclusive' && g.unmeasurable === undefined)
    || slos.some((s) => s.verdict === 'inconclusive' && s.n >= 2);
}

export function checkPlan(plan: Plan): void {
  const ok = (x: number, min: number) => Number.isInteger(x) && x >= min;
  if (!ok(plan.initial, 2)) throw new InputError(`--replications: expected a whole number of at least 2, found ${plan.initial}`);
  if (!ok(plan.block, 1)) throw new InputError(`--block: expected a whole number of at least 1, found ${plan.block}`);
  if (!ok(plan.max, plan.initial)) throw new InputError(`--max-replications: expected a whole number of at least --replications (${plan.initial}), found ${plan.max}`);
}

/**
 * Runs the plan. `sample(n)` returns both sides' values for replications 0..n-1 (the shell runs
 * only the ones it does not have yet). Deterministic: the same inputs give the same looks.
 */
export async function compareSequentially(setup: Setup, sample: (n: number) => Promise<{ baseline: Sample; candidate: Sample }>): Promise<Comparison> {
  checkPlan(setup.plan);
  const cap = Math.min(setup.plan.max, setup.available);
  if (cap < 2) throw new InputError(`a comparison needs at least 2 replications on each side; the stored results hold ${setup.available}`);
  let n = Math.min(setup.plan.initial, cap);
  const looksAllowed = maxLooks(setup.plan, cap);
  const level = familyLevel(setup.confidence, (setup.gates.length + setup.slos.length) * looksAllowed);
  const looks: number[] = [];
  for (;;) {
    const { baseline, candidate } = await sample(n);
    const { gates, slos } = judgeAll(setup, level, baseline, candidate);
    looks.push(n);
    const outcome = outcomeOf(gates, slos);
    const more = wantsMore(gates, slos);
    if (!more || n >= cap) {
      const limit = outcome !== 'inconclusive' ? undefined
        : !more ? 'unmeasurable'
          : cap < setup.plan.max ? 'stored-replications' : 'max-replications';
      return { replications: n, looks, level, maxLooks: looksAllowed, gates, slos, outcome, limit };
    }
    n = Math.min(n + setup.plan.block, cap);
  }
}
