// The one error a trace or samples file can raise, located by row so the CLI can point the user
// at the offending line, plus the helpers that render the "found" part consistently.

import { ApmsimError, type ExitName } from '../../sim/errors.js';

export class TraceFormatError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
  /** 1-based data row (header not counted; JSONL line number); 0 when not about a row. */
  readonly row: number;
  readonly expected: string;
  readonly found: string;
  /** The column (CSV header, JSON key) the file lacks, when that is the error: the scenario points at where it was named. */
  readonly missingColumn: string | undefined;

  /** `where` only words the message ('row' for CSV, 'line' for JSONL and one-per-line files). */
  constructor(row: number, expected: string, found: string, where: 'row' | 'line' = 'row', missingColumn?: string) {
    super(`${row > 0 ? `${where} ${row}: ` : ''}expected ${expected}, found ${found}`);
    this.row = row;
    this.expected = expected;
    this.found = found;
    this.missingColumn = missingColumn;
  }
}

const MAX_QUOTED = 60;

/** A value as the user typed it, single-quoted and cut short so a huge line cannot flood the terminal. */
export function quote(text: string): string {
  if (text.trim() === '') return text === '' ? 'an empty field' : `a blank field '${text}'`;
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return `'${cut}'`;
}

/** A list of names (columns, keys) for a "found" message, shortened past a readable length. */
export function nameList(kind: string, names: readonly string[]): string {
  if (names.length === 0) return `no ${kind}`;
  const shown = names.slice(0, 12).join(', ');
  return `${kind} ${shown}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
}

/** A parsed JSON value described by kind, since "found 'null'" would hide that it was not a string. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return `the string ${quote(value)}`;
    case 'number': return `the number ${String(value)}`;
    case 'boolean': return String(value);
    case 'object': return 'an object';
    default: return typeof value;
  }
}
