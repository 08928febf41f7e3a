// Optional recorders of one replication, off unless asked for: a time series per window
// (arrivals, completions, windowed p95 overall and per class, queue length, busy servers and mean
// wait per agent, and per GPU pool its line, running batch, KV cache, busy replicas and
// preemptions) and one row per finished request (class, times, per-agent wait and service summed
// over visits, attributes).

import { QuantileSketch } from '../../stats/quantile-sketch.js';

/** Relative error of the per-window p95: coarse is enough for a chart, and keeps windows small. */
const WINDOW_SKETCH_ACCURACY = 0.02;

/**
 * GPU pools' levels (calls waiting, sequences running, KV in use, replicas iterating) are read at
 * this many evenly spaced instants per window and averaged: the pool changes them at every
 * iteration, and sampling reads its plain counters without a hook in the batching loop.
 */
export const POOL_SAMPLES_PER_WINDOW = 20;

/** The levels a GPU pool reports when sampled, in this order (GpuPool.gauges). */
export const POOL_GAUGES = 4;

export interface Timeseries {
  readonly window: number;
  /** Per window w (covering [w·window, (w+1)·window)). */
  readonly arrivals: Float64Array;
  readonly completions: Float64Array;
  /** p95 of the end-to-end latency of requests completed in the window (NaN when none). */
  readonly e2eP95: Float64Array;
  /** Time-average number waiting and number of busy servers, row-major: [w * agents + a]. */
  readonly queue: Float64Array;
  readonly busy: Float64Array;
  /**
   * Time-average number of billed replicas, row-major: per agent [w * agents + a] (1 for a plain
   * station, NaN for agents that are not stations) and per GPU pool [w * pools + p].
   */
  readonly replicas: Float64Array;
  readonly poolReplicas: Float64Array;
  /** p95 end-to-end latency of each class's requests completed in the window, [w * classes + c] (NaN when none). */
  readonly classP95: Float64Array;
  /** Mean wait (before service) of the visits to each agent that ended in the window, [w * agents + a] (NaN when none). */
  readonly wait: Float64Array;
  /**
   * Per GPU pool, [w * pools + p], averaged over the window's samples: calls waiting in the pool's
   * lines, sequences running (all replicas), KV cache in use in replicas' worth (Σ used / capacity
   * of one replica) and replicas running an iteration; preemptions counted in the window.
   */
  readonly poolQueue: Float64Array;
  readonly poolRunning: Float64Array;
  readonly poolKv: Float64Array;
  readonly poolBusy: Float64Array;
  readonly poolPreemptions: Float64Array;
}

export class TimeseriesRecorder {
  readonly series: Timeseries;
  private readonly agents: number;
  private w = 0;
  private arrivals = 0;
  private completions = 0;
  private readonly sketch = new QuantileSketch(WINDOW_SKETCH_ACCURACY);
  /** Areas accrued since the start of the current window, and when each agent's last accrued. */
  private readonly queueArea: Float64Array;
  private readonly busyArea: Float64Array;
  private readonly last: Float64Array;
  /** Replica counts of agents, then pools: current level, when it last changed, area this window. */
  private readonly pools: number;
  private readonly level: Float64Array;
  private readonly levelSince: Float64Array;
  private readonly levelArea: Float64Array;
  private readonly classes: number;
  private readonly classSketches: QuantileSketch[];
  /** Waits of the visits that ended this window: sum and count per agent. */
  private readonly waitSum: Float64Array;
  private readonly waitCount: Float64Array;
  /** Pool gauges summed over this window's samples ([p * POOL_GAUGES + g]), and how many samples. */
  readonly gaugeSum: Float64Array;
  private samples = 0;
  /** Each pool's preemption counter at the last window end, and those counted before a reset this window. */
  private readonly preemptBase: Float64Array;
  private readonly preemptCarry: Float64Array;

