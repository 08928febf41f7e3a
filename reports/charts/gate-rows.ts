// A comparison's gated metrics as small charts, one per metric on its own scale: the tolerance band
// shaded, every paired replication's change as a dot, the estimate with its corrected interval, and
// the verdict written at the right. The scale is symmetric-log with the metric's tolerance as its
// linear range: the band keeps a readable width beside a change many times larger (a +17 % change
// against a ±2 % band), which one linear axis shared by every metric cannot do.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, VERDICT_STYLE, WIDE } from './theme.js';

export interface GateChartRow {
  /** Title above the row: the metric and which side is worse. */
  readonly label: string;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Tolerance band on the shown scale. */
  readonly bandLow: number;
  readonly bandHigh: number;
  /** The scale's linear range around 0 (the tolerance, > 0). */
  readonly linear: number;
  /** Each paired replication's change on the shown scale (missing pairs left out). */
  readonly pairs: readonly number[];
  readonly verdict: string;
  readonly verdictText: string;
  /** d3-format of the axis, e.g. '+.1~%'. */
  readonly format: string;
}


const symlog = (x: number, c: number): number => Math.sign(x) * Math.log1p(Math.abs(x) / c);
const unsymlog = (y: number, c: number): number => Math.sign(y) * c * Math.expm1(Math.abs(y));

/** The row's x domain: 0, the band, the interval and every dot, padded by 8 % on the drawn (symlog) scale. */
export function gateDomain(r: GateChartRow): [number, number] {
  const xs = [0, r.bandLow, r.bandHigh, r.estimate, r.lower, r.upper, ...r.pairs].filter((x): x is number => x !== null && Number.isFinite(x));
  const ys = xs.map((x) => symlog(x, r.linear));
  const lo = Math.min(...ys), hi = Math.max(...ys);
  const pad = Math.max((hi - lo) * 0.08, 0.2);
  return [unsymlog(lo - pad, r.linear), unsymlog(hi + pad, r.linear)];
}

/** Ticks at 0 and ±1, 2, 5, 10, 20, 50 … times the linear range, those inside the domain. */
export function gateTicks(linear: number, [lo, hi]: readonly [number, number]): number[] {
  const out = [0];
  for (let decade = 1; decade * linear <= Math.max(-lo, hi); decade *= 10) {
    for (const m of [1, 2, 5]) {
      const t = m * decade * linear;
      if (t <= hi) out.push(t);
      if (-t >= lo) out.push(-t);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Golden-ratio jitter in [0.15, 0.85]: the replication dots spread over the row's height the same way every time. */
const jitter = (i: number): number => 0.15 + 0.7 * ((i * 0.6180339887) % 1);

function rowSpec(r: GateChartRow, width: number): unknown {
  const domain = gateDomain(r);
  const clip = (x: number): number => Math.min(Math.max(x, domain[0]), domain[1]);
  const scale = { type: 'symlog', constant: r.linear, domain, nice: false, zero: false };
  const x = { type: 'quantitative', title: null, scale, axis: { format: r.format, values: gateTicks(r.linear, domain), grid: true } };
  const y = { type: 'quantitative', scale: { domain: [0, 1] }, axis: null };
  const [colour, shape] = VERDICT_STYLE[r.verdict] ?? ['#444', 'circle'];
  const ok = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const layers: unknown[] = [
    { data: { values: [{ low: clip(r.bandLow), high: clip(r.bandHigh) }] }, mark: { type: 'rect', color: '#d6e6f4', opacity: 0.7 }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } } },
    { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { x: { ...x, field: 'zero' } } },
  ];
  if (r.pairs.length > 0) {
    layers.push({
      data: { values: r.pairs.map((p, i) => ({ change: p, j: jitter(i) })) },
      mark: { type: 'point', shape: 'circle', size: 18, filled: false, color: '#666', opacity: 0.75, strokeWidth: 1 },
      encoding: { x: { ...x, field: 'change' }, y: { ...y, field: 'j' } },
    });
  }
  if (ok(r.lower) && ok(r.upper)) {
    layers.push({ data: { values: [{ lower: clip(r.lower), upper: clip(r.upper), y: 0.5 }] }, mark: { type: 'rule', strokeWidth: 3, color: colour }, encoding: { x: { ...x, field: 'lower' }, x2: { field: 'upper' }, y: { ...y, field: 'y' } } });
  }
  if (ok(r.estimate)) {
    layers.push({
      data: { values: [{ estimate: clip(r.estimate), y: 0.5 }] },
      mark: { type: 'point', shape, filled: true, size: 110, color: colour, opacity: 1, stroke: '#222', strokeWidth: 0.6 },
      encoding: { x: { ...x, field: 'estimate' }, y: { ...y, field: 'y' } },
    });
  }
  layers.push({
    data: { values: [{ text: r.verdictText }] },
    mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, fontWeight: 'bold', fontSize: 12, color: '#222' },
    encoding: { x: { value: 'width' }, y: { value: 18 }, text: { field: 'text', type: 'nominal' } },
  });
  return {
    title: { text: r.label, anchor: 'start', fontSize: 12, fontWeight: 'normal', offset: 4, limit: width + 100 },
    width, height: 36, layer: layers,
  };
}

export function gateRowsSpec(rows: readonly GateChartRow[], description: string): TopLevelSpec {
  const width = WIDE - 140;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    config: { ...CONFIG, concat: { spacing: 14 } },
    vconcat: rows.map((r) => rowSpec(r, width)),
  } as TopLevelSpec;
}
