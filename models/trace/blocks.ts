// Prefix-block lists of a trace (Mooncake's hash_ids): one list of integer block ids per request,
// gathered into compressed rows (CSR) so a trace of tens of thousands of requests stays two arrays.

import { TraceFormatError, describeJson, quote } from './errors.js';

/** ids[offsets[i] .. offsets[i+1]) are the block ids of request i. */
export interface PrefixBlocks {
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
}

const MAX_ID = 0x7fff_ffff;

/** Accumulates rows in file order; `finish` permutes them into arrival order. */
export class BlockRows {
  private readonly offsets: number[] = [0];
  private readonly ids: number[] = [];
  private readonly column: string;
  private readonly where: 'row' | 'line';

  constructor(column: string, where: 'row' | 'line') {
    this.column = column;
    this.where = where;
  }

  /** A JSON value: an array of non-negative integers. */
  addJson(value: unknown, row: number): void {
    if (!Array.isArray(value)) throw this.error(row, describeJson(value));
    for (const id of value) {
      if (!isBlockId(id)) throw this.error(row, `an array holding ${describeJson(id)}`);
      this.ids.push(id);
    }
    this.offsets.push(this.ids.length);
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
      this.ids.push(id);
    }
    this.offsets.push(this.ids.length);
  }

  /** The rows in the order `at(0), at(1), ...` of their file positions. */
  finish(at: (i: number) => number): PrefixBlocks {
    const n = this.offsets.length - 1;
    const offsets = new Int32Array(n + 1);
    const ids = new Int32Array(this.ids.length);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const from = at(i);
      const start = this.offsets[from]!;
      const end = this.offsets[from + 1]!;
      for (let k = start; k < end; k++) ids[next++] = this.ids[k]!;
      offsets[i + 1] = next;
    }
    return { offsets, ids };
  }

  private error(row: number, found: string): TraceFormatError {
    const kind = this.where === 'row' ? 'column' : 'key';
    return new TraceFormatError(row, `a list of integer block ids (at least 0) for ${kind} '${this.column}'`, found, this.where);
  }
}

function isBlockId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ID;
}
