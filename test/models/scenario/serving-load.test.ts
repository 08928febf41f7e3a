// LLM serving sections loaded into exact spec values: models and profiles, GPU pools, agent kinds,
// escalation and switch routes, generated attributes, caches, a trace's prefix column, defaults.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_PROFILES } from '../../../models/llm/profiles.js';
import type { AgentSpec, CacheAgent, LlmAgent } from '../../../sim/network/spec.js';
import { SERVING, diagnosticsOf, editServing, load } from './fixtures.js';

const builtin = (name: string) => BUILTIN_PROFILES.get(name)!;
const ms = (n: number): number => n * 1e-3;
const us = (n: number): number => n * 1e-6;

function llm(a: AgentSpec | undefined): LlmAgent {
  if (a?.kind !== 'llm') throw new Error(`expected an llm agent, found ${a?.kind ?? 'nothing'}`);
  return a;
}
function cache(a: AgentSpec | undefined): CacheAgent {
  if (a?.kind !== 'cache') throw new Error(`expected a cache agent, found ${a?.kind ?? 'nothing'}`);
  return a;
}

const s = suite('serving scenarios load');

s('the serving fixture normalizes to exact spec values', () => {
  const { network } = load(SERVING);
  assert.equal(network.attributes, ['difficulty', 'output_tokens', 'prompt_tokens']);
  assert.equal(network.models, [
    { name: 'small', profile: builtin('llama3-8b-h100').profile, pricePerInputToken: 0.15 / 1000, pricePerOutputToken: 0.6 / 1000, quality: 0.72 },
    {
      name: 'large',
      profile: { fixed: ms(9), prefill: { x: [0, 1], y: [0, us(60)] }, decode: { x: [0, 1], y: [0, us(120)] }, perKvToken: us(0.3), kvBytesPerToken: 327_680 },
      pricePerInputToken: 0, pricePerOutputToken: 0, quality: NaN,
    },
  ]);
  assert.equal(network.pools, [
    { name: 'pool-a', model: 0, replicas: 2, kvBytes: 40 * 2 ** 30, maxBatch: 64, prefillChunk: 512, kvPolicy: 'reserve', pricePerHour: 4.1, prefixCacheBlocks: 2000 },
    { name: 'pool-b', model: 1, replicas: 1, kvBytes: 100e9, maxBatch: 256, prefillChunk: Infinity, kvPolicy: 'recompute', pricePerHour: 0, prefixCacheBlocks: 0 },
  ]);
  assert.equal(network.classes, [{
    name: 'chat', arrivals: { process: 'poisson', rate: 5 }, entry: 0, routes: [undefined, undefined, undefined, undefined, undefined],
    attributes: [
      { attribute: 2, dist: { dist: 'uniform', min: 100, max: 3000 } },
      { attribute: 1, dist: { dist: 'gamma', mean: 250, cv: 1 } },
      { attribute: 0, dist: { dist: 'deterministic', value: 0.5 } },
    ],
  }]);
  const none = { failure: 0, onFailure: undefined, costPerCall: 0 };
  assert.equal(network.agents, [
    {
      kind: 'router', name: 'router', ...none,
      next: {
        kind: 'condition',
        rules: [{ condition: { attribute: 0, op: '>', value: 0.7 }, then: { kind: 'agent', to: 3, escalate: false } }],
        otherwise: { kind: 'agent', to: 1, escalate: false },
      },
    },
    {
      kind: 'cache', name: 'cache', ...none, next: { kind: 'agent', to: 2, escalate: false },
      policy: { kind: 'probability', hit: 0.35 }, lookup: { dist: 'deterministic', value: ms(15) }, onHit: { kind: 'exit' },
    },
    {
      kind: 'llm', name: 'small_answer', pool: 0, inputTokens: { kind: 'attribute', attribute: 2 }, outputTokens: { kind: 'attribute', attribute: 1 },
      failure: 0.1, onFailure: { kind: 'agent', to: 3, escalate: true }, costPerCall: 0,
      next: { kind: 'random', to: [3, 4], p: [0.2, 0.8], escalate: [true, false] },
    },
    {
      kind: 'llm', name: 'large_answer', pool: 1, inputTokens: { kind: 'attribute', attribute: 2 },
      outputTokens: { kind: 'dist', dist: { dist: 'deterministic', value: 200 } }, ...none, next: { kind: 'exit' },
    },
    {
      kind: 'station', name: 'tool', servers: 1, capacity: Infinity, service: { dist: 'lognormal', mean: ms(300), cv: 1 },
      next: { kind: 'exit' }, failure: 0.02, onFailure: undefined, costPerCall: 0.001,
    },
  ]);
});

s('a pool without kv_memory takes its built-in profile default', () => {
  const text = editServing({ 12: '  pool-a: { model: small }' });
  const pool = load(text).network.pools[0]!;
  assert.is(pool.kvBytes, builtin('llama3-8b-h100').defaultKvBytes);
  assert.ok(pool.kvBytes > 50e9 && pool.kvBytes < 60e9, `${pool.kvBytes}`);
  assert.equal([pool.replicas, pool.maxBatch, pool.prefillChunk, pool.kvPolicy, pool.pricePerHour, pool.prefixCacheBlocks], [1, 256, Infinity, 'recompute', 0, 0]);
});

