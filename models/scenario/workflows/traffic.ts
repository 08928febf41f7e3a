// Traffic control of a class: its priority (lower first at stations with a priority discipline),
// a token-bucket rate limit at entry, and the most agent visits a request may make (max steps);
// and `quotas`, rate limits shared by several classes (a tenant's).

import type { ClassSpec, QuotaSpec, RateLimitSpec } from '../../../sim/network/spec.js';
import { describeSlot, entriesOf, fieldsOf, itemsOf, plainValue, readEnum, readInteger, readNumber, readRate, report } from '../core/fields.js';
import { suggest } from '../../suggest.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_FLOW, flowMsg } from './messages.js';
import { NAME_PATTERN } from '../core/names.js';
import type { NameSet } from '../core/names.js';
import { LIMIT_ACTIONS, QUOTA, RATE_LIMIT } from '../format/traffic.js';
import { TRAFFIC_GROUP } from '../format/workload.js';
import { fieldNames, groupNames } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';

export const TRAFFIC_FIELDS = groupNames(TRAFFIC_GROUP);
export const RATE_LIMIT_FIELDS = fieldNames(RATE_LIMIT);
export const QUOTA_FIELDS = fieldNames(QUOTA);
export { LIMIT_ACTIONS };

export type ClassTraffic = Pick<ClassSpec, 'priority' | 'rateLimit' | 'maxSteps'>;

/** Undefined after a diagnostic; fields left out when not written. */
export function readClassTraffic(ctx: LoadContext, f: Fields): ClassTraffic | undefined {
  const prioritySlot = f.get('priority');
  const priority = prioritySlot === undefined ? undefined : readInteger(ctx, prioritySlot, 0, EXPECTED_FLOW.priority);
  const limitSlot = f.get('rate_limit');
  const rateLimit = limitSlot === undefined ? undefined : readRateLimit(ctx, fieldsOf(ctx, limitSlot, RATE_LIMIT_FIELDS, EXPECTED_FLOW.rateLimit));
  const stepsSlot = f.get('max_steps');
  const maxSteps = stepsSlot === undefined ? undefined : readInteger(ctx, stepsSlot, 1, EXPECTED_FLOW.maxSteps);
  if ((prioritySlot !== undefined && priority === undefined) || (limitSlot !== undefined && rateLimit === undefined) || (stepsSlot !== undefined && maxSteps === undefined)) {
    return undefined;
  }
  return {
    ...(priority === undefined ? {} : { priority }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(maxSteps === undefined ? {} : { maxSteps }),
  };
}

/** `{ rate, burst, action }`: `rate` tokens per second up to `burst` (default 1); beyond, reject (default) or queue. */
function readRateLimit(ctx: LoadContext, f: Fields | undefined): RateLimitSpec | undefined {
  if (f === undefined) return undefined;
  const rateSlot = f.require('rate', EXPECTED.rate);
  const rate = rateSlot === undefined ? undefined : readRate(ctx, rateSlot);
  const burstSlot = f.get('burst');
  const burst = burstSlot === undefined ? declaredDefault(RATE_LIMIT.fields.burst) : readNumber(ctx, burstSlot, EXPECTED_FLOW.burst, (n) => n >= 1);
  const actionSlot = f.get('action');
  const action = actionSlot === undefined ? declaredDefault(RATE_LIMIT.fields.action) : readEnum(ctx, actionSlot, LIMIT_ACTIONS);
  return rate === undefined || burst === undefined || action === undefined ? undefined : { rate, burst, action };
}

/** Classes as the workload declares them, with which have a rate limit of their own. */
export interface ClassRefs {
  readonly names: NameSet;
  readonly rateLimited: readonly boolean[];
}

/** `quotas`: name -> { rate, burst, action, classes }; a class has its own rate limit or one quota. */
export function readQuotas(ctx: LoadContext, slot: Slot | undefined, classes: ClassRefs): QuotaSpec[] | undefined {
  if (slot === undefined) return [];
  const entries = entriesOf(ctx, slot, EXPECTED_FLOW.quotasMap);
  if (entries === undefined) return undefined;
  const owner = new Map<number, string>();
  const quotas: QuotaSpec[] = [];
  let ok = true;
  for (const entry of entries) {
    if (!NAME_PATTERN.test(entry.key)) {
      report(ctx, entry.keyAt, entry.slot.path, flowMsg.badBudgetName('quota', entry.key));
      ok = false;
    }
    const f = fieldsOf(ctx, entry.slot, QUOTA_FIELDS, EXPECTED_FLOW.quota);
    const limit = readRateLimit(ctx, f);
    const classesSlot = f?.require('classes', EXPECTED_FLOW.classList);
    const listed = classesSlot === undefined ? undefined : readClassList(ctx, classesSlot, classes.names);
    for (const { id, at } of listed ?? []) {
      const name = classes.names.names[id]!;
      const other = owner.get(id);
      if (classes.rateLimited[id]) report(ctx, at.at, at.path, flowMsg.quotaAndLimit(name));
      else if (other !== undefined) report(ctx, at.at, at.path, flowMsg.twoQuotas(name, other));
      else {
        owner.set(id, entry.key);
        continue;
      }
      ok = false;
    }
    if (limit === undefined || listed === undefined) ok = false;
    else quotas.push({ name: entry.key, ...limit, classes: listed.map((c) => c.id) });
  }
  return ok ? quotas : undefined;
}

/** A non-empty list of distinct class names -> ids, with where each was written (names unchecked when the workload is broken). */
export function readClassList(ctx: LoadContext, slot: Slot, classes: NameSet): { id: number; at: Slot }[] | undefined {
  const items = itemsOf(ctx, slot, EXPECTED_FLOW.classList);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('class'));
    return undefined;
  }
  const ids: { id: number; at: Slot }[] = [];
  let ok = true;
  for (const item of items) {
    const name = plainValue(item);
    const id = typeof name === 'string' ? classes.ids.get(name) : undefined;
    if (typeof name !== 'string') {
      report(ctx, item.at, item.path, msg.wrongType(EXPECTED_FLOW.classRef, describeSlot(item)));
      ok = false;
    } else if (id === undefined) {
      if (classes.complete) report(ctx, item.at, item.path, flowMsg.unknownClass(name, classes.names, suggest(name, classes.names)));
      ok = false;
    } else if (ids.some((c) => c.id === id)) {
      report(ctx, item.at, item.path, flowMsg.duplicateClass(name));
      ok = false;
    } else ids.push({ id, at: item });
  }
  return ok ? ids : undefined;
}
