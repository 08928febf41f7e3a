// Request traces and sample files: turns the TEXT of a CSV or JSONL trace into arrival times
// (seconds from the first arrival, sorted), numeric per-request attributes and optionally one list
// column of prefix block ids. Pure: the CLI reads files.

import { BlockRows } from './blocks.js';
import type { PrefixBlocks } from './blocks.js';
import { readCsv } from './csv.js';
import { TraceFormatError, describeJson, nameList, quote } from './errors.js';
import { parseDecimal } from './numbers.js';
import { SessionColumn } from './sessions.js';
import { parseIsoDateTime } from './timestamps.js';

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

/** A file of numbers: one per line (blank lines and lines starting with # skipped), or, with `column`, that column of a CSV with a header. */
export function parseSamples(text: string, column: string | undefined): number[] {
  return column === undefined ? readLineSamples(text) : readCsvSamples(text, column);
}

/** Times in the file's unit (iso: seconds after the first row's whole second) and attribute columns, in file order. */
interface RawTrace {
  readonly times: Float64Array;
  readonly values: readonly Float64Array[];
  readonly blocks: BlockRows | undefined;
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
function timeReader(unit: TraceOptions['timeUnit'], column: string, where: Where) {
  let reference: number | undefined;
  const numberExpected = `a number of ${unit === 'ms' ? 'milliseconds' : 'seconds'} for time ${where === 'row' ? 'column' : 'key'} '${column}'`;
  const fromText = (text: string, row: number): number => {
    if (unit === 'iso') {
      const iso = parseIsoDateTime(text);
      if (iso === undefined) throw new TraceFormatError(row, ISO_EXPECTED, quote(text), where);
      reference ??= iso.seconds;
      return (iso.seconds - reference) + iso.fraction;
    }
    const value = parseDecimal(text);
    if (Number.isNaN(value)) throw new TraceFormatError(row, numberExpected, quote(text), where);
    return value;
  };
  const fromJson = (value: unknown, row: number): number => {
    if (typeof value === 'string') return fromText(value, row);
    if (unit !== 'iso' && typeof value === 'number' && Number.isFinite(value)) return value;
    throw new TraceFormatError(row, unit === 'iso' ? ISO_EXPECTED : numberExpected, describeJson(value), where);
  };
  return { fromText, fromJson };
}

function readCsvTrace(text: string, options: TraceOptions, columns: readonly string[]): RawTrace {
  const table = readCsv(text);
  if (table.header.length === 0) throw new TraceFormatError(0, NO_REQUESTS, 'an empty file');
  const column = (name: string): number => {
    const index = table.header.indexOf(name);
    if (index < 0) throw new TraceFormatError(0, `a column named '${name}'`, nameList('columns', table.header), 'row', name);
    return index;
  };
  const timeIndex = column(options.timeColumn);
  const indexes = columns.map(column);
  const prefixIndex = options.prefix === undefined ? -1 : column(options.prefix);
  const blocks = options.prefix === undefined ? undefined : new BlockRows(options.prefix, 'row');
  const sessionIndex = options.session === undefined ? -1 : column(options.session);
  const sessions = options.session === undefined ? undefined : new SessionColumn(options.session, 'row');
  const n = table.rows.length;
  if (n === 0) throw new TraceFormatError(0, NO_REQUESTS, 'only a header row');

  const time = timeReader(options.timeUnit, options.timeColumn, 'row');
  const times = new Float64Array(n);
  const values = columns.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const fields = table.rows[r]!;
    const row = table.rowNumbers[r]!;
    times[r] = time.fromText(fields[timeIndex]!, row);
    for (let a = 0; a < indexes.length; a++) {
      const field = fields[indexes[a]!]!;
      const value = parseDecimal(field);
      // Attributes are counts, keys and scores (docs: numbers ≥ 0); a negative token count is a broken row.
      if (Number.isNaN(value)) throw new TraceFormatError(row, `a number in column '${columns[a]!}'`, quote(field));
      if (!(value >= 0 && value < Infinity)) throw new TraceFormatError(row, `a finite number ≥ 0 in column '${columns[a]!}'`, quote(field));
      values[a]![r] = value;
    }
    blocks?.addText(fields[prefixIndex]!, row);
    sessions?.addText(fields[sessionIndex]!, row);
  }
  return { times, values, blocks, sessions };
}

