// Durations, rates and sizes as scenario files write them (250ms, 5min, 20/s, 1200/min, 40GiB),
// converted to seconds, per second and bytes. Every failure becomes a Message.

import { lookupUnit } from './expr.js';
import { EXPECTED, HINT, describeDimension, describeValue, msg } from './messages.js';
import type { Message } from './messages.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';

export type Quantity =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: Message };

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
/** `2s`, `1 day`, `5` */
const AMOUNT = new RegExp(String.raw`^\s*(${NUMBER})\s*([A-Za-z]+)?\s*$`);
/** `20/s`, `1200 / min` */
const PER_UNIT = new RegExp(String.raw`^\s*(${NUMBER})\s*/\s*([A-Za-z]+)\s*$`);

/**
 * Whether a string is meant as a quantity rather than an expression of t. `3t` is the one
 * collision (t is also mathjs's tonne), and reads as the expression.
 */
export function isQuantityText(text: string): boolean {
  const amount = AMOUNT.exec(text);
  if (amount !== null) return amount[2] !== 't';
  return PER_UNIT.test(text);
}

/** A duration in seconds, at least 0. */
export function parseDuration(raw: unknown): Quantity {
  const expected = EXPECTED.duration;
  if (typeof raw === 'number') return checked(raw, 1, expected, describeValue(raw), true);
  if (typeof raw !== 'string') return fail(msg.wrongType(expected, describeValue(raw)));
  const per = PER_UNIT.exec(raw);
  if (per !== null) return fail(msg.wrongDimension(expected, raw, `/${per[2]!}`, 'a rate', ''));
  const amount = AMOUNT.exec(raw);
  if (amount === null) return fail(msg.quantitySyntax(expected, describeValue(raw)));
  const value = Number(amount[1]);
  const name = amount[2];
  if (name === undefined) return checked(value, 1, expected, describeValue(raw), true);
  const info = lookupUnit(name);
  if (info === undefined) return fail(msg.unknownUnit(expected, name, raw));
  if (info.base !== 'TIME') {
    const hint = name === 'm' ? HINT.metres : '';
    return fail(msg.wrongDimension(expected, raw, name, describeDimension(info.base), hint));
  }
  return checked(value, info.si, expected, describeValue(raw), true);
}

/** A rate per second, greater than 0 (a zero rate would mean no arrivals at all). */
export function parseRate(raw: unknown): Quantity {
  const expected = EXPECTED.rate;
  if (typeof raw === 'number') return checked(raw, 1, expected, describeValue(raw), false);
  if (typeof raw !== 'string') return fail(msg.wrongType(expected, describeValue(raw)));
  const per = PER_UNIT.exec(raw);
  if (per !== null) {
    const name = per[2]!;
    const info = lookupUnit(name);
    if (info === undefined) return fail(msg.unknownUnit(expected, name, raw));
    if (info.base !== 'TIME') {
      const hint = name === 'm' ? HINT.metres : '';
      return fail(msg.wrongDimension(expected, raw, name, describeDimension(info.base), hint));
    }
    return checked(Number(per[1]), 1 / info.si, expected, describeValue(raw), false);
  }
  const amount = AMOUNT.exec(raw);
  if (amount === null) return fail(msg.quantitySyntax(expected, describeValue(raw)));
  const value = Number(amount[1]);
  const name = amount[2];
  if (name === undefined) return checked(value, 1, expected, describeValue(raw), false);
  const info = lookupUnit(name);
  if (info === undefined) return fail(msg.unknownUnit(expected, name, raw));
  if (info.base === 'FREQUENCY') return checked(value, info.si, expected, describeValue(raw), false);
  const hint = info.base === 'TIME' ? HINT.perTime(amount[1]!, name) : '';
  return fail(msg.wrongDimension(expected, raw, name, describeDimension(info.base), hint));
}

/** Decimal (kB = 1000 B) and binary (KiB = 1024 B) multiples; written with this exact case. */
export const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
};

/** A size in bytes, greater than 0: a plain number of bytes, or a number and a unit (320KiB, 1.5MB). */
export function parseBytes(raw: unknown): Quantity {
  const expected = EXPECTED_SERVING.bytes;
  if (typeof raw === 'number') return checked(raw, 1, expected, describeValue(raw), false);
  if (typeof raw !== 'string') return fail(msg.wrongType(expected, describeValue(raw)));
  const amount = AMOUNT.exec(raw);
  if (amount === null) return fail(msg.quantitySyntax(expected, describeValue(raw)));
  const name = amount[2];
  const scale = name === undefined ? 1 : BYTE_UNITS[name];
  if (scale === undefined) return fail(servingMsg.unknownByteUnit(raw, name!, Object.keys(BYTE_UNITS)));
  return checked(Number(amount[1]), scale, expected, describeValue(raw), false);
}

function checked(value: number, scale: number, expected: string, found: string, allowZero: boolean): Quantity {
  const converted = value * scale;
  if (!Number.isFinite(converted)) return fail(msg.notFinite(expected, found));
  if (converted < 0) return fail(msg.negative(expected, found));
  if (!allowZero && converted === 0) return fail(msg.notPositive(expected, found));
  return { ok: true, value: converted };
}

function fail(message: Message): Quantity {
  return { ok: false, message };
}
