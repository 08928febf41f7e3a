// metrics.arrow: one row per metric and replication, the per-replication values of results.json
// in long form, with the metric's estimate and interval repeated on each of its rows.

import type { Table } from 'apache-arrow';
import type { Results } from '../../models/run/results.js';
import { tableOf, type ColumnSpec } from './columns.js';
import { objectivesJson } from '../negotiation.js';
import type { ObjectiveInfo, SloBound } from '../run-data.js';
import { provenance } from './provenance.js';
import { intervalEnds } from '../../models/run/results.js';

export const METRICS_SCHEMA = 'apmsim.metrics/1';

export const METRICS_COLUMNS: readonly ColumnSpec[] = [
  { name: 'metric', type: 'utf8', nullable: false, unit: '', doc: 'metric name, as in results.json (e.g. e2e.p95, agent.worker.utilization)' },
  { name: 'unit', type: 'utf8', nullable: false, unit: '', doc: "unit of value: 's', '1/s', or '' for counts and fractions" },
  { name: 'replication', type: 'int32', nullable: false, unit: '', doc: 'replication index (0-based); replication i uses the same random streams in every run of the scenario and seed' },
  { name: 'value', type: 'float64', nullable: true, unit: '(unit)', doc: 'value in this replication; null when it could not be measured (no request completed)' },
  { name: 'estimate', type: 'float64', nullable: true, unit: '(unit)', doc: "the metric's estimate over replications (their mean), repeated on each row of the metric" },
  { name: 'lower', type: 'float64', nullable: true, unit: '(unit)', doc: 'lower bound of the Student-t interval at the run confidence' },
  { name: 'upper', type: 'float64', nullable: true, unit: '(unit)', doc: 'upper bound of the interval' },
];

const orNaN = (x: number | null): number => (x === null ? NaN : x);

/** Schema metadata key holding the scenario's SLOs as JSON ([] when it declares none). */
export const SLOS_KEY = 'apmsim.slos';

/** Schema metadata key holding the scenario's coordination objectives as JSON (only for scenarios with coordination). */
export const OBJECTIVES_KEY = 'apmsim.objectives';

export function metricsTable(results: Results, slos: readonly SloBound[] = [], objectives?: readonly ObjectiveInfo[]): Table {
  const names: string[] = [], units: string[] = [];
  const replication: number[] = [], value: number[] = [], estimate: number[] = [], lower: number[] = [], upper: number[] = [];
  for (const [name, m] of Object.entries(results.metrics)) {
    m.values.forEach((v, r) => {
      names.push(name);
      units.push(m.unit);
      replication.push(r);
      value.push(orNaN(v));
      estimate.push(orNaN(m.estimate));
      lower.push(orNaN(intervalEnds(m)[0]));
      upper.push(orNaN(intervalEnds(m)[1]));
    });
  }
  return tableOf(METRICS_COLUMNS, [
    names, units, Int32Array.from(replication), Float64Array.from(value),
    Float64Array.from(estimate), Float64Array.from(lower), Float64Array.from(upper),
  ], provenance(METRICS_SCHEMA, results, {
    'apmsim.confidence': String(results.confidence),
    [SLOS_KEY]: JSON.stringify(slos.map((x) => ({ metric: x.metric, bound: x.bound, limit: x.limit, text: x.text }))),
    ...(objectives === undefined ? {} : { [OBJECTIVES_KEY]: objectivesJson(objectives) }),
  }));
}
