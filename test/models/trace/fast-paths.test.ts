// The parser's fast paths against its general ones: ISO stamps read from a shared minute prefix
// against the full parse, fractions read as digits against Number(), numbers read in place against
// the strict parse of the same text, plain CSV lines (split by indexOf) against the same lines read
// by the quote-aware scanner, whole plain CSV files read row by row by a regular expression against
// the general reader, and block ids checked without a call per id. Plus the order of errors:
// a broken record later in the file is still reported before a bad value earlier in it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSamples, parseTrace } from '../../../models/trace/index.js';
import type { TraceOptions } from '../../../models/trace/index.js';
import { parseDecimal, parseDecimalIn } from '../../../models/trace/numbers.js';
import { readPlainCsvRows, readPlainJsonlRows } from '../../../models/trace/parse.js';
import { CsvReader } from '../../../models/trace/csv.js';
import { IsoColumn, parseIsoDateTime, readFraction } from '../../../models/trace/timestamps.js';
import { fails } from './fails.js';

// A fixed pseudo-random walk so a failure is reproducible.
let state = 2024;
const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const digitString = (count: number): string => Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');

/** What IsoColumn must answer for a stamp: the full parse's time after the first stamp's whole second. */
function expectedTime(stamp: string, reference: number): number {
  const parsed = parseIsoDateTime(stamp);
  return parsed === undefined ? NaN : (parsed.seconds - reference) + parsed.fraction;
}

test('IsoColumn equals the full parse on stamps sharing minutes, with 0-17 fraction digits, Z, offsets, spaces and bad tails', () => {
  const column = new IsoColumn();
  const minutes = ['2023-11-16 18:15:', '2023-11-16 18:16:', '2024-02-29T23:59:', '1999-12-31t00:00:'];
  let minute = minutes[0]!;
  let reference = NaN;
  let fastShaped = 0;
  for (let k = 0; k < 20_000; k++) {
    if (next() < 0.02) minute = pick(minutes);
    const seconds = pick(['00', '07', '46', '59', '60', '6', '4x', String(Math.floor(next() * 60)).padStart(2, '0')]);
    const digits = Math.floor(next() * 18);
    const fraction = digits === 0 ? pick(['', '', '.']) : `.${digitString(digits)}`;
    const tail = pick(['', '', '', '', 'Z', 'z', '+01:00', '-05:30', '+24:00', 'ZZ', ' ', 'x']);
    const stamp = `${pick(['', '', '', '', '', ' '])}${minute}${seconds}${fraction}${tail}`;
    if (Number.isNaN(reference) && parseIsoDateTime(stamp) !== undefined) reference = parseIsoDateTime(stamp)!.seconds;
    if (/^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:[0-5]\d(\.\d{1,15})?[Zz]?$/.test(stamp)) fastShaped++;
    // Read from inside a longer text, as from a CSV row: the range, not the string, is the stamp.
    const text = `x,${stamp},y`;
    const time = column.read(text, 2, 2 + stamp.length);
    const expected = expectedTime(stamp, reference);
    if (!Object.is(time, expected)) assert.unreachable(`${JSON.stringify(stamp)}: ${time} vs ${expected}`);
  }
  assert.ok(fastShaped > 3000, `the walk gives the fast path work (${fastShaped} plain stamps)`);
});

test('readFraction equals Number() for 1-20 digits', () => {
  for (let k = 0; k < 20_000; k++) {
    const written = `.${digitString(1 + Math.floor(next() * 20))}`;
    const text = `12:34:56${written}Z`;
    const value = readFraction(text, 8, 8 + written.length);
    if (!Object.is(value, Number(written))) assert.unreachable(`${written}: ${value} vs ${Number(written)}`);
  }
  assert.is(readFraction('.6805900', 0, 8), 0.68059);
});

