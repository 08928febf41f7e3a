// The metric names and units a scenario's results hold, in results.json order, expanded from the
// catalogue without running anything: what query checks names against and results are built from.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { METRIC_CATALOGUE, PLACEHOLDER, type Entity, type MetricFamily, type MetricPattern, type Unit } from './metric-catalogue.js';
import { metricScope } from './metric-scope.js';

export interface DeclaredMetric {
  readonly name: string;
  readonly unit: Unit;
  readonly pattern: MetricPattern;
  /** The agent, class, pool, model or budget it is measured on (0 for the run). */
  readonly index: number;
}

/** Names of the entities a section iterates over, in scenario order (one nameless run). */
function entityNames(spec: NetworkSpec, over: Entity): readonly string[] {
  switch (over) {
    case 'run': return [''];
    case 'agent': return spec.agents.map((a) => a.name);
    case 'class': return spec.classes.map((c) => c.name);
    case 'pool': return spec.pools.map((p) => p.name);
    case 'model': return spec.models.map((m) => m.name);
    case 'budget': return (spec.budgets ?? []).map((b) => b.name);
  }
}

/** The metric name of a family on a named entity (a function replacement: names may hold `$`). */
export const metricName = (pattern: string, over: Entity, name: string): string =>
  (over === 'run' ? pattern : pattern.replace(PLACEHOLDER[over], () => name));

export function declaredMetrics(spec: NetworkSpec): DeclaredMetric[] {
  const scope = metricScope(spec);
  const out: DeclaredMetric[] = [];
  for (const section of METRIC_CATALOGUE) {
    const families: readonly MetricFamily<MetricPattern>[] = section.families;
    entityNames(spec, section.over).forEach((entity, i) => {
      for (const family of families) {
        if (family.when !== undefined && !family.when(scope, i)) continue;
        const unit = typeof family.unit === 'function' ? family.unit(spec, i) : family.unit;
        out.push({ name: metricName(family.pattern, section.over, entity), unit, pattern: family.pattern, index: i });
      }
    });
  }
  return out;
}
