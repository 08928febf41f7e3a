// Continuous batching on modelled GPUs against what its definition implies exactly: lone calls
// take prefill then one decode iteration per further token; a saturated replica produces
// max_batch tokens per full iteration; KV memory is never exceeded.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runRecordedReplication } from '../../../models/run/replicate.js';
import { EXIT, gpuPool, linearProfile, llm, model, network, scenarioOf } from '../../helpers/specs.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';

const test = suite('gpu pool');
const metricsOf = (net: NetworkSpec, horizon: number, warmup = 0, replication = 0) => {
  const out = runRecordedReplication(scenarioOf(net, { horizon, warmup }), replication, warmup, { timeseriesWindow: 0, traceRequests: true });
  const get = (name: string) => {
    const m = out.metrics.find((x) => x.name === name);
    if (m === undefined) throw new Error(`no metric ${name}`);
    return m.value;
  };
  return { get, rows: out.requests! };
};
const close = (a: number, b: number, what: string, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1e-12, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('a lone call: TTFT is the prefill iteration, then one decode iteration per further token', () => {
  const fixed = 0.008, a = 50e-6, b = 120e-6, c = 0.4e-6;
  const P = 900, O = 40;
  const net = network({
    agents: [llm('answer', 0, P, O)],
    classes: [{ name: 'q', arrivals: { process: 'deterministic', rate: 0.1 }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(fixed, a, b, c))],
    pools: [gpuPool('g', 0, 1, 100_000)],
  });
  const { get, rows } = metricsOf(net, 1000);
  const ttft = fixed + a * P;
  // Decode iteration j (1..O-1) reads the prompt and the j tokens generated so far.
  let e2e = ttft;
  for (let j = 1; j < O; j++) e2e += fixed + b + c * (P + j);
  close(get('ttft.mean'), ttft, 'ttft');
  close(get('ttft.p95'), ttft, 'ttft p95', 0.01);
  close(get('e2e.mean'), e2e, 'e2e');
  close(get('tpot.mean'), (e2e - ttft) / (O - 1), 'tpot');
  close(get('agent.answer.wait.mean'), 0, 'no wait at low load');
  assert.is(rows.count, 99, 'arrivals at 10 s, 20 s, ...; the one at the horizon is still running');
  close(get('gpu.g.batch.mean'), 1, 'batch of one');
});

test('chunked prefill spreads a long prompt over iterations of at most the chunk', () => {
  const fixed = 0.01, a = 1e-4;
  const net = network({
    agents: [llm('answer', 0, 1000, 1)],
    classes: [{ name: 'q', arrivals: { process: 'deterministic', rate: 0.1 }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(fixed, a, 0, 0))],
    pools: [gpuPool('g', 0, 1, 100_000, { prefillChunk: 300 })],
  });
  // 300 + 300 + 300 + 100 tokens: four iterations, the first token at the end of the last.
  close(metricsOf(net, 1000).get('ttft.mean'), 4 * fixed + 1000 * a, 'ttft');
});

test('a sequence the chunk leaves no prompt tokens for waits: it produces no token in that iteration', () => {
  // Three 300-token prompts arrive together, the chunk is 300: A prefills alone in iteration 1;
  // B and C join at iteration 2, where A decodes and B takes the whole chunk, so C, admitted with
  // nothing to compute, prefills only in iteration 3 (beside B's decode).
  const fixed = 0.01, a = 1e-4, b = 2e-4;
  const net = network({
    agents: [llm('answer', 0, 300, 2)],
    classes: ['q1', 'q2', 'q3'].map((name) => ({ name, arrivals: { process: 'deterministic' as const, rate: 0.1 }, entry: 0, routes: [], attributes: [] })),
    models: [model('m', linearProfile(fixed, a, b, 0))],
    pools: [gpuPool('g', 0, 1, 100_000, { prefillChunk: 300 })],
  });
  const t1 = fixed + 300 * a, t2 = t1 + fixed + 300 * a + b, t3 = t2 + fixed + 300 * a + b;
  close(metricsOf(net, 1000).get('ttft.mean'), (t1 + t2 + t3) / 3, 'mean of the three TTFTs');
});

test('a token budget (max_num_batched_tokens) serves decodes first, then prefill chunks from what is left', () => {
  // A (10-token prompt, 3 tokens out) and B (1000-token prompt) arrive together; A starts alone
  // (the replica was idle). Budget 600: in iteration 2 A's decode takes 1 token and B the 599 left;
  // in iteration 3 A's last decode 1 and B the remaining 401, ending with B's first token.
  const fixed = 0.01, a = 1e-4, b = 2e-4;
  const net = network({
    agents: [llm('answer', 0, 10, 3), llm('long', 0, 1000, 1)],
    classes: [
      { name: 'short', arrivals: { process: 'deterministic', rate: 0.1 }, entry: 0, routes: [], attributes: [] },
      { name: 'long', arrivals: { process: 'deterministic', rate: 0.1 }, entry: 1, routes: [], attributes: [] },
    ],
    models: [model('m', linearProfile(fixed, a, b, 0))],
    pools: [gpuPool('g', 0, 1, 100_000, { tokenBudget: 600 })],
  });
  const t1 = fixed + 10 * a, t2 = t1 + fixed + 599 * a + b, t3 = t2 + fixed + 401 * a + b;
  const { get } = metricsOf(net, 15);
  close(get('agent.answer.ttft.mean'), t1, 'A: its prompt alone');
  close(get('agent.long.ttft.mean'), t3, 'B: 599 then 401 prompt tokens, beside A\'s decodes');
});

test('a spent token budget admits no one: the call waits for the next iteration', () => {
  // C (1 token in, 1 out) starts alone; A and B (100-token prompts, 2 tokens out) arrive meanwhile.
  // Budget 100: at iteration 2, A's prompt spends it and B stays in line; at iteration 3 A decodes
  // its last token and B takes the 99 tokens left; at iteration 4 B's last prompt token.
  const fixed = 0.01, a = 1e-4, b = 2e-4;
  const net = network({
    agents: [llm('tiny', 0, 1, 1), llm('answer', 0, 100, 2)],
    classes: [
      { name: 'c', arrivals: { process: 'deterministic', rate: 0.1 }, entry: 0, routes: [], attributes: [] },
      ...['q1', 'q2'].map((name) => ({ name, arrivals: { process: 'deterministic' as const, rate: 0.1 }, entry: 1, routes: [], attributes: [] })),
    ],
    models: [model('m', linearProfile(fixed, a, b, 0))],
    pools: [gpuPool('g', 0, 1, 100_000, { tokenBudget: 100 })],
  });
  const t1 = fixed + a, t2 = t1 + fixed + 100 * a, t3 = t2 + fixed + 99 * a + b, t4 = t3 + fixed + a;
  const { get } = metricsOf(net, 15);
  close(get('agent.answer.wait.mean'), (t1 + t2) / 2, 'A waited for C\'s iteration, B for A\'s too');
  close(get('agent.answer.ttft.mean'), (t2 + t4) / 2, 'TTFT of A and of B');
});

test('a saturated replica produces max_batch tokens per full iteration', () => {
  const fixed = 0.006, b = 80e-6, B = 64;
  const net = network({
    agents: [llm('answer', 0, 1, 2000)],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 50 }, entry: 0, routes: [], attributes: [] }],
    // Prefill tokens cost as much as decoding sequences, so every full iteration costs fixed + b * B.
    models: [model('m', linearProfile(fixed, b, b, 0))],
    pools: [gpuPool('g', 0, 1, 10_000_000, { maxBatch: B })],
  });
  const { get } = metricsOf(net, 400, 100);
  const max = B / (fixed + b * B);
  // Tokens are counted when an iteration ends: each end of the 300 s window can cut one iteration.
  close(get('gpu.g.tokens_per_s'), max, 'tokens/s at saturation', (2 * B) / (max * 300));
  close(get('gpu.g.batch.mean'), B, 'full batches', 1e-9);
  close(get('gpu.g.utilization'), 1, 'always busy', 1e-9);
});