  constructor(window: number, horizon: number, agents: number, pools = 0, classes = 0) {
    const windows = Math.floor(horizon / window + 1e-9);
    this.agents = agents;
    this.pools = pools;
    this.classes = classes;
    this.classSketches = Array.from({ length: classes }, () => new QuantileSketch(WINDOW_SKETCH_ACCURACY));
    this.waitSum = new Float64Array(agents);
    this.waitCount = new Float64Array(agents);
    this.gaugeSum = new Float64Array(pools * POOL_GAUGES);
    this.preemptBase = new Float64Array(pools);
    this.preemptCarry = new Float64Array(pools);
    this.level = new Float64Array(agents + pools).fill(NaN);
    this.levelSince = new Float64Array(agents + pools);
    this.levelArea = new Float64Array(agents + pools);
    this.queueArea = new Float64Array(agents);
    this.busyArea = new Float64Array(agents);
    this.last = new Float64Array(agents);
    this.series = {
      window,
      arrivals: new Float64Array(windows),
      completions: new Float64Array(windows),
      e2eP95: new Float64Array(windows),
      queue: new Float64Array(windows * agents),
      busy: new Float64Array(windows * agents),
      replicas: new Float64Array(windows * agents),
      poolReplicas: new Float64Array(windows * pools),
      classP95: new Float64Array(windows * classes),
      wait: new Float64Array(windows * agents),
      poolQueue: new Float64Array(windows * pools),
      poolRunning: new Float64Array(windows * pools),
      poolKv: new Float64Array(windows * pools),
      poolBusy: new Float64Array(windows * pools),
      poolPreemptions: new Float64Array(windows * pools),
    };
  }

  /** Agent a has `count` replicas from `now` on. */
  setReplicas(a: number, now: number, count: number): void {
    this.changeLevel(a, now, count);
  }

  /** GPU pool p has `count` replicas from `now` on. */
  setPoolReplicas(p: number, now: number, count: number): void {
    this.changeLevel(this.agents + p, now, count);
  }

  private changeLevel(i: number, now: number, count: number): void {
    const level = this.level[i]!;
    if (!Number.isNaN(level)) this.levelArea[i]! += level * (now - this.levelSince[i]!);
    this.levelSince[i] = now;
    this.level[i] = count;
  }

  /** Number of windows; the engine schedules an event at the end of each. */
  get windows(): number {
    return this.series.arrivals.length;
  }

  /** Integrates agent a's levels (constant since its last call) up to `now`. */
  accrue(a: number, now: number, waiting: number, busy: number): void {
    const dt = now - this.last[a]!;
    this.queueArea[a]! += waiting * dt;
    this.busyArea[a]! += busy * dt;
    this.last[a] = now;
  }

  arrival(): void {
    this.arrivals++;
  }

  completion(e2e: number, cls: number): void {
    this.completions++;
    this.sketch.add(e2e);
    this.classSketches[cls]?.add(e2e);
  }

  /** A visit to agent a ended after waiting `wait` seconds for service. */
  visitEnded(a: number, wait: number): void {
    this.waitSum[a]! += wait;
    this.waitCount[a]!++;
  }

  /** The pools' gauges have been added to gaugeSum: one more sample in this window. */
  sampled(): void {
    this.samples++;
  }

  /** Pool p's preemption counter is about to be reset (warm-up): keep what this window counted so far. */
  preemptionsReset(p: number, counter: number): void {
    this.preemptCarry[p]! += counter - this.preemptBase[p]!;
    this.preemptBase[p] = 0;
  }

