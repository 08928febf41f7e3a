// Conditions of a switch rule: `<attribute> <op> <number>` on a request attribute, read with a
// small pattern rather than the expression sandbox, since only one comparison is meaningful here.

import type { Condition } from '../../../sim/network/spec.js';
import { plainValue, report, reportType } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const PATTERN = new RegExp(String.raw`^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*(<=|>=|==|!=|<|>)\s*(${NUMBER})\s*$`);

/** `resolve` maps the attribute name to its id, reporting an unknown one. */
export function readCondition(
  ctx: LoadContext, slot: Slot, resolve: (at: Slot, name: string) => number | undefined,
): Condition | undefined {
  const text = plainValue(slot);
  if (typeof text !== 'string') {
    reportType(ctx, slot, EXPECTED_SERVING.condition);
    return undefined;
  }
  const match = PATTERN.exec(text);
  const value = match === null ? NaN : Number(match[3]);
  if (match === null || !Number.isFinite(value)) {
    report(ctx, slot.at, slot.path, servingMsg.conditionSyntax(text));
    return undefined;
  }
  const attribute = resolve(slot, match[1]!);
  return attribute === undefined ? undefined : { attribute, op: match[2] as Condition['op'], value };
}
