// A quantity over simulated time: per window, the mean over replications (a line) and its interval
// (a band), with the warm-up shaded and its end marked. One panel per facet value (e.g. agent), or
// several series in one panel told apart by colour and dash.

import type { TopLevelSpec } from 'vega-lite';
import { eventLayers } from './negotiation-timeline.js';
import { CONFIG, DASHES, LINE_LEGEND, NARROW, PALETTE, WIDE } from './theme.js';

export interface TimePoint {
  /** Facet or series value. */
  readonly series: string;
  /** Middle of the window, seconds. */
  readonly t: number;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface OverTimeOptions {
  readonly description: string;
  readonly yTitle: string;
  readonly seriesTitle: string;
  readonly seriesOrder: readonly string[];
  readonly warmup: number;
  readonly horizon: number;
  /** One small panel per series (for per-agent quantities) rather than lines in one panel. */
  readonly facet: boolean;
  readonly domain?: readonly [number, number];
  /**
   * Horizontal reference lines (e.g. an objective's threshold), each with a label, from `from` to
   * `to` seconds (the whole run by default): a threshold that changes is several segments.
   */
  readonly thresholds?: readonly { readonly value: number; readonly label: string; readonly from?: number; readonly to?: number }[];
  /** Instants marked by a vertical rule (e.g. timeline events); labelled at the top unless faceted. */
  readonly events?: readonly { readonly t: number; readonly label: string }[];
}

export function overTimeSpec(points: readonly TimePoint[], o: OverTimeOptions): TopLevelSpec {
  const x = { field: 't', type: 'quantitative', title: 'simulated time (s)', scale: { domain: [0, o.horizon], nice: false } };
  const y = { field: 'estimate', type: 'quantitative', title: o.yTitle, scale: o.domain !== undefined ? { domain: [...o.domain] } : { zero: true } };
  const series = { field: 'series', type: 'nominal', title: o.seriesTitle, sort: o.seriesOrder, ...(o.seriesOrder.length === 1 ? { legend: null } : {}) };
  // vega-lite merges the bands' fill legend with the lines' colour and dash legends: one legend,
  // drawn as line samples so the dash shows.
  const legend = o.seriesOrder.length === 1 ? null : LINE_LEGEND;
  const styled = o.facet ? {} : { color: { ...series, legend }, strokeDash: { ...series, legend, scale: { range: DASHES.slice(0, Math.max(1, o.seriesOrder.length)) } } };
  const bandFill = o.facet ? {} : { fill: { ...series, legend, scale: { range: [...PALETTE] } } };
  const layers: unknown[] = [];
  // Layers placed by datum alone get one row of data: on the chart's data they would repeat per point.
  const once = { values: [{}] };
  if (o.warmup > 0) {
    layers.push({ data: once, mark: { type: 'rect', color: '#f1f1f1' }, encoding: { x: { datum: 0, type: 'quantitative' }, x2: { datum: o.warmup } } });
  }
  layers.push(
    { mark: { type: 'area', opacity: 0.22 }, encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, ...bandFill } },
    { mark: { type: 'line' }, encoding: { x, y, ...styled } },
  );
  if (o.warmup > 0) {
    layers.push({ data: once, mark: { type: 'rule', color: '#777', strokeDash: [3, 3] }, encoding: { x: { datum: o.warmup, type: 'quantitative' } } });
  }
  for (const th of o.thresholds ?? []) {
    const from = th.from ?? 0, to = th.to ?? o.horizon;
    layers.push(
      { data: once, mark: { type: 'rule', color: '#D55E00', strokeDash: [6, 2], strokeWidth: 1.5 }, encoding: { x: { datum: from, type: 'quantitative' }, x2: { datum: to }, y: { datum: th.value, type: 'quantitative' } } },
      { data: once, mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#8a3a00', limit: 260 }, encoding: { x: { datum: to, type: 'quantitative' }, y: { datum: th.value, type: 'quantitative' }, text: { value: th.label } } },
    );
  }
  layers.push(...eventLayers(o.events ?? [], o.horizon, !o.facet, { baseline: 'top', dy: (line) => 2 + 12 * line }));
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', description: o.description, config: CONFIG, data: { values: points } };
  if (!o.facet) return { ...base, width: WIDE, height: 220, layer: layers } as TopLevelSpec;
  return {
    ...base,
    facet: { field: 'series', type: 'nominal', title: null, sort: o.seriesOrder, header: { labelAnchor: 'start' } },
    columns: 3,
    spec: { width: NARROW - 80, height: 110, layer: layers },
    resolve: { scale: { y: o.domain !== undefined ? 'shared' : 'independent' } },
  } as TopLevelSpec;
}
