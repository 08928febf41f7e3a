// `timeline`: events replayed at simulated times — an arrival-rate factor, a token-bucket rate, an
// objective's threshold, a target's on-demand replicas, a class's priority, a class joining, a
// model's prices, a cache's hit probability — each checked against what the engine can change,
// sorted by time (ties keep file order).

import type { TimelineEvent } from '../../coordination/types.js';
import { LIMITS } from '../format/limits.js';
import { readCacheHitChange, readLimitChange, readPriorityChange, readScaleChange, withKind } from './changes.js';
import {
  hasUnknownKey, readCapacityTarget, readClassRef, readThreshold, resolveEntry, resolveIn, writtenAmong,
} from './refs.js';
import type { NetworkRefs, ObjectivesRead } from './refs.js';
import { fieldsOf, itemsOf, readDuration, readInteger, readNumber, report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_COORD, coordMsg } from './messages.js';
import { EXPECTED_FLOW, flowMsg } from '../workflows/messages.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';
import { TIMELINE_EVENT_GROUP } from '../format/coordination.js';
import { fieldNamesByKey } from '../format/read.js';

export const EVENT_FIELDS = fieldNamesByKey<TimelineEvent['kind']>(TIMELINE_EVENT_GROUP);
export const TIMELINE_EVENTS = Object.keys(EVENT_FIELDS) as readonly TimelineEvent['kind'][];
/** A timeline entry: its time and one event, which the map's key names. */
export const TIMELINE_FIELDS: readonly string[] = ['at', ...TIMELINE_EVENTS];

/** Prices are written per 1k tokens, as in `models`. */
const TOKENS_PER_PRICE = 1000;

/** An event without its time (one member per kind). */
type EventBody = TimelineEvent extends infer E ? (E extends TimelineEvent ? Omit<E, 'at'> : never) : never;

/** Events sorted by time; events at the same time keep their order in the file. */
export function readTimeline(ctx: LoadContext, slot: Slot | undefined, refs: NetworkRefs, objectives: ObjectivesRead): TimelineEvent[] | undefined {
  if (slot === undefined) return [];
  const items = itemsOf(ctx, slot, EXPECTED_COORD.timeline);
  if (items === undefined) return undefined;
  if (items.length > LIMITS.timelineEvents.max) {
    report(ctx, slot.at, slot.path, msg.aboveLimit(EXPECTED_COORD.timeline, items.length, LIMITS.timelineEvents));
    return undefined;
  }
  const events = items.map((item) => readEvent(ctx, item, refs, objectives));
  if (!events.every((e): e is TimelineEvent => e !== undefined)) return undefined;
  // Array.prototype.sort is stable: ties keep file order.
  return events.sort((a, b) => a.at - b.at);
}

function readEvent(ctx: LoadContext, slot: Slot, refs: NetworkRefs, objectives: ObjectivesRead): TimelineEvent | undefined {
  const f = fieldsOf(ctx, slot, TIMELINE_FIELDS, EXPECTED_COORD.event);
  if (f === undefined) return undefined;
  const atSlot = f.require('at', EXPECTED.duration);
  let at = atSlot === undefined ? undefined : readDuration(ctx, atSlot);
  if (at !== undefined && refs.horizon !== undefined && at >= refs.horizon) {
    report(ctx, atSlot!.at, atSlot!.path, flowMsg.scheduleHorizon(at, refs.horizon));
    at = undefined;
  }
  const kinds = writtenAmong(f, TIMELINE_EVENTS);
  if (kinds.length === 0) {
    if (!hasUnknownKey(slot, TIMELINE_FIELDS)) report(ctx, slot.at, slot.path, coordMsg.noEvent());
    return undefined;
  }
  if (kinds.length > 1) {
    const second = f.get(kinds[1]!)!;
    report(ctx, second.at, second.path, coordMsg.twoEvents(kinds[0]!, kinds[1]!));
    return undefined;
  }
  const body = readEventBody(ctx, kinds[0]!, f.get(kinds[0]!)!, refs, objectives);
  return at === undefined || body === undefined ? undefined : ({ at, ...body } as TimelineEvent);
}

