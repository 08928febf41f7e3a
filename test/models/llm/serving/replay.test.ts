// vLLM's scheduler, replayed on a step-time model whose steps are easy to add up by hand.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { replayVllm, type StepShape, type StepTimer } from '../../../../models/llm/serving/index.js';
import type { EngineSettings, RunWorkload } from '../../../../models/llm/serving/run-folder.js';

const test = suite('vllm replay');

/** 10 ms a step, 0.1 ms per prefill token, 1 ms per decode; records every step's shape. */
function stub(): { model: StepTimer; shapes: StepShape[] } {
  const shapes: StepShape[] = [];
  const model = { time: (s: StepShape) => { shapes.push({ ...s }); return 0.01 + 1e-4 * s.prefillTokens + 1e-3 * s.decodes; } };
  return { model, shapes };
}

function workload(rows: [number, number, number][]): RunWorkload {
  return { arrivals: Float64Array.from(rows, (r) => r[0]), inputTokens: Int32Array.from(rows, (r) => r[1]), outputTokens: Int32Array.from(rows, (r) => r[2]), lines: Int32Array.from(rows, (_, i) => i + 1) };
}

const SETTINGS: EngineSettings = { model: 'm', tp: 1, dp: 1, expertParallel: false, maxNumSeqs: 128, maxNumBatchedTokens: 2048, maxModelLen: undefined };
const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('a request alone: one prefill step, then one decode step per further token', () => {
  const { model } = stub();
  const r = replayVllm(workload([[0, 100, 5]]), { settings: SETTINGS, model, lockstep: false, kvBlocks: 1000, sampleEvery: 1 });
  assert.ok(close(r.ttft[0]!, 0.01 + 100e-4), String(r.ttft[0]));
  assert.ok(close(r.e2e[0]!, 0.02 + 4 * 0.011), String(r.e2e[0]));
  assert.ok(close(r.tpot[0]!, 0.011), String(r.tpot[0]));
  assert.is(r.steps, 5);
});

test('a prompt longer than the token budget is prefilled in chunks of max_num_batched_tokens', () => {
  const { model, shapes } = stub();
  const r = replayVllm(workload([[0, 5000, 1]]), { settings: SETTINGS, model, lockstep: false, kvBlocks: 1000, sampleEvery: 1 });
  assert.equal(shapes.map((s) => s.prefillTokens), [2048, 2048, 904]);
  // The later chunks attend to the KV already computed: chunk x prefix summed.
  assert.equal(shapes.map((s) => s.prefillKv), [0, 2048 * 2048, 904 * 4096]);
  assert.ok(close(r.ttft[0]!, 3 * 0.01 + 5000e-4));
});

test('decodes are scheduled first, prefill chunks take what is left of the budget', () => {
  const { model, shapes } = stub();
  replayVllm(workload([[0, 10, 4], [0.005, 3000, 1]]), { settings: SETTINGS, model, lockstep: false, kvBlocks: 1000, sampleEvery: 1 });
  // Step 1: A's prompt; B arrives during it, so step 2 (scheduled while step 1 ran) is A's decode alone.
  // Step 3: A's decode (KV 12) and 2047 tokens of B. Step 4: A's last decode, B's remaining 953.
  assert.equal(shapes[1], { sequences: 1, prefillTokens: 0, prefillKv: 0, decodes: 1, decodeKv: 11 });
  assert.equal(shapes[2], { sequences: 2, prefillTokens: 2047, prefillKv: 0, decodes: 1, decodeKv: 12 });
  assert.equal(shapes[3], { sequences: 2, prefillTokens: 953, prefillKv: 953 * 2047, decodes: 1, decodeKv: 13 });
});

test('async scheduling: a request arriving during a step is queued when it ends and computed in the step after next', () => {
  const { model } = stub();
  // A alone: 11 ms prompt step, then 11 ms decode steps. B (10-token prompt) arrives at 4 ms, during A's first step.
  const r = replayVllm(workload([[0, 10, 10], [0.004, 10, 2]]), { settings: SETTINGS, model, lockstep: false, kvBlocks: 1000, sampleEvery: 1 });
  // Queued at 11 ms; step 2 (11 to 22 ms, A's decode) was already scheduled; B's prompt joins step 3,
  // 22 ms to 22 + 10 + 1 + 1 ms (base, B's 10 prompt tokens, A's decode): TTFT 23 ms from the queueing.
  assert.ok(close(r.ttft[1]!, 0.011 + 0.012), String(r.ttft[1]));
  // A's clock starts at its arrival: the engine was idle.
  assert.ok(close(r.ttft[0]!, 0.011), String(r.ttft[0]));
});

test('max_num_seqs: a request waits while the batch is full', () => {
  const { model } = stub();
  const r = replayVllm(workload([[0, 10, 3], [0, 10, 3]]), { settings: { ...SETTINGS, maxNumSeqs: 1 }, model, lockstep: false, kvBlocks: 1000, sampleEvery: 0.02 });
  // B is queued when A's first step ends (11 ms, A's TTFT) and first computed in the step after A's last:
  // from its queueing to its first token, A's e2e less A's first step plus B's one prompt step (11 ms).
  assert.ok(close(r.ttft[1]!, r.e2e[0]!), `${r.ttft[1]} vs ${r.e2e[0]}`);
  assert.ok(r.waiting[0]! === 1 && r.running[0]! === 1);
});

test('out of KV blocks, the last running request is preempted and recomputes its prompt and tokens', () => {
  const { model, shapes } = stub();
  // 4 blocks of 16 tokens: both 20-token prompts fit (2 blocks each); A's 33rd token needs a 3rd block.
  const r = replayVllm(workload([[0, 20, 20], [0, 20, 20]]), { settings: SETTINGS, model, lockstep: false, kvBlocks: 4, sampleEvery: 1 });
  assert.ok(r.preemptions >= 1);
  assert.ok(r.e2e[1]! > r.e2e[0]!);
  // B came back with its prompt and the tokens it had generated, prefilled in one step.
  assert.ok(shapes.some((s) => s.prefillTokens > 20), JSON.stringify(shapes.map((s) => s.prefillTokens)));
  for (let i = 0; i < 2; i++) assert.ok(Number.isFinite(r.e2e[i]!));
});

test('data parallel: simultaneous requests go to different ranks and do not wait for each other', () => {
  const { model } = stub();
  const r = replayVllm(workload([[0, 100, 5], [0, 100, 5]]), { settings: { ...SETTINGS, dp: 2 }, model, lockstep: false, kvBlocks: 1000, sampleEvery: 1 });
  assert.ok(close(r.ttft[0]!, 0.02) && close(r.ttft[1]!, 0.02), `${r.ttft[0]} ${r.ttft[1]}`);
});

test.run();
