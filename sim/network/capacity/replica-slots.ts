// The slots of a replica set: each slot's state, the counts by state kept as states change, and
// the billing they imply (replica-seconds and dollars, spot slots at their own price).

import type { CapacitySpec } from '../spec.js';
import { DRAINING, emptyCapacityStats, NOTICE, OFF, onDemandSlots, READY, STARTING, type CapacityStats } from './replica-state.js';

const isServing = (x: number) => x === READY || x === DRAINING || x === NOTICE;

export class ReplicaSlots {
  /** On-demand slots [0, firstSpot), then spot slots [firstSpot, slots). */
  readonly slots: number;
  /** Per slot: OFF, STARTING, READY, DRAINING, FAILED or NOTICE. */
  readonly state: Int8Array;
  readonly stats: CapacityStats;
  /** Replicas serving (READY, DRAINING or NOTICE), READY, and STARTING. */
  serving = 0;
  ready = 0;
  starting = 0;
  /** Cumulative serving replica-seconds since time 0 (never reset: the autoscaler's windows). */
  servingArea = 0;
  protected readonly firstSpot: number;
  private billedOnDemand = 0;
  private billedSpot = 0;
  private last = 0;
  private readonly price: number;
  private readonly spotPrice: number;
  private readonly onLevel: ((now: number, billed: number) => void) | undefined;

  constructor(spec: CapacitySpec, onLevel: ((now: number, billed: number) => void) | undefined) {
    this.firstSpot = onDemandSlots(spec);
    this.slots = this.firstSpot + (spec.spot?.replicas ?? 0);
    this.state = new Int8Array(this.slots);
    this.stats = emptyCapacityStats(this.slots);
    this.price = spec.pricePerHour;
    this.spotPrice = spec.spot?.pricePerHour ?? spec.pricePerHour;
    this.onLevel = onLevel;
  }

  /** Billed replicas now (every state but OFF). */
  get billed(): number {
    return this.billedOnDemand + this.billedSpot;
  }

  /** Bills replica time (and the serving area) up to `now`. */
  accrue(now: number): void {
    const dt = now - this.last;
    if (dt > 0) {
      const st = this.stats;
      st.replicaArea += (this.billedOnDemand + this.billedSpot) * dt;
      st.cost += ((this.billedOnDemand * this.price + this.billedSpot * this.spotPrice) * dt) / 3600;
      this.servingArea += this.serving * dt;
      this.last = now;
    }
  }

  resetStatistics(now: number): void {
    this.accrue(now);
    Object.assign(this.stats, emptyCapacityStats(this.slots));
  }

  /** An in-service request moved off a lost replica after `lost` seconds (or tokens) of its work were lost. */
  evicted(lost: number): void {
    const st = this.stats;
    st.lost += lost;
    st.evictions++;
    st.lostMax = Math.max(st.lostMax, lost);
  }

  /** Moves slot k to state s, keeping the counts, billed up to `now`. */
  protected setState(k: number, s: number, now: number): void {
    const old = this.state[k]!;
    if (old === s) return;
    this.accrue(now);
    const spot = k >= this.firstSpot;
    if (old !== OFF) { if (spot) this.billedSpot--; else this.billedOnDemand--; }
    if (s !== OFF) { if (spot) this.billedSpot++; else this.billedOnDemand++; }
    if (isServing(old)) this.serving--;
    if (isServing(s)) this.serving++;
    if (old === READY) this.ready--;
    if (s === READY) this.ready++;
    if (old === STARTING) this.starting--;
    if (s === STARTING) this.starting++;
    this.state[k] = s;
    this.onLevel?.(now, this.billed);
  }
}
