// Percentile estimators: a fixed-memory, mergeable DDSketch-style sketch for the engine, and an exact
// reference that keeps every value. Both answer quantile(q) with the same nearest-rank definition:
//   quantile(q) = x_(k), the k-th smallest of the n values (1-based), k = max(1, ceil(q n)).
//
// Bound: for any q, if x_(k) lies in [MIN_VALUE, MAX_VALUE] = [1e-9, 1e9], the sketch returns y with
// |y - x_(k)| <= alpha * x_(k) (up to floating-point rounding at bucket edges), also after merging.
// Values below 1e-9 (0, negatives) share an underflow slot reported as the smallest value seen, values
// above 1e9 an overflow slot reported as the largest: exact when those slots hold one distinct value
// (typically zero waits), otherwise only bounded by [min, max]. NaN is ignored.
//
// Each estimator also gives its values as plain data (a Distribution), so that the percentiles of
// several replications' values together can be read where their estimators are not at hand (the
// results of replications run on worker threads): PooledDistribution, with the same bound.

/** Smallest and largest values the sketch resolves to relative accuracy; seconds, so 1 ns .. 31 years. */
export const SKETCH_MIN_VALUE = 1e-9;
export const SKETCH_MAX_VALUE = 1e9;

export interface QuantileEstimator {
  add(x: number): void;
  /** x_(k) with k = nearestRank(q, count); NaN when empty. Throws for q outside [0, 1]. */
  quantile(q: number): number;
  readonly count: number;
  reset(): void;
  /** The values added, as plain data that crosses worker threads (see PooledDistribution). */
  distribution(): Distribution;
}

/**
 * The values an estimator holds: `values` ascending, each standing for `counts[i]` values (each for
 * one when `counts` is undefined). A sketch gives one entry per non-empty bucket, its reported value;
 * the exact estimator every value.
 */
export interface Distribution {
  readonly values: Float64Array;
  readonly counts: Float64Array | undefined;
}

/**
 * All the parts' values together, ordered once to answer any number of nearest-rank quantiles
 * (NaN when the parts hold none). Within the sketch's relative error of the exact pooled quantile:
 * the entries of one bucket, whichever part they come from, all lie in that bucket, so the ordered
 * union reaches rank k in the bucket that holds x_(k).
 */
export class PooledDistribution {
  private readonly values: Float64Array;
  /** Running total of the counts in value order; undefined when every entry counts once. */
  private readonly cumulative: Float64Array | undefined;
  readonly count: number;

  constructor(parts: readonly Distribution[]) {
    // Exact parts can hold millions of values: a typed sort of the values alone.
    if (parts.every((d) => d.counts === undefined)) {
      const values = new Float64Array(parts.reduce((n, d) => n + d.values.length, 0));
      let at = 0;
      for (const d of parts) {
        values.set(d.values, at);
        at += d.values.length;
      }
      this.values = values.sort();
      this.cumulative = undefined;
      this.count = values.length;
      return;
    }
    // Sketches of one accuracy share their buckets' values: thousands of parts hold a few hundred
    // distinct values, counted once each and then ordered.
    const counts = new Map<number, number>();
    for (const d of parts) {
      for (let i = 0; i < d.values.length; i++) {
        const v = d.values[i]!;
        counts.set(v, (counts.get(v) ?? 0) + (d.counts === undefined ? 1 : d.counts[i]!));
      }
    }
    this.values = Float64Array.from(counts.keys()).sort();
    let total = 0;
    this.cumulative = Float64Array.from(this.values, (v) => (total += counts.get(v)!));
    this.count = total;
  }

