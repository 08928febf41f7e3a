// Running count, sum, mean and variance of observations (waiting times, sojourns), in constant memory.
// Welford's update keeps the variance accurate when it is tiny relative to the squared mean.

export class Tally {
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;
  // Welford's running mean and sum of squared deviations from it; sumSq is derived from them.
  private mu = 0;
  private m2 = 0;

  add(x: number): void {
    const delta = x - this.mu;
    this.n += 1;
    this.total += x;
    this.mu += delta / this.n;
    this.m2 += delta * (x - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get count(): number {
    return this.n;
  }

  get sum(): number {
    return this.total;
  }

  /** Sum of squared observations. */
  get sumSq(): number {
    return this.m2 + this.n * this.mu * this.mu;
  }

  /** Infinity when empty. */
  get min(): number {
    return this.lo;
  }

  /** -Infinity when empty. */
  get max(): number {
    return this.hi;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.n > 0 ? this.mu : NaN;
  }

  /** Unbiased sample variance (divisor n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }

  reset(): void {
    this.n = 0;
    this.total = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.mu = 0;
    this.m2 = 0;
  }

  /** Adds another tally's observations to this one (Chan et al.'s pairwise update); `o` is unchanged. */
  merge(o: Tally): void {
    if (o.n === 0) return;
    const n = this.n + o.n;
    const delta = o.mu - this.mu;
    this.m2 += o.m2 + ((delta * delta * this.n) / n) * o.n;
    this.mu += (delta * o.n) / n;
    this.n = n;
    this.total += o.total;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }
}
