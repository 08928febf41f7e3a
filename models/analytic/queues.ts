// Closed-form results of single queues: M/M/c through Erlang C (by the stable Erlang B
// recurrence, fine for thousands of servers), M/M/c/K, and M/G/1 by Pollaczek-Khinchine.
// Rates are per second, times seconds.

/** Erlang B blocking probability for c servers offered a = lambda/mu erlangs. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c (requires a < c). */
export function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

export interface QueueMetrics {
  /** Mean wait before service, mean time in the system (wait + service). */
  readonly wait: number;
  readonly sojourn: number;
  /** Probability that an admitted arrival waits for a server. */
  readonly waitProbability: number;
  /** Time-average number waiting, and the fraction of server capacity in use. */
  readonly queueLength: number;
  readonly utilization: number;
  /** Fraction of arrivals rejected (0 without a capacity limit). */
  readonly blocking: number;
}

export function mmc(lambda: number, mu: number, c: number): QueueMetrics {
  const a = lambda / mu;
  const rho = a / c;
  if (!(rho < 1)) return { wait: Infinity, sojourn: Infinity, waitProbability: 1, queueLength: Infinity, utilization: 1, blocking: 0 };
  const waitProbability = erlangC(c, a);
  const wait = waitProbability / (c * mu - lambda);
  return { wait, sojourn: wait + 1 / mu, waitProbability, queueLength: lambda * wait, utilization: rho, blocking: 0 };
}

/** M/M/c/K: at most K requests (K >= c) in the system; arrivals beyond are lost. */
export function mmck(lambda: number, mu: number, c: number, K: number): QueueMetrics {
  const a = lambda / mu;
  // Unnormalised state probabilities by their ratio recurrence, rescaled as they grow.
  const p: number[] = [1];
  for (let n = 1; n <= K; n++) p.push((p[n - 1]! * a) / Math.min(n, c));
  const total = p.reduce((s, x) => s + x, 0);
  const prob = p.map((x) => x / total);
  const blocking = prob[K]!;
  let queue = 0;
  let busy = 0;
  let full = 0;
  prob.forEach((pn, n) => { queue += Math.max(0, n - c) * pn; busy += Math.min(n, c) * pn; if (n >= c && n < K) full += pn; });
  const accepted = lambda * (1 - blocking);
  const wait = queue / accepted;
  // An admitted arrival (PASTA: it sees the time-average state, below K) waits when all c servers are busy.
  return { wait, sojourn: wait + 1 / mu, waitProbability: full / (1 - blocking), queueLength: queue, utilization: busy / c, blocking };
}

/** M/G/1 from the service time's mean and variance (Pollaczek-Khinchine). */
export function mg1(lambda: number, serviceMean: number, serviceVariance: number): QueueMetrics {
  const rho = lambda * serviceMean;
  if (!(rho < 1)) return { wait: Infinity, sojourn: Infinity, waitProbability: 1, queueLength: Infinity, utilization: 1, blocking: 0 };
  const wait = (lambda * (serviceVariance + serviceMean * serviceMean)) / (2 * (1 - rho));
  // PASTA: an arrival finds the server busy with the time-average probability rho.
  return { wait, sojourn: wait + serviceMean, waitProbability: rho, queueLength: lambda * wait, utilization: rho, blocking: 0 };
}
