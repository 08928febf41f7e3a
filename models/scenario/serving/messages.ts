// The catalogue's part for LLM serving: models, GPU pools, agent kinds, attributes, conditions and
// caches, as (expected, found) pairs. Kept beside core/messages.ts, in its style, so each stays short.

import { quote } from '../core/messages.js';
import type { Message } from '../core/messages.js';

export type NameKind = 'model' | 'GPU pool' | 'attribute';

function an(kind: NameKind): string {
  return kind === 'attribute' ? 'an attribute' : `a ${kind}`;
}

/** Bytes for a message: binary units for reading, the exact count for checking. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : `${Number(value.toPrecision(4))} ${units[unit]!}`;
  return unit === 0 ? `${shown} B` : `${shown} (${String(Math.round(bytes))} B)`;
}

/** What a field accepts, for `expected` texts. */
export const EXPECTED_SERVING = {
  modelsMap: 'a map of model name -> { profile, price, quality }',
  model: 'a model { profile, price, quality }',
  gpusMap: 'a map of pool name -> { model, replicas, kv_memory, max_batch, prefill_chunk, kv_policy, price_per_hour, prefix_cache }',
  pool: 'a GPU pool { model, replicas, kv_memory, ... }',
  agent: 'an agent: a map of its fields (kind, next, ... as its kind allows)',
  modelRef: 'the name of a model of the models section',
  poolRef: 'the name of a GPU pool of the gpus section',
  profile: 'a built-in profile name, or a map: inline { fixed, prefill_token or prefill, decode_sequence or decode, kv_token, kv_bytes_per_token } or measured { measured: folder, tp }',
  price: 'a map { input, output } of dollars per 1k tokens',
  dollars: 'an amount of dollars of at least 0',
  quality: 'a finite number (a quality score, typically between 0 and 1)',
  bytes: 'a size in bytes greater than 0, such as 327680, 320KiB, 40GiB or 1.5MB',
  curve: 'a list of at least two points [x, time], such as [[0, 0], [512, 30ms]]',
  point: 'a point [x, time], such as [512, 30ms]',
  curveX: 'a number of at least 0 (tokens or sequences)',
  atLeastOne: 'an integer of at least 1',
  prefixCache: 'an integer of at least 0 (512-token blocks per replica)',
  failure: 'a probability of at least 0 and less than 1',
  count: 'a count: a plain number of at least 0, without a unit',
  positiveCount: 'a count greater than 0: a plain number, without a unit',
  countSource: 'an attribute name, a whole number of tokens, or a distribution of counts such as { dist: gamma, mean: 250, cv: 1 }',
  tokens: 'a whole number of tokens, at least 1',
  attributesMap: 'a map of attribute name -> a number or a distribution of plain numbers',
  attributeValue: 'a number of at least 0, or a distribution of plain numbers such as { dist: uniform, min: 0, max: 1 }',
  keys: 'a map { count, zipf } (keys drawn by popularity) or { attribute } (a request attribute)',
  zipf: 'an exponent greater than 0',
  attributeRef: 'the name of a request attribute',
  switchRules: 'a list of rules { when, then }',
  rule: 'a map { when: "<attribute> <op> <number>", then: <next spec> }',
  condition: 'a condition "<attribute> <op> <number>" with op one of < <= > >= == !=',
  escalate: 'true or false',
  nextSpec: "an agent name, 'exit', a list of { to, p, escalate }, { to, escalate }, { fork: [...], then, need }, { speculate: { main, guess, hit }, then } or { switch: [...], otherwise }",
  nextMap: 'a map { to, escalate }, { fork, then, need }, { speculate, then } or { switch, otherwise }',
} as const;

