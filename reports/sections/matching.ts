// Picks metrics by name pattern for the sections whose metrics depend on the scenario's features
// (LLM, cost, caches, GPU pools): a section appears only when its metrics are in the results.

import { parseMetricName } from '../../models/run/declared-metrics.js';
import type { MetricPattern } from '../../models/run/metric-catalogue.js';
import type { MetricSummary, Results } from '../../models/run/results.js';
import type { IntervalRow } from '../charts/interval-dots.js';
import { formatInterval, formatNumber } from '../format.js';
import { intervalEnds } from '../../models/run/results.js';

export interface Matched {
  readonly name: string;
  readonly groups: readonly string[];
  readonly metric: MetricSummary;
}

/** Metrics whose name matches `pattern` (anchored), with the pattern's capture groups. */
export function matching(r: Results, pattern: RegExp): Matched[] {
  const out: Matched[] = [];
  for (const [name, metric] of Object.entries(r.metrics)) {
    const m = pattern.exec(name);
    if (m !== null && m[0] === name) out.push({ name, groups: m.slice(1).map((g) => g ?? ''), metric });
  }
  return out;
}

export interface FamilyMatched extends Matched {
  readonly pattern: MetricPattern;
}

/**
 * Metrics of the catalogue families whose pattern starts with `prefix` (e.g. `gpu.<p>.`), in
 * results order; groups: the entity's name and the rest of the pattern (`kv.mean`).
 */
export function matchingFamilies(r: Results, prefix: string): FamilyMatched[] {
  const out: FamilyMatched[] = [];
  for (const [name, metric] of Object.entries(r.metrics)) {
    const parsed = parseMetricName(name);
    if (parsed === undefined || !parsed.pattern.startsWith(prefix)) continue;
    out.push({ name, groups: [parsed.entity, parsed.pattern.slice(prefix.length)], metric, pattern: parsed.pattern });
  }
  return out;
}

/** A chart row for a measured metric; undefined when it was not measured. */
export function intervalRow(item: string, series: string, m: MetricSummary | undefined): IntervalRow | undefined {
  if (m === undefined || m.estimate === null) return undefined;
  return { item, series, estimate: m.estimate, lower: intervalEnds(m)[0], upper: intervalEnds(m)[1] };
}

/** The table row of a metric: name, estimate, interval, unit. */
export function metricRow(label: string, m: MetricSummary): string[] {
  return [label, formatNumber(m.estimate), formatInterval(intervalEnds(m)[0], intervalEnds(m)[1]), m.unit];
}

export const defined = <T>(x: T | undefined): x is T => x !== undefined;
