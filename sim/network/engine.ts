// One replication of a network of agents: external arrivals per class; stations (FCFS servers,
// optional capacity), LLM calls batched on GPU pools, routers and caches; probabilistic,
// conditional and fork/join routing; failures, costs and escalations; sessions, retries, timeouts,
// rate limits and budgets (their own modules, switched on only when used). The handlers below are
// the engine's hot loop: integer events, typed-array state, no allocation per event.

import { Kernel, type StopReason } from '../kernel.js';
import { SimulationError } from '../errors.js';
import { Stream, streamSeed } from '../random/stream.js';
import { createSampler, type Sampler } from '../random/distributions.js';
import { ExactQuantiles, QuantileSketch, type QuantileEstimator } from '../stats/quantile-sketch.js';
import { CacheState } from './flow/cache.js';
import type { GpuPool, GpuHost } from './resources/gpu-pool.js';
import { createGpuPool, ReplicatedGpuPool } from './resources/gpu-replicas.js';
import type { ReplicaSet } from './capacity/replicas.js';
import { CapacityClock } from './capacity/capacity-clock.js';
import { replicaSlots } from './capacity/replica-state.js';
import { ArrivalProcesses, classTrace } from './flow/arrivals.js';
import { RequestRecorder, TimeseriesRecorder } from './record/recorders.js';
import { COGNITIVE, FAILED, OK, RATE_LIMITED, REJECTED, RequestPool, ZOMBIE } from './flow/requests.js';
import { compileRoutes, holds, ROUTE_AGENT, ROUTE_CONDITION, ROUTE_EXIT, ROUTE_FORK, ROUTE_RANDOM, ROUTE_SPECULATE, type RouteTable } from './flow/routes.js';
import { emptyFlowStats, type FlowStats } from './record/flow-stats.js';
import { Attempts, CALL_FAILED } from './flow/attempts.js';
import { LlmCalls } from './flow/llm-calls.js';
import { ADMITTED, LIMITED, RateLimits, type LimiterHost } from './flow/rate-limits.js';
import { Sessions, type SessionHost } from './flow/sessions.js';
import { needsTaskGraph, TaskGraph } from './flow/task-graph.js';
import type { NetworkSpec } from './spec.js';
import type { CompileRate } from './arrival-process.js';
import type { Actuators, ControlView } from './control.js';
import { Stations, type StationHost } from './resources/stations.js';
import { emptyStats, type ReplicationStats } from './record/stats.js';

export interface ReplicationOptions {
  readonly seed: number;
  /** Index of this replication: selects its random streams. */
  readonly replication: number;
  readonly horizon: number;
  /** Statistics are reset at this time (0: none). */
  readonly warmup: number;
  readonly percentiles: 'sketch' | 'exact';
  readonly sketchAccuracy: number;
  /** When > 0, sums end-to-end latency per window of this many seconds (warm-up detection). */
  readonly seriesWindow: number;
  /** When > 0, records a time series with windows of this many seconds (from time 0). */
  readonly timeseriesWindow: number;
  /** Records one row per request finished after warm-up. */
  readonly traceRequests: boolean;
  /**
   * Compiles the spec's rate expressions (varying arrivals, predictive forecasts), which stay text in
   * the spec so that it is plain data; absent, a spec with an expression is refused.
   */
  readonly compileRate?: CompileRate;
}

const EV_ARRIVAL = 0;
const EV_DEPARTURE = 1;
const EV_WARMUP_END = 2;
const EV_WINDOW_END = 3;
const EV_ITERATION_END = 4;
const EV_LOOKUP_END = 5;
const EV_CAPACITY = 6;
// Request flow numbers its events from 16, clear of the capacity events.
const EV_TIMEOUT = 16;
const EV_RETRY = 17;
const EV_SESSION_START = 18;
const EV_TURN = 19;
const EV_LIMITER = 20;
const EV_BUDGET = 21;

const AGENT_STATION = 0;
const AGENT_LLM = 1;
const AGENT_ROUTER = 2;
const AGENT_CACHE = 3;
const KIND_CODE = { station: AGENT_STATION, llm: AGENT_LLM, router: AGENT_ROUTER, cache: AGENT_CACHE } as const;

/** Whether requests need the flow columns of the pool (RequestPool: slot .. flags). */
function usesFlowColumns(spec: NetworkSpec, routes: RouteTable): boolean {
  return (spec.budgets?.length ?? 0) > 0 || needsTaskGraph(routes)
    || spec.classes.some((c) => c.maxSteps !== undefined || c.arrivals.process === 'sessions')
    || spec.agents.some((a) => a.timeout !== undefined || (a.retry !== undefined && a.retry.max > 0));
}

