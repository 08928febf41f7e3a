// How a metric's figure is read from many replications' rows: for most metrics their own values;
// for a mean time or a percentile, pseudo-values around the figure of all their values together
// (pooled-estimates.ts), so that every backend and check that estimates a metric from replications
// estimates the same thing, whatever the replications' length.

import { percentileOf, type MetricValue } from '../../run/metrics.js';
import type { Scenario } from '../../scenario/index.js';
import { parseEffect } from '../catalogue.js';
import { effectSource } from './effects.js';
import { percentilePseudoValues, ratioPseudoValues } from './pooled-estimates.js';
import { firstStage } from './stein.js';

export type Series =
  | {
    readonly kind: 'values';
    /** The replications' values, in order: their own, or for a mean time or a percentile pseudo-values around the figure of all their values together (pooled-estimates.ts). */
    readonly of: (rows: readonly (readonly MetricValue[])[]) => number[];
    /** How the figure is read from all the replications together, for the answer's reason. */
    readonly pooled?: string;
  }
  | { readonly kind: 'declined'; readonly why: string };

/** How to read one metric's values out of replications' rows (`index`: a metric's column in a row). */
export function seriesOf(s: Scenario, metric: string, index: ReadonlyMap<string, number>, confidence: number): Series {
  const effect = parseEffect(metric);
  if (effect === undefined) return metricSeries(metric, index, confidence);
  const src = effectSource(s.network, effect.from, effect.to);
  if (src.kind === 'declined') return src;
  const i = index.get(src.throughputMetric)!;
  return { kind: 'values', of: (rows) => rows.map((row) => row[i]!.value * src.weight) };
}

/** The same for a metric that replications report (not an effect). */
function metricSeries(metric: string, index: ReadonlyMap<string, number>, confidence: number): Series {
  const i = index.get(metric);
  if (i === undefined) return { kind: 'declined', why: `replications do not report ${metric}` };
  const p = percentileOf(metric);
  if (p !== undefined) {
    return {
      kind: 'values',
      of: (rows) => percentilePseudoValues(rows.map((row) => (Number.isFinite(row[i]!.value) ? row[i]!.distribution : undefined)), p.level, confidence),
      pooled: "the percentile of all the replications' values together, its error from each replication's share of values below it (Woodruff)",
    };
  }
  const w = index.get(ratioWeight(metric) ?? '');
  if (w !== undefined) {
    return {
      kind: 'values',
      of: (rows) => ratioPseudoValues(rows.map((row) => row[i]!.value), rows.map((row) => row[w]!.value)),
      pooled: `the mean over all the replications' ${metric.startsWith('agent.') ? 'visits' : 'requests'} together`,
    };
  }
  return { kind: 'values', of: (rows) => rows.map((row) => row[i]!.value) };
}

/**
 * The metric that counts what a mean time is averaged over, in proportion (every replication observes
 * as many seconds): completed requests for e2e.mean, a class's throughput for its own, an agent's
 * departures for its waits and sojourns.
 */
function ratioWeight(metric: string): string | undefined {
  if (metric === 'e2e.mean') return 'completed';
  const c = /^class\.(.+)\.e2e\.mean$/.exec(metric);
  if (c !== null) return `class.${c[1]}.throughput`;
  const a = /^agent\.(.+)\.(?:wait|sojourn)\.mean$/.exec(metric);
  return a === null ? undefined : `agent.${a[1]}.throughput`;
}

export const pooledNote = (s: Series): string => (s.kind === 'values' ? s.pooled ?? '' : '');

/** A metric's figure from replications' rows (a point's): the mean of its series' finite values, and that mean's variance. */
export interface ReplicationsFigure {
  readonly estimate: number;
  readonly variance: number;
  /** Replications that measured the metric. */
  readonly n: number;
}

/** NaN when no replication measured the metric; variance 0 from one replication. */
export function replicationsFigure(rows: readonly (readonly MetricValue[])[], metric: string, confidence: number): ReplicationsFigure {
  const series = metricSeries(metric, new Map((rows[0] ?? []).map((m, i) => [m.name, i])), confidence);
  const { n, mean, sd } = firstStage(series.kind === 'values' ? series.of(rows) : []);
  return { estimate: mean, variance: n < 2 ? 0 : (sd * sd) / n, n };
}
