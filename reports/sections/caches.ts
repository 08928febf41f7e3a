// Caches, from the `cache.<a>.*` families when the run has them: hit rate per cache with its interval, and
// every cache metric in the table.

import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec } from '../charts/interval-dots.js';
import { formatNumber } from '../format.js';
import { col, type Section } from './section.js';
import { defined, intervalRow, matchingFamilies, metricRow } from './matching.js';

export function cachesSection(r: Results): Section | undefined {
  const all = matchingFamilies(r, 'cache.<a>.');
  const hits = all.filter((f) => f.groups[1] === 'hit_rate');
  if (all.length === 0) return undefined;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const table = { caption: `Cache metrics, estimate and ${pct} interval`, columns: [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit')], rows: all.map((f) => metricRow(f.name, f.metric)) };
  const rows = hits.map((f) => intervalRow(f.groups[0]!, 'hit rate', f.metric)).filter(defined);
  if (rows.length === 0) return { id: 'caches', title: 'Caches', blocks: [{ kind: 'table', table }] };
  return {
    id: 'caches',
    title: 'Caches',
    blocks: [{
      kind: 'figure',
      figure: {
        id: 'hit-rates',
        title: 'Cache hit rate',
        caption: `Fraction of lookups that hit, per cache, with its ${pct} interval.`,
        spec: intervalDotsSpec(rows, { description: 'Cache hit rates with intervals', xTitle: 'hit rate', itemTitle: 'cache', seriesTitle: 'statistic', domain: [0, 1] }),
        table,
      },
    }],
  };
}
