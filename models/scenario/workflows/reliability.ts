// An agent's `timeout` (a call unfinished this long after reaching the agent is abandoned) and
// `retry` (failed or timed-out calls tried again after exponential backoff with jitter).

import { isSeq } from 'yaml';
import type { RetrySpec } from '../../../sim/network/spec.js';
import { describeSlot, fieldsOf, itemsOf, readDuration, readEnum, readInteger, readNumber, report } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { msg } from '../core/messages.js';
import { EXPECTED_FLOW, flowMsg } from './messages.js';
import { RELIABILITY_GROUP, RETRY, RETRY_ON } from '../format/agents.js';
import { fieldNames, groupNames } from '../format/read.js';
import { declaredDefault, declaredSeconds } from '../format/defaults.js';

export const RELIABILITY_FIELDS = groupNames(RELIABILITY_GROUP);
export const RETRY_FIELDS = fieldNames(RETRY);
export { RETRY_ON };

export const RETRY_DEFAULTS = { backoff: declaredSeconds(RETRY.fields.backoff), multiplier: declaredDefault(RETRY.fields.multiplier), jitter: declaredDefault(RETRY.fields.jitter) };

export interface Reliability {
  readonly timeout?: number;
  readonly retry?: RetrySpec;
}

/** Undefined after a diagnostic; fields left out when not written (so specs stay as before). */
export function readReliability(ctx: LoadContext, f: Fields): Reliability | undefined {
  const timeoutSlot = f.get('timeout');
  const timeout = timeoutSlot === undefined ? undefined : readPositiveDuration(ctx, timeoutSlot, EXPECTED_FLOW.timeout);
  const retrySlot = f.get('retry');
  const retry = retrySlot === undefined ? undefined : readRetry(ctx, retrySlot, timeoutSlot !== undefined);
  if ((timeoutSlot !== undefined && timeout === undefined) || (retrySlot !== undefined && retry === undefined)) return undefined;
  return { ...(timeout === undefined ? {} : { timeout }), ...(retry === undefined ? {} : { retry }) };
}

function readRetry(ctx: LoadContext, slot: Slot, hasTimeout: boolean): RetrySpec | undefined {
  const f = fieldsOf(ctx, slot, RETRY_FIELDS, EXPECTED_FLOW.retry);
  if (f === undefined) return undefined;
  const maxSlot = f.require('max', EXPECTED_FLOW.retryMax);
  const max = maxSlot === undefined ? undefined : readInteger(ctx, maxSlot, 1, EXPECTED_FLOW.retryMax);
  const backoffSlot = f.get('backoff');
  const backoff = backoffSlot === undefined ? RETRY_DEFAULTS.backoff : readDuration(ctx, backoffSlot);
  const multiplierSlot = f.get('multiplier');
  const multiplier = multiplierSlot === undefined ? RETRY_DEFAULTS.multiplier : readNumber(ctx, multiplierSlot, EXPECTED_FLOW.multiplier, (n) => n >= 1);
  const jitterSlot = f.get('jitter');
  const jitter = jitterSlot === undefined ? RETRY_DEFAULTS.jitter : readNumber(ctx, jitterSlot, EXPECTED_FLOW.jitter, (n) => n >= 0 && n <= 1);
  const onSlot = f.get('on');
  const on = onSlot === undefined ? { failure: true, timeout: true } : readRetryOn(ctx, onSlot, hasTimeout);
  if (max === undefined || backoff === undefined || multiplier === undefined || jitter === undefined || on === undefined) return undefined;
  return { max, backoff, multiplier, jitter, on };
}

/** `failure`, `timeout`, or a list of them; retrying on timeouts needs a timeout. */
function readRetryOn(ctx: LoadContext, slot: Slot, hasTimeout: boolean): RetrySpec['on'] | undefined {
  const items = isSeq(slot.node) ? itemsOf(ctx, slot, EXPECTED_FLOW.retryOn) : [slot];
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList("kind of call to retry ('failure' or 'timeout')"));
    return undefined;
  }
  const on = { failure: false, timeout: false };
  let ok = true;
  for (const item of items) {
    const kind = readEnum(ctx, item, RETRY_ON);
    if (kind === undefined) ok = false;
    else if (on[kind]) {
      report(ctx, item.at, item.path, flowMsg.duplicateRetryOn(kind));
      ok = false;
    } else if (kind === 'timeout' && !hasTimeout) {
      report(ctx, item.at, item.path, flowMsg.retryNeedsTimeout());
      ok = false;
    } else on[kind] = true;
  }
  return ok ? on : undefined;
}

/** A duration greater than 0. */
export function readPositiveDuration(ctx: LoadContext, slot: Slot, expected: string): number | undefined {
  const value = readDuration(ctx, slot);
  if (value === 0) {
    report(ctx, slot.at, slot.path, msg.notPositive(expected, describeSlot(slot)));
    return undefined;
  }
  return value;
}
