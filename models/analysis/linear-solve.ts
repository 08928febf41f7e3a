// A small dense linear solve (Gaussian elimination with partial pivoting) for the traffic
// equations, whose systems have one row per agent: a library's matrix machinery costs more to
// load than these solves take.

/** A pivot this small (after scaling by the column's largest entry) means the system is singular. */
const SINGULAR = 1e-12;

/** x with a x = b, or undefined when a is singular. `a` is square, row-major; neither input is changed. */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    const scale = Math.max(1, ...m.map((row) => Math.abs(row[col]!)));
    if (!(Math.abs(m[pivot]![col]!) > SINGULAR * scale)) return undefined;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let k = col; k <= n; k++) row[k]! -= f * p[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const row = m[i]!;
    let s = row[n]!;
    for (let k = i + 1; k < n; k++) s -= row[k]! * x[k]!;
    x[i] = s / row[i]!;
  }
  return x;
}
