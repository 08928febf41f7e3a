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
import { CacheState } from './cache.js';
import type { GpuPool, GpuHost } from './gpu-pool.js';
import { createGpuPool } from './gpu-replicas.js';
import { CapacityClock } from './capacity-clock.js';
import { replicaSlots } from './replica-state.js';
import { ArrivalProcesses, classTrace } from './arrivals.js';
import { RequestRecorder, TimeseriesRecorder } from './recorders.js';
import { COGNITIVE, FAILED, OK, RATE_LIMITED, REJECTED, RequestPool, STOPPED, ZOMBIE } from './requests.js';
import { compileRoutes, holds, ROUTE_AGENT, ROUTE_CONDITION, ROUTE_EXIT, ROUTE_FORK, ROUTE_RANDOM, ROUTE_SPECULATE, type RouteTable } from './routes.js';
import { emptyFlowStats, type FlowStats } from './flow-stats.js';
import { CALL_FAILED, CALL_TIMED_OUT, Retries } from './retries.js';
import { ADMITTED, LIMITED, RateLimits, type LimiterHost } from './rate-limits.js';
import { Budgets, DEFER, DEGRADE, type BudgetHost } from './budgets.js';
import { Sessions, type SessionHost } from './sessions.js';
import { needsTaskGraph, TaskGraph } from './task-graph.js';
import type { CountSource, NetworkSpec } from './spec.js';
import type { Actuators, ControlView } from './control.js';
import { Stations, type StationHost } from './stations.js';
import { emptyStats, type ReplicationStats } from './stats.js';

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
}

const EV_ARRIVAL = 0;
const EV_DEPARTURE = 1;
const EV_WARMUP_END = 2;
const EV_WINDOW_END = 3;
const EV_ITERATION_END = 4;
const EV_LOOKUP_END = 5;
// Request flow numbers its events from 16, clear of the capacity events.
const EV_TIMEOUT = 16;
const EV_RETRY = 17;
const EV_SESSION_START = 18;
const EV_TURN = 19;
const EV_LIMITER = 20;
const EV_BUDGET = 21;
const EV_CAPACITY = 6;

const AGENT_STATION = 0;
const AGENT_LLM = 1;
const AGENT_ROUTER = 2;
const AGENT_CACHE = 3;
const KIND_CODE = { station: AGENT_STATION, llm: AGENT_LLM, router: AGENT_ROUTER, cache: AGENT_CACHE } as const;

/** How an LLM agent gets a token count: an attribute column, or a sampler with its stream. */
interface CountReader {
  readonly column: number;
  readonly sampler: Sampler | undefined;
  readonly stream: Stream | undefined;
}

export class Replication implements GpuHost, StationHost, SessionHost, LimiterHost, BudgetHost, ControlView, Actuators {
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
  private readonly agentPool: Int32Array;
  private readonly inputTokens: (CountReader | undefined)[];
  private readonly outputTokens: (CountReader | undefined)[];
  private readonly caches: (CacheState | undefined)[];

  // GPU pools, and global replica id -> (pool, local replica).
  private readonly gpuPools: GpuPool[];
  private readonly replicaPool: Int32Array;
  private readonly replicaLocal: Int32Array;

  // Classes.
  private readonly arrivals: ArrivalProcesses;
  private readonly entry: Int32Array;
  private readonly prefixBlocks: ({ offsets: Int32Array; ids: Int32Array } | undefined)[];

  // Statistics since the last reset (warm-up).
  private readonly stats: ReplicationStats;
  private readonly seriesSum: Float64Array;
  private readonly seriesCount: Float64Array;
  private readonly seriesWindow: number;
  private readonly timeseries: TimeseriesRecorder | undefined;
  private readonly requests: RequestRecorder | undefined;

  // Request flow: each part exists, or its switch is on, only when the scenario uses it.
  private readonly flow: FlowStats;
  private readonly retries: Retries;
  private readonly limits: RateLimits;
  private readonly budgets: Budgets | undefined;
  private readonly sessions: Sessions | undefined;
  private readonly graph: TaskGraph | undefined;
  private readonly maxSteps: Float64Array;
  private readonly stepLimited: boolean;
  /** enter() and complete() have more to do than the visit: arm timeouts, check budgets. */
  private readonly guarded: boolean;
  /** Abandoned or cancelled copies (zombies) can exist. */
  private readonly abandons: boolean;
  /** A visit may be followed by a route other than its agent's (speculation, degraded calls). */
  private readonly overrides: boolean;

