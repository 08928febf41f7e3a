// Capacity timers of every replica set in a replication, as engine events of one kind whose
// subject says which set and which timer; and the bounded log of scaling decisions.

import type { Kernel } from '../../kernel.js';
import { DECISION_LOG_LIMIT, type ScaleDecision } from './replica-state.js';

/** Something with timers on the capacity clock. */
export interface TimerOwner {
  onTimer(local: number): void;
}

/**
 * Capacity timers of every replica set in a replication, as events of one engine kind whose subject
 * says which set and which timer; and the log of scaling decisions.
 */
export class CapacityClock {
  readonly kernel: Kernel;
  readonly decisions: ScaleDecision[] = [];
  /** Decisions beyond DECISION_LOG_LIMIT, counted only. */
  dropped = 0;
  private readonly kind: number;
  private readonly owners: TimerOwner[] = [];
  private readonly bases: number[] = [];
  private ownerOf = new Int32Array(0);

  constructor(kernel: Kernel, eventKind: number) {
    this.kernel = kernel;
    this.kind = eventKind;
  }

  /** Reserves `count` timer subjects for `owner`; returns the first. */
  register(owner: TimerOwner, count: number): number {
    const base = this.ownerOf.length;
    const big = new Int32Array(base + count);
    big.set(this.ownerOf);
    big.fill(this.owners.length, base);
    this.ownerOf = big;
    this.owners.push(owner);
    this.bases.push(base);
    return base;
  }

  schedule(time: number, subject: number): number {
    return this.kernel.scheduleCancellable(time, this.kind, subject);
  }

  cancel(handle: number): void {
    if (!Number.isNaN(handle)) this.kernel.cancel(handle);
  }

  /** Dispatches the engine event of this clock's kind. */
  fire(subject: number): void {
    const i = this.ownerOf[subject]!;
    this.owners[i]!.onTimer(subject - this.bases[i]!);
  }

  log(d: ScaleDecision): void {
    if (this.decisions.length < DECISION_LOG_LIMIT) this.decisions.push(d);
    else this.dropped++;
  }
}
