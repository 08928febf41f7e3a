// Figures from many replications read from all their values together, each given as one pseudo-value
// per replication: their mean is the figure, their spread its sampling error (the figure linearised,
// each replication a cluster of correlated values), so the backend's t interval and Stein's rule apply
// as to plain replication values, and a difference pairs them replication by replication.
//
// The mean of the replications' own figures is not an estimate of the figure once replications are
// many and short against the queue's relaxation time: it converges to the wrong value. On M/M/1 at
// utilisation 0.9 with replications of 900 s (5 relaxation times), a thousand or more of them, the
// mean of their own p99s read 38 % low and of their own mean times 1.5 % low, with intervals that
// covered neither (docs/queries.md).
// - A mean time is a ratio (the requests' total time over their number): all replications' totals
//   over all their numbers, and the ratio estimator's linearisation.
// - A percentile: the percentile of all values together. Its error is that of the share of values
//   below it, divided by the density there (Bahadur); the share's variance comes from the
//   replications' own shares (Woodruff 1952, a ratio estimator as replications hold different numbers
//   of values), and the density from the pooled values over Hall & Sheather's span of levels: local,
//   as Bahadur's density is. (Woodruff's span, the interval's own, reaches the largest value when a
//   few replications disagree much, and made a p95 from 4 of them [2, 122] around 62 s.)

import { normalDensity, normalQuantile } from '../../analysis/interval.js';
import { PooledDistribution, type Distribution } from '../../../sim/stats/quantile-sketch.js';

/**
 * Pseudo-values y_i = R̂ + (v_i − R̂) w_i / w̄ of per-replication ratios v_i over w_i units (requests,
 * visits; NaN where a replication has none), R̂ = Σ v_i w_i / Σ w_i.
 */
export function ratioPseudoValues(values: readonly number[], weights: readonly number[]): number[] {
  const counted = values.map((v, i) => (Number.isFinite(v) && weights[i]! > 0 ? i : -1)).filter((i) => i >= 0);
  if (counted.length === 0) return values.map(() => NaN);
  const all = counted.reduce((s, i) => s + weights[i]!, 0);
  const ratio = counted.reduce((s, i) => s + values[i]! * weights[i]!, 0) / all;
  const meanWeight = all / counted.length;
  return values.map((v, i) => (Number.isFinite(v) && weights[i]! > 0 ? ratio + ((v - ratio) * weights[i]!) / meanWeight : NaN));
}

/**
 * Pseudo-values y_i = x̂ − (b_i − p̂ m_i) / (m̄ f̂): x̂ the `level` percentile of all the replications'
 * values (NaN for a replication with none), m_i a replication's number of values, b_i how many are at
 * or below x̂, p̂ = Σb/Σm, m̄ the mean of m_i, f̂ the pooled density at x̂. Their mean is x̂.
 */
export function percentilePseudoValues(parts: readonly (Distribution | undefined)[], level: number, confidence: number): number[] {
  const present = parts.filter((d): d is Distribution => d !== undefined && d.values.length > 0);
  if (present.length === 0) return parts.map(() => NaN);
  const pooled = new PooledDistribution(present);
  const x = pooled.quantile(level);
  const own = parts.map((d) => (d === undefined || d.values.length === 0 ? undefined : { total: total(d), below: atOrBelow(d, x) }));
  const counted = own.filter((o) => o !== undefined);
  const all = counted.reduce((s, o) => s + o.total, 0);
  const share = counted.reduce((s, o) => s + o.below, 0) / all;
  const meanCount = all / counted.length;
  const residual = (o: { total: number; below: number }) => o.below - share * o.total;
  const density = pooledDensity(pooled, share, hallSheather(level, all, confidence));
  return own.map((o) => (o === undefined ? NaN : density === Infinity ? x : x - residual(o) / (meanCount * density)));
}

/**
 * Hall & Sheather's (1988) span of levels for the density at a quantile from N values:
 * N^(-1/3) z^(2/3) (1.5 φ(Φ⁻¹(q))² / (2 Φ⁻¹(q)² + 1))^(1/3), z the normal quantile of the level of confidence.
 */
function hallSheather(level: number, n: number, confidence: number): number {
  const x = normalQuantile(Math.min(Math.max(level, 1e-6), 1 - 1e-6));
  const z = normalQuantile((1 + confidence) / 2);
  return n ** (-1 / 3) * z ** (2 / 3) * ((1.5 * normalDensity(x) ** 2) / (2 * x * x + 1)) ** (1 / 3);
}

/**
 * The pooled values' density around the level `share`: the levels share ± h against the values that
 * bound them, h widened (doubled) until those values differ, since a sketch's values step from bucket
 * to bucket. Infinity when every value is the same (no spread to scale).
 */
function pooledDensity(pooled: PooledDistribution, share: number, span: number): number {
  for (let h = Math.max(span, 1 / pooled.count); h < 1; h *= 2) {
    const lo = Math.max(0, share - h), hi = Math.min(1, share + h);
    const width = pooled.quantile(hi) - pooled.quantile(lo);
    if (width > 0) return (hi - lo) / width;
  }
  return Infinity;
}

function total(d: Distribution): number {
  if (d.counts === undefined) return d.values.length;
  let s = 0;
  for (let i = 0; i < d.counts.length; i++) s += d.counts[i]!;
  return s;
}

function atOrBelow(d: Distribution, x: number): number {
  let s = 0;
  for (let i = 0; i < d.values.length && d.values[i]! <= x; i++) s += d.counts === undefined ? 1 : d.counts[i]!;
  return s;
}
