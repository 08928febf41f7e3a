// RFC-4180 CSV reader (quoted fields, doubled quotes, CRLF or LF), one record at a time. A record's
// fields are not copied out: the reader says where each lies (a string and a range in it), so a
// trace of tens of thousands of rows is parsed without a string or an array per row. In a cold
// process (start-up, `apmsim validate`) that allocation, and calls per character, were most of the cost.

import { TraceFormatError, quote } from './errors.js';
import { grown } from './growth.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads the header, then each data record with `next()`. Field j of the current record is
 * `sources[j].slice(bounds[2j], bounds[2j + 1])`: a range of the text itself, unless it was quoted
 * with doubled quotes inside, whose unescaped value is then its own source. Throws TraceFormatError
 * on a broken quote or a record whose width differs from the header's (from `next`, which records it
 * in `failure`).
 */
export class CsvReader {
  /** Header names, trimmed; empty when the text holds no records at all. */
  readonly header: readonly string[];
  /** The current record's 1-based data-row number; blank lines are skipped but still counted. */
  row = 0;
  sources: string[] = [];
  bounds = new Int32Array(64);
  /** The error `next` threw, if it threw one. */
  failure: TraceFormatError | undefined;
  private readonly text: string;
  private pos: number;
  /** Whether a field of the last record scanned was quoted. */
  private quoted = false;
  /**
   * The next LF, quote and CR at or after `pos`, or the text's length when there is none; each is
   * searched again only once passed, so a file without one (CR line ends have no LF) is not searched
   * to its end for every record.
   */
  private nextLf = -1;
  private nextQuote = -1;
  private nextCr = -1;

  constructor(text: string) {
    this.text = text;
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let header: string[] = [];
    while (this.pos < text.length) {
      const fields = this.record(0);
      if (!this.blank(fields)) {
        header = Array.from({ length: fields }, (_, j) => this.value(j).trim());
        break;
      }
    }
    this.header = header;
  }

  /** Where the reader is in the text: before `next()` is first called, the start of the first data record. */
  get position(): number {
    return this.pos;
  }

  /** Moves to the next data record; false at the end of the text. */
  next(): boolean {
    while (this.pos < this.text.length) {
      const fields = this.record(this.row + 1);
      this.row++;
      if (fields === 1 && this.blank(fields)) continue;
      if (fields !== this.header.length) {
        const width = this.header.length;
        throw this.fail(new TraceFormatError(this.row, `${width} fields, as in the header`, `${fields} field${fields === 1 ? '' : 's'}`));
      }
      return true;
    }
    return false;
  }

  /** Reads the remaining records only to check them, so that a broken row later in the file is reported first. */
  checkRest(): void {
    while (this.next());
  }

  /** Field j of the current record as a string (a copy: for messages and text columns, not for numbers). */
  value(j: number): string {
    return this.sources[j]!.slice(this.bounds[2 * j], this.bounds[2 * j + 1]);
  }

  /** Scans one record into fields 0, 1, ... and returns how many it has; `row` words a quote error. */
  private record(row: number): number {
    const text = this.text;
    const n = text.length;
    this.quoted = false;
    if (this.nextLf < this.pos) this.nextLf = indexOrLength(text, '\n', this.pos);
    const lineEnd = this.nextLf;
    if (this.nextQuote < this.pos) this.nextQuote = indexOrLength(text, '"', this.pos);
    if (this.nextCr < this.pos) this.nextCr = indexOrLength(text, '\r', this.pos);
    // Most lines hold no quote and no CR but a CRLF's: their commas are found by indexOf, which
    // scans in native code, where a charCodeAt loop costs a call per character until it is optimized.
    if (this.nextQuote >= lineEnd && (this.nextCr >= lineEnd || this.nextCr === lineEnd - 1)) {
      return this.plainRecord(Math.min(this.nextCr, lineEnd), lineEnd);
    }
    let i = this.pos;
    let j = 0;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        this.quoted = true;
        i = this.quotedField(i, j, row);
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        this.put(j, text, start, i);
      }
      j++;
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    this.pos = i;
    return j;
  }

  /** Fields of a record without quotes from the current position to `stop`, its CR or LF at `lineEnd`. */
  private plainRecord(stop: number, lineEnd: number): number {
    const text = this.text;
    let j = 0;
    let start = this.pos;
    for (;;) {
      let comma = text.indexOf(',', start);
      if (comma < 0 || comma > stop) comma = stop;
      if (2 * j + 1 < this.bounds.length) {
        // put(), inline: this runs once per field of the file.
        this.sources[j] = text;
        this.bounds[2 * j] = start;
        this.bounds[2 * j + 1] = comma;
      } else {
        this.put(j, text, start, comma);
      }
      j++;
      if (comma === stop) break;
      start = comma + 1;
    }
    this.pos = lineEnd + 1;
    return j;
  }

  /** Whether the last record scanned is blank: one unquoted field of white space, typically a trailing newline. */
  private blank(fields: number): boolean {
    if (fields !== 1 || this.quoted) return false;
    const start = this.bounds[0]!;
    const c = this.text.charCodeAt(start);
    // Most records start with a visible ASCII character: decided without a copy.
    if (start < this.bounds[1]! && c > 32 && c < 127) return false;
    return this.value(0).trim() === '';
  }

  /** Reads the quoted field opening at `at` into field j; returns the position after its closing quote. */
  private quotedField(at: number, j: number, row: number): number {
    const text = this.text;
    let start = at + 1;
    let value: string | undefined;
    let i: number;
    for (;;) {
      const q = text.indexOf('"', start);
      if (q < 0) throw this.fail(new TraceFormatError(row, 'a closing quote for a quoted field', 'the end of the file'));
      if (text.charCodeAt(q + 1) === QUOTE) {
        value = (value ?? '') + text.slice(start, q + 1);
        start = q + 2;
      } else {
        if (value === undefined) this.put(j, text, at + 1, q);
        else {
          value += text.slice(start, q);
          this.put(j, value, 0, value.length);
        }
        i = q + 1;
        break;
      }
    }
    const c = text.charCodeAt(i);
    if (i < text.length && c !== COMMA && c !== LF && c !== CR) {
      const rest = text.slice(i, i + 80);
      throw this.fail(new TraceFormatError(row, 'a comma or a line end after a closing quote', quote(rest.slice(0, lineEnd(rest)))));
    }
    return i;
  }

  private put(j: number, source: string, start: number, end: number): void {
    if (2 * j + 1 >= this.bounds.length) this.bounds = grown(this.bounds, 2 * j + 2);
    this.sources[j] = source;
    this.bounds[2 * j] = start;
    this.bounds[2 * j + 1] = end;
  }

  private fail(error: TraceFormatError): TraceFormatError {
    this.failure = error;
    return error;
  }
}

/** Index of the first `char` in `text` from `from` on, or the text's length. */
function indexOrLength(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Index of the first CR or LF in `text`, or its length. */
function lineEnd(text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) return k;
  }
  return text.length;
}
