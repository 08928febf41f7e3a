// The latency distribution of a run, kept small: per replication and class, the end-to-end latency
// at fixed probability levels, computed exactly (nearest rank, as `percentiles: exact`) from the
// rows of the requests that completed after warm-up. The report's CDF, latency.arrow and compare's
// both-sides view use it.

import { OUTCOME_COMPLETED } from '../../sim/network/record/recorders.js';
import { nearestRank } from '../../sim/stats/quantile-sketch.js';

/** Name that the latency digest gives to all classes together. */
export const ALL_CLASSES = '(all)';

/** End-to-end latency quantiles of one class (or ALL_CLASSES) in one replication. */
export interface LatencyQuantiles {
  readonly replication: number;
  readonly cls: string;
  /** Completed requests the quantiles come from (after warm-up). */
  readonly requests: number;
  /** Quantile at each level of LatencyDigest.levels, seconds. */
  readonly e2e: Float64Array;
}

export interface LatencyDigest {
  readonly levels: readonly number[];
  readonly rows: readonly LatencyQuantiles[];
}


/** 0.001, 0.005, 0.01 … 0.99, 0.995, 0.999: even steps for the body, extra levels for the tail. */
export const DIGEST_LEVELS: readonly number[] = [
  0.001, 0.005, ...Array.from({ length: 99 }, (_, i) => (i + 1) / 100), 0.995, 0.999,
];

/** The request columns the digest reads (a subset of the engine's RequestRows). */
export interface RequestColumns {
  readonly count: number;
  readonly cls: Int32Array;
  readonly arrival: Float64Array;
  readonly finish: Float64Array;
  readonly outcome: Uint8Array;
}

function quantilesOf(sorted: Float64Array, levels: readonly number[]): Float64Array {
  return Float64Array.from(levels, (p) => sorted[nearestRank(p, sorted.length) - 1]!);
}

/** Digest rows of one replication: each class with completed requests, then all classes if several. */
export function replicationDigest(
  replication: number, rows: RequestColumns, classNames: readonly string[], levels: readonly number[] = DIGEST_LEVELS,
): LatencyQuantiles[] {
  const byClass = classNames.map(() => [] as number[]);
  const all: number[] = [];
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] !== OUTCOME_COMPLETED) continue;
    const e2e = rows.finish[i]! - rows.arrival[i]!;
    byClass[rows.cls[i]!]?.push(e2e);
    all.push(e2e);
  }
  const out: LatencyQuantiles[] = [];
  const add = (cls: string, values: readonly number[]): void => {
    if (values.length === 0) return;
    const sorted = Float64Array.from(values).sort();
    out.push({ replication, cls, requests: values.length, e2e: quantilesOf(sorted, levels) });
  };
  byClass.forEach((values, c) => add(classNames[c]!, values));
  if (classNames.length > 1) add(ALL_CLASSES, all);
  return out;
}

/** The digest of every replication, in replication order. */
export function latencyDigest(perReplication: readonly RequestColumns[], classNames: readonly string[]): LatencyDigest {
  return {
    levels: DIGEST_LEVELS,
    rows: perReplication.flatMap((rows, r) => replicationDigest(r, rows, classNames)),
  };
}
