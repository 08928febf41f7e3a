// Several runs on one page, overlaid rather than stacked: which run is the baseline and how each
// differs from it (knob by knob), every run's banner, the key metrics on shared charts, the
// latency distributions on one CDF and the windowed p95 over time on one chart.

import type { MetricSummary } from '../../models/run/results.js';
import { intervalEnds } from '../../models/run/results.js';
import { replicationInterval } from '../../models/analysis/interval.js';
import { latencyCdfSpec, type CdfPoint } from '../charts/latency-cdf.js';
import { runRowsSpec, type RunMetric } from '../charts/run-rows.js';
import { overTimeSpec, type TimePoint } from '../charts/over-time.js';
import { summariseWindows } from '../series-summary.js';
import { formatNumber } from '../format.js';
import { metricOf } from '../metric-names.js';
import { commandText, knobDiff } from '../provenance.js';
import { ALL_CLASSES, type RunData } from '../run-data.js';
import { runChecks, withInterval } from './summary.js';
import { col, type Block, type FigureDraft, type Section } from './section.js';

/** A run on the overview: its data, its label on the page, where it was read from. */
export interface LabelledRun {
  readonly data: RunData;
  readonly label: string;
  readonly source: string;
}

/** Key metrics the shared chart draws (those at least one run reports), with their axis format. */
const KEY_METRICS: readonly (readonly [string, string, string])[] = [
  ['e2e.p95', 'end-to-end p95 (s)', ',.3~g'],
  ['e2e.mean', 'end-to-end mean (s)', ',.3~g'],
  ['throughput', 'throughput (requests/s)', ',.3~g'],
  ['rejected.fraction', 'rejected (fraction of requests)', '.2~%'],
  ['ttft.p95', 'time to first token p95 (s)', ',.3~g'],
  ['cost.per_task.mean', 'cost per task (USD)', ',.3~g'],
  ['quality.mean', 'quality (mean score)', ',.3~g'],
];

const LEVELS = { ok: 0, warn: 1, fail: 2 } as const;

/** A run's banner in one line: its level and its flagged checks (as its own page's banner says them). */
function bannerOf(d: RunData): { level: 'ok' | 'warn' | 'fail'; text: string } {
  const flagged = runChecks(d).filter((c) => c.level !== 'ok');
  if (flagged.length === 0) return { level: 'ok', text: 'complete, nothing flagged' };
  return { level: flagged.some((c) => c.level === 'fail') ? 'fail' : 'warn', text: flagged.map((c) => c.short).join('; ') };
}

function keyMetricsFigure(runs: readonly LabelledRun[], baseline: LabelledRun): FigureDraft | undefined {
  const metrics: RunMetric[] = [];
  const table: string[][] = [];
  for (const [name, title, format] of KEY_METRICS) {
    const at = runs.map((r) => [r, metricOf(r.data.results, name)] as const).filter((x): x is readonly [LabelledRun, MetricSummary] => x[1]?.estimate != null);
    if (at.length === 0) continue;
    const fraction = name === 'rejected.fraction';
    const clamp = (x: number | null) => (x === null || !fraction ? x : Math.min(1, Math.max(0, x)));
    metrics.push({
      title, format, zero: true,
      rows: at.map(([r, m]) => ({ run: r.label, estimate: m.estimate!, lower: clamp(intervalEnds(m)[0]), upper: clamp(intervalEnds(m)[1]) })),
    });
    for (const [r, m] of at) table.push([name, r.label, withInterval(m)]);
  }
  if (metrics.length === 0) return undefined;
  const conf = [...new Set(runs.map((r) => `${formatNumber(r.data.results.confidence * 100)} %`))].join(' or ');
  return {
    id: 'key-metrics',
    title: 'Key metrics, run by run',
    caption: `One small chart per metric on its own scale, a row per run: the dot is the estimate (the mean over replications; for a percentile, that of all the replications' requests together), the bar its ${conf} Student-t interval. The baseline (${baseline.label}) is the blue diamond, its interval shaded across the chart: a run whose bar lies clear of the shade differs from it. Intervals are per run, not corrected for comparing several: to gate a change, use apmsim compare.`,
    spec: runRowsSpec(metrics, runs.map((r) => r.label), baseline.label, 'Key metrics of every run on shared charts, baseline marked'),
    table: { caption: 'Key metrics per run: estimate and interval', columns: [col('metric'), col('run'), col('estimate and interval', true)], rows: table },
    tableBelow: true,
  };
}