/** Without a compiler a spec with a rate expression cannot run: say so rather than guess. */
const noCompiler: CompileRate = (expression) => {
  throw new SimulationError(`the rate expression '${expression}' needs a compiler (ReplicationOptions.compileRate)`);
};

export class Replication implements GpuHost, StationHost, SessionHost, LimiterHost, ControlView, Actuators {
  readonly kernel = new Kernel();
  private readonly spec: NetworkSpec;
  private readonly options: ReplicationOptions;
  private readonly routes: RouteTable;
  private readonly pool: RequestPool;
  private readonly nAgents: number;
  private finished = false;
  /** Replica timers (failures, reclaims, provisioning, autoscalers) and the scaling log. */
  private readonly clock: CapacityClock;

  // Agents.
  private readonly agentKind: Int8Array;
  private readonly stations: Stations;
  /** Cache lookup latencies. */
  private readonly lookups: Sampler[];
  private readonly lookupStreams: Stream[];
  private readonly routeStreams: Stream[];
  private readonly failureP: Float64Array;
  private readonly failureStreams: Stream[];
  private readonly costPerCall: Float64Array;
  private readonly caches: (CacheState | undefined)[];
  /** Quality of a cache's answers (a hit gets it); NaN: none, and for other agents. */
  private readonly cacheQuality: Float64Array;

  // GPU pools, and global replica id -> (pool, local replica).
  private readonly gpuPools: GpuPool[];
  private readonly replicaPool: Int32Array;
  private readonly replicaLocal: Int32Array;

  // Classes.
  private readonly arrivals: ArrivalProcesses;
  private readonly entry: Int32Array;

  // Statistics since the last reset (warm-up).
  private readonly stats: ReplicationStats;
  private readonly seriesSum: Float64Array;
  private readonly seriesCount: Float64Array;
  private readonly seriesWindow: number;
  private readonly timeseries: TimeseriesRecorder | undefined;
  private readonly requests: RequestRecorder | undefined;

  // Request flow: each part exists, or its switch is on, only when the scenario uses it.
  private readonly flow: FlowStats;
  private readonly llm: LlmCalls;
  private readonly attempts: Attempts;
  private readonly limits: RateLimits;
  private readonly sessions: Sessions | undefined;
  private readonly graph: TaskGraph | undefined;
  private readonly maxSteps: Float64Array;
  private readonly stepLimited: boolean;
  /** Some agent has a timeout: visits arm and disarm it. */
  private readonly timeouts: boolean;
  /** Abandoned or cancelled copies (zombies) can exist. */
  private readonly abandons: boolean;
  /** A visit may be followed by a route other than its agent's (speculation, degraded calls). */
  private readonly overrides: boolean;
  private readonly retrying: boolean;
  private readonly budgeted: boolean;
  private readonly limited: boolean;

