// Least-squares fits of nested polynomial term sets, each with its K-fold cross-validation, for
// every bootstrap resample of the training points (fit.ts): the learned backend's linear algebra.
//
// One orthonormal basis Q of the largest set's design, built column by column in the terms' order,
// serves every set: a smaller set's terms come first (monomials() lists them so), so its columns
// span a prefix of Q, and the Cholesky factor of a prefix's Gram matrix is the prefix of the whole
// one's. In Q the normal equations are well conditioned however ill-conditioned the monomials are.
// A fold's fit is not solved on its own: the residual of a fit without the fold's points comes from
// the fit on all of them (e₋f = (I − H_ff)⁻¹ e_f, H_ff the hat matrix's block of the fold, its rows
// weighted), which costs the fold's few points rather than a factorisation of the whole set per fold.

import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * A column whose part orthogonal to the earlier ones is below this share of its norm depends on
 * them, numerically, and is left out (its coefficient 0): the design is then rank-deficient, as
 * with powers a knob's few values cannot tell apart. The smallest share a column that belongs has,
 * u⁸ against the lower powers on [0, 1], is about 1e-5.
 */
const DEPENDENT = 1e-10;
/** A pivot not above this share of its diagonal entry ends a Cholesky factorisation: not positive definite. */
const PIVOT = 1e-12;

/** Each set's cross-validation on one weighting of the points (how often each is drawn). */
export interface NestedCrossValidation {
  /** Per set: every drawn point's squared residual from the fit without its fold, repeated as often as it is drawn, fold by fold (the same order for every set). */
  readonly squares: readonly (readonly number[])[];
  /** Per set: each drawn point's prediction by the fit without its fold (NaN for points not drawn or a fold fit the others cannot determine). */
  readonly predictions: readonly (readonly number[])[];
  /** Set s's coefficients fitted on all drawn points, over the largest set's terms (the ones it lacks 0). */
  coefficients(s: number): Float64Array;
}

