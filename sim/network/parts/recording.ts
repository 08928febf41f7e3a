// What a replication records about its requests and when: counts per class as requests start and
// end, the warm-up (statistics reset) and the windows of the time series, and the snapshot of the
// statistics. Owns the warm-up-end and window-end events.

import type { Kernel } from '../../kernel.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { COGNITIVE, FAILED, OK, RATE_LIMITED, REJECTED, type RequestPool } from '../flow/requests.js';
import { POOL_GAUGES, POOL_SAMPLES_PER_WINDOW, type RequestRecorder, type TimeseriesRecorder } from '../record/recorders.js';
import type { ClassStats, ReplicationStats } from '../record/stats.js';
import type { Stations } from '../resources/stations.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { GpuPools } from './gpu-pools.js';

export class Recording {
  private readonly shared: Shared;
  // Read as every request starts and ends: kept here rather than behind `shared`.
  private readonly pool: RequestPool;
  private readonly kernel: Kernel;
  private readonly classes: ClassStats[];
  private readonly timeseries: TimeseriesRecorder | undefined;
  private readonly requests: RequestRecorder | undefined;
  private readonly stations: Stations;
  private readonly gpus: GpuPools;
  private readonly clock: CapacityClock;
  private readonly nAgents: number;
  private readonly warmupEnd: number;
  private readonly windowEnd: number;
  private readonly poolSample: number;
  /** Pool samples taken so far; sample k is at (k + 1/2) × window / POOL_SAMPLES_PER_WINDOW. */
  private samples = 0;
  /** Scratch: each pool's preemption counter at a window's end. */
  private readonly preemptions: Float64Array;
  /** End-to-end latency summed and counted per window of seriesWindow seconds (warm-up detection). */
  private readonly seriesWindow: number;
  private readonly seriesSum: Float64Array;
  private readonly seriesCount: Float64Array;

  constructor(shared: Shared, table: EventTable, stations: Stations, gpus: GpuPools, clock: CapacityClock) {
    const options = shared.options;
    this.shared = shared;
    this.pool = shared.pool;
    this.kernel = shared.kernel;
    this.classes = shared.stats.classes;
    this.timeseries = shared.timeseries;
    this.requests = shared.requests;
    this.stations = stations;
    this.gpus = gpus;
    this.clock = clock;
    this.nAgents = shared.spec.agents.length;
    this.warmupEnd = table.register('warm-up end', () => this.resetStatistics());
    this.windowEnd = table.register('window end', () => this.closeWindow());
    this.poolSample = table.register('pool sample', () => this.samplePools());
    this.preemptions = new Float64Array(gpus.pools.length);
    this.seriesWindow = options.seriesWindow;
    const windows = options.seriesWindow > 0 ? Math.ceil(options.horizon / options.seriesWindow) : 0;
    this.seriesSum = new Float64Array(windows);
    this.seriesCount = new Float64Array(windows);
  }

  /** Schedules the end of warm-up and of the first time-series window. */
  start(): void {
    const { options, kernel, timeseries } = this.shared;
    if (options.warmup > 0) kernel.schedule(options.warmup, this.warmupEnd, 0);
    if (timeseries !== undefined && timeseries.windows > 0) {
      kernel.schedule(options.timeseriesWindow, this.windowEnd, 0);
      if (this.gpus.pools.length > 0) kernel.schedule(this.sampleTime(0), this.poolSample, 0);
    }
  }

  /** Samples fall in the middle of equal slices of a window, never on its end. */
  private sampleTime(k: number): number {
    return (k + 0.5) * this.shared.options.timeseriesWindow / POOL_SAMPLES_PER_WINDOW;
  }

  private samplePools(): void {
    const ts = this.timeseries!, pools = this.gpus.pools;
    for (let p = 0; p < pools.length; p++) pools[p]!.gauges(ts.gaugeSum, p * POOL_GAUGES);
    ts.sampled();
    const next = this.sampleTime(++this.samples);
    if (next < this.shared.options.horizon) this.shared.kernel.schedule(next, this.poolSample, 0);
  }

  /** A top-level request r arrived. */
  requestStarted(r: number): void {
    this.timeseries?.arrival();
    this.requests?.start(r);
    this.shared.attribution?.start(r, this.pool.born[r]!);
    this.shared.visitLog?.requestStarted(r, this.pool.cls[r]!, this.kernel.now);
  }

