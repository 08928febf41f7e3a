// The fidelity table: TTFT, TPOT and e2e latency, each by mean and percentiles, measured against
// predicted, with the relative error (predicted / measured - 1).

export const FIDELITY_METRICS = ['ttft', 'tpot', 'e2e'] as const;
export const FIDELITY_STATS = ['mean', 'p50', 'p90', 'p99'] as const;
export type FidelityMetric = (typeof FIDELITY_METRICS)[number];
export type FidelityStat = (typeof FIDELITY_STATS)[number];

export interface FidelityRow {
  readonly metric: FidelityMetric;
  readonly stat: FidelityStat;
  /** Seconds. */
  readonly measured: number;
  readonly predicted: number;
  /** predicted / measured - 1. */
  readonly error: number;
}

export type Latencies = Readonly<Record<FidelityMetric, Float64Array>>;

/** Percentile q (0..100) with linear interpolation between order statistics (numpy's default, as vLLM's benchmark reports). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function statistic(values: Float64Array, stat: FidelityStat): number {
  const finite = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  if (stat === 'mean') return finite.reduce((a, b) => a + b, 0) / finite.length;
  return percentile(finite, Number(stat.slice(1)));
}

export function fidelityTable(measured: Latencies, predicted: Latencies): FidelityRow[] {
  const rows: FidelityRow[] = [];
  for (const metric of FIDELITY_METRICS) {
    for (const stat of FIDELITY_STATS) {
      const m = statistic(measured[metric], stat), p = statistic(predicted[metric], stat);
      rows.push({ metric, stat, measured: m, predicted: p, error: p / m - 1 });
    }
  }
  return rows;
}
