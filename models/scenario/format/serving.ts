import { BUILTIN_PROFILES } from '../../llm/profiles.js';
import { LIMITS } from './limits.js';
import { num, int, enumOf, ref, listOf, record, anyOf, described, field, required, textOf } from './declare.js';
import { POOL_CAPACITY } from './capacity.js';

export const KV_POLICIES = ['recompute', 'reserve'] as const;

export const MODEL = described(record({
  profile: required(ref('profile'), 'How long a batch iteration takes on one replica (below).', { shown: 'built-in name, or a map' }),
  price: field(record({
    input: field(num({ min: 0 }), 'Dollars per 1k input (prompt) tokens.', { default: 0 }),
    output: field(num({ min: 0 }), 'Dollars per 1k output tokens.', { default: 0 }),
  }), 'Price of prompt and output tokens (stored per token).', { shown: '`{ input, output }`, dollars ≥ 0 per 1k tokens' }),
  quality: field(num(), 'A quality score of the model\'s answers (any finite number, typically 0..1), for `quality.mean`.'),
}), 'A model of the catalogue.');

export const PROFILE = described(anyOf([
  enumOf([...BUILTIN_PROFILES.keys()]),
  ref('inlineProfile'),
  ref('measuredProfile'),
]), 'Time of one batch iteration: a built-in profile (docs/llm-profiles.md), inline as a formula or measured tables, or a measured profile folder.');

export const MEASURED_PROFILE = described(record({
  measured: required(textOf('path'), 'A measured profile folder (LLMServingSim\'s profiler output: `meta.yaml`, `tp<N>/dense.csv`, `attention.csv`, `per_sequence.csv`, `moe.csv`), relative to the scenario file.'),
  tp: field(int({ min: 1, max: 64 }), 'Tensor-parallel GPUs of a replica: the folder\'s `tp<N>` profiles are read.', { default: 1 }),
  overheads: field(record({
    per_step: field(ref('duration'), 'CPU time of every iteration no profile measures (scheduling, input preparation).', { defaultText: '`1ms`' }),
    per_sequence: field(ref('duration'), 'The same per running sequence.', { defaultText: '`0`' }),
  }), 'What `apmsim calibrate serving --fit` fitted on real runs (its `--out` file has them).', { shown: '`{ per_step, per_sequence }`', defaultText: '`{ per_step: 1ms, per_sequence: 0 }`' }),
  link: field(record({
    bandwidth: required(num({ min: 1 }), 'Bytes per second between a replica\'s GPUs.'),
    latency: field(ref('duration'), 'Per message.', { defaultText: '`0`' }),
  }), 'The interconnect of a tensor-parallel replica, for its all-reduces.', { defaultText: 'PCIe as in LLMServingSim\'s RTX PRO 6000 runs: 16 GB/s, 20 µs', shown: '`{ bandwidth, latency }`' }),
  model: field(textOf('text'), 'The model the folder must profile (`apmsim calibrate serving --out` writes it): a check.'),
  hardware: field(textOf('text'), 'The GPU the folder must be measured on: a check.'),
  fitted_on: field(listOf(textOf('path')), 'Runs the overheads were fitted on (written by `apmsim calibrate serving --out`; not read).'),
}), 'A measured profile folder as the engine\'s iteration time: its step-time model (docs/llm-profiles.md) sampled into fixed + prefill(P) + decode(D) + kv_token × K.');

export const INLINE_PROFILE = described(record({
  fixed: field(ref('duration'), 'Cost of every iteration (reading the weights).', { defaultText: '`0`' }),
  prefill_token: field(ref('duration'), 'Cost per prompt token prefilled: `prefill(P) = prefill_token × P`.', { defaultText: '`0`' }),
  prefill: field(ref('curve'), 'Measured prefill time instead: piecewise linear through the points, linear beyond the last.', { shown: 'table `[[tokens, time], ...]`' }),
  decode_sequence: field(ref('duration'), 'Cost per sequence decoding: `decode(D) = decode_sequence × D`.', { defaultText: '`0`' }),
  decode: field(ref('curve'), 'Measured decode time instead.', { shown: 'table `[[sequences, time], ...]`' }),
  kv_token: field(ref('duration'), 'Cost per token held in the KV cache (attention reads).', { defaultText: '`0`' }),
  kv_bytes_per_token: required(ref('bytes'), 'KV-cache memory one token occupies.', { shown: 'size > 0' }),
}), 'iteration time = fixed + prefill(prompt tokens this iteration) + decode(sequences decoding) + kv_token x tokens held in KV cache. Give prefill_token or prefill, and decode_sequence or decode.');

export const CURVE = described(listOf(listOf(undefined, { minItems: 2, maxItems: 2, prefix: [num({ min: 0 }), ref('duration')] }), { minItems: 2 }), 'Points [x, time], x from 0 and strictly ascending; piecewise linear, extended linearly beyond the last point.');

export const GPU_POOL = described(record({
  model: required(ref('name'), 'The model every replica serves.', { shown: 'model name' }),
  replicas: field(int({ min: 0, max: LIMITS.replicas.max }), 'Replicas (a replica of `llama3-70b-4xh100` is 4 GPUs); 0 allowed with capacity fields that can add one.', { default: 1, shown: 'integer ≥ 1' }),
  kv_memory: field(ref('bytes'), 'KV-cache memory per replica; **required** when the model\'s profile is inline.', { defaultText: 'the built-in profile\'s default', shown: 'size > 0' }),
  max_batch: field(int({ min: 1, max: LIMITS.maxBatch.max }), 'Most sequences in one iteration.', { default: 256 }),
  prefill_chunk: field(int({ min: 1 }), 'Most prompt tokens prefilled per iteration (chunked prefill).', { defaultText: 'whole prompts' }),
  max_num_batched_tokens: field(int({ min: 1 }), 'vLLM\'s token budget per iteration: the decoding sequences\' tokens first, then prefill chunks of the oldest sequences from what is left; no call is admitted once it is spent. At least `max_batch`.', { defaultText: 'no budget' }),
  kv_policy: field(enumOf(KV_POLICIES), '`recompute`: admit a call when its prompt fits, preempt the youngest sequence when memory runs out (it recomputes later); `reserve`: admit only when prompt and all output fit.', { default: 'recompute' }),
  price_per_hour: field(num({ min: 0 }), 'Per replica-hour (self-hosted cost).', { default: 0, shown: 'dollars ≥ 0' }),
  prefix_cache: field(int({ min: 0, max: LIMITS.cacheKeys.max }), 'Prefix (KV) cache per replica, in 512-token blocks, reused by requests whose trace `prefix` lists share leading blocks.', { default: 0, defaultText: '`0` (off)' }),
  ...POOL_CAPACITY.fields,
}), 'A pool of GPU replicas, each serving `model` by continuous batching.');
