// The `slos` field: absolute service-level gates (`{ metric: e2e.p95, max: 2s }`) that `apmsim
// compare` checks on the candidate. Metric names are checked for shape here and against the
// metrics a run really yields when the gate is evaluated; each gate keeps where it was written.

import { fieldsOf, itemsOf, plainValue, positionOf, report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, describeValue, msg } from '../core/messages.js';
import type { SloSpec } from '../core/types.js';
import { parseDuration, parseRate } from '../core/units.js';
import { SCENARIO } from '../format/core.js';
import { fieldNames } from '../format/read.js';

export const SLO_FIELDS = fieldNames(SCENARIO.fields.slos.of);

/** Dotted names made of the characters agent and class names allow. */
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const PLAIN_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Every gate of the `slos` list (one per bound); undefined when any entry is unusable. */
export function readSlos(ctx: LoadContext, slot: Slot | undefined): SloSpec[] | undefined {
  if (slot === undefined) return [];
  const items = itemsOf(ctx, slot, EXPECTED.slos);
  if (items === undefined) return undefined;
  const out: SloSpec[] = [];
  let ok = true;
  for (const item of items) {
    const gates = readSlo(ctx, item);
    if (gates === undefined) ok = false;
    else out.push(...gates);
  }
  return ok ? out : undefined;
}

function readSlo(ctx: LoadContext, slot: Slot): SloSpec[] | undefined {
  const f = fieldsOf(ctx, slot, SLO_FIELDS, EXPECTED.sloEntry);
  if (f === undefined) return undefined;
  const metricSlot = f.require('metric', EXPECTED.metricName);
  let metric: string | undefined;
  if (metricSlot !== undefined) {
    const raw = plainValue(metricSlot);
    if (typeof raw === 'string' && METRIC_NAME.test(raw)) metric = raw;
    else report(ctx, metricSlot.at, metricSlot.path, msg.wrongType(EXPECTED.metricName, describeValue(raw)));
  }
  const bounds = (['max', 'min'] as const).flatMap((bound) => {
    const s = f.get(bound);
    return s === undefined ? [] : [{ bound, slot: s, limit: readLimit(ctx, s) }];
  });
  if (bounds.length === 0) report(ctx, slot.at, slot.path, msg.sloNoBound());
  const max = bounds.find((b) => b.bound === 'max')?.limit;
  const min = bounds.find((b) => b.bound === 'min')?.limit;
  if (max !== undefined && min !== undefined && min.value > max.value) {
    report(ctx, slot.at, slot.path, msg.sloBoundsCrossed(min.text, max.text));
    return undefined;
  }
  if (metric === undefined || bounds.length === 0 || bounds.some((b) => b.limit === undefined)) return undefined;
  return bounds.map(({ bound, slot: at, limit }) => ({
    metric, bound, limit: limit!.value, written: limit!.written, text: limit!.text,
    at: { path: metricSlot!.path, ...positionOf(ctx, metricSlot!.at) },
    boundAt: { path: at.path, ...positionOf(ctx, at.at) },
  }));
}

interface Limit {
  readonly value: number;
  readonly written: SloSpec['written'];
  readonly text: string;
}

/** A plain number (any unit), a duration (seconds) or a rate (per second). */
function readLimit(ctx: LoadContext, slot: Slot): Limit | undefined {
  const raw = plainValue(slot);
  if (typeof raw === 'number' && Number.isFinite(raw)) return { value: raw, written: 'number', text: String(raw) };
  if (typeof raw === 'string') {
    if (PLAIN_NUMBER.test(raw)) return { value: Number(raw), written: 'number', text: raw.trim() };
    const duration = parseDuration(raw);
    if (duration.ok) return { value: duration.value, written: 'duration', text: raw };
    const rate = parseRate(raw);
    if (rate.ok) return { value: rate.value, written: 'rate', text: raw };
  }
  report(ctx, slot.at, slot.path, msg.wrongType(EXPECTED.sloLimit, describeValue(raw)));
  return undefined;
}
