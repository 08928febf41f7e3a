// GPU pools, from the `gpu.<p>.*` families when the run has them: the fractions (utilisation, KV-cache
// occupancy…) per pool with intervals in one chart, every pool metric (replicas…) in the table.

import { familyOf, type MetricPattern } from '../../models/run/metric-catalogue.js';
import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec } from '../charts/interval-dots.js';
import { formatNumber } from '../format.js';
import { col, type Block, type Section } from './section.js';
import { defined, intervalRow, matchingFamilies, metricRow } from './matching.js';

/** Pool metrics the catalogue declares fractions of a capacity (the others are counts, rates or sizes), measured within [0, 1]. */
const isFraction = (pattern: MetricPattern, values: readonly (number | null)[]): boolean =>
  familyOf(pattern).fraction === true && values.every((v) => v === null || (v >= 0 && v <= 1)) && values.some((v) => v !== null);

export function gpuSection(r: Results): Section | undefined {
  const all = matchingFamilies(r, 'gpu.<p>.');
  if (all.length === 0) return undefined;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const table = { caption: `GPU pool metrics, estimate and ${pct} interval`, columns: [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit')], rows: all.map((f) => metricRow(f.name, f.metric)) };
  const fractions = all.filter((f) => isFraction(f.pattern, f.metric.values));
  const rows = fractions.map((f) => intervalRow(f.groups[0]!, f.groups[1]!, f.metric)).filter(defined);
  const blocks: Block[] = rows.length === 0
    ? [{ kind: 'table', table }]
    : [{
      kind: 'figure',
      figure: {
        id: 'gpu-fractions',
        title: 'GPU pools',
        caption: `Per pool, each fraction metric (${[...new Set(rows.map((x) => x.series))].join(', ')}) with its ${pct} interval; the table lists every pool metric.`,
        spec: intervalDotsSpec(rows, { description: 'GPU pool fractions with intervals', xTitle: 'fraction', itemTitle: 'pool', seriesTitle: 'metric', domain: [0, 1] }),
        table,
      },
    }];
  return { id: 'gpu', title: 'GPU pools', blocks };
}
