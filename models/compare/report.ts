// The comparison as a document (`--json`), the one source every output format reads: sides,
// pairing, the plan's looks, and per gate and SLO the numbers behind the verdict. Non-finite
// numbers become null.

import type { ProbableCause } from '../advisor/agent-time.js';
import type { LatencyOfSides } from './latency.js';
import type { Unit } from '../run/metrics.js';
import type { Comparison, Outcome } from './compare.js';
import type { Scale, Worse } from './directions.js';
import type { SloVerdict } from './slo.js';
import { displayChange, type Verdict } from './verdict.js';

export interface SideSummary {
  /** `scenario`: simulated now; `results`: read from a stored results.json. */
  readonly source: 'scenario' | 'results';
  readonly file: string;
  readonly scenario: string;
  readonly fingerprint: string;
  readonly seed: number;
  readonly apmsim: string;
  /** The overrides applied to the side's scenario (for stored results, those they record; null if they record none). */
  readonly overrides: readonly string[] | null;
}

export type Pairing = 'common-random-numbers' | 'independent';

export interface GateRow {
  readonly metric: string;
  readonly unit: Unit;
  readonly worse: Worse;
  readonly scale: Scale;
  readonly tolerance: number;
  readonly n: number;
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** Relative change (scale relative) or difference (absolute), candidate vs baseline. */
  readonly change: number | null;
  /** An infinite end is null; the whole is null when every pair changed by the same amount (no sampling variability, as `note` says). */
  readonly interval: readonly [number | null, number | null] | null;
  readonly correlation: number | null;
  readonly verdict: Verdict;
  readonly note: string | null;
  /**
   * The metric's value in replications 0..n-1 of each side (null: not measured), paired by index:
   * the report draws each pair's change as a dot. Absent in documents written before apmsim kept them.
   */
  readonly values?: { readonly baseline: readonly (number | null)[]; readonly candidate: readonly (number | null)[] };
}

export interface SloRow {
  readonly metric: string;
  readonly bound: 'max' | 'min';
  readonly limit: number;
  readonly text: string;
  readonly unit: Unit;
  readonly n: number;
  readonly estimate: number | null;
  /** An infinite end is null; the whole is null when every replication gave the same value (no sampling variability). */
  readonly interval: readonly [number | null, number | null] | null;
  readonly verdict: SloVerdict;
}

