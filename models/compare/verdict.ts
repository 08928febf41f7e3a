// The verdict on one gated metric: where its change interval lies relative to the tolerance band
// [-tol, +tol], oriented so that positive means worse. Criterion's rule read as non-inferiority:
// only an interval entirely beyond +tol is a regression, so noise alone cannot fail a build.

import type { Change } from './change.js';
import type { Gate } from './gates.js';

export type Verdict = 'regressed' | 'improved' | 'equivalent' | 'not-worse' | 'inconclusive';

export interface GateResult {
  readonly gate: Gate;
  readonly change: Change;
  readonly verdict: Verdict;
  /** Why a verdict is inconclusive although more replications cannot help (else undefined). */
  readonly unmeasurable: string | undefined;
  /** The change oriented so that positive is worse, on the compared scale, and its band edge. */
  readonly worseLower: number;
  readonly worseUpper: number;
  readonly band: number;
}

/** Band edge on the compared scale: ln(1 + tol) for ratios, tol for differences. */
export function bandOf(gate: Gate): number {
  return gate.scale === 'relative' ? Math.log1p(gate.tolerance) : gate.tolerance;
}

/** First matching row wins: regressed, improved, equivalent, not worse; else inconclusive. */
export function classify(worseLower: number, worseUpper: number, band: number): Verdict {
  if (worseLower > band) return 'regressed';
  if (worseUpper < -band) return 'improved';
  if (worseLower >= -band && worseUpper <= band) return 'equivalent';
  if (worseUpper <= band) return 'not-worse';
  return 'inconclusive';
}

export function judge(gate: Gate, change: Change): GateResult {
  const flip = gate.worse === 'lower';
  const worseLower = flip ? -change.upper : change.lower;
  const worseUpper = flip ? -change.lower : change.upper;
  const band = bandOf(gate);
  let unmeasurable: string | undefined;
  if (change.undefinedRatios > 0) {
    unmeasurable = `${change.undefinedRatios} replication(s) measured 0 on one side only, so the ratio is undefined`;
  } else if (change.n < 2) {
    unmeasurable = `only ${change.n} replication(s) measured it on both sides`;
  }
  const verdict = unmeasurable !== undefined || !(worseLower <= worseUpper) ? 'inconclusive' : classify(worseLower, worseUpper, band);
  return { gate, change, verdict, unmeasurable, worseLower, worseUpper, band };
}

/** The change as people read it (candidate vs baseline): a relative change, or a difference. */
export function displayChange(gate: Gate, c: Change): { estimate: number; lower: number; upper: number } {
  if (gate.scale === 'absolute') return { estimate: c.mean, lower: c.lower, upper: c.upper };
  return { estimate: Math.expm1(c.mean), lower: Math.expm1(c.lower), upper: Math.expm1(c.upper) };
}
