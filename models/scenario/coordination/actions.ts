// `actions`: the catalogue plans are drawn from, in order of preference. Each is owned by a
// participant and has one effect through the engine's own mechanisms (a token-bucket rate, an
// arrival-rate factor, on-demand replicas, a class's priority, a cache's hit probability) for a
// duration; `needs` names the actions of related participants its owner may ask for to honour it
// (a recursive round).

import type { Action, ActionEffect } from '../../coordination/types.js';
import { LIMITS } from '../format/limits.js';
import {
  declareNames, hasUnknownKey, readCapacityTarget, requireName, resolveEntry, writtenAmong,
} from './refs.js';
import type { NetworkRefs, ParticipantsRead } from './refs.js';
import { readCacheHitChange, readLimitChange, readPriorityChange, readScaleChange, withKind } from './changes.js';
import { fieldsOf, itemsOf, plainValue, readInteger, readNumber, report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED } from '../core/messages.js';
import { EXPECTED_COORD, coordMsg } from './messages.js';
import type { NameSet } from '../core/names.js';
import { readPositiveDuration } from '../workflows/reliability.js';
import { ACTION, ACTION_EFFECT_GROUP } from '../format/coordination.js';
import { fieldNames, fieldNamesByKey } from '../format/read.js';

export const ACTION_FIELDS = fieldNames(ACTION);
export const EFFECT_FIELDS = fieldNamesByKey<ActionEffect['kind']>(ACTION_EFFECT_GROUP);
export const ACTION_EFFECTS = Object.keys(EFFECT_FIELDS) as readonly ActionEffect['kind'][];
const EFFECT_EXPECTED: Readonly<Record<ActionEffect['kind'], string>> = {
  rate_limit: EXPECTED_COORD.rateLimitEffect,
  scale_rate: EXPECTED_COORD.scaleRateEffect,
  replicas: EXPECTED_COORD.replicasEffect,
  priority: EXPECTED_COORD.priorityEffect,
  cache_hit: EXPECTED_COORD.cacheHitEffect,
};

export interface ActionsRead {
  /** Entries written; undefined when the section is not a list. */
  readonly count: number | undefined;
  /** Undefined when any action is unusable. */
  readonly specs: Action[] | undefined;
}

interface ActionDraft {
  /** The owner's name where it resolved (needs are checked against its relations). */
  readonly owner?: string;
  readonly needsSlot?: Slot;
  readonly spec?: Omit<Action, 'needs'>;
}

export function readActions(ctx: LoadContext, slot: Slot | undefined, refs: NetworkRefs, participants: ParticipantsRead): ActionsRead {
  if (slot === undefined) return { count: 0, specs: [] };
  const items = itemsOf(ctx, slot, EXPECTED_COORD.actions);
  if (items === undefined) return { count: undefined, specs: undefined };
  const declared = declareNames(ctx, items, 'action', slot.path);
  // Reported once here rather than at every owner; owners are then not resolved.
  if (!participants.present && items.length > 0) report(ctx, slot.at, slot.path, coordMsg.noParticipants());
  const owned = participants.present ? participants : { ...participants, names: { ...participants.names, complete: false } };
  const drafts = items.map((item, i) => readAction(ctx, item, declared.names[i], refs, owned));
  const owners = drafts.map((d) => d.owner);
  const specs: Action[] = [];
  drafts.forEach((draft, i) => {
    const needs = draft.needsSlot === undefined ? [] : readNeeds(ctx, draft.needsSlot, declared.names[i], draft.owner, declared.set, owners, participants);
    if (draft.spec !== undefined && needs !== undefined) specs.push({ ...draft.spec, needs });
  });
  return { count: items.length, specs: specs.length === items.length ? specs : undefined };
}