const EVENT_EXPECTED: Readonly<Record<TimelineEvent['kind'], string>> = {
  set_rate: EXPECTED_COORD.setRate,
  set_rate_limit: EXPECTED_COORD.setRateLimit,
  set_objective: EXPECTED_COORD.setObjective,
  set_replicas: EXPECTED_COORD.setReplicas,
  set_priority: EXPECTED_COORD.setPriority,
  join: EXPECTED_COORD.join,
  set_price: EXPECTED_COORD.setPrice,
  set_cache_hit: EXPECTED_COORD.setCacheHit,
};

function readEventBody(ctx: LoadContext, kind: TimelineEvent['kind'], slot: Slot, refs: NetworkRefs, objectives: ObjectivesRead): EventBody | undefined {
  const f = fieldsOf(ctx, slot, EVENT_FIELDS[kind], EVENT_EXPECTED[kind]);
  if (f === undefined) return undefined;
  switch (kind) {
    case 'set_rate': return withKind(kind, readScaleChange(ctx, f, refs));
    case 'set_rate_limit': return withKind(kind, readLimitChange(ctx, f, refs));
    case 'set_objective': {
      const objectiveSlot = f.require('objective', EXPECTED_COORD.objectiveRef);
      const objective = objectiveSlot === undefined ? undefined : resolveEntry(ctx, objectiveSlot, objectives.names, 'objective', EXPECTED_COORD.objectiveRef);
      const metric = objective === undefined ? undefined : objectives.metrics[objective];
      const thresholdSlot = f.require('threshold', "a threshold in the unit of the objective's metric");
      const threshold = thresholdSlot === undefined || metric === undefined ? undefined : readThreshold(ctx, thresholdSlot, metric);
      return objective === undefined || threshold === undefined ? undefined : { kind, objective, threshold };
    }
    case 'set_priority': return withKind(kind, readPriorityChange(ctx, f, slot, refs));
    case 'set_replicas': {
      const target = readCapacityTarget(ctx, f, refs);
      const countSlot = f.require('replicas', EXPECTED_COORD.replicaCount);
      const count = countSlot === undefined ? undefined : readInteger(ctx, countSlot, 0, EXPECTED_COORD.replicaCount, LIMITS.replicas);
      return target === undefined || count === undefined ? undefined : { kind, target, count };
    }
    case 'join': {
      const classSlot = f.require('class', EXPECTED_FLOW.classRef);
      // A joining class needs generated arrivals: given times (a trace, sessions) cannot start later.
      const cls = classSlot === undefined ? undefined : readClassRef(ctx, classSlot, refs, 'scale');
      return cls === undefined ? undefined : { kind, cls };
    }
    case 'set_price': {
      const modelSlot = f.require('model', EXPECTED_SERVING.modelRef);
      const model = modelSlot === undefined ? undefined : resolveIn(ctx, modelSlot, refs.models, EXPECTED_SERVING.modelRef, (name, known, suggestion) => servingMsg.unknownName('model', name, known, suggestion));
      const price = (key: 'input' | 'output'): number | undefined | null => {
        const slot = f.get(key);
        if (slot === undefined) return null;
        const dollars = readNumber(ctx, slot, EXPECTED_SERVING.dollars, (n) => n >= 0);
        return dollars === undefined ? undefined : dollars / TOKENS_PER_PRICE;
      };
      const input = price('input'), output = price('output');
      if (model === undefined || input === undefined || output === undefined) return undefined;
      const written = refs.network?.models[model];
      return {
        kind, model,
        perInputToken: input ?? written?.pricePerInputToken ?? 0,
        perOutputToken: output ?? written?.pricePerOutputToken ?? 0,
      };
    }
    case 'set_cache_hit': return withKind(kind, readCacheHitChange(ctx, f, refs));
  }
}
