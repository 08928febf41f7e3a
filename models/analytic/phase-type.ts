// Sojourn-time distributions that are exactly phase-type (M/M/c and M/H2/1 sojourn, sums of
// independent exponentials along a tandem of M/M/1 queues): survival function by uniformization, which stays
// accurate when rates coincide or nearly do, and quantiles by bisection on it.

/** Start in phase i with probability alpha[i]; phase i lasts Exp(rates[i]) then moves to next[i] (-1: absorbed). */
export interface PhaseType {
  readonly alpha: readonly number[];
  readonly rates: readonly number[];
  readonly next: readonly number[];
}

/** Exp(theta) wait with probability `waitProbability`, then Exp(mu) service: the M/M/c FCFS sojourn. */
export function mmcSojourn(mu: number, theta: number, waitProbability: number): PhaseType {
  return { alpha: [waitProbability, 1 - waitProbability], rates: [theta, mu], next: [1, -1] };
}

/**
 * The FCFS sojourn time of M/H2/1 at arrival rate λ, for the two-phase hyperexponential with balanced
 * means (p₁/μ₁ = p₂/μ₂) that the engine draws for a mean and SCV (ρ = λ·mean < 1). The sojourn time's
 * Laplace transform (1 − ρ) s B(s) / (s − λ + λB(s)) is rational for this B: once the root s = 0
 * cancels, its poles −r₁, −r₂ are the roots of s² + (μ₁ + μ₂ − λ)s + μ₁μ₂ − λ(p₂μ₁ + p₁μ₂), and the
 * sojourn time is a mixture of Exp(r₁) and Exp(r₂), both weights positive.
 */
export function mh21Sojourn(lambda: number, mean: number, scv: number): PhaseType {
  const p1 = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const p2 = 1 - p1;
  const [mu1, mu2] = [(2 * p1) / mean, (2 * p2) / mean];
  const b = mu1 + mu2 - lambda;
  const c = mu1 * mu2 - lambda * (p2 * mu1 + p1 * mu2);
  const root = Math.sqrt(b * b - 4 * c);
  // The smaller root without cancellation: c / r₂ = r₁.
  const r2 = (b + root) / 2;
  const r1 = c / r2;
  const numerator = (s: number) => (1 - lambda * mean) * (p1 * mu1 * (mu2 + s) + p2 * mu2 * (mu1 + s));
  return { alpha: [numerator(-r1) / ((r2 - r1) * r1), numerator(-r2) / ((r1 - r2) * r2)], rates: [r1, r2], next: [-1, -1] };
}

/** The sum of independent exponentials with these rates (hypoexponential; Erlang when equal). */
export function exponentialSum(rates: readonly number[]): PhaseType {
  return { alpha: rates.map((_, i) => (i === 0 ? 1 : 0)), rates, next: rates.map((_, i) => (i + 1 < rates.length ? i + 1 : -1)) };
}

/** Poisson weights below this are dropped: far below the 1e-9 relative accuracy wanted of tails >= 1e-3. */
const POISSON_TAIL = 1e-18;

/**
 * P(T > t) = alpha exp(Tt) 1 by uniformization at rate L = max rate: sum over k of Poisson(k; Lt)
 * times the probability of not being absorbed after k jumps of the uniformized chain. Every term
 * is non-negative, so there is no cancellation whatever the rates.
 */
export function survival(d: PhaseType, t: number): number {
  if (t <= 0) return 1;
  const n = d.rates.length;
  const L = Math.max(...d.rates);
  const lt = L * t;
  // u[i]: probability of still being in the chain after k jumps, starting from phase i.
  let u = new Float64Array(n).fill(1);
  let v = new Float64Array(n);
  let total = 0;
  // Poisson weights from the mode outwards would be more economical; forwards in log space is simpler and enough here.
  let logWeight = -lt;
  const kMax = Math.ceil(lt + 40 * Math.sqrt(lt + 1) + 40);
  for (let k = 0; k <= kMax; k++) {
    if (k > 0) logWeight += Math.log(lt / k);
    const weight = Math.exp(logWeight);
    let alive = 0;
    for (let i = 0; i < n; i++) alive += d.alpha[i]! * u[i]!;
    total += weight * alive;
    if (k > lt && weight < POISSON_TAIL * total) break;
    for (let i = 0; i < n; i++) {
      const move = d.rates[i]! / L;
      const j = d.next[i]!;
      v[i] = (1 - move) * u[i]! + move * (j >= 0 ? u[j]! : 0);
    }
    [u, v] = [v, u];
  }
  return total;
}

/** The p-quantile (0 < p < 1): the t with P(T <= t) = p, to a relative 1e-14. */
export function quantile(d: PhaseType, p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`quantile level must be in (0, 1), got ${p}`);
  const target = 1 - p;
  const mean = d.alpha.reduce((s, a, i) => s + a * meanFrom(d, i), 0);
  let hi = mean;
  while (survival(d, hi) > target) hi *= 2;
  let lo = 0;
  while (hi - lo > 1e-14 * hi) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (survival(d, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function meanFrom(d: PhaseType, i: number): number {
  let m = 0;
  for (let j = i, steps = 0; j >= 0 && steps <= d.rates.length; j = d.next[j]!, steps++) m += 1 / d.rates[j]!;
  return m;
}