test('KV memory is never exceeded; under recompute the youngest is preempted and every call completes', () => {
  const net = network({
    agents: [llm('answer', 0, 400, 300)],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 20 }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0))],
    pools: [gpuPool('g', 0, 2, 5000, { maxBatch: 64 })],
  });
  const { get, rows } = metricsOf(net, 300);
  assert.ok(get('gpu.g.preemptions') > 0, 'memory pressure forced preemptions');
  assert.ok(get('gpu.g.kv.max') <= 1, `KV occupancy ${get('gpu.g.kv.max')}`);
  assert.ok(get('gpu.g.kv.max') > 0.9, 'memory was nearly full');
  for (let i = 0; i < rows.count; i++) assert.is(rows.tokensOut[i], 300);
  const reserve = metricsOf({ ...net, pools: [gpuPool('g', 0, 2, 5000, { maxBatch: 64, kvPolicy: 'reserve' })] }, 300);
  assert.is(reserve.get('gpu.g.preemptions'), 0);
  assert.ok(reserve.get('gpu.g.kv.max') <= 1);
});

test('a call larger than a replica\'s KV memory is a clear error', () => {
  const net = network({
    agents: [llm('answer', 0, 6000, 10)],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 1 }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0))],
    pools: [gpuPool('g', 0, 1, 5000)],
  });
  assert.throws(() => metricsOf(net, 10), /gpus\.g\.kv_memory: a call of 6000 prompt \+ 10 output tokens/);
});

test('cost equals tokens times prices exactly, plus per-call fees and GPU hours', () => {
  const pIn = 0.5e-6, pOut = 1.5e-6;
  const net = network({
    agents: [llm('answer', 0, 700, 120, EXIT, { costPerCall: 0.002 })],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 2 }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0), [pIn, pOut])],
    pools: [gpuPool('g', 0, 2, 1_000_000, { pricePerHour: 3.6 })],
  });
  const { get, rows } = metricsOf(net, 3600, 100);
  const perCall = 700 * pIn + 120 * pOut + 0.002;
  for (let i = 0; i < rows.count; i++) close(rows.cost[i]!, perCall, `row ${i} cost`, 1e-12);
  const completed = get('completed');
  const gpu = 2 * 3.6 * (3600 - 100) / 3600;
  close(get('cost.gpu.g'), gpu, 'gpu cost');
  // Every request that finished after warm-up is complete here, so the per-task cost is exact.
  close(get('cost.per_task.mean'), (rows.count * perCall + gpu) / completed, 'cost per task', 1e-12);
  close(get('tokens.per_task.mean'), 820, 'tokens per task');
});

test.run();
