// GPU pools (`gpus`) -> GpuPoolSpec: the model each replica serves, replicas, KV-cache memory (by
// default the built-in profile's), batching limits, KV policy, price, prefix cache, and capacity
// (balancing, autoscaling, failures, spot, scale-to-zero: workflows/capacity.ts).

import type { GpuPoolSpec } from '../../../sim/network/spec.js';
import { LIMITS } from '../format/limits.js';
import { readCapacity } from '../workflows/capacity.js';
import type { ModelDraft } from './catalogue.js';
import { childPath, fieldsOf, readEnum, readInteger, readString, report, type SizeLimit } from '../core/fields.js';
import type { Entry, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED_SERVING, servingMsg } from './messages.js';
import { readBytes } from './model-profile.js';
import { resolveName } from '../core/names.js';
import type { NameSet, Section } from '../core/names.js';
import { GPU_POOL, KV_POLICIES } from '../format/serving.js';
import { fieldNames } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';

export const POOL_FIELDS = fieldNames(GPU_POOL);
export { KV_POLICIES };
const POOL = GPU_POOL.fields;

export const POOL_DEFAULTS = {
  replicas: declaredDefault(POOL.replicas),
  maxBatch: declaredDefault(POOL.max_batch),
  /** Whole prompts (not a number the schema can say). */
  prefillChunk: Infinity,
  kvPolicy: declaredDefault(POOL.kv_policy),
  pricePerHour: declaredDefault(POOL.price_per_hour),
  prefixCacheBlocks: declaredDefault(POOL.prefix_cache),
};

export interface PoolDraft {
  readonly spec: GpuPoolSpec;
  /** Where KV memory was written, or the pool (with the kv_memory path) when it took the default. */
  readonly kvAt: Slot;
}

/** One draft per pool, in id order; undefined where a pool is unusable (already reported). */
export function readPools(
  ctx: LoadContext, section: Section, models: NameSet, drafts: readonly (ModelDraft | undefined)[], horizon: number | undefined,
): (PoolDraft | undefined)[] {
  return section.entries.map((entry) => readPool(ctx, entry, models, drafts, horizon));
}

function readPool(ctx: LoadContext, entry: Entry, models: NameSet, drafts: readonly (ModelDraft | undefined)[], horizon: number | undefined): PoolDraft | undefined {
  const f = fieldsOf(ctx, entry.slot, POOL_FIELDS, EXPECTED_SERVING.pool);
  if (f === undefined) return undefined;
  const modelSlot = f.require('model', EXPECTED_SERVING.modelRef);
  const modelName = modelSlot === undefined ? undefined : readString(ctx, modelSlot, EXPECTED_SERVING.modelRef);
  const model = modelSlot === undefined || modelName === undefined ? undefined : resolveName(ctx, modelSlot, modelName, models, 'model');
  const integer = (key: string, min: number, expected: string, fallback: number, limit?: SizeLimit): number | undefined => {
    const slot = f.get(key);
    return slot === undefined ? fallback : readInteger(ctx, slot, min, expected, limit);
  };
  // Replicas and price, with the capacity spec they start when balancing or scaling fields are written.
  const capacity = readCapacity(ctx, f, 'pool', horizon);
  const maxBatch = integer('max_batch', 1, EXPECTED_SERVING.atLeastOne, POOL_DEFAULTS.maxBatch, LIMITS.maxBatch);
  const prefillChunk = integer('prefill_chunk', 1, EXPECTED_SERVING.atLeastOne, POOL_DEFAULTS.prefillChunk);
  const budgetSlot = f.get('max_num_batched_tokens');
  // vLLM refuses a budget below max_num_seqs: a decoding sequence would find no token.
  const tokenBudget = budgetSlot === undefined || maxBatch === undefined ? Infinity
    : readInteger(ctx, budgetSlot, maxBatch, `an integer of at least max_batch (${maxBatch}), so that every decoding sequence gets its token`);
  const prefixCacheBlocks = integer('prefix_cache', 0, EXPECTED_SERVING.prefixCache, POOL_DEFAULTS.prefixCacheBlocks, LIMITS.cacheKeys);
  const policySlot = f.get('kv_policy');
  const kvPolicy = policySlot === undefined ? POOL_DEFAULTS.kvPolicy : readEnum(ctx, policySlot, KV_POLICIES);

  const kvSlot = f.get('kv_memory');
  const kvAt = kvSlot ?? { node: entry.slot.node, at: entry.slot.at, path: childPath(entry.slot.path, 'kv_memory') };
  const draft = model === undefined ? undefined : drafts[model];
  let kvBytes = kvSlot === undefined ? draft?.defaultKvBytes : readBytes(ctx, kvSlot);
  if (kvSlot === undefined && draft !== undefined && draft.defaultKvBytes === undefined) {
    report(ctx, kvAt.at, kvAt.path, servingMsg.kvMemoryRequired(draft.spec.name));
    kvBytes = undefined;
  }
  if (
    model === undefined || capacity === undefined || maxBatch === undefined || prefillChunk === undefined || tokenBudget === undefined
    || prefixCacheBlocks === undefined || kvPolicy === undefined || kvBytes === undefined
  ) return undefined;
  const { replicas, pricePerHour, spec: capacitySpec } = capacity;
  return {
    spec: {
      name: entry.key, model, replicas, kvBytes, maxBatch, prefillChunk, kvPolicy, pricePerHour, prefixCacheBlocks,
      ...(tokenBudget === Infinity ? {} : { tokenBudget }),
      ...(capacitySpec === undefined ? {} : { capacitySpec }),
    },
    kvAt,
  };
}
