// The session column of a trace: one session id per request (an integer, or any text such as a
// conversation id), numbered densely in order of first appearance in the file.

import { TraceFormatError, describeJson, quote } from './errors.js';

const EXPECTED = 'a session id: an integer or a non-empty string';

/** Accumulates ids in file order; `finish` permutes them into arrival order. */
export class SessionColumn {
  private readonly ids = new Map<string, number>();
  private readonly rows: number[] = [];
  private readonly column: string;
  private readonly where: 'row' | 'line';

  constructor(column: string, where: 'row' | 'line') {
    this.column = column;
    this.where = where;
  }

  /** A CSV field: its trimmed text is the id. */
  addText(text: string, row: number): void {
    const id = text.trim();
    if (id === '') throw this.error(row, quote(text));
    this.add(id);
  }

  /** A JSON value: an integer (its decimal text is the id) or a non-empty string. */
  addJson(value: unknown, row: number): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) this.add(String(value));
    else if (typeof value === 'string' && value.trim() !== '') this.add(value.trim());
    else throw this.error(row, describeJson(value));
  }

  /** Dense session numbers in arrival order (`order[i]` is the file position of arrival i; none when they are in file order). */
  finish(order: Int32Array | undefined): Int32Array {
    return Int32Array.from({ length: this.rows.length }, (_, i) => this.rows[order === undefined ? i : order[i]!]!);
  }

  private add(id: string): void {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.ids.size;
      this.ids.set(id, n);
    }
    this.rows.push(n);
  }

  private error(row: number, found: string): TraceFormatError {
    return new TraceFormatError(row, `${EXPECTED} in ${this.where === 'row' ? 'column' : 'key'} '${this.column}'`, found, this.where);
  }
}
