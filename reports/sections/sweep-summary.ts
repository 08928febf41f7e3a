// A sweep's banner and provenance (scenario, seed, replications per point, the grid), the table
// of every point's headline metrics, and how to read the sweep's charts.

import type { SweepDocument, SweepPoint } from '../../models/sweep/document.js';
import { formatInterval, formatNumber, formatWithUnit } from '../format.js';
import { metricAt, metricsOfInterest, pointName, unitOf, withUnit } from './sweep-charts.js';
import { col, type Block, type Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';
import { confidenceFact, madeFacts, type Made } from '../provenance.js';

/** Which way is better for the headline metrics (the others have no better side). */
const BETTER: readonly (readonly [string, 'lower' | 'higher'])[] = [
  ['e2e.p95', 'lower'], ['e2e.mean', 'lower'], ['throughput', 'higher'], ['rejected.fraction', 'lower'], ['error.rate', 'lower'],
  ['ttft.p95', 'lower'], ['quality.mean', 'higher'], ['cost.per_task.mean', 'lower'],
];

/** Per headline metric that varies by more than 1 % across the grid: the point where it is best, with its interval. */
function bestPoints(d: SweepDocument): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, better] of BETTER) {
    const at = d.points.filter((p) => metricAt(p, name)?.estimate != null);
    if (at.length < 2) continue;
    const value = (p: SweepPoint) => metricAt(p, name)!.estimate!;
    const sorted = [...at].sort((a, b) => (better === 'lower' ? value(a) - value(b) : value(b) - value(a)));
    const [top, worst] = [sorted[0]!, sorted[sorted.length - 1]!];
    // Within 1 % everywhere (throughput fixed by the arrivals, say): no point is best.
    if (Math.abs(value(top) - value(worst)) <= 0.01 * Math.max(Math.abs(value(top)), Math.abs(value(worst)))) continue;
    const m = metricAt(top, name)!;
    out.push([`${better === 'lower' ? 'lowest' : 'highest'} ${name}`, `${formatWithUnit(m.estimate, m.unit)} ${formatInterval(intervalEnds(m)[0], intervalEnds(m)[1])} at ${pointName(d, top)}`]);
  }
  return out;
}

export function sweepSummarySection(d: SweepDocument): Section {
  const details: string[] = [];
  const partial = d.points.filter((p) => p.results.partial).map((p) => p.index);
  if (partial.length > 0) details.push(`Partial results at point(s) ${partial.join(', ')}: their runs stopped early.`);
  const warnings = new Map<string, number[]>();
  for (const p of d.points) for (const w of p.results.warnings) warnings.set(w, [...(warnings.get(w) ?? []), p.index]);
  for (const [w, at] of warnings) details.push(`${w} (point${at.length === 1 ? '' : 's'} ${at.join(', ')})`);
  const shard = d.shard === undefined ? '' : `Shard ${d.shard.index}/${d.shard.count}: ${d.points.length} of the ${d.size} points (apmsim merge combines the shards). `;
  const headline = `${shard}${d.points.length} point${d.points.length === 1 ? '' : 's'} × ${d.replications} replications, on common random numbers across the grid${warnings.size > 0 ? `; ${warnings.size} warning(s)` : ''}.`;
  const level = d.shard !== undefined || partial.length > 0 || warnings.size > 0 ? 'warn' : 'ok';
  // sweep.json files written before apmsim recorded the command and overrides lack them.
  const made: Made = d;
  const facts: [string, string][] = [
    ...madeFacts(made),
    ['scenario', d.scenario],
    ['apmsim version', d.apmsim],
    ['seed', `${d.seed} (every point runs replications 0..${d.replications - 1} of this seed)`],
    ['replications', `${d.replications} per point`],
    confidenceFact(d.confidence),
    ...d.grid.map((a, i): [string, string] => [`knob ${i + 1}`, `${a.path} = ${a.values.join(', ')}`]),
    ['points', `${d.size} in the grid${d.shard === undefined ? '' : `, ${d.points.length} in this shard`}`],
    ['scenario fingerprint', d.fingerprint],
  ];
  const best = bestPoints(d);
  const blocks: Block[] = [
    { kind: 'verdict', level, headline, details },
    ...(best.length === 0 ? [] : [{ kind: 'heading', text: 'Best points' } as const,
      { kind: 'paragraph', text: 'By estimate, for each headline metric that varies by more than 1 % across the grid; a point whose interval overlaps the best one may be as good.' } as const,
      { kind: 'facts', facts: best } as const]),
    { kind: 'heading', text: 'Provenance' },
    { kind: 'facts', facts },
  ];
  return { id: 'summary', title: 'Summary', blocks };
}

export function pointsSection(d: SweepDocument): Section {
  const metrics = metricsOfInterest(d);
  const pct = `${formatNumber(d.confidence * 100)} %`;
  return {
    id: 'points',
    title: 'Every point',
    blocks: [{
      kind: 'table',
      table: {
        caption: `Per point: knob values, then each metric's estimate (their ${pct} intervals are in the tables of the charts above; every metric of every point is in sweep.json)`,
        columns: [col('point'), ...d.grid.map((a) => col(a.path)), ...metrics.map((m) => col(withUnit(m, unitOf(d, m)), true))],
        rows: d.points.map((p) => [String(p.index), ...d.grid.map((a) => p.values[a.path] ?? ''), ...metrics.map((m) => formatNumber(metricAt(p, m)?.estimate))]),
      },
    }],
  };
}

export function sweepReadingSection(d: SweepDocument): Section {
  return {
    id: 'reading',
    title: 'How to read this sweep',
    blocks: [{
      kind: 'list',
      items: [
        `Every point is the scenario with the knob values of its row, simulated for ${d.replications} replications on seed ${d.seed}. Replication i of every point uses the same random streams (common random numbers), so two points differ by their knobs, not by their draws.`,
        `An estimate is the mean over replications of the replication's value (a percentile's is the percentile of all the replications' requests together, a mean wait's may be corrected by control variates: docs/outputs.md, Intervals); its interval is a ${formatNumber(d.confidence * 100)} % Student-t interval over replications. The intervals are per point, not corrected for comparing many points: to gate one change, use apmsim compare.`,
        'The frontier marks the points no other point beats on both measures, judged on the estimates.',
        'Each chart has its numbers in the table beside or below it; lines are told apart by dash and marker shape as well as colour.',
        'sweep.json holds every metric of every point; sweep.arrow the same as a table (schema in docs/ci.md). This page is self-contained: it runs no script and loads nothing.',
      ],
    }],
  };
}
