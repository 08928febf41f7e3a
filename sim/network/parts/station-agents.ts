// Station agents as an agent kind: a visit joins the station's line (resources/stations.ts), or is
// rejected when the station is full; this part owns the departure event, the end of a service.

import type { Kernel } from '../../kernel.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { ZOMBIE, type RequestPool } from '../flow/requests.js';
import type { RouteTable } from '../flow/routes.js';
import type { AgentStats } from '../record/stats.js';
import { Stations, type StationHost } from '../resources/stations.js';
import type { AgentKind } from './agent-kind.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { Visits } from './visits.js';

export class StationAgents implements AgentKind, StationHost {
  readonly stations: Stations;
  private readonly shared: Shared;
  // Read on every event: kept here rather than behind `shared`.
  private readonly pool: RequestPool;
  private readonly kernel: Kernel;
  private readonly routes: RouteTable;
  private readonly agentStats: AgentStats;
  private readonly visits: Visits;
  private readonly nAgents: number;
  private readonly departure: number;
  /** Visits' switches, read on every visit. */
  private readonly timeouts: boolean;
  private readonly abandons: boolean;

  constructor(shared: Shared, table: EventTable, visits: Visits, clock: CapacityClock) {
    this.shared = shared;
    this.pool = shared.pool;
    this.kernel = shared.kernel;
    this.routes = shared.routes;
    this.agentStats = shared.stats.agents;
    this.visits = visits;
    this.timeouts = visits.timeouts;
    this.abandons = visits.abandons;
    this.nAgents = shared.spec.agents.length;
    this.departure = table.register('departure', (r) => this.depart(r), true);
    this.stations = new Stations(shared.spec, shared.stream, shared.compileRate, this, shared.stats.agents, shared.timeseries, clock);
    shared.spec.agents.forEach((a, i) => { if (a.kind === 'station') visits.agents[i] = this; });
  }

  enter(r: number, a: number): void {
    const pool = this.pool;
    const now = this.kernel.now;
    const visits = this.visits;
    pool.agent[r] = a;
    pool.entered[r] = now;
    const timed = this.timeouts && visits.attempts.timed[a] === 1;
    if (timed) pool.started[r] = NaN; // until service starts: a timeout then finds it waiting
    if (!this.stations.arrive(r, a, now)) {
      this.agentStats.rejected[a]!++;
      visits.reject(r);
    } else if (timed) {
      visits.attempts.arm(r, a);
    }
  }

  serviceStart(r: number): number {
    return this.pool.started[r]!;
  }

  /** Service ends at a station: the next in line starts, and r moves on. */
  private depart(r: number): void {
    const pool = this.pool;
    const now = this.kernel.now;
    const a = pool.agent[r]!;
    this.stations.depart(r, a, now);
    if (this.visits.isZombie(r)) { this.visits.discard(r, a, now - pool.started[r]!); return; }
    this.visits.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** A service of zombie r that started this very instant (the server its finishing sibling freed) ends now, unworked. */
  cutShort(r: number): void {
    const pool = this.pool, kernel = this.kernel;
    const handle = pool.serviceHandle[r]!;
    if (handle >= 0 && pool.started[r] === kernel.now && kernel.cancel(handle)) {
      pool.serviceHandle[r] = kernel.scheduleCancellable(kernel.now, this.departure, r);
    }
  }

  // StationHost
  startService(r: number, _a: number, duration: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    pool.started[r] = now;
    if (this.abandons) {
      // A zombie reaching the head of the line is dropped: it holds its server for no time.
      pool.serviceHandle[r] = this.kernel.scheduleCancellable(now + ((pool.flags[r]! & ZOMBIE) !== 0 ? 0 : duration), this.departure, r);
      return;
    }
    this.kernel.schedule(now + duration, this.departure, r);
  }

  serve(r: number, _a: number, done: number, remaining: number): number {
    const now = this.kernel.now;
    // Progress kept from earlier segments counts as service, so wait = time not being served.
    this.pool.started[r] = now - done;
    // A zombie is dropped when it would (re)start: it holds its server for no time.
    return this.kernel.scheduleCancellable(now + (this.visits.isZombie(r) ? 0 : remaining), this.departure, r);
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

  sessionOf(r: number): number {
    return this.pool.session[r]!;
  }
}
