// How low a run's mean waits read because every replication starts empty. In heavy traffic a
// station's queue is close to reflected Brownian motion, and from empty its mean climbs to the
// steady-state value as m∞ H1(t/τ), where τ = σ²/δ² is the relaxation time (δ the drift, σ² the
// variance of the net input) and H1 is the distribution of the time that the canonical RBM started
// from its stationary law takes to reach 0 (Abate & Whitt 1987, "Transient behavior of regulated
// Brownian motion, I"). The mean over the seconds kept after a warm-up w then falls short of m∞ by
// the share τ (G(w/τ) − G(T/τ)) / (T − w), with G(u) = ∫ᵤ^∞ (1 − H1(t)) dt. An approximation: close
// near saturation, low at moderate load (docs/outputs.md, "Starting empty").

import { erfc } from '../../sim/random/special-functions.js';
import type { MeanModel, StationLoad } from './mean-model.js';

const upperNormal = (x: number): number => 0.5 * erfc(x / Math.SQRT2);
const normalDensity = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** 1 − H1(t): the share of its steady-state mean that canonical RBM started at 0 still lacks at time t. */
export function rbmShortfall(t: number): number {
  const r = Math.sqrt(t);
  return 2 * (1 + t) * upperNormal(r) - 2 * r * normalDensity(r);
}

/**
 * G(u) = ∫ᵤ^∞ (1 − H1(t)) dt = (1 − 2u − u²) Φc(√u) + (1 + u) √u φ(√u) (G(0) = 1/2: H1's mean). The
 * two terms cancel for large u, where G is below 1e-9 anyway.
 */
export function rbmShortfallIntegral(u: number): number {
  if (u > 40) return 0;
  const r = Math.sqrt(u);
  return Math.max(0, (1 - 2 * u - u * u) * upperNormal(r) + (1 + u) * r * normalDensity(r));
}

/**
 * The heavy-traffic relaxation time of a station's queue: net input drift δ = c/E[S] − λ and
 * variance σ² = λ (c_a² + c_s²), so τ = σ²/δ² = ρ (c_a² + c_s²) E[S] / (c (1 − ρ)²), ρ = λ E[S]/c.
 */
export function relaxationTime(s: StationLoad): number {
  const rho = (s.rate * s.serviceMean) / s.servers;
  return rho >= 1 ? Infinity : (rho * (s.arrivalScv + s.serviceScv) * s.serviceMean) / (s.servers * (1 - rho) ** 2);
}

/** The share of its steady-state mean that a queue with relaxation time τ, started empty, lacks over [warmup, horizon]. */
export function startShortfall(relaxation: number, warmup: number, horizon: number): number {
  if (!(relaxation > 0) || !(horizon > warmup)) return 0;
  return (relaxation / (horizon - warmup)) * (rbmShortfallIntegral(warmup / relaxation) - rbmShortfallIntegral(horizon / relaxation));
}

export interface StationStartBias {
  readonly agent: number;
  readonly utilisation: number;
  readonly relaxation: number;
  /** The share of its mean wait that the kept seconds lack. */
  readonly shortfall: number;
  /** Seconds of the mean end-to-end time it lacks (its wait's shortfall times its visits per request). */
  readonly e2eSeconds: number;
}

/** Each queueing station's shortfall over [warmup, horizon], largest effect on the end-to-end mean first. */
export function startBias(model: MeanModel, warmup: number, horizon: number): StationStartBias[] {
  const { wait } = model.evaluate(model.declared);
  return model.stations
    .map((s) => {
      const relaxation = relaxationTime(s);
      const shortfall = startShortfall(relaxation, warmup, horizon);
      return { agent: s.agent, utilisation: (s.rate * s.serviceMean) / s.servers, relaxation, shortfall, e2eSeconds: shortfall * wait[s.agent]! * s.visitsPerRequest };
    })
    .sort((a, b) => b.e2eSeconds - a.e2eSeconds);
}
