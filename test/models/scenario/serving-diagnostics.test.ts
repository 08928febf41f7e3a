// Malformed serving scenarios: each mistake in models, profiles, GPU pools, agent kinds, caches,
// routing, attributes and traces is reported once, at its dotted path and line, saying what was
// expected and what was found.

import { suite } from 'uvu';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { editServing, diagnosticCases, type DiagnosticCase } from './fixtures.js';

/** A real measured profile folder (../shared/data/serving), read from disk. */
const PERF = fileURLToPath(new URL('../../../../../shared/data/serving/llmservingsim/perf/RTXPRO6000/', import.meta.url));
const disk = { readFile: (p: string) => readFileSync(p, 'utf8') };
const measured = (text: string) => profile(`measured: ${PERF}${text}`);

const profile = (text: string) => editServing({ 9: `    profile: { ${text} }` });
const pool = (text: string) => editServing({ 12: `  pool-a: { model: small, ${text} }` });
const cacheLines = (...lines: string[]) => editServing({ 30: lines.map((l) => `    ${l}`).join('\n') });
const switchRule = (text: string) => editServing({ 27: `    next: { switch: [${text}], otherwise: cache }` });

const TRACE = '{"timestamp": 0, "input_length": 100000, "output_length": 10, "hash_ids": [0, 1]}\n{"timestamp": 5, "input_length": 20, "output_length": 10, "hash_ids": 3}\n';
const trace = { readFile: () => TRACE };
/** A trace class at line 23 (arrivals at 24-29, its own attributes from 31). */
const replay = (mapping: string, extra: readonly string[] = [], replace: Readonly<Record<number, string>> = {}) => editServing({
  ...replace,
  23: [
    '  replay:', // 23
    '    arrivals:', // 24
    '      process: trace', // 25
    '      file: t.jsonl', // 26
    '      time: { column: timestamp, unit: ms }', // 27
    `      attributes: ${mapping}`, // 28
    ...extra, // 29...
    '    entry: router',
  ].join('\n'),
});

