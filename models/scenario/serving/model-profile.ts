// A model's profile -> ProfileSpec: a built-in name (models/llm/profiles.ts), or inline as a
// formula (per-token and per-sequence costs) or measured tables (piecewise-linear curves), each
// part checked for negative or impossible costs.

import { isMap, isScalar } from 'yaml';
import type { Curve, ProfileSpec } from '../../../sim/network/spec.js';
import { BUILTIN_PROFILES, linearCurve } from '../../llm/profiles.js';
import { fieldsOf, peekField, itemsOf, plainValue, readDuration, readNumber, report, reportType } from '../core/fields.js';
import { suggest } from '../../suggest.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED_SERVING, servingMsg } from './messages.js';
import { parseBytes } from '../core/units.js';
import { INLINE_PROFILE } from '../format/serving.js';
import { fieldNames } from '../format/read.js';
import { readMeasuredProfile } from './measured-profile.js';

export const PROFILE_FIELDS = fieldNames(INLINE_PROFILE);

export interface ProfileDraft {
  readonly profile: ProfileSpec;
  /** KV memory per replica when a pool does not say: known for built-in profiles only. */
  readonly defaultKvBytes: number | undefined;
}

export function readProfile(ctx: LoadContext, slot: Slot): ProfileDraft | undefined {
  if (isScalar(slot.node) && typeof plainValue(slot) === 'string') {
    const name = plainValue(slot) as string;
    const builtin = BUILTIN_PROFILES.get(name);
    if (builtin !== undefined) return { profile: builtin.profile, defaultKvBytes: builtin.defaultKvBytes };
    const names = [...BUILTIN_PROFILES.keys()];
    report(ctx, slot.at, slot.path, servingMsg.unknownProfile(name, names, suggest(name, names)));
    return undefined;
  }
  if (!isMap(slot.node)) {
    reportType(ctx, slot, EXPECTED_SERVING.profile);
    return undefined;
  }
  if (peekField(ctx, slot, 'measured') !== undefined) return readMeasuredProfile(ctx, slot);
  const f = fieldsOf(ctx, slot, PROFILE_FIELDS, EXPECTED_SERVING.profile);
  if (f === undefined) return undefined;
  const fixed = optionalDuration(ctx, f.get('fixed'));
  const prefill = readCost(ctx, f, 'prefill_token', 'prefill');
  const decode = readCost(ctx, f, 'decode_sequence', 'decode');
  const perKvToken = optionalDuration(ctx, f.get('kv_token'));
  const kvSlot = f.require('kv_bytes_per_token', EXPECTED_SERVING.bytes);
  const kvBytesPerToken = kvSlot === undefined ? undefined : readBytes(ctx, kvSlot);
  if (fixed === undefined || prefill === undefined || decode === undefined || perKvToken === undefined || kvBytesPerToken === undefined) return undefined;
  // With neither, a decode iteration would take no time and a batch would never advance the clock.
  if (fixed === 0 && valueAt(decode, 1) <= 0) {
    report(ctx, slot.at, slot.path, servingMsg.noIterationTime());
    return undefined;
  }
  return { profile: { fixed, prefill, decode, perKvToken, kvBytesPerToken }, defaultKvBytes: undefined };
}

export function readBytes(ctx: LoadContext, slot: Slot): number | undefined {
  const result = parseBytes(plainValue(slot));
  if (result.ok) return result.value;
  report(ctx, slot.at, slot.path, result.message);
  return undefined;
}

/** The curve's value at x, interpolated or extended linearly as the engine does. */
function valueAt(c: Curve, at: number): number {
  let i = 1;
  while (i < c.x.length - 1 && c.x[i]! < at) i++;
  const x0 = c.x[i - 1]!, x1 = c.x[i]!, y0 = c.y[i - 1]!, y1 = c.y[i]!;
  return y0 + ((y1 - y0) * (at - x0)) / (x1 - x0);
}

function optionalDuration(ctx: LoadContext, slot: Slot | undefined): number | undefined {
  return slot === undefined ? 0 : readDuration(ctx, slot);
}

/** A cost given per unit (`prefill_token: 60us`) or as a table (`prefill: [[0, 0], ...]`); none costs 0. */
function readCost(ctx: LoadContext, f: Fields, perUnit: string, table: string): Curve | undefined {
  const unitSlot = f.get(perUnit);
  const tableSlot = f.get(table);
  if (unitSlot !== undefined && tableSlot !== undefined) {
    report(ctx, tableSlot.at, tableSlot.path, servingMsg.bothForms(perUnit, table));
    return undefined;
  }
  if (tableSlot !== undefined) return readCurve(ctx, tableSlot);
  const slope = optionalDuration(ctx, unitSlot);
  return slope === undefined ? undefined : linearCurve(slope);
}

/** Points [x, time] from x = 0, x strictly ascending; the last segment, extended, must not fall below 0. */
function readCurve(ctx: LoadContext, slot: Slot): Curve | undefined {
  const items = itemsOf(ctx, slot, EXPECTED_SERVING.curve);
  if (items === undefined) return undefined;
  if (items.length < 2) {
    report(ctx, slot.at, slot.path, servingMsg.curveShort(items.length));
    return undefined;
  }
  const x: number[] = [];
  const y: number[] = [];
  let ok = true;
  for (const item of items) {
    const pair = itemsOf(ctx, item, EXPECTED_SERVING.point);
    if (pair === undefined || pair.length !== 2) {
      if (pair !== undefined) report(ctx, item.at, item.path, servingMsg.pointSize(pair.length));
      ok = false;
      continue;
    }
    const [xSlot, ySlot] = pair as [Slot, Slot];
    const xi = readNumber(ctx, xSlot, EXPECTED_SERVING.curveX, (n) => n >= 0);
    const yi = readDuration(ctx, ySlot);
    if (xi !== undefined && x.length === 0 && xi !== 0 && ok) report(ctx, xSlot.at, xSlot.path, servingMsg.curveStart(xi));
    else if (xi !== undefined && x.length > 0 && xi <= x[x.length - 1]!) report(ctx, xSlot.at, xSlot.path, servingMsg.curveOrder(x[x.length - 1]!, xi));
    else if (xi !== undefined && yi !== undefined) {
      x.push(xi);
      y.push(yi);
      continue;
    }
    ok = false;
  }
  if (!ok) return undefined;
  const n = y.length;
  if (y[n - 1]! < y[n - 2]!) {
    const last = items[n - 1]!;
    report(ctx, last.at, last.path, servingMsg.curveFalls(y[n - 2]!, y[n - 1]!));
    return undefined;
  }
  return { x, y };
}
