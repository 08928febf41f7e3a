// A request's way through the network: its visits to agents (each agent kind decides what a visit
// does, agent-kind.ts), the routes it follows, forks and joins, calls that fail or time out, and how
// it ends. This part owns the events of timeouts and retries. The methods here are the engine's hot
// loop: integer ids, typed-array state, no allocation per event.

import { SimulationError } from '../../errors.js';
import type { Kernel } from '../../kernel.js';
import type { Stream } from '../../random/stream.js';
import { Attempts, CALL_FAILED } from '../flow/attempts.js';
import type { Budgets } from '../flow/budgets.js';
import { COGNITIVE, OK, REJECTED, ZOMBIE, type RequestPool } from '../flow/requests.js';
import { holds, ROUTE_AGENT, ROUTE_CONDITION, ROUTE_EXIT, ROUTE_FORK, ROUTE_RANDOM, ROUTE_SPECULATE, type RouteTable } from '../flow/routes.js';
import type { Sessions } from '../flow/sessions.js';
import { needsTaskGraph, TaskGraph } from '../flow/task-graph.js';
import type { RequestRecorder, TimeseriesRecorder } from '../record/recorders.js';
import type { AttributionRecorder } from '../record/attribution.js';
import type { VisitLog } from '../record/visit-log.js';
import type { AgentStats } from '../record/stats.js';
import type { AgentKind } from './agent-kind.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { Recording } from './recording.js';

/** Parts that visits reach but that are built after them (engine.ts connects them once). */
export interface VisitLinks {
  readonly recording: Recording;
  /** A station service of zombie r that started this very instant ends now: it holds its server for no time. */
  readonly cutShort: (r: number) => void;
  readonly sessions: Sessions | undefined;
  readonly budgets: Budgets | undefined;
  /** A visit may be followed by a route other than its agent's: degraded LLM calls. */
  readonly degrades: boolean;
}

/** Placeholder until an agent kind claims the agent (every agent has a kind once the parts are built). */
const NO_KIND: AgentKind = {
  enter: () => { throw new Error('internal: an agent without a kind'); },
  serviceStart: () => NaN,
};

export class Visits {
  /** The kind of each agent, by agent id; filled by the agent kinds as they are built. */
  readonly agents: AgentKind[];
  readonly attempts: Attempts;
  readonly graph: TaskGraph | undefined;
  /** Some agent has a timeout: visits arm and disarm it. */
  readonly timeouts: boolean;
  /** Abandoned or cancelled copies (zombies) can exist. */
  readonly abandons: boolean;
  /** Per agent: draws a random route, and a cache's hit. */
  readonly routeStreams: Stream[];
  private readonly shared: Shared;
  // Read on every event: kept here rather than behind `shared`.
  private readonly pool: RequestPool;
  private readonly kernel: Kernel;
  private readonly routes: RouteTable;
  private readonly agentStats: AgentStats;
  private readonly requests: RequestRecorder | undefined;
  private readonly attribution: AttributionRecorder | undefined;
  private readonly timeseries: TimeseriesRecorder | undefined;
  private readonly visitLog: VisitLog | undefined;
  private readonly nAgents: number;
  private readonly failureP: Float64Array;
  private readonly failureStreams: Stream[];
  private readonly costPerCall: Float64Array;
  private readonly maxSteps: Float64Array;
  private readonly stepLimited: boolean;
  private readonly retrying: boolean;
  private overrides = false;
  // Set by connect(): parts built after visits.
  private recording!: Recording;
  private cutShort!: (r: number) => void;
  private sessions: Sessions | undefined;
  private budgets: Budgets | undefined;

