// The `prefix` list column of parseTrace: compressed rows of block ids in arrival order, from JSON
// arrays and CSV fields, its errors, and the real Mooncake trace checked against JSON.parse.

import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrace } from '../../../models/trace/index.js';
import type { PrefixBlocks, TraceOptions } from '../../../models/trace/index.js';
import { fails } from './fails.js';

const JSONL: TraceOptions = { format: 'jsonl', timeColumn: 't', timeUnit: 's', attributes: {}, speedup: 1, prefix: 'ids' };
const CSV: TraceOptions = { ...JSONL, format: 'csv' };

/** The rows as plain lists, so a wrong offset or a wrong permutation shows as a readable diff. */
function rows(blocks: PrefixBlocks | undefined): number[][] {
  if (blocks === undefined) return assert.unreachable('no prefix blocks') as never;
  const out: number[][] = [];
  for (let i = 0; i + 1 < blocks.offsets.length; i++) out.push(Array.from(blocks.ids.subarray(blocks.offsets[i], blocks.offsets[i + 1])));
  return out;
}

const prefix = suite('parseTrace prefix column');

prefix('JSONL arrays become compressed rows, permuted with their arrival times', () => {
  const text = '{"t": 3, "ids": [7, 8]}\n{"t": 1, "ids": []}\n{"t": 2, "ids": [0, 1, 2]}\n{"t": 1, "ids": [5]}\n';
  const trace = parseTrace(text, JSONL);
  assert.equal(Array.from(trace.times), [0, 0, 1, 2]);
  assert.equal(rows(trace.prefixBlocks), [[], [5], [0, 1, 2], [7, 8]]);
  assert.ok(trace.prefixBlocks!.offsets instanceof Int32Array && trace.prefixBlocks!.ids instanceof Int32Array);
  assert.equal(Array.from(trace.prefixBlocks!.offsets), [0, 0, 1, 4, 6]);
});

prefix('without a prefix column there are no blocks', () => {
  const { prefix: _, ...options } = JSONL;
  assert.is(parseTrace('{"t": 1, "ids": [1]}\n', options).prefixBlocks, undefined);
});

prefix('CSV fields: a JSON array, ids separated by spaces or semicolons, or empty', () => {
  const text = 't,ids\n4,"[1, 2, 3]"\n1,4 5\n2,6;7\n3,\n';
  assert.equal(rows(parseTrace(text, CSV).prefixBlocks), [[4, 5], [6, 7], [], [1, 2, 3]]);
});

prefix('a value that is not a list of non-negative integers is located by line or row', () => {
  const notList = fails(() => parseTrace('{"t": 1, "ids": [1]}\n{"t": 2, "ids": 3}\n', JSONL));
  assert.is(notList.row, 2);
  assert.ok(notList.expected.includes("for key 'ids'"), notList.expected);
  assert.is(notList.found, 'the number 3');
  const negative = fails(() => parseTrace('{"t": 1, "ids": [1, -2]}\n', JSONL));
  assert.is(negative.found, 'an array holding the number -2');
  assert.ok(fails(() => parseTrace('{"t": 1, "ids": [1.5]}\n', JSONL)).found.includes('1.5'));
  const csv = fails(() => parseTrace('t,ids\n1,1 x\n', CSV));
  assert.is(csv.row, 1);
  assert.ok(csv.expected.includes("for column 'ids'"), csv.expected);
  assert.is(csv.found, "'1 x'");
});

prefix('a missing column names itself, so the scenario can point at where it was named', () => {
  assert.is(fails(() => parseTrace('{"t": 1}\n', JSONL)).missingColumn, 'ids');
  assert.is(fails(() => parseTrace('t,other\n1,2\n', CSV)).missingColumn, 'ids');
  assert.is(fails(() => parseTrace('t\n1\n', { ...CSV, prefix: 't', attributes: { n: 'tokens' } })).missingColumn, 'tokens');
  assert.is(fails(() => parseTrace('{"t": "x", "ids": []}\n', JSONL)).missingColumn, undefined);
});

prefix('the Mooncake conversation trace: hash_ids rows match JSON.parse, in arrival order', () => {
  const text = readFileSync(new URL('../../../../../shared/data/mooncake-2025/conversation_trace.jsonl', import.meta.url), 'utf8');
  const trace = parseTrace(text, { format: 'jsonl', timeColumn: 'timestamp', timeUnit: 'ms', attributes: { input: 'input_length' }, speedup: 1, prefix: 'hash_ids' });
  const records = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { timestamp: number; input_length: number; hash_ids: number[] });
  const order = records.map((_, i) => i).sort((a, b) => records[a]!.timestamp - records[b]!.timestamp || a - b);
  const got = rows(trace.prefixBlocks);
  assert.is(got.length, 12_031);
  assert.equal(got[0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.is(trace.prefixBlocks!.ids.length, records.reduce((n, r) => n + r.hash_ids.length, 0));
  order.forEach((from, i) => {
    const expected = records[from]!;
    if (got[i]!.join(',') !== expected.hash_ids.join(',')) assert.unreachable(`row ${i}: ${got[i]!.join(',')} vs ${expected.hash_ids.join(',')}`);
    if (trace.attributes['input']![i] !== expected.input_length) assert.unreachable(`row ${i}: input ${trace.attributes['input']![i]}`);
  });
  // A block covers 512 tokens: a prompt never has more blocks than ceil(tokens / 512).
  for (let i = 0; i < got.length; i++) assert.ok(got[i]!.length <= Math.ceil(trace.attributes['input']![i]! / 512), `row ${i}`);
});

prefix.run();