function readAction(ctx: LoadContext, slot: Slot, name: string | undefined, refs: NetworkRefs, participants: ParticipantsRead): ActionDraft {
  const f = fieldsOf(ctx, slot, ACTION_FIELDS, EXPECTED_COORD.action);
  if (f === undefined) return {};
  requireName(f);
  const ownerSlot = f.require('owner', EXPECTED_COORD.participantRef);
  const ownerId = ownerSlot === undefined ? undefined : resolveEntry(ctx, ownerSlot, participants.names, 'participant', EXPECTED_COORD.participantRef);
  const owner = ownerId === undefined ? undefined : (plainValue(ownerSlot!) as string);
  const kinds = writtenAmong(f, ACTION_EFFECTS);
  let effect: ActionEffect | undefined;
  if (kinds.length === 0) {
    if (!hasUnknownKey(slot, ACTION_FIELDS)) report(ctx, slot.at, slot.path, coordMsg.noEffect());
  }
  else if (kinds.length > 1) {
    const second = f.get(kinds[1]!)!;
    report(ctx, second.at, second.path, coordMsg.twoEffects(kinds[0]!, kinds[1]!));
  } else effect = readEffect(ctx, kinds[0]!, f.get(kinds[0]!)!, refs);
  const durationSlot = f.require('duration', EXPECTED.positiveDuration);
  const duration = durationSlot === undefined ? undefined : readPositiveDuration(ctx, durationSlot, EXPECTED.positiveDuration);
  const needsSlot = f.get('needs');
  const draft = { ...(owner === undefined ? {} : { owner }), ...(needsSlot === undefined ? {} : { needsSlot }) };
  if (name === undefined || owner === undefined || effect === undefined || duration === undefined) return draft;
  return { ...draft, spec: { name, owner, effect, duration } };
}

function readEffect(ctx: LoadContext, kind: ActionEffect['kind'], slot: Slot, refs: NetworkRefs): ActionEffect | undefined {
  const f = fieldsOf(ctx, slot, EFFECT_FIELDS[kind], EFFECT_EXPECTED[kind]);
  if (f === undefined) return undefined;
  switch (kind) {
    case 'rate_limit': return withKind(kind, readLimitChange(ctx, f, refs));
    case 'scale_rate': return withKind(kind, readScaleChange(ctx, f, refs));
    case 'replicas': {
      const target = readCapacityTarget(ctx, f, refs);
      const deltaSlot = f.require('delta', EXPECTED_COORD.delta);
      const delta = deltaSlot === undefined ? undefined : readNumber(ctx, deltaSlot, EXPECTED_COORD.delta, (n) => Number.isSafeInteger(n) && n !== 0);
      const maxSlot = f.require('max', EXPECTED_COORD.maxReplicas);
      const max = maxSlot === undefined ? undefined : readInteger(ctx, maxSlot, 1, EXPECTED_COORD.maxReplicas, LIMITS.replicas);
      return target === undefined || delta === undefined || max === undefined ? undefined : { kind, target, delta, max };
    }
    case 'priority': return withKind(kind, readPriorityChange(ctx, f, slot, refs));
    case 'cache_hit': return withKind(kind, readCacheHitChange(ctx, f, refs));
  }
}

/**
 * Other actions, each owned by a participant in the owner's upstream, downstream or peers (the
 * only ones it may ask). Relations are not checked where the owner or the participant is broken.
 */
function readNeeds(
  ctx: LoadContext, slot: Slot, self: string | undefined, owner: string | undefined, actions: NameSet,
  owners: readonly (string | undefined)[], participants: ParticipantsRead,
): string[] | undefined {
  const items = itemsOf(ctx, slot, EXPECTED_COORD.actionList);
  if (items === undefined) return undefined;
  const related = owner === undefined ? undefined : participants.byName.get(owner);
  const relatedNames = related === undefined ? undefined : [...related.upstream, ...related.downstream, ...related.peers];
  const out: string[] = [];
  let ok = true;
  for (const item of items) {
    const id = resolveEntry(ctx, item, actions, 'action', EXPECTED_COORD.actionRef);
    const name = plainValue(item);
    if (id === undefined || typeof name !== 'string') {
      ok = false;
      continue;
    }
    const needOwner = owners[id];
    if (name === self) report(ctx, item.at, item.path, coordMsg.selfNeed(name));
    else if (out.includes(name)) report(ctx, item.at, item.path, coordMsg.listedAgain(name));
    else if (owner !== undefined && needOwner !== undefined && relatedNames !== undefined && !relatedNames.includes(needOwner)) {
      report(ctx, item.at, item.path, coordMsg.unrelatedNeed(name, owner, needOwner, relatedNames));
    } else {
      out.push(name);
      continue;
    }
    ok = false;
  }
  return ok ? out : undefined;
}
