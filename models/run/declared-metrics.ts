// The metric names and units a scenario's results hold, in results.json order, expanded from the
// catalogue without running anything: what query checks names against and results are built from.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { METRIC_CATALOGUE, PLACEHOLDER, type Entity, type MetricFamily, type MetricPattern, type Unit } from './metric-catalogue.js';
import { metricScope } from './metric-scope.js';

export interface DeclaredMetric {
  readonly name: string;
  readonly unit: Unit;
  readonly pattern: MetricPattern;
  readonly over: Entity;
  /** The agent, class, pool, model or budget it is measured on: its index (0 for the run) and name ('' for the run). */
  readonly index: number;
  readonly entity: string;
}

/** What a run replaying coordination reports on: its objectives, and the negotiation directions when it has actions. */
export interface CoordinationNames {
  readonly objectives: readonly string[];
  readonly directions: readonly string[];
}

const PLAIN: CoordinationNames = { objectives: [], directions: [] };

/** Names of the entities a section iterates over, in scenario order (one nameless run). */
function entityNames(spec: NetworkSpec, coordination: CoordinationNames, over: Entity): readonly string[] {
  switch (over) {
    case 'run': return [''];
    case 'agent': return spec.agents.map((a) => a.name);
    case 'class': return spec.classes.map((c) => c.name);
    case 'pool': return spec.pools.map((p) => p.name);
    case 'model': return spec.models.map((m) => m.name);
    case 'budget': return (spec.budgets ?? []).map((b) => b.name);
    case 'objective': return coordination.objectives;
    case 'direction': return coordination.directions;
  }
}

/** The metric name of a family on a named entity (a function replacement: names may hold `$`). */
export const metricName = (pattern: string, over: Entity, name: string): string =>
  (over === 'run' ? pattern : pattern.replace(PLACEHOLDER[over], () => name));

/** The metrics of a run, in results.json order: a plain replication's, or with `coordination` a coordinated one's. */
export function declaredMetrics(spec: NetworkSpec, coordination: CoordinationNames = PLAIN): DeclaredMetric[] {
  const scope = metricScope(spec);
  const out: DeclaredMetric[] = [];
  for (const section of METRIC_CATALOGUE) {
    const families: readonly MetricFamily<MetricPattern>[] = section.families;
    entityNames(spec, coordination, section.over).forEach((entity, i) => {
      for (const family of families) {
        if (family.when !== undefined && !family.when(scope, i)) continue;
        const unit = typeof family.unit === 'function' ? family.unit(spec, i) : family.unit;
        out.push({ name: metricName(family.pattern, section.over, entity), unit, pattern: family.pattern, over: section.over, index: i, entity });
      }
    });
  }
  return out;
}

export interface ParsedMetric {
  readonly pattern: MetricPattern;
  readonly over: Entity;
  /** The agent, class, pool, model or budget name ('' for the run). */
  readonly entity: string;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One anchored expression per family; scenario names hold no dot (models/scenario/names.ts). */
const PARSERS = METRIC_CATALOGUE.flatMap((section) => section.families.map((family: MetricFamily<MetricPattern>) => {
  const [before, after] = section.over === 'run' ? [family.pattern, undefined] : family.pattern.split(PLACEHOLDER[section.over]);
  const source = after === undefined ? escaped(before!) : `${escaped(before!)}([^.]+)${escaped(after)}`;
  return { re: new RegExp(`^${source}$`), pattern: family.pattern, over: section.over };
}));

/** The family and entity of a results.json metric name; undefined for names the catalogue does not declare. */
export function parseMetricName(name: string): ParsedMetric | undefined {
  for (const p of PARSERS) {
    const m = p.re.exec(name);
    if (m !== null) return { pattern: p.pattern, over: p.over, entity: m[1] ?? '' };
  }
  return undefined;
}
