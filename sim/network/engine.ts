// One replication of a network of agents: the kernel's run loop over the event table, and the parts
// wired together once at construction. Each part (parts/) owns its event kinds and their handlers:
// admission (arrivals, sessions, rate limits), the agent kinds (stations, LLM calls on GPU pools,
// routers, caches), visits (routes, forks, retries, timeouts), capacity timers and recording
// (warm-up, windows). Nothing in sim imports this file; docs/architecture.md shows the whole.

import { Kernel, type Dispatch, type StopReason } from '../kernel.js';
import { SimulationError } from '../errors.js';
import { Stream, streamSeed } from '../random/stream.js';
import { ExactQuantiles, QuantileSketch, type QuantileEstimator } from '../stats/quantile-sketch.js';
import { RequestPool } from './flow/requests.js';
import { compileRoutes, type RouteTable } from './flow/routes.js';
import { needsTaskGraph } from './flow/task-graph.js';
import { emptyFlowStats } from './record/flow-stats.js';
import { RequestRecorder, TimeseriesRecorder } from './record/recorders.js';
import { AttributionRecorder } from './record/attribution.js';
import { VisitLog } from './record/visit-log.js';
import { emptyStats, type ReplicationStats } from './record/stats.js';
import type { NetworkSpec } from './spec.js';
import type { CompileRate } from './arrival-process.js';
import type { Actuators, ControlView } from './control.js';
import { Admission } from './parts/admission.js';
import { RouterAgents } from './parts/agent-kind.js';
import { CacheAgents } from './parts/cache-agents.js';
import { capacityTimers } from './parts/capacity-timers.js';
import type { ReplicationOptions, Shared } from './parts/context.js';
import { ControlPanel } from './parts/control-panel.js';
import { EventTable } from './parts/event-table.js';
import { GpuPools } from './parts/gpu-pools.js';
import { LlmAgents } from './parts/llm-agents.js';
import { Recording } from './parts/recording.js';
import { StationAgents } from './parts/station-agents.js';
import { Visits } from './parts/visits.js';

export type { ReplicationOptions } from './parts/context.js';

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

export class Replication implements ControlView, Actuators {
  readonly kernel = new Kernel();
  /** Every event kind of this replication with its handler (parts/event-table.ts). */
  readonly events = new EventTable();
  private readonly options: ReplicationOptions;
  private readonly recording: Recording;
  private readonly control: ControlPanel;
  private finished = false;
  /** The kernel's dispatch over the event table, sealed once every part has registered. */
  private readonly dispatch: Dispatch;

  constructor(spec: NetworkSpec, options: ReplicationOptions) {
    this.options = options;
    const { kernel, events } = this;
    const routes = compileRoutes(spec);
    const pool = new RequestPool(spec.attributes.length, 256, usesFlowColumns(spec, routes));
    const clock = capacityTimers(kernel, events);
    const stream = (source: string) => new Stream(streamSeed(options.seed, options.replication, source));
    const compileRate = options.compileRate ?? noCompiler;
    // GPU pools first: their statistics go into the replication's, and their replicas start before the stations'.
    const gpus = new GpuPools(spec, kernel, events, clock, pool, stream, compileRate);
    const estimator = (): QuantileEstimator =>
      options.percentiles === 'exact' ? new ExactQuantiles() : new QuantileSketch(options.sketchAccuracy);
    const flow = emptyFlowStats(spec);
    const shared: Shared = {
      kernel, spec, options, pool, routes, flow, stream, compileRate,
      stats: emptyStats(spec, estimator, gpus.pools.map((p) => p.stats), flow),
      timeseries: options.timeseriesWindow > 0 ? new TimeseriesRecorder(options.timeseriesWindow, options.horizon, spec.agents.length, spec.pools.length, spec.classes.length) : undefined,
      requests: options.traceRequests ? new RequestRecorder(spec.agents.length, spec.attributes.length) : undefined,
      attribution: options.attribution === true ? new AttributionRecorder(spec.agents.length) : undefined,
      visitLog: options.traceVisits === true ? new VisitLog() : undefined,
    };

    const visits = new Visits(shared, events);
    const stations = new StationAgents(shared, events, visits, clock);
    const caches = new CacheAgents(shared, events, visits);
    new RouterAgents(shared, visits);
    const llm = new LlmAgents(shared, events, visits, gpus);
    gpus.connect(visits, llm.calls, shared.timeseries);
    const recording = (this.recording = new Recording(shared, events, stations.stations, gpus, clock));
    const admission = new Admission(shared, events, visits, recording, llm.calls.budgets);
    llm.connect(admission.sessions);
    visits.connect({
      recording, cutShort: (r) => stations.cutShort(r), sessions: admission.sessions, budgets: llm.calls.budgets, degrades: llm.calls.degrades,
    });
    this.control = new ControlPanel(shared, { admission, stations: stations.stations, gpus, caches });

    this.dispatch = events.seal();
    admission.start();
    recording.start();
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

  get isFinished(): boolean {
    return this.finished;
  }

  /** Statistics up to the current simulated time (partial when the horizon was not reached). */
  snapshot(): ReplicationStats {
    return this.recording.snapshot(this.finished);
  }

  // ControlView and Actuators (control.ts), used between segments only: parts/control-panel.ts.
  get now(): number { return this.control.now; }
  get inFlight(): number { return this.control.inFlight; }
  finishedSince(cursor: number, visit: (cls: number, latency: number, outcome: number) => void): number { return this.control.finishedSince(cursor, visit); }
  replicaTarget(target: 'pool' | 'agent', index: number): number { return this.control.replicaTarget(target, index); }
  replicaLimit(target: 'pool' | 'agent', index: number): number { return this.control.replicaLimit(target, index); }
  scaleArrivals(c: number, factor: number): boolean { return this.control.scaleArrivals(c, factor); }
  setRateLimit(c: number, rate: number): boolean { return this.control.setRateLimit(c, rate); }
  setPrice(m: number, perInputToken: number, perOutputToken: number): boolean { return this.control.setPrice(m, perInputToken, perOutputToken); }
  setReplicas(target: 'pool' | 'agent', index: number, count: number): boolean { return this.control.setReplicas(target, index, count); }
  setPriority(c: number, priority: number): boolean { return this.control.setPriority(c, priority); }
  setCacheHit(a: number, hit: number): boolean { return this.control.setCacheHit(a, hit); }
}