/** Monomials' values at each point (u^e multiplied in knob order, as polynomialAt does), one array per term. */
function designColumns(terms: readonly (readonly number[])[], rows: readonly (readonly number[])[]): Float64Array[] {
  return terms.map((e) => Float64Array.from(rows, (u) => {
    let t = 1;
    for (let k = 0; k < u.length; k++) if (e[k]! > 0) t *= u[k]! ** e[k]!;
    return t;
  }));
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * Factors the symmetric A (r × r, row-major, its lower triangle read) in place as L Lᵀ, row by row;
 * returns how many leading rows were factored before a pivot that is not positive (the leading
 * block of that size is positive definite, and L's rows so far are its factor).
 */
function choleskyPrefix(a: Float64Array, r: number): number {
  for (let i = 0; i < r; i++) {
    const ri = i * r;
    for (let j = 0; j <= i; j++) {
      const rj = j * r;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (i === j) {
        if (!(s > PIVOT * Math.max(1, a[ri + i]!))) return i;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
  }
  return r;
}

/** x = L⁻¹ b over the first `size` rows of the factor `l` (stride r), written to x (offset `at`). */
function forward(l: Float64Array, r: number, b: ArrayLike<number>, size: number, x: Float64Array, at = 0): void {
  for (let i = 0; i < size; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * r + k]! * x[at + k]!;
    x[at + i] = s / l[i * r + i]!;
  }
}

/** x = L⁻ᵀ b in place over the first `size` rows of the factor `l` (stride r). */
function backward(l: Float64Array, r: number, x: Float64Array, size: number): void {
  for (let i = size - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < size; k++) s -= l[k * r + i]! * x[k]!;
    x[i] = s / l[i * r + i]!;
  }
}

export class NestedFits {
  private readonly n: number;
  /** Columns of Q kept (the rank of the largest set's design). */
  private readonly r: number;
  /** Q's rows: point i's coordinates at i·r. */
  private readonly basis: Float64Array;
  /** The term each column of Q stands for. */
  private readonly kept: readonly number[];
  /** R, upper triangular (r × r): the kept terms' design is Q R, so coefficients are R⁻¹ β. */
  private readonly triangle: Float64Array;
  /** Each set's columns of Q: a prefix. */
  private readonly sizes: readonly number[];

  /**
   * `terms`: the largest set's monomials; `counts`: each set's number of terms, increasing, its
   * terms the first of `terms`; `rows`: the points' knobs, scaled.
   */
  constructor(readonly terms: readonly (readonly number[])[], counts: readonly number[], rows: readonly (readonly number[])[]) {
    const n = rows.length;
    this.n = n;
    const q: Float64Array[] = [];
    const kept: number[] = [];
    const columnsOfR: Float64Array[] = [];
    designColumns(terms, rows).forEach((v, j) => {
      const norm = Math.sqrt(dot(v, v));
      const h = new Float64Array(q.length);
      // Gram-Schmidt twice: one pass leaves a part along the earlier columns as large as the rounding of the projections.
      for (let pass = 0; pass < 2; pass++) {
        q.forEach((qa, a) => {
          const d = dot(qa, v);
          h[a]! += d;
          for (let i = 0; i < n; i++) v[i]! -= d * qa[i]!;
        });
      }
      const rest = Math.sqrt(dot(v, v));
      if (!(rest > DEPENDENT * norm)) return;
      for (let i = 0; i < n; i++) v[i]! /= rest;
      q.push(v);
      kept.push(j);
      columnsOfR.push(Float64Array.from([...h, rest]));
    });
    const r = kept.length;
    this.r = r;
    this.kept = kept;
    this.basis = new Float64Array(n * r);
    q.forEach((qa, a) => qa.forEach((x, i) => { this.basis[i * r + a] = x; }));
    this.triangle = new Float64Array(r * r);
    columnsOfR.forEach((c, b) => c.forEach((x, a) => { this.triangle[a * r + b] = x; }));
    this.sizes = counts.map((count) => kept.filter((j) => j < count).length);
  }

  /** Every set's cross-validation over the folds `members`, each point weighted by how often it is drawn. */
  crossValidate(z: readonly number[], weight: ArrayLike<number>, members: readonly (readonly number[])[]): NestedCrossValidation {
    const { r, basis, sizes } = this;
    const n = z.length;
    const l = new Float64Array(r * r);
    const moment = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      const w = weight[i]!;
      if (w === 0) continue;
      const row = i * r;
      for (let a = 0; a < r; a++) {
        const ua = w * basis[row + a]!;
        moment[a]! += ua * z[i]!;
        for (let b = 0; b <= a; b++) l[a * r + b]! += ua * basis[row + b]!;
      }
    }
    // A set larger than the factored prefix has no fit on these points.
    const determined = choleskyPrefix(l, r);
    const c = new Float64Array(r);
    forward(l, r, moment, determined, c);
    // y_i = L⁻¹ q_i: a set's hat matrix is Σ over its prefix of y y ᵀ, its fitted values y · c.
    const y = new Float64Array(n * r);
    for (let i = 0; i < n; i++) if (weight[i] !== 0) forward(l, r, basis.subarray(i * r, (i + 1) * r), determined, y, i * r);

    const squares = sizes.map(() => [] as number[]);
    const predictions = sizes.map(() => new Array<number>(n).fill(NaN));
    for (const fold of members) {
      const drawn = fold.filter((i) => weight[i] !== 0);
      const m = drawn.length;
      const root = drawn.map((i) => Math.sqrt(weight[i]!));
      // The fold's weighted hat block and fitted values, grown set by set over the columns each adds.
      const hat = new Float64Array(m * m);
      const fitted = new Float64Array(m);
      const system = new Float64Array(m * m);
      const residual = new Float64Array(m);
      let from = 0;
      sizes.forEach((to, s) => {
        if (to > determined) {
          for (const i of drawn) for (let k = 0; k < weight[i]!; k++) squares[s]!.push(Infinity);
          return;
        }
        for (let j = 0; j < m; j++) {
          const yj = drawn[j]! * r;
          for (let a = from; a < to; a++) fitted[j]! += y[yj + a]! * c[a]!;
          for (let k = 0; k <= j; k++) {
            const yk = drawn[k]! * r;
            let sum = 0;
            for (let a = from; a < to; a++) sum += y[yj + a]! * y[yk + a]!;
            hat[j * m + k]! += root[j]! * root[k]! * sum;
          }
        }
        from = to;
        for (let j = 0; j < m; j++) {
          for (let k = 0; k <= j; k++) system[j * m + k] = (j === k ? 1 : 0) - hat[j * m + k]!;
          residual[j] = root[j]! * (z[drawn[j]!]! - fitted[j]!);
        }
        // The fit without the fold is determined when I − H_ff is positive definite.
        const solvable = choleskyPrefix(system, m) === m;
        if (solvable) {
          forward(system, m, residual, m, residual);
          backward(system, m, residual, m);
        }
        drawn.forEach((i, j) => {
          const out = solvable ? residual[j]! / root[j]! : NaN;
          predictions[s]![i] = z[i]! - out;
          // A fold fit the other folds cannot determine (they missed a knob's value) loses the comparison.
          const square = solvable ? out * out : Infinity;
          for (let k = 0; k < weight[i]!; k++) squares[s]!.push(square);
        });
      });
    }
    const coefficients = (s: number): Float64Array => {
      const out = new Float64Array(this.terms.length);
      const size = sizes[s]!;
      if (size > determined) return out;
      const beta = c.slice(0, size);
      backward(l, r, beta, size);
      this.toTerms(beta, size, out);
      return out;
    };
    return { squares, predictions, coefficients };
  }

  /** Set s's leverages on all points, each weighted 1: the hat matrix's diagonal, Σ over its prefix of Q's squares. */
  leverage(s: number): Float64Array {
    const { r, basis } = this;
    const size = this.sizes[s]!;
    return Float64Array.from({ length: this.n }, (_, i) => {
      let h = 0;
      for (let a = 0; a < size; a++) h += basis[i * r + a]! ** 2;
      return h;
    });
  }

  /** Coefficients over the terms of β, Q's first `size` coordinates (R⁻¹ β, upper triangular), written into `out`. */
  private toTerms(beta: Float64Array, size: number, out: Float64Array): void {
    const { r, triangle, kept } = this;
    const t = new Float64Array(size);
    for (let a = size - 1; a >= 0; a--) {
      let s = beta[a]!;
      for (let b = a + 1; b < size; b++) s -= triangle[a * r + b]! * t[b]!;
      t[a] = s / triangle[a * r + a]!;
    }
    for (let a = 0; a < size; a++) out[kept[a]!] = t[a]!;
  }

  /**
   * Rows whose polynomials' squares sum to xᵀ Σ x for a covariance Σ of the largest set's
   * coefficients, Σ clipped to its non-negative part (the bias correction can leave a direction
   * slightly negative). Decomposed in Q's coordinates, R Σ Rᵀ (on the scale of the fitted values'
   * variance; in the monomials' coefficients the entries span many orders of magnitude), and mapped
   * back to coefficients.
   */
  spreadRows(covariance: Matrix): number[][] {
    const { r, triangle, kept } = this;
    const rt = new Matrix(r, r);
    for (let a = 0; a < r; a++) for (let b = a; b < r; b++) rt.set(a, b, triangle[a * r + b]!);
    const inQ = rt.mmul(covariance.selection(kept as number[], kept as number[])).mmul(rt.transpose());
    const eigen = new EigenvalueDecomposition(inQ.add(inQ.transpose()).div(2), { assumeSymmetric: true });
    const out: number[][] = [];
    eigen.realEigenvalues.forEach((lambda, k) => {
      if (!(lambda > 0)) return;
      const w = Float64Array.from(eigen.eigenvectorMatrix.getColumn(k), (e) => e * Math.sqrt(lambda));
      const row = new Float64Array(this.terms.length);
      this.toTerms(w, r, row);
      out.push(Array.from(row));
    });
    return out;
  }
}