  constructor(spec: NetworkSpec, options: ReplicationOptions) {
    this.spec = spec;
    this.options = options;
    this.routes = compileRoutes(spec);
    this.pool = new RequestPool(spec.attributes.length, 256, usesFlowColumns(spec, this.routes));
    this.clock = new CapacityClock(this.kernel, EV_CAPACITY);
    const nA = (this.nAgents = spec.agents.length);
    const stream = (source: string) => new Stream(streamSeed(options.seed, options.replication, source));
    const compile = options.compileRate ?? noCompiler;

    this.agentKind = Int8Array.from(spec.agents, (a) => KIND_CODE[a.kind]);
    this.lookups = spec.agents.map((a) => createSampler(a.kind === 'cache' ? a.lookup : { dist: 'deterministic', value: 0 }));
    this.lookupStreams = spec.agents.map((a) => stream(`lookup:${a.name}`));
    this.routeStreams = spec.agents.map((a) => stream(`route:${a.name}`));
    this.failureP = Float64Array.from(spec.agents, (a) => a.failure);
    this.failureStreams = spec.agents.map((a) => stream(`failure:${a.name}`));
    this.costPerCall = Float64Array.from(spec.agents, (a) => a.costPerCall);
    this.caches = spec.agents.map((a) => (a.kind === 'cache' ? new CacheState(a.policy) : undefined));
    this.cacheQuality = Float64Array.from(spec.agents, (a) => (a.kind === 'cache' ? a.quality ?? NaN : NaN));

    this.gpuPools = [];
    const replicaPool: number[] = [], replicaLocal: number[] = [];
    spec.pools.forEach((p, pi) => {
      this.gpuPools.push(createGpuPool(p, spec.models[p.model]!, replicaPool.length, this, this.clock, stream, compile));
      for (let k = 0; k < replicaSlots(p.capacitySpec, p.replicas); k++) { replicaPool.push(pi); replicaLocal.push(k); }
    });
    this.replicaPool = Int32Array.from(replicaPool);
    this.replicaLocal = Int32Array.from(replicaLocal);

    const nC = spec.classes.length;
    this.arrivals = new ArrivalProcesses(spec, options.horizon, stream, compile);
    this.entry = Int32Array.from(spec.classes, (c) => c.entry);

    const estimator = (): QuantileEstimator =>
      options.percentiles === 'exact' ? new ExactQuantiles() : new QuantileSketch(options.sketchAccuracy);
    this.flow = emptyFlowStats(spec);
    this.stats = emptyStats(spec, estimator, this.gpuPools.map((p) => p.stats), this.flow);
    this.seriesWindow = options.seriesWindow;
    const windows = options.seriesWindow > 0 ? Math.ceil(options.horizon / options.seriesWindow) : 0;
    this.seriesSum = new Float64Array(windows);
    this.seriesCount = new Float64Array(windows);
    this.timeseries = options.timeseriesWindow > 0 ? new TimeseriesRecorder(options.timeseriesWindow, options.horizon, nA, spec.pools.length) : undefined;
    this.requests = options.traceRequests ? new RequestRecorder(nA, spec.attributes.length) : undefined;
    this.stations = new Stations(spec, stream, compile, this, this.stats.agents, this.timeseries, this.clock);
    if (this.timeseries !== undefined) this.gpuPools.forEach((p, pi) => p.recordReplicas(this.timeseries!, pi));

    this.attempts = new Attempts(spec, this.pool, this.routes, this.flow, stream, {
      kernel: this.kernel,
      enter: (r, a) => this.enter(r, a),
      follow: (r, row) => this.follow(r, row),
      end: (r, outcome) => this.end(r, outcome),
      scheduleTimeout: (time, r) => this.kernel.scheduleCancellable(time, EV_TIMEOUT, r),
      scheduleRetry: (time, r) => this.kernel.schedule(time, EV_RETRY, r),
      serviceStart: (r, a) => (this.agentKind[a] === AGENT_LLM ? this.llm.admittedAt(r, a) : this.pool.started[r]!),
      continued: (r, r2, a, wait, service) => this.continued(r, r2, a, wait, service),
      abandon: (r) => this.abandon(r),
    });
    this.abandons = this.attempts.anyTimeout || needsTaskGraph(this.routes);
    this.llm = new LlmCalls(spec, this.pool, this.routes, this.gpuPools, spec.classes.map((c) => classTrace(c.arrivals)?.prefixBlocks), this.stats, stream, {
      kernel: this.kernel,
      armTimeout: (r, a) => { if (this.timeouts && this.attempts.timed[a] === 1) this.attempts.arm(r, a); },
      complete: (r, a, row) => this.complete(r, a, row),
      end: (r, outcome) => this.end(r, outcome),
      discard: (r, a, busy) => this.discard(r, a, busy),
      exhaustSession: (slot) => this.sessions!.exhaust(slot),
      scheduleBudget: (time, b) => this.kernel.schedule(time, EV_BUDGET, b),
    }, this.abandons);
    this.limits = new RateLimits(spec, this);
    this.sessions = spec.classes.some((c) => c.arrivals.process === 'sessions') ? new Sessions(spec, options.horizon, stream, compile, this, this.flow) : undefined;
    this.graph = needsTaskGraph(this.routes) ? new TaskGraph(spec, this.routes, this.pool, this.flow, stream, {
      kernel: this.kernel,
      branch: (p) => this.branch(p),
      enter: (r, a) => this.enter(r, a),
      follow: (r, row) => this.follow(r, row),
      absorb: (child, parent) => this.absorb(child, parent),
      abandon: (r) => this.abandon(r),
    }) : undefined;
    this.maxSteps = Float64Array.from(spec.classes, (c) => {
      if (c.maxSteps !== undefined && !(Number.isInteger(c.maxSteps) && c.maxSteps >= 1)) throw new SimulationError(`class '${c.name}': max steps must be a whole number >= 1 (got ${c.maxSteps})`);
      return c.maxSteps ?? Infinity;
    });
    this.stepLimited = this.maxSteps.some((m) => m !== Infinity);
    this.timeouts = this.attempts.anyTimeout;
    this.retrying = this.attempts.anyRetry;
    this.budgeted = this.llm.budgets !== undefined;
    this.limited = this.limits.any;
    this.overrides = this.graph !== undefined || this.llm.degrades;

    for (let c = 0; c < nC; c++) this.scheduleNextArrival(c, spec.classes[c]!.start ?? 0);
    this.sessions?.begin();
    if (options.warmup > 0) this.kernel.schedule(options.warmup, EV_WARMUP_END, 0);
    if (this.timeseries !== undefined && this.timeseries.windows > 0) this.kernel.schedule(options.timeseriesWindow, EV_WINDOW_END, 0);
  }