s('profiles as tables, byte units, and a prefill table beside a per-sequence decode cost', () => {
  const text = editServing({
    9: '    profile: { fixed: 5ms, prefill: [[0, 0], [512, 30ms], [2048, 110ms]], decode: [[0, 0], [1, 0.2ms], [64, 9ms]], kv_bytes_per_token: 1.5MB }',
    10: '  mixed: { profile: { prefill: [[0, 1ms], [100, 1ms]], decode_sequence: 1ms, kv_bytes_per_token: 128KiB } }',
    14: '  pool-c: { model: mixed, kv_memory: 1GiB }',
  });
  const [, large, mixed] = load(text).network.models;
  assert.equal(large!.profile, {
    fixed: ms(5), prefill: { x: [0, 512, 2048], y: [0, ms(30), ms(110)] }, decode: { x: [0, 1, 64], y: [0, ms(0.2), ms(9)] }, perKvToken: 0, kvBytesPerToken: 1.5e6,
  });
  assert.equal(mixed!.profile, { fixed: 0, prefill: { x: [0, 100], y: [ms(1), ms(1)] }, decode: { x: [0, 1], y: [0, ms(1)] }, perKvToken: 0, kvBytesPerToken: 131_072 });
});

s('every built-in profile can be named', () => {
  for (const name of BUILTIN_PROFILES.keys()) {
    const { network } = load(editServing({ 5: `    profile: ${name}`, 12: '  pool-a: { model: small }' }));
    assert.equal(network.models[0]!.profile, builtin(name).profile, name);
    assert.is(network.pools[0]!.kvBytes, builtin(name).defaultKvBytes, name);
  }
});

s('token sources: an attribute, a whole number, a distribution of counts', () => {
  const text = editServing({ 36: '    input_tokens: { dist: empirical, samples: [10, 20, 30] }', 37: '    output_tokens: 7' });
  const agent = llm(load(text).network.agents[2]);
  assert.equal(agent.inputTokens, { kind: 'dist', dist: { dist: 'empirical', samples: [10, 20, 30] } });
  assert.equal(agent.outputTokens, { kind: 'dist', dist: { dist: 'deterministic', value: 7 } });
});

s('next specs: { to }, { to: exit }, escalating single entries, switches with every operator and nested targets', () => {
  const text = editServing({
    27: '    next: { switch: [{ when: "difficulty >= 0.9", then: { to: large_answer, escalate: true } }, { when: "prompt_tokens<100", then: [{ to: tool, p: 1 }] },'
      + ' { when: "prompt_tokens <= -1e3", then: exit }, { when: "difficulty == 0.5", then: cache }, { when: "difficulty != 1", then: { to: cache } }] }',
    32: '    next: { to: small_answer }',
    40: '    next: [{ to: large_answer, p: 1, escalate: true }]',
    45: '    output_tokens: 200\n    next: { to: exit }',
  });
  const [router, c, small, large] = load(text).network.agents;
  const agent = (to: number, escalate = false) => ({ kind: 'agent', to, escalate });
  assert.equal(router!.next, {
    kind: 'condition',
    rules: [
      { condition: { attribute: 0, op: '>=', value: 0.9 }, then: agent(3, true) },
      { condition: { attribute: 2, op: '<', value: 100 }, then: agent(4) },
      { condition: { attribute: 2, op: '<=', value: -1000 }, then: { kind: 'exit' } },
      { condition: { attribute: 0, op: '==', value: 0.5 }, then: agent(1) },
      { condition: { attribute: 0, op: '!=', value: 1 }, then: agent(1) },
    ],
    otherwise: { kind: 'exit' },
  });
  assert.equal(c!.next, agent(2));
  assert.equal(small!.next, agent(3, true));
  assert.equal(large!.next, { kind: 'exit' });
});

s('keyed caches: popularity keys with capacity and ttl, or a request attribute with no limits', () => {
  const text = editServing({
    30: '    keys: { count: 100000, zipf: 1.1 }\n    capacity: 5000\n    ttl: 10min\n    on_hit: { to: tool }',
  }, ['  memo:', '    kind: cache', '    keys: { attribute: difficulty }', '    cost_per_call: 0.0001', '    next: tool']);
  const agents = load(text).network.agents;
  const keyed = cache(agents[1]);
  assert.equal(keyed.policy, { kind: 'keyed', keys: { kind: 'zipf', count: 100_000, exponent: 1.1 }, capacity: 5000, ttl: 600 });
  assert.equal(keyed.onHit, { kind: 'agent', to: 4, escalate: false });
  const memo = cache(agents[5]);
  assert.equal(memo.policy, { kind: 'keyed', keys: { kind: 'attribute', attribute: 0 }, capacity: Infinity, ttl: Infinity });
  assert.equal(memo.lookup, { dist: 'deterministic', value: 0 });
  assert.equal(memo.onHit, { kind: 'exit' });
  assert.is(memo.costPerCall, 0.0001);
});

