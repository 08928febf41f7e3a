// Approximations for queues outside the exact results: Allen-Cunneen (Kingman for one server) for
// the mean wait in G/G/c, Whitt's QNA formula for the variability of departures, and the error band
// each answer carries because it is an approximation.

import { erlangC } from './queues.js';

/**
 * Allen-Cunneen mean wait in G/G/c: the M/M/c wait scaled by (ca2 + cs2) / 2, with ca2 and cs2
 * the squared coefficients of variation of inter-arrival and service times. Exact for M/M/c and,
 * with c = 1 and Poisson arrivals, equal to Pollaczek-Khinchine.
 */
export function allenCunneenWait(lambda: number, serviceMean: number, c: number, ca2: number, cs2: number): number {
  const a = lambda * serviceMean;
  if (!(a < c)) return Infinity;
  const mmcWait = erlangC(c, a) / (c / serviceMean - lambda);
  return mmcWait * (ca2 + cs2) / 2;
}

/** QNA (Whitt 1983): squared cv of the departures of a G/G/c queue at utilisation rho. */
export function departureScv(rho: number, c: number, ca2: number, cs2: number): number {
  return 1 + (1 - rho * rho) * (ca2 - 1) + (rho * rho * (cs2 - 1)) / Math.sqrt(c);
}

/** Squared cv of a flow thinned by keeping each request with probability p (a random route). */
export function splitScv(p: number, scv: number): number {
  return p * scv + 1 - p;
}

/**
 * The band [low, high] * wait in which the true mean wait lies for the cases the approximation is
 * used on. Allen-Cunneen is accurate near Poisson arrivals (|error| well under 25% in the test grid,
 * including M/G/c with cs2 up to 4 and feedback networks) and overestimates for regular arrivals at
 * low load (D/M/1 at rho 0.3: about 6x), so the band opens downwards as arrivals become regular
 * and upwards when they are burstier than Poisson. test/models/analytic/approximations.test.ts
 * checks the band against simulation on that grid.
 */
export function waitBand(ca2: number): { low: number; high: number } {
  const regular = Math.max(0, 1 - ca2); // 0 for Poisson or burstier, 1 for deterministic arrivals
  const bursty = Math.max(0, ca2 - 1);
  return { low: Math.max(0, 0.6 - 0.6 * regular), high: 1.4 + 0.3 * bursty };
}
