// Independent reference values for the exactness tests: direct summation of the textbook formulas
// in 60-digit decimal arithmetic (mathjs BigNumber), and closed forms solved by plain bisection, so
// the analytic backend is never checked against its own code.

import { all, create, type BigNumber } from 'mathjs';

const M = create(all!, { number: 'BigNumber', precision: 60 });
const big = (x: number): BigNumber => M.bignumber(x);

/** M/M/c by direct summation: P(wait) and mean wait (mu = service rate). */
export function mmcReference(lambda: number, mu: number, c: number): { waitProbability: number; wait: number } {
  const a = big(lambda).div(mu);
  let term = big(1); // a^k / k!
  let sum = big(0);
  for (let k = 0; k < c; k++) {
    sum = sum.plus(term);
    term = term.times(a).div(k + 1);
  }
  const rho = a.div(c);
  const top = term.div(big(1).minus(rho)); // a^c / (c! (1 - rho))
  const C = top.div(sum.plus(top));
  const wait = C.div(big(c).times(mu).minus(lambda));
  return { waitProbability: C.toNumber(), wait: wait.toNumber() };
}

/** M/M/c/K by direct summation of the unnormalised state probabilities. */
export function mmckReference(lambda: number, mu: number, c: number, K: number): { blocking: number; wait: number; queue: number; utilization: number; waitProbability: number } {
  const a = big(lambda).div(mu);
  const p: BigNumber[] = [big(1)];
  for (let n = 1; n <= K; n++) p.push(p[n - 1]!.times(a).div(Math.min(n, c)));
  const total = p.reduce((s, x) => s.plus(x), big(0));
  let queue = big(0);
  let busy = big(0);
  let allBusyBelowK = big(0);
  p.forEach((x, n) => {
    queue = queue.plus(x.times(Math.max(0, n - c)));
    busy = busy.plus(x.times(Math.min(n, c)));
    if (n >= c && n < K) allBusyBelowK = allBusyBelowK.plus(x);
  });
  const blocking = p[K]!.div(total);
  const Lq = queue.div(total);
  const accepted = big(lambda).times(big(1).minus(blocking));
  // An admitted arrival sees the time-average state below K (PASTA) and waits when all c servers are busy.
  const waitProbability = allBusyBelowK.div(total.minus(p[K]!));
  return { blocking: blocking.toNumber(), queue: Lq.toNumber(), wait: Lq.div(accepted).toNumber(), utilization: busy.div(total).div(c).toNumber(), waitProbability: waitProbability.toNumber() };
}

/** Smallest t with decreasing survival(t) <= 1 - p, by bisection in doubles to the last bit. */
export function bisectQuantile(survival: (t: number) => number, p: number, hiStart: number): number {
  let lo = 0;
  let hi = hiStart;
  while (survival(hi) > 1 - p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (survival(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Survival of the M/M/c FCFS sojourn in closed form: (1-C)e^{-mu t} + C P(Exp(theta) + Exp(mu) > t). */
export function mmcSojournSurvival(mu: number, theta: number, C: number): (t: number) => number {
  if (theta === mu) return (t) => (1 - C) * Math.exp(-mu * t) + C * (1 + mu * t) * Math.exp(-mu * t);
  return (t) => (1 - C) * Math.exp(-mu * t) + (C * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
}

/** Survival of a sum of independent exponentials with distinct rates (the classical partial-fraction form). */
export function hypoexponentialSurvival(rates: readonly number[]): (t: number) => number {
  return (t) => rates.reduce((s, ri, i) => {
    let coefficient = 1;
    rates.forEach((rj, j) => { if (j !== i) coefficient *= rj / (rj - ri); });
    return s + coefficient * Math.exp(-ri * t);
  }, 0);
}

/** |x - y| <= tol * |y|, with a message naming the quantity. */
export function relativeClose(x: number, y: number, tol: number): boolean {
  return Math.abs(x - y) <= tol * Math.abs(y);
}