const TRACE = [
  '{"timestamp": 0, "input_length": 5000, "output_length": 10, "hash_ids": [0, 1, 2]}',
  '{"timestamp": 2000, "input_length": 100000, "output_length": 20, "hash_ids": [0, 3]}',
  '{"timestamp": 1000, "input_length": 300, "output_length": 30, "hash_ids": []}',
].join('\n');
const replay = [
  '  replay:',
  '    arrivals:',
  '      process: trace',
  '      file: t.jsonl',
  '      time: { column: timestamp, unit: ms }',
  '      attributes: { prompt_tokens: input_length, output_tokens: output_length, turn: output_length }',
  '      prefix: hash_ids',
  '    entry: router',
];

s('a trace class: its prefix blocks in arrival order, its attributes in the sorted union', () => {
  const text = editServing({ 23: replay.join('\n') });
  const { network } = load(text, { readFile: () => TRACE });
  assert.equal(network.attributes, ['difficulty', 'output_tokens', 'prompt_tokens', 'turn']);
  const arrivals = network.classes[1]!.arrivals;
  if (arrivals.process !== 'trace') throw new Error('expected a trace');
  assert.equal(Array.from(arrivals.trace.times), [0, 1, 2]);
  assert.equal(Array.from(arrivals.trace.attributes['prompt_tokens']!), [5000, 300, 100000]);
  assert.equal(Array.from(arrivals.trace.prefixBlocks!.offsets), [0, 3, 3, 5]);
  assert.equal(Array.from(arrivals.trace.prefixBlocks!.ids), [0, 1, 2, 0, 3]);
  assert.equal(network.classes[1]!.attributes, []);
  // A class without a prefix column has none.
  const plain = load(editServing({ 23: replay.slice(0, 6).concat('    entry: router').join('\n') }), { readFile: () => TRACE });
  const p = plain.network.classes[1]!.arrivals;
  assert.ok(p.process === 'trace' && p.trace.prefixBlocks === undefined);
});

s('the KV check takes the largest call a pool can receive, following switch conditions', () => {
  // 1 GiB holds 8192 tokens of llama3-8b: the trace's 100000-token prompt must go to the large model, and does.
  const routed = editServing({
    12: '  pool-a: { model: small, kv_memory: 1GiB }',
    23: replay.join('\n'),
    27: '    next: { switch: [{ when: "prompt_tokens > 8000", then: large_answer }], otherwise: cache }',
  });
  assert.is(load(routed, { readFile: () => TRACE }).network.pools[0]!.kvBytes, 2 ** 30);
  // Let it through to the small model: that call (with the 20 output tokens of its own row) cannot fit.
  const leaky = routed.replace('prompt_tokens > 8000', 'prompt_tokens > 100000');
  const [d, ...rest] = diagnosticsOf(leaky, { readFile: () => TRACE });
  assert.is(rest.length, 0);
  assert.is(d!.path, 'gpus.pool-a.kv_memory');
  assert.ok(d!.expected.includes("(100000 prompt + 20 output tokens) x 131072 B = 12.21 GiB (13109821440 B) (agent 'small_answer' for class 'replay')"), d!.expected);
  assert.is(d!.found, '1 GiB (1073741824 B)');
  // The largest prompt and the largest output (100000 + 30) are on different rows: memory for
  // 100025 tokens holds every row (at most 100000 + 20), though not the two bounds together.
  const rows = leaky.replace('kv_memory: 1GiB', `kv_memory: ${100_025 * 131_072}B`);
  assert.is(load(rows, { readFile: () => TRACE }).network.pools[0]!.kvBytes, 100_025 * 131_072);
  const [short] = diagnosticsOf(rows.replace(`${100_025 * 131_072}B`, `${100_019 * 131_072}B`), { readFile: () => TRACE });
  assert.ok(short!.expected.includes('(100000 prompt + 20 output tokens)'), short!.expected);
  // A call that fits exactly is accepted: 8192 tokens = 1 GiB.
  const exact = editServing({ 12: '  pool-a: { model: small, kv_memory: 1GiB }', 36: '    input_tokens: 8000', 37: '    output_tokens: 192' });
  assert.is(load(exact).network.pools[0]!.kvBytes, 2 ** 30);
  const [over] = diagnosticsOf(exact.replace('output_tokens: 192', 'output_tokens: 193'));
  assert.ok(over!.expected.includes('(8000 prompt + 193 output tokens)'), over!.expected);
});

s('--set reaches the new sections', () => {
  const { network } = load(SERVING, { overrides: ['gpus.pool-a.replicas=6', 'models.small.price.input=1', 'agents.cache.hit=0.5'] });
  assert.is(network.pools[0]!.replicas, 6);
  assert.is(network.models[0]!.pricePerInputToken, 1 / 1000);
  assert.equal(cache(network.agents[1]).policy, { kind: 'probability', hit: 0.5 });
});

s.run();
