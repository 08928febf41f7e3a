// Arrival processes of a workload class -> ArrivalSpec: Poisson (constant, or time-varying from an
// expression of t checked over the horizon), deterministic, or replay of a trace file.

import type { ArrivalSpec } from '../../sim/network/spec.js';
import { TraceFormatError, parseTrace } from '../trace/index.js';
import type { TraceOptions } from '../trace/index.js';
import { Fields, entriesOf, fieldsOf, plainValue, readDuration, readEnum, readNamedFile, readNumber, readRate, readString, report } from './fields.js';
import type { LoadContext, Slot } from './fields.js';
import { compileExpression } from './expr.js';
import { EXPECTED, describeValue, msg } from './messages.js';
import { isQuantityText } from './units.js';

type ProcessName = 'poisson' | 'deterministic' | 'trace';

export const PROCESS_FIELDS: Readonly<Record<ProcessName, readonly string[]>> = {
  poisson: ['process', 'rate', 'rate_max'],
  deterministic: ['process', 'rate', 'interval'],
  trace: ['process', 'file', 'format', 'time', 'attributes', 'speedup', 'prefix'],
};
const PROCESSES = Object.keys(PROCESS_FIELDS) as ProcessName[];
/** Grid over [0, horizon] on which a rate expression is checked and its max and mean are taken. */
const GRID_POINTS = 10_001;
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
    case 'trace': return readTraceArrivals(ctx, f);
  }
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
  const compiled = compileExpression(raw);
  const rateMax = maxSlot === undefined ? undefined : readRate(ctx, maxSlot);
  if (!compiled.ok) {
    report(ctx, rateSlot.at, rateSlot.path, compiled.message);
    return undefined;
  }
  if (horizon === undefined || (maxSlot !== undefined && rateMax === undefined)) return undefined;
  const { evaluate } = compiled.expression;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    const t = (horizon * i) / (GRID_POINTS - 1);
    const value = evaluate(t);
    if (!Number.isFinite(value) || value < 0) {
      report(ctx, rateSlot.at, rateSlot.path, msg.badRateValue(raw, value, t));
      return undefined;
    }
    max = Math.max(max, value);
    sum += value;
  }
  if (max === 0) {
    report(ctx, rateSlot.at, rateSlot.path, msg.zeroRate(raw));
    return undefined;
  }
  if (rateMax !== undefined && maxSlot !== undefined && rateMax < max) {
    report(ctx, maxSlot.at, maxSlot.path, msg.rateMaxTooLow(rateMax, max));
    return undefined;
  }
  return { process: 'varying', rate: evaluate, maxRate: rateMax ?? max * MAX_RATE_MARGIN, meanRate: sum / GRID_POINTS, expression: raw };
}

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

function readTraceArrivals(ctx: LoadContext, f: Fields): ArrivalSpec | undefined {
  const fileSlot = f.require('file', EXPECTED.traceFile);
  const file = fileSlot === undefined ? undefined : readString(ctx, fileSlot, EXPECTED.filePath);
  const formatSlot = f.get('format');
  let format = formatSlot === undefined ? undefined : readEnum(ctx, formatSlot, ['csv', 'jsonl'] as const);
  if (formatSlot === undefined && file !== undefined && fileSlot !== undefined) {
    format = formatFromExtension(file);
    if (format === undefined) report(ctx, fileSlot.at, fileSlot.path, msg.formatFromExtension(file));
  }
  const time = readTimeSpec(ctx, f.get('time'));
  const columns = readAttributeColumns(ctx, f.get('attributes'));
  const speedupSlot = f.get('speedup');
  const speedup = speedupSlot === undefined ? 1 : readNumber(ctx, speedupSlot, EXPECTED.positiveNumber, (n) => n > 0);
  const prefixSlot = f.get('prefix');
  const prefix = prefixSlot === undefined ? undefined : readString(ctx, prefixSlot, EXPECTED.column);
  if (
    file === undefined || fileSlot === undefined || format === undefined || time === undefined || columns === undefined
    || speedup === undefined || (prefixSlot !== undefined && prefix === undefined)
  ) return undefined;
  const text = readNamedFile(ctx, fileSlot, file);
  if (text === undefined) return undefined;
  const options: TraceOptions = {
    format, timeColumn: time.column, timeUnit: time.unit, attributes: columns.attributes, speedup, ...(prefix === undefined ? {} : { prefix }),
  };
  try {
    const parsed = parseTrace(text, options);
    if (parsed.times.length === 0) {
      report(ctx, fileSlot.at, fileSlot.path, msg.emptyTrace(file));
      return undefined;
    }
    return { process: 'trace', trace: { source: file, times: parsed.times, attributes: parsed.attributes, prefixBlocks: parsed.prefixBlocks } };
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    // A column the file lacks is reported where the scenario named it.
    const named = error.missingColumn === undefined ? undefined
      : error.missingColumn === prefix ? prefixSlot
      : columns.at.get(error.missingColumn) ?? (error.missingColumn === time.column ? time.at : undefined);
    const at = named ?? fileSlot;
    report(ctx, at.at, at.path, msg.traceError(file, error.row, error.expected, error.found));
    return undefined;
  }
}

function formatFromExtension(file: string): 'csv' | 'jsonl' | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

interface TimeSpec {
  readonly column: string;
  readonly unit: TraceOptions['timeUnit'];
  /** Where the column was named; undefined for the default. */
  readonly at: Slot | undefined;
}

function readTimeSpec(ctx: LoadContext, slot: Slot | undefined): TimeSpec | undefined {
  if (slot === undefined) return { column: 'timestamp', unit: 's', at: undefined };
  const f = fieldsOf(ctx, slot, ['column', 'unit'], EXPECTED.timeSpec);
  if (f === undefined) return undefined;
  const columnSlot = f.get('column');
  const unitSlot = f.get('unit');
  const column = columnSlot === undefined ? 'timestamp' : readString(ctx, columnSlot, EXPECTED.column);
  const unit = unitSlot === undefined ? 's' : readEnum(ctx, unitSlot, ['s', 'ms', 'iso'] as const);
  return column === undefined || unit === undefined ? undefined : { column, unit, at: columnSlot };
}

/** Attribute name -> column, and where each column was first named. */
function readAttributeColumns(ctx: LoadContext, slot: Slot | undefined): { attributes: Record<string, string>; at: Map<string, Slot> } | undefined {
  const at = new Map<string, Slot>();
  if (slot === undefined) return { attributes: {}, at };
  const entries = entriesOf(ctx, slot, EXPECTED.attributeMap);
  if (entries === undefined) return undefined;
  const attributes: Record<string, string> = {};
  let ok = true;
  for (const entry of entries) {
    const column = readString(ctx, entry.slot, EXPECTED.column);
    if (column === undefined) ok = false;
    else {
      attributes[entry.key] = column;
      if (!at.has(column)) at.set(column, entry.slot);
    }
  }
  return ok ? { attributes, at } : undefined;
}
