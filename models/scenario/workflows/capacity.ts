// The capacity fields of a station or GPU pool -> CapacitySpec: replicas behind a balancer,
// autoscaling, failures and repairs, spot replicas, scale-to-zero and a price per replica-hour.
// Absent fields keep today's behaviour: no capacity spec at all.

import { isScalar } from 'yaml';
import { LIMITS } from '../format/limits.js';
import { replicaSlots } from '../../../sim/network/capacity/replica-state.js';
import type { AutoscaleSpec, BalancePolicy, CapacitySpec, SpotSpec } from '../../../sim/network/spec.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import { createSampler } from '../../../sim/random/distributions.js';
import { readAutoscale } from './autoscale.js';
import { readDist } from '../workload/distribution.js';
import { childPath, describeSlot, fieldsOf, itemsOf, plainValue, readDuration, readEnum, readInteger, readNumber, report } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_SERVING } from '../serving/messages.js';
import { EXPECTED_FLOW, flowMsg } from './messages.js';
import { readPositiveDuration } from './reliability.js';
import { BALANCE, FAILURES, POOL_BALANCE, POOL_CAPACITY, SCALE_TO_ZERO, SPOT, STATION_BALANCE, STATION_CAPACITY } from '../format/capacity.js';
import { fieldNames } from '../format/read.js';
import { declaredDefault, declaredSeconds } from '../format/defaults.js';

/** Fields that give a GPU pool a capacity spec (its `replicas` and `price_per_hour` are plain pool fields). */
export const POOL_CAPACITY_FIELDS = fieldNames(POOL_CAPACITY);
/** Fields that give a station a capacity spec. */
export const STATION_CAPACITY_FIELDS = fieldNames(STATION_CAPACITY);
export { POOL_BALANCE, STATION_BALANCE };
export const FAILURE_FIELDS = fieldNames(FAILURES);
export const SPOT_FIELDS = fieldNames(SPOT);
export const SCALE_TO_ZERO_FIELDS = fieldNames(SCALE_TO_ZERO);
const NEVER = 'never';

export type CapacityOwner = 'station' | 'pool';

export interface CapacityRead {
  /** Replicas at the start, and the price of one per hour (also the plain fields of a GPU pool). */
  readonly replicas: number;
  readonly pricePerHour: number;
  /** Undefined when no capacity field was written. */
  readonly spec: CapacitySpec | undefined;
}

/** Undefined after a diagnostic. */
export function readCapacity(ctx: LoadContext, f: Fields, owner: CapacityOwner, horizon: number | undefined): CapacityRead | undefined {
  const present = (owner === 'station' ? STATION_CAPACITY_FIELDS : POOL_CAPACITY_FIELDS).some((key) => f.has(key));
  const replicasSlot = f.get('replicas');
  // Without a capacity spec a pool keeps its old rule: at least one replica.
  const least = present ? 0 : 1;
  const replicas = replicasSlot === undefined ? declaredDefault(STATION_CAPACITY.fields.replicas) : readInteger(ctx, replicasSlot, least, least === 0 ? EXPECTED_FLOW.replicas : EXPECTED_SERVING.atLeastOne, LIMITS.replicas);
  const priceSlot = f.get('price_per_hour');
  const pricePerHour = priceSlot === undefined ? declaredDefault(STATION_CAPACITY.fields.price_per_hour) : readNumber(ctx, priceSlot, EXPECTED_SERVING.dollars, (n) => n >= 0);
  if (!present) return replicas === undefined || pricePerHour === undefined ? undefined : { replicas, pricePerHour, spec: undefined };

  const autoscaleSlot = f.get('autoscale');
  const autoscale = autoscaleSlot === undefined ? undefined : readAutoscale(ctx, autoscaleSlot, replicas, horizon) ?? null;
  const failuresSlot = f.get('failures');
  const failures = failuresSlot === undefined ? undefined : readFailures(ctx, failuresSlot) ?? null;
  const spotSlot = f.get('spot');
  const spot = spotSlot === undefined ? undefined : readSpot(ctx, spotSlot) ?? null;
  const zeroSlot = f.get('scale_to_zero');
  const scaleToZero = zeroSlot === undefined ? undefined : readScaleToZero(ctx, zeroSlot) ?? null;
  // Weights go by replica slot: the on-demand replicas (up to the autoscaler's max), then the spot ones.
  const slots = replicas === undefined || autoscale === null || spot === null || scaleToZero === null ? undefined
    : replicaSlots({ replicas, balance: { kind: 'shared' }, autoscale, failures: undefined, spot, scaleToZero, pricePerHour: 0 }, replicas);
  const balance = readBalance(ctx, f, owner, replicas, slots);
  if (
    replicas === undefined || pricePerHour === undefined || balance === undefined
    || autoscale === null || failures === null || spot === null || scaleToZero === null
  ) return undefined;
  if (replicas === 0 && spot === undefined && scaleToZero === undefined && !canAdd(autoscale)) {
    const at = replicasSlot ?? { node: f.slot.node, at: f.slot.at, path: childPath(f.slot.path, 'replicas') };
    report(ctx, at.at, at.path, flowMsg.emptyPool(owner === 'station' ? 'a station' : 'a GPU pool'));
    return undefined;
  }
  return { replicas, pricePerHour, spec: { replicas, balance, autoscale, failures, spot, scaleToZero, pricePerHour } };
}

