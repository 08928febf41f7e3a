// `autoscale` of a station or GPU pool -> AutoscaleSpec: reactive (a windowed signal against
// thresholds, with cooldown and provisioning delay), scheduled (targets at given times) or
// predictive (a rate forecast, an expression of t, plus headroom), each checked against `replicas`.

import { isScalar } from 'yaml';
import { LIMITS } from '../format/limits.js';
import type { AutoscaleSpec } from '../../../sim/network/spec.js';
import { Fields, entriesOf, itemsOf, plainValue, readDuration, readEnum, readInteger, readNumber, readRate, report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_FLOW, flowMsg } from './messages.js';
import { readRateExpression } from '../workload/rate-expression.js';
import { readPositiveDuration } from './reliability.js';
import { isQuantityText } from '../core/units.js';
import { AUTOSCALE, SIGNALS } from '../format/capacity.js';
import { fieldNames, fieldsByForm, formOf } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';

type AutoscaleKind = AutoscaleSpec['kind'];

export const AUTOSCALE_FIELDS = fieldsByForm<AutoscaleKind>(AUTOSCALE);
const KINDS = Object.keys(AUTOSCALE_FIELDS) as AutoscaleKind[];
export { SIGNALS };
export const SCHEDULE_FIELDS = fieldNames(formOf(AUTOSCALE, 'kind', 'scheduled').fields.schedule.of);

/** `replicas` is the count at the start (undefined when itself invalid: bounds are then not checked). */
export function readAutoscale(ctx: LoadContext, slot: Slot, replicas: number | undefined, horizon: number | undefined): AutoscaleSpec | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED_FLOW.autoscale);
  if (entries === undefined) return undefined;
  const kindEntry = entries.find((e) => e.key === 'kind');
  if (kindEntry === undefined) {
    report(ctx, slot.at, `${slot.path}.kind`, msg.missingField('kind', KINDS.join(', ')));
    return undefined;
  }
  const kind = readEnum(ctx, kindEntry.slot, KINDS);
  if (kind === undefined) return undefined;
  const f = new Fields(ctx, slot, entries, AUTOSCALE_FIELDS[kind]);
  switch (kind) {
    case 'reactive': return readReactive(ctx, f, replicas);
    case 'scheduled': return readScheduled(ctx, f, horizon);
    case 'predictive': return readPredictive(ctx, f, replicas, horizon);
  }
}

function readReactive(ctx: LoadContext, f: Fields, replicas: number | undefined): AutoscaleSpec | undefined {
  const signalSlot = f.require('signal', SIGNALS.join(', '));
  const signal = signalSlot === undefined ? undefined : readEnum(ctx, signalSlot, SIGNALS);
  const upperSlot = f.require('upper', 'the threshold above which replicas are added');
  const lowerSlot = f.require('lower', 'the threshold below which replicas are removed');
  const upper = signal === undefined || upperSlot === undefined ? undefined : readThreshold(ctx, upperSlot, signal);
  const lower = signal === undefined || lowerSlot === undefined ? undefined : readThreshold(ctx, lowerSlot, signal);
  if (upper !== undefined && lower !== undefined && upper <= lower) report(ctx, upperSlot!.at, upperSlot!.path, flowMsg.thresholds(lower, upper));
  const windowSlot = f.require('window', EXPECTED.positiveDuration);
  const window = windowSlot === undefined ? undefined : readPositiveDuration(ctx, windowSlot, EXPECTED.positiveDuration);
  const intervalSlot = f.get('interval');
  const interval = intervalSlot === undefined ? undefined : readPositiveDuration(ctx, intervalSlot, EXPECTED.positiveDuration);
  const cooldown = durationOr(ctx, f.get('cooldown'), 0);
  const delay = durationOr(ctx, f.get('delay'), 0);
  const stepSlot = f.get('step');
  const step = stepSlot === undefined ? declaredDefault(formOf(AUTOSCALE, 'kind', 'reactive').fields.step) : readInteger(ctx, stepSlot, 1, EXPECTED_FLOW.step, LIMITS.replicas);
  const bounds = readBounds(ctx, f, replicas);
  if (
    signal === undefined || upper === undefined || lower === undefined || upper <= lower || window === undefined
    || (intervalSlot !== undefined && interval === undefined) || cooldown === undefined || delay === undefined || step === undefined || bounds === undefined
  ) return undefined;
  return {
    kind: 'reactive', signal, upper, lower, window, ...(interval === undefined ? {} : { interval }), cooldown, delay, ...bounds, step,
  };
}

/** Queue: waiting requests (a count); utilization: a fraction; latency: a duration. */
function readThreshold(ctx: LoadContext, slot: Slot, signal: (typeof SIGNALS)[number]): number | undefined {
  switch (signal) {
    case 'queue': return readNumber(ctx, slot, EXPECTED_FLOW.queueThreshold, (n) => n >= 0);
    case 'utilization': return readNumber(ctx, slot, EXPECTED_FLOW.utilizationThreshold, (n) => n >= 0 && n <= 1);
    case 'latency': return readDuration(ctx, slot);
  }
}

