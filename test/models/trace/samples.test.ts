// parseSamples: the one-number-per-line form (comments, blank lines) and the CSV-column form,
// with their errors.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSamples } from '../../../models/trace/index.js';
import { fails } from './fails.js';

test('one per line, with comments, blank lines, CRLF and spaces', () => {
  const text = '# latencies in seconds\r\n0.5\r\n\r\n  1.25  \r\n# more\r\n-3\r\n2e-3\r\n';
  assert.equal(parseSamples(text, undefined), [0.5, 1.25, -3, 0.002]);
  assert.equal(parseSamples('7', undefined), [7]);
});

test('CSV column, quoted fields and spaces', () => {
  const text = 'id,latency,note\n1,0.25,"a, b"\n2," 1.5 ",x\r\n3,2,""\n';
  assert.equal(parseSamples(text, 'latency'), [0.25, 1.5, 2]);
  assert.equal(parseSamples(text, 'id'), [1, 2, 3]);
});

test('error: a line that is not a number names its line', () => {
  const error = fails(() => parseSamples('1\n# c\n\nabc\n', undefined));
  assert.is(error.row, 4);
  assert.match(error.expected, /a number/);
  assert.is(error.found, "'abc'");
  assert.is(error.message, "line 4: expected a number (one per line), found 'abc'");
  // A CSV read without naming a column fails on its header, not silently.
  assert.is(fails(() => parseSamples('latency\n1\n', undefined)).row, 1);
  assert.is(fails(() => parseSamples('1 2\n', undefined)).found, "'1 2'");
});

test('error: nothing to read', () => {
  for (const [text, column, found] of [
    ['', undefined, 'an empty file'], ['\n\n', undefined, 'an empty file'], ['# only\n\n#x', undefined, 'only blank and comment lines'],
    ['', 'x', 'an empty file'], ['x\n', 'x', 'only a header row'],
  ] as const) {
    const error = fails(() => parseSamples(text, column));
    assert.is(error.row, 0);
    assert.is(error.expected, 'at least one number');
    assert.is(error.found, found);
  }
});

test('error: CSV column missing, non-numeric, or ragged', () => {
  let error = fails(() => parseSamples('a,b\n1,2\n', 'c'));
  assert.is(error.row, 0);
  assert.is(error.expected, "a column named 'c'");
  assert.is(error.found, 'columns a, b');
  error = fails(() => parseSamples('a,b\n1,2\n3,\n', 'b'));
  assert.is(error.row, 2);
  assert.is(error.found, 'an empty field');
  error = fails(() => parseSamples('a,b\n1,2\n3\n', 'a'));
  assert.is(error.row, 2);
  assert.is(error.found, '1 field');
});

test.run();
