// Request traces and sample files: turns the TEXT of a CSV or JSONL trace into arrival times
// (seconds from the first arrival, sorted), numeric per-request attributes and optionally one list
// column of prefix block ids. Pure: the CLI reads files.

import { BlockRows, CheckedIdLists } from './blocks.js';
import type { PrefixBlocks } from './blocks.js';
import { CsvReader } from './csv.js';
import { TraceFormatError, describeJson, nameList, quote } from './errors.js';
import { grown } from './growth.js';
import { Lines } from './lines.js';
import { parseDecimal, parseDecimalIn } from './numbers.js';
import { SessionColumn } from './sessions.js';
import { IsoColumn } from './timestamps.js';

export { TraceFormatError } from './errors.js';

export interface TraceOptions {
  format: 'csv' | 'jsonl';
  timeColumn: string;
  timeUnit: 's' | 'ms' | 'iso';
  /** Attribute name -> column (CSV header or JSON key). */
  attributes: Readonly<Record<string, string>>;
  /** > 0; times are divided by it. */
  speedup: number;
  /** A column holding a list of prefix block ids per request (Mooncake's hash_ids); none when absent. */
  prefix?: string;
  /** A column of session ids (integers or text); rows of one session are its turns. None when absent. */
  session?: string;
}

export interface ParsedTrace {
  times: Float64Array;
  attributes: Record<string, Float64Array>;
  /** The `prefix` column's lists in arrival order, as compressed rows; undefined without `prefix`. */
  prefixBlocks: PrefixBlocks | undefined;
  /** With `session`: each arrival's session, numbered from 0 in order of first appearance in the file. */
  sessions?: Int32Array;
}

type Where = 'row' | 'line';

const NO_REQUESTS = 'at least one request';
const ISO_EXPECTED = 'an ISO date-time (YYYY-MM-DD HH:MM:SS[.fraction][Z or ±HH:MM])';

/**
 * Arrival times in seconds from the first arrival (so the first is 0), sorted ascending (stable:
 * rows with equal times keep file order; attributes permuted with them), and one Float64Array per attribute.
 */
export function parseTrace(text: string, options: TraceOptions): ParsedTrace {
  checkOptions(options);
  const names = Object.keys(options.attributes);
  const columns = names.map((name) => options.attributes[name]!);
  const raw = options.format === 'csv'
    ? readCsvTrace(text, options, columns)
    : readJsonlTrace(text, options, columns);
  return arrange(raw, names, (options.timeUnit === 'ms' ? 1000 : 1) * options.speedup);
}

export type { PrefixBlocks } from './blocks.js';
export { parseSamples } from './samples.js';

/** Times in the file's unit (iso: seconds after the first row's whole second) and attribute columns, in file order. */
interface RawTrace {
  readonly times: Float64Array;
  readonly values: readonly Float64Array[];
  readonly blocks: BlockRows | CheckedIdLists | undefined;
  readonly sessions?: SessionColumn | undefined;
}

function checkOptions(options: TraceOptions): void {
  const { format, timeUnit, speedup } = options;
  // The type already says so, but options often arrive from YAML through a cast.
  if (format !== 'csv' && format !== 'jsonl') {
    throw new TraceFormatError(0, "trace format 'csv' or 'jsonl'", quote(String(format)));
  }
  if (timeUnit !== 's' && timeUnit !== 'ms' && timeUnit !== 'iso') {
    throw new TraceFormatError(0, "time unit 's', 'ms' or 'iso'", quote(String(timeUnit)));
  }
  if (typeof speedup !== 'number' || !Number.isFinite(speedup) || speedup <= 0) {
    throw new TraceFormatError(0, 'a speedup that is a finite number greater than 0', String(speedup));
  }
}

/** Converts time fields of one trace; iso times are kept relative to the first row to keep their precision. */
class TimeReader {
  private readonly iso: IsoColumn | undefined;
  private readonly where: Where;
  private readonly numberExpected: string;

  constructor(unit: TraceOptions['timeUnit'], column: string, where: Where) {
    this.iso = unit === 'iso' ? new IsoColumn() : undefined;
    this.where = where;
    this.numberExpected = `a number of ${unit === 'ms' ? 'milliseconds' : 'seconds'} for time ${where === 'row' ? 'column' : 'key'} '${column}'`;
  }