  quantile(q: number): number {
    const k = nearestRank(q, this.count);
    if (this.count === 0) return NaN;
    const c = this.cumulative;
    if (c === undefined) return this.values[k - 1]!;
    // The first entry whose running total reaches k: binary search over the running totals.
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! >= k) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

/**
 * The 1-based rank k = max(1, ceil(q n)) of the nearest-rank q-quantile of n values. The product is
 * shrunk by a few ulps first, so that e.g. q = 0.07, n = 100 (0.07 * 100 = 7.000000000000001) gives 7.
 */
export function nearestRank(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level must be in [0, 1], got ${q}`);
  const k = Math.ceil(q * n * (1 - 4 * Number.EPSILON));
  return k < 1 ? 1 : k > n ? n : k;
}

/**
 * Logarithmic buckets with gamma = (1 + alpha) / (1 - alpha): bucket i holds (gamma^(i-1), gamma^i] and
 * reports 2 gamma^i / (gamma + 1), which is within relative error alpha of every value in the bucket.
 * Counts live in one preallocated Float64Array of about ln(1e18) / ln(gamma) + 3 slots (2,076 for
 * alpha = 0.01, 16.6 kB; 20,726 for alpha = 0.001, 166 kB), whatever the count.
 */
export class QuantileSketch implements QuantileEstimator {
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly invLogGamma: number;
  private readonly minIndex: number;
  private readonly last: number;
  // Slot 0 counts values below SKETCH_MIN_VALUE, slot j in 1..last is log bucket minIndex + j - 1, and
  // slot last + 1 counts values above SKETCH_MAX_VALUE.
  private readonly counts: Float64Array;
  private n = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(relativeAccuracy: number) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new Error(`relative accuracy must be in (0, 1), got ${relativeAccuracy}`);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.invLogGamma = 1 / Math.log(this.gamma);
    this.minIndex = Math.ceil(Math.log(SKETCH_MIN_VALUE) * this.invLogGamma);
    const maxIndex = Math.ceil(Math.log(SKETCH_MAX_VALUE) * this.invLogGamma);
    this.last = maxIndex - this.minIndex + 1;
    this.counts = new Float64Array(this.last + 2);
  }

  /** Number of count slots (constant for a given accuracy). */
  get bucketCount(): number {
    return this.counts.length;
  }

  get count(): number {
    return this.n;
  }

  /** Smallest value added (Infinity when empty). */
  get min(): number {
    return this.lo;
  }

  /** Largest value added (-Infinity when empty). */
  get max(): number {
    return this.hi;
  }

  add(x: number): void {
    if (x >= SKETCH_MIN_VALUE) {
      if (x <= SKETCH_MAX_VALUE) {
        let j = Math.ceil(Math.log(x) * this.invLogGamma) - this.minIndex + 1;
        // Rounding in log can step one bucket outside the range at its edges.
        if (j < 1) j = 1;
        else if (j > this.last) j = this.last;
        this.counts[j]! += 1;
      } else {
        this.counts[this.last + 1]! += 1;
      }
    } else if (x === x) {
      this.counts[0]! += 1;
    } else {
      return;
    }
    this.n += 1;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  quantile(q: number): number {
    const k = nearestRank(q, this.n);
    if (this.n === 0) return NaN;
    const counts = this.counts;
    let cumulative = 0;
    let j = 0;
    for (; j < counts.length; j++) {
      cumulative += counts[j]!;
      if (cumulative >= k) break;
    }
    // The bucket where the running count first reaches k is the one holding x_(k).
    return this.reported(j);
  }

  /** The value slot j reports: its bucket's centre, or the extreme seen for the outer slots. */
  private reported(j: number): number {
    if (j === 0) return this.lo;
    if (j > this.last) return this.hi;
    const y = (2 * Math.pow(this.gamma, j - 1 + this.minIndex)) / (this.gamma + 1);
    // Every value of the bucket lies in [min, max], so clamping can only bring y closer to them.
    return y < this.lo ? this.lo : y > this.hi ? this.hi : y;
  }

  distribution(): Distribution {
    const values: number[] = [];
    const counts: number[] = [];
    for (let j = 0; j < this.counts.length; j++) {
      const c = this.counts[j]!;
      if (c === 0) continue;
      values.push(this.reported(j));
      counts.push(c);
    }
    return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
  }

  /** Adds the other sketch's counts to this one; both must have the same relative accuracy. */
  merge(o: QuantileSketch): void {
    if (o.relativeAccuracy !== this.relativeAccuracy) {
      throw new Error(`cannot merge sketches of accuracy ${o.relativeAccuracy} and ${this.relativeAccuracy}`);
    }
    const counts = this.counts;
    const other = o.counts;
    for (let j = 0; j < counts.length; j++) counts[j]! += other[j]!;
    this.n += o.n;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }

  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}

/**
 * Keeps every value in a Float64Array that doubles when full (amortised O(1) add) and sorts lazily, once
 * per batch of adds, when a quantile is asked for. The reference the sketch is tested against.
 */
export class ExactQuantiles implements QuantileEstimator {
  private values: Float64Array;
  private n = 0;
  private isSorted = true;

  constructor(initialCapacity = 1024) {
    this.values = new Float64Array(Math.max(1, Math.floor(initialCapacity)));
  }

  get count(): number {
    return this.n;
  }

  add(x: number): void {
    if (x !== x) return; // NaN is ignored, as in QuantileSketch
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = x;
    this.isSorted = false;
  }

  quantile(q: number): number {
    const k = nearestRank(q, this.n);
    if (this.n === 0) return NaN;
    if (!this.isSorted) {
      this.values.subarray(0, this.n).sort();
      this.isSorted = true;
    }
    return this.values[k - 1]!;
  }

  distribution(): Distribution {
    const values = this.values.slice(0, this.n).sort();
    return { values, counts: undefined };
  }

  merge(o: ExactQuantiles): void {
    const m = o.n; // fixed first, so merging a set into itself terminates
    for (let i = 0; i < m; i++) this.add(o.values[i]!);
  }

  reset(): void {
    this.n = 0;
    this.isSorted = true;
  }
}
