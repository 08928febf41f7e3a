import { BUILTIN_PROFILES } from '../../llm/profiles.js';
import { num, int, enumOf, ref, listOf, record, anyOf, described, field, required } from './declare.js';
import { POOL_CAPACITY_GROUP } from './capacity.js';

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
]), 'Time of one batch iteration: a built-in profile (docs/llm-profiles.md), or inline as a formula or measured tables.');

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
  model: required(ref('name'), 'The model every replica serves (a name of the models section).'),
  replicas: field(int({ min: 0 }), 'Replicas (integer >= 1; 0 only with capacity fields that can add one: spot, scale_to_zero or an autoscaler).', { default: 1 }),
  kv_memory: field(ref('bytes'), 'KV-cache bytes per replica; default: the built-in profile\'s (required with an inline profile).'),
  max_batch: field(int({ min: 1 }), 'Most sequences in one iteration (integer >= 1).', { default: 256 }),
  prefill_chunk: field(int({ min: 1 }), 'Most prompt tokens prefilled per iteration (chunked prefill); default: whole prompts.'),
  kv_policy: field(enumOf(KV_POLICIES), '`recompute`: admit on the prompt, preempt the youngest sequence when memory runs out; `reserve`: admit only when prompt and output fit.', { default: 'recompute' }),
  price_per_hour: field(num({ min: 0 }), 'Dollars per replica-hour.', { default: 0 }),
  prefix_cache: field(int({ min: 0 }), 'Prefix (KV) cache per replica, in 512-token blocks; 0 is off.', { default: 0 }),
  ...POOL_CAPACITY_GROUP,
}), 'A pool of GPU replicas, each serving `model` by continuous batching.');
