// How a sweep's grid is drawn: which knob goes on the x axis (the one with the most values; a
// numeric one when tied), whether its values are numbers (with one unit, such as 2/s or 300ms),
// what the other knobs' values are called as lines, and which points are Pareto-optimal.

import type { Axis } from '../models/sweep/grid.js';

export interface Knob {
  readonly path: string;
  /** Values as written in --grid. */
  readonly values: readonly string[];
  /** The values as numbers when every one is a number with the same unit (or none). */
  readonly numbers: readonly number[] | undefined;
  readonly unit: string;
}

const NUMBER_WITH_UNIT = /^\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z%µ][\w%/µ]*|\/[A-Za-z]+)?\s*$/;

export function knobOf(axis: Axis): Knob {
  const parsed = axis.values.map((v) => NUMBER_WITH_UNIT.exec(v));
  const units = new Set(parsed.map((m) => m?.[2] ?? ''));
  if (parsed.some((m) => m === null) || units.size !== 1) return { path: axis.path, values: axis.values, numbers: undefined, unit: '' };
  return { path: axis.path, values: axis.values, numbers: parsed.map((m) => Number(m![1])), unit: [...units][0]! };
}

/** Index of the knob for the x axis: most values, then numeric, then first in the grid. */
export function xKnobIndex(knobs: readonly Knob[]): number {
  let best = 0;
  knobs.forEach((k, i) => {
    const b = knobs[best]!;
    if (k.values.length > b.values.length || (k.values.length === b.values.length && k.numbers !== undefined && b.numbers === undefined)) best = i;
  });
  return best;
}

/** The name of a point's line: the values of every knob but the x one. */
export function lineLabel(knobs: readonly Knob[], x: number, values: Readonly<Record<string, string>>): string {
  const others = knobs.filter((_, i) => i !== x);
  if (others.length === 1) return values[others[0]!.path] ?? '';
  return others.map((k) => `${k.path}=${values[k.path] ?? ''}`).join(', ');
}

export const knobTitle = (k: Knob): string => (k.unit === '' ? k.path : `${k.path} (${k.unit})`);

export type Better = 'lower' | 'higher';

export interface Candidate {
  readonly x: number;
  readonly y: number;
}

/**
 * Whether each candidate is Pareto-optimal: no other is at least as good on both measures and
 * strictly better on one.
 */
export function paretoFront(points: readonly Candidate[], xBetter: Better, yBetter: Better): boolean[] {
  const sx = xBetter === 'lower' ? 1 : -1;
  const sy = yBetter === 'lower' ? 1 : -1;
  return points.map((p) => !points.some((q) => {
    const dx = sx * (q.x - p.x), dy = sy * (q.y - p.y);
    return dx <= 0 && dy <= 0 && (dx < 0 || dy < 0);
  }));
}