/** Whether an autoscaler can bring a pool of no replicas its first one. */
function canAdd(a: AutoscaleSpec | undefined): boolean {
  if (a === undefined) return false;
  switch (a.kind) {
    case 'scheduled': return a.schedule.some((s) => s.replicas > 0);
    // Utilisation and latency give no signal without serving replicas; the queue does.
    case 'reactive': return a.max >= 1 && (a.signal === 'queue' || a.min >= 1);
    case 'predictive': return a.max >= 1;
  }
}

/**
 * `balance` and, for `weighted`, `weights`: at least 0, some above 0, one per replica at the start
 * and at most one per replica slot (`slots`; undefined when unknown).
 */
function readBalance(ctx: LoadContext, f: Fields, owner: CapacityOwner, replicas: number | undefined, slots: number | undefined): BalancePolicy | undefined {
  const slot = f.get('balance');
  const weightsSlot = f.get('weights');
  const kind = slot === undefined ? declaredDefault(BALANCE) : readEnum<string>(ctx, slot, owner === 'station' ? STATION_BALANCE : POOL_BALANCE);
  if (kind === undefined) return undefined;
  if (kind !== 'weighted') {
    if (weightsSlot === undefined) return { kind } as BalancePolicy;
    report(ctx, weightsSlot.at, weightsSlot.path, flowMsg.onlyWith('weights', 'balance: weighted'));
    return undefined;
  }
  if (weightsSlot === undefined) {
    report(ctx, f.slot.at, childPath(f.slot.path, 'weights'), msg.missingField('weights', EXPECTED_FLOW.weights));
    return undefined;
  }
  const items = itemsOf(ctx, weightsSlot, EXPECTED_FLOW.weights);
  if (items === undefined) return undefined;
  const weights = items.map((item) => readNumber(ctx, item, EXPECTED_FLOW.weight, (n) => n >= 0));
  if (!weights.every((w): w is number => w !== undefined)) return undefined;
  if (replicas !== undefined && slots !== undefined && (weights.length < replicas || weights.length > slots)) {
    report(ctx, weightsSlot.at, weightsSlot.path, flowMsg.weightsLength(replicas, slots, weights.length));
    return undefined;
  }
  if (weights.length > 0 && !weights.some((w) => w > 0)) {
    report(ctx, weightsSlot.at, weightsSlot.path, flowMsg.noPositiveWeight());
    return undefined;
  }
  return { kind: 'weighted', weights };
}

