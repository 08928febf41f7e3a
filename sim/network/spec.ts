// The network specification the engine runs: plain data with integer ids, produced by the
// scenario layer (models/scenario) and validated there. Times are seconds, rates per second,
// memory bytes, prices dollars.

import type { DistSpec } from '../random/dist-spec.js';

/** Where a request goes after an agent (or after a fork's branches have all finished). */
export type RouteSpec =
  | { readonly kind: 'exit' }
  /** `escalate` marks the edge as an escalation (e.g. small model -> large model) for metrics. */
  | { readonly kind: 'agent'; readonly to: number; readonly escalate: boolean }
  /** One target drawn by probability; a target of -1 means exit. Probabilities sum to 1. */
  | { readonly kind: 'random'; readonly to: readonly number[]; readonly p: readonly number[]; readonly escalate: readonly boolean[] }
  /**
   * A copy of the request starts at each branch agent and follows its own routing until it
   * exits; when every copy has exited, the original continues with `then`.
   */
  | { readonly kind: 'fork'; readonly branches: readonly number[]; readonly then: RouteSpec }
  /** The first rule whose condition holds on the request's attributes decides; else `otherwise`. */
  | { readonly kind: 'condition'; readonly rules: readonly ConditionRule[]; readonly otherwise: RouteSpec };

export interface ConditionRule {
  readonly condition: Condition;
  readonly then: RouteSpec;
}

/** `attribute op value` on a request attribute (an index into NetworkSpec.attributes). */
export interface Condition {
  readonly attribute: number;
  readonly op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  readonly value: number;
}

/** How a per-call count (tokens) is obtained: a request attribute, or drawn per call. */
export type CountSource =
  | { readonly kind: 'attribute'; readonly attribute: number }
  /** Drawn per call and rounded to a whole number (at least 1 for output tokens). */
  | { readonly kind: 'dist'; readonly dist: DistSpec };

/** What every agent has: where requests go next, and what a failed call does. */
interface AgentCommon {
  readonly name: string;
  readonly next: RouteSpec;
  /** Probability that a call fails (a tool error, a rejected answer): 0 for none. */
  readonly failure: number;
  /** Where a failed call goes; undefined: the request ends, counted as failed. */
  readonly onFailure: RouteSpec | undefined;
  /** Dollars charged per call (e.g. a paid tool API); 0 for none. */
  readonly costPerCall: number;
}

/** A pool of identical servers with a FCFS line: tools, retrieval, CPU work. */
export interface StationAgent extends AgentCommon {
  readonly kind: 'station';
  readonly servers: number;
  /** Most requests held (waiting and in service), Kendall's K; Infinity when unbounded. */
  readonly capacity: number;
  readonly service: DistSpec;
}

/** An LLM call served by a GPU pool; tokens decide its time and its cost. */
export interface LlmAgent extends AgentCommon {
  readonly kind: 'llm';
  /** Index into NetworkSpec.pools. */
  readonly pool: number;
  readonly inputTokens: CountSource;
  readonly outputTokens: CountSource;
}

/** Takes no time: only routes (typically with a `condition` route in `next`). */
export interface RouterAgent extends AgentCommon {
  readonly kind: 'router';
}

/** A cache in front of other agents: a hit goes to `onHit`, a miss to `next`. */
export interface CacheAgent extends AgentCommon {
  readonly kind: 'cache';
  readonly policy: CachePolicy;
  /** Lookup latency (an embedding plus a vector search for a semantic cache); no queueing. */
  readonly lookup: DistSpec;
  readonly onHit: RouteSpec;
}

export type CachePolicy =
  /** Each lookup hits with this probability (e.g. a semantic cache's measured hit ratio). */
  | { readonly kind: 'probability'; readonly hit: number }
  /** Requests carry keys; the cache holds `capacity` keys, evicting the least recently used. */
  | { readonly kind: 'keyed'; readonly keys: KeySource; readonly capacity: number; readonly ttl: number };

export type KeySource =
  /** Keys 0..count-1 drawn with probability proportional to 1/(rank+1)^exponent. */
  | { readonly kind: 'zipf'; readonly count: number; readonly exponent: number }
  | { readonly kind: 'attribute'; readonly attribute: number };

export type AgentSpec = StationAgent | LlmAgent | RouterAgent | CacheAgent;

/**
 * Time of one iteration of a continuous batch: fixed + prefill(tokens prefilled this iteration)
 * + decode(sequences decoding) + perKvToken * tokens held in the KV cache.
 */
export interface ProfileSpec {
  readonly fixed: number;
  readonly prefill: Curve;
  readonly decode: Curve;
  readonly perKvToken: number;
  readonly kvBytesPerToken: number;
}

/** Piecewise-linear y(x) through the points (x ascending, starting at x = 0), extended linearly. */
export interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface ModelSpec {
  readonly name: string;
  readonly profile: ProfileSpec;
  readonly pricePerInputToken: number;
  readonly pricePerOutputToken: number;
  /** Quality score of the model's answers (e.g. 0..1); NaN when not given. */
  readonly quality: number;
}

export interface GpuPoolSpec {
  readonly name: string;
  /** Index into NetworkSpec.models: every replica serves this model. */
  readonly model: number;
  readonly replicas: number;
  /** KV-cache memory per replica, bytes. */
  readonly kvBytes: number;
  /** Most sequences in one iteration. */
  readonly maxBatch: number;
  /** Most prompt tokens prefilled per iteration (chunked prefill); Infinity for whole prompts. */
  readonly prefillChunk: number;
  /**
   * 'reserve': admit a sequence only when its prompt and full output fit in KV memory (never
   * preempts); 'recompute': admit on the prompt alone, and when decoding runs out of memory,
   * preempt the youngest sequence, which later recomputes its prefill.
   */
  readonly kvPolicy: 'reserve' | 'recompute';
  /** Dollars per replica-hour. */
  readonly pricePerHour: number;
  /** Prefix (KV) cache per replica in 512-token blocks, reused by requests sharing prefix ids; 0: off. */
  readonly prefixCacheBlocks: number;
}

export type ArrivalSpec =
  | { readonly process: 'poisson'; readonly rate: number }
  | { readonly process: 'deterministic'; readonly rate: number }
  /** Non-homogeneous Poisson, sampled exactly by thinning against `maxRate`. */
  | { readonly process: 'varying'; readonly rate: (t: number) => number; readonly maxRate: number; readonly meanRate: number; readonly expression: string }
  | { readonly process: 'trace'; readonly trace: TraceArrivals };

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

/** An attribute drawn for each arrival of a class (when no trace supplies it). */
export interface GeneratedAttribute {
  readonly attribute: number;
  readonly dist: DistSpec;
}

export interface ClassSpec {
  readonly name: string;
  readonly arrivals: ArrivalSpec;
  readonly entry: number;
  /** Per-agent routing overrides for this class, indexed by agent id; undefined = agent default. */
  readonly routes: readonly (RouteSpec | undefined)[];
  readonly attributes: readonly GeneratedAttribute[];
}

export interface NetworkSpec {
  readonly agents: readonly AgentSpec[];
  readonly classes: readonly ClassSpec[];
  /** Names of the numeric per-request attributes (token counts, difficulty scores, keys). */
  readonly attributes: readonly string[];
  readonly models: readonly ModelSpec[];
  readonly pools: readonly GpuPoolSpec[];
}

/** Size of a prefix block in tokens, as in the Mooncake trace. */
export const PREFIX_BLOCK_TOKENS = 512;
