// The one error reading a serving profile folder or a benchmark run folder raises: it names the file,
// the line (0 when the problem is not one line's) and the field, so the user can go straight to it.

import { ApmsimError, type ExitName } from '../../../sim/errors.js';

export class ServingDataError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
  readonly file: string;
  readonly line: number;
  readonly field: string;

  constructor(file: string, line: number, field: string, expected: string, found: string) {
    super(`${file}${line > 0 ? `:${line}` : ''}: field '${field}': expected ${expected}, found ${found}`);
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** A value as found, cut short so a huge line cannot flood the terminal. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
