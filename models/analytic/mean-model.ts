// The analytic model's mean waits and end-to-end times as a function of the quantities a scenario
// declares and a run also observes: each class's arrival rate, each station's mean service E[S]
// and mean square E[S²]. A run's control variates (models/run/control-variates.ts) take its
// gradient as their coefficients. Allen-Cunneen with QNA arrival variability, as the analytic
// backend answers (Pollaczek-Khinchine at one server with Poisson input); the coefficients need not
// be exact, since any fixed ones leave a control variate unbiased, only close enough to remove most
// of what a replication's arrivals and services happened to be.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { allenCunneenWait } from './approximations.js';
import { analyseFlows, type Node } from './flows.js';
import { arrivalScv } from './network.js';
import { unsupportedFeatures } from './scope.js';

/** The declared quantities: per class its arrival rate; per agent E[S] and E[S²] (NaN where the agent is not a station). */
export interface MeanParameters {
  readonly classRates: readonly number[];
  readonly serviceMean: readonly number[];
  readonly serviceSecondMoment: readonly number[];
}

export interface MeanFigures {
  /** Mean wait per visit of each agent (0 at a router or a cache). */
  readonly wait: readonly number[];
  /** Mean time per visit (wait, service, or a cache's lookup). */
  readonly sojourn: readonly number[];
  readonly e2e: number;
  readonly classE2e: readonly number[];
}

/** A station's load at the declared values: what sets how fast its queue approaches steady state. */
export interface StationLoad {
  readonly agent: number;
  readonly servers: number;
  /** Arrivals per second, over all classes and visits. */
  readonly rate: number;
  readonly arrivalScv: number;
  readonly serviceMean: number;
  readonly serviceScv: number;
  /** Visits per request, over all classes (weighted by their rates). */
  readonly visitsPerRequest: number;
  /** Visits per request of each class. */
  readonly visits: readonly number[];
}

export interface MeanModel {
  readonly declared: MeanParameters;
  /** The stations that queue (a service that takes time, some traffic). */
  readonly stations: readonly StationLoad[];
  /** The figures at other values of the parameters (routing, servers and arrival variability fixed). */
  evaluate(p: MeanParameters): MeanFigures;
}

/**
 * Undefined where a request's time is not the sum of its visits' times or a visit's service is not
 * a draw from its declared distribution: outside the analytic model's scope, with a fork, a failure
 * or a finite capacity, or with a station at utilisation 1 or more.
 */
export function meanModel(spec: NetworkSpec): MeanModel | undefined {
  if (unsupportedFeatures(spec).length > 0) return undefined;
  const result = analyseFlows(spec);
  if (result.kind !== 'ok') return undefined;
  const f = result.flows;
  if (spec.agents.some((a) => a.failure > 0) || f.edges.some((edges) => edges.some((e) => e.via !== 'route'))) return undefined;
  if (f.nodes.some((x) => x.kind === 'station' && Number.isFinite(x.capacity))) return undefined;
  const n = spec.agents.length;
  /** visits[c][a]: visits of a class-c request to agent a. */
  const visits = f.arrivals.map((row, c) => row.map((l) => l / f.classRates[c]!));
  const lambda = Array.from({ length: n }, (_, a) => f.arrivals.reduce((s, row) => s + row[a]!, 0));
  const ca2 = arrivalScv(f, lambda);
  // A station that takes no time (a pass-through) never queues: no parameters of its own.
  const timed = (x: Node): x is Extract<Node, { kind: 'station' }> => x.kind === 'station' && x.service.mean > 0;
  const declared: MeanParameters = {
    classRates: f.classRates,
    serviceMean: f.nodes.map((x) => (timed(x) ? x.service.mean : NaN)),
    serviceSecondMoment: f.nodes.map((x) => (timed(x) ? x.service.variance + x.service.mean ** 2 : NaN)),
  };
  const evaluate = (p: MeanParameters): MeanFigures => {
    const rate = Array.from({ length: n }, (_, a) => p.classRates.reduce((s, l, c) => s + l * visits[c]![a]!, 0));
    const wait = f.nodes.map((x, a) => {
      if (!timed(x) || rate[a] === 0) return 0;
      const m1 = p.serviceMean[a]!;
      return allenCunneenWait(rate[a]!, m1, x.servers, ca2[a]!, p.serviceSecondMoment[a]! / (m1 * m1) - 1);
    });
    const sojourn = f.nodes.map((x, a) => wait[a]! + (timed(x) ? p.serviceMean[a]! : x.kind === 'delay' ? x.time.mean : 0));
    const perRequest = (v: readonly number[]) => v.reduce((s, k, a) => s + (k > 0 ? k * sojourn[a]! : 0), 0);
    const classE2e = visits.map(perRequest);
    const total = p.classRates.reduce((s, l) => s + l, 0);
    return { wait, sojourn, e2e: classE2e.reduce((s, t, c) => s + (p.classRates[c]! * t) / total, 0), classE2e };
  };
  const at = evaluate(declared);
  if (![...at.wait, at.e2e].every(Number.isFinite)) return undefined;
  const requestRate = f.classRates.reduce((s, l) => s + l, 0);
  const stations = f.nodes.flatMap((x, a): StationLoad[] => (timed(x) && lambda[a]! > 0
    ? [{ agent: a, servers: x.servers, rate: lambda[a]!, arrivalScv: ca2[a]!, serviceMean: x.service.mean, serviceScv: x.service.variance / x.service.mean ** 2, visitsPerRequest: lambda[a]! / requestRate, visits: visits.map((row) => row[a]!) }]
    : []));
  return { declared, stations, evaluate };
}
