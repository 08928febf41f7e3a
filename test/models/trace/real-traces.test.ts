// Parses the real Azure and Mooncake traces from ../shared/data and checks them against values
// computed independently here (string splitting, Date.parse, JSON.parse) rather than by the parser.

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrace } from '../../../models/trace/index.js';
import type { TraceOptions } from '../../../models/trace/index.js';

// From dist/test/models/trace/ up to the directory that holds the repo, where the CI puts shared/.
const DATA = new URL('../../../../../shared/data/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, DATA), 'utf8');

const AZURE: TraceOptions = {
  format: 'csv', timeColumn: 'TIMESTAMP', timeUnit: 'iso',
  attributes: { inputTokens: 'ContextTokens', outputTokens: 'GeneratedTokens' }, speedup: 1,
};
const MOONCAKE: TraceOptions = {
  format: 'jsonl', timeColumn: 'timestamp', timeUnit: 'ms',
  attributes: { inputTokens: 'input_length', outputTokens: 'output_length' }, speedup: 1,
};

/** Seconds of an Azure timestamp, split into whole seconds (via Date.parse) and fraction, so no precision is lost. */
function azureTime(stamp: string): { whole: number; fraction: number } {
  const [date, clock] = stamp.split(' ') as [string, string];
  const [hms, fraction = '0'] = clock.split('.') as [string, string | undefined];
  return { whole: Date.parse(`${date}T${hms}Z`) / 1000, fraction: Number(`0.${fraction}`) };
}

function assertSorted(times: Float64Array): void {
  for (let i = 1; i < times.length; i++) {
    if (!(times[i]! >= times[i - 1]!)) assert.unreachable(`times not sorted at ${i}: ${times[i - 1]} then ${times[i]}`);
  }
}

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`  ${label}: ${(performance.now() - start).toFixed(1)} ms`);
  return result;
}

for (const [file, rows] of [['conv.csv', 19366], ['code.csv', 8819]] as const) {
  test(`Azure ${file}: ${rows} rows, times and tokens match the file`, () => {
    const text = read(`azure-llm-2023/${file}`);
    const trace = timed(`parse azure ${file}`, () => parseTrace(text, AZURE));
    const lines = text.split(/\r?\n/).slice(1).filter((line) => line !== '');
    assert.is(lines.length, rows);
    assert.is(trace.times.length, rows);
    assert.is(trace.attributes['inputTokens']!.length, rows);
    assert.is(trace.attributes['outputTokens']!.length, rows);
    assert.is(trace.times[0], 0);
    assertSorted(trace.times);

    const first = azureTime(lines[0]!.split(',')[0]!);
    const last = azureTime(lines[rows - 1]!.split(',')[0]!);
    const duration = (last.whole - first.whole) + (last.fraction - first.fraction);
    assert.ok(duration > 3000, `an hour-long trace, got ${duration}`);
    assert.ok(Math.abs(trace.times[rows - 1]! - duration) < 1e-6, `last ${trace.times[rows - 1]} vs ${duration}`);

    // The files are already in time order, so row i of the file is element i of the result.
    for (let i = 0; i < rows; i++) {
      const [stamp, context, generated] = lines[i]!.split(',') as [string, string, string];
      const t = azureTime(stamp);
      const expected = (t.whole - first.whole) + (t.fraction - first.fraction);
      if (Math.abs(trace.times[i]! - expected) > 1e-6) assert.unreachable(`row ${i + 1}: ${trace.times[i]} vs ${expected}`);
      if (trace.attributes['inputTokens']![i] !== Number(context)) assert.unreachable(`row ${i + 1} ContextTokens`);
      if (trace.attributes['outputTokens']![i] !== Number(generated)) assert.unreachable(`row ${i + 1} GeneratedTokens`);
    }
  });
}

test('Azure conv.csv: first row tokens and microsecond precision of the second arrival', () => {
  const trace = parseTrace(read('azure-llm-2023/conv.csv'), AZURE);
  assert.is(trace.attributes['inputTokens']![0], 374);
  assert.is(trace.attributes['outputTokens']![0], 44);
  // 18:15:50.9951690 - 18:15:46.6805900
  assert.ok(Math.abs(trace.times[1]! - 4.314579) < 1e-6, `got ${trace.times[1]}`);
});

for (const [file, rows] of [['conversation_trace.jsonl', 12031], ['synthetic_trace.jsonl', 3993]] as const) {
  test(`Mooncake ${file}: ${rows} rows, seconds, attributes match the lines`, () => {
    const text = read(`mooncake-2025/${file}`);
    const trace = timed(`parse mooncake ${file}`, () => parseTrace(text, MOONCAKE));
    const records = text.split('\n').filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { timestamp: number; input_length: number; output_length: number });
    assert.is(records.length, rows);
    assert.is(trace.times.length, rows);
    assert.is(trace.times[0], 0);
    assertSorted(trace.times);

    const first = records[0]!;
    assert.is(trace.attributes['inputTokens']![0], first.input_length);
    assert.is(trace.attributes['outputTokens']![0], first.output_length);
    const last = records[rows - 1]!;
    assert.ok(Math.abs(trace.times[rows - 1]! - (last.timestamp - first.timestamp) / 1000) < 1e-9);
    assert.ok(trace.times[rows - 1]! > 500 && trace.times[rows - 1]! < 10_000, 'seconds, not milliseconds');
    for (let i = 0; i < rows; i++) {
      const record = records[i]!;
      if (Math.abs(trace.times[i]! - (record.timestamp - first.timestamp) / 1000) > 1e-9) assert.unreachable(`line ${i + 1} time`);
      if (trace.attributes['inputTokens']![i] !== record.input_length) assert.unreachable(`line ${i + 1} input_length`);
      if (trace.attributes['outputTokens']![i] !== record.output_length) assert.unreachable(`line ${i + 1} output_length`);
    }
  });
}

test('speedup 2 halves the times of a real trace and leaves attributes alone', () => {
  const text = read('azure-llm-2023/code.csv');
  const normal = parseTrace(text, AZURE);
  const fast = parseTrace(text, { ...AZURE, speedup: 2 });
  for (let i = 0; i < normal.times.length; i++) {
    if (Math.abs(fast.times[i]! - normal.times[i]! / 2) > 1e-9) assert.unreachable(`row ${i + 1}`);
  }
  assert.equal(fast.attributes['inputTokens'], normal.attributes['inputTokens']);
});

test.run();