  /**
   * Closes the current window; the engine has accrued every agent's areas up to its end, sampled
   * the pools, and passes their preemption counters (`preemptions[p]`).
   */
  closeWindow(preemptions: ArrayLike<number>): void {
    const s = this.series;
    const w = this.w++;
    if (w >= s.arrivals.length) return;
    s.arrivals[w] = this.arrivals;
    s.completions[w] = this.completions;
    s.e2eP95[w] = this.sketch.count > 0 ? this.sketch.quantile(0.95) : NaN;
    for (let c = 0; c < this.classes; c++) {
      const sk = this.classSketches[c]!;
      s.classP95[w * this.classes + c] = sk.count > 0 ? sk.quantile(0.95) : NaN;
      sk.reset();
    }
    for (let a = 0; a < this.agents; a++) {
      s.queue[w * this.agents + a] = this.queueArea[a]! / s.window;
      s.busy[w * this.agents + a] = this.busyArea[a]! / s.window;
      s.wait[w * this.agents + a] = this.waitCount[a]! > 0 ? this.waitSum[a]! / this.waitCount[a]! : NaN;
    }
    const n = this.samples, g = this.gaugeSum;
    for (let p = 0; p < this.pools; p++) {
      const i = w * this.pools + p, o = p * POOL_GAUGES;
      s.poolQueue[i] = n > 0 ? g[o]! / n : NaN;
      s.poolRunning[i] = n > 0 ? g[o + 1]! / n : NaN;
      s.poolKv[i] = n > 0 ? g[o + 2]! / n : NaN;
      s.poolBusy[i] = n > 0 ? g[o + 3]! / n : NaN;
      s.poolPreemptions[i] = this.preemptCarry[p]! + preemptions[p]! - this.preemptBase[p]!;
      this.preemptBase[p] = preemptions[p]!;
      this.preemptCarry[p] = 0;
    }
    const end = (w + 1) * s.window;
    for (let i = 0; i < this.level.length; i++) {
      this.changeLevel(i, end, this.level[i]!);
      const value = Number.isNaN(this.level[i]!) ? NaN : this.levelArea[i]! / s.window;
      if (i < this.agents) s.replicas[w * this.agents + i] = value;
      else s.poolReplicas[w * this.pools + i - this.agents] = value;
      this.levelArea[i] = 0;
    }
    this.arrivals = this.completions = 0;
    this.sketch.reset();
    this.queueArea.fill(0);
    this.busyArea.fill(0);
    this.waitSum.fill(0);
    this.waitCount.fill(0);
    g.fill(0);
    this.samples = 0;
  }
}

export const OUTCOME_COMPLETED = 0;
export const OUTCOME_REJECTED = 1;
/** A system error: a failed or timed-out call with no retry left and nowhere to go. */
export const OUTCOME_FAILED = 2;
/** A cognitive error: more agent visits than the class's max steps. */
export const OUTCOME_COGNITIVE = 3;
/** Stopped by a budget. */
export const OUTCOME_BUDGET = 4;
export const OUTCOME_RATE_LIMITED = 5;
/** The name of each outcome code, for data files. */
export const OUTCOME_NAMES: readonly string[] = ['completed', 'rejected', 'failed', 'cognitive', 'budget', 'rate_limited'];

export interface RequestRows {
  readonly count: number;
  readonly cls: Int32Array;
  /** Session id of the request (-1 when not in a session). */
  readonly session: Int32Array;
  readonly arrival: Float64Array;
  readonly finish: Float64Array;
  /** OUTCOME_* per row. */
  readonly outcome: Uint8Array;
  /** Dollars spent on the request and its LLM tokens (fork branches included). */
  readonly cost: Float64Array;
  readonly tokensIn: Float64Array;
  readonly tokensOut: Float64Array;
  /** Row-major [row * agents + a]: wait and service summed over the request's visits to a. */
  readonly wait: Float64Array;
  readonly service: Float64Array;
  /** One column per attribute name of the network. */
  readonly attributes: readonly Float64Array[];
}

/** Per-request rows, with in-flight sums kept by request id until the request finishes. */
export class RequestRecorder {
  private readonly agents: number;
  private readonly attributeCount: number;
  private flightWait = new Float64Array(0);
  private flightService = new Float64Array(0);
  private n = 0;
  private cls = new Int32Array(1024);
  private session = new Int32Array(1024);
  private arrival = new Float64Array(1024);
  private finish = new Float64Array(1024);
  private outcome = new Uint8Array(1024);
  private cost = new Float64Array(1024);
  private tokensIn = new Float64Array(1024);
  private tokensOut = new Float64Array(1024);
  private wait: Float64Array;
  private service: Float64Array;
  private attributes: Float64Array[];

  constructor(agents: number, attributeCount: number) {
    this.agents = agents;
    this.attributeCount = attributeCount;
    this.wait = new Float64Array(1024 * agents);
    this.service = new Float64Array(1024 * agents);
    this.attributes = Array.from({ length: attributeCount }, () => new Float64Array(1024));
  }

