// The `session` column of parseTrace: ids (integers or text) numbered by first appearance in the
// file and permuted with their arrival times, from CSV fields and JSON values; its errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrace } from '../../../models/trace/index.js';
import type { TraceOptions } from '../../../models/trace/index.js';
import { fails } from './fails.js';

const JSONL: TraceOptions = { format: 'jsonl', timeColumn: 't', timeUnit: 's', attributes: { n: 'n' }, speedup: 1, session: 'conv' };
const CSV: TraceOptions = { ...JSONL, format: 'csv' };

const sessions = suite('parseTrace session column');

sessions('JSONL ids, integers and strings, numbered in file order and permuted with the arrival times', () => {
  const text = '{"t": 5, "conv": "b", "n": 1}\n{"t": 1, "conv": 42, "n": 2}\n{"t": 3, "conv": "b", "n": 3}\n{"t": 2, "conv": "42", "n": 4}\n';
  const trace = parseTrace(text, JSONL);
  assert.equal(Array.from(trace.times), [0, 1, 2, 4]);
  assert.equal(Array.from(trace.attributes['n']!), [2, 4, 3, 1]);
  // "b" is session 0 (first in the file); 42 and "42" are the same id, session 1.
  assert.ok(trace.sessions instanceof Int32Array);
  assert.equal(Array.from(trace.sessions!), [1, 1, 0, 0]);
});

sessions('CSV fields are ids as text (trimmed)', () => {
  const trace = parseTrace('t,conv,n\n0, alice ,1\n1,bob,2\n2,alice,3\n', CSV);
  assert.equal(Array.from(trace.sessions!), [0, 1, 0]);
});

sessions('no session column asked for: none returned', () => {
  const { session: _unused, ...options } = CSV;
  assert.is(parseTrace('t,conv,n\n0,a,1\n', options).sessions, undefined);
});

sessions('errors: an empty CSV field, a JSON id that is not an integer or a string, a missing column', () => {
  const empty = fails(() => parseTrace('t,conv,n\n0,a,1\n1,,2\n', CSV));
  assert.is(empty.row, 2);
  assert.is(empty.found, 'an empty field');
  assert.ok(empty.expected.includes("a session id: an integer or a non-empty string in column 'conv'"), empty.expected);
  const fraction = fails(() => parseTrace('{"t": 0, "conv": 1.5, "n": 1}\n', JSONL));
  assert.is(fraction.row, 1);
  assert.is(fraction.found, 'the number 1.5');
  assert.ok(fraction.expected.includes("in key 'conv'"));
  assert.is(fails(() => parseTrace('{"t": 0, "conv": null, "n": 1}\n', JSONL)).found, 'null');
  const missing = fails(() => parseTrace('t,n\n0,1\n', CSV));
  assert.is(missing.missingColumn, 'conv');
  assert.is(fails(() => parseTrace('{"t": 0, "n": 1}\n', JSONL)).missingColumn, 'conv');
});

sessions.run();