test('parseDecimalIn on a range equals parseDecimal of the same text', () => {
  const parts = ['0', '7', '007', '374', '999999999999999', '1000000000000000', '12345678901234567', '-3', '+4', '1.5', '.5', '3.',
    '1e3', '2E-3', '1e400', '0x10', 'Infinity', 'NaN', '', ' ', '\t', ' 12 ', '\t5\t', 'abc', '1 2', '-0', '--1', '1e', '٣'];
  for (let k = 0; k < 5000; k++) {
    const field = pick(parts) + (next() < 0.3 ? pick(parts) : '');
    const text = `${pick(['', 'ab,', '9'])}${field}${pick(['', ',cd', '8'])}`;
    const start = text.indexOf(field);
    const value = parseDecimalIn(text, start, start + field.length);
    if (!Object.is(value, parseDecimal(field))) assert.unreachable(`${JSON.stringify(field)}: ${value} vs ${parseDecimal(field)}`);
  }
  assert.is(parseDecimal('007'), 7);
  assert.is(parseDecimal(' 12 '), 12);
  assert.ok(Number.isNaN(parseDecimal('0x10')));
});

const CSV: TraceOptions = { format: 'csv', timeColumn: 't', timeUnit: 'iso', attributes: { a: 'a', b: 'b' }, speedup: 1 };

test('plain CSV lines read as the same lines quoted (the quote-aware scanner)', () => {
  for (let k = 0; k < 200; k++) {
    const rows = Array.from({ length: 1 + Math.floor(next() * 30) }, () => [
      `2023-11-16 18:${pick(['15', '16'])}:${String(Math.floor(next() * 60)).padStart(2, '0')}.${digitString(1 + Math.floor(next() * 9))}`,
      String(Math.floor(next() * 5000)), pick(['0', '12', ' 7 ', '3.5']),
    ]);
    const eol = pick(['\n', '\r\n', '\r']);
    const plain = ['t,a,b', ...rows.map((row) => row.join(','))].join(eol) + pick(['', eol]);
    const quoted = ['"t","a","b"', ...rows.map((row) => row.map((field) => `"${field}"`).join(','))].join(eol) + pick(['', eol]);
    assert.equal(parseTrace(plain, CSV), parseTrace(quoted, CSV));
    assert.equal(parseSamples(plain, 'a'), parseSamples(quoted, 'a'));
  }
});

/** parseTrace's answer, or its error's message. */
function outcome(text: string, options: TraceOptions): unknown {
  try { return parseTrace(text, options); } catch (error) { return error instanceof Error ? `error: ${error.message}` : error; }
}

/** mulberry32 from `seed`: a walk of a test's own, with many more distinct states than the LCG above. */
function walk(seed: number): { random: () => number; choose: <T>(items: readonly T[]) => T } {
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { random, choose: (items) => items[Math.floor(random() * items.length)]! };
}