/** Every serving diagnostic, by cause. `found` arguments are already described. */
export const servingMsg = {
  badName: (kind: NameKind, name: string): Message => ({ expected: `${an(kind)} name made of letters, digits, _ and - that starts with a letter or _`, found: quote(name) }),
  unknownName: (kind: NameKind, name: string, known: readonly string[], suggestion: string | undefined): Message => ({
    expected: known.length === 0 ? `${an(kind)} name (none is defined)` : `one of the ${kind}s ${known.join(', ')}`,
    found: `unknown ${kind} ${quote(name)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  unknownProfile: (name: string, builtins: readonly string[], suggestion: string | undefined): Message => ({
    expected: `a built-in profile (${builtins.join(', ')}) or an inline profile map`,
    found: `unknown profile ${quote(name)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  unservedModel: (name: string): Message => ({
    expected: `every model served by a GPU pool (a gpus entry with model: ${name})`,
    found: `model ${quote(name)}, which no pool serves`,
  }),
  kvTooSmall: (kvBytes: number, prompt: number, output: number, outputKnown: boolean, bytesPerToken: number, source: string): Message => ({
    expected: `KV memory per replica for the largest call, whose every token is in the KV cache when it ends: (${String(prompt)} prompt + ${String(output)} output tokens${outputKnown ? '' : ' at least'}) x ${String(bytesPerToken)} B = ${formatBytes((prompt + output) * bytesPerToken)} (${source})`,
    found: formatBytes(kvBytes),
  }),
  unknownByteUnit: (text: string, unit: string, units: readonly string[]): Message => ({
    expected: `a size in bytes with one of the units ${units.join(', ')}`,
    found: `${quote(text)} (unknown unit '${unit}')`,
  }),
  curveStart: (x: number): Message => ({ expected: 'a first point at x = 0', found: `x = ${String(x)}` }),
  curveOrder: (previous: number, x: number): Message => ({ expected: `an x greater than the previous point's (${String(previous)})`, found: String(x) }),
  pointSize: (values: number): Message => ({ expected: EXPECTED_SERVING.point, found: `a list of ${String(values)} value${values === 1 ? '' : 's'}` }),
  curveShort: (points: number): Message => ({ expected: 'at least two points (the curve is extended linearly beyond the last)', found: `${String(points)} point${points === 1 ? '' : 's'}` }),
  curveFalls: (y0: number, y1: number): Message => ({
    expected: 'a last segment that does not fall (extended linearly beyond the last point, it would reach negative times)',
    found: `a fall from ${String(y0)} s to ${String(y1)} s`,
  }),
  bothForms: (a: string, b: string): Message => ({ expected: `either '${a}' or '${b}', not both`, found: 'both' }),
  noIterationTime: (): Message => ({
    expected: 'a profile in which every iteration takes time: fixed, or the decode cost of one sequence, greater than 0',
    found: 'both 0',
  }),
  kvMemoryRequired: (model: string): Message => ({
    expected: `a field 'kv_memory': KV-cache bytes per replica (model ${quote(model)} has an inline profile, which has no default)`,
    found: 'nothing (the field is missing)',
  }),
  hitAndKeys: (): Message => ({ expected: "either 'hit' (a probability) or 'keys' (a keyed cache), not both", found: 'both' }),
  noPolicy: (): Message => ({ expected: "'hit' (a hit probability) or 'keys' (a keyed cache with capacity and ttl)", found: 'neither' }),
  keyedOnly: (field: string): Message => ({ expected: `'${field}' only with 'keys'`, found: `'${field}' with 'hit'` }),
  attributeFromTrace: (name: string): Message => ({
    expected: "an attribute that this class's trace does not already provide",
    found: `${quote(name)}, also mapped in arrivals.attributes`,
  }),
  conditionSyntax: (text: string): Message => ({ expected: EXPECTED_SERVING.condition, found: quote(text) }),
  escalateToExit: (): Message => ({ expected: 'escalate only on an edge to an agent', found: 'escalate: true towards exit' }),
  nextMapForm: (): Message => ({ expected: EXPECTED_SERVING.nextMap, found: "a map with none of 'to', 'fork', 'speculate' or 'switch'" }),
  countOrder: (min: number, max: number): Message => ({ expected: 'min at most max', found: `min ${String(min)} > max ${String(max)}` }),
} as const;
