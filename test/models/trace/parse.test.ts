// parseTrace on small hand-written traces: units, speedup, stable sorting, CSV quoting and line
// endings, JSON value kinds, and every TraceFormatError case with its row/expected/found.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrace } from '../../../models/trace/index.js';
import type { TraceOptions } from '../../../models/trace/index.js';
import { fails } from './fails.js';

const CSV: TraceOptions = { format: 'csv', timeColumn: 't', timeUnit: 's', attributes: { size: 'n' }, speedup: 1 };
const JSONL: TraceOptions = { ...CSV, format: 'jsonl' };

const list = (array: Float64Array | undefined): number[] => Array.from(array ?? []);

function close(actual: Float64Array, expected: number[], tolerance = 1e-12): void {
  assert.is(actual.length, expected.length, 'length');
  expected.forEach((value, i) => {
    assert.ok(Math.abs(actual[i]! - value) <= tolerance, `element ${i}: ${actual[i]} vs ${value}`);
  });
}

/** Runs `run`, asserts it throws a TraceFormatError, and returns it for field checks. */
test('seconds: shifted so the first arrival is 0, attributes alongside', () => {
  const trace = parseTrace('t,n\n10,1\n10.5,2\n12,3\n', CSV);
  close(trace.times, [0, 0.5, 2]);
  assert.equal(list(trace.attributes['size']), [1, 2, 3]);
  assert.equal(Object.keys(trace.attributes), ['size']);
});

test('milliseconds become seconds; speedup divides', () => {
  close(parseTrace('t,n\n1000,1\n3500,2', { ...CSV, timeUnit: 'ms' }).times, [0, 2.5]);
  close(parseTrace('t,n\n1000,1\n3500,2', { ...CSV, timeUnit: 'ms', speedup: 2 }).times, [0, 1.25]);
  close(parseTrace('t,n\n0,1\n1,1\n3,1', { ...CSV, speedup: 0.5 }).times, [0, 2, 6]);
});

test('unsorted input is sorted stably, attributes permuted with their rows', () => {
  const text = 't,n,m\n5,50,0\n1,10,1\n3,30,2\n1,11,3\n5,51,4\n0,0,5\n';
  const trace = parseTrace(text, { ...CSV, attributes: { n: 'n', order: 'm' } });
  close(trace.times, [0, 1, 1, 3, 5, 5]);
  assert.equal(list(trace.attributes['n']), [0, 10, 11, 30, 50, 51]);
  assert.equal(list(trace.attributes['order']), [5, 1, 3, 2, 0, 4]);
});

test('equal times keep file order', () => {
  const trace = parseTrace('t,n\n2,1\n2,2\n2,3\n2,4', CSV);
  close(trace.times, [0, 0, 0, 0]);
  assert.equal(list(trace.attributes['size']), [1, 2, 3, 4]);
});

test('no attributes, and two attributes reading the same column', () => {
  assert.equal(parseTrace('t\n1\n2', { ...CSV, attributes: {} }).attributes, {});
  const trace = parseTrace('t,n\n1,7\n2,8', { ...CSV, attributes: { a: 'n', b: 'n' } });
  assert.equal(list(trace.attributes['a']), [7, 8]);
  assert.equal(list(trace.attributes['b']), [7, 8]);
});

test('iso: offsets, T or space, Z, fractions of any length, unsorted', () => {
  const text = [
    'when,n',
    '2024-01-01T00:00:01Z,1',
    '2024-01-01 00:00:00.25,2',
    '2024-01-01T02:00:00.000001+02:00,3', // 00:00:00.000001Z
    '2023-12-31T19:00:02.5-05:00,4', // 00:00:02.5Z
  ].join('\n');
  const trace = parseTrace(text, { ...CSV, timeColumn: 'when', timeUnit: 'iso' });
  close(trace.times, [0, 0.249999, 0.999999, 2.499999], 1e-9);
  assert.equal(list(trace.attributes['size']), [3, 2, 1, 4]);
});

test('iso keeps 100 ns digits across a day boundary', () => {
  const trace = parseTrace('t,n\n2023-11-16 23:59:59.9999999,1\n2023-11-17 00:00:00.0000001,2', { ...CSV, timeUnit: 'iso' });
  assert.ok(Math.abs(trace.times[1]! - 2e-7) < 1e-12, String(trace.times[1]));
});