const cases: readonly DiagnosticCase[] = [
  // Models and profiles
  { name: 'unknown profile, listing the built-in ones', text: editServing({ 5: '    profile: llama3-8b' }), path: 'models.small.profile', line: 5, fragment: 'llama3-8b-h100, llama3-70b-4xh100, mixtral-8x7b-2xh100, mixtral-8x7b-4xh100, llama2-7b-a100, llama3-8b-a100, llama3-8b-h100-roofline, llama3-70b-4xh100-roofline', count: 1 },
  { name: 'profile with a typo', text: editServing({ 5: '    profile: llama3-8b-h10' }), path: 'models.small.profile', line: 5, fragment: "unknown profile 'llama3-8b-h10' (did you mean 'llama3-8b-h100'?)", count: 1 },
  { name: 'profile of the wrong type', text: editServing({ 5: '    profile: [1, 2]' }), path: 'models.small.profile', line: 5, fragment: 'a built-in profile name, or a map', count: 1 },
  { name: 'a model that no pool serves', text: editServing({ 10: '  spare: { profile: llama2-7b-a100 }' }), path: 'models.spare', line: 10, fragment: "model 'spare', which no pool serves", count: 1 },
  { name: 'negative fixed cost', text: profile('fixed: -9ms, prefill_token: 60us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.fixed', line: 9, fragment: "'-9ms' (negative)", count: 1 },
  { name: 'negative prefill cost', text: profile('fixed: 9ms, prefill_token: -60us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill_token', line: 9, fragment: 'negative', count: 1 },
  { name: 'negative decode cost', text: profile('fixed: 9ms, decode_sequence: -1us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.decode_sequence', line: 9, fragment: 'negative', count: 1 },
  { name: 'negative KV-token cost', text: profile('fixed: 9ms, kv_token: -0.3us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.kv_token', line: 9, fragment: 'negative', count: 1 },
  { name: 'kv_bytes_per_token of 0', text: profile('fixed: 9ms, kv_bytes_per_token: 0'), path: 'models.large.profile.kv_bytes_per_token', line: 9, fragment: '0 (must be greater than 0)', count: 1 },
  { name: 'negative kv_bytes_per_token', text: profile('fixed: 9ms, kv_bytes_per_token: -5KiB'), path: 'models.large.profile.kv_bytes_per_token', line: 9, fragment: 'negative', count: 1 },
  { name: 'kv_bytes_per_token with an unknown unit', text: profile('fixed: 9ms, kv_bytes_per_token: 320kib'), path: 'models.large.profile.kv_bytes_per_token', line: 9, fragment: "'320kib' (unknown unit 'kib')", count: 1 },
  { name: 'missing kv_bytes_per_token', text: profile('fixed: 9ms'), path: 'models.large.profile.kv_bytes_per_token', line: 9, fragment: 'missing', count: 1 },
  { name: 'table not starting at 0', text: profile('fixed: 1ms, prefill: [[1, 0], [512, 30ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill[0][0]', line: 9, fragment: 'x = 0', count: 1 },
  { name: 'table x not ascending', text: profile('fixed: 1ms, prefill: [[0, 0], [512, 30ms], [512, 40ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill[2][0]', line: 9, fragment: "greater than the previous point's (512)", count: 1 },
  { name: 'table with a negative time', text: profile('fixed: 1ms, decode: [[0, 0], [64, -9ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.decode[1][1]', line: 9, fragment: 'negative', count: 1 },
  { name: 'table with a negative x', text: profile('fixed: 1ms, decode: [[0, 0], [-1, 9ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.decode[1][0]', line: 9, fragment: 'at least 0', count: 1 },
  { name: 'table of one point', text: profile('fixed: 1ms, prefill: [[0, 0]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill', line: 9, fragment: 'at least two points', count: 1 },
  { name: 'table whose extension falls below 0', text: profile('fixed: 1ms, decode: [[0, 0], [1, 1ms], [2, 0.5ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.decode[2]', line: 9, fragment: 'does not fall', count: 1 },
  { name: 'table point that is not a pair', text: profile('fixed: 1ms, prefill: [[0, 0, 1], [1, 1ms]], kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill[0]', line: 9, fragment: 'a point [x, time], such as [512, 30ms], found a list of 3 values', count: 1 },
  { name: 'per-token cost and table together', text: profile('prefill_token: 1us, prefill: [[0, 0], [1, 1us]], decode_sequence: 1us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.prefill', line: 9, fragment: "either 'prefill_token' or 'prefill'", count: 1 },
  { name: 'a profile in which iterations take no time', text: profile('prefill_token: 1us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile', line: 9, fragment: 'every iteration takes time', count: 1 },
  { name: 'unknown profile field', text: profile('fixed: 1ms, decode_token: 1us, kv_bytes_per_token: 1KiB'), path: 'models.large.profile.decode_token', line: 9, fragment: "unknown field 'decode_token'", count: 1 },
  { name: 'negative price', text: editServing({ 6: '    price: { input: -0.15, output: 0.6 }' }), path: 'models.small.price.input', line: 6, fragment: 'at least 0', count: 1 },
  { name: 'quality that is not a number', text: editServing({ 7: '    quality: high' }), path: 'models.small.quality', line: 7, fragment: 'a finite number', count: 1 },
  { name: 'misspelled model field', text: editServing({ 7: '    qualty: 0.7' }), path: 'models.small.qualty', line: 7, fragment: "did you mean 'quality'", count: 1 },
  { name: 'model with a bad name', text: editServing({ 10: '  "big model": { profile: llama2-7b-a100 }', 14: '  pool-c: { model: big model }' }), path: 'models.big model', line: 10, fragment: 'letters, digits', count: 1 },

  // GPU pools
  { name: 'pool naming an unknown model, without also calling that model unserved', text: editServing({ 13: '  pool-b: { model: larg, kv_memory: 100GB }' }), path: 'gpus.pool-b.model', line: 13, fragment: "unknown model 'larg' (did you mean 'large'?)", count: 1 },
  { name: 'pool without a model', text: editServing({ 13: '  pool-b: { kv_memory: 100GB }' }), path: 'gpus.pool-b.model', line: 13, fragment: 'missing', count: 1 },
  { name: 'replicas 0', text: pool('replicas: 0'), path: 'gpus.pool-a.replicas', line: 12, fragment: 'an integer of at least 1', count: 1 },
  { name: 'max_batch 1.5', text: pool('max_batch: 1.5'), path: 'gpus.pool-a.max_batch', line: 12, fragment: 'found 1.5', count: 1 },
  { name: 'max_num_batched_tokens below max_batch', text: pool('max_batch: 128, max_num_batched_tokens: 64'), path: 'gpus.pool-a.max_num_batched_tokens', line: 12, fragment: 'at least max_batch (128)', count: 1 },
  // Measured profile folders
  { name: 'measured profile: no such folder', text: profile('measured: no/such/folder'), options: disk, path: 'models.large.profile.measured', line: 9, fragment: "no/such/folder/meta.yaml: field '(file)': expected the profile description (meta.yaml), found it cannot be read: no such file or folder (ENOENT)", count: 1 },
  { name: 'measured profile: a TP size the folder lacks', text: measured('meta-llama/Llama-3.1-8B/bf16, tp: 4'), options: disk, path: 'models.large.profile.measured', line: 9, fragment: 'meta.yaml', count: 1 },
  { name: 'measured profile: another model than said', text: measured('meta-llama/Llama-3.1-8B/bf16, model: Qwen/Qwen3-32B'), options: disk, path: 'models.large.profile.model', line: 9, fragment: "the model the folder profiles ('meta-llama/Llama-3.1-8B'", count: 1 },
  { name: 'measured profile: a negative overhead', text: measured('meta-llama/Llama-3.1-8B/bf16, overheads: { per_step: -1ms }'), options: disk, path: 'models.large.profile.overheads.per_step', line: 9, fragment: 'negative', count: 1 },
  { name: 'measured profile: an unknown field', text: measured('meta-llama/Llama-3.1-8B/bf16, tpp: 2'), options: disk, path: 'models.large.profile.tpp', line: 9, fragment: 'tp', count: 1 },
  { name: 'measured profile: link without bandwidth', text: measured('meta-llama/Llama-3.1-8B/bf16, link: { latency: 1us }'), options: disk, path: 'models.large.profile.link.bandwidth', line: 9, fragment: 'bytes per second', count: 1 },
  { name: 'prefill_chunk 0', text: pool('prefill_chunk: 0'), path: 'gpus.pool-a.prefill_chunk', line: 12, fragment: 'at least 1', count: 1 },
  { name: 'unknown kv_policy', text: pool('kv_policy: lazy'), path: 'gpus.pool-a.kv_policy', line: 12, fragment: "'recompute' or 'reserve'", count: 1 },
  { name: 'negative price_per_hour', text: pool('price_per_hour: -4'), path: 'gpus.pool-a.price_per_hour', line: 12, fragment: 'dollars of at least 0', count: 1 },
  { name: 'negative prefix_cache', text: pool('prefix_cache: -1'), path: 'gpus.pool-a.prefix_cache', line: 12, fragment: 'at least 0 (512-token blocks', count: 1 },
  { name: 'kv_memory that is a duration', text: pool('kv_memory: 40s'), path: 'gpus.pool-a.kv_memory', line: 12, fragment: "unknown unit 's'", count: 1 },
  { name: 'unknown pool field', text: pool('gpu_count: 2'), path: 'gpus.pool-a.gpu_count', line: 12, fragment: "unknown field 'gpu_count'", count: 1 },
  { name: 'kv_memory missing for an inline profile', text: editServing({ 13: '  pool-b: { model: large }' }), path: 'gpus.pool-b.kv_memory', line: 13, fragment: "model 'large' has an inline profile", count: 1 },
  {
    name: 'KV memory smaller than the longest prompt of a bounded distribution', text: pool('kv_memory: 100MiB'), path: 'gpus.pool-a.kv_memory', line: 12,
    fragment: "(3000 prompt + 1 output tokens at least) x 131072 B = 375.1 MiB (393347072 B) (agent 'small_answer' for class 'chat')",
    found: '100 MiB (104857600 B)', count: 1,
  },
  { name: 'KV memory smaller than a fixed prompt and output', text: editServing({ 44: '    input_tokens: 400000' }), path: 'gpus.pool-b.kv_memory', line: 13, fragment: "(400000 prompt + 200 output tokens) x 327680 B = 122.1 GiB (131137536000 B) (agent 'large_answer' for class 'chat')", count: 1 },
  {
    name: "KV memory smaller than a trace's longest prompt", text: replay('{ prompt_tokens: input_length }', [], { 13: '  pool-b: { model: large, kv_memory: 10GB }' }), options: trace,
    path: 'gpus.pool-b.kv_memory', line: 13, fragment: "(100000 prompt + 200 output tokens) x 327680 B", found: '9.313 GiB (10000000000 B)', count: 1,
  },
  {
    name: 'default KV memory of a built-in profile smaller than a prompt', text: editServing({ 5: '    profile: llama2-7b-a100', 12: '  pool-a: { model: small }', 36: '    input_tokens: 120000' }),
    path: 'gpus.pool-a.kv_memory', line: 12, fragment: '(120000 prompt + 1 output tokens at least) x 524288 B', found: '54.5 GiB (58523168768 B)', count: 1,
  },

  // Agents
  { name: 'llm agent naming an unknown pool', text: editServing({ 43: '    gpu: pool-c' }), path: 'agents.large_answer.gpu', line: 43, fragment: "unknown GPU pool 'pool-c'", count: 1 },
  { name: 'llm agent without a pool', text: editServing({ 43: '#' }), path: 'agents.large_answer.gpu', line: 42, fragment: 'missing', count: 1 },
  { name: 'station field on an llm agent', text: editServing({ 45: '    output_tokens: 200\n    servers: 2' }), path: 'agents.large_answer.servers', line: 46, fragment: "unknown field 'servers'", count: 1 },
  { name: 'service on a router', text: editServing({ 26: '    kind: router\n    service: { dist: exponential, mean: 1s }' }), path: 'agents.router.service', line: 27, fragment: "one of the fields kind, next, cost_per_call, found unknown field 'service'", count: 1 },
  { name: 'capacity on a router', text: editServing({ 26: '    kind: router\n    capacity: 5' }), path: 'agents.router.capacity', line: 27, fragment: "unknown field 'capacity'", count: 1 },
  { name: 'capacity on an llm agent', text: editServing({ 45: '    output_tokens: 200\n    capacity: 5' }), path: 'agents.large_answer.capacity', line: 46, fragment: "unknown field 'capacity'", count: 1 },
  { name: 'service on a cache', text: cacheLines('hit: 0.35', 'service: { dist: exponential, mean: 1s }'), path: 'agents.cache.service', line: 31, fragment: "unknown field 'service'", count: 1 },
  { name: 'failure on a router', text: editServing({ 26: '    kind: router\n    failure: 0.1' }), path: 'agents.router.failure', line: 27, fragment: "unknown field 'failure'", count: 1 },
  { name: 'failure on a cache', text: cacheLines('hit: 0.35', 'failure: 0.1'), path: 'agents.cache.failure', line: 31, fragment: "unknown field 'failure'", count: 1 },
  { name: 'servers on a cache', text: cacheLines('hit: 0.35', 'servers: 2'), path: 'agents.cache.servers', line: 31, fragment: "unknown field 'servers'", count: 1 },
  { name: 'unknown agent kind', text: editServing({ 34: '    kind: gpu' }), path: 'agents.small_answer.kind', line: 34, fragment: "'station', 'llm', 'router' or 'cache'", count: 1 },
  { name: 'failure of 1', text: editServing({ 38: '    failure: 1' }), path: 'agents.small_answer.failure', line: 38, fragment: 'less than 1', count: 1 },
  { name: 'negative failure on a station', text: editServing({ 48: '    failure: -0.02' }), path: 'agents.tool.failure', line: 48, fragment: 'at least 0 and less than 1', count: 1 },
  { name: 'negative cost_per_call', text: editServing({ 49: '    cost_per_call: -0.001' }), path: 'agents.tool.cost_per_call', line: 49, fragment: 'dollars of at least 0', count: 1 },
  { name: 'on_failure to an unknown agent', text: editServing({ 39: '    on_failure: larg_answer' }), path: 'agents.small_answer.on_failure', line: 39, fragment: "did you mean 'large_answer'", count: 1 },
  { name: 'input_tokens naming no attribute', text: editServing({ 36: '    input_tokens: prompt_token' }), path: 'agents.small_answer.input_tokens', line: 36, fragment: "unknown attribute 'prompt_token' (did you mean 'prompt_tokens'?)", count: 1 },
  { name: 'input_tokens of 0', text: editServing({ 36: '    input_tokens: 0' }), path: 'agents.small_answer.input_tokens', line: 36, fragment: 'a whole number of tokens, at least 1', count: 1 },
  { name: 'token distribution written as durations', text: editServing({ 37: '    output_tokens: { dist: gamma, mean: 250ms, cv: 1 }' }), path: 'agents.small_answer.output_tokens.mean', line: 37, fragment: "a count greater than 0: a plain number, without a unit, found '250ms'", count: 1 },
  { name: 'token source of the wrong type', text: editServing({ 37: '    output_tokens: [1, 2]' }), path: 'agents.small_answer.output_tokens', line: 37, fragment: 'an attribute name, a whole number of tokens', count: 1 },

  // Caches
  { name: 'hit above 1', text: cacheLines('hit: 1.5'), path: 'agents.cache.hit', line: 30, fragment: 'between 0 and 1', count: 1 },
  { name: 'a cache quality that is not a number', text: cacheLines('hit: 0.35', 'quality: high'), path: 'agents.cache.quality', line: 31, fragment: "a finite number (a quality score, typically between 0 and 1), found 'high'", count: 1 },
  { name: 'hit and keys together', text: cacheLines('hit: 0.3', 'keys: { count: 10, zipf: 1 }'), path: 'agents.cache.keys', line: 31, fragment: 'not both', count: 1 },
  { name: 'neither hit nor keys', text: cacheLines('# no policy'), path: 'agents.cache.hit', line: 29, fragment: 'neither', count: 1 },
  { name: 'capacity with a hit probability', text: cacheLines('hit: 0.3', 'capacity: 10'), path: 'agents.cache.capacity', line: 31, fragment: "'capacity' only with 'keys'", count: 1 },
  { name: 'key count 0', text: cacheLines('keys: { count: 0, zipf: 1.1 }'), path: 'agents.cache.keys.count', line: 30, fragment: 'at least 1', count: 1 },
  { name: 'zipf exponent 0', text: cacheLines('keys: { count: 10, zipf: 0 }'), path: 'agents.cache.keys.zipf', line: 30, fragment: 'greater than 0', count: 1 },
  { name: 'zipf keys without an exponent', text: cacheLines('keys: { count: 10 }'), path: 'agents.cache.keys.zipf', line: 30, fragment: 'missing', count: 1 },
  { name: 'ttl 0', text: cacheLines('keys: { count: 10, zipf: 1 }', 'ttl: 0s'), path: 'agents.cache.ttl', line: 31, fragment: 'greater than 0', count: 1 },
  { name: 'capacity 2.5', text: cacheLines('keys: { count: 10, zipf: 1 }', 'capacity: 2.5'), path: 'agents.cache.capacity', line: 31, fragment: 'found 2.5', count: 1 },
  { name: 'cache key naming no attribute', text: cacheLines('keys: { attribute: user }'), path: 'agents.cache.keys.attribute', line: 30, fragment: "unknown attribute 'user'", count: 1 },
  { name: 'on_hit to an unknown agent', text: cacheLines('hit: 0.3', 'on_hit: toool'), path: 'agents.cache.on_hit', line: 31, fragment: "did you mean 'tool'", count: 1 },

  // Routing
  { name: 'switch target that is no agent', text: switchRule('{ when: "difficulty > 0.7", then: larg_answer }'), path: 'agents.router.next.switch[0].then', line: 27, fragment: "unknown agent 'larg_answer'", count: 1 },
  { name: 'condition on an attribute no class provides', text: switchRule('{ when: "difficult > 0.7", then: large_answer }'), path: 'agents.router.next.switch[0].when', line: 27, fragment: "unknown attribute 'difficult' (did you mean 'difficulty'?)", count: 1 },
  { name: 'condition that is not <attribute> <op> <number>', text: switchRule('{ when: "difficulty is high", then: large_answer }'), path: 'agents.router.next.switch[0].when', line: 27, fragment: "found 'difficulty is high'", count: 1 },
  { name: 'condition with a unit', text: switchRule('{ when: "prompt_tokens > 4k", then: large_answer }'), path: 'agents.router.next.switch[0].when', line: 27, fragment: '<attribute> <op> <number>', count: 1 },
  { name: 'empty switch', text: switchRule(''), path: 'agents.router.next.switch', line: 27, fragment: 'at least one rule', count: 1 },
  { name: 'switch rule without then', text: switchRule('{ when: "difficulty > 0.7" }'), path: 'agents.router.next.switch[0].then', line: 27, fragment: 'missing', count: 1 },
  { name: 'escalate that is not a boolean', text: editServing({ 39: '    on_failure: { to: large_answer, escalate: yes }' }), path: 'agents.small_answer.on_failure.escalate', line: 39, fragment: "true or false, found 'yes'", count: 1 },
  { name: 'escalation towards exit', text: editServing({ 40: '    next: [{ to: exit, p: 1, escalate: true }]' }), path: 'agents.small_answer.next[0].escalate', line: 40, fragment: 'only on an edge to an agent', count: 1 },
  { name: 'a map that is no next spec', text: editServing({ 32: '    next: { then: tool }' }), path: 'agents.cache.next', line: 32, fragment: "none of 'to', 'fork', 'speculate' or 'switch'", count: 1 },
  { name: 'misspelled switch', text: editServing({ 32: '    next: { swtich: [] }' }), path: 'agents.cache.next.swtich', line: 32, fragment: "did you mean 'switch'", count: 1 },
  { name: '{ to } naming no agent', text: editServing({ 32: '    next: { to: tol }' }), path: 'agents.cache.next.to', line: 32, fragment: "did you mean 'tool'", count: 1 },
  {
    name: 'a failure route looping with no way out', text: editServing({ 49: '    cost_per_call: 0.001\n    next: tool\n    on_failure: tool' }),
    path: 'agents.tool.next', line: 50, fragment: "requests of class 'chat' that reach agent 'tool' can never exit", count: 1,
  },
  { name: 'a cache that always hits into itself', text: cacheLines('hit: 1', 'on_hit: cache'), path: 'agents.cache.next', line: 33, fragment: "agent 'cache' can never exit", count: 1 },

  // Attributes and traces
  { name: 'attribute drawn and also taken from the trace', text: replay('{ prompt_tokens: input_length }', ['    attributes: { prompt_tokens: 1000 }']), options: trace, path: 'workload.replay.attributes.prompt_tokens', line: 29, fragment: "'prompt_tokens', also mapped in arrivals.attributes", count: 1 },
  { name: 'attribute written as a duration', text: editServing({ 22: '      difficulty: 5ms' }), path: 'workload.chat.attributes.difficulty', line: 22, fragment: "a number of at least 0, or a distribution of plain numbers", count: 1 },
  { name: 'attribute distribution with a duration', text: editServing({ 20: '      prompt_tokens: { dist: uniform, min: 100, max: 3s }' }), path: 'workload.chat.attributes.prompt_tokens.max', line: 20, fragment: "a count: a plain number of at least 0, without a unit, found '3s'", count: 1 },
  { name: 'negative attribute', text: editServing({ 22: '      difficulty: -1' }), path: 'workload.chat.attributes.difficulty', line: 22, fragment: 'at least 0', count: 1 },
  { name: 'attribute with a bad name', text: editServing({ 23: '      "two words": 1' }), path: 'workload.chat.attributes.two words', line: 23, fragment: 'an attribute name made of letters', count: 1 },
  { name: 'trace without a token column the scenario names', text: replay('{ prompt_tokens: input_len }'), options: trace, path: 'workload.replay.arrivals.attributes.prompt_tokens', line: 28, fragment: "a key named 'input_len'", count: 1 },
  { name: 'trace without the prefix column', text: replay('{ prompt_tokens: input_length }', ['      prefix: hash']), options: trace, path: 'workload.replay.arrivals.prefix', line: 29, fragment: "a key named 'hash'", count: 1 },
  { name: 'trace prefix value that is not a list', text: replay('{ prompt_tokens: input_length }', ['      prefix: hash_ids']), options: trace, path: 'workload.replay.arrivals.file', line: 26, fragment: "the number 3 (row 2 of 't.jsonl')", count: 1 },
  { name: 'trace without its named time column', text: replay('{ prompt_tokens: input_length }', [], { 27: '#' }).replace('time: { column: timestamp', 'time: { column: ts'), options: trace, path: 'workload.replay.arrivals.time.column', line: 27, fragment: "a key named 'ts'", count: 1 },
];

const table = suite('serving diagnostics');

diagnosticCases(table, cases);

table.run();
