// Reads a file the user named. A file that cannot be read is bad input, not a bug: the one place
// that turns the file system's error into a UsageError naming the file and the reason (ENOENT, ...).

import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/** The file's text; `what` says what it should have been ("the scenario file"), `where` how the user named it. */
export function readText(file: string, what: string, where: string = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${where}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