  /** Top-level request r ended with `outcome` (flow/requests.ts): its class's counts, and its row. */
  requestEnded(r: number, outcome: number): void {
    const pool = this.pool, kernel = this.kernel;
    this.shared.visitLog?.requestEnded(r, kernel.now, outcome);
    const cs = this.classes[pool.cls[r]!]!;
    cs.cost += pool.cost[r]!;
    cs.tokens += pool.tokensIn[r]! + pool.tokensOut[r]!;
    if (outcome === OK) {
      const e2e = kernel.now - pool.born[r]!;
      cs.completed++;
      cs.e2eSum += e2e;
      cs.e2eSumSq += e2e * e2e;
      cs.e2e.add(e2e);
      this.shared.attribution?.finish(r, pool.cls[r]!, e2e, kernel.now);
      const q = pool.quality[r]!;
      if (!Number.isNaN(q)) { cs.qualitySum += q; cs.qualityCount++; }
      this.timeseries?.completion(e2e, pool.cls[r]!);
      if (this.seriesWindow > 0) {
        const w = Math.floor(kernel.now / this.seriesWindow);
        if (w < this.seriesSum.length) { this.seriesSum[w]! += e2e; this.seriesCount[w]!++; }
      }
    } else if (outcome === REJECTED) {
      cs.rejected++;
    } else if (outcome === FAILED) {
      cs.failed++;
    } else {
      const c = pool.cls[r]!;
      const f = this.shared.flow;
      if (outcome === RATE_LIMITED) { cs.rejected++; f.rateLimited[c]!++; } else if (outcome === COGNITIVE) f.cognitive[c]!++; else f.stopped[c]!++;
    }
    // A row for a request leaving the system after warm-up, when requests are traced (outcome codes are the recorder's).
    const requests = this.requests;
    if (requests === undefined || kernel.now < this.shared.options.warmup) return;
    requests.finishRequest(r, pool.cls[r]!, pool.born[r]!, kernel.now, outcome, pool, pool.attributes);
  }

  /** Statistics up to the current simulated time (partial when the horizon was not reached). */
  snapshot(finished: boolean): ReplicationStats {
    const { kernel, options, pool } = this.shared;
    const now = kernel.now;
    const gpuPools = this.gpus.pools;
    for (let a = 0; a < this.nAgents; a++) this.stations.accrue(a, now);
    for (const p of gpuPools) p.accrue(now);
    const s = this.shared.stats;
    s.observed = Math.max(0, now - Math.min(options.warmup, now));
    s.finished = finished;
    s.events = kernel.dispatched;
    s.inFlight = pool.inFlight;
    if (this.seriesWindow > 0) s.series = { window: this.seriesWindow, sum: this.seriesSum, count: this.seriesCount };
    s.timeseries = this.shared.timeseries?.series;
    s.requests = this.shared.requests?.rows();
    s.attribution = this.shared.attribution?.summary(this.classes.length);
    s.visits = this.shared.visitLog?.rows();
    s.capacity = {
      agents: this.stations.groups.map((g) => g?.set.stats), pools: gpuPools.map((p) => p.capacityStats),
      decisions: this.clock.decisions, droppedDecisions: this.clock.dropped,
    };
    return s;
  }

  private closeWindow(): void {
    const { timeseries, kernel, options } = this.shared;
    const ts = timeseries!;
    const now = kernel.now;
    for (let a = 0; a < this.nAgents; a++) ts.accrue(a, now, this.stations.waiting(a), this.stations.busyServers(a));
    const pools = this.gpus.pools;
    for (let p = 0; p < pools.length; p++) this.preemptions[p] = pools[p]!.stats.preemptions;
    ts.closeWindow(this.preemptions);
    const next = now + options.timeseriesWindow;
    if (next <= options.horizon + 1e-9 * options.horizon) kernel.schedule(next, this.windowEnd, 0);
  }

  private resetStatistics(): void {
    const now = this.shared.kernel.now;
    for (let a = 0; a < this.nAgents; a++) this.stations.accrue(a, now);
    const ts = this.timeseries;
    if (ts !== undefined) this.gpus.pools.forEach((p, i) => ts.preemptionsReset(i, p.stats.preemptions));
    this.shared.stats.reset();
    this.shared.attribution?.reset();
    this.stations.resetStatistics(now);
    for (const p of this.gpus.pools) p.resetStatistics(now);
  }
}
