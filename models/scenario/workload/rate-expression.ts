// A rate written as an expression of t, compiled and checked on a grid over [0, end]: finite and at
// least 0 everywhere (and above 0 somewhere for arrivals). Shared by arrivals and predictive autoscalers.

import type { CompileRate } from '../../../sim/network/arrival-process.js';
import { SimulationError } from '../../../sim/errors.js';
import { compileExpression } from '../core/expr.js';
import { report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { msg } from '../core/messages.js';
import { isQuantityText, parseRate } from '../core/units.js';

/** Points of [0, end] at which an expression is checked and its max and mean are taken. */
const GRID_POINTS = 10_001;

export interface CheckedRate {
  readonly evaluate: (t: number) => number;
  /** Largest and mean value over the grid. */
  readonly max: number;
  readonly mean: number;
}

/**
 * Undefined after a diagnostic, or when `end` is undefined (an invalid horizon, reported
 * elsewhere: the expression is then only compiled). `positive`: 0 everywhere is an error.
 */
export function readRateExpression(ctx: LoadContext, slot: Slot, raw: string, end: number | undefined, positive: boolean): CheckedRate | undefined {
  const compiled = compileExpression(raw);
  if (!compiled.ok) {
    report(ctx, slot.at, slot.path, compiled.message);
    return undefined;
  }
  if (end === undefined) return undefined;
  const { evaluate } = compiled.expression;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    const t = (end * i) / (GRID_POINTS - 1);
    const value = evaluate(t);
    if (!Number.isFinite(value) || value < 0) {
      report(ctx, slot.at, slot.path, msg.badRateValue(raw, value, t));
      return undefined;
    }
    max = Math.max(max, value);
    sum += value;
  }
  if (positive && max === 0) {
    report(ctx, slot.at, slot.path, msg.zeroRate(raw));
    return undefined;
  }
  return { evaluate, max, mean: sum / GRID_POINTS };
}

const compiled = new Map<string, (t: number) => number>();

/**
 * A rate as the loader accepted it — a constant such as `20/s`, or an expression of t — as a
 * function of t: the compiler replications are given for the spec's expressions (the spec keeps
 * their text, so it is plain data). Each text is compiled once per thread.
 */
export const compileRate: CompileRate = (text) => {
  let rate = compiled.get(text);
  if (rate !== undefined) return rate;
  if (isQuantityText(text)) {
    const q = parseRate(text);
    if (!q.ok) throw new SimulationError(`the rate '${text}' does not read as a rate: ${q.message.found}`);
    const value = q.value;
    rate = () => value;
  } else {
    const c = compileExpression(text);
    if (!c.ok) throw new SimulationError(`the rate expression '${text}' does not compile: ${c.message.found}`);
    rate = c.expression.evaluate;
  }
  compiled.set(text, rate);
  return rate;
};