export interface CompareDocument {
  readonly apmsim: string;
  /** The command line that ran the comparison, or null when a program ran it. */
  readonly command: readonly string[] | null;
  readonly outcome: Outcome;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
  readonly pairing: Pairing;
  readonly replications: number;
  readonly looks: readonly number[];
  readonly maxLooks: number;
  /** Family-wise confidence, and the level of each interval after the Bonferroni split. */
  readonly confidence: number;
  readonly level: number;
  /** Why an inconclusive comparison stopped, or null. */
  readonly limit: Comparison['limit'] | null;
  readonly gates: readonly GateRow[];
  readonly slos: readonly SloRow[];
  readonly warnings: readonly string[];
  /** When a gate regressed: the agents whose time per request changed most (models/advisor/agent-time.ts). */
  readonly probableCause?: ProbableCause;
  /** Whatever the outcome: per agent on both sides, the paired change of its wait and service per request (same computation). */
  readonly agents?: ProbableCause;
  /** Both sides' end-to-end latency distributions, or why they are not known. */
  readonly latency?: LatencyOfSides;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export const SAME_CHANGE_NOTE = 'no sampling variability: the same change in every pair';
/** An SLO row's interval cell when every replication gave the same value. */
export const NO_VARIABILITY_CELL = '— (no sampling variability)';

export function compareDocument(input: {
  readonly apmsim: string;
  readonly command: readonly string[] | null;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
  readonly confidence: number;
  readonly comparison: Comparison;
  readonly units: Readonly<Record<string, Unit>>;
  readonly warnings: readonly string[];
  /** Per metric, the values of replications 0..n-1 of each side, kept per gate for the report. */
  readonly samples?: { readonly baseline: Readonly<Record<string, readonly (number | null)[]>>; readonly candidate: Readonly<Record<string, readonly (number | null)[]>> };
}): CompareDocument {
  const c = input.comparison;
  const gates = c.gates.map((g): GateRow => {
    const shown = displayChange(g.gate, g.change);
    const notes = [
      g.change.sameInEveryPair ? SAME_CHANGE_NOTE : undefined,
      g.unmeasurable,
      g.change.missing > 0 ? `${g.change.missing} replication(s) without a value on a side were left out` : undefined,
    ].filter((x): x is string => x !== undefined);
    return {
      metric: g.gate.metric, unit: input.units[g.gate.metric] ?? '', worse: g.gate.worse, scale: g.gate.scale, tolerance: g.gate.tolerance,
      n: g.change.n, baseline: num(g.change.baselineMean), candidate: num(g.change.candidateMean),
      change: num(shown.estimate), interval: g.change.sameInEveryPair ? null : [num(shown.lower), num(shown.upper)], correlation: num(g.change.correlation),
      verdict: g.verdict, note: notes.length > 0 ? notes.join('; ') : null,
      ...(input.samples === undefined ? {} : { values: pairedValues(input.samples, g.gate.metric, c.replications) }),
    };
  });
  const slos = c.slos.map((s): SloRow => ({
    metric: s.slo.metric, bound: s.slo.bound, limit: s.slo.limit, text: s.slo.text, unit: s.unit, n: s.n,
    estimate: num(s.mean), interval: s.sameInEveryReplication ? null : [num(s.lower), num(s.upper)], verdict: s.verdict,
  }));
  return {
    apmsim: input.apmsim, command: input.command, outcome: c.outcome, baseline: input.baseline, candidate: input.candidate,
    pairing: input.baseline.seed === input.candidate.seed ? 'common-random-numbers' : 'independent',
    replications: c.replications, looks: c.looks, maxLooks: c.maxLooks, confidence: input.confidence, level: c.level,
    limit: c.limit ?? null, gates, slos, warnings: input.warnings,
  };
}

function pairedValues(
  samples: NonNullable<Parameters<typeof compareDocument>[0]['samples']>, metric: string, n: number,
): NonNullable<GateRow['values']> {
  const take = (v: readonly (number | null)[] | undefined) => Array.from({ length: n }, (_, i) => { const x = v?.[i]; return x === undefined || x === null || !Number.isFinite(x) ? null : x; });
  return { baseline: take(samples.baseline[metric]), candidate: take(samples.candidate[metric]) };
}

/** One line saying what decided the outcome, e.g. "FAIL: e2e.p95 regressed, slo e2e.p99 <= 5s violated". */
export function outcomeLine(d: CompareDocument): string {
  const regressed = d.gates.filter((g) => g.verdict === 'regressed').map((g) => `${g.metric} regressed`);
  const violated = d.slos.filter((s) => s.verdict === 'violated').map((s) => `SLO ${sloLabel(s)} violated`);
  const open = [
    ...d.gates.filter((g) => g.verdict === 'inconclusive').map((g) => g.metric),
    ...d.slos.filter((s) => s.verdict === 'inconclusive').map((s) => `SLO ${sloLabel(s)}`),
  ];
  if (d.outcome === 'fail') return `FAIL: ${[...regressed, ...violated].join(', ')}`;
  if (d.outcome === 'inconclusive') return `INCONCLUSIVE after ${d.replications} replications: ${open.join(', ')}`;
  return `PASS: no gated metric regressed${d.slos.length > 0 ? ' and every SLO is met' : ''}`;
}

export function sloLabel(s: SloRow): string {
  return `${s.metric} ${s.bound === 'max' ? '<=' : '>='} ${s.text}`;
}

/** Verdict words as reports print them. */
export const VERDICT_WORDS: Readonly<Record<Verdict | SloVerdict, string>> = {
  regressed: 'REGRESSED', improved: 'improved', equivalent: 'equivalent', 'not-worse': 'not worse',
  inconclusive: 'inconclusive', met: 'met', violated: 'VIOLATED',
};
