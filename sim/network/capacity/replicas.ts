// The life of the replicas of one agent or GPU pool: provisioning, serving, draining, failures and
// repairs, spot reclaims with notice, scale-to-zero and cold starts, and their billing. Owners
// (station groups, GPU pools) hold the work; this decides which replicas exist and when.

import { SimulationError } from '../../errors.js';
import { createSampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import type { DistSpec } from '../../random/dist-spec.js';
import type { CapacitySpec } from '../spec.js';
import { DRAINING, FAILED, NOTICE, OFF, READY, STARTING, type ScaleCause } from './replica-state.js';
import { ReplicaSlots } from './replica-slots.js';
import type { CapacityClock, TimerOwner } from './capacity-clock.js';
import { Autoscaler, type SignalSource, type Signals } from './autoscaler.js';
import type { CompileRate } from '../arrival-process.js';

/** What a replica set needs from the agent or pool whose work its replicas hold. */
export interface ReplicaOwner extends SignalSource {
  /** Brings every time-weighted statistic up to `now`: called before any replica changes state. */
  accrue(now: number): void;
  /** Replica k takes new work from now (provisioned, repaired, or no longer draining). */
  replicaReady(k: number): void;
  /** Replica k takes no new work from now (spot notice): requests waiting for it must go elsewhere. */
  replicaClosing(k: number): void;
  /** Replica k is gone (failed or reclaimed): everything on it must go elsewhere. */
  replicaLost(k: number): void;
  /** Whether replica k holds no work. */
  replicaIdle(k: number): boolean;
  /** Requests replica k holds (the least loaded are drained first). */
  replicaLoad(k: number): number;
}

const PROVISIONED = 0;
const FAILURE_OR_REPAIR = 1;
const SPOT = 2;
const PER_SLOT = 3;
const IDLE = 0;
const AUTOSCALE = 1;

export class ReplicaSet extends ReplicaSlots implements TimerOwner {
  readonly name: string;
  /** Seconds of service progress a checkpoint keeps (Infinity: none are taken). */
  readonly checkpoint: number;
  /** Whether failures or reclaims can take work away from a replica (owners then keep handles). */
  readonly evicts: boolean;
  /** Whether the owner must report when it empties and fills (scale-to-zero). */
  readonly watchesIdle: boolean;
  /** On-demand replicas STARTING, READY or FAILED: what scaling targets. */
  onDemand = 0;

  private readonly spec: CapacitySpec;
  private readonly clock: CapacityClock;
  private owner!: ReplicaOwner;
  private readonly autoscaler: Autoscaler | undefined;
  private readonly base: number;
  private readonly timers: Float64Array;
  private readonly reclaimAt: Float64Array;
  private readonly noticed: Uint8Array;
  private readonly timeToFailure: () => number;
  private readonly repair: () => number;
  private readonly timeToReclaim: () => number;
  private readonly replacement: () => number;
  private readonly coldStartTime: () => number;
  /** Provisioning time of a replica a controller adds (see `control`). */
  private readonly provisioning: () => number;
  /** Scale-to-zero: whether the owner holds no work (between `emptied` and `filled`). */
  private ownerEmpty = true;

  constructor(
    name: string, spec: CapacitySpec, clock: CapacityClock, stream: (source: string) => Stream, compile: CompileRate,
    onLevel?: (now: number, billed: number) => void,
  ) {
    super(spec, onLevel);
    this.name = name;
    this.spec = spec;
    this.clock = clock;
    this.timers = new Float64Array(this.slots * PER_SLOT + 2).fill(NaN);
    this.reclaimAt = new Float64Array(this.slots);
    this.noticed = new Uint8Array(this.slots);
    this.base = clock.register(this, this.slots * PER_SLOT + 2);
    this.checkpoint = spec.spot?.checkpoint ?? Infinity;
    this.evicts = spec.failures !== undefined || spec.spot !== undefined;
    this.watchesIdle = spec.scaleToZero !== undefined;
    // One stream per random source and replica set, so configurations share draws where they agree.
    const draw = (dist: DistSpec | undefined, label: string, positive = false): (() => number) => {
      if (dist === undefined) return () => Infinity;
      const sampler = createSampler(dist), s = stream(`${label}:${name}`);
      // A lifetime of mean 0 would fail or reclaim a replica again and again at one instant.
      if (positive && !(sampler.mean > 0)) throw new SimulationError(`${name}: the ${label.replace('-', ' ')} time must have a mean above 0`);
      return () => sampler.sample(s);
    };
    this.timeToFailure = draw(spec.failures?.timeToFailure, 'replica-failure', true);
    this.repair = draw(spec.failures?.repair, 'replica-repair');
    this.timeToReclaim = draw(spec.spot?.timeToReclaim, 'spot-reclaim', true);
    this.replacement = draw(spec.spot?.replacement, 'spot-replacement');
    this.coldStartTime = draw(spec.scaleToZero?.coldStart, 'cold-start');
    this.autoscaler = spec.autoscale === undefined ? undefined : new Autoscaler(spec.autoscale, this, compile);
    const auto = spec.autoscale;
    this.provisioning = auto !== undefined ? () => auto.delay : spec.scaleToZero !== undefined ? this.coldStartTime : () => 0;
  }

  /** Most on-demand replicas the set can ever hold: its on-demand slots, fixed by the capacity spec. */
  get onDemandLimit(): number {
    return this.firstSpot;
  }

  /**
   * A controller's target, set between segments (Actuators.setReplicas): `scaleTo` as an
   * autoscaler's decision, logged with cause 'control'. Added replicas serve after the autoscaler's
   * provisioning delay; without an autoscaler, after a cold start (scale-to-zero) or at once.
   * An autoscaler keeps evaluating and may move the target again at its next evaluation; with
   * scale-to-zero, replicas added while the owner is idle are released `idle` seconds later unless
   * work arrives.
   */
  control(count: number, now: number): void {
    this.scaleTo(count, now, 'control', NaN, this.provisioning);
    // Replicas added to an idle set that scale-to-zero already released: its idle clock starts again.
    const idle = this.slots * PER_SLOT + IDLE;
    if (this.watchesIdle && this.ownerEmpty && count > 0 && Number.isNaN(this.timers[idle]!)) this.setTimer(idle, now + this.spec.scaleToZero!.idle);
  }

  /**
   * Binds the owner and starts the replicas serving at time 0: `replicas` on-demand, then the spot
   * ones. (Separate from the constructor so the owner can size its arrays by `slots` first.)
   */
  start(owner: ReplicaOwner): void {
    this.owner = owner;
    for (let k = 0; k < this.spec.replicas; k++) this.setState(k, READY, 0);
    for (let k = this.firstSpot; k < this.slots; k++) this.setState(k, READY, 0);
    this.onDemand = this.spec.replicas;
    for (let k = 0; k < this.slots; k++) if (this.state[k] === READY) this.startClocks(k, 0, true);
    if (this.watchesIdle) this.setTimer(this.slots * PER_SLOT + IDLE, this.spec.scaleToZero!.idle);
    this.autoscaler?.begin();
  }

  /** The owner became empty at `now` (scale-to-zero starts its idle clock). */
  emptied(now: number): void {
    this.ownerEmpty = true;
    this.setTimer(this.slots * PER_SLOT + IDLE, now + this.spec.scaleToZero!.idle);
  }

  /** Work arrived at an empty owner: stop the idle clock, and cold-start a replica if none will serve. */
  filled(now: number): void {
    this.ownerEmpty = false;
    const t = this.slots * PER_SLOT + IDLE;
    this.clock.cancel(this.timers[t]!);
    this.timers[t] = NaN;
    if (this.ready + this.starting === 0 && this.onDemand === 0) {
      this.scaleTo(1, now, 'cold-start', NaN, this.coldStartTime);
      this.stats.coldStarts++;
    }
  }

  /** The owner emptied replica k: a draining replica leaves. */
  replicaEmptied(k: number, now: number): void {
    if (this.state[k] === DRAINING) this.release(k, now);
  }

  /**
   * Sets the on-demand target: adding replicas reactivates draining ones first (they still run),
   * then provisions new ones serving after `delay()`; removing drops failed ones, then those still
   * provisioning, then drains the least loaded. Logs the decision.
   */
  scaleTo(target: number, now: number, cause: ScaleCause, signal: number, delay: () => number): void {
    const from = this.onDemand;
    if (target === from) return;
    this.owner.accrue(now);
    let serving = NaN;
    if (target > from) {
      let need = target - from;
      for (let k = 0; k < this.firstSpot && need > 0; k++) {
        if (this.state[k] !== DRAINING) continue;
        this.setState(k, READY, now);
        serving = Number.isNaN(serving) ? now : Math.max(serving, now);
        this.owner.replicaReady(k);
        need--;
      }
      for (let k = 0; k < this.firstSpot && need > 0; k++) {
        if (this.state[k] !== OFF) continue;
        const at = now + delay();
        this.setState(k, STARTING, now);
        this.setTimer(k * PER_SLOT + PROVISIONED, at);
        serving = Number.isNaN(serving) ? at : Math.max(serving, at);
        need--;
      }
      if (need > 0) throw new Error(`${this.name} has no free replica slot for ${target} replicas`);
    } else {
      let need = from - target;
      for (let k = this.firstSpot - 1; k >= 0 && need > 0; k--) {
        if (this.state[k] === FAILED) { this.release(k, now); need--; }
      }
      for (let k = this.firstSpot - 1; k >= 0 && need > 0; k--) {
        if (this.state[k] === STARTING) { this.release(k, now); need--; }
      }
      while (need > 0) {
        let best = -1;
        for (let k = 0; k < this.firstSpot; k++) {
          if (this.state[k] === READY && (best < 0 || this.owner.replicaLoad(k) < this.owner.replicaLoad(best))) best = k;
        }
        if (best < 0) throw new Error(`${this.name} has no replica to remove`);
        if (this.owner.replicaIdle(best)) this.release(best, now);
        else this.setState(best, DRAINING, now);
        need--;
      }
    }
    this.onDemand = target;
    this.stats.scaleEvents++;
    this.clock.log({ time: now, owner: this.name, cause, signal, from, to: target, serving });
  }

  onTimer(local: number): void {
    const now = this.clock.kernel.now;
    this.timers[local] = NaN;
    const setLevel = this.slots * PER_SLOT;
    if (local >= setLevel) {
      if (local - setLevel === AUTOSCALE) this.autoscaler!.evaluate(now);
      else if (this.onDemand > 0) this.scaleTo(0, now, 'scale-to-zero', NaN, () => 0);
      return;
    }
    const k = Math.floor(local / PER_SLOT);
    switch (local - k * PER_SLOT) {
      case PROVISIONED:
        this.owner.accrue(now);
        this.setState(k, READY, now);
        this.startClocks(k, now, true);
        this.owner.replicaReady(k);
        return;
      case FAILURE_OR_REPAIR:
        this.owner.accrue(now);
        if (this.state[k] === FAILED) {
          // A spot replica warned of its reclaim while being repaired comes back under notice.
          const noticed = this.noticed[k] === 1;
          this.setState(k, noticed ? NOTICE : READY, now);
          this.startClocks(k, now, false);
          if (!noticed) this.owner.replicaReady(k);
        } else {
          this.fail(k, now);
        }
        return;
      default:
        this.owner.accrue(now);
        if (this.noticed[k] === 0) this.notice(k, now);
        else this.reclaim(k, now);
    }
  }

  /** The owner's cumulative signals, accrued to `now` (for the autoscaler). */
  signals(now: number): Signals {
    this.owner.accrue(now);
    return this.owner.signals;
  }

  /** Schedules the autoscaler's next evaluation. */
  scheduleEvaluation(time: number): void {
    this.setTimer(this.slots * PER_SLOT + AUTOSCALE, time);
  }

  private fail(k: number, now: number): void {
    const was = this.state[k]!;
    this.stats.failures++;
    // A replica that was leaving anyway (draining, under notice) is not repaired.
    const leaving = was === DRAINING || was === NOTICE;
    this.setState(k, leaving ? OFF : FAILED, now);
    this.owner.replicaLost(k);
    if (leaving) {
      if (was === NOTICE) this.replace(k, now);
    } else {
      this.setTimer(k * PER_SLOT + FAILURE_OR_REPAIR, now + this.repair());
    }
  }

  private notice(k: number, now: number): void {
    this.noticed[k] = 1;
    if (this.state[k] === READY) {
      this.setState(k, NOTICE, now);
      this.owner.replicaClosing(k);
    }
    this.setTimer(k * PER_SLOT + SPOT, Math.max(now, this.reclaimAt[k]!));
  }

  private reclaim(k: number, now: number): void {
    const was = this.state[k]!;
    this.stats.reclaims++;
    this.cancelTimer(k * PER_SLOT + FAILURE_OR_REPAIR);
    this.setState(k, OFF, now);
    if (was === NOTICE) this.owner.replicaLost(k);
    this.replace(k, now);
  }

  /** A reclaimed spot replica's replacement starts provisioning, if the spec asks for one. */
  private replace(k: number, now: number): void {
    this.cancelTimer(k * PER_SLOT + SPOT);
    if (this.spec.spot?.replacement === undefined) return;
    this.setState(k, STARTING, now);
    this.setTimer(k * PER_SLOT + PROVISIONED, now + this.replacement());
  }

  /** A replica starts serving: its failure clock, and a spot replica's reclaim clock when it is new. */
  private startClocks(k: number, now: number, fresh: boolean): void {
    if (this.spec.failures !== undefined) this.setTimer(k * PER_SLOT + FAILURE_OR_REPAIR, now + this.timeToFailure());
    if (fresh && k >= this.firstSpot) {
      const at = now + this.timeToReclaim();
      this.reclaimAt[k] = at;
      this.noticed[k] = 0;
      this.setTimer(k * PER_SLOT + SPOT, Math.max(now, at - this.spec.spot!.notice));
    }
  }

  /** Replica k leaves: no more billing, no more timers. */
  private release(k: number, now: number): void {
    this.cancelTimer(k * PER_SLOT + PROVISIONED);
    this.cancelTimer(k * PER_SLOT + FAILURE_OR_REPAIR);
    this.setState(k, OFF, now);
  }

  private setTimer(local: number, time: number): void {
    this.clock.cancel(this.timers[local]!);
    this.timers[local] = time === Infinity ? NaN : this.clock.schedule(time, this.base + local);
  }

  private cancelTimer(local: number): void {
    this.clock.cancel(this.timers[local]!);
    this.timers[local] = NaN;
  }


}
