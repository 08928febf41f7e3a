// Several runs on shared charts: one small chart per metric on its own scale, a row per run with its
// estimate and interval, the baseline's interval shaded across the chart so every other run reads
// against it, and the baseline's row marked by shape and colour as well as its label.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDE } from './theme.js';

export interface RunMetricRow {
  /** The run's label (unique on the page), e.g. "#2 support-desk". */
  readonly run: string;
  readonly estimate: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface RunMetric {
  /** Title above the chart: the metric and its unit. */
  readonly title: string;
  readonly rows: readonly RunMetricRow[];
  /** d3-format of the axis. */
  readonly format: string;
  /** The axis starts at 0 (amounts read from the origin: latencies, rates, costs, fractions). */
  readonly zero: boolean;
}

/** Width of the run labels, so every chart's plot starts at the same x. */
const LABELS = 150;

function metricSpec(m: RunMetric, runs: readonly string[], baseline: string, width: number): unknown {
  const base = m.rows.find((r) => r.run === baseline);
  const x = { type: 'quantitative', title: null, scale: { zero: m.zero, nice: true }, axis: { format: m.format, tickCount: 5 } };
  const y = { field: 'run', type: 'nominal', sort: runs, title: null, axis: { labelLimit: LABELS, minExtent: LABELS, maxExtent: LABELS } };
  const role = { field: 'role', type: 'nominal', legend: null, scale: { domain: ['baseline', 'other'] } };
  const values = m.rows.map((r) => ({ ...r, lower: r.lower ?? r.estimate, upper: r.upper ?? r.estimate, role: r.run === baseline ? 'baseline' : 'other' }));
  const layers: unknown[] = [];
  if (base !== undefined) {
    layers.push({
      data: { values: [{ lower: base.lower ?? base.estimate, upper: base.upper ?? base.estimate }] },
      mark: { type: 'rect', color: '#d6e6f4', opacity: 0.7 },
      encoding: { x: { ...x, field: 'lower' }, x2: { field: 'upper' } },
    });
  }
  layers.push(
    { data: { values }, mark: { type: 'rule', strokeWidth: 2.5 }, encoding: { y, x: { ...x, field: 'lower' }, x2: { field: 'upper' }, color: { ...role, scale: { ...role.scale, range: ['#0072B2', '#555555'] } } } },
    {
      data: { values },
      mark: { type: 'point', filled: true, size: 80, opacity: 1, stroke: '#222', strokeWidth: 0.5 },
      encoding: { y, x: { ...x, field: 'estimate' }, color: { ...role, scale: { ...role.scale, range: ['#0072B2', '#555555'] } }, shape: { ...role, scale: { ...role.scale, range: ['diamond', 'circle'] } } },
    },
  );
  return { title: { text: m.title, anchor: 'start', fontSize: 12, fontWeight: 'normal', offset: 4, limit: width + LABELS }, width, height: { step: 18 }, layer: layers };
}

export function runRowsSpec(metrics: readonly RunMetric[], runs: readonly string[], baseline: string, description: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    config: { ...CONFIG, concat: { spacing: 16 } },
    vconcat: metrics.map((m) => metricSpec(m, runs, baseline, WIDE - LABELS - 40)),
  } as TopLevelSpec;
}
