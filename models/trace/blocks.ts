// Prefix-block lists of a trace (Mooncake's hash_ids): one list of integer block ids per request,
// gathered into compressed rows (CSR) so a trace of tens of thousands of requests stays two arrays.

import { TraceFormatError, describeJson, quote } from './errors.js';
import { grown } from './growth.js';

/** ids[offsets[i] .. offsets[i+1]) are the block ids of request i. */
export interface PrefixBlocks {
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
}

const MAX_ID = 0x7fff_ffff;

/**
 * Ids are gathered in chunks, so that appending never copies: the first holds this many, each next
 * one twice as many (or a whole row, if longer), up to MAX_CHUNK. The first chunks fill within the
 * first rows, so the optimizing compiler has seen a chunk change before it compiles addJson, instead
 * of deoptimizing at the first change and compiling again.
 */
const FIRST_CHUNK = 256;
const MAX_CHUNK = 65_536;

/** Accumulates rows in file order; `finish` permutes them into arrival order. */
export class BlockRows {
  /** Row i's ids are ids[offsets[i] .. offsets[i + 1]) of all ids appended; `rows` rows and `count` ids so far. */
  private offsets = new Int32Array(1024);
  private rows = 0;
  private count = 0;
  /** The ids: the chunks filled, then `chunk`, filled to `used`. */
  private readonly filled: Int32Array[] = [];
  private chunk = new Int32Array(FIRST_CHUNK);
  private used = 0;
  private readonly column: string;
  private readonly where: 'row' | 'line';

  constructor(column: string, where: 'row' | 'line') {
    this.column = column;
    this.where = where;
  }

  /** A JSON value: an array of non-negative integers. */
  addJson(value: unknown, row: number): void {
    if (!Array.isArray(value)) throw this.error(row, describeJson(value));
    const length = value.length;
    this.reserve(length);
    const chunk = this.chunk;
    let used = this.used;
    for (let k = 0; k < length; k++) {
      const id: unknown = value[k];
      // isBlockId for a JSON value, without a call per id: `id | 0` equals id only for a number that
      // is an integer in the int32 range (a string, boolean, null, array or object never equals it).
      if (((id as number) | 0) !== id || id < 0) throw this.error(row, `an array holding ${describeJson(id)}`);
      chunk[used++] = id;
    }
    this.used = used;
    this.count += length;
    this.endRow();
  }

  /** A CSV field: a JSON array (`[0, 1, 2]`), or ids separated by spaces or semicolons; empty for none. */
  addText(text: string, row: number): void {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw this.error(row, quote(text));
      }
      this.addJson(parsed, row);
      return;
    }
    for (const part of trimmed === '' ? [] : trimmed.split(/[\s;]+/)) {
      const id = /^\d+$/.test(part) ? Number(part) : NaN;
      if (!isBlockId(id)) throw this.error(row, quote(text));
      this.reserve(1);
      this.chunk[this.used++] = id;
      this.count++;
    }
    this.endRow();
  }

  /** The rows in arrival order: `order[i]` is the file position of arrival i; none when they are in file order. */
  finish(order: Int32Array | undefined): PrefixBlocks {
    const n = this.rows;
    const inFileOrder = new Int32Array(this.count);
    let at = 0;
    for (const part of [...this.filled, this.chunk.subarray(0, this.used)]) {
      inFileOrder.set(part, at);
      at += part.length;
    }
    if (order === undefined) return { offsets: this.offsets.slice(0, n + 1), ids: inFileOrder };
    const offsets = new Int32Array(n + 1);
    const ids = new Int32Array(this.count);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const from = order[i]!;
      const start = this.offsets[from]!;
      const end = this.offsets[from + 1]!;
      ids.set(inFileOrder.subarray(start, end), next);
      next += end - start;
      offsets[i + 1] = next;
    }
    return { offsets, ids };
  }

  /** Room in `chunk` for `length` more ids: a new chunk when they do not fit. */
  private reserve(length: number): void {
    if (this.used + length <= this.chunk.length) return;
    this.filled.push(this.chunk.subarray(0, this.used));
    this.chunk = new Int32Array(Math.max(Math.min(2 * this.chunk.length, MAX_CHUNK), length));
    this.used = 0;
  }

  private endRow(): void {
    if (this.rows + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.rows + 2);
    this.offsets[++this.rows] = this.count;
  }

  private error(row: number, found: string): TraceFormatError {
    const kind = this.where === 'row' ? 'column' : 'key';
    return new TraceFormatError(row, `a list of integer block ids (at least 0) for ${kind} '${this.column}'`, found, this.where);
  }
}

/**
 * The lists of a trace whose every list a row pattern has checked already: JSON arrays of integers
 * from 0 to MAX_ID, kept as their text (slices of the file's) and read only when a program first
 * asks for the ids. Checking a scenario asks for none: its checks need the lists to be valid, not
 * read, and reading them (a JSON.parse per request) was a third of reading the Mooncake trace.
 */
export class CheckedIdLists {
  private readonly lists: string[] = [];

  add(list: string): void {
    this.lists.push(list);
  }

  /**
   * The rows in arrival order (see BlockRows.finish), read at the first use of `offsets` or `ids`:
   * getters of the object's own, so that a copy (structuredClone, a spread) reads them too.
   */
  finish(order: Int32Array | undefined): PrefixBlocks {
    let read: PrefixBlocks | undefined;
    const lists = this.lists;
    const blocks = (): PrefixBlocks => (read ??= readIdLists(lists, order));
    return {
      get offsets() { return blocks().offsets; },
      get ids() { return blocks().ids; },
    };
  }
}

function readIdLists(lists: readonly string[], order: Int32Array | undefined): PrefixBlocks {
  // Checked lists raise no error, so no column name or line is needed for one.
  const rows = new BlockRows('', 'line');
  for (const list of lists) rows.addJson(JSON.parse(list), 0);
  return rows.finish(order);
}

function isBlockId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ID;
}
