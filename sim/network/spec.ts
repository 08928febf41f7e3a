// The network specification the engine runs: plain data with integer ids, produced by the
// scenario layer (models/scenario) and validated there. Times are seconds, rates per second,
// memory bytes, prices dollars.

import type { DistSpec } from '../random/dist-spec.js';
import type { ArrivalSpec } from './arrival-spec.js';

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
  | {
    readonly kind: 'fork';
    readonly branches: readonly number[];
    readonly then: RouteSpec;
    /**
     * Branches that must finish before the original continues (early termination); the others are
     * cancelled then: dropped if still waiting, their work counted as wasted if already running.
     * Absent: all of them.
     */
    readonly need?: number;
  }
  /**
   * Speculative execution: the request goes to `main` while a copy runs `guess`, the likely next
   * step, at the same time. When both are done, with probability `hit` the guess was right and the
   * request follows `then`; otherwise the guess's work is wasted and `guess` runs again before `then`.
   */
  | { readonly kind: 'speculate'; readonly main: number; readonly guess: number; readonly hit: number; readonly then: RouteSpec }
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
  /** Where a failed call goes once its retries are used up; undefined: the request ends as failed. */
  readonly onFailure: RouteSpec | undefined;
  /** Dollars charged per call (e.g. a paid tool API); 0 for none. */
  readonly costPerCall: number;
  /** A call still unfinished this long after it reached the agent is abandoned (absent: never). */
  readonly timeout?: number;
  readonly retry?: RetrySpec;
}

/** Retries of failed or timed-out calls at the same agent, after exponential backoff with jitter. */
export interface RetrySpec {
  /** Retries after the first attempt. */
  readonly max: number;
  /** Delay before retry k (1-based): backoff * multiplier^(k-1) * (1 + jitter * (2u - 1)), u uniform. */
  readonly backoff: number;
  readonly multiplier: number;
  readonly jitter: number;
  readonly on: { readonly failure: boolean; readonly timeout: boolean };
}

/** Replicas of a station or GPU pool behind a load balancer, and how their number changes. */
export interface CapacitySpec {
  /** Replicas at the start. */
  readonly replicas: number;
  readonly balance: BalancePolicy;
  readonly autoscale: AutoscaleSpec | undefined;
  /** Replicas fail and are repaired: time to failure and repair time per replica. */
  readonly failures: { readonly timeToFailure: DistSpec; readonly repair: DistSpec } | undefined;
  /** Spot replicas: reclaimed after `timeToReclaim`, with `notice` seconds of warning; work resumes from its last checkpoint. */
  readonly spot: SpotSpec | undefined;
  /** With scale-to-zero, an idle pool releases its last replica after `idle` seconds and pays `coldStart` to get one back. */
  readonly scaleToZero: { readonly idle: number; readonly coldStart: DistSpec } | undefined;
  /** Dollars per replica-hour. */
  readonly pricePerHour: number;
  /** On-demand replica slots to provision beyond what `replicas` and autoscaling need (controllers may raise the target up to them). */
  readonly slots?: number;
}

/**
 * Spot replicas, in addition to the on-demand `replicas` and outside the autoscaler's control. A spot
 * replica's lifetime from when it starts serving is `timeToReclaim`; it is warned `notice` seconds
 * before (no new work from then). Work in service resumes elsewhere from its last checkpoint, taken
 * every `checkpoint` seconds of service (Infinity: none; 0: continuously); the same checkpoints
 * survive replica failures.
 */
export interface SpotSpec {
  readonly replicas: number;
  readonly timeToReclaim: DistSpec;
  readonly notice: number;
  readonly checkpoint: number;
  /** Time from a reclaim until a replacement spot replica serves; absent: reclaimed capacity is not replaced. */
  readonly replacement?: DistSpec;
  /** Dollars per spot replica-hour; absent: the on-demand price. */
  readonly pricePerHour?: number;
}

export type BalancePolicy =
  /** One shared line for all replicas (the default: work-conserving). */
  | { readonly kind: 'shared' }
  | { readonly kind: 'round-robin' }
  | { readonly kind: 'least-loaded' }
  /** Replica i gets a share of requests proportional to weights[i]. */
  | { readonly kind: 'weighted'; readonly weights: readonly number[] }
  /** GPU pools: the replica with the most free KV-cache memory. */
  | { readonly kind: 'capacity' }
  /** Requests of one session stay on one replica (least-loaded for a session's first request). */
  | { readonly kind: 'affinity' };

export type AutoscaleSpec =
  /** Adds `step` replicas when the signal exceeds `upper` (removes when below `lower`) over `window`. */
  | {
    readonly kind: 'reactive';
    readonly signal: 'queue' | 'utilization' | 'latency';
    readonly upper: number;
    readonly lower: number;
    readonly window: number;
    /** Seconds between evaluations (at interval, 2 interval, ...); absent: `window` (tumbling windows). */
    readonly interval?: number;
    readonly cooldown: number;
    /** Provisioning delay: a replica added at time t serves from t + delay. */
    readonly delay: number;
    readonly min: number;
    readonly max: number;
    readonly step: number;
  }
  /** Replicas follow a schedule (targets take effect after the provisioning delay). */
  | { readonly kind: 'scheduled'; readonly schedule: readonly { readonly at: number; readonly replicas: number }[]; readonly delay: number }
  /**
   * Predictive: every `interval`, replicas = ceil(forecast rate at t + delay * (1 + headroom) /
   * rate one replica sustains), within [min, max].
   */
  | {
    readonly kind: 'predictive';
    /** The forecast rate, an expression of t (compiled inside the replication: the spec is plain data). */
    readonly expression: string;
    readonly perReplicaRate: number;
    readonly headroom: number;
    readonly interval: number;
    readonly delay: number;
    readonly min: number;
    readonly max: number;
  };

