// Stein's two-stage procedure: a first stage of n0 replications estimates the variance; it alone
// decides how many replications reach the precision wanted, and the final interval uses that
// first-stage variance with n0 - 1 degrees of freedom. Because the sample size depends only on the
// first stage, stopping on the data does not bias coverage (Stein 1945: exact for normal data),
// unlike "run until the half-width is small enough", which stops early on lucky draws.
//
// Replication values are not always close to normal. When they are skewed, the first stage's ten
// too often show a small spread, and Stein's interval is too narrow however many replications
// follow: on M/M/1 at utilisation 0.9 with replications of 5 relaxation times (about 1,500 per
// query), its intervals of the p99 and of the mean covered 10 and 16 of 20 seeds, at 3.0 and 3.0 %
// half-width, where the t intervals of all the replications covered 18 and 19, at 8.0 and 3.7 %
// (docs/queries.md). So the backend's final interval is the wider of the two: Stein's
// holds for normal values however n was chosen, the t interval of all n for many values whatever
// their distribution.

import { studentTQuantile } from '../../analysis/interval.js';

export interface FirstStage {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

export function firstStage(values: readonly number[]): FirstStage {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const mean = finite.reduce((s, x) => s + x, 0) / n;
  const ss = finite.reduce((s, x) => s + (x - mean) * (x - mean), 0);
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/**
 * Replications needed for a half-width of at most `halfWidth`: max(n0, ceil((t s / h)^2)), capped.
 * Infinity-free: a zero variance needs no more; an unreachable target (h = 0) asks for the cap.
 */
export function requiredReplications(stage: FirstStage, confidence: number, halfWidth: number, cap: number): number {
  if (stage.n < 2 || !Number.isFinite(stage.sd)) return stage.n;
  if (stage.sd === 0) return stage.n;
  if (!(halfWidth > 0)) return Math.max(stage.n, cap);
  const t = studentTQuantile((1 + confidence) / 2, stage.n - 1);
  return Math.min(cap, Math.max(stage.n, Math.ceil(((t * stage.sd) / halfWidth) ** 2)));
}

/** Stein's half-width over n values, with the first stage's t and spread: t_{n0-1} s0 / sqrt(n) (NaN without a first stage of 2). */
export function steinHalfWidth(stage: FirstStage, n: number, confidence: number): number {
  return stage.n < 2 ? NaN : (studentTQuantile((1 + confidence) / 2, stage.n - 1) * stage.sd) / Math.sqrt(n);
}
