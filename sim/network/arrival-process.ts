// What every consumer needs to know of a class's arrival process, decided in one place: the
// engine (how to draw the next arrival), the analytic backend (mean rate and variability),
// coordination (whether a rate can be scaled, and the process frozen at a rate) and validation.
// A new arrival process is a new ArrivalSpec variant plus a case here.

import type { DistSpec } from '../random/dist-spec.js';
import { createSampler } from '../random/distributions.js';
import type { ArrivalSpec, NetworkSpec, TraceArrivals } from './spec.js';

/** Compiles a rate expression of t (its text, as written in the scenario) into a function. */
export type CompileRate = (expression: string) => (t: number) => number;

export type ArrivalShape =
  /** Independent gaps drawn from `gap` (mean 1 / rate): a constant rate a controller can scale. */
  | { readonly kind: 'renewal'; readonly rate: number; readonly gap: DistSpec; readonly scv: number; readonly poisson: boolean }
  /** A Poisson process whose rate is an expression of t, at most `maxRate`. */
  | { readonly kind: 'varying'; readonly expression: string; readonly maxRate: number; readonly meanRate: number }
  /** Times given by a trace, or turns that sessions start themselves: no rate to scale. */
  | { readonly kind: 'given' };

export function arrivalShape(a: ArrivalSpec): ArrivalShape {
  switch (a.process) {
    case 'poisson':
      return { kind: 'renewal', rate: a.rate, gap: { dist: 'exponential', mean: 1 / a.rate }, scv: 1, poisson: true };
    case 'deterministic':
      return { kind: 'renewal', rate: a.rate, gap: { dist: 'deterministic', value: 1 / a.rate }, scv: 0, poisson: false };
    case 'gamma':
    case 'lognormal':
    case 'weibull':
      return { kind: 'renewal', rate: a.rate, gap: { dist: a.process, mean: 1 / a.rate, cv: a.cv }, scv: a.cv * a.cv, poisson: false };
    case 'varying':
      return { kind: 'varying', expression: a.expression, maxRate: a.maxRate, meanRate: a.meanRate };
    case 'trace':
    case 'sessions':
      return { kind: 'given' };
  }
}

/** The constant rate of a renewal process; NaN for any other (its rate varies or is not set). */
export function constantRate(a: ArrivalSpec): number {
  const shape = arrivalShape(a);
  return shape.kind === 'renewal' ? shape.rate : NaN;
}

/**
 * Long-run mean arrival rate of a class, per second: a trace's by its span; sessions' by the rate
 * they start at times their mean turns; NaN for a closed population (its rate depends on how fast
 * turns finish: only a simulation can tell).
 */
export function meanArrivalRate(a: ArrivalSpec): number {
  switch (a.process) {
    case 'trace':
      return traceRate(a.trace.times);
    case 'sessions': {
      const s = a.sessions;
      if (s.kind === 'trace') return traceRate(s.trace.times);
      if (s.start.kind === 'population') return NaN;
      return meanArrivalRate(s.start.arrivals) * Math.max(1, createSampler(s.turns).mean);
    }
    default: {
      const shape = arrivalShape(a);
      return shape.kind === 'renewal' ? shape.rate : shape.kind === 'varying' ? shape.meanRate : NaN;
    }
  }
}

function traceRate(t: Float64Array): number {
  const span = t.length > 1 ? t[t.length - 1]! - t[0]! : 0;
  return span > 0 ? (t.length - 1) / span : 0;
}

/** Whether a controller can scale the rate (traces and sessions have given times). */
export function hasScalableRate(a: ArrivalSpec): boolean {
  return arrivalShape(a).kind !== 'given';
}

/**
 * The process with its rate multiplied by `factor`, frozen at time `now` when it varies (a Poisson
 * process at the rate then): what a steady-state prediction at `now` runs. Given times stay as
 * they are.
 */
export function scaledArrivals(a: ArrivalSpec, factor: number, now: number, compile: CompileRate): ArrivalSpec {
  const shape = arrivalShape(a);
  if (shape.kind === 'renewal' && 'rate' in a) return { ...a, rate: shape.rate * factor };
  if (shape.kind === 'varying') return { process: 'poisson', rate: compile(shape.expression)(now) * factor };
  return a;
}

/** The trace a class's requests are stamped from: its arrival trace, or its session trace. */
export function classTrace(a: ArrivalSpec): TraceArrivals | undefined {
  if (a.process === 'trace') return a.trace;
  if (a.process === 'sessions' && a.sessions.kind === 'trace') return a.sessions.trace;
  return undefined;
}

/**
 * Every rate expression the spec carries — varying arrivals (of a class, or of its sessions' starts)
 * and predictive autoscalers' forecasts: what a replication will ask its compiler for. Empty: it
 * needs none.
 */
export function rateExpressions(spec: NetworkSpec): string[] {
  const ofArrivals = (a: ArrivalSpec): string[] =>
    a.process === 'varying' ? [a.expression]
      : a.process === 'sessions' && a.sessions.kind === 'generated' && a.sessions.start.kind === 'arrivals' ? ofArrivals(a.sessions.start.arrivals) : [];
  const capacities = [...spec.agents.map((a) => (a.kind === 'station' ? a.capacitySpec : undefined)), ...spec.pools.map((p) => p.capacitySpec)];
  return [
    ...spec.classes.flatMap((c) => ofArrivals(c.arrivals)),
    ...capacities.flatMap((c) => (c?.autoscale?.kind === 'predictive' ? [c.autoscale.expression] : [])),
  ];
}
