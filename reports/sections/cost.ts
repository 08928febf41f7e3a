// Cost, from the `cost.*` metrics when the run has them: cost per task overall and per class,
// then one breakdown per grouping (cost.agent.<a>, cost.model.<m>, cost.gpu.<pool>), with
// intervals, and the totals in a table.

import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec } from '../charts/interval-dots.js';
import { formatNumber } from '../format.js';
import { classNames, metricOf } from '../metric-names.js';
import { col, type Block, type Section } from './section.js';
import { defined, intervalRow, matching, metricRow } from './matching.js';

const GROUPS: readonly [string, string][] = [['agent', 'agent'], ['model', 'model'], ['gpu', 'GPU pool']];

export function costSection(r: Results): Section | undefined {
  const found = matching(r, /cost\.(.+)/);
  if (found.length === 0) return undefined;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const columns = [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit')];
  const unitOf = (name: string) => metricOf(r, name)?.unit ?? '';
  const blocks: Block[] = [];

  const perTask = [
    intervalRow('all requests', 'cost per task', metricOf(r, 'cost.per_task.mean')),
    ...classNames(r).map((c) => intervalRow(c, 'cost per task', metricOf(r, `class.${c}.cost.per_task.mean`))),
  ].filter(defined);
  if (perTask.length > 0) {
    const unit = unitOf('cost.per_task.mean');
    blocks.push({
      kind: 'figure',
      figure: {
        id: 'cost-per-task',
        title: 'Cost per task',
        caption: `Mean cost per completed request with ${pct} intervals${unit === '' ? '' : `, in ${unit}`}. The overall figure includes the GPU pools' time (cost.per_task.mean); per-class figures count only what requests pay per call and per token, so they can sit below it.`,
        spec: intervalDotsSpec(perTask, { description: 'Cost per task with intervals', xTitle: `cost per task${unit === '' ? '' : ` (${unit})`}`, itemTitle: 'class', seriesTitle: 'statistic', zero: true }),
        table: { caption: `Cost per task, estimate and ${pct} interval`, columns: [col('class'), col('estimate', true), col(`${pct} interval`, true)], rows: perTask.map((x) => [x.item, formatNumber(x.estimate), `[${formatNumber(x.lower)}, ${formatNumber(x.upper)}]`]) },
      },
    });
  }
  for (const [key, label] of GROUPS) {
    const metrics = found.filter((f) => f.groups[0]!.startsWith(`${key}.`));
    const rows = metrics.map((f) => intervalRow(f.groups[0]!.slice(key.length + 1), 'cost', f.metric)).filter(defined);
    if (rows.length === 0) continue;
    const unit = metrics[0]!.metric.unit;
    blocks.push({
      kind: 'figure',
      figure: {
        id: `cost-${key}`,
        title: `Cost per ${label}`,
        caption: `Cost per ${label} over the observed time of a replication (cost.${key}.*), estimate and ${pct} interval${unit === '' ? '' : `, in ${unit}`}.`,
        spec: intervalDotsSpec(rows, { description: `Cost per ${label} with intervals`, xTitle: `cost${unit === '' ? '' : ` (${unit})`}`, itemTitle: label, seriesTitle: 'statistic', zero: true }),
        table: { caption: `cost.${key}.*, estimate and ${pct} interval`, columns, rows: metrics.map((f) => metricRow(f.name, f.metric)) },
      },
    });
  }
  const rest = found.filter((f) => !GROUPS.some(([key]) => f.groups[0]!.startsWith(`${key}.`)));
  if (rest.length > 0) blocks.push({ kind: 'table', table: { caption: `Cost totals, estimate and ${pct} interval`, columns, rows: rest.map((f) => metricRow(f.name, f.metric)) } });
  return { id: 'cost', title: 'Cost', blocks };
}
