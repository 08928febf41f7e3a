// Errors crossing from a worker thread to the main thread. A class does not survive structured
// cloning, so an error of ours crosses as its name, message and exit, and arrives as an ApmsimError
// with the same exit code; a bug crosses as its stack.

import { ApmsimError, type ExitName } from '../sim/errors.js';

/** An error as a worker posts it. */
export type ThreadError =
  | { readonly ours: true; readonly name: string; readonly message: string; readonly exit: ExitName }
  | { readonly ours: false; readonly stack: string };

/** In the worker: the error as plain data. */
export function postableError(e: unknown): ThreadError {
  // An internal error is a bug wherever it was raised: it crosses with the worker's stack.
  if (e instanceof ApmsimError && e.exit !== 'internal') return { ours: true, name: e.name, message: e.message, exit: e.exit };
  return { ours: false, stack: e instanceof Error ? e.stack ?? e.message : String(e) };
}

/** In the main thread: the error to reject with, ending the process as the worker's would have. */
export function receivedError(t: ThreadError): Error {
  if (!t.ours) return new Error(t.stack);
  const e = new ApmsimError(t.message, t.exit);
  e.name = t.name;
  return e;
}
