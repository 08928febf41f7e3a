// Reads a file the user named. A file that cannot be read is bad input, not a bug: the one place
// that turns the file system's error into a UsageError naming the file and the reason (no such
// file or folder, ...).
// Only regular files of a bounded size are read: a device (/dev/zero, /dev/urandom) never ends and
// a FIFO may never be written, so either would hang the command instead of failing it.

import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { fileErrorReason, type ExitName } from '../sim/errors.js';
import { UsageError } from './errors.js';

/** Largest file read (scenario, trace, samples, model): 10x the largest bundled trace is 30 MB. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A file the user named is not one apmsim reads (not a regular file, or too large). */
export class NotReadable extends UsageError {
  static override readonly exit: ExitName = 'bad-input';
}

/**
 * The text of a regular file of at most MAX_FILE_BYTES; throws NotReadable, or the file system's
 * error. Opened without blocking, so a FIFO is refused instead of waited on.
 */
export function readRegularFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotReadable(`not a regular file (${kindOf(stat)})`);
    if (stat.size > MAX_FILE_BYTES) throw new NotReadable(`${(stat.size / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_FILE_BYTES / 2 ** 20} MiB apmsim reads`);
    return decode(readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes as UTF-8 text. Traces and scenarios are nearly always ASCII, whose latin1 decoding is
 * the same string at about half the cost of UTF-8 decoding (a 3 MB trace: ~3 ms instead of ~5 ms
 * of a start-up); the ASCII check itself is a native scan.
 */
export function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** The file's text; `what` says what it should have been ("the scenario file"), `where` how the user named it. */
export function readText(file: string, what: string, where: string = file): string {
  try {
    return readRegularFile(file);
  } catch (e) {
    throw new UsageError(`${where}: cannot read ${what}: ${e instanceof NotReadable ? e.message : fileErrorReason(e)}`);
  }
}
