// The learned backend's linear algebra (nested-fits.ts) against fits computed one by one: every
// fold's held-out residuals and every set's coefficients equal a weighted least-squares fit of
// that set on those points; a term the others span gets 0; a fold fit the other folds cannot
// determine loses; leverages are the hat matrix's diagonal; the spread rows' squares sum to the
// covariance's quadratic form.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { monomials } from '../../../models/query/learned/fit.js';
import { NestedFits } from '../../../models/query/learned/nested-fits.js';
import { Stream } from '../../../sim/random/stream.js';

const test = suite('learned: nested fits');

const monomial = (e: readonly number[], u: readonly number[]) => e.reduce((t, k, j) => t * u[j]! ** k, 1);

/** Weighted least squares of z on `terms` over `points` (each weighted), by QR of the scaled design. */
function directFit(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[], z: readonly number[], weight: readonly number[], points: readonly number[]): number[] {
  const used = points.filter((i) => weight[i]! > 0);
  const x = new Matrix(used.map((i) => terms.map((e) => Math.sqrt(weight[i]!) * monomial(e, rows[i]!))));
  const y = Matrix.columnVector(used.map((i) => Math.sqrt(weight[i]!) * z[i]!));
  return new QrDecomposition(x).solve(y).getColumn(0);
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

test('held-out residuals and coefficients equal a fit of each set on those points, for a resample\'s weights', () => {
  const s = new Stream('nested-fits');
  const n = 60;
  const rows = Array.from({ length: n }, () => [s.uniform(), s.uniform()]);
  const z = rows.map(([a, b]) => Math.log(1 + a! + 2 * a! * b! + b! ** 3) + 0.05 * (s.uniform() - 0.5));
  const weight = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) weight[Math.floor(s.uniform() * n)]! += 1;
  const members = Array.from({ length: 5 }, (_, f) => rows.flatMap((_, i) => (i % 5 === f ? [i] : [])));
  const terms = monomials(4, [4, 4]);
  const counts = [1, 2, 3, 4].map((d) => monomials(d, [d, d]).length);
  const cv = new NestedFits(terms, counts, rows).crossValidate(z, weight, members);
  const probes = Array.from({ length: 20 }, () => [s.uniform(), s.uniform()]);
  counts.forEach((count, set) => {
    const own = terms.slice(0, count);
    const squares: number[] = [];
    members.forEach((fold) => {
      const c = directFit(own, rows, z, weight, rows.flatMap((_, i) => (fold.includes(i) ? [] : [i])));
      for (const i of fold) {
        if (weight[i] === 0) {
          assert.ok(Number.isNaN(cv.predictions[set]![i]!), `set ${set}: a point not drawn has no prediction`);
          continue;
        }
        const predicted = own.reduce((t, e, j) => t + c[j]! * monomial(e, rows[i]!), 0);
        assert.ok(close(cv.predictions[set]![i]!, predicted, 1e-9), `set ${set}, point ${i}: ${cv.predictions[set]![i]} against ${predicted}`);
        for (let k = 0; k < weight[i]!; k++) squares.push((z[i]! - predicted) ** 2);
      }
    });
    assert.equal(cv.squares[set]!.length, n);
    cv.squares[set]!.forEach((x, k) => assert.ok(close(x, squares[k]!, 1e-7), `set ${set}: square ${k} ${x} against ${squares[k]}`));
    const all = directFit(own, rows, z, weight, rows.map((_, i) => i));
    const coefficients = cv.coefficients(set);
    assert.ok(coefficients.slice(count).every((x) => x === 0), 'the terms a set lacks are 0');
    for (const u of probes) {
      const a = terms.reduce((t, e, j) => t + coefficients[j]! * monomial(e, u), 0);
      const b = own.reduce((t, e, j) => t + all[j]! * monomial(e, u), 0);
      assert.ok(close(a, b, 1e-9), `set ${set} at ${u}: ${a} against ${b}`);
    }
  });
});

test('a term the others span gets 0; a fold fit the other folds cannot determine loses the comparison', () => {
  // Three values of one knob: u³ is a quadratic there, and without the points at 1 a quadratic is not determined.
  const rows = [0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1].map((u) => [u]);
  const z = rows.map(([u]) => 1 + u! - 0.5 * u! * u!);
  const terms = [[0], [1], [2], [3]];
  const fits = new NestedFits(terms, [2, 3, 4], rows);
  const members = [[6, 7, 8], [0, 3], [1, 4], [2, 5]];
  const cv = fits.crossValidate(z, new Array(9).fill(1), members);
  assert.equal(cv.squares[0]!.slice(0, 3).every(Number.isFinite), true, 'a line without the points at 1 is determined');
  assert.equal(cv.squares[1]!.slice(0, 3), [Infinity, Infinity, Infinity], 'a quadratic without them is not');
  assert.ok(cv.squares[1]!.slice(3).every((x) => x < 1e-20), 'the quadratic fits the other folds exactly');
  const quadratic = cv.coefficients(1);
  const cubic = cv.coefficients(2);
  [1, 1, -0.5, 0].forEach((c, j) => {
    assert.ok(Math.abs(quadratic[j]! - c) < 1e-12, `quadratic: coefficient ${j} ${quadratic[j]}`);
    assert.ok(Math.abs(cubic[j]! - c) < 1e-12, `cubic, its u³ spanned by the others: coefficient ${j} ${cubic[j]}`);
  });
});

test('leverages: the diagonal of each set\'s hat matrix X (XᵀX)⁻¹ Xᵀ, summing to its number of terms', () => {
  const s = new Stream('nested-leverage');
  const rows = Array.from({ length: 30 }, () => [s.uniform(), s.uniform()]);
  const terms = monomials(3, [3, 3]);
  const counts = [3, 6, 10];
  const fits = new NestedFits(terms, counts, rows);
  counts.forEach((count, set) => {
    const x = new Matrix(rows.map((u) => terms.slice(0, count).map((e) => monomial(e, u))));
    const hat = x.mmul(new QrDecomposition(x.transpose().mmul(x)).solve(x.transpose()));
    const leverage = fits.leverage(set);
    rows.forEach((_, i) => assert.ok(close(leverage[i]!, hat.get(i, i), 1e-8), `set ${set}, point ${i}: ${leverage[i]} against ${hat.get(i, i)}`));
    assert.ok(close(leverage.reduce((a, h) => a + h, 0), count, 1e-10));
  });
});

test('the spread rows\' squares sum to the covariance\'s quadratic form, for the terms the design keeps', () => {
  const s = new Stream('nested-spread');
  const rows = Array.from({ length: 40 }, () => [s.uniform(), s.uniform()]);
  const terms = monomials(3, [3, 3]);
  const fits = new NestedFits(terms, [terms.length], rows);
  const a = Matrix.rand(terms.length, terms.length, { random: () => s.uniform() - 0.5 });
  const covariance = a.mmul(a.transpose()).div(100);
  const spread = fits.spreadRows(covariance);
  for (let k = 0; k < 10; k++) {
    const x = terms.map((e) => monomial(e, [s.uniform(), s.uniform()]));
    const direct = Matrix.rowVector(x).mmul(covariance).mmul(Matrix.columnVector(x)).get(0, 0);
    const rowsSum = spread.reduce((t, row) => t + row.reduce((u, c, j) => u + c * x[j]!, 0) ** 2, 0);
    assert.ok(close(rowsSum, direct, 1e-8), `${rowsSum} against ${direct}`);
  }
});

test.run();