  /** The time written in text[start, end). */
  fromText(text: string, start: number, end: number, row: number): number {
    if (this.iso !== undefined) {
      const time = this.iso.read(text, start, end);
      if (Number.isNaN(time)) throw new TraceFormatError(row, ISO_EXPECTED, quote(text.slice(start, end)), this.where);
      return time;
    }
    const value = parseDecimalIn(text, start, end);
    if (Number.isNaN(value)) throw new TraceFormatError(row, this.numberExpected, quote(text.slice(start, end)), this.where);
    return value;
  }

  fromJson(value: unknown, row: number): number {
    if (typeof value === 'string') return this.fromText(value, 0, value.length, row);
    if (this.iso === undefined && typeof value === 'number' && Number.isFinite(value)) return value;
    throw new TraceFormatError(row, this.iso !== undefined ? ISO_EXPECTED : this.numberExpected, describeJson(value), this.where);
  }
}

/** The times and attribute columns of a trace, appended to row by row (a file's row count is not known before it is read). */
class Columns {
  times = new Float64Array(1024);
  readonly values: Float64Array[];
  count = 0;

  constructor(attributes: number) {
    this.values = Array.from({ length: attributes }, () => new Float64Array(1024));
  }

  /** Makes room for more rows. */
  grow(): void {
    this.times = grown(this.times, this.count + 1);
    for (let a = 0; a < this.values.length; a++) this.values[a] = grown(this.values[a]!, this.count + 1);
  }

  /** The columns cut to their rows. */
  finish(blocks: BlockRows | CheckedIdLists | undefined, sessions: SessionColumn | undefined): RawTrace {
    const n = this.count;
    return { times: this.times.slice(0, n), values: this.values.map((column) => column.slice(0, n)), blocks, sessions };
  }
}

function readCsvTrace(text: string, options: TraceOptions, columns: readonly string[]): RawTrace {
  const csv = new CsvReader(text);
  if (csv.header.length === 0) throw new TraceFormatError(0, NO_REQUESTS, 'an empty file');
  const plain = readPlainCsvRows(text, csv, options, columns);
  if (plain !== undefined) return plain;
  try {
    return readCsvRows(csv, options, columns);
  } catch (error) {
    // A broken record anywhere in the file is reported before a missing column or a bad value.
    if (error !== csv.failure) csv.checkRest();
    throw error;
  }
}

function readCsvRows(csv: CsvReader, options: TraceOptions, columns: readonly string[]): RawTrace {
  const column = (name: string): number => {
    const index = csv.header.indexOf(name);
    if (index < 0) throw new TraceFormatError(0, `a column named '${name}'`, nameList('columns', csv.header), 'row', name);
    return index;
  };
  const timeIndex = column(options.timeColumn);
  const indexes = columns.map(column);
  const prefixIndex = options.prefix === undefined ? -1 : column(options.prefix);
  const blocks = options.prefix === undefined ? undefined : new BlockRows(options.prefix, 'row');
  const sessionIndex = options.session === undefined ? -1 : column(options.session);
  const sessions = options.session === undefined ? undefined : new SessionColumn(options.session, 'row');

  const time = new TimeReader(options.timeUnit, options.timeColumn, 'row');
  const out = new Columns(columns.length);
  while (csv.next()) {
    const { row, sources, bounds } = csv;
    const r = out.count;
    if (r === out.times.length) out.grow();
    out.times[r] = time.fromText(sources[timeIndex]!, bounds[2 * timeIndex]!, bounds[2 * timeIndex + 1]!, row);
    for (let a = 0; a < indexes.length; a++) out.values[a]![r] = csvAttribute(csv, indexes[a]!, columns[a]!);
    if (blocks !== undefined) blocks.addText(csv.value(prefixIndex), row);
    if (sessions !== undefined) sessions.addText(csv.value(sessionIndex), row);
    out.count++;
  }
  if (out.count === 0) throw new TraceFormatError(0, NO_REQUESTS, 'only a header row');
  return out.finish(blocks, sessions);
}

