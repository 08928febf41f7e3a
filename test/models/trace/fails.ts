// The error a malformed trace must raise, shared by the trace parser's tests.

import * as assert from 'uvu/assert';
import { TraceFormatError } from '../../../models/trace/index.js';

/** Runs `run`, which must throw a TraceFormatError, and returns it. */
export function fails(run: () => unknown): TraceFormatError {
  try {
    run();
  } catch (error) {
    assert.instance(error, TraceFormatError);
    return error as TraceFormatError;
  }
  return assert.unreachable('expected a TraceFormatError') as never;
}
