// Reads the structure of a run back from its metric names (results.json carries no scenario):
// agents from `agent.<a>.…`, classes from `class.<c>.…`, in the order the metrics list them.

import type { MetricSummary, Results } from '../models/run/results.js';

/** The distinct names in `<prefix>.<name>.<rest>` metric names, in order of first appearance. */
export function namesUnder(results: Results, prefix: string): string[] {
  const seen = new Set<string>();
  for (const name of Object.keys(results.metrics)) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const rest = name.slice(prefix.length + 1);
    const dot = rest.indexOf('.');
    if (dot > 0) seen.add(rest.slice(0, dot));
  }
  return [...seen];
}

export const agentNames = (r: Results): string[] => namesUnder(r, 'agent');
export const classNames = (r: Results): string[] => namesUnder(r, 'class');

export function metricOf(r: Results, name: string): MetricSummary | undefined {
  return Object.hasOwn(r.metrics, name) ? r.metrics[name] : undefined;
}

/** The estimate of a metric, or null when it is missing or was not measured. */
export function estimateOf(r: Results, name: string): number | null {
  return metricOf(r, name)?.estimate ?? null;
}
