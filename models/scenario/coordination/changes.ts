// What an action (while committed) and a timeline event (from its time) may both change, read the
// same way in both places: a class's rate factor or token-bucket rate, a class's priority, a
// probability cache's hit rate.

import { readCacheRef, readClassRef, readFactor, readHit } from './refs.js';
import type { NetworkRefs } from './refs.js';
import { readInteger, readRate, report } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED } from '../core/messages.js';
import { EXPECTED_COORD, coordMsg } from './messages.js';
import { EXPECTED_FLOW } from '../workflows/messages.js';

/** A change with its kind (an action's effect, a timeline event's body), or undefined after a diagnostic. */
export function withKind<K extends string, T extends object>(kind: K, change: T | undefined): ({ kind: K } & T) | undefined {
  return change === undefined ? undefined : { kind, ...change };
}

/** `{ class, factor }`: the class's arrivals must be generated, not given (a trace, sessions). */
export function readScaleChange(ctx: LoadContext, f: Fields, refs: NetworkRefs): { cls: number; factor: number } | undefined {
  const classSlot = f.require('class', EXPECTED_FLOW.classRef);
  const cls = classSlot === undefined ? undefined : readClassRef(ctx, classSlot, refs, 'scale');
  const factorSlot = f.require('factor', EXPECTED_COORD.factor);
  const factor = factorSlot === undefined ? undefined : readFactor(ctx, factorSlot);
  return cls === undefined || factor === undefined ? undefined : { cls, factor };
}

/** `{ class, rate }`: a token bucket of the class's own (not a shared quota's). */
export function readLimitChange(ctx: LoadContext, f: Fields, refs: NetworkRefs): { cls: number; rate: number } | undefined {
  const classSlot = f.require('class', EXPECTED_FLOW.classRef);
  const cls = classSlot === undefined ? undefined : readClassRef(ctx, classSlot, refs, 'limit');
  const rateSlot = f.require('rate', EXPECTED.rate);
  const rate = rateSlot === undefined ? undefined : readRate(ctx, rateSlot);
  return cls === undefined || rate === undefined ? undefined : { cls, rate };
}

/** `{ class, priority }`, in a network where some station serves by priority (reported at `slot` otherwise). */
export function readPriorityChange(ctx: LoadContext, f: Fields, slot: Slot, refs: NetworkRefs): { cls: number; priority: number } | undefined {
  const classSlot = f.require('class', EXPECTED_FLOW.classRef);
  const cls = classSlot === undefined ? undefined : readClassRef(ctx, classSlot, refs, undefined);
  const prioritySlot = f.require('priority', EXPECTED_FLOW.priority);
  const priority = prioritySlot === undefined ? undefined : readInteger(ctx, prioritySlot, 0, EXPECTED_FLOW.priority);
  const served = servedByPriority(ctx, slot, refs);
  return cls === undefined || priority === undefined || !served ? undefined : { cls, priority };
}

/** `{ agent, hit }`: a cache with a hit probability, and a probability. */
export function readCacheHitChange(ctx: LoadContext, f: Fields, refs: NetworkRefs): { agent: number; hit: number } | undefined {
  const agentSlot = f.require('agent', EXPECTED_COORD.cacheRef);
  const agent = agentSlot === undefined ? undefined : readCacheRef(ctx, agentSlot, refs);
  const hitSlot = f.require('hit', EXPECTED_COORD.hit);
  const hit = hitSlot === undefined ? undefined : readHit(ctx, hitSlot);
  return agent === undefined || hit === undefined ? undefined : { agent, hit };
}

/** Whether some station serves by priority (else a class's priority changes nothing: reported at `slot`). */
function servedByPriority(ctx: LoadContext, slot: Slot, refs: NetworkRefs): boolean {
  const agents = refs.network?.agents;
  if (agents === undefined || agents.some((a) => a.kind === 'station' && (a.discipline ?? 'fcfs') !== 'fcfs')) return true;
  report(ctx, slot.at, slot.path, coordMsg.noPriorityStation(agents.filter((a) => a.kind === 'station').map((a) => a.name)));
  return false;
}
