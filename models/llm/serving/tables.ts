// Measured tables as functions: piecewise-linear in one variable (extended linearly beyond the last
// two points), and in two variables where each measured x has its own set of y points (the profiles'
// grids are not full rectangles), interpolated in y at the two bracketing x and then linearly in x.

/** y(x) through points sorted by x (at least one), linear between them and beyond the ends. */
export class Table1 {
  readonly x: Float64Array;
  readonly y: Float64Array;

  constructor(points: readonly (readonly [number, number])[]) {
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    // Repeated measurements of one x are averaged.
    const xs: number[] = [], ys: number[] = [], ns: number[] = [];
    for (const [x, y] of sorted) {
      const last = xs.length - 1;
      if (last >= 0 && xs[last] === x) { ys[last]! += y; ns[last]!++; } else { xs.push(x); ys.push(y); ns.push(1); }
    }
    this.x = Float64Array.from(xs);
    this.y = Float64Array.from(ys.map((y, i) => y / ns[i]!));
  }

  at(v: number): number {
    const x = this.x, y = this.y, n = x.length;
    if (n === 1) return y[0]!;
    let i = 1;
    if (v >= x[n - 1]!) i = n - 1;
    else if (v > x[0]!) { let lo = 0, hi = n - 1; while (hi - lo > 1) { const m = (lo + hi) >> 1; if (x[m]! <= v) lo = m; else hi = m; } i = hi; }
    const x0 = x[i - 1]!, x1 = x[i]!;
    return y[i - 1]! + ((y[i]! - y[i - 1]!) * (v - x0)) / (x1 - x0);
  }
}

/** f(x, y): a Table1 in y for each measured x, linear in x between the two bracketing rows (clamped at the ends in x). */
export class Table2 {
  readonly x: Float64Array;
  readonly rows: readonly Table1[];

  constructor(points: readonly (readonly [number, number, number])[]) {
    const byX = new Map<number, [number, number][]>();
    for (const [x, y, z] of points) {
      const row = byX.get(x);
      if (row === undefined) byX.set(x, [[y, z]]); else row.push([y, z]);
    }
    const xs = [...byX.keys()].sort((a, b) => a - b);
    this.x = Float64Array.from(xs);
    this.rows = xs.map((x) => new Table1(byX.get(x)!));
  }

  at(u: number, v: number): number {
    const x = this.x, n = x.length;
    if (u <= x[0]!) return this.rows[0]!.at(v);
    if (u >= x[n - 1]!) {
      if (n === 1) return this.rows[0]!.at(v);
      // Beyond the last row: extend linearly from the last two (work grows with the x axis: tokens, sequences).
      const a = this.rows[n - 2]!.at(v), b = this.rows[n - 1]!.at(v);
      return b + ((b - a) * (u - x[n - 1]!)) / (x[n - 1]! - x[n - 2]!);
    }
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (x[m]! <= u) lo = m; else hi = m; }
    const a = this.rows[lo]!.at(v), b = this.rows[hi]!.at(v);
    return a + ((b - a) * (u - x[lo]!)) / (x[hi]! - x[lo]!);
  }
}
