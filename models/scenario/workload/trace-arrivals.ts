// A trace file described in a scenario (file, format, time column and unit, attribute columns,
// speedup, prefix column) -> arrival times and attributes, and a session column when asked for.
// Format errors are reported at the YAML path that named the column, or at the file.

import type { TraceArrivals } from '../../../sim/network/spec.js';
import { TraceFormatError, parseTrace } from '../../trace/index.js';
import type { TraceOptions } from '../../trace/index.js';
import { entriesOf, fieldsOf, readEnum, readNamedFile, readNumber, readString, report } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { TIME_UNITS, TRACE_FILE_GROUP, TRACE_FORMATS } from '../format/workload.js';
import { groupNames } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';

/** The fields of a trace file's description (a trace process, or a session trace). */
export const TRACE_FILE_FIELDS = groupNames(TRACE_FILE_GROUP);
const TRACE = TRACE_FILE_GROUP;

/** A trace file read, with its session column when one was asked for. */
export interface TraceRead {
  readonly trace: TraceArrivals;
  readonly sessions: Int32Array | undefined;
}

/** The trace a map of TRACE_FILE_FIELDS describes; `session` names a column of session ids (a session trace). */
export function readTraceFile(ctx: LoadContext, f: Fields, session: { readonly column: string; readonly at: Slot } | undefined): TraceRead | undefined {
  const fileSlot = f.require('file', EXPECTED.traceFile);
  const file = fileSlot === undefined ? undefined : readString(ctx, fileSlot, EXPECTED.filePath);
  const formatSlot = f.get('format');
  let format = formatSlot === undefined ? undefined : readEnum(ctx, formatSlot, TRACE_FORMATS);
  if (formatSlot === undefined && file !== undefined && fileSlot !== undefined) {
    format = formatFromExtension(file);
    if (format === undefined) report(ctx, fileSlot.at, fileSlot.path, msg.formatFromExtension(file));
  }
  const time = readTimeSpec(ctx, f.get('time'));
  const columns = readAttributeColumns(ctx, f.get('attributes'));
  const speedupSlot = f.get('speedup');
  const speedup = speedupSlot === undefined ? declaredDefault(TRACE.speedup) : readNumber(ctx, speedupSlot, EXPECTED.positiveNumber, (n) => n > 0);
  const prefixSlot = f.get('prefix');
  const prefix = prefixSlot === undefined ? undefined : readString(ctx, prefixSlot, EXPECTED.column);
  const sourceSlot = f.get('source');
  const source = sourceSlot === undefined ? undefined : readString(ctx, sourceSlot, EXPECTED.text);
  if (
    file === undefined || fileSlot === undefined || format === undefined || time === undefined || columns === undefined
    || speedup === undefined || (prefixSlot !== undefined && prefix === undefined)
  ) return undefined;
  const text = readNamedFile(ctx, fileSlot, file, source);
  if (text === undefined) return undefined;
  const options: TraceOptions = {
    format, timeColumn: time.column, timeUnit: time.unit, attributes: columns.attributes, speedup, ...(prefix === undefined ? {} : { prefix }),
    ...(session === undefined ? {} : { session: session.column }),
  };
  try {
    const parsed = parseTrace(text, options);
    if (parsed.times.length === 0) {
      report(ctx, fileSlot.at, fileSlot.path, msg.emptyTrace(file));
      return undefined;
    }
    return { trace: { source: file, times: parsed.times, attributes: parsed.attributes, prefixBlocks: parsed.prefixBlocks }, sessions: parsed.sessions };
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    // A column the file lacks is reported where the scenario named it.
    const named = error.missingColumn === undefined ? undefined
      : error.missingColumn === prefix ? prefixSlot
      : error.missingColumn === session?.column ? session?.at
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
  const column = columnSlot === undefined ? declaredDefault(TRACE.time.fields.column) : readString(ctx, columnSlot, EXPECTED.column);
  const unit = unitSlot === undefined ? declaredDefault(TRACE.time.fields.unit) : readEnum(ctx, unitSlot, TIME_UNITS);
  return column === undefined || unit === undefined ? undefined : { column, unit, at: columnSlot };
}

/** Attribute name -> column, and where each column was first named. */
function readAttributeColumns(ctx: LoadContext, slot: Slot | undefined): { attributes: Record<string, string>; at: Map<string, Slot> } | undefined {
  const at = new Map<string, Slot>();
  if (slot === undefined) return { attributes: {}, at };
  const entries = entriesOf(ctx, slot, EXPECTED.attributeMap);
  if (entries === undefined) return undefined;
  // Keyed by the user's names: without a prototype, `__proto__` or `constructor` is a name like any other.
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
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