  /** A request id starts a new life (fresh allocation from the pool). */
  start(r: number): void {
    const base = r * this.agents;
    if (base + this.agents > this.flightWait.length) {
      const size = Math.max(1024, 2 * (base + this.agents));
      const grow = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
      this.flightWait = grow(this.flightWait);
      this.flightService = grow(this.flightService);
    }
    this.flightWait.fill(0, base, base + this.agents);
    this.flightService.fill(0, base, base + this.agents);
  }

  visit(r: number, agent: number, wait: number, service: number): void {
    this.flightWait[r * this.agents + agent]! += wait;
    this.flightService[r * this.agents + agent]! += service;
  }

  /** A fork branch finished: its time counts toward its parent's row. */
  mergeInto(child: number, parent: number): void {
    const c = child * this.agents, p = parent * this.agents;
    for (let a = 0; a < this.agents; a++) {
      this.flightWait[p + a]! += this.flightWait[c + a]!;
      this.flightService[p + a]! += this.flightService[c + a]!;
    }
  }

  finishRequest(
    r: number, cls: number, arrival: number, finish: number, outcome: number,
    spent: { readonly cost: Float64Array; readonly tokensIn: Float64Array; readonly tokensOut: Float64Array; readonly session: Int32Array },
    attributes: readonly Float64Array[],
  ): void {
    if (this.n === this.cls.length) this.grow();
    const i = this.n++;
    this.cls[i] = cls;
    this.session[i] = spent.session[r]!;
    this.arrival[i] = arrival;
    this.finish[i] = finish;
    this.outcome[i] = outcome;
    this.cost[i] = spent.cost[r]!;
    this.tokensIn[i] = spent.tokensIn[r]!;
    this.tokensOut[i] = spent.tokensOut[r]!;
    this.wait.set(this.flightWait.subarray(r * this.agents, (r + 1) * this.agents), i * this.agents);
    this.service.set(this.flightService.subarray(r * this.agents, (r + 1) * this.agents), i * this.agents);
    for (let k = 0; k < this.attributeCount; k++) this.attributes[k]![i] = attributes[k]![r]!;
  }

  /** Rows recorded so far (a cursor for `visitSince`). */
  get count(): number {
    return this.n;
  }

  /** Visits rows from index `from` on without copying: class, end-to-end latency, outcome. */
  visitSince(from: number, visit: (cls: number, latency: number, outcome: number) => void): number {
    for (let i = from; i < this.n; i++) visit(this.cls[i]!, this.finish[i]! - this.arrival[i]!, this.outcome[i]!);
    return this.n;
  }

  rows(): RequestRows {
    const n = this.n, A = this.agents;
    return {
      count: n,
      cls: this.cls.slice(0, n),
      session: this.session.slice(0, n),
      arrival: this.arrival.slice(0, n),
      finish: this.finish.slice(0, n),
      outcome: this.outcome.slice(0, n),
      cost: this.cost.slice(0, n),
      tokensIn: this.tokensIn.slice(0, n),
      tokensOut: this.tokensOut.slice(0, n),
      wait: this.wait.slice(0, n * A),
      service: this.service.slice(0, n * A),
      attributes: this.attributes.map((c) => c.slice(0, n)),
    };
  }

  private grow(): void {
    const cap = this.cls.length * 2;
    const f64 = (a: Float64Array, per = 1) => { const b = new Float64Array(cap * per); b.set(a); return b; };
    const i32 = new Int32Array(cap); i32.set(this.cls); this.cls = i32;
    const s32 = new Int32Array(cap); s32.set(this.session); this.session = s32;
    const u8 = new Uint8Array(cap); u8.set(this.outcome); this.outcome = u8;
    this.arrival = f64(this.arrival);
    this.cost = f64(this.cost);
    this.tokensIn = f64(this.tokensIn);
    this.tokensOut = f64(this.tokensOut);
    this.finish = f64(this.finish);
    this.wait = f64(this.wait, this.agents);
    this.service = f64(this.service, this.agents);
    this.attributes = this.attributes.map((c) => f64(c));
  }
}
