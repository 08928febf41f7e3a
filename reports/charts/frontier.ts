// A trade-off across a sweep's points (quality against cost, or latency against cost): each point
// with its interval on both measures, the Pareto-optimal ones filled and joined by a dashed line,
// every point labelled by its number so the table beside it names its knob values.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDE } from './theme.js';

export interface FrontierPoint {
  readonly label: string;
  readonly x: number;
  readonly xLow: number;
  readonly xHigh: number;
  readonly y: number;
  readonly yLow: number;
  readonly yHigh: number;
  readonly front: boolean;
}

export const ON_FRONT = 'Pareto-optimal';
export const DOMINATED = 'dominated';

/**
 * Labels of points drawn nearly on top of each other are merged ("#4, #5") and written once, at
 * the first of them, so they do not overprint.
 */
export function mergedLabels(points: readonly FrontierPoint[]): { x: number; y: number; label: string }[] {
  const span = (xs: readonly number[]) => (Math.max(...xs) - Math.min(...xs)) || 1;
  const [sx, sy] = [span(points.map((p) => p.x)), span(points.map((p) => p.y))];
  const out: { x: number; y: number; label: string }[] = [];
  for (const p of points) {
    const near = out.find((q) => Math.abs(q.x - p.x) < 0.04 * sx && Math.abs(q.y - p.y) < 0.05 * sy);
    if (near === undefined) out.push({ x: p.x, y: p.y, label: p.label });
    else near.label = `${near.label}, ${p.label}`;
  }
  return out;
}

export function frontierSpec(points: readonly FrontierPoint[], o: { readonly description: string; readonly xTitle: string; readonly yTitle: string }): TopLevelSpec {
  const values = points.map((p) => ({ ...p, status: p.front ? ON_FRONT : DOMINATED }));
  const front = values.filter((p) => p.front).sort((a, b) => a.x - b.x || a.y - b.y);
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false, nice: true, padding: 16 } };
  const y = { field: 'y', type: 'quantitative', title: o.yTitle, scale: { zero: false, nice: true, padding: 16 } };
  const status = { field: 'status', type: 'nominal', title: null, sort: [ON_FRONT, DOMINATED], legend: { symbolSize: 90, symbolStrokeWidth: 1.5 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: CONFIG,
    width: WIDE - 120,
    height: 300,
    layer: [
      { data: { values }, mark: { type: 'rule', color: '#9a9a9a' }, encoding: { y, x: { ...x, field: 'xLow' }, x2: { field: 'xHigh' } } },
      { data: { values }, mark: { type: 'rule', color: '#9a9a9a' }, encoding: { x, y: { ...y, field: 'yLow' }, y2: { field: 'yHigh' } } },
      { data: { values: front.map((p, i) => ({ ...p, order: i })) }, mark: { type: 'line', color: '#0072B2', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x, y, order: { field: 'order' } } },
      {
        data: { values },
        mark: { type: 'point', size: 90, opacity: 1, strokeWidth: 1.5 },
        encoding: {
          x, y,
          color: { ...status, scale: { domain: [ON_FRONT, DOMINATED], range: ['#0072B2', '#7a7a7a'] } },
          fill: { ...status, scale: { domain: [ON_FRONT, DOMINATED], range: ['#0072B2', '#ffffff'] } },
          shape: { ...status, scale: { domain: [ON_FRONT, DOMINATED], range: ['diamond', 'circle'] } },
        },
      },
      { data: { values: mergedLabels(points) }, mark: { type: 'text', align: 'left', dx: 9, dy: -8, fontSize: 11, color: '#222' }, encoding: { x, y, text: { field: 'label', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}