test('CSV: quoted fields with commas and doubled quotes, CRLF, no trailing newline, BOM', () => {
  const text = '\uFEFF"t","a, ""b""",n\r\n1,"x,y",4\r\n2,"say ""hi""","5"\r\n3,"multi\r\nline",6';
  const trace = parseTrace(text, { ...CSV, attributes: { n: 'n' } });
  close(trace.times, [0, 1, 2]);
  assert.equal(list(trace.attributes['n']), [4, 5, 6]);
  // The quoted header name with a comma and quotes is addressable as written.
  assert.equal(list(parseTrace(text.replace('"x,y"', '"7"').replace('"say ""hi"""', '8').replace('"multi\r\nline"', '9'),
    { ...CSV, attributes: { q: 'a, "b"' } }).attributes['q']), [7, 8, 9]);
});

test('CSV: blank lines and spaces around numbers are tolerated', () => {
  const trace = parseTrace('\nt,n\n1, 2\n\n 3 ,4\n\n\n', CSV);
  close(trace.times, [0, 2]);
  assert.equal(list(trace.attributes['size']), [2, 4]);
});

test('JSONL: numbers or numeric strings, blank lines and CRLF skipped, extra keys ignored', () => {
  const text = '{"t": 2, "n": 5, "other": [1]}\r\n\r\n{"t": "1.5", "n": "6"}\r\n{"t":0,"n":1e3}';
  const trace = parseTrace(text, JSONL);
  close(trace.times, [0, 1.5, 2]);
  assert.equal(list(trace.attributes['size']), [1000, 6, 5]);
});

test('JSONL iso times', () => {
  const text = '{"t":"2024-03-01T12:00:00Z","n":1}\n{"t":"2024-03-01T12:00:01.5Z","n":2}\n';
  close(parseTrace(text, { ...JSONL, timeUnit: 'iso' }).times, [0, 1.5]);
});

test('error: empty input and header only', () => {
  for (const [text, format, found] of [
    ['', 'csv', 'an empty file'], ['\n\n', 'csv', 'an empty file'], ['t,n\n', 'csv', 'only a header row'],
    ['', 'jsonl', 'an empty file'], ['\n  \n', 'jsonl', 'an empty file'],
  ] as const) {
    const error = fails(() => parseTrace(text, { ...CSV, format }));
    assert.is(error.row, 0);
    assert.is(error.expected, 'at least one request');
    assert.is(error.found, found);
  }
});

test('error: missing time column or attribute column names what is there', () => {
  let error = fails(() => parseTrace('TIMESTAMP,ContextTokens\n1,2', { ...CSV, timeColumn: 'time' }));
  assert.is(error.row, 0);
  assert.is(error.expected, "a column named 'time'");
  assert.is(error.found, 'columns TIMESTAMP, ContextTokens');
  error = fails(() => parseTrace('t,m\n1,2', CSV));
  assert.is(error.expected, "a column named 'n'");
  assert.is(error.found, 'columns t, m');
  error = fails(() => parseTrace('{"t":1,"n":2}\n{"t":2}', JSONL));
  assert.is(error.row, 2);
  assert.is(error.expected, "a key named 'n'");
  assert.is(error.found, 'keys t');
  assert.match(error.message, /^line 2: expected a key named 'n', found keys t$/);
  error = fails(() => parseTrace('{"time":1,"n":2}', JSONL));
  assert.is(error.expected, "a key named 't'");
});

test('error: non-numeric attribute values', () => {
  let error = fails(() => parseTrace('t,n\n1,2\n2,abc\n', CSV));
  assert.is(error.row, 2);
  assert.match(error.expected, /a number/);
  assert.match(error.expected, /'n'/);
  assert.is(error.found, "'abc'");
  assert.is(error.message, "row 2: expected a number in column 'n', found 'abc'");
  for (const bad of ['', '0x10', 'Infinity', 'NaN', '1e999', '1,5']) {
    error = fails(() => parseTrace(`t,n\n1,"${bad}"`, CSV));
    assert.is(error.row, 1, bad);
    assert.match(error.expected, /a number/);
  }
  assert.is(fails(() => parseTrace('t,n\n1,""', CSV)).found, 'an empty field');
  for (const [value, found] of [['null', 'null'], ['true', 'true'], ['[1]', 'an array'], ['"x"', "the string 'x'"], ['{}', 'an object'], ['1e999', 'the number Infinity']]) {
    error = fails(() => parseTrace(`{"t":0,"n":1}\n{"t":1,"n":${value}}`, JSONL));
    assert.is(error.row, 2);
    assert.is(error.found, found);
  }
});

