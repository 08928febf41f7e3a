// Stein's two-stage procedure: a first stage of n0 replications estimates the variance; it alone
// decides how many replications reach the precision wanted, and the final interval uses that
// first-stage variance with n0 - 1 degrees of freedom. Because the sample size depends only on the
// first stage, stopping on the data does not bias coverage (Stein 1945: exact for normal data),
// unlike "run until the half-width is small enough", which stops early on lucky draws.

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

export interface SteinInterval {
  readonly estimate: number;
  readonly halfWidth: number;
  readonly n: number;
}

/**
 * The final interval: mean of all finite values +- t_{n0-1} s0 / sqrt(n). Needs a first stage of
 * at least 2; the values include the first stage's.
 */
export function steinInterval(stage: FirstStage, values: readonly number[], confidence: number): SteinInterval {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const estimate = finite.reduce((s, x) => s + x, 0) / n;
  if (stage.n < 2 || n < 2) return { estimate, halfWidth: Infinity, n };
  const t = studentTQuantile((1 + confidence) / 2, stage.n - 1);
  return { estimate, halfWidth: (t * stage.sd) / Math.sqrt(n), n };
}
