// A metric against a knob of a sweep: the estimate at each grid value (a line with a marker) and
// its interval (a band), one line per value of the other knobs, told apart by colour and dash.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, DASHES, LINE_LEGEND, PALETTE, WIDE } from './theme.js';

export interface KnobPoint {
  /** The knob's value: a number on a numeric knob, else the value as written. */
  readonly x: number | string;
  readonly line: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface KnobLinesOptions {
  readonly description: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** Values as written, in grid order, when the knob is not numeric. */
  readonly xOrder: readonly string[] | undefined;
  /** Ticks of a numeric knob: its grid values, so an integer knob reads 4, 5, 6 and not 4.2. */
  readonly xTicks?: readonly number[];
  readonly lineTitle: string;
  readonly lineOrder: readonly string[];
}

const WIDTH = WIDE - 120;
/** Most lines told apart by a legend (the palette has 8 colours, the dashes 8 patterns). */
export const MAX_LEGEND = 8;

const cycle = <T>(xs: readonly T[], n: number): T[] => Array.from({ length: Math.max(1, n) }, (_, i) => xs[i % xs.length]!);

export function knobLinesSpec(points: readonly KnobPoint[], o: KnobLinesOptions): TopLevelSpec {
  const several = o.lineOrder.length > 1;
  // vega sizes text without a canvas at about 0.8 em per character: labels that would not fit
  // their slot are slanted rather than cut.
  const slot = WIDTH / Math.max(1, o.xOrder?.length ?? 1);
  const slant = o.xOrder !== undefined && Math.max(...o.xOrder.map((v) => v.length)) * 0.8 * 11 > slot;
  const x = o.xOrder === undefined
    ? { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false, nice: false, padding: 12 }, ...(o.xTicks === undefined ? {} : { axis: { values: [...o.xTicks] } }) }
    : { field: 'x', type: 'ordinal', title: o.xTitle, sort: [...o.xOrder], scale: { padding: 0.5 }, axis: { labelAngle: slant ? -30 : 0, labelLimit: 240 } };
  const y = { field: 'estimate', type: 'quantitative', title: o.yTitle, scale: { zero: false } };
  const n = o.lineOrder.length;
  const line = { field: 'line', type: 'nominal', title: o.lineTitle, sort: [...o.lineOrder] };
  // One legend, of line samples in each line's colour and dash (as over time). Beyond
  // MAX_LEGEND lines colours and dashes repeat, so a legend would mislead: the table names them.
  const legend = several && o.lineOrder.length <= MAX_LEGEND ? { ...LINE_LEGEND, titleLimit: 480, labelLimit: 400 } : null;
  const color = { ...line, legend, scale: { domain: [...o.lineOrder], range: cycle(PALETTE, n) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: CONFIG,
    width: WIDTH,
    height: 220,
    data: { values: points },
    layer: [
      { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, fill: color } },
      { mark: { type: 'line' }, encoding: { x, y, color, strokeDash: { ...line, legend, scale: { domain: [...o.lineOrder], range: cycle(DASHES, n) } } } },
      {
        mark: { type: 'point', filled: true, size: 55, opacity: 1 },
        encoding: { x, y, color },
      },
    ],
  } as TopLevelSpec;
}
