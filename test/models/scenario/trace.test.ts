import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ArrivalSpec, TraceArrivals } from '../../../sim/network/spec.js';
import { load } from './fixtures.js';

// Scenario files live in scenarios/ and name the bundled traces relative to it, as the shell resolves them.
const scenariosDir = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));
const readFromScenarios = (path: string): string => readFileSync(scenariosDir + path, 'utf8');

const AZURE = '../../shared/data/azure-llm-2023/conv.csv';
const MOONCAKE = '../../shared/data/mooncake-2025/conversation_trace.jsonl';

const twoTraces = `
name: replay
horizon: 4000s
workload:
  azure:
    arrivals:
      process: trace
      file: ${AZURE}
      time: { column: TIMESTAMP, unit: iso }
      attributes: { prompt_tokens: ContextTokens, output_tokens: GeneratedTokens }
    entry: llm
  kimi:
    arrivals:
      process: trace
      file: ${MOONCAKE}
      time: { column: timestamp, unit: ms }
      attributes: { input_tokens: input_length, output_tokens: output_length }
      speedup: 2
    entry: llm
agents:
  llm:
    servers: 12
    service: { dist: lognormal, mean: 2s, cv: 1 }
`;

function traceOf(arrivals: ArrivalSpec): TraceArrivals {
  if (arrivals.process !== 'trace') throw new Error(`expected trace arrivals, got ${arrivals.process}`);
  return arrivals.trace;
}

const replay = suite('trace replay');

replay('the bundled Azure and Mooncake traces load with the documented mappings', () => {
  const s = load(twoTraces, { readFile: readFromScenarios });
  const azure = traceOf(s.network.classes[0]!.arrivals);
  const kimi = traceOf(s.network.classes[1]!.arrivals);
  assert.is(azure.source, AZURE);
  assert.is(azure.times.length, 19_366);
  assert.is(azure.times[0], 0);
  // 2023-11-16 18:15:46.6805900 -> 18:15:50.9951690: the first two rows of conv.csv.
  assert.ok(Math.abs(azure.times[1]! - 4.314579) < 1e-6, `second arrival at ${azure.times[1]}`);
  assert.equal(Object.keys(azure.attributes).sort(), ['output_tokens', 'prompt_tokens']);
  assert.is(azure.attributes['prompt_tokens']![0], 374);
  assert.is(azure.attributes['output_tokens']![0], 44);
  assert.is(kimi.times.length, 12_031);
  assert.equal(Object.keys(kimi.attributes).sort(), ['input_tokens', 'output_tokens']);
  // Timestamps are ms; speedup 2 halves the span, which is under an hour of recording.
  const span = kimi.times[kimi.times.length - 1]!;
  assert.ok(span > 1000 && span < 1800, `span ${span}`);
  assert.equal(s.network.attributes, ['input_tokens', 'output_tokens', 'prompt_tokens']);
});

replay('readFile receives the path exactly as written, and the format follows the extension', () => {
  const seen: string[] = [];
  const text = twoTraces.replace(AZURE, 'sub/../small.csv').replace(MOONCAKE, 'small.JSONL');
  const files: Record<string, string> = {
    'sub/../small.csv': 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:02,10,1\n2023-11-16 18:00:00,20,2\n',
    'small.JSONL': '{"timestamp": 1000, "input_length": 5, "output_length": 6, "hash_ids": [1, 2]}\n{"timestamp": 3000, "input_length": 7, "output_length": 8, "hash_ids": []}\n',
  };
  const s = load(text, { readFile: (p) => { seen.push(p); return files[p] ?? ''; } });
  assert.equal(seen, ['sub/../small.csv', 'small.JSONL']);
  const azure = traceOf(s.network.classes[0]!.arrivals);
  assert.equal([...azure.times], [0, 2]);
  assert.equal([...azure.attributes['prompt_tokens']!], [20, 10]);
  const kimi = traceOf(s.network.classes[1]!.arrivals);
  assert.equal([...kimi.times], [0, 1]);
});

replay.run();
