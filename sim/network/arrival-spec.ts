// How a class's requests arrive, as plain data: generated processes (Poisson, deterministic, gamma,
// lognormal and Weibull renewals, a rate expression of t), trace replay, and closed-loop sessions. What each process means
// to the engine, the analytic backend and coordination is arrival-process.ts's business.

import type { DistSpec } from '../random/dist-spec.js';

export type ArrivalSpec =
  | { readonly process: 'sessions'; readonly sessions: SessionSpec }
  | { readonly process: 'poisson'; readonly rate: number }
  | { readonly process: 'deterministic'; readonly rate: number }
  /** A renewal process with gamma inter-arrival times of mean 1 / rate and coefficient of variation `cv`. */
  | { readonly process: 'gamma'; readonly rate: number; readonly cv: number }
  /** A renewal process with lognormal inter-arrival times of mean 1 / rate and coefficient of variation `cv`. */
  | { readonly process: 'lognormal'; readonly rate: number; readonly cv: number }
  /** A renewal process with Weibull inter-arrival times of mean 1 / rate and coefficient of variation `cv`. */
  | { readonly process: 'weibull'; readonly rate: number; readonly cv: number }
  /**
   * Non-homogeneous Poisson, sampled exactly by thinning against `maxRate`; the rate is an expression
   * of t, compiled inside the replication (the spec is plain data: it crosses threads as it is).
   */
  | { readonly process: 'varying'; readonly maxRate: number; readonly meanRate: number; readonly expression: string }
  /** `resample`: each replication replays blocks of `block` seconds drawn from the trace (flow/trace-resample.ts). */
  | { readonly process: 'trace'; readonly trace: TraceArrivals; readonly resample?: { readonly block: number } };

/** Arrival times (seconds from the start, sorted ascending) and per-request attributes. */
export interface TraceArrivals {
  readonly source: string;
  readonly times: Float64Array;
  /** Attribute name (as in NetworkSpec.attributes) to one value per arrival. */
  readonly attributes: Readonly<Record<string, Float64Array>>;
  /**
   * Prefix block ids per arrival (Mooncake's hash_ids: equal ids share a 512-token prefix
   * block), as compressed rows: ids[offsets[i] .. offsets[i+1]) belong to arrival i.
   */
  readonly prefixBlocks: { readonly offsets: Int32Array; readonly ids: Int32Array } | undefined;
}

/**
 * Closed-loop sessions: each session sends a turn, waits for it to finish, thinks, sends the next.
 * Sessions start as a fixed population (a closed system: a finished session is replaced at once)
 * or by arrivals; or are replayed from a trace with a session column.
 */
export type SessionSpec =
  | {
    readonly kind: 'generated';
    readonly start: { readonly kind: 'population'; readonly size: number } | { readonly kind: 'arrivals'; readonly arrivals: ArrivalSpec };
    /** Turns per session (rounded, at least 1). */
    readonly turns: DistSpec;
    /** From a turn's end to the next turn's start. */
    readonly think: DistSpec;
  }
  | {
    readonly kind: 'trace';
    readonly trace: TraceArrivals;
    /** Session of each trace row; rows of a session are its turns in time order. */
    readonly session: Int32Array;
    /**
     * 'closed': a session's first turn at its recorded time, each next turn when the previous one
     * finishes plus the recorded gap between their timestamps; 'open': every turn at its recorded time.
     */
    readonly replay: 'closed' | 'open';
  };
