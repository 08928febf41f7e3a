// The piecewise-linear curves of model profiles (iteration time against tokens), evaluated by the
// GPU pools and by the stability check.

import type { Curve } from '../spec.js';

/** y(x) on a piecewise-linear curve, extended linearly past its last point. */
export function evaluateCurve(c: Curve, x: number): number {
  const xs = c.x, ys = c.y;
  const n = xs.length;
  let i = 1;
  while (i < n - 1 && xs[i]! < x) i++;
  const x0 = xs[i - 1]!, x1 = xs[i]!, y0 = ys[i - 1]!, y1 = ys[i]!;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}