function readJsonlTrace(text: string, options: TraceOptions, keys: readonly string[]): RawTrace {
  const time = timeReader(options.timeUnit, options.timeColumn, 'line');
  const prefix = options.prefix;
  const blocks = prefix === undefined ? undefined : new BlockRows(prefix, 'line');
  const session = options.session;
  const sessions = session === undefined ? undefined : new SessionColumn(session, 'line');
  const times: number[] = [];
  const values: number[][] = keys.map(() => []);
  forEachLine(text, (line, lineNumber) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new TraceFormatError(lineNumber, 'a JSON object', `text that is not valid JSON: ${quote(line)}`, 'line');
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new TraceFormatError(lineNumber, 'a JSON object', describeJson(record), 'line');
    }
    const object = record as Record<string, unknown>;
    const field = (key: string): unknown => {
      if (!Object.hasOwn(object, key)) {
        throw new TraceFormatError(lineNumber, `a key named '${key}'`, nameList('keys', Object.keys(object)), 'line', key);
      }
      return object[key];
    };
    times.push(time.fromJson(field(options.timeColumn), lineNumber));
    for (let a = 0; a < keys.length; a++) {
      const key = keys[a]!;
      const value = field(key);
      const number = typeof value === 'number' ? value : typeof value === 'string' ? parseDecimal(value) : NaN;
      if (!Number.isFinite(number)) {
        throw new TraceFormatError(lineNumber, `a number for key '${key}'`, describeJson(value), 'line');
      }
      if (number < 0) {
        throw new TraceFormatError(lineNumber, `a number ≥ 0 for key '${key}'`, describeJson(value), 'line');
      }
      values[a]!.push(number);
    }
    if (prefix !== undefined) blocks!.addJson(field(prefix), lineNumber);
    if (session !== undefined) sessions!.addJson(field(session), lineNumber);
  });
  if (times.length === 0) throw new TraceFormatError(0, NO_REQUESTS, text.trim() === '' ? 'an empty file' : 'only blank lines');
  return { times: Float64Array.from(times), values: values.map((column) => Float64Array.from(column)), blocks, sessions };
}

/** Sorts by time (stably), shifts so the first arrival is 0, and converts to seconds at the given divisor. */
function arrange(raw: RawTrace, names: readonly string[], divisor: number): ParsedTrace {
  const { times: t } = raw;
  const n = t.length;
  let order: number[] | undefined;
  for (let i = 1; i < n; i++) {
    if (t[i]! < t[i - 1]!) {
      order = Array.from({ length: n }, (_, k) => k);
      // The index tie-break makes stability explicit rather than a property of the engine's sort.
      order.sort((a, b) => t[a]! - t[b]! || a - b);
      break;
    }
  }
  const at = order === undefined ? (i: number) => i : (i: number) => order[i]!;
  const t0 = t[at(0)]!;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = (t[at(i)]! - t0) / divisor;
  const permuted = raw.values.map((column) => {
    if (order === undefined) return column;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = column[order[i]!]!;
    return out;
  });
  return {
    times,
    attributes: Object.fromEntries(names.map((name, a) => [name, permuted[a]!])),
    prefixBlocks: raw.blocks?.finish(at),
    ...(raw.sessions === undefined ? {} : { sessions: raw.sessions.finish(at) }),
  };
}

function readLineSamples(text: string): number[] {
  const samples: number[] = [];
  forEachLine(text, (line, lineNumber) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const value = parseDecimal(trimmed);
    if (Number.isNaN(value)) throw new TraceFormatError(lineNumber, 'a number (one per line)', quote(trimmed), 'line');
    samples.push(value);
  });
  if (samples.length === 0) {
    throw new TraceFormatError(0, 'at least one number', text.trim() === '' ? 'an empty file' : 'only blank and comment lines');
  }
  return samples;
}

function readCsvSamples(text: string, column: string): number[] {
  const table = readCsv(text);
  if (table.header.length === 0) throw new TraceFormatError(0, 'at least one number', 'an empty file');
  const index = table.header.indexOf(column);
  if (index < 0) throw new TraceFormatError(0, `a column named '${column}'`, nameList('columns', table.header));
  if (table.rows.length === 0) throw new TraceFormatError(0, 'at least one number', 'only a header row');
  return table.rows.map((fields, r) => {
    const field = fields[index]!;
    const value = parseDecimal(field);
    if (Number.isNaN(value)) throw new TraceFormatError(table.rowNumbers[r]!, `a number in column '${column}'`, quote(field));
    return value;
  });
}

/** Calls `visit` with each line (without its CR/LF) and its 1-based number; a leading BOM is dropped. */
function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  const n = text.length;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    lineNumber++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    visit(text.slice(start, stop), lineNumber);
    start = end + 1;
  }
}
