// The fields of the serving agent kinds: an llm agent (its GPU pool and token sources) and a cache
// (a hit probability, or keys with capacity and TTL; a lookup time; where hits go; the quality of
// its answers).

import { isMap } from 'yaml';
import { LIMITS } from '../format/limits.js';
import type { CacheAgent, CachePolicy, KeySource, LlmAgent } from '../../../sim/network/spec.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import { readCountSource, resolveAttribute } from '../workload/attributes.js';
import { readDist } from '../workload/distribution.js';
import { describeSlot, fieldsOf, peekField, readDuration, readInteger, readNumber, readString, report, reportType } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_SERVING, servingMsg } from './messages.js';
import { resolveName } from '../core/names.js';
import type { NameSet } from '../core/names.js';
import { readNext } from '../agents/routes.js';
import type { RouteNames } from '../agents/routes.js';
import { AGENT } from '../format/agents.js';
import { fieldNames, formOf } from '../format/read.js';

const [ZIPF_KEYS, ATTRIBUTE_KEYS] = formOf(AGENT, 'kind', 'cache').fields.keys.options;
export const KEY_FIELDS = { zipf: fieldNames(ZIPF_KEYS), attribute: fieldNames(ATTRIBUTE_KEYS) };
const NO_LOOKUP_TIME: DistSpec = { dist: 'deterministic', value: 0 };

type Refs = RouteNames & { readonly pools: NameSet };

export function readLlmFields(ctx: LoadContext, f: Fields, refs: Refs): Pick<LlmAgent, 'kind' | 'pool' | 'inputTokens' | 'outputTokens'> | undefined {
  const gpuSlot = f.require('gpu', EXPECTED_SERVING.poolRef);
  const gpuName = gpuSlot === undefined ? undefined : readString(ctx, gpuSlot, EXPECTED_SERVING.poolRef);
  const pool = gpuSlot === undefined || gpuName === undefined ? undefined : resolveName(ctx, gpuSlot, gpuName, refs.pools, 'GPU pool');
  const inputSlot = f.require('input_tokens', EXPECTED_SERVING.countSource);
  const outputSlot = f.require('output_tokens', EXPECTED_SERVING.countSource);
  const inputTokens = inputSlot === undefined ? undefined : readCountSource(ctx, inputSlot, refs.attributes);
  const outputTokens = outputSlot === undefined ? undefined : readCountSource(ctx, outputSlot, refs.attributes);
  if (pool === undefined || inputTokens === undefined || outputTokens === undefined) return undefined;
  return { kind: 'llm', pool, inputTokens, outputTokens };
}

export function readCacheFields(ctx: LoadContext, f: Fields, refs: Refs): Pick<CacheAgent, 'kind' | 'policy' | 'lookup' | 'onHit' | 'quality'> | undefined {
  const policy = readPolicy(ctx, f, refs);
  const lookupSlot = f.get('lookup');
  const lookup = lookupSlot === undefined ? NO_LOOKUP_TIME : readDist(ctx, lookupSlot);
  const onHit = readNext(ctx, f.get('on_hit'), refs);
  // The quality of a cached answer, as a model's (a hit gets it); absent: hits carry none.
  const qualitySlot = f.get('quality');
  const quality = qualitySlot === undefined ? null : readNumber(ctx, qualitySlot, EXPECTED_SERVING.quality, () => true);
  if (policy === undefined || lookup === undefined || onHit === undefined || quality === undefined) return undefined;
  // Only what was written, so that scenarios without it give the same spec as before.
  return { kind: 'cache', policy, lookup, onHit, ...(quality === null ? {} : { quality }) };
}

function readPolicy(ctx: LoadContext, f: Fields, refs: Refs): CachePolicy | undefined {
  const hitSlot = f.get('hit');
  const keysSlot = f.get('keys');
  const capacitySlot = f.get('capacity');
  const ttlSlot = f.get('ttl');
  if (hitSlot !== undefined && keysSlot !== undefined) {
    report(ctx, keysSlot.at, keysSlot.path, servingMsg.hitAndKeys());
    return undefined;
  }
  if (hitSlot !== undefined) {
    for (const [key, slot] of [['capacity', capacitySlot], ['ttl', ttlSlot]] as const) {
      if (slot !== undefined) report(ctx, slot.at, slot.path, servingMsg.keyedOnly(key));
    }
    const hit = readNumber(ctx, hitSlot, EXPECTED.probability, (n) => n >= 0 && n <= 1);
    return hit === undefined || capacitySlot !== undefined || ttlSlot !== undefined ? undefined : { kind: 'probability', hit };
  }
  if (keysSlot === undefined) {
    report(ctx, f.slot.at, `${f.slot.path}.hit`, servingMsg.noPolicy());
    return undefined;
  }
  const keys = readKeys(ctx, keysSlot, refs.attributes);
  const capacity = capacitySlot === undefined ? Infinity : readInteger(ctx, capacitySlot, 1, EXPECTED_SERVING.atLeastOne, LIMITS.cacheKeys);
  const ttl = ttlSlot === undefined ? Infinity : readDuration(ctx, ttlSlot);
  if (ttl === 0 && ttlSlot !== undefined) report(ctx, ttlSlot.at, ttlSlot.path, msg.notPositive(EXPECTED.positiveDuration, describeSlot(ttlSlot)));
  if (keys === undefined || capacity === undefined || ttl === undefined || ttl === 0) return undefined;
  return { kind: 'keyed', keys, capacity, ttl };
}

/** `{ count, zipf }`: keys drawn by popularity; `{ attribute }`: the request's own key. */
function readKeys(ctx: LoadContext, slot: Slot, attributes: NameSet): KeySource | undefined {
  if (!isMap(slot.node)) {
    reportType(ctx, slot, EXPECTED_SERVING.keys);
    return undefined;
  }
  if (peekField(ctx, slot, 'attribute') !== undefined) {
    const attributeSlot = fieldsOf(ctx, slot, KEY_FIELDS.attribute, EXPECTED_SERVING.keys)?.get('attribute');
    const name = attributeSlot === undefined ? undefined : readString(ctx, attributeSlot, EXPECTED_SERVING.attributeRef);
    const attribute = attributeSlot === undefined || name === undefined ? undefined : resolveAttribute(ctx, attributeSlot, name, attributes);
    return attribute === undefined ? undefined : { kind: 'attribute', attribute };
  }
  const f = fieldsOf(ctx, slot, KEY_FIELDS.zipf, EXPECTED_SERVING.keys);
  const countSlot = f?.require('count', EXPECTED_SERVING.atLeastOne);
  const zipfSlot = f?.require('zipf', EXPECTED_SERVING.zipf);
  const count = countSlot === undefined ? undefined : readInteger(ctx, countSlot, 1, EXPECTED_SERVING.atLeastOne, LIMITS.cacheKeys);
  const exponent = zipfSlot === undefined ? undefined : readNumber(ctx, zipfSlot, EXPECTED_SERVING.zipf, (n) => n > 0);
  return count === undefined || exponent === undefined ? undefined : { kind: 'zipf', count, exponent };
}