test('whole plain CSV files read by the row pattern as by the general reader (a quote in the header sends a file there)', () => {
  const { random, choose } = walk(20261206);
  const digitsOf = (count: number): string => Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
  let accepted = 0;
  const runs = 4000;
  for (let k = 0; k < runs; k++) {
    const unit = choose(['iso', 'iso', 's', 'ms'] as const);
    // Consecutive stamps mostly share their minute, as in real traces (the fast path's own fast path).
    let current = '2023-11-16 18:15:';
    const minute = () => (random() < 0.1 ? (current = choose(['2023-11-16 18:15:', '2023-11-16 18:16:', '2023-11-16T18:17:', '2024-02-29 23:59:'])) : current);
    const second = () => String(Math.floor(random() * 60)).padStart(2, '0');
    const fraction = () => choose(['', `.${digitsOf(1 + Math.floor(random() * 9))}`, `.${digitsOf(15)}`]);
    // Each column's usual values, and values near the edge of what the pattern reads (one goes into some files).
    const clean: Record<string, () => string> = {
      t: unit === 'iso' ? () => `${minute()}${second()}${fraction()}${choose(['', '', 'Z', 'z'])}` : () => String(Math.floor(random() * 1e6) / choose([1, 10, 1000])),
      a: () => choose(['0', '7', '374', '3.5', ' 12', '1e3', '.5', '5.', '+2', '\t4']), b: () => choose(['0', '44', '109']),
      skip: () => choose(['x', '', 'any text']), h: () => choose(['', '1 2 3', '[4]', '7;8']), s: () => choose(['u1', '7', 'u2']),
    };
    const dirty: Record<string, () => string> = {
      t: unit === 'iso'
        ? () => choose([`${minute()}60`, `${minute()}7`, `${minute()}${second()}.${digitsOf(16)}`, `${minute()}${second()}.`, `${minute()}${second()}+01:00`,
          ` ${minute()}${second()}`, `${minute()}${second()} `, `${minute()}${second()}x`, '2023-13-16 18:15:00', '2023-11-16 25:15:00', ''])
        : () => choose(['1e400', '-1', 'x', '', '0x10', 'Infinity', ' 3 ', '1e']),
      a: () => choose(['-3', 'x', '', '1e400', '0x10', 'Infinity', '1e', '-0', '٣']), b: () => choose(['x', '']),
      skip: () => '1,2', h: () => choose(['1 x', '[1, -2]', '[', '-3']), s: () => '',
    };
    const withPrefix = random() < 0.3;
    const withSession = random() < 0.3;
    const order = ['t', 'a', 'b', 'skip', ...(withPrefix ? ['h'] : []), ...(withSession ? ['s'] : [])].sort(() => random() - 0.5);
    const rows = Array.from({ length: 1 + Math.floor(random() * 25) }, () => order.map((n) => clean[n]!()));
    if (random() < 0.5) {
      const row = rows[Math.floor(random() * rows.length)]!;
      const j = random() < 0.5 ? order.indexOf('t') : Math.floor(random() * order.length);
      row[j] = dirty[order[j]!]!();
    }
    const lines = rows.map((row) => row.join(','));
    if (random() < 0.05) lines.splice(Math.floor(random() * lines.length), 0, '');
    const eol = choose(['\n', '\n', '\r\n', '\r']);
    const text = [order.join(','), ...lines].join(eol) + choose(['', eol, `${eol}${eol}`]);
    const options: TraceOptions = {
      format: 'csv', timeColumn: 't', timeUnit: unit, attributes: { a: 'a', b: 'b' }, speedup: choose([1, 2]),
      ...(withPrefix ? { prefix: 'h' } : {}), ...(withSession ? { session: 's' } : {}),
    };
    const general = text.replace(/^t(?=,|\r|\n|$)|,t(?=,|\r|\n|$)/, (m) => m.replace('t', '"t"'));
    assert.ok(general.includes('"t"'));
    if (readPlainCsvRows(text, new CsvReader(text), options, ['a', 'b']) !== undefined) accepted++;
    assert.equal(outcome(text, options), outcome(general, options), text);
  }
  assert.ok(accepted > runs / 3, `the row pattern read ${accepted} of ${runs} files`);
});

