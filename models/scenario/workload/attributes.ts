// Per-request attributes: the names every class provides (from its trace or drawn at arrival),
// known before agents are read so that conditions, token sources and cache keys resolve to ids;
// the generated attributes of a class; and token-count sources.

import { isMap, isScalar } from 'yaml';
import type { CountSource, GeneratedAttribute } from '../../../sim/network/spec.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import { readDist } from './distribution.js';
import { entriesOf, peekField, plainValue, readInteger, readNumber, report, reportType, slotOf } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';
import { checkServingName, nameSet, resolveName } from '../core/names.js';
import type { NameSet } from '../core/names.js';

/**
 * The sorted union of attribute names over all classes, read without reporting anything (the
 * workload is checked when it is read). Incomplete when some class's attributes cannot be known.
 */
export function scanAttributeNames(ctx: LoadContext, workload: Slot | undefined): NameSet {
  const names = new Set<string>();
  let complete = workload !== undefined && isMap(workload.node);
  const addKeys = (slot: Slot | undefined): void => {
    if (slot === undefined) return;
    if (!isMap(slot.node)) {
      complete = false;
      return;
    }
    for (const pair of slot.node.items) if (isScalar(pair.key)) names.add(String(pair.key.value));
  };
  if (workload !== undefined && isMap(workload.node)) {
    for (const pair of workload.node.items) {
      const classSlot = slotOf(ctx, pair.value, '');
      if (!isMap(classSlot.node)) continue;
      addKeys(peekField(ctx, classSlot, 'attributes'));
      const arrivals = peekField(ctx, classSlot, 'arrivals');
      if (arrivals === undefined || !isMap(arrivals.node)) continue;
      const process = peekField(ctx, arrivals, 'process');
      const kind = process === undefined ? undefined : plainValue(process);
      if (kind === 'trace' || kind === 'sessions') addKeys(traceMapping(ctx, arrivals));
      else if (kind !== 'poisson' && kind !== 'deterministic') complete = false;
    }
  }
  return nameSet([...names].sort(), complete);
}

/** The `attributes` mapping of a class's trace: of a trace process, or of a session trace; none otherwise. */
function traceMapping(ctx: LoadContext, arrivals: Slot): Slot | undefined {
  const process = peekField(ctx, arrivals, 'process');
  const kind = process === undefined ? undefined : plainValue(process);
  if (kind === 'trace') return peekField(ctx, arrivals, 'attributes');
  if (kind !== 'sessions') return undefined;
  const trace = peekField(ctx, arrivals, 'trace');
  return trace === undefined || !isMap(trace.node) ? undefined : peekField(ctx, trace, 'attributes');
}

/** The attribute names a class's trace mapping gives (none unless its arrivals replay a trace). */
export function traceAttributeNames(ctx: LoadContext, arrivals: Slot | undefined): Set<string> {
  const mapping = arrivals === undefined ? undefined : traceMapping(ctx, arrivals);
  if (mapping === undefined || !isMap(mapping.node)) return new Set();
  return new Set(mapping.node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])));
}

/** A class's `attributes`: a number or a distribution of plain numbers per name, drawn at arrival. */
export function readGeneratedAttributes(
  ctx: LoadContext, slot: Slot | undefined, attributes: NameSet, fromTrace: ReadonlySet<string>,
): GeneratedAttribute[] | undefined {
  if (slot === undefined) return [];
  const entries = entriesOf(ctx, slot, EXPECTED_SERVING.attributesMap);
  if (entries === undefined) return undefined;
  const out: GeneratedAttribute[] = [];
  let ok = true;
  for (const entry of entries) {
    let good = checkServingName(ctx, entry, 'attribute');
    if (fromTrace.has(entry.key)) {
      report(ctx, entry.keyAt, entry.slot.path, servingMsg.attributeFromTrace(entry.key));
      good = false;
    }
    const dist = readAttributeValue(ctx, entry.slot);
    const id = attributes.ids.get(entry.key);
    if (!good || dist === undefined || id === undefined) ok = false;
    else out.push({ attribute: id, dist });
  }
  return ok ? out : undefined;
}

function readAttributeValue(ctx: LoadContext, slot: Slot): DistSpec | undefined {
  if (typeof plainValue(slot) === 'number') return constant(readNumber(ctx, slot, EXPECTED_SERVING.attributeValue, (n) => n >= 0));
  if (isMap(slot.node)) return readDist(ctx, slot, [], 'counts');
  reportType(ctx, slot, EXPECTED_SERVING.attributeValue);
  return undefined;
}

/** An attribute name used by a condition, a token source or a cache key: some class must provide it. */
export function resolveAttribute(ctx: LoadContext, slot: Slot, name: string, attributes: NameSet): number | undefined {
  return resolveName(ctx, slot, name, attributes, 'attribute');
}

/** Token counts of an LLM call: an attribute name, a whole number, or a distribution of counts. */
export function readCountSource(ctx: LoadContext, slot: Slot, attributes: NameSet): CountSource | undefined {
  const raw = plainValue(slot);
  if (typeof raw === 'string') {
    const attribute = resolveAttribute(ctx, slot, raw, attributes);
    return attribute === undefined ? undefined : { kind: 'attribute', attribute };
  }
  if (typeof raw === 'number') {
    const dist = constant(readInteger(ctx, slot, 1, EXPECTED_SERVING.tokens));
    return dist === undefined ? undefined : { kind: 'dist', dist };
  }
  if (isMap(slot.node)) {
    const dist = readDist(ctx, slot, [], 'counts');
    return dist === undefined ? undefined : { kind: 'dist', dist };
  }
  reportType(ctx, slot, EXPECTED_SERVING.countSource);
  return undefined;
}

function constant(value: number | undefined): { dist: 'deterministic'; value: number } | undefined {
  return value === undefined ? undefined : { dist: 'deterministic', value };
}
