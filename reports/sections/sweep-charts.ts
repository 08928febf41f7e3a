// A sweep's charts: the trade-off frontier across its points (quality against cost, or p95 latency
// against cost when the runs score no quality), and each metric of interest against the knob with
// the most values, one line per value of the other knobs, with interval bands.

import type { MetricSummary } from '../../models/run/results.js';
import type { SweepDocument, SweepPoint } from '../../models/sweep/document.js';
import { frontierSpec, type FrontierPoint } from '../charts/frontier.js';
import { knobLinesSpec, MAX_LEGEND, type KnobPoint } from '../charts/knob-lines.js';
import { formatInterval, formatNumber, formatWithUnit } from '../format.js';
import { knobOf, knobTitle, lineLabel, paretoFront, xKnobIndex, type Better, type Knob } from '../sweep-axes.js';
import { col, type Block, type FigureDraft, type Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';

export const metricAt = (p: SweepPoint, name: string): MetricSummary | undefined => (Object.hasOwn(p.results.metrics, name) ? p.results.metrics[name] : undefined);
const measured = (m: MetricSummary | undefined): m is MetricSummary & { estimate: number } => m !== undefined && m.estimate !== null;
export const unitOf = (d: SweepDocument, name: string): string => d.points.map((p) => metricAt(p, name)?.unit).find((u) => u !== undefined) ?? '';
export const withUnit = (name: string, unit: string): string => (unit === '' ? name : `${name} (${unit})`);
const pct = (d: SweepDocument): string => `${formatNumber(d.confidence * 100)} %`;

/** "point 3 (agents.x.servers=4, …)". */
export const pointName = (d: SweepDocument, p: SweepPoint): string => `point ${p.index} (${d.grid.map((a) => `${a.path}=${p.values[a.path] ?? ''}`).join(', ')})`;

/** Metrics worth a chart: the headline ones, then utilisation of the agents and GPU pools the grid changes. */
export function metricsOfInterest(d: SweepDocument): string[] {
  const names = ['e2e.p95', 'e2e.mean', 'throughput', 'rejected.fraction', 'error.rate', 'ttft.p95', 'quality.mean', 'cost.per_task.mean'];
  for (const a of d.grid) {
    const agent = /^agents\.([^.[\]]+)\./.exec(a.path)?.[1];
    const pool = /^gpus\.([^.[\]]+)\./.exec(a.path)?.[1];
    if (agent !== undefined) names.push(`agent.${agent}.utilization`);
    if (pool !== undefined) names.push(`gpu.${pool}.utilization`);
  }
  return [...new Set(names)].filter((n) => d.points.some((p) => measured(metricAt(p, n))));
}

interface Tradeoff { readonly y: string; readonly yBetter: Better; readonly title: string }

function frontierFigure(d: SweepDocument): FigureDraft | undefined {
  const cost = 'cost.per_task.mean';
  const options: Tradeoff[] = [{ y: 'quality.mean', yBetter: 'higher', title: 'Quality against cost' }, { y: 'e2e.p95', yBetter: 'lower', title: 'p95 latency against cost' }];
  const choice = options.find((t) => d.points.filter((p) => measured(metricAt(p, cost)) && measured(metricAt(p, t.y))).length >= 2);
  if (choice === undefined) return undefined;
  const usable = d.points.filter((p) => measured(metricAt(p, cost)) && measured(metricAt(p, choice.y)));
  const xs = usable.map((p) => metricAt(p, cost)!), ys = usable.map((p) => metricAt(p, choice.y)!);
  const front = paretoFront(usable.map((_, i) => ({ x: xs[i]!.estimate!, y: ys[i]!.estimate! })), 'lower', choice.yBetter);
  const points: FrontierPoint[] = usable.map((p, i) => ({
    label: `#${p.index}`, x: xs[i]!.estimate!, xLow: intervalEnds(xs[i]!)[0] ?? xs[i]!.estimate!, xHigh: intervalEnds(xs[i]!)[1] ?? xs[i]!.estimate!,
    y: ys[i]!.estimate!, yLow: intervalEnds(ys[i]!)[0] ?? ys[i]!.estimate!, yHigh: intervalEnds(ys[i]!)[1] ?? ys[i]!.estimate!, front: front[i]!,
  }));
  const onFront = usable.filter((_, i) => front[i]);
  const [cu, yu] = [unitOf(d, cost), unitOf(d, choice.y)];
  const better = choice.yBetter === 'higher' ? 'higher quality' : 'lower p95 latency';
  return {
    id: 'frontier',
    title: choice.title,
    caption: `${onFront.length} of ${usable.length} points are Pareto-optimal (no other point is both cheaper and ${choice.yBetter === 'higher' ? 'better' : 'faster'}): ${onFront.map((p) => `#${p.index}`).join(', ')}, filled and joined by the dashed line. Each point is the mean over ${d.replications} replications of cost per task and ${choice.y}, with its ${pct(d)} interval on both (grey bars); the frontier is judged on the estimates, so points whose intervals overlap may not really differ. Cheaper is left, ${better} is ${choice.yBetter === 'higher' ? 'up' : 'down'}.`,
    spec: frontierSpec(points, { description: `${choice.title} across the sweep's points, Pareto-optimal points marked`, xTitle: withUnit('cost per task', cu), yTitle: withUnit(choice.y, yu) }),
    table: {
      caption: `Per point: knob values, cost per task and ${choice.y} (estimate and ${pct(d)} interval), on the frontier or not`,
      columns: [col('point'), ...d.grid.map((a) => col(a.path)), col(withUnit('cost per task', cu), true), col('interval', true), col(withUnit(choice.y, yu), true), col('interval', true), col('Pareto-optimal')],
      rows: usable.map((p, i) => [`#${p.index}`, ...d.grid.map((a) => p.values[a.path] ?? ''), formatNumber(xs[i]!.estimate), formatInterval(intervalEnds(xs[i]!)[0], intervalEnds(xs[i]!)[1]),
        formatNumber(ys[i]!.estimate), formatInterval(intervalEnds(ys[i]!)[0], intervalEnds(ys[i]!)[1]), front[i] ? 'yes' : 'no']),
    },
    tableBelow: true,
  };
}

export function frontierSection(d: SweepDocument): Section | undefined {
  const f = frontierFigure(d);
  return f === undefined ? undefined : { id: 'frontier', title: 'Trade-off frontier', blocks: [{ kind: 'figure', figure: f }] };
}

function knobFigure(d: SweepDocument, knobs: readonly Knob[], xi: number, metric: string): FigureDraft {
  const xk = knobs[xi]!;
  const unit = unitOf(d, metric);
  const lines = [...new Set(d.points.map((p) => lineLabel(knobs, xi, p.values)))];
  const several = knobs.length > 1;
  const lineTitle = knobs.filter((_, i) => i !== xi).map((k) => k.path).join(' × ');
  const xOf = (p: SweepPoint): number | string => {
    const text = p.values[xk.path] ?? '';
    return xk.numbers === undefined ? text : xk.numbers[xk.values.indexOf(text)]!;
  };
  const shown = d.points.filter((p) => measured(metricAt(p, metric)));
  const points: KnobPoint[] = shown.map((p) => {
    const m = metricAt(p, metric)!;
    return { x: xOf(p), line: lineLabel(knobs, xi, p.values), estimate: m.estimate!, lower: intervalEnds(m)[0] ?? m.estimate!, upper: intervalEnds(m)[1] ?? m.estimate! };
  });
  const sorted = [...shown].sort((a, b) => metricAt(a, metric)!.estimate! - metricAt(b, metric)!.estimate!);
  const [low, high] = [sorted[0]!, sorted[sorted.length - 1]!];
  const at = (p: SweepPoint) => `${formatWithUnit(metricAt(p, metric)!.estimate, unit)} at ${pointName(d, p)}`;
  const missing = d.points.length - shown.length;
  const [lo, hi] = [metricAt(low, metric)!.estimate!, metricAt(high, metric)!.estimate!];
  const flat = hi - lo <= 0.01 * Math.max(Math.abs(lo), Math.abs(hi));
  const range = flat ? `${metric} is within 1 % of ${formatWithUnit(hi, unit)} at every point.` : `${metric} from ${at(low)} to ${at(high)}.`;
  const rows = d.points.map((p) => {
    const m = metricAt(p, metric);
    return [...(several ? [lineLabel(knobs, xi, p.values)] : []), p.values[xk.path] ?? '', formatNumber(m?.estimate), formatInterval(m?.interval?.[0], m?.interval?.[1])];
  });
  // A table of long knob values would be squeezed beside the chart: it goes below it.
  const columns = [...(several ? [col(lineTitle)] : []), col(xk.path, xk.numbers !== undefined), col('estimate', true), col(`${pct(d)} interval`, true)];
  const widest = columns.map((c, i) => Math.max(c.label.length, ...rows.map((r) => r[i]!.length)));
  return {
    id: `knob-${metric}`,
    title: `${metric} against ${xk.path}`,
    caption: `${range} Each marker is the mean over ${d.replications} replications, the band its ${pct(d)} interval${several ? `; one line per value of ${lineTitle}` : ''}${lines.length > MAX_LEGEND ? ` (${lines.length} lines, too many to tell apart by colour and dash: the table names them)` : ''}. Points share their random numbers, so differences between neighbours are not noise from different draws.${missing > 0 ? ` ${missing} point(s) did not measure it.` : ''}`,
    spec: knobLinesSpec(points, {
      description: `${metric} against ${xk.path} with interval bands`, xTitle: knobTitle(xk), yTitle: withUnit(metric, unit),
      xOrder: xk.numbers === undefined ? xk.values : undefined, lineTitle, lineOrder: lines,
      ...(xk.numbers !== undefined && xk.numbers.length <= 12 ? { xTicks: xk.numbers } : {}),
    }),
    table: {
      caption: `${withUnit(metric, unit)} per point: estimate and ${pct(d)} interval`,
      columns,
      rows,
    },
    tableBelow: widest.reduce((a, b) => a + b, 0) > 56,
  };
}

export function knobsSection(d: SweepDocument): Section | undefined {
  const knobs = d.grid.map(knobOf);
  const xi = xKnobIndex(knobs);
  const metrics = metricsOfInterest(d);
  // A metric that is 0 at every point (no rejections, no errors) says so in a line, not a flat chart.
  const zero = metrics.filter((m) => d.points.every((p) => (metricAt(p, m)?.estimate ?? 0) === 0));
  const charted = metrics.filter((m) => !zero.includes(m));
  const blocks: Block[] = charted.map((m) => ({ kind: 'figure', figure: knobFigure(d, knobs, xi, m) }));
  if (zero.length > 0) blocks.push({ kind: 'paragraph', text: `At every point: ${zero.map((m) => `${m} = 0`).join(', ')}.` });
  return blocks.length === 0 ? undefined : { id: 'knobs', title: `Metrics against ${knobs[xi]!.path}`, blocks };
}
