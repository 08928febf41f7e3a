// Estimates with their intervals: one row per item, a dot per series (colour and shape) on a bar
// from the lower to the upper bound. Used for latency percentiles, utilisation, cost, hit rates.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, SHAPES, WIDE } from './theme.js';

export interface IntervalRow {
  /** Row label (a class, an agent…). */
  readonly item: string;
  /** Series within the row (a statistic…). */
  readonly series: string;
  readonly estimate: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface IntervalDotsOptions {
  readonly description: string;
  readonly xTitle: string;
  readonly itemTitle: string;
  readonly seriesTitle: string;
  readonly log?: boolean;
  /** Fixed x domain (e.g. [0, 1] for fractions). */
  readonly domain?: readonly [number, number];
  /** Order of the series in legend and rows. */
  readonly seriesOrder?: readonly string[];
  /** A reference value drawn as a vertical rule (e.g. 1 for full utilisation). */
  readonly reference?: number;
  /** Start the axis at 0 (amounts such as costs, whose size is read from the origin). */
  readonly zero?: boolean;
}

export function intervalDotsSpec(rows: readonly IntervalRow[], o: IntervalDotsOptions): TopLevelSpec {
  const items = [...new Set(rows.map((r) => r.item))];
  const seriesOrder = o.seriesOrder ?? [...new Set(rows.map((r) => r.series))];
  const series = seriesOrder.filter((s) => rows.some((r) => r.series === s));
  // A fixed domain is the quantity's range (a fraction's [0, 1]): intervals are cut to it.
  const [lo, hi] = o.domain ?? [-Infinity, Infinity];
  const clamp = (x: number): number => Math.min(hi, Math.max(lo, x));
  const values = rows.map((r) => ({ ...r, lower: clamp(r.lower ?? r.estimate), upper: clamp(r.upper ?? r.estimate) }));
  const x = {
    field: 'estimate', type: 'quantitative' as const, title: o.xTitle,
    scale: { ...(o.log === true ? { type: 'log' as const } : { zero: o.zero === true }), ...(o.domain !== undefined ? { domain: [...o.domain] } : { padding: 12 }) },
  };
  const y = { field: 'item', type: 'nominal' as const, title: o.itemTitle, sort: items };
  const yOffset = { field: 'series', type: 'nominal' as const, sort: series };
  const color = { field: 'series', type: 'nominal' as const, title: o.seriesTitle, sort: series };
  const layers: unknown[] = [
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, yOffset, x: { ...x, field: 'lower' }, x2: { field: 'upper' }, color } },
    {
      mark: { type: 'point', filled: true, size: 70, opacity: 1 },
      encoding: { y, yOffset, x, color, shape: { ...color, scale: { range: SHAPES.slice(0, Math.max(1, series.length)) } } },
    },
  ];
  if (o.reference !== undefined) {
    layers.push({ mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x: { datum: o.reference } } });
  }
  // The step sizes each series' slot within a row, so rows grow with the number of series.
  const step = series.length === 1 ? 22 : 13;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: CONFIG,
    width: WIDE - 200,
    height: { step, for: 'offset' },
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}
