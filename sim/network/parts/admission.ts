// Where requests come from and how they get in: external arrivals per class, session turns, and the
// rate limit at entry. Owns the arrival, session-start, turn and limiter-release events.

import type { Kernel } from '../../kernel.js';
import { ArrivalProcesses } from '../flow/arrivals.js';
import type { Budgets } from '../flow/budgets.js';
import { ADMITTED, LIMITED, RateLimits, type LimiterHost } from '../flow/rate-limits.js';
import { RATE_LIMITED, type RequestPool } from '../flow/requests.js';
import { Sessions, type SessionHost } from '../flow/sessions.js';
import type { ClassStats } from '../record/stats.js';
import type { Shared } from './context.js';
import type { EventTable } from './event-table.js';
import type { Recording } from './recording.js';
import type { Visits } from './visits.js';

export class Admission implements SessionHost, LimiterHost {
  readonly arrivals: ArrivalProcesses;
  readonly limits: RateLimits;
  readonly sessions: Sessions | undefined;
  private readonly shared: Shared;
  // Read on every arrival: kept here rather than behind `shared`.
  private readonly pool: RequestPool;
  private readonly kernel: Kernel;
  private readonly classes: ClassStats[];
  private readonly visits: Visits;
  private readonly recording: Recording;
  private readonly budgets: Budgets | undefined;
  private readonly entry: Int32Array;
  private readonly limited: boolean;
  private readonly arrival: number;
  private readonly sessionStart: number;
  private readonly turn: number;
  private readonly limiterRelease: number;

  constructor(shared: Shared, table: EventTable, visits: Visits, recording: Recording, budgets: Budgets | undefined) {
    const { spec, kernel, options } = shared;
    this.shared = shared;
    this.pool = shared.pool;
    this.kernel = shared.kernel;
    this.classes = shared.stats.classes;
    this.visits = visits;
    this.recording = recording;
    this.budgets = budgets;
    this.arrival = table.register('arrival', (c) => this.arrive(c), true);
    this.sessionStart = table.register('session start', (c) => this.sessions!.fireStart(c, kernel.now));
    this.turn = table.register('turn', (slot) => this.sessions!.fireTurn(slot));
    this.limiterRelease = table.register('limiter release', (b) => this.limits.release(b, kernel.now));
    this.arrivals = new ArrivalProcesses(spec, options.horizon, shared.stream, shared.compileRate);
    this.entry = Int32Array.from(spec.classes, (c) => c.entry);
    this.limits = new RateLimits(spec, this);
    this.limited = this.limits.any;
    this.sessions = spec.classes.some((c) => c.arrivals.process === 'sessions') ? new Sessions(spec, options.horizon, shared.stream, shared.compileRate, this, shared.flow) : undefined;
  }

  /** Schedules each class's first arrival and starts the sessions. */
  start(): void {
    const classes = this.shared.spec.classes;
    for (let c = 0; c < classes.length; c++) this.scheduleNextArrival(c, classes[c]!.start ?? 0);
    this.sessions?.begin();
  }

  private arrive(c: number): void {
    const now = this.kernel.now;
    const pool = this.pool;
    const r = pool.alloc(c, now, -1);
    this.arrivals.stamp(r, c, this.arrivals.lastRow(c), pool);
    this.scheduleNextArrival(c, now);
    this.admit(r, c);
  }

  private scheduleNextArrival(c: number, now: number): void {
    const t = this.arrivals.next(c, now);
    if (t !== Infinity) this.kernel.schedule(t, this.arrival, c);
  }

  /** A new top-level request r of class c: counted, then through its rate limit to its entry agent. */
  private admit(r: number, c: number): void {
    this.classes[c]!.arrivals++;
    this.recording.requestStarted(r);
    if (this.budgets !== undefined) this.budgets.startTask(r);
    if (this.limited && this.limits.bucketOf[c]! >= 0) {
      const verdict = this.limits.admit(r, c, this.kernel.now);
      if (verdict === LIMITED) { this.visits.end(r, RATE_LIMITED); return; }
      if (verdict !== ADMITTED) return;
      this.shared.flow.limiterAdmitted[c]!++;
    }
    this.visits.enter(r, this.entry[c]!);
  }

  // LimiterHost
  scheduleRelease(time: number, bucket: number): void {
    this.kernel.schedule(time, this.limiterRelease, bucket);
  }

  admitted(r: number): void {
    const pool = this.pool;
    const c = pool.cls[r]!;
    this.shared.flow.limiterAdmitted[c]!++;
    this.shared.flow.limiterWaitSum[c]! += this.kernel.now - pool.born[r]!;
    this.visits.enter(r, this.entry[c]!);
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
    this.kernel.schedule(time, this.sessionStart, c);
  }

  scheduleTurn(time: number, slot: number): void {
    this.kernel.schedule(time, this.turn, slot);
  }

  sessionStarted(slot: number): void {
    this.budgets?.startSession(slot);
  }
}