  constructor(shared: Shared, table: EventTable) {
    const { spec, kernel, pool, routes, stream } = shared;
    this.shared = shared;
    this.pool = shared.pool;
    this.kernel = shared.kernel;
    this.routes = shared.routes;
    this.agentStats = shared.stats.agents;
    this.requests = shared.requests;
    this.attribution = shared.attribution;
    this.timeseries = shared.timeseries;
    this.visitLog = shared.visitLog;
    this.nAgents = spec.agents.length;
    // Packed (not `new Array(n)`, whose holes every read would check); each agent kind fills its agents in.
    this.agents = Array.from({ length: this.nAgents }, () => NO_KIND);
    this.routeStreams = spec.agents.map((a) => stream(`route:${a.name}`));
    this.failureP = Float64Array.from(spec.agents, (a) => a.failure);
    this.failureStreams = spec.agents.map((a) => stream(`failure:${a.name}`));
    this.costPerCall = Float64Array.from(spec.agents, (a) => a.costPerCall);
    const timeout = table.register('call timeout', (r) => this.attempts.timedOut(r));
    const retry = table.register('retry', (r) => this.attempts.retry(r));
    this.attempts = new Attempts(spec, pool, routes, shared.flow, stream, {
      kernel,
      enter: (r, a) => this.enter(r, a),
      follow: (r, row) => this.follow(r, row),
      end: (r, outcome) => this.end(r, outcome),
      scheduleTimeout: (time, r) => kernel.scheduleCancellable(time, timeout, r),
      scheduleRetry: (time, r) => kernel.schedule(time, retry, r),
      serviceStart: (r, a) => this.agents[a]!.serviceStart(r, a),
      continued: (r, r2, a, wait, service) => this.continued(r, r2, a, wait, service),
      abandon: (r) => this.abandon(r),
    });
    this.timeouts = this.attempts.anyTimeout;
    this.retrying = this.attempts.anyRetry;
    this.abandons = this.attempts.anyTimeout || needsTaskGraph(routes);
    this.graph = needsTaskGraph(routes) ? new TaskGraph(spec, routes, pool, shared.flow, stream, {
      kernel,
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
  }

  /** Connects the parts built after visits (once, before the first event). */
  connect(links: VisitLinks): void {
    this.recording = links.recording;
    this.cutShort = links.cutShort;
    this.sessions = links.sessions;
    this.budgets = links.budgets;
    this.overrides = this.graph !== undefined || links.degrades;
  }

  /** Request r arrives at agent a. */
  enter(r: number, a: number): void {
    const pool = this.pool;
    // A runaway loop ends as a cognitive error instead of making one visit too many.
    if (this.stepLimited && ++pool.steps[r]! > this.maxSteps[pool.cls[r]!]!) { this.end(r, COGNITIVE); return; }
    this.agentStats.arrivals[a]!++;
    this.visitLog?.visitBegan(r, pool.tokensIn[r]!, pool.tokensOut[r]!);
    this.agents[a]!.enter(r, a);
  }

  /** Starts the timeout of r's call at agent a, when the agent has one. */
  armTimeout(r: number, a: number): void {
    if (this.timeouts && this.attempts.timed[a] === 1) this.attempts.arm(r, a);
  }

  /** Request r's visit to agent a ends: its statistics, then `row`, or the failure route. */
  complete(r: number, a: number, row: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    const st = this.agentStats;
    const entered = pool.entered[r]!;
    const started = pool.started[r]!;
    const wait = started - entered;
    st.departures[a]!++;
    st.waitSum[a]! += wait;
    st.waitSumSq[a]! += wait * wait;
    if (wait > 0) st.waited[a]!++;
    const service = now - started;
    st.serviceSum[a]! += service;
    st.serviceSumSq[a]! += service * service;
    st.sojournSum[a]! += now - entered;
    st.sojourn[a]!.add(now - entered);
    this.requests?.visit(r, a, wait, service);
    this.timeseries?.visitEnded(a, wait);
    this.visitLog?.visit(r, a, entered, started, now, pool.tokensIn[r]!, pool.tokensOut[r]!);
    const fee = this.costPerCall[a]!;
    if (fee > 0) { st.cost[a]! += fee; pool.cost[r]! += fee; }
    if (this.timeouts && this.attempts.timed[a] === 1) this.attempts.disarm(r);
    if (this.failureP[a]! > 0 && this.failureStreams[a]!.uniform() < this.failureP[a]!) {
      st.failures[a]!++;
      this.attribution?.lost(r, a, now);
      this.attempts.failed(r, a, CALL_FAILED);
      return;
    }
    this.attribution?.visit(r, a, entered, started, now, this.retrying && pool.tries[r]! > 0);
    if (this.overrides) {
      const override = pool.nextRow[r]!;
      if (override >= 0) { pool.nextRow[r] = -1; row = override; }
    }
    if (this.retrying) pool.tries[r] = 0;
    this.follow(r, row);
  }

  /** Whether r is an abandoned or cancelled copy (a zombie), which only finishes the work it holds. */
  isZombie(r: number): boolean {
    return this.abandons && (this.pool.flags[r]! & ZOMBIE) !== 0;
  }

  /**
   * Copy r was abandoned or cancelled (a zombie now): its timeout goes, and a service that started
   * this very instant (the server its finishing sibling freed) ends now, unworked: it was still waiting.
   */
  abandon(r: number): void {
    this.attempts.disarm(r);
    this.cutShort(r);
  }

  /** Request r2 continues r, whose call at agent a was abandoned: what refers to r moves to r2. */
  private continued(r: number, r2: number, a: number, wait: number, service: number): void {
    this.attribution?.continued(r, r2, a, this.kernel.now);
    const requests = this.requests;
    if (requests !== undefined) {
      requests.start(r2);
      requests.mergeInto(r, r2);
      requests.visit(r2, a, wait, service);
    }
    this.visitLog?.continued(r, r2);
    this.graph?.replace(r, r2);
    if (this.pool.parent[r]! < 0) this.budgets?.moved(r, r2);
  }

  /** Zombie r leaves agent a, its `busy` seconds of work wasted. */
  discard(r: number, a: number, busy: number): void {
    this.shared.flow.wasted[a]! += busy;
    this.pool.release(r);
  }

  /** Sends request r along route row `row`. */
  follow(r: number, row: number): void {
    const routes = this.routes;
    const pool = this.pool;
    switch (routes.kind[row]) {
      case ROUTE_EXIT:
        this.end(r, pool.outcome[r]!);
        return;
      case ROUTE_AGENT:
        if (routes.escalate[row] === 1) this.agentStats.escalations[pool.agent[r]!]!++;
        this.enter(r, routes.first[row]!);
        return;
      case ROUTE_RANDOM: {
        const from = pool.agent[r]!;
        const u = this.routeStreams[from]!.uniform();
        let i = routes.first[row]!;
        while (routes.cumulative[i]! < u) i++;
        if (routes.targetEscalates[i] === 1) this.agentStats.escalations[from]!++;
        const to = routes.targets[i]!;
        if (to < 0) this.end(r, pool.outcome[r]!);
        else this.enter(r, to);
        return;
      }
      case ROUTE_CONDITION: {
        const first = routes.first[row]!;
        const end = first + routes.count[row]!;
        const attributes = pool.attributes;
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
        pool.pendingBranches[r] = n;
        pool.joinRow[r] = routes.then[row]!;
        for (let i = 0; i < n; i++) this.enter(this.branch(r), routes.targets[first + i]!);
        return;
      }
      case ROUTE_SPECULATE:
        this.graph!.speculate(r, row);
        return;
      default:
        throw new Error(`corrupt route row ${row}`);
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
    this.attribution?.branch(parent, child);
    this.visitLog?.branchStarted(child, parent);
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

  /** A rejected request is lost; a rejected branch still joins, marking its parent. */
  reject(r: number): void {
    this.end(r, REJECTED);
  }

  /**
   * Request r is done with outcome `outcome` (requests.ts): a branch joins its parent (passing on a
   * bad outcome, its cost and its answer's quality); a request is counted, and its session goes on.
   */
  end(r: number, outcome: number): void {
    const pool = this.pool;
    pool.outcome[r] = outcome;
    const parent = pool.parent[r]!;
    if (parent >= 0) {
      this.attribution?.joined(r, parent);
      this.absorb(r, parent);
      if (!Number.isNaN(pool.quality[r]!)) pool.quality[parent] = pool.quality[r]!;
      if (this.graph !== undefined) { this.graph.branchEnded(r, parent, outcome); return; }
      if (outcome !== OK && pool.outcome[parent] === OK) pool.outcome[parent] = outcome;
      pool.release(r);
      if (--pool.pendingBranches[parent]! === 0) this.follow(parent, pool.joinRow[parent]!);
      return;
    }
    this.recording.requestEnded(r, outcome);
    if (this.sessions !== undefined && pool.slot[r]! >= 0) this.sessions.turnEnded(pool.slot[r]!, this.kernel.now);
    pool.release(r);
  }
}