/** A decimal as parseDecimal reads it, spaces around allowed: what the row pattern lets through, Number() reads the same. */
const DECIMAL_FIELD = '([ \\t]*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?[ \\t]*)';
/** A date-time in IsoColumn's plain form, as four groups: itself, its minute, its seconds and its fraction. */
const ISO_FIELD = '((\\d{4}-\\d\\d-\\d\\d[Tt ]\\d\\d:\\d\\d:)([0-5]\\d)(\\.\\d+)?[Zz]?)';
const TEXT_FIELD = '([^,\\r\\n]*)';
const SKIPPED_FIELD = '[^,\\r\\n]*';

/**
 * The rows of a CSV trace without quotes whose every row has the header's width, plain numbers where
 * numbers are read and plain date-times, each row matched by one regular expression; undefined for
 * any other file or on any doubt, for readCsvRows to read it (and word its errors). A regular
 * expression and Number() run in native code from the first row, where the general reader, like
 * any JavaScript in a fresh process, is interpreted for its first thousands of rows.
 */
export function readPlainCsvRows(text: string, csv: CsvReader, options: TraceOptions, columns: readonly string[]): RawTrace | undefined {
  if (text.includes('"')) return undefined;
  const { header } = csv;
  const timeIndex = header.indexOf(options.timeColumn);
  const indexes = columns.map((column) => header.indexOf(column));
  const prefixIndex = options.prefix === undefined ? -2 : header.indexOf(options.prefix);
  const sessionIndex = options.session === undefined ? -2 : header.indexOf(options.session);
  if (timeIndex < 0 || indexes.includes(-1) || prefixIndex === -1 || sessionIndex === -1 || indexes.includes(timeIndex)) return undefined;
  const iso = options.timeUnit === 'iso';
  /** The first capture group of each field read; 0 for the others. */
  const group = new Int32Array(header.length);
  let groups = 0;
  const fields = header.map((_, j) => {
    const pattern = j === timeIndex ? (iso ? ISO_FIELD : DECIMAL_FIELD)
      : indexes.includes(j) ? DECIMAL_FIELD
      : j === prefixIndex || j === sessionIndex ? TEXT_FIELD : SKIPPED_FIELD;
    if (pattern === SKIPPED_FIELD) return pattern;
    group[j] = groups + 1;
    groups += pattern === ISO_FIELD ? 4 : 1;
    return pattern;
  });
  const pattern = new RegExp(`${fields.join(',')}\\r?(?:\\n|$)`, 'y');
  pattern.lastIndex = csv.position;
  // Blank lines at the end are common and skipped, as by the general reader.
  let end = text.length;
  while (end > pattern.lastIndex && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  const plan: RowPlan = {
    pattern, end, iso: iso ? new IsoColumn() : undefined, time: group[timeIndex]!, attributes: Int32Array.from(indexes, (j) => group[j]!),
    blocks: options.prefix === undefined ? undefined : new BlockRows(options.prefix, 'row'), blockGroup: prefixIndex < 0 ? 0 : group[prefixIndex]!,
    sessions: options.session === undefined ? undefined : new SessionColumn(options.session, 'row'), sessionGroup: sessionIndex < 0 ? 0 : group[sessionIndex]!,
  };
  const out = new Columns(columns.length);
  try {
    for (let stop = matchRows(text, plan, out); stop !== 'done'; stop = matchRows(text, plan, out)) {
      if (stop === 'not plain' || !startMinute(text, plan)) return undefined;
    }
  } catch (error) {
    if (error instanceof TraceFormatError) return undefined;
    throw error;
  }
  return out.count === 0 ? undefined : out.finish(plan.blocks, plan.sessions);
}

/** Reads in full the stamp of the row at the pattern's lastIndex, whose minute is new, and leaves lastIndex there. */
function startMinute(text: string, plan: RowPlan): boolean {
  const { pattern, iso, time } = plan;
  const at = pattern.lastIndex;
  const match = pattern.exec(text)!;
  pattern.lastIndex = at;
  return iso!.startMinute(match[time]!, match[time + 1]!, match[time + 2]!);
}

/** Where matchRows finds each value in a row's match, and where it puts the lists. */
interface RowPlan {
  /** Sticky: one row from its lastIndex. */
  readonly pattern: RegExp;
  /** Where the rows end. */
  readonly end: number;
  /** For ISO stamps (four groups from `time`); undefined when times are numbers (one group). */
  readonly iso: IsoColumn | undefined;
  readonly time: number;
  /** The group of each attribute, in the order of the columns asked for. */
  readonly attributes: Int32Array;
  readonly blocks: BlockRows | undefined;
  readonly blockGroup: number;
  readonly sessions: SessionColumn | undefined;
  readonly sessionGroup: number;
}

/**
 * readPlainCsvRows's loop, in a function of its own (as are the JSONL reader's and arrange's): V8
 * optimizes a long loop while it runs, and code after it that has not run yet would make that code
 * bail out and the whole function be compiled again, at several milliseconds each time. It stops,
 * with lastIndex at the row, at a stamp whose minute is new (about one row in a thousand), for
 * startMinute to read that stamp in full: inlined here, the full parse tripled the size of this
 * loop's optimized code, which V8 compiles twice per trace (for the running loop, and for the next call).
 */
function matchRows(text: string, plan: RowPlan, out: Columns): 'done' | 'not plain' | 'new minute' {
  const { pattern, end, iso, time, attributes, blocks, blockGroup, sessions, sessionGroup } = plan;
  while (pattern.lastIndex < end) {
    const at = pattern.lastIndex;
    const match = pattern.exec(text);
    if (match === null) return 'not plain';
    const r = out.count;
    if (r === out.times.length) out.grow();
    let t: number;
    if (iso !== undefined) {
      const start = iso.minuteStart(match[time + 1]!);
      if (start === undefined) {
        pattern.lastIndex = at;
        return 'new minute';
      }
      const fraction = match[time + 3];
      t = (start + Number(match[time + 2])) + (fraction === undefined ? 0 : Number(fraction));
    } else {
      t = Number(match[time]);
    }
    if (!Number.isFinite(t)) return 'not plain';
    out.times[r] = t;
    for (let a = 0; a < attributes.length; a++) {
      const value = Number(match[attributes[a]!]);
      if (!(value >= 0 && value < Infinity)) return 'not plain';
      out.values[a]![r] = value;
    }
    if (blocks !== undefined) blocks.addText(match[blockGroup]!, r + 1);
    if (sessions !== undefined) sessions.addText(match[sessionGroup]!, r + 1);
    out.count++;
  }
  return 'done';
}

/** Field j of the current record, an attribute column, as a number. */
function csvAttribute(csv: CsvReader, j: number, column: string): number {
  const value = parseDecimalIn(csv.sources[j]!, csv.bounds[2 * j]!, csv.bounds[2 * j + 1]!);
  // Attributes are counts, keys and scores (docs: numbers ≥ 0); a negative token count is a broken row.
  if (Number.isNaN(value)) throw new TraceFormatError(csv.row, `a number in column '${column}'`, quote(csv.value(j)));
  if (!(value >= 0 && value < Infinity)) throw new TraceFormatError(csv.row, `a finite number ≥ 0 in column '${column}'`, quote(csv.value(j)));
  return value;
}

function readJsonlTrace(text: string, options: TraceOptions, keys: readonly string[]): RawTrace {
  const plain = readPlainJsonlRows(text, options, keys);
  if (plain !== undefined) return plain;
  const { prefix, session } = options;
  const plan: LinePlan = {
    time: new TimeReader(options.timeUnit, options.timeColumn, 'line'), timeKey: options.timeColumn, keys, prefix, session,
    blocks: prefix === undefined ? undefined : new BlockRows(prefix, 'line'),
    sessions: session === undefined ? undefined : new SessionColumn(session, 'line'),
  };
  const out = new Columns(keys.length);
  readLines(new Lines(text), plan, out);
  if (out.count === 0) throw new TraceFormatError(0, NO_REQUESTS, text.trim() === '' ? 'an empty file' : 'only blank lines');
  return out.finish(plan.blocks, plan.sessions);
}

/** A JSON number, as JSON.parse reads it. */
const JSON_NUMBER = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
/** A value that is not read: a number, a string without escapes, true, false or null. */
const JSON_SCALAR = `(?:${JSON_NUMBER}|"[^"\\\\\\u0000-\\u001f]*"|true|false|null)`;
/** A JSON array of block ids below 10^9 (so below 2^31), as one group. */
const BLOCK_ID = '(?:0|[1-9]\\d{0,8})';
const ID_LIST = `(\\[[ \\t]*(?:${BLOCK_ID}(?:[ \\t]*,[ \\t]*${BLOCK_ID})*[ \\t]*)?\\])`;
const SPACE = '[ \\t]*';

/**
 * The lines of a JSONL trace when each is an object with the first line's keys in its order, plain
 * numbers where numbers are read, a list of small integers for the prefix (kept as text until its
 * ids are asked for: CheckedIdLists) and scalars elsewhere, each line matched by one regular
 * expression; undefined for any other file or on any doubt (sessions, ISO times, escapes, blank
 * lines), for the general reader to read it and word its errors. As with readPlainCsvRows: native
 * code from the first line, where the general reader's loops are interpreted and then compiled,
 * function by function, in every short command that reads the trace.
 */
export function readPlainJsonlRows(text: string, options: TraceOptions, keys: readonly string[]): RawTrace | undefined {
  if (options.session !== undefined || options.timeUnit === 'iso') return undefined;
  const newline = text.indexOf('\n');
  let first: unknown;
  try {
    first = JSON.parse(newline < 0 ? text : text.slice(0, newline));
  } catch {
    return undefined;
  }
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  const names = Object.keys(first);
  const read = [options.timeColumn, ...keys];
  const { prefix } = options;
  if (names.length === 0 || !read.every((key) => names.includes(key)) || (prefix !== undefined && (!names.includes(prefix) || read.includes(prefix)))) return undefined;
  if (names.some((name) => !/^[^"\\\u0000-\u001f]*$/.test(name))) return undefined;
  /** Each key read: its capture group. */
  const group = new Map<string, number>();
  const entries = names.map((name) => {
    const value = read.includes(name) ? `(${JSON_NUMBER})` : name === prefix ? ID_LIST : JSON_SCALAR;
    if (value !== JSON_SCALAR) group.set(name, group.size + 1);
    return `"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"${SPACE}:${SPACE}${value}`;
  });
  const pattern = new RegExp(`${SPACE}\\{${SPACE}${entries.join(`${SPACE},${SPACE}`)}${SPACE}\\}${SPACE}\\r?(?:\\n|$)`, 'y');
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  const plan: LinePattern = {
    pattern, end, time: group.get(options.timeColumn)!, attributes: Int32Array.from(keys, (key) => group.get(key)!),
    blocks: prefix === undefined ? undefined : new CheckedIdLists(), blockGroup: prefix === undefined ? 0 : group.get(prefix)!,
  };
  const out = new Columns(keys.length);
  if (!matchLines(text, plan, out) || out.count === 0) return undefined;
  return out.finish(plan.blocks, undefined);
}

/** Where matchLines finds each value in a line's match. */
interface LinePattern {
  /** Sticky: one line from its lastIndex. */
  readonly pattern: RegExp;
  readonly end: number;
  readonly time: number;
  readonly attributes: Int32Array;
  readonly blocks: CheckedIdLists | undefined;
  readonly blockGroup: number;
}

/** readPlainJsonlRows's loop, in a function of its own (see matchRows). */
function matchLines(text: string, plan: LinePattern, out: Columns): boolean {
  const { pattern, end, time, attributes, blocks, blockGroup } = plan;
  while (pattern.lastIndex < end) {
    const match = pattern.exec(text);
    if (match === null) return false;
    const r = out.count;
    if (r === out.times.length) out.grow();
    const t = Number(match[time]);
    if (!Number.isFinite(t)) return false;
    out.times[r] = t;
    for (let a = 0; a < attributes.length; a++) {
      const value = Number(match[attributes[a]!]);
      if (!(value >= 0 && value < Infinity)) return false;
      out.values[a]![r] = value;
    }
    if (blocks !== undefined) blocks.add(match[blockGroup]!);
    out.count++;
  }
  return true;
}

interface LinePlan {
  readonly time: TimeReader;
  readonly timeKey: string;
  readonly keys: readonly string[];
  readonly prefix: string | undefined;
  readonly session: string | undefined;
  readonly blocks: BlockRows | undefined;
  readonly sessions: SessionColumn | undefined;
}

/** readJsonlTrace's loop, in a function of its own (see matchRows). */
function readLines(lines: Lines, plan: LinePlan, out: Columns): void {
  const { time, timeKey, keys, prefix, session, blocks, sessions } = plan;
  while (lines.next()) {
    if (lines.blank()) continue;
    const lineNumber = lines.number;
    const object = jsonObject(lines.line(), lineNumber);
    const r = out.count;
    if (r === out.times.length) out.grow();
    out.times[r] = time.fromJson(valueOf(object, timeKey, lineNumber), lineNumber);
    for (let a = 0; a < keys.length; a++) out.values[a]![r] = jsonAttribute(valueOf(object, keys[a]!, lineNumber), lineNumber, keys[a]!);
    if (prefix !== undefined) blocks!.addJson(valueOf(object, prefix, lineNumber), lineNumber);
    if (session !== undefined) sessions!.addJson(valueOf(object, session, lineNumber), lineNumber);
    out.count++;
  }
}

/** One line of a JSONL trace, which must be a JSON object. */
function jsonObject(line: string, lineNumber: number): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new TraceFormatError(lineNumber, 'a JSON object', `text that is not valid JSON: ${quote(line)}`, 'line');
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new TraceFormatError(lineNumber, 'a JSON object', describeJson(record), 'line');
  }
  return record as Record<string, unknown>;
}

/** The value of `key` in a line's object; its own key only, so 'constructor' is not found on the prototype. */
function valueOf(object: Record<string, unknown>, key: string, lineNumber: number): unknown {
  if (!Object.hasOwn(object, key)) {
    throw new TraceFormatError(lineNumber, `a key named '${key}'`, nameList('keys', Object.keys(object)), 'line', key);
  }
  return object[key];
}

function jsonAttribute(value: unknown, lineNumber: number, key: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? parseDecimal(value) : NaN;
  if (!Number.isFinite(number)) {
    throw new TraceFormatError(lineNumber, `a number for key '${key}'`, describeJson(value), 'line');
  }
  if (number < 0) {
    throw new TraceFormatError(lineNumber, `a number ≥ 0 for key '${key}'`, describeJson(value), 'line');
  }
  return number;
}

/** Sorts by time (stably), shifts so the first arrival is 0, and converts to seconds at the given divisor. */
function arrange(raw: RawTrace, names: readonly string[], divisor: number): ParsedTrace {
  const { times, order } = arrivalTimes(raw.times, divisor);
  return {
    times,
    attributes: Object.fromEntries(names.map((name, a) => [name, order === undefined ? raw.values[a]! : permuted(raw.values[a]!, order)])),
    prefixBlocks: raw.blocks?.finish(order),
    ...(raw.sessions === undefined ? {} : { sessions: raw.sessions.finish(order) }),
  };
}

/**
 * Times as seconds after the first arrival, and the file positions in arrival order when the file
 * is not in that order (otherwise undefined, the usual case). One pass when it is: a loop over a
 * trace is compiled in every command that reads one (see matchRows).
 */
function arrivalTimes(t: Float64Array, divisor: number): { times: Float64Array; order: Int32Array | undefined } {
  const times = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i]! < t[i - 1]!) return sortedTimes(t, divisor);
    times[i] = (t[i]! - t[0]!) / divisor;
  }
  return { times, order: undefined };
}

function sortedTimes(t: Float64Array, divisor: number): { times: Float64Array; order: Int32Array } {
  const order = Int32Array.from({ length: t.length }, (_, k) => k);
  // The index tie-break makes stability explicit rather than a property of the engine's sort.
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  const t0 = t[order[0]!]!;
  return { times: Float64Array.from(order, (k) => (t[k]! - t0) / divisor), order };
}

function permuted(column: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) out[i] = column[order[i]!]!;
  return out;
}