function readFailures(ctx: LoadContext, slot: Slot): CapacitySpec['failures'] {
  const f = fieldsOf(ctx, slot, FAILURE_FIELDS, EXPECTED_FLOW.failures);
  const ttfSlot = f?.require('time_to_failure', EXPECTED.distribution);
  const repairSlot = f?.require('repair', EXPECTED.distribution);
  const timeToFailure = ttfSlot === undefined ? undefined : readLifetime(ctx, ttfSlot);
  const repair = repairSlot === undefined ? undefined : readDist(ctx, repairSlot);
  return timeToFailure === undefined || repair === undefined ? undefined : { timeToFailure, repair };
}

function readSpot(ctx: LoadContext, slot: Slot): SpotSpec | undefined {
  const f = fieldsOf(ctx, slot, SPOT_FIELDS, EXPECTED_FLOW.spot);
  if (f === undefined) return undefined;
  const replicasSlot = f.require('replicas', EXPECTED_FLOW.atLeastOneReplica);
  const replicas = replicasSlot === undefined ? undefined : readInteger(ctx, replicasSlot, 1, EXPECTED_FLOW.atLeastOneReplica, LIMITS.replicas);
  const reclaimSlot = f.require('time_to_reclaim', EXPECTED.distribution);
  const timeToReclaim = reclaimSlot === undefined ? undefined : readLifetime(ctx, reclaimSlot);
  const noticeSlot = f.get('notice');
  const notice = noticeSlot === undefined ? declaredSeconds(SPOT.fields.notice) : readDuration(ctx, noticeSlot);
  const checkpointSlot = f.get('checkpoint');
  const checkpoint = checkpointSlot === undefined ? Infinity : readCheckpoint(ctx, checkpointSlot);
  const replacementSlot = f.get('replacement');
  const replacement = replacementSlot === undefined ? undefined : readDist(ctx, replacementSlot);
  const priceSlot = f.get('price_per_hour');
  const price = priceSlot === undefined ? undefined : readNumber(ctx, priceSlot, EXPECTED_SERVING.dollars, (n) => n >= 0);
  if (
    replicas === undefined || timeToReclaim === undefined || notice === undefined || checkpoint === undefined
    || (replacementSlot !== undefined && replacement === undefined) || (priceSlot !== undefined && price === undefined)
  ) return undefined;
  return {
    replicas, timeToReclaim, notice, checkpoint,
    ...(replacement === undefined ? {} : { replacement }), ...(price === undefined ? {} : { pricePerHour: price }),
  };
}

/** A replica's lifetime (to a failure or a reclaim): a distribution whose mean is above 0. */
function readLifetime(ctx: LoadContext, slot: Slot): DistSpec | undefined {
  const dist = readDist(ctx, slot);
  if (dist === undefined) return undefined;
  const mean = createSampler(dist).mean;
  if (mean > 0) return dist;
  report(ctx, slot.at, slot.path, flowMsg.zeroLifetime(mean));
  return undefined;
}

/** Seconds of service between checkpoints (0: continuously), or `never` (Infinity). */
function readCheckpoint(ctx: LoadContext, slot: Slot): number | undefined {
  if (isScalar(slot.node) && plainValue(slot) === NEVER) return Infinity;
  const value = plainValue(slot);
  if (typeof value === 'string' && !/\d/.test(value)) {
    report(ctx, slot.at, slot.path, msg.wrongType(EXPECTED_FLOW.checkpoint, describeSlot(slot)));
    return undefined;
  }
  return readDuration(ctx, slot);
}

function readScaleToZero(ctx: LoadContext, slot: Slot): CapacitySpec['scaleToZero'] {
  const f = fieldsOf(ctx, slot, SCALE_TO_ZERO_FIELDS, EXPECTED_FLOW.scaleToZero);
  const idleSlot = f?.require('idle', EXPECTED.positiveDuration);
  const idle = idleSlot === undefined ? undefined : readPositiveDuration(ctx, idleSlot, EXPECTED.positiveDuration);
  const coldSlot = f?.require('cold_start', EXPECTED.distribution);
  const coldStart = coldSlot === undefined ? undefined : readDist(ctx, coldSlot);
  return idle === undefined || coldStart === undefined ? undefined : { idle, coldStart };
}
