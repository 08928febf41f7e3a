// Reads the structure of a run back from its metric names (results.json carries no scenario):
// agents, classes, GPU pools, objectives… from the names of the catalogue's families
// (`agent.<a>.…`, `class.<c>.…`, `gpu.<p>.…`, `objective.<o>.…`), in the order the metrics list them.

import { parseMetricName } from '../models/run/declared-metrics.js';
import type { MetricSummary, Results } from '../models/run/results.js';

/** The entities of the catalogue families whose pattern starts with `prefix` (e.g. `agent.<a>.`), in order of first appearance. */
export function entitiesUnder(results: Results, prefix: string): string[] {
  const seen = new Set<string>();
  for (const name of Object.keys(results.metrics)) {
    const parsed = parseMetricName(name);
    if (parsed !== undefined && parsed.pattern.startsWith(prefix)) seen.add(parsed.entity);
  }
  return [...seen];
}

export const agentNames = (r: Results): string[] => entitiesUnder(r, 'agent.<a>.');
export const classNames = (r: Results): string[] => entitiesUnder(r, 'class.<c>.');
export const poolNames = (r: Results): string[] => entitiesUnder(r, 'gpu.<p>.');

export function metricOf(r: Results, name: string): MetricSummary | undefined {
  return Object.hasOwn(r.metrics, name) ? r.metrics[name] : undefined;
}

/** The estimate of a metric, or null when it is missing or was not measured. */
export function estimateOf(r: Results, name: string): number | null {
  return metricOf(r, name)?.estimate ?? null;
}