test('error: row numbers count data rows after the header, blank lines included', () => {
  const error = fails(() => parseTrace('t,n\n1,2\n\n3,x', CSV));
  assert.is(error.row, 3);
});

test('error: time values that are not numbers or not ISO date-times', () => {
  let error = fails(() => parseTrace('t,n\nsoon,1', CSV));
  assert.is(error.row, 1);
  assert.match(error.expected, /number of seconds/);
  error = fails(() => parseTrace('t,n\n1,1\n2,1', { ...CSV, timeUnit: 'iso' }));
  assert.is(error.row, 1);
  assert.match(error.expected, /ISO date-time/);
  assert.is(error.found, "'1'");
  for (const bad of ['2024-13-01 00:00:00', '2023-02-29 00:00:00', '2024-01-01 24:00:00', '2024-01-01',
    '2024-01-01 00:00:00.', '2024-01-01 00:00:00 UTC', '2024-01-01 00:00:00+0100', '2024/01/01 00:00:00', '24-01-01 00:00:00']) {
    error = fails(() => parseTrace(`t,n\n2024-01-01 00:00:00,1\n${bad},2`, { ...CSV, timeUnit: 'iso' }));
    assert.is(error.row, 2, bad);
    assert.match(error.expected, /ISO date-time/);
  }
  error = fails(() => parseTrace('{"t":1700000000,"n":1}', { ...JSONL, timeUnit: 'iso' }));
  assert.match(error.expected, /ISO date-time/);
  assert.is(error.found, 'the number 1700000000');
  error = fails(() => parseTrace('{"t":null,"n":1}', { ...JSONL, timeUnit: 'ms' }));
  assert.match(error.expected, /number of milliseconds/);
  assert.is(error.found, 'null');
});

test('error: JSONL line that is not JSON or not an object', () => {
  let error = fails(() => parseTrace('{"t":1,"n":1}\n{"t":2,"n":\n', JSONL));
  assert.is(error.row, 2);
  assert.is(error.expected, 'a JSON object');
  assert.match(error.found, /not valid JSON/);
  assert.match(error.found, /'\{"t":2,"n":'/);
  error = fails(() => parseTrace('\n[1,2]', JSONL));
  assert.is(error.row, 2);
  assert.is(error.found, 'an array');
  assert.is(fails(() => parseTrace('42', JSONL)).found, 'the number 42');
  // A long bad line is cut short in the message.
  error = fails(() => parseTrace(`{"t": ${'1'.repeat(500)}`, JSONL));
  assert.ok(error.found.length < 120, error.found);
});

test('error: CSV row with the wrong number of fields, or a broken quote', () => {
  let error = fails(() => parseTrace('t,n\n1,2\n2,3,4\n', CSV));
  assert.is(error.row, 2);
  assert.is(error.expected, '2 fields, as in the header');
  assert.is(error.found, '3 fields');
  assert.is(fails(() => parseTrace('t,n\n1\n', CSV)).found, '1 field');
  error = fails(() => parseTrace('t,n\n1,2\n2,"3\n', CSV));
  assert.is(error.row, 2);
  assert.match(error.expected, /closing quote/);
  error = fails(() => parseTrace('t,n\n1,"2"x\n', CSV));
  assert.is(error.row, 1);
  assert.match(error.expected, /after a closing quote/);
  assert.is(error.found, "'x'");
});

test('error: speedup must be a finite number > 0', () => {
  for (const speedup of [0, -1, NaN, Infinity, -Infinity]) {
    const error = fails(() => parseTrace('t,n\n1,2', { ...CSV, speedup }));
    assert.is(error.row, 0);
    assert.match(error.expected, /speedup/);
    assert.is(error.found, String(speedup));
  }
});

test('error: format or unit outside the type, as when options come from YAML', () => {
  assert.match(fails(() => parseTrace('t,n\n1,2', { ...CSV, format: 'tsv' as 'csv' })).expected, /format/);
  assert.match(fails(() => parseTrace('t,n\n1,2', { ...CSV, timeUnit: 'us' as 's' })).expected, /time unit/);
});

test('TraceFormatError is an Error with a readable message', () => {
  const error = fails(() => parseTrace('t,n\n1,2', { ...CSV, timeColumn: 'x' }));
  assert.instance(error, Error);
  assert.is(error.name, 'TraceFormatError');
  assert.is(error.message, "expected a column named 'x', found columns t, n");
});

test.run();
