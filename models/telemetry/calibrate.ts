// From request paths to a calibrated model: each station's service time fitted (fit.ts), each
// class's first-order routing with its counts, token counts per model call, and the arrival process
// fitted to the gaps between requests (root starts, or a given trace of arrival times).

import { fitDurations, type Fit } from './fit.js';
import { Routing, visitsOf, type RequestPath, type StationRole } from './structure.js';
import { TelemetryFormatError } from './spans.js';

export interface StationFit {
  readonly name: string;
  readonly role: StationRole;
  readonly service: Fit;
  /** Every observed duration (seconds), sorted: the report's observed CDF. */
  readonly observed: readonly number[];
  readonly tokensIn: Fit | undefined;
  readonly tokensOut: Fit | undefined;
  /** Takes no time in any trace: a router. */
  readonly instant: boolean;
}

export type ArrivalFit =
  | { readonly process: 'poisson'; readonly rate: number; readonly gaps: Fit; readonly source: string }
  | { readonly process: 'gamma' | 'lognormal' | 'weibull'; readonly rate: number; readonly cv: number; readonly gaps: Fit; readonly source: string }
  | { readonly process: 'deterministic'; readonly rate: number; readonly gaps: Fit; readonly source: string };

export interface ClassFit {
  readonly name: string;
  readonly requests: number;
  readonly routing: Routing;
  readonly arrivals: ArrivalFit;
}

export interface CalibratedModel {
  readonly stations: readonly StationFit[];
  readonly classes: readonly ClassFit[];
  /** Mean own time per request of spans that are neither agents, model calls nor tools. */
  readonly unmodelled: number;
}

/** Arrival times (seconds, any origin) from a request trace given by the user. */
export interface GivenArrivals {
  readonly times: Float64Array;
  readonly source: string;
}

const WEIBULL_CV = [0.01, 100] as const;
/** Root spans a class needs for an arrival process of its own. */
const MIN_CLASS_ARRIVALS = 20;

/**
 * Fits stations and routing to `paths`; the arrival process to the start times of `all` the traces
 * (held-out ones too: holding traces out must not thin the arrivals).
 */
export function calibrate(paths: readonly RequestPath[], all: readonly RequestPath[], given: GivenArrivals | undefined): CalibratedModel {
  const samples = new Map<string, { role: StationRole; d: number[]; tin: number[]; tout: number[] }>();
  const byClass = new Map<string, RequestPath[]>();
  for (const p of paths) {
    const list = byClass.get(p.cls);
    if (list === undefined) byClass.set(p.cls, [p]); else list.push(p);
    for (const v of visitsOf(p.steps)) {
      let s = samples.get(v.station);
      if (s === undefined) samples.set(v.station, (s = { role: v.role, d: [], tin: [], tout: [] }));
      s.d.push(v.duration);
      if (v.tokensIn !== undefined) s.tin.push(v.tokensIn);
      if (v.tokensOut !== undefined) s.tout.push(v.tokensOut);
    }
  }
  const stations = [...samples].map(([name, s]): StationFit => ({
    name, role: s.role, service: fitDurations(s.d), observed: [...s.d].sort((a, b) => a - b),
    tokensIn: s.tin.length > 0 ? fitDurations(s.tin) : undefined,
    tokensOut: s.tout.length > 0 ? fitDurations(s.tout) : undefined,
    instant: s.role !== 'llm' && s.role !== 'tool' && s.d.every((d) => d === 0),
  }));
  const total = paths.length;
  // One process for all classes, split by their shares, when a trace is given or some class has too few traces of its own.
  const perClass = [...byClass.keys()].every((c) => all.filter((p) => p.cls === c).length >= MIN_CLASS_ARRIVALS);
  const pooled = given !== undefined ? arrivalsOf(given.times, given.source, 1)
    : perClass ? undefined : arrivalsOf(Float64Array.from(all, (p) => p.start), `the start times of all ${all.length} root spans (some class has fewer than ${MIN_CLASS_ARRIVALS})`, 1);
  const classes = [...byClass].map(([name, list]): ClassFit => {
    const routing = new Routing();
    for (const p of list) routing.add(p);
    const starts = all.filter((p) => p.cls === name).map((p) => p.start);
    const arrivals = pooled !== undefined ? scaled(pooled, list.length / total)
      : arrivalsOf(Float64Array.from(starts), `the start times of the ${starts.length} root spans of class '${name}'`, 1);
    return { name, requests: list.length, routing, arrivals };
  }).sort((a, b) => b.requests - a.requests || (a.name < b.name ? -1 : 1));
  return { stations, classes, unmodelled: paths.reduce((a, p) => a + p.unmodelled, 0) / Math.max(1, total) };
}

/** The renewal process that fits the gaps between sorted arrival times, by AIC (fit.ts). */
export function arrivalsOf(times: Float64Array, source: string, share: number): ArrivalFit {
  const sorted = Float64Array.from(times).sort();
  if (sorted.length < 3) {
    throw new TelemetryFormatError(`${source}: expected at least 3 requests to fit an arrival process to the gaps between them, found ${sorted.length}; give a request trace with --arrivals FILE`);
  }
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i]! - sorted[i - 1]!);
  const fit = fitDurations(gaps);
  if (!(fit.mean > 0)) throw new TelemetryFormatError(`${source}: expected arrival times that are not all equal, found ${sorted.length} requests at the same instant; give a request trace with --arrivals FILE`);
  const rate = share / fit.mean;
  // The empirical gaps are not a process the scenario format has: the best law by AIC stands in, and the report says its KS failed.
  const law = fit.laws[0];
  if (law === undefined) return { process: 'deterministic', rate, gaps: fit, source };
  if (law.law === 'exponential') return { process: 'poisson', rate, gaps: fit, source };
  const cv = law.law === 'weibull' ? Math.min(WEIBULL_CV[1], Math.max(WEIBULL_CV[0], law.cv)) : law.cv;
  return { process: law.law, rate, cv, gaps: fit, source };
}

function scaled(a: ArrivalFit, share: number): ArrivalFit {
  return { ...a, rate: a.rate * share };
}
