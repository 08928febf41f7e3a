// The queueing-network specification the engine runs: plain data with integer ids, produced by
// the scenario layer (models/scenario) and validated there. Times are seconds, rates per second.

import type { DistSpec } from '../random/dist-spec.js';

/** Where a request goes after service at an agent (or after a fork's branches have all finished). */
export type RouteSpec =
  | { readonly kind: 'exit' }
  | { readonly kind: 'agent'; readonly to: number }
  /** One target drawn by probability; a target of -1 means exit. Probabilities sum to 1. */
  | { readonly kind: 'random'; readonly to: readonly number[]; readonly p: readonly number[] }
  /**
   * A copy of the request starts at each branch agent and follows its own routing until it
   * exits; when every copy has exited, the original continues with `then`.
   */
  | { readonly kind: 'fork'; readonly branches: readonly number[]; readonly then: RouteSpec };

export interface AgentSpec {
  readonly name: string;
  readonly servers: number;
  /** Most requests held (waiting and in service), Kendall's K; Infinity when unbounded. */
  readonly capacity: number;
  readonly service: DistSpec;
  readonly next: RouteSpec;
}

export type ArrivalSpec =
  | { readonly process: 'poisson'; readonly rate: number }
  | { readonly process: 'deterministic'; readonly rate: number }
  /** Non-homogeneous Poisson, sampled exactly by thinning against `maxRate`. */
  | { readonly process: 'varying'; readonly rate: (t: number) => number; readonly maxRate: number; readonly meanRate: number; readonly expression: string }
  | { readonly process: 'trace'; readonly trace: TraceArrivals };

/** Arrival times (seconds from the start, sorted ascending) and per-request numeric attributes. */
export interface TraceArrivals {
  readonly source: string;
  readonly times: Float64Array;
  /** Attribute name (as in NetworkSpec.attributes) to one value per arrival. */
  readonly attributes: Readonly<Record<string, Float64Array>>;
}

export interface ClassSpec {
  readonly name: string;
  readonly arrivals: ArrivalSpec;
  readonly entry: number;
  /** Per-agent routing overrides for this class, indexed by agent id; undefined = agent default. */
  readonly routes: readonly (RouteSpec | undefined)[];
}

export interface NetworkSpec {
  readonly agents: readonly AgentSpec[];
  readonly classes: readonly ClassSpec[];
  /** Names of the numeric per-request attributes carried from traces (e.g. token counts). */
  readonly attributes: readonly string[];
}
