// The fingerprint of a normalized scenario: a digest of everything that shapes what is simulated,
// so results can be matched to the configuration that produced them. The seed, replication count,
// confidence level, gates (slos), description, file path and the overrides' text are left out: they choose how many
// samples are drawn and how they are judged, not the system being sampled.

import { sha256Hex } from './sha256.js';
import type { Scenario } from './types.js';

const EXCLUDED: ReadonlySet<string> = new Set(['file', 'overrides', 'seed', 'replications', 'confidence', 'slos', 'description']);

/** `sha256:<hex>` of the canonical JSON of the scenario without the excluded fields. */
export function scenarioFingerprint(s: Scenario): string {
  const kept = Object.fromEntries(Object.entries(s).filter(([key]) => !EXCLUDED.has(key)));
  return `sha256:${sha256Hex(canonicalJson(kept))}`;
}

/**
 * JSON with object keys sorted, typed arrays as arrays, functions and undefined left out (a rate
 * function is represented by its expression text) and non-finite numbers spelled out, so equal data
 * always gives equal text whatever the order in which it was built.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number': return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(`#${String(value)}`);
    case 'string': return JSON.stringify(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return JSON.stringify(`#${value.toString()}n`);
    case 'object': break;
    default: return 'null';
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return canonicalJson(Array.from(value as unknown as ArrayLike<number>));
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
