// The knobs a learned model is trained over: YAML paths with a range (`--vary path=lo..hi`),
// continuous, or whole numbers when both bounds are written as integers; and the Latin hypercube
// that spreads training points evenly over every knob's range.

import { Stream, streamSeed } from '../../../sim/random/stream.js';
import { QueryError } from '../errors.js';
import { quantityValue } from '../overrides.js';

export interface Knob {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  /** Servers, capacities: sampled and compared as whole numbers. */
  readonly integer: boolean;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** `path=lo..hi`, bounds as numbers, rates (1/s, 20/min) or durations (200ms): converted to base units. */
export function parseVary(text: string): Knob {
  const eq = text.indexOf('=');
  const dots = text.indexOf('..', eq + 1);
  if (eq <= 0 || dots < 0) throw new QueryError(`--vary ${text}: expected path=lo..hi, such as agents.answerer.servers=2..6`);
  const path = text.slice(0, eq).trim();
  const loText = text.slice(eq + 1, dots).trim();
  const hiText = text.slice(dots + 2).trim();
  const lo = quantityValue(Number.isNaN(Number(loText)) ? loText : Number(loText));
  const hi = quantityValue(Number.isNaN(Number(hiText)) ? hiText : Number(hiText));
  if (lo === undefined || hi === undefined) throw new QueryError(`--vary ${text}: expected numbers, rates or durations as bounds, found '${loText}' and '${hiText}'`);
  if (!(lo < hi)) throw new QueryError(`--vary ${text}: expected lo < hi, found ${lo} and ${hi}`);
  return { path, lo, hi, integer: INTEGER.test(loText) && INTEGER.test(hiText) };
}

/** The knob's value in [0, 1] over its range (outside the range when outside). */
export function unit(k: Knob, value: number): number {
  return (value - k.lo) / (k.hi - k.lo);
}

/**
 * n points, one per stratum of every knob's range, strata paired at random (McKay, Beckman and
 * Conover 1979). Whole-number knobs take each value about equally often. Each `round` of training
 * draws a design of its own.
 */
export function latinHypercube(knobs: readonly Knob[], n: number, seed: number, round = 0): number[][] {
  const s = new Stream(streamSeed(seed, round, 'learned:latin-hypercube'));
  const columns = knobs.map((k) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(s.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order.map((stratum) => {
      const u = (stratum + s.uniform()) / n;
      return k.integer ? Math.min(k.hi, k.lo + Math.floor(u * (k.hi - k.lo + 1))) : k.lo + u * (k.hi - k.lo);
    });
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}

/** The overrides that put the scenario at one point of the knob space. */
export function knobOverrides(knobs: readonly Knob[], point: readonly number[]): string[] {
  return knobs.map((k, i) => `${k.path}=${String(point[i]!)}`);
}
