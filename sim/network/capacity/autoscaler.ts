// Autoscalers set a replica set's on-demand target: reactive (a windowed signal against thresholds,
// with cooldown), scheduled (targets at given times) and predictive (a rate forecast plus headroom).

import { SimulationError } from '../../errors.js';
import type { AutoscaleSpec } from '../spec.js';
import type { ReplicaSet } from './replicas.js';
import type { CompileRate } from '../arrival-process.js';

/**
 * Cumulative integrals since time 0 that an owner keeps for its autoscaler (never reset at
 * warm-up): request-seconds waiting, busy server-seconds, server-seconds of serving replicas, and
 * the sum and count of visit latencies (wait + service) completed.
 */
export interface Signals {
  queue: number;
  busy: number;
  capacity: number;
  latencySum: number;
  latencyCount: number;
}

export interface SignalSource {
  accrue(now: number): void;
  readonly signals: Signals;
}

const FIELDS = 6;

export class Autoscaler {
  private readonly spec: AutoscaleSpec;
  private readonly set: ReplicaSet;
  private lastAction = -Infinity;
  /** Reactive: evaluations per window, and snapshots (time + signals) of the last window + 1. */
  private readonly span: number;
  private readonly history: Float64Array;
  private evaluations = 0;
  /** Scheduled: entries by time, and the next one due. */
  private readonly schedule: readonly { readonly at: number; readonly replicas: number }[];
  private cursor = 0;
  /** Predictive: the forecast rate as a function of t. */
  private readonly forecast: ((t: number) => number) | undefined;

  constructor(spec: AutoscaleSpec, set: ReplicaSet, compile: CompileRate) {
    this.spec = spec;
    this.set = set;
    this.forecast = spec.kind === 'predictive' ? compile(spec.expression) : undefined;
    const every = spec.kind === 'reactive' ? spec.interval ?? spec.window : spec.kind === 'predictive' ? spec.interval : 1;
    if (!(every > 0)) throw new SimulationError(`${set.name}: the autoscaler's evaluation interval must be above 0 (it is ${every})`);
    this.span = spec.kind === 'reactive' ? Math.max(1, Math.round(spec.window / (spec.interval ?? spec.window))) : 1;
    this.history = new Float64Array((this.span + 1) * FIELDS);
    this.schedule = spec.kind === 'scheduled' ? [...spec.schedule].sort((a, b) => a.at - b.at) : [];
  }

  /** Schedules the first evaluation (reactive: at one interval; predictive: at 0; scheduled: the first entry). */
  begin(): void {
    const s = this.spec;
    if (s.kind === 'reactive') this.set.scheduleEvaluation(s.interval ?? s.window);
    else if (s.kind === 'predictive') this.set.scheduleEvaluation(0);
    else if (this.schedule.length > 0) this.set.scheduleEvaluation(Math.max(0, this.schedule[0]!.at));
  }

  evaluate(now: number): void {
    const s = this.spec;
    switch (s.kind) {
      case 'reactive': {
        const value = this.windowed(now, s.signal);
        this.set.scheduleEvaluation(now + (s.interval ?? s.window));
        const set = this.set;
        // Scaled to zero: the next request's cold start brings a replica back, not the signal.
        if (set.watchesIdle && set.onDemand === 0) return;
        if (now - this.lastAction < s.cooldown) return;
        const cur = set.onDemand;
        let target = value > s.upper ? cur + s.step : value < s.lower ? cur - s.step : cur;
        target = Math.min(s.max, Math.max(s.min, target));
        if (target === cur) return;
        set.scaleTo(target, now, 'reactive', value, () => s.delay);
        this.lastAction = now;
        return;
      }
      case 'scheduled': {
        while (this.cursor < this.schedule.length && this.schedule[this.cursor]!.at <= now) {
          this.set.scaleTo(this.schedule[this.cursor]!.replicas, now, 'scheduled', NaN, () => s.delay);
          this.cursor++;
        }
        if (this.cursor < this.schedule.length) this.set.scheduleEvaluation(this.schedule[this.cursor]!.at);
        return;
      }
      case 'predictive': {
        const rate = this.forecast!(now + s.delay);
        if (!(rate >= 0)) throw new SimulationError(`${this.set.name}: the forecast rate '${s.expression}' is ${rate} at t=${now + s.delay}s`);
        const wanted = Math.ceil((rate * (1 + s.headroom)) / s.perReplicaRate - 1e-9);
        this.set.scaleTo(Math.min(s.max, Math.max(s.min, wanted)), now, 'predictive', rate, () => s.delay);
        this.set.scheduleEvaluation(now + s.interval);
      }
    }
  }

  /**
   * The signal averaged over the last `window` (the last `span` evaluation intervals, or since
   * time 0 early on): time-average waiting requests, busy fraction of serving servers, or mean
   * latency of visits completed in the window (NaN when there were none: no action).
   */
  private windowed(now: number, signal: 'queue' | 'utilization' | 'latency'): number {
    const sig = this.set.signals(now);
    const h = this.history, n = this.span + 1;
    const j = ++this.evaluations;
    const at = (j % n) * FIELDS;
    h[at] = now; h[at + 1] = sig.queue; h[at + 2] = sig.busy; h[at + 3] = sig.capacity;
    h[at + 4] = sig.latencySum; h[at + 5] = sig.latencyCount;
    // Evaluation 0 is time 0 with every integral 0 (the slot is never written before j = n).
    const from = Math.max(0, j - this.span);
    const o = (from % n) * FIELDS;
    const d = (i: number) => h[at + i]! - (from === 0 ? 0 : h[o + i]!);
    switch (signal) {
      case 'queue': return d(1) / d(0);
      case 'utilization': return d(3) > 0 ? d(2) / d(3) : NaN;
      default: return d(5) > 0 ? d(4) / d(5) : NaN;
    }
  }
}