  /** Runs until the horizon or a limit; `isFinished` once the horizon is reached. */
  advance(maxEvents: number, deadlineMs: number): StopReason {
    const reason = this.kernel.run(this.dispatch, { until: this.options.horizon, maxEvents, deadlineMs });
    if (reason === 'horizon' || reason === 'empty') this.finished = true;
    return reason;
  }

  /**
   * Runs events up to simulated time `until` (those at `until` included) and stops there: the
   * segments a controller works between. The horizon still ends the replication.
   */
  advanceTo(until: number): StopReason {
    if (until >= this.options.horizon) return this.advance(Infinity, Infinity);
    return this.kernel.run(this.dispatch, { until, maxEvents: Infinity, deadlineMs: Infinity });
  }

  // ControlView and Actuators (control.ts): used between segments only.
  get now(): number {
    return this.kernel.now;
  }

  get inFlight(): number {
    return this.pool.inFlight;
  }

  finishedSince(cursor: number, visit: (cls: number, latency: number, outcome: number) => void): number {
    return this.requests === undefined ? cursor : this.requests.visitSince(cursor, visit);
  }

  scaleArrivals(c: number, factor: number): boolean {
    return this.arrivals.scale(c, factor);
  }

  setRateLimit(c: number, rate: number): boolean {
    return this.limits.setRate(c, rate, this.kernel.now);
  }

  setPrice(m: number, perInputToken: number, perOutputToken: number): boolean {
    let served = false;
    this.gpuPools.forEach((p, i) => {
      if (this.spec.pools[i]!.model !== m) return;
      p.model = { ...p.model, pricePerInputToken: perInputToken, pricePerOutputToken: perOutputToken };
      served = true;
    });
    return served;
  }

  setCacheHit(a: number, hit: number): boolean {
    const n = this.spec.agents.length;
    if (!(Number.isInteger(a) && a >= 0 && a < n)) throw new SimulationError(`no agent ${a} (there are ${n})`);
    if (!(hit >= 0 && hit <= 1)) throw new SimulationError(`a cache's hit probability must be in [0, 1] (got ${hit})`);
    const cache = this.caches[a];
    if (cache === undefined || Number.isNaN(cache.hit)) return false;
    cache.hit = hit;
    return true;
  }

  setPriority(c: number, priority: number): boolean {
    const n = this.spec.classes.length;
    if (!(Number.isInteger(c) && c >= 0 && c < n)) throw new SimulationError(`no class ${c} (there are ${n})`);
    return this.stations.setPriority(c, priority);
  }

  replicaTarget(target: 'pool' | 'agent', index: number): number {
    return this.replicaSet(target, index)?.onDemand ?? -1;
  }

  replicaLimit(target: 'pool' | 'agent', index: number): number {
    return this.replicaSet(target, index)?.onDemandLimit ?? -1;
  }

  setReplicas(target: 'pool' | 'agent', index: number, count: number): boolean {
    const set = this.replicaSet(target, index);
    if (set === undefined) return false;
    if (!(Number.isInteger(count) && count >= 0)) throw new SimulationError(`${set.name}: a replica target must be a whole number >= 0 (got ${count})`);
    if (count > set.onDemandLimit) return false;
    set.control(count, this.kernel.now);
    return true;
  }