/** A pool of identical servers with a FCFS line: tools, retrieval, CPU work. */
export interface StationAgent extends AgentCommon {
  readonly kind: 'station';
  /** Servers per replica. */
  readonly servers: number;
  /** Most requests held (waiting and in service) per replica, Kendall's K; Infinity when unbounded. */
  readonly capacity: number;
  readonly service: DistSpec;
  /**
   * Order of the line: 'fcfs', or by class priority (lower number first) without ('priority') or
   * with ('preemptive') preemption of a lower-priority request in service (it resumes later).
   */
  readonly discipline?: 'fcfs' | 'priority' | 'preemptive';
  /** Replicas behind a balancer; absent: one replica, no scaling. */
  readonly capacitySpec?: CapacitySpec;
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
  /**
   * Quality score of the answers it serves (as a model's `quality`): a request answered from the
   * cache (a hit) gets it. Absent or NaN: hits carry no quality (the request keeps what it had).
   */
  readonly quality?: number;
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
  /** Per cached token in an iteration that also prefills (decode attention beside a prefill chunk costs more, measured); absent: perKvToken. */
  readonly perKvTokenMixed?: number;
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
   * Most tokens computed per iteration, vLLM's max_num_batched_tokens: decodes first, prefill chunks
   * of the oldest sequences from what is left, and no admission once it is spent.
   * At least maxBatch, so every decoding sequence always fits. Absent: no budget.
   */
  readonly tokenBudget?: number;
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
  /** Balancing and scaling of the replicas; absent: `replicas` fixed, one shared line. */
  readonly capacitySpec?: CapacitySpec;
}

export type { ArrivalSpec, SessionSpec, TraceArrivals } from './arrival-spec.js';

/** Token bucket: `rate` tokens per second up to `burst`; a request takes one (or its cost). */
export interface RateLimitSpec {
  readonly rate: number;
  readonly burst: number;
  /** Beyond the limit: reject the request, or hold it until a token is free. */
  readonly action: 'reject' | 'queue';
}

/** A rate limit shared by several classes (a tenant's quota): one token bucket for all of them. */
export interface QuotaSpec extends RateLimitSpec {
  readonly name: string;
  /** Classes it applies to (ids); a class has its own rate limit or one quota, not both. */
  readonly classes: readonly number[];
}

/** A spending limit on LLM cost or tokens, per task, per session, or per period (a bucket). */
export interface BudgetSpec {
  readonly name: string;
  readonly scope: 'task' | 'session' | 'period';
  readonly resource: 'cost' | 'tokens';
  /** Per task or session; per `period` seconds for the period scope (refilled continuously). */
  readonly limit: number;
  /** Extra allowed above the limit (a bucket's depth beyond one period's allowance). */
  readonly burst: number;
  readonly period: number;
  /** Classes it applies to (ids). */
  readonly classes: readonly number[];
  /** At exhaustion: end the request ('stop'), send its LLM calls to a cheaper agent, or wait for the bucket. */
  readonly onExhaustion: { readonly kind: 'stop' } | { readonly kind: 'degrade'; readonly to: number } | { readonly kind: 'defer' };
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
  /** Lower numbers are served first by agents with a priority discipline; absent: 0. */
  readonly priority?: number;
  /** Admission control at entry; absent: none. */
  readonly rateLimit?: RateLimitSpec;
  /** Agent visits allowed per request before it ends with a cognitive error (a runaway loop); absent: no limit. */
  readonly maxSteps?: number;
  /** Arrivals begin at this time (a workload joining later); absent: 0. Not for traces and sessions. */
  readonly start?: number;
}

export interface NetworkSpec {
  readonly agents: readonly AgentSpec[];
  readonly classes: readonly ClassSpec[];
  /** Names of the numeric per-request attributes (token counts, difficulty scores, keys). */
  readonly attributes: readonly string[];
  readonly models: readonly ModelSpec[];
  readonly pools: readonly GpuPoolSpec[];
  /** Absent: none. */
  readonly budgets?: readonly BudgetSpec[];
  /** Rate limits shared by classes (tenants' quotas); absent: none. */
  readonly quotas?: readonly QuotaSpec[];
  /**
   * Priorities a controller may give a class (Actuators.setPriority) besides the classes' own:
   * priority levels are fixed at construction, so these get theirs then. Absent: none.
   */
  readonly priorityValues?: readonly number[];
}

/** Size of a prefix block in tokens, as in the Mooncake trace. */
export const PREFIX_BLOCK_TOKENS = 512;