/** Per run, the latency CDF of all its requests (its all-classes digest rows), mean over replications with its band. */
function cdfFigure(runs: readonly LabelledRun[], baseline: LabelledRun): FigureDraft | undefined {
  const points: CdfPoint[] = [];
  const shown: string[] = [];
  const rows: string[][] = [];
  for (const r of runs) {
    const digest = r.data.latency;
    if (digest === undefined) continue;
    const classes = new Set(digest.rows.map((x) => x.cls));
    const cls = classes.has(ALL_CLASSES) ? ALL_CLASSES : classes.size === 1 ? [...classes][0]! : undefined;
    if (cls === undefined) continue;
    const reps = digest.rows.filter((x) => x.cls === cls);
    shown.push(r.label);
    digest.levels.forEach((p, l) => {
      const e = replicationInterval(reps.map((x) => x.e2e[l]!), r.data.results.confidence);
      const lower = Number.isFinite(e.interval[0]) ? e.interval[0] : e.estimate;
      const upper = Number.isFinite(e.interval[1]) ? e.interval[1] : e.estimate;
      points.push({ cls: r.label, probability: p, estimate: e.estimate, lower, upper });
      if ([0.5, 0.95, 0.99].includes(p)) rows.push([r.label, `p${formatNumber(100 * p)}`, `${formatNumber(e.estimate)} s`]);
    });
  }
  if (shown.length < 2) return undefined;
  const missing = runs.filter((r) => !shown.includes(r.label)).map((r) => r.label);
  return {
    id: 'latency-cdf',
    title: 'Latency distributions, overlaid',
    caption: `End-to-end latency of all requests of each run: at each probability level the mean over replications of the replication's exact quantile, the band its pointwise interval. The baseline (${baseline.label}) is the solid line${shown[0] === baseline.label ? '' : ' (it recorded no distribution)'}; latency on a log scale.${missing.length > 0 ? ` Not drawn (no latency.arrow beside results.json): ${missing.join(', ')}.` : ''}`,
    spec: latencyCdfSpec(points, shown, 'Latency CDFs of every run, baseline solid', 'run'),
    table: { caption: 'Latency quantiles per run (mean over replications)', columns: [col('run'), col('quantile'), col('latency', true)], rows },
    tableBelow: true,
  };
}

/** Per run, the windowed p95 of end-to-end latency over simulated time (mean over replications, with its band), on one chart. */
function p95OverTimeFigure(runs: readonly LabelledRun[], baseline: LabelledRun): FigureDraft | undefined {
  const points: TimePoint[] = [];
  const shown: string[] = [];
  const rows: string[][] = [];
  for (const r of runs) {
    const s = r.data.series;
    if (s === undefined) continue;
    const windows = summariseWindows(s, r.data.results.confidence, (rep, w) => rep.e2eP95[w]!);
    if (windows.every((p) => p.estimate === null)) continue;
    shown.push(r.label);
    for (const p of windows) points.push({ series: r.label, t: (p.start + p.end) / 2, estimate: p.estimate, lower: p.lower, upper: p.upper });
    const peak = windows.filter((p) => p.estimate !== null).sort((a, b) => b.estimate! - a.estimate!)[0]!;
    rows.push([r.label, `${formatNumber(s.window)} s`, `${formatNumber(peak.estimate)} s`, `${formatNumber(peak.start)}–${formatNumber(peak.end)} s`]);
  }
  if (shown.length < 2) return undefined;
  const horizon = Math.max(...runs.map((r) => r.data.results.horizon));
  const missing = runs.filter((r) => !shown.includes(r.label)).map((r) => r.label);
  return {
    id: 'p95-over-time',
    title: 'End-to-end p95 over time, overlaid',
    caption: `Per window, the p95 end-to-end latency of the requests completed in it, mean over each run's replications with its interval as a band; the baseline (${baseline.label}) is the solid line, its warm-up shaded.${missing.length > 0 ? ` Not drawn (no timeseries.arrow beside results.json): ${missing.join(', ')}.` : ''}`,
    spec: overTimeSpec(points, {
      description: 'Windowed p95 end-to-end latency of every run over simulated time, baseline solid', yTitle: 'p95 end-to-end latency (s)', seriesTitle: 'run',
      seriesOrder: shown, warmup: baseline.data.results.warmup.seconds, horizon, facet: false,
    }),
    table: { caption: 'Per run: window length, and the highest windowed p95 with its window', columns: [col('run'), col('window', true), col('highest p95', true), col('in', true)], rows },
    tableBelow: true,
  };
}

