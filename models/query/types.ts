// The performance interface: a counterfactual query (a scenario, optionally a variant of it, the
// metrics wanted, at what confidence and precision, within what time) and its answers, each an
// interval at a stated confidence from a named backend that says why it answered as it did.

import type { Unit } from '../run/metrics.js';
import type { Scenario } from '../scenario/index.js';

export type BackendName = 'analytic' | 'sampled' | 'learned';
export type BackendChoice = BackendName | 'auto';

/** A scenario file's text and a reader for the files it names, resolved beside it. */
export interface ScenarioSource {
  readonly file: string;
  readonly text: string;
  readonly readFile: (path: string) => string;
}

export interface Query {
  /** The scenario asked about, with the query's overrides applied. */
  readonly scenario: Scenario;
  /** The counterfactual: when present, every answer is `versus - scenario` (paired). */
  readonly versus: Scenario | undefined;
  readonly metrics: readonly string[];
  /** Unit of every metric the scenario reports (and of the effects agent.<a>.to.<b>). */
  readonly units: ReadonlyMap<string, Unit>;
  readonly confidence: number;
  /** Relative half-width wanted (of the value, or for a difference of the scenario's value). */
  readonly precision: number;
  /** Wall-clock budget in milliseconds; Infinity for none. */
  readonly budgetMs: number;
  /** The agent asked about alone (its own model M(I, P)), or undefined for the whole network. */
  readonly isolated: string | undefined;
  /** Where the scenarios came from: learned models identify knobs and scenarios from it. */
  readonly origin: QueryOrigin | undefined;
}

export interface QueryOrigin {
  readonly source: ScenarioSource;
  /** Absolute `path=value` overrides giving `scenario` (relative ones already resolved). */
  readonly set: readonly string[];
  /** Overrides giving `versus` (including `set`), or undefined. */
  readonly versus: readonly string[] | undefined;
}

interface AnswerBase {
  readonly metric: string;
  readonly unit: Unit;
  /** 'value': the metric of the scenario; 'difference': counterfactual minus scenario. */
  readonly of: 'value' | 'difference';
  readonly confidence: number;
  readonly backend: BackendName;
  /** Why this backend, how the interval was made, or why there is no estimate. */
  readonly reason: string;
  readonly elapsedMs: number;
}

export interface EstimateAnswer extends AnswerBase {
  readonly kind: 'estimate';
  readonly estimate: number;
  readonly interval: readonly [number, number];
  /** Relative half-width reached, comparable with Query.precision. */
  readonly precision: number;
  /** True when the interval is a point: the value is exact (up to rounding). */
  readonly exact: boolean;
  /** Replications behind the estimate (sampled), per side for a difference. */
  readonly replications?: number;
  /**
   * Sampled: every replication gave the same value (or, for a difference, the same difference), up
   * to rounding, and no sketch error applies: the interval is the point, with no sampling error
   * measured, not a precision reached. Absent otherwise.
   */
  readonly sameInEveryReplication?: true;
}

export interface UnstableAnswer extends AnswerBase {
  readonly kind: 'unstable';
}

export interface DeclinedAnswer extends AnswerBase {
  readonly kind: 'declined';
}

export type Answer = EstimateAnswer | UnstableAnswer | DeclinedAnswer;

/** Relative half-width of [lo, hi] against a reference value (Infinity when that is 0). */
export function relativeHalfWidth(lo: number, hi: number, reference: number): number {
  const half = (hi - lo) / 2;
  if (half === 0) return 0;
  return Math.abs(reference) > 0 ? half / Math.abs(reference) : Infinity;
}