function readScheduled(ctx: LoadContext, f: Fields, horizon: number | undefined): AutoscaleSpec | undefined {
  const slot = f.require('schedule', EXPECTED_FLOW.schedule);
  const delay = durationOr(ctx, f.get('delay'), 0);
  const items = slot === undefined ? undefined : itemsOf(ctx, slot, EXPECTED_FLOW.schedule);
  if (items === undefined || slot === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('{ at, replicas } entry'));
    return undefined;
  }
  const schedule: { at: number; replicas: number }[] = [];
  let ok = true;
  let previous = -Infinity;
  for (const item of items) {
    const e = entriesOf(ctx, item, EXPECTED_FLOW.scheduleEntry);
    const g = e === undefined ? undefined : new Fields(ctx, item, e, SCHEDULE_FIELDS);
    const atSlot = g?.require('at', EXPECTED.duration);
    const replicasSlot = g?.require('replicas', EXPECTED_FLOW.replicas);
    const at = atSlot === undefined ? undefined : readDuration(ctx, atSlot);
    const replicas = replicasSlot === undefined ? undefined : readInteger(ctx, replicasSlot, 0, EXPECTED_FLOW.replicas, LIMITS.replicas);
    if (at !== undefined && atSlot !== undefined) {
      if (at <= previous) {
        report(ctx, atSlot.at, atSlot.path, flowMsg.scheduleOrder(previous, at));
        ok = false;
      } else if (horizon !== undefined && at >= horizon) {
        report(ctx, atSlot.at, atSlot.path, flowMsg.scheduleHorizon(at, horizon));
        ok = false;
      }
      previous = Math.max(previous, at);
    }
    if (at === undefined || replicas === undefined) ok = false;
    else schedule.push({ at, replicas });
  }
  if (!ok || delay === undefined) return undefined;
  return { kind: 'scheduled', schedule, delay };
}

function readPredictive(ctx: LoadContext, f: Fields, replicas: number | undefined, horizon: number | undefined): AutoscaleSpec | undefined {
  const delay = durationOr(ctx, f.get('delay'), 0);
  const forecastSlot = f.require('forecast', EXPECTED_FLOW.forecast);
  // The autoscaler asks for the rate `delay` ahead of each evaluation, up to the horizon.
  const end = horizon === undefined || delay === undefined ? undefined : horizon + delay;
  const forecast = forecastSlot === undefined ? undefined : readForecast(ctx, forecastSlot, end);
  const perSlot = f.require('per_replica', EXPECTED.rate);
  const perReplicaRate = perSlot === undefined ? undefined : readRate(ctx, perSlot);
  const headroomSlot = f.get('headroom');
  const headroom = headroomSlot === undefined ? declaredDefault(formOf(AUTOSCALE, 'kind', 'predictive').fields.headroom) : readNumber(ctx, headroomSlot, EXPECTED_FLOW.headroom, (n) => n >= 0);
  const intervalSlot = f.require('interval', EXPECTED.positiveDuration);
  const interval = intervalSlot === undefined ? undefined : readPositiveDuration(ctx, intervalSlot, EXPECTED.positiveDuration);
  const bounds = readBounds(ctx, f, replicas);
  if (
    forecast === undefined || perReplicaRate === undefined || headroom === undefined || interval === undefined || delay === undefined || bounds === undefined
  ) return undefined;
  return { kind: 'predictive', expression: forecast.text, perReplicaRate, headroom, interval, delay, ...bounds };
}

/** A constant rate, or an expression of t checked over [0, end]. */
function readForecast(ctx: LoadContext, slot: Slot, end: number | undefined): { text: string } | undefined {
  const raw = plainValue(slot);
  if (typeof raw !== 'string' || isQuantityText(raw)) {
    const rate = readRate(ctx, slot);
    return rate === undefined ? undefined : { text: isScalar(slot.node) ? String(slot.node.value) : String(rate) };
  }
  const checked = readRateExpression(ctx, slot, raw, end, false);
  return checked === undefined ? undefined : { text: raw };
}

/** `min` (default: 1, or 0 when there are no replicas at the start) <= replicas <= `max` (required). */
function readBounds(ctx: LoadContext, f: Fields, replicas: number | undefined): { min: number; max: number } | undefined {
  const minSlot = f.get('min');
  const maxSlot = f.require('max', EXPECTED_FLOW.replicas);
  const min = minSlot === undefined ? Math.min(1, replicas ?? 1) : readInteger(ctx, minSlot, 0, EXPECTED_FLOW.replicas, LIMITS.replicas);
  const max = maxSlot === undefined ? undefined : readInteger(ctx, maxSlot, 0, EXPECTED_FLOW.replicas, LIMITS.replicas);
  if (min === undefined || max === undefined || maxSlot === undefined) return undefined;
  const start = replicas ?? min;
  if (min > start || start > max) {
    const at = min > start && minSlot !== undefined ? minSlot : maxSlot;
    report(ctx, at.at, at.path, flowMsg.bounds(min, start, max));
    return undefined;
  }
  return { min, max };
}

function durationOr(ctx: LoadContext, slot: Slot | undefined, fallback: number): number | undefined {
  return slot === undefined ? fallback : readDuration(ctx, slot);
}