  /** The replica set of GPU pool or station agent `index`, if it has one. */
  private replicaSet(target: 'pool' | 'agent', index: number): ReplicaSet | undefined {
    const n = target === 'pool' ? this.gpuPools.length : this.nAgents;
    if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new SimulationError(`no ${target} ${index} (there are ${n})`);
    if (target === 'agent') return this.stations.groups[index]?.set;
    const p = this.gpuPools[index];
    return p instanceof ReplicatedGpuPool ? p.set : undefined;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Statistics up to the current simulated time (partial when the horizon was not reached). */
  snapshot(): ReplicationStats {
    const now = this.kernel.now;
    for (let a = 0; a < this.nAgents; a++) this.stations.accrue(a, now);
    for (const p of this.gpuPools) p.accrue(now);
    const s = this.stats;
    s.observed = Math.max(0, now - Math.min(this.options.warmup, now));
    s.finished = this.finished;
    s.events = this.kernel.dispatched;
    s.inFlight = this.pool.inFlight;
    if (this.seriesWindow > 0) s.series = { window: this.seriesWindow, sum: this.seriesSum, count: this.seriesCount };
    s.timeseries = this.timeseries?.series;
    s.requests = this.requests?.rows();
    s.capacity = {
      agents: this.stations.groups.map((g) => g?.set.stats), pools: this.gpuPools.map((p) => p.capacityStats),
      decisions: this.clock.decisions, droppedDecisions: this.clock.dropped,
    };
    return s;
  }

  // GpuHost
  scheduleIteration(time: number, replica: number): void {
    this.kernel.schedule(time, EV_ITERATION_END, replica);
  }

  scheduleIterationCancellable(time: number, replica: number): number {
    return this.kernel.scheduleCancellable(time, EV_ITERATION_END, replica);
  }

  callDone(r: number): void {
    this.llm.done(r);
  }

  abandoned(r: number): boolean {
    return this.abandons && (this.pool.flags[r]! & ZOMBIE) !== 0;
  }

  dropped(r: number): void {
    this.discard(r, this.pool.agent[r]!, 0);
  }

  sessionOf(r: number): number {
    return this.pool.session[r]!;
  }

  // StationHost
  startService(r: number, _a: number, duration: number): void {
    const now = this.kernel.now;
    this.pool.started[r] = now;
    if (this.abandons) {
      // A zombie reaching the head of the line is dropped: it holds its server for no time.
      this.pool.serviceHandle[r] = this.kernel.scheduleCancellable(now + ((this.pool.flags[r]! & ZOMBIE) !== 0 ? 0 : duration), EV_DEPARTURE, r);
      return;
    }
    this.kernel.schedule(now + duration, EV_DEPARTURE, r);
  }

  serve(r: number, _a: number, done: number, remaining: number): number {
    const now = this.kernel.now;
    // Progress kept from earlier segments counts as service, so wait = time not being served.
    this.pool.started[r] = now - done;
    // A zombie is dropped when it would (re)start: it holds its server for no time.
    return this.kernel.scheduleCancellable(now + (this.abandons && (this.pool.flags[r]! & ZOMBIE) !== 0 ? 0 : remaining), EV_DEPARTURE, r);
  }

  cancelService(handle: number): void {
    this.kernel.cancel(handle);
  }

  classOf(r: number): number {
    return this.pool.cls[r]!;
  }

  enteredAt(r: number): number {
    return this.pool.entered[r]!;
  }

  private readonly dispatch = (kind: number, subject: number): void => {
    switch (kind) {
      case EV_DEPARTURE: this.depart(subject); break;
      case EV_ARRIVAL: this.arriveExternal(subject); break;
      case EV_ITERATION_END: this.gpuPools[this.replicaPool[subject]!]!.iterationEnd(this.replicaLocal[subject]!); break;
      case EV_LOOKUP_END: this.cacheDecide(subject); break;
      case EV_TIMEOUT: this.attempts.timedOut(subject); break;
      case EV_RETRY: this.attempts.retry(subject); break;
      case EV_SESSION_START: this.sessions!.fireStart(subject, this.kernel.now); break;
      case EV_TURN: this.sessions!.fireTurn(subject); break;
      case EV_LIMITER: this.limits.release(subject, this.kernel.now); break;
      case EV_BUDGET: this.llm.budgets!.release(subject, this.kernel.now); break;
      case EV_CAPACITY: this.clock.fire(subject); break;
      case EV_WARMUP_END: this.resetStatistics(); break;
      case EV_WINDOW_END: this.closeWindow(); break;
      default: throw new SimulationError(`unknown event kind ${kind}`);
    }
  };

  private arriveExternal(c: number): void {
    const now = this.kernel.now;
    const r = this.pool.alloc(c, now, -1);
    this.arrivals.stamp(r, c, this.arrivals.lastRow(c), this.pool);
    this.scheduleNextArrival(c, now);
    this.admit(r, c);
  }

  /** A new top-level request r of class c: counted, then through its rate limit to its entry agent. */
  private admit(r: number, c: number): void {
    this.stats.classes[c]!.arrivals++;
    this.timeseries?.arrival();
    this.requests?.start(r);
    if (this.budgeted) this.llm.budgets!.startTask(r);
    if (this.limited && this.limits.bucketOf[c]! >= 0) {
      const verdict = this.limits.admit(r, c, this.kernel.now);
      if (verdict === LIMITED) { this.end(r, RATE_LIMITED); return; }
      if (verdict !== ADMITTED) return;
      this.flow.limiterAdmitted[c]!++;
    }
    this.enter(r, this.entry[c]!);
  }

  // LimiterHost
  scheduleRelease(time: number, bucket: number): void {
    this.kernel.schedule(time, EV_LIMITER, bucket);
  }

  admitted(r: number): void {
    const c = this.pool.cls[r]!;
    this.flow.limiterAdmitted[c]!++;
    this.flow.limiterWaitSum[c]! += this.kernel.now - this.pool.born[r]!;
    this.enter(r, this.entry[c]!);
  }

  // SessionHost
  startTurn(c: number, slot: number, serial: number, row: number): void {
    const pool = this.pool;
    const r = pool.alloc(c, this.kernel.now, -1);
    this.arrivals.stamp(r, c, row, pool);
    pool.session[r] = serial;
    pool.slot[r] = slot;
    this.admit(r, c);
  }

  scheduleSessionStart(time: number, c: number): void {
    this.kernel.schedule(time, EV_SESSION_START, c);
  }

  scheduleTurn(time: number, slot: number): void {
    this.kernel.schedule(time, EV_TURN, slot);
  }

  sessionStarted(slot: number): void {
    this.llm.budgets?.startSession(slot);
  }

  private scheduleNextArrival(c: number, now: number): void {
    const t = this.arrivals.next(c, now);
    if (t !== Infinity) this.kernel.schedule(t, EV_ARRIVAL, c);
  }

  /** Request r arrives at agent a. */
  private enter(r: number, a: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    // A runaway loop ends as a cognitive error instead of making one visit too many.
    if (this.stepLimited && ++pool.steps[r]! > this.maxSteps[pool.cls[r]!]!) { this.end(r, COGNITIVE); return; }
    this.stats.agents.arrivals[a]!++;
    switch (this.agentKind[a]) {
      case AGENT_STATION: {
        pool.agent[r] = a;
        pool.entered[r] = now;
        const timed = this.timeouts && this.attempts.timed[a] === 1;
        if (timed) pool.started[r] = NaN; // until service starts: a timeout then finds it waiting
        if (!this.stations.arrive(r, a, now)) {
          this.stats.agents.rejected[a]!++;
          this.reject(r);
        } else if (timed) {
          this.attempts.arm(r, a);
        }
        return;
      }
      case AGENT_LLM:
        this.llm.call(r, a);
        return;
      case AGENT_ROUTER:
        pool.agent[r] = a;
        pool.entered[r] = now;
        pool.started[r] = now;
        this.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
        return;
      default: {
        pool.agent[r] = a;
        pool.entered[r] = now;
        pool.started[r] = now;
        const delay = this.lookups[a]!.sample(this.lookupStreams[a]!);
        if (this.timeouts && this.attempts.timed[a] === 1) this.attempts.arm(r, a);
        if (delay > 0) this.kernel.schedule(now + delay, EV_LOOKUP_END, r);
        else this.cacheDecide(r);
      }
    }
  }

  /** Service ends at a station: the next in line starts, and r moves on. */
  private depart(r: number): void {
    const pool = this.pool;
    const a = pool.agent[r]!;
    this.stations.depart(r, a, this.kernel.now);
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discard(r, a, this.kernel.now - pool.started[r]!); return; }
    this.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** A cache lookup resolves: a hit follows the agent's hit route, a miss its `next`. */
  private cacheDecide(r: number): void {
    const pool = this.pool;
    const a = pool.agent[r]!;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discard(r, a, 0); return; }
    const hit = this.caches[a]!.lookup(r, pool, this.kernel.now, this.routeStreams[a]!);
    if (hit) {
      this.stats.agents.hits[a]!++;
      // The cached answer's quality, when the cache has one (an LLM answering later overrides it).
      const q = this.cacheQuality[a]!;
      if (!Number.isNaN(q)) pool.quality[r] = q;
    }
    this.complete(r, a, hit ? this.routes.hitRow[a]! : this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** Request r's visit to agent a ends: its statistics, then `row`, or the failure route. */
  private complete(r: number, a: number, row: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    const st = this.stats.agents;
    const entered = pool.entered[r]!;
    const started = pool.started[r]!;
    const wait = started - entered;
    st.departures[a]!++;
    st.waitSum[a]! += wait;
    st.waitSumSq[a]! += wait * wait;
    st.serviceSum[a]! += now - started;
    st.sojournSum[a]! += now - entered;
    st.sojourn[a]!.add(now - entered);
    this.requests?.visit(r, a, wait, now - started);
    const fee = this.costPerCall[a]!;
    if (fee > 0) { st.cost[a]! += fee; pool.cost[r]! += fee; }
    if (this.timeouts && this.attempts.timed[a] === 1) this.attempts.disarm(r);
    if (this.failureP[a]! > 0 && this.failureStreams[a]!.uniform() < this.failureP[a]!) {
      st.failures[a]!++;
      this.attempts.failed(r, a, CALL_FAILED);
      return;
    }
    if (this.overrides) {
      const override = pool.nextRow[r]!;
      if (override >= 0) { pool.nextRow[r] = -1; row = override; }
    }
    if (this.retrying) pool.tries[r] = 0;
    this.follow(r, row);
  }

  /**
   * Copy r was abandoned or cancelled (a zombie now): its timeout goes, and a service that started
   * this very instant (the server its finishing sibling freed) ends now, unworked: it was still waiting.
   */
  private abandon(r: number): void {
    this.attempts.disarm(r);
    const pool = this.pool;
    const handle = pool.serviceHandle[r]!;
    if (handle >= 0 && pool.started[r] === this.kernel.now && this.kernel.cancel(handle)) {
      pool.serviceHandle[r] = this.kernel.scheduleCancellable(this.kernel.now, EV_DEPARTURE, r);
    }
  }

  /** Request r2 continues r, whose call at agent a was abandoned: what refers to r moves to r2. */
  private continued(r: number, r2: number, a: number, wait: number, service: number): void {
    if (this.requests !== undefined) {
      this.requests.start(r2);
      this.requests.mergeInto(r, r2);
      this.requests.visit(r2, a, wait, service);
    }
    this.graph?.replace(r, r2);
    if (this.pool.parent[r]! < 0) this.llm.budgets?.moved(r, r2);
  }

  /** Zombie r leaves agent a, its `busy` seconds of work wasted. */
  private discard(r: number, a: number, busy: number): void {
    this.flow.wasted[a]! += busy;
    this.pool.release(r);
  }

  /** Sends request r along route row `row`. */
  private follow(r: number, row: number): void {
    const routes = this.routes;
    switch (routes.kind[row]) {
      case ROUTE_EXIT:
        this.exit(r);
        return;
      case ROUTE_AGENT:
        if (routes.escalate[row] === 1) this.stats.agents.escalations[this.pool.agent[r]!]!++;
        this.enter(r, routes.first[row]!);
        return;
      case ROUTE_RANDOM: {
        const from = this.pool.agent[r]!;
        const u = this.routeStreams[from]!.uniform();
        let i = routes.first[row]!;
        while (routes.cumulative[i]! < u) i++;
        if (routes.targetEscalates[i] === 1) this.stats.agents.escalations[from]!++;
        const to = routes.targets[i]!;
        if (to < 0) this.exit(r);
        else this.enter(r, to);
        return;
      }
      case ROUTE_CONDITION: {
        const first = routes.first[row]!;
        const end = first + routes.count[row]!;
        const attributes = this.pool.attributes;
        for (let i = first; i < end; i++) {
          if (holds(attributes[routes.ruleAttribute[i]!]![r]!, routes.ruleOp[i]!, routes.ruleValue[i]!)) {
            this.follow(r, routes.ruleThen[i]!);
            return;
          }
        }
        this.follow(r, routes.then[row]!);
        return;
      }
      case ROUTE_FORK: {
        if (this.graph !== undefined) { this.graph.fork(r, row); return; }
        const n = routes.count[row]!;
        const first = routes.first[row]!;
        this.pool.pendingBranches[r] = n;
        this.pool.joinRow[r] = routes.then[row]!;
        for (let i = 0; i < n; i++) this.enter(this.branch(r), routes.targets[first + i]!);
        return;
      }
      case ROUTE_SPECULATE:
        this.graph!.speculate(r, row);
        return;
      default:
        throw new SimulationError(`corrupt route row ${row}`);
    }
  }

  /** A new branch of request `parent`: a copy of its class, attributes and session, not yet anywhere. */
  private branch(parent: number): number {
    const pool = this.pool;
    const child = pool.alloc(pool.cls[parent]!, pool.born[parent]!, parent);
    for (let k = 0; k < pool.attributes.length; k++) pool.attributes[k]![child] = pool.attributes[k]![parent]!;
    pool.agent[child] = pool.agent[parent]!;
    pool.entered[child] = this.kernel.now;
    pool.traceRow[child] = pool.traceRow[parent]!;
    pool.cacheKey[child] = pool.cacheKey[parent]!;
    pool.session[child] = pool.session[parent]!;
    pool.slot[child] = pool.slot[parent]!;
    pool.steps[child] = pool.steps[parent]!;
    this.requests?.start(child);
    return child;
  }

  /** Adds what branch `child` has spent and recorded to its parent. */
  private absorb(child: number, parent: number): void {
    const pool = this.pool;
    pool.cost[parent]! += pool.cost[child]!;
    pool.tokensIn[parent]! += pool.tokensIn[child]!;
    pool.tokensOut[parent]! += pool.tokensOut[child]!;
    this.requests?.mergeInto(child, parent);
  }

  /** Request r leaves the network having been served. */
  private exit(r: number): void {
    this.end(r, this.pool.outcome[r]!);
  }

  /** A rejected request is lost; a rejected branch still joins, marking its parent. */
  private reject(r: number): void {
    this.end(r, REJECTED);
  }

  /**
   * Request r is done with outcome `outcome` (requests.ts): a branch joins its parent (passing on a
   * bad outcome, its cost and its answer's quality); a request is counted, and its session goes on.
   */
  private end(r: number, outcome: number): void {
    const pool = this.pool;
    pool.outcome[r] = outcome;
    const parent = pool.parent[r]!;
    if (parent >= 0) {
      this.absorb(r, parent);
      if (!Number.isNaN(pool.quality[r]!)) pool.quality[parent] = pool.quality[r]!;
      if (this.graph !== undefined) { this.graph.branchEnded(r, parent, outcome); return; }
      if (outcome !== OK && pool.outcome[parent] === OK) pool.outcome[parent] = outcome;
      pool.release(r);
      if (--pool.pendingBranches[parent]! === 0) this.follow(parent, pool.joinRow[parent]!);
      return;
    }
    const cs = this.stats.classes[pool.cls[r]!]!;
    cs.cost += pool.cost[r]!;
    cs.tokens += pool.tokensIn[r]! + pool.tokensOut[r]!;
    if (outcome === OK) {
      const e2e = this.kernel.now - pool.born[r]!;
      cs.completed++;
      cs.e2eSum += e2e;
      cs.e2eSumSq += e2e * e2e;
      cs.e2e.add(e2e);
      const q = pool.quality[r]!;
      if (!Number.isNaN(q)) { cs.qualitySum += q; cs.qualityCount++; }
      this.timeseries?.completion(e2e);
      if (this.seriesWindow > 0) {
        const w = Math.floor(this.kernel.now / this.seriesWindow);
        if (w < this.seriesSum.length) { this.seriesSum[w]! += e2e; this.seriesCount[w]!++; }
      }
    } else if (outcome === REJECTED) {
      cs.rejected++;
    } else if (outcome === FAILED) {
      cs.failed++;
    } else {
      const c = pool.cls[r]!;
      const f = this.flow;
      if (outcome === RATE_LIMITED) { cs.rejected++; f.rateLimited[c]!++; } else if (outcome === COGNITIVE) f.cognitive[c]!++; else f.stopped[c]!++;
    }
    this.record(r, outcome);
    if (this.sessions !== undefined && pool.slot[r]! >= 0) this.sessions.turnEnded(pool.slot[r]!, this.kernel.now);
    pool.release(r);
  }

  /** Adds a row for a request leaving the system after warm-up, when requests are traced (outcome codes are the recorder's). */
  private record(r: number, outcome: number): void {
    const now = this.kernel.now;
    if (this.requests === undefined || now < this.options.warmup) return;
    const pool = this.pool;
    this.requests.finishRequest(r, pool.cls[r]!, pool.born[r]!, now, outcome, pool, pool.attributes);
  }

  private closeWindow(): void {
    const ts = this.timeseries!;
    const now = this.kernel.now;
    for (let a = 0; a < this.nAgents; a++) ts.accrue(a, now, this.stations.waiting(a), this.stations.busyServers(a));
    ts.closeWindow();
    const next = now + this.options.timeseriesWindow;
    if (next <= this.options.horizon + 1e-9 * this.options.horizon) this.kernel.schedule(next, EV_WINDOW_END, 0);
  }

  private resetStatistics(): void {
    const now = this.kernel.now;
    for (let a = 0; a < this.nAgents; a++) this.stations.accrue(a, now);
    this.stats.reset();
    this.stations.resetStatistics(now);
    for (const p of this.gpuPools) p.resetStatistics(now);
  }
}