/** The knobs that differ from the baseline's overrides, run by run; empty when no run recorded them or none differ. */
function knobRows(runs: readonly LabelledRun[], baseline: LabelledRun): string[][] {
  return runs.filter((r) => r !== baseline).flatMap((r) => (knobDiff(baseline.data.results.overrides, r.data.results.overrides) ?? []).map(([k, b, c]) => [r.label, k, b, c]));
}

export function runsOverviewSection(runs: readonly LabelledRun[], baseline: LabelledRun, merged: readonly string[]): Section {
  const banners = runs.map((r) => [r, bannerOf(r.data)] as const);
  const worst = banners.reduce<'ok' | 'warn' | 'fail'>((w, [, b]) => (LEVELS[b.level] > LEVELS[w] ? b.level : w), 'ok');
  const flagged = banners.filter(([, b]) => b.level !== 'ok');
  const headline = flagged.length === 0
    ? `${runs.length} runs, none flagged; baseline ${baseline.label}.`
    : `${flagged.length} of ${runs.length} runs flagged: ${flagged.map(([r, b]) => `${r.label}: ${b.text}`).join('; ')}.`;
  const r0 = (r: LabelledRun) => r.data.results;
  const overrides = (r: LabelledRun) => (Array.isArray(r0(r).overrides) ? (r0(r).overrides.length === 0 ? 'none' : r0(r).overrides.join('; ')) : 'not recorded');
  const knobs = knobRows(runs, baseline);
  const blocks: Block[] = [
    { kind: 'verdict', level: worst, headline, details: [`Baseline: ${baseline.label} (${baseline.source}); the charts mark it.`, ...merged] },
    {
      kind: 'table',
      table: {
        caption: 'The runs on this page: where each was read from, how it was made, and its own banner (details in its part below)',
        columns: [col('run'), col('source'), col('scenario'), col('seed', true), col('replications', true), col('overrides'), col('command'), col('banner')],
        rows: banners.map(([r, b]) => [r.label, r.source, r0(r).scenario, String(r0(r).seed), `${r0(r).replications}${r0(r).partial ? ' (partial)' : ''}`, overrides(r),
          r0(r).command == null ? '—' : commandText(r0(r).command!), `${b.level === 'ok' ? '✓' : b.level === 'warn' ? '⚠' : '✗'} ${b.text}`]),
      },
    },
  ];
  if (knobs.length > 0) {
    blocks.push({ kind: 'table', table: { caption: `Knobs that differ from the baseline's (overrides as applied; (file) where a run keeps the scenario file's value)`, columns: [col('run'), col('knob'), col('baseline'), col('this run')], rows: knobs } });
  }
  const key = keyMetricsFigure(runs, baseline);
  if (key !== undefined) blocks.push({ kind: 'figure', figure: key });
  const cdf = cdfFigure(runs, baseline);
  if (cdf !== undefined) blocks.push({ kind: 'figure', figure: cdf });
  const p95 = p95OverTimeFigure(runs, baseline);
  if (p95 !== undefined) blocks.push({ kind: 'figure', figure: p95 });
  return { id: 'runs', title: 'Runs side by side', blocks };
}
