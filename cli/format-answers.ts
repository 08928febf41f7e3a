// What `apmsim query` prints: the JSON document (documented in docs/queries.md), or one readable
// line per metric with the backend that answered and why.

import type { QueryDocument } from '../api/query.js';
import { formatNumber } from './format-table.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatAnswers(d: QueryDocument): string {
  const pct = `${Number((d.confidence * 100).toPrecision(4))}%`;
  const diff = d.versus !== null;
  const head = [
    `${d.scenario}${d.set.length > 0 ? ` with ${d.set.join(' ')}` : ''}${diff ? `: difference made by ${d.versus!.join(' ')} (counterfactual - scenario)` : ''}`,
  ];
  const rows = d.answers.map((a) => {
    if (a.kind !== 'estimate') return [a.metric, a.kind.toUpperCase(), '', a.unit, a.backend, ''];
    const point = a.exact || a.sameInEveryReplication === true;
    const interval = a.exact ? 'exact' : point ? '— (no sampling variability)' : `[${formatNumber(a.interval[0])}, ${formatNumber(a.interval[1])}]`;
    // Two digits: a half-width's own sampling error is far larger than a fourth digit.
    const precision = point ? '' : `±${formatNumber(Number((a.precision * 100).toPrecision(2)))}%`;
    return [a.metric, formatNumber(a.estimate), interval, a.unit, a.backend, precision];
  });
  const notes = d.answers.map((a) => `  ${a.metric}: ${a.reason} (${formatNumber(a.elapsedMs)} ms)`);
  return [...head, '', table([['metric', diff ? 'difference' : 'estimate', `${pct} interval`, 'unit', 'backend', 'precision'], ...rows]), '', 'why:', ...notes].join('\n');
}