  constructor(spec: NetworkSpec, options: ReplicationOptions) {
    this.spec = spec;
    this.options = options;
    this.routes = compileRoutes(spec);
    this.pool = new RequestPool(spec.attributes.length);
    this.clock = new CapacityClock(this.kernel, EV_CAPACITY);
    const nA = (this.nAgents = spec.agents.length);
    const stream = (source: string) => new Stream(streamSeed(options.seed, options.replication, source));

    this.agentKind = Int8Array.from(spec.agents, (a) => KIND_CODE[a.kind]);
    this.lookups = spec.agents.map((a) => createSampler(a.kind === 'cache' ? a.lookup : { dist: 'deterministic', value: 0 }));
    this.lookupStreams = spec.agents.map((a) => stream(`lookup:${a.name}`));
    this.routeStreams = spec.agents.map((a) => stream(`route:${a.name}`));
    this.failureP = Float64Array.from(spec.agents, (a) => a.failure);
    this.failureStreams = spec.agents.map((a) => stream(`failure:${a.name}`));
    this.costPerCall = Float64Array.from(spec.agents, (a) => a.costPerCall);
    this.agentPool = Int32Array.from(spec.agents, (a) => (a.kind === 'llm' ? a.pool : -1));
    const reader = (source: CountSource, label: string): CountReader =>
      source.kind === 'attribute'
        ? { column: source.attribute, sampler: undefined, stream: undefined }
        : { column: -1, sampler: createSampler(source.dist), stream: stream(label) };
    this.inputTokens = spec.agents.map((a) => (a.kind === 'llm' ? reader(a.inputTokens, `tokens-in:${a.name}`) : undefined));
    this.outputTokens = spec.agents.map((a) => (a.kind === 'llm' ? reader(a.outputTokens, `tokens-out:${a.name}`) : undefined));
    this.caches = spec.agents.map((a) => (a.kind === 'cache' ? new CacheState(a.policy) : undefined));

    this.gpuPools = [];
    const replicaPool: number[] = [], replicaLocal: number[] = [];
    spec.pools.forEach((p, pi) => {
      this.gpuPools.push(createGpuPool(p, spec.models[p.model]!, replicaPool.length, this, this.clock, stream));
      for (let k = 0; k < replicaSlots(p.capacitySpec, p.replicas); k++) { replicaPool.push(pi); replicaLocal.push(k); }
    });
    this.replicaPool = Int32Array.from(replicaPool);
    this.replicaLocal = Int32Array.from(replicaLocal);

    const nC = spec.classes.length;
    this.arrivals = new ArrivalProcesses(spec, options.horizon, stream);
    this.entry = Int32Array.from(spec.classes, (c) => c.entry);
    this.prefixBlocks = spec.classes.map((c) => classTrace(c.arrivals)?.prefixBlocks);

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
    this.stations = new Stations(spec, stream, this, this.stats.agents, this.timeseries, this.clock);
    if (this.timeseries !== undefined) this.gpuPools.forEach((p, pi) => p.recordReplicas(this.timeseries!, pi));

    this.retries = new Retries(spec, stream);
    this.limits = new RateLimits(spec, this);
    this.budgets = (spec.budgets?.length ?? 0) > 0 ? new Budgets(spec, this.flow, this) : undefined;
    this.sessions = spec.classes.some((c) => c.arrivals.process === 'sessions') ? new Sessions(spec, options.horizon, stream, this, this.flow) : undefined;
    this.graph = needsTaskGraph(this.routes) ? new TaskGraph(spec, this.routes, this.pool, this.flow, stream, {
      kernel: this.kernel,
      branch: (p) => this.branch(p),
      enter: (r, a) => this.enter(r, a),
      follow: (r, row) => this.follow(r, row),
      absorb: (child, parent) => this.absorb(child, parent),
      abandon: (r) => this.abandon(r),
    }) : undefined;
    this.maxSteps = Float64Array.from(spec.classes, (c) => c.maxSteps ?? Infinity);
    this.stepLimited = this.maxSteps.some((m) => m !== Infinity);
    this.guarded = this.retries.anyTimeout || this.budgets !== undefined;
    this.abandons = this.retries.anyTimeout || this.graph !== undefined;
    this.overrides = this.graph !== undefined || (this.budgets?.action.some((x) => x === DEGRADE) ?? false);

    for (let c = 0; c < nC; c++) this.scheduleNextArrival(c, 0);
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
    this.llmDone(r);
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
      case EV_TIMEOUT: this.timedOut(subject); break;
      case EV_RETRY: this.retry(subject); break;
      case EV_SESSION_START: this.sessions!.fireStart(subject, this.kernel.now); break;
      case EV_TURN: this.sessions!.fireTurn(subject); break;
      case EV_LIMITER: this.limits.release(subject, this.kernel.now); break;
      case EV_BUDGET: this.budgets!.release(subject, this.kernel.now); break;
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
    this.budgets?.startTask(r);
    if (this.limits.any && this.limits.bucketOf[c]! >= 0) {
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
    this.budgets?.startSession(slot);
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
        const timed = this.guarded && this.retries.timed[a] === 1;
        if (timed) pool.started[r] = NaN; // until service starts: a timeout then finds it waiting
        if (!this.stations.arrive(r, a, now)) {
          this.stats.agents.rejected[a]!++;
          this.reject(r);
        } else if (timed) {
          this.arm(r, a);
        }
        return;
      }
      case AGENT_LLM: {
        const prompt = Math.max(0, this.count(this.inputTokens[a]!, r, a));
        const output = Math.max(1, this.count(this.outputTokens[a]!, r, a));
        if (this.budgets !== undefined && this.budgets.applies[pool.cls[r]!] === 1) this.budgetedCall(r, a, prompt, output, false, -1);
        else this.submit(r, a, prompt, output);
        return;
      }
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
        if (this.guarded && this.retries.timed[a] === 1) this.arm(r, a);
        if (delay > 0) this.kernel.schedule(now + delay, EV_LOOKUP_END, r);
        else this.cacheDecide(r);
      }
    }
  }

  /** Request r's call of `prompt` and `output` tokens to LLM agent a joins the agent's GPU pool. */
  private submit(r: number, a: number, prompt: number, output: number): void {
    const pool = this.pool;
    pool.agent[r] = a;
    pool.entered[r] = this.kernel.now;
    const blocks = this.prefixBlocks[pool.cls[r]!];
    const row = pool.traceRow[r]!;
    if (blocks !== undefined && row >= 0) {
      this.gpuPools[this.agentPool[a]!]!.submit(r, prompt, output, blocks.ids, blocks.offsets[row]!, blocks.offsets[row + 1]!);
    } else {
      this.gpuPools[this.agentPool[a]!]!.submit(r, prompt, output, undefined, 0, 0);
    }
    if (this.guarded && this.retries.timed[a] === 1) this.arm(r, a);
  }

  /**
   * Request r's call to LLM agent a when its budgets have room (taken before the call); otherwise
   * what the exhausted budget says: a cheaper agent answers in its place (once per call: `degradedBy`
   * is the budget that sent it there, or -1), the call waits for a period budget to refill, or the
   * request stops.
   */
  private budgetedCall(r: number, a: number, prompt: number, output: number, released: boolean, degradedBy: number): void {
    const pool = this.pool;
    const budgets = this.budgets!;
    const model = this.gpuPools[this.agentPool[a]!]!.model;
    const cost = prompt * model.pricePerInputToken + output * model.pricePerOutputToken;
    const tokens = prompt + output;
    const c = pool.cls[r]!;
    let root = r;
    while (pool.parent[root]! >= 0) root = pool.parent[root]!;
    const b = budgets.check(c, root, pool.slot[r]!, cost, tokens, this.kernel.now, released);
    if (b < 0) {
      if (degradedBy >= 0) this.flow.budgetDegraded[degradedBy]!++;
      this.submit(r, a, prompt, output);
      return;
    }
    if (degradedBy < 0) this.flow.budgetExhausted[b]!++;
    const action = budgets.action[b]!;
    if (action === DEGRADE && degradedBy < 0) {
      const to = budgets.degradeTo[b]!;
      // The request then goes on as if agent a had answered.
      if (pool.nextRow[r]! < 0) pool.nextRow[r] = this.routes.rowOf[c * this.nAgents + a]!;
      const p = Math.max(0, this.count(this.inputTokens[to]!, r, to));
      const o = Math.max(1, this.count(this.outputTokens[to]!, r, to));
      this.budgetedCall(r, to, p, o, released, b);
      return;
    }
    if (action === DEFER) {
      pool.agent[r] = a;
      if (budgets.defer(b, r, cost, tokens, prompt, output, this.kernel.now)) return;
    }
    this.flow.budgetStopped[b]!++;
    if (budgets.perSession[b] === 1 && pool.slot[r]! >= 0) this.sessions!.exhaust(pool.slot[r]!);
    this.end(r, STOPPED);
  }

  // BudgetHost
  scheduleBudget(time: number, budget: number): void {
    this.kernel.schedule(time, EV_BUDGET, budget);
  }

  deferredReady(r: number): void {
    const pool = this.pool;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { pool.release(r); return; }
    this.budgetedCall(r, pool.agent[r]!, this.budgets!.heldPrompt[r]!, this.budgets!.heldOutput[r]!, true, -1);
  }

  /** A whole token count for request r at LLM agent a. */
  private count(source: CountReader, r: number, a: number): number {
    const value = source.column >= 0 ? this.pool.attributes[source.column]![r]! : source.sampler!.sample(source.stream!);
    if (!Number.isFinite(value)) {
      throw new SimulationError(
        `agent '${this.spec.agents[a]!.name}': attribute '${this.spec.attributes[source.column]}' has no value for a request of class '${this.spec.classes[this.pool.cls[r]!]!.name}'`,
      );
    }
    return Math.round(value);
  }

  /** Service ends at a station: the next in line starts, and r moves on. */
  private depart(r: number): void {
    const pool = this.pool;
    const a = pool.agent[r]!;
    this.stations.depart(r, a, this.kernel.now);
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discard(r, a, this.kernel.now - pool.started[r]!); return; }
    this.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** An LLM call produced its last token: latency, tokens, cost and quality, then r moves on. */
  private llmDone(r: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    const a = pool.agent[r]!;
    const gpu = this.gpuPools[this.agentPool[a]!]!;
    const st = this.stats.agents;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discardCall(r, a); return; }
    pool.started[r] = gpu.admittedAt(r);
    const first = gpu.firstTokenAt(r);
    const ttft = first - pool.entered[r]!;
    st.ttftSum[a]! += ttft;
    st.ttft[a]!.add(ttft);
    const output = gpu.outputTokensOf(r);
    const input = gpu.promptTokensOf(r);
    if (output > 1) {
      const tpot = (now - first) / (output - 1);
      st.tpotSum[a]! += tpot;
      st.tpotCount[a]!++;
      st.tpot[a]!.add(tpot);
    }
    const model = gpu.model;
    const cost = input * model.pricePerInputToken + output * model.pricePerOutputToken;
    st.cost[a]! += cost;
    st.tokensIn[a]! += input;
    st.tokensOut[a]! += output;
    pool.cost[r]! += cost;
    pool.tokensIn[r]! += input;
    pool.tokensOut[r]! += output;
    pool.quality[r] = model.quality;
    this.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** A cache lookup resolves: a hit follows the agent's hit route, a miss its `next`. */
  private cacheDecide(r: number): void {
    const pool = this.pool;
    const a = pool.agent[r]!;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discard(r, a, 0); return; }
    const hit = this.caches[a]!.lookup(r, pool, this.kernel.now, this.routeStreams[a]!);
    if (hit) this.stats.agents.hits[a]!++;
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
    if (this.guarded && this.retries.timed[a] === 1) this.disarm(r);
    if (this.failureP[a]! > 0 && this.failureStreams[a]!.uniform() < this.failureP[a]!) {
      st.failures[a]!++;
      this.callFailed(r, a, CALL_FAILED);
      return;
    }
    if (this.overrides) {
      const override = pool.nextRow[r]!;
      if (override >= 0) { pool.nextRow[r] = -1; row = override; }
    }
    if (this.retries.anyRetry) pool.tries[r] = 0;
    this.follow(r, row);
  }

  /** Request r's call to agent a failed or timed out (`why`): a retry after backoff, else its failure route, else it fails. */
  private callFailed(r: number, a: number, why: number): void {
    const pool = this.pool;
    if (this.retries.anyRetry) {
      const delay = this.retries.retryDelay(pool, r, a, why);
      if (delay >= 0) {
        this.flow.retries[a]!++;
        this.kernel.schedule(this.kernel.now + delay, EV_RETRY, r);
        return;
      }
      pool.tries[r] = 0;
    }
    if (this.overrides) pool.nextRow[r] = -1;
    const onFailure = this.routes.failureRow[a]!;
    if (onFailure >= 0) this.follow(r, onFailure);
    else this.end(r, FAILED);
  }

  /** Request r's backoff is over: it tries its agent again (unless it was cancelled meanwhile). */
  private retry(r: number): void {
    const pool = this.pool;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { pool.release(r); return; }
    this.enter(r, pool.agent[r]!);
  }

  private arm(r: number, a: number): void {
    this.pool.timeoutHandle[r] = this.kernel.scheduleCancellable(this.kernel.now + this.retries.timeout[a]!, EV_TIMEOUT, r);
  }

  /** Cancels request r's pending timeout, if any. */
  private disarm(r: number): void {
    const handle = this.pool.timeoutHandle[r]!;
    if (handle >= 0) { this.kernel.cancel(handle); this.pool.timeoutHandle[r] = -1; }
  }

  /**
   * Copy r was abandoned or cancelled (a zombie now): its timeout goes, and a service that started
   * this very instant (the server its finishing sibling freed) ends now, unworked: it was still waiting.
   */
  private abandon(r: number): void {
    this.disarm(r);
    const pool = this.pool;
    const handle = pool.serviceHandle[r]!;
    if (handle >= 0 && pool.started[r] === this.kernel.now && this.kernel.cancel(handle)) {
      pool.serviceHandle[r] = this.kernel.scheduleCancellable(this.kernel.now, EV_DEPARTURE, r);
    }
  }

  /**
   * Request r's call ran out of time: the client abandons it and goes on under a fresh id (retry,
   * failure route or failure), while r stays where it is, a zombie holding its place in line or its
   * server until its service ends, and is then discarded.
   */
  private timedOut(r: number): void {
    const pool = this.pool;
    const now = this.kernel.now;
    const a = pool.agent[r]!;
    pool.timeoutHandle[r] = -1;
    this.flow.timeouts[a]!++;
    const r2 = pool.clone(r);
    if (this.requests !== undefined) {
      const started = this.agentKind[a] === AGENT_LLM ? this.gpuPools[this.agentPool[a]!]!.admittedAt(r) : pool.started[r]!;
      const from = Number.isNaN(started) ? now : started;
      this.requests.start(r2);
      this.requests.mergeInto(r, r2);
      this.requests.visit(r2, a, from - pool.entered[r]!, now - from);
    }
    this.graph?.replace(r, r2);
    if (this.budgets !== undefined && pool.parent[r]! < 0) this.budgets.moved(r, r2);
    pool.flags[r]! |= ZOMBIE;
    pool.parent[r] = -1;
    pool.slot[r] = -1;
    this.abandon(r);
    this.callFailed(r2, a, CALL_TIMED_OUT);
  }

  /** Zombie r leaves agent a, its `busy` seconds of work wasted. */
  private discard(r: number, a: number, busy: number): void {
    this.flow.wasted[a]! += busy;
    this.pool.release(r);
  }

  /** A zombie's LLM call ended: its tokens were still produced and paid for. */
  private discardCall(r: number, a: number): void {
    const pool = this.pool;
    const gpu = this.gpuPools[this.agentPool[a]!]!;
    const input = gpu.promptTokensOf(r), output = gpu.outputTokensOf(r);
    const cost = input * gpu.model.pricePerInputToken + output * gpu.model.pricePerOutputToken;
    const st = this.stats.agents;
    st.cost[a]! += cost;
    st.tokensIn[a]! += input;
    st.tokensOut[a]! += output;
    const cs = this.stats.classes[pool.cls[r]!]!;
    cs.cost += cost;
    cs.tokens += input + output;
    this.discard(r, a, this.kernel.now - gpu.admittedAt(r));
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