test('whole plain JSONL files read by the line pattern as by the general reader', () => {
  const { random, choose } = walk(20261207);
  const space = () => choose(['', '', ' ', '\t', '  ']);
  const ids = () => `[${space()}${Array.from({ length: Math.floor(random() * 6) }, () => choose(['0', '7', '42', '999999999', String(Math.floor(random() * 1e6))])).join(`${space()},${space()}`)}${space()}]`;
  // Each key's usual values, and values near the edge of what the pattern reads (one goes into some files).
  const clean: Record<string, () => string> = {
    t: () => choose(['0', '12', '3.5', '1e3', '0.25', String(Math.floor(random() * 1e7))]), a: () => choose(['0', '7', '374', '3.5', '1e3', '-0', '2E-3']),
    b: () => choose(['0', '44', '109']), h: ids, skip: () => choose(['"x"', '""', '"any text"', 'true', 'false', 'null', '-3.5']),
  };
  const dirty: Record<string, () => string> = {
    t: () => choose(['-1', '1e400', '"12"', 'null', '01', '1.', '.5', '"2023-11-16 18:15:00"']), a: () => choose(['-3', '"7"', '1e400', 'null', '[]', '+2']),
    b: () => choose(['"x"', 'true']), h: () => choose(['[1000000000]', '[01]', '[1,]', '[,1]', '[-1]', '[1.5]', '["1"]', '[[1]]', '7', '[1 2]', '[2147483648]', '[1e3]']),
    skip: () => choose(['{}', '[1]', '"a\\"b"', '"\\u0041"', '{"k": 1}', 'nul']),
  };
  let accepted = 0;
  const runs = 3000;
  for (let k = 0; k < runs; k++) {
    const withPrefix = random() < 0.6;
    const keys = ['t', 'a', 'b', 'skip', ...(withPrefix ? ['h'] : [])];
    const order = [...keys].sort(() => random() - 0.5);
    const rows = Array.from({ length: 1 + Math.floor(random() * 25) }, () => order.map((key) => clean[key]!()));
    if (random() < 0.5) {
      const row = rows[Math.floor(random() * rows.length)]!;
      const j = Math.floor(random() * order.length);
      row[j] = dirty[order[j]!]!();
    }
    const lines = rows.map((row, r) => {
      // Now and then a line with its keys in another order, or one key twice.
      const keysOf = r > 0 && random() < 0.01 ? [...order].reverse() : order;
      const fields = keysOf.map((key) => `"${key}"${space()}:${space()}${row[order.indexOf(key)]}`);
      if (random() < 0.01) fields.push(`"a": ${clean['a']!()}`);
      return `${space()}{${space()}${fields.join(`${space()},${space()}`)}${space()}}${space()}`;
    });
    if (random() < 0.05) lines.splice(Math.floor(random() * lines.length), 0, choose(['', '  ']));
    const eol = choose(['\n', '\n', '\r\n']);
    const text = lines.join(eol) + choose(['', eol, `${eol}${eol}`]);
    const options: TraceOptions = {
      format: 'jsonl', timeColumn: 't', timeUnit: choose(['s', 'ms'] as const), attributes: { a: 'a', b: 'b' }, speedup: choose([1, 2]),
      ...(withPrefix ? { prefix: 'h' } : {}),
    };
    // A blank first line sends a file to the general reader, with the same lines.
    const general = `${eol}${text}`;
    assert.is(readPlainJsonlRows(general, options, ['a', 'b']), undefined);
    if (readPlainJsonlRows(text, options, ['a', 'b']) !== undefined) accepted++;
    const expected = outcome(general, options);
    assert.equal(outcome(text, options), typeof expected === 'string' ? expected.replace(/line (\d+)/, (_, n: string) => `line ${Number(n) - 1}`) : expected, text);
  }
  assert.ok(accepted > runs / 4, `the line pattern read ${accepted} of ${runs} files`);
});

test('block ids checked by the line pattern are read when asked for, and a copy (as to a worker) holds them', () => {
  const JSONL: TraceOptions = { format: 'jsonl', timeColumn: 't', timeUnit: 's', attributes: {}, speedup: 1, prefix: 'h' };
  const text = '{"t": 2, "h": [5, 6]}\n{"t": 1, "h": []}\n{"t": 3, "h": [0, 999999999, 7]}\n';
  const blocks = parseTrace(text, JSONL).prefixBlocks!;
  assert.ok(Object.getOwnPropertyDescriptor(blocks, 'ids')?.get !== undefined, 'the fast path defers the ids');
  const copy = structuredClone(blocks);
  assert.ok(copy.ids instanceof Int32Array && copy.offsets instanceof Int32Array);
  // In arrival order (the file is not): t = 1 has no block, t = 2 two, t = 3 three.
  for (const read of [copy, blocks, parseTrace(`\n${text}`, JSONL).prefixBlocks!]) {
    assert.equal(Array.from(read.offsets), [0, 0, 2, 5]);
    assert.equal(Array.from(read.ids), [5, 6, 0, 999999999, 7]);
  }
});

