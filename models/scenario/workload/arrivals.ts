// Arrival processes of a workload class -> ArrivalSpec: Poisson (constant, or time-varying from an
// expression of t checked over the horizon), deterministic, gamma/lognormal/Weibull renewals, replay
// of a trace file, or closed-loop sessions (sessions.ts).

import type { ArrivalSpec } from '../../../sim/network/spec.js';
import { Fields, entriesOf, fieldsOf, plainValue, readDuration, readEnum, readNumber, readRate, report } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, describeValue, msg } from '../core/messages.js';
import { readRateExpression } from './rate-expression.js';
import { readSessions } from './sessions.js';
import { readTraceFile } from './trace-arrivals.js';
import { isQuantityText } from '../core/units.js';
import { ARRIVALS, WEIBULL_CV_RANGE } from '../format/workload.js';
import { fieldsByForm } from '../format/read.js';
import type { FormTag } from '../format/read.js';

type ProcessName = FormTag<typeof ARRIVALS, 'process'>;

export const PROCESS_FIELDS = fieldsByForm<ProcessName>(ARRIVALS);
const PROCESSES = Object.keys(PROCESS_FIELDS) as ProcessName[];
const MAX_RATE_MARGIN = 1.05;

/** `horizon` is undefined when it was itself invalid; a rate expression is then only compiled. */
export function readArrivals(ctx: LoadContext, slot: Slot, horizon: number | undefined): ArrivalSpec | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.arrivals);
  if (entries === undefined) return undefined;
  const processEntry = entries.find((entry) => entry.key === 'process');
  if (processEntry === undefined) {
    report(ctx, slot.at, `${slot.path}.process`, msg.missingField('process', PROCESSES.join(', ')));
    return undefined;
  }
  const process = readEnum(ctx, processEntry.slot, PROCESSES);
  if (process === undefined) return undefined;
  const f = new Fields(ctx, slot, entries, PROCESS_FIELDS[process]);
  switch (process) {
    case 'poisson': return readPoisson(ctx, f, horizon);
    case 'deterministic': return readDeterministic(ctx, f);
    case 'gamma': case 'lognormal': return readRenewal(ctx, f, process, EXPECTED.positiveNumber, (n) => n > 0 && Number.isFinite(n));
    case 'weibull': return readRenewal(ctx, f, process, EXPECTED.weibullCv, inWeibullRange);
    case 'trace': {
      const read = readTraceFile(ctx, f, undefined);
      const resampleSlot = f.get('resample');
      const block = resampleSlot === undefined ? undefined : readResampleBlock(ctx, resampleSlot);
      if (read === undefined || (resampleSlot !== undefined && block === undefined)) return undefined;
      return { process: 'trace', trace: read.trace, ...(block === undefined ? {} : { resample: { block } }) };
    }
    case 'sessions': return readSessions(ctx, f, horizon, readArrivals);
  }
}

/** `resample: { block: 10min }`: the block length of the trace's bootstrap, seconds (> 0). */
function readResampleBlock(ctx: LoadContext, slot: Slot): number | undefined {
  const f = fieldsOf(ctx, slot, ['block'], 'a map { block: duration }');
  const blockSlot = f?.require('block', EXPECTED.positiveDuration);
  if (blockSlot === undefined) return undefined;
  const block = readDuration(ctx, blockSlot);
  if (block === 0) report(ctx, blockSlot.at, blockSlot.path, msg.notPositive(EXPECTED.positiveDuration, describeValue(plainValue(blockSlot))));
  return block === undefined || block === 0 ? undefined : block;
}

function readPoisson(ctx: LoadContext, f: Fields, horizon: number | undefined): ArrivalSpec | undefined {
  const rateSlot = f.require('rate', EXPECTED.rateOrExpression);
  const maxSlot = f.get('rate_max');
  if (rateSlot === undefined) return undefined;
  const raw = plainValue(rateSlot);
  if (typeof raw !== 'string' || isQuantityText(raw)) {
    const rate = readRate(ctx, rateSlot);
    if (maxSlot !== undefined) report(ctx, maxSlot.at, maxSlot.path, msg.rateMaxWithoutExpression());
    return rate === undefined ? undefined : { process: 'poisson', rate };
  }
  const rateMax = maxSlot === undefined ? undefined : readRate(ctx, maxSlot);
  // A broken rate_max is reported alone: the expression is then only compiled.
  const end = maxSlot !== undefined && rateMax === undefined ? undefined : horizon;
  const checked = readRateExpression(ctx, rateSlot, raw, end, true);
  if (checked === undefined) return undefined;
  if (rateMax !== undefined && maxSlot !== undefined && rateMax < checked.max) {
    report(ctx, maxSlot.at, maxSlot.path, msg.rateMaxTooLow(rateMax, checked.max));
    return undefined;
  }
  return { process: 'varying', maxRate: rateMax ?? checked.max * MAX_RATE_MARGIN, meanRate: checked.mean, expression: raw };
}

/** A renewal process: gaps of mean 1 / rate and coefficient of variation cv (1 is Poisson) from the named law. */
function readRenewal(ctx: LoadContext, f: Fields, process: 'gamma' | 'lognormal' | 'weibull', expected: string, valid: (n: number) => boolean): ArrivalSpec | undefined {
  const rateSlot = f.require('rate', EXPECTED.rate);
  const cvSlot = f.require('cv', expected);
  const rate = rateSlot === undefined ? undefined : readRate(ctx, rateSlot);
  const cv = cvSlot === undefined ? undefined : readNumber(ctx, cvSlot, expected, valid);
  return rate === undefined || cv === undefined ? undefined : { process, rate, cv };
}

const inWeibullRange = (n: number): boolean => n >= WEIBULL_CV_RANGE[0] && n <= WEIBULL_CV_RANGE[1];

function readDeterministic(ctx: LoadContext, f: Fields): ArrivalSpec | undefined {
  const rateSlot = f.get('rate');
  const intervalSlot = f.get('interval');
  if (rateSlot !== undefined && intervalSlot !== undefined) {
    report(ctx, intervalSlot.at, intervalSlot.path, msg.rateAndInterval());
    return undefined;
  }
  if (intervalSlot !== undefined) {
    const interval = readDuration(ctx, intervalSlot);
    if (interval === 0) report(ctx, intervalSlot.at, intervalSlot.path, msg.notPositive(EXPECTED.positiveDuration, describeValue(plainValue(intervalSlot))));
    return interval === undefined || interval === 0 ? undefined : { process: 'deterministic', rate: 1 / interval };
  }
  const slot = f.require('rate', EXPECTED.rateOrInterval);
  const rate = slot === undefined ? undefined : readRate(ctx, slot);
  return rate === undefined ? undefined : { process: 'deterministic', rate };
}
