// Replica states, the statistics of a replicated agent or pool, and the scaling decision log:
// the vocabulary shared by replicas.ts, the balancer, the autoscaler and their owners.

import type { CapacitySpec } from '../spec.js';

/** A free slot: no replica, nothing billed. */
export const OFF = 0;
/** Provisioning (or cold-starting): billed, serves nothing yet. */
export const STARTING = 1;
/** Serving and taking new work: the only state the balancer picks. */
export const READY = 2;
/** Scaled down: finishes the work it holds, takes none, leaves when idle. */
export const DRAINING = 3;
/** Failed: holds no work, billed, back to READY when repaired. */
export const FAILED = 4;
/** A spot replica under reclaim notice: finishes what it can, takes no new work, then vanishes. */
export const NOTICE = 5;

/** Replica statistics since the last reset (warm-up). */
export interface CapacityStats {
  /** Integral of the number of billed replicas (every state but OFF) over time, seconds. */
  replicaArea: number;
  /** Dollars: replica-seconds × price per hour / 3600, spot replicas at their own price. */
  cost: number;
  /** Scaling decisions (every cause) and cold starts among them. */
  scaleEvents: number;
  coldStarts: number;
  /** Replica failures, and spot replicas reclaimed. */
  failures: number;
  reclaims: number;
  /** Work lost to failures and reclaims: service seconds (stations) or KV tokens to recompute (GPU pools). */
  lost: number;
  /** Requests moved off a lost replica while in service, and the most work one of them lost. */
  evictions: number;
  lostMax: number;
  /** Visits (calls) completed per replica slot. */
  served: Float64Array;
  /** Requests preempted in service by a higher priority (stations with the preemptive discipline). */
  preemptions: number;
}

export function emptyCapacityStats(slots: number): CapacityStats {
  return {
    replicaArea: 0, cost: 0, scaleEvents: 0, coldStarts: 0, failures: 0, reclaims: 0, lost: 0, evictions: 0, lostMax: 0,
    served: new Float64Array(slots), preemptions: 0,
  };
}

/**
 * Why a target changed: an autoscaler of that kind, scale-to-zero's idle release or cold start, or
 * 'control': a controller between segments of the replication (Actuators.setReplicas: a timeline
 * event or a coordination commitment).
 */
export type ScaleCause = 'reactive' | 'scheduled' | 'predictive' | 'scale-to-zero' | 'cold-start' | 'control';

/** One change of an agent's or pool's target replica count. */
export interface ScaleDecision {
  readonly time: number;
  /** 'agent.<name>' or 'gpu.<name>'. */
  readonly owner: string;
  readonly cause: ScaleCause;
  /** The value that decided it: the reactive signal over its window, the forecast rate; NaN otherwise. */
  readonly signal: number;
  /** On-demand replicas (starting, ready or failed) before and after. */
  readonly from: number;
  readonly to: number;
  /** When every replica added by this decision serves (NaN when none was added). */
  readonly serving: number;
}

/** Decisions kept per replication; later ones are counted, not kept, so memory stays bounded. */
export const DECISION_LOG_LIMIT = 10_000;

/** Most on-demand replicas a capacity spec can ever ask for at once. */
export function onDemandSlots(c: CapacitySpec): number {
  let most = Math.max(c.replicas, c.scaleToZero !== undefined ? 1 : 0, c.slots ?? 0);
  const a = c.autoscale;
  if (a !== undefined) {
    if (a.kind === 'scheduled') for (const s of a.schedule) most = Math.max(most, s.replicas);
    else most = Math.max(most, a.max);
  }
  return most;
}

/** Replica slots an agent or pool needs: on-demand ones, then spot ones. */
export function replicaSlots(c: CapacitySpec | undefined, plain: number): number {
  return c === undefined ? plain : onDemandSlots(c) + (c.spot?.replicas ?? 0);
}