test('a broken record later in the file is reported before a bad value or a missing column', () => {
  const badValue = 't,a,b\n2023-11-16 18:15:00,x,1\n';
  assert.is(fails(() => parseTrace(badValue, CSV)).message, "row 1: expected a number in column 'a', found 'x'");
  let error = fails(() => parseTrace(`${badValue}2023-11-16 18:15:01,1\n`, CSV));
  assert.is(error.message, 'row 2: expected 3 fields, as in the header, found 2 fields');
  error = fails(() => parseTrace(`${badValue}2023-11-16 18:15:01,"1,2\n`, CSV));
  assert.is(error.message, 'row 2: expected a closing quote for a quoted field, found the end of the file');
  error = fails(() => parseTrace('t,a,b\n2023-11-16 18:15:00,1,2\n2023-11-16 18:15:01,"1"x,2\n', { ...CSV, attributes: { c: 'c' } }));
  assert.is(error.message, "row 2: expected a comma or a line end after a closing quote, found 'x,2'");
  error = fails(() => parseSamples('a\nx\n1,2\n', 'a'));
  assert.is(error.message, 'row 2: expected 1 fields, as in the header, found 2 fields');
  error = fails(() => parseTrace('t,a,b\n2023-11-16 18:15:00.5Z,1,2\n2023-11-16 18:15:01.5+01:00,1,2\n2023-11-16 18:15:60,1,2\n', CSV));
  assert.is(error.message, `row 3: expected an ISO date-time (YYYY-MM-DD HH:MM:SS[.fraction][Z or ±HH:MM]), found '2023-11-16 18:15:60'`);
});

test('block ids: integers 0 to 2^31 - 1 only, each other JSON value named', () => {
  const JSONL: TraceOptions = { format: 'jsonl', timeColumn: 't', timeUnit: 's', attributes: {}, speedup: 1, prefix: 'h' };
  const ids = (h: string) => parseTrace(`{"t":0,"h":${h}}`, JSONL).prefixBlocks!;
  assert.equal(Array.from(ids('[0, 2147483647, -0, 1e3]').ids), [0, 2147483647, 0, 1000]);
  for (const [h, found] of [['[2147483648]', 'the number 2147483648'], ['[-1]', 'the number -1'], ['[1.5]', 'the number 1.5'],
    ['["1"]', "the string '1'"], ['[true]', 'true'], ['[null]', 'null'], ['[[1]]', 'an array'], ['[{}]', 'an object'], ['[4294967296]', 'the number 4294967296']]) {
    const error = fails(() => ids(h!));
    assert.is(error.message, `line 1: expected a list of integer block ids (at least 0) for key 'h', found an array holding ${found}`);
  }
});

test('block ids of many rows (several chunks), unsorted: each arrival keeps its own list', () => {
  const JSONL: TraceOptions = { format: 'jsonl', timeColumn: 't', timeUnit: 's', attributes: { row: 'row' }, speedup: 1, prefix: 'h' };
  const rows = Array.from({ length: 3000 }, (_, row) => ({
    t: Math.floor(next() * 1000), row, h: Array.from({ length: Math.floor(next() * 100) }, () => Math.floor(next() * 2 ** 31)),
  }));
  const trace = parseTrace(rows.map((r) => JSON.stringify(r)).join('\n'), JSONL);
  const { offsets, ids } = trace.prefixBlocks!;
  assert.is(ids.length, rows.reduce((sum, r) => sum + r.h.length, 0));
  assert.ok(ids.length > 2 * 65_536, 'more ids than two chunks hold');
  const fileRow = trace.attributes['row']!;
  for (let i = 0; i < rows.length; i++) {
    const expected = rows[fileRow[i]!]!.h;
    const got = Array.from(ids.subarray(offsets[i]!, offsets[i + 1]!));
    if (got.length !== expected.length || got.some((id, k) => id !== expected[k])) assert.unreachable(`arrival ${i} (line ${fileRow[i]! + 1})`);
  }
});

test.run();
