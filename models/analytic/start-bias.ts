// How low a run's mean waits read because every replication starts empty. In heavy traffic a
// station's queue is close to reflected Brownian motion, and from empty its mean climbs to the
// steady-state value as m∞ H1(t/τ), where τ = σ²/δ² is the relaxation time (δ the drift, σ² the
// variance of the net input) and H1 is the distribution of the time that the canonical RBM started
// from its stationary law takes to reach 0 (Abate & Whitt 1987, "Transient behavior of regulated
// Brownian motion, I"). The mean over the seconds kept after a warm-up w then falls short of m∞ by
// the share τ (G(w/τ) − G(T/τ)) / (T − w), with G(u) = ∫ᵤ^∞ (1 − H1(t)) dt. An approximation: close
// near saturation, low at moderate load (docs/outputs.md, "Starting empty").

import type { NetworkSpec } from '../../sim/network/spec.js';
import { normalCdf, normalDensity } from '../analysis/interval.js';
import type { MeanModel, StationLoad } from './mean-model.js';

/** 1 − H1(t): the share of its steady-state mean that canonical RBM started at 0 still lacks at time t. */
export function rbmShortfall(t: number): number {
  const r = Math.sqrt(t);
  return 2 * (1 + t) * normalCdf(-r) - 2 * r * normalDensity(r);
}

/**
 * G(u) = ∫ᵤ^∞ (1 − H1(t)) dt = (1 − 2u − u²) Φc(√u) + (1 + u) √u φ(√u) (G(0) = 1/2: H1's mean). The
 * two terms cancel for large u, where G is below 1e-9 anyway.
 */
export function rbmShortfallIntegral(u: number): number {
  if (u > 40) return 0;
  const r = Math.sqrt(u);
  return Math.max(0, (1 - 2 * u - u * u) * normalCdf(-r) + (1 + u) * r * normalDensity(r));
}

/** ρ = λ E[S] / c. */
export const utilisation = (s: StationLoad): number => (s.rate * s.serviceMean) / s.servers;

/**
 * The heavy-traffic relaxation time of a station's queue: net input drift δ = c/E[S] − λ and
 * variance σ² = λ (c_a² + c_s²), so τ = σ²/δ² = ρ (c_a² + c_s²) E[S] / (c (1 − ρ)²), ρ = λ E[S]/c.
 */
export function relaxationTime(s: StationLoad): number {
  const rho = utilisation(s);
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
  /** Seconds the metric lacks on its account. */
  readonly seconds: number;
}

/** Seconds a metric's mean lacks over the kept [warmup, horizon], and the stations it lacks them at, the most first. */
export interface MetricStartBias {
  readonly seconds: number;
  readonly stations: readonly StationStartBias[];
}

/**
 * How a mean time (`e2e.mean`, `class.<c>.e2e.mean`, `agent.<a>.wait.mean` or `.sojourn.mean`, the
 * metrics with control variates) lacks with the kept seconds; undefined for any other metric. A
 * request's time lacks each station's wait shortfall as often as it visits the station.
 */
export function metricStartBias(model: MeanModel, spec: NetworkSpec, metric: string): ((warmup: number, horizon: number) => MetricStartBias) | undefined {
  const weight = visitWeight(spec, metric);
  if (weight === undefined) return undefined;
  const { wait } = model.evaluate(model.declared);
  const loads = model.stations.map((s) => ({ s, relaxation: relaxationTime(s), weight: weight(s) * wait[s.agent]! })).filter((x) => x.weight > 0);
  return (warmup, horizon) => {
    const stations = loads
      .map(({ s, relaxation, weight: w }) => {
        const shortfall = startShortfall(relaxation, warmup, horizon);
        return { agent: s.agent, utilisation: utilisation(s), relaxation, shortfall, seconds: shortfall * w };
      })
      .sort((a, b) => b.seconds - a.seconds);
    return { seconds: stations.reduce((sum, x) => sum + x.seconds, 0), stations };
  };
}

/** Visits per request (or 1, for an agent's own mean) that a metric counts each station's wait. */
function visitWeight(spec: NetworkSpec, metric: string): ((s: StationLoad) => number) | undefined {
  if (metric === 'e2e.mean') return (s) => s.visitsPerRequest;
  const c = /^class\.(.+)\.e2e\.mean$/.exec(metric);
  const ci = c === null ? -1 : spec.classes.findIndex((x) => x.name === c[1]);
  if (ci >= 0) return (s) => s.visits[ci]!;
  const a = /^agent\.(.+)\.(?:wait|sojourn)\.mean$/.exec(metric);
  const ai = a === null ? -1 : spec.agents.findIndex((x) => x.name === a[1]);
  return ai >= 0 ? (s) => (s.agent === ai ? 1 : 0) : undefined;
}
