// What a learned model was trained on, as a fingerprint: the normalized network with every knob
// pinned to its lower bound, so two scenarios match exactly when they differ at most in the knobs.
// The loader does the normalizing, so units, defaults and spelling do not matter.

import type { NetworkSpec } from '../../../sim/network/spec.js';
import { loadScenario } from '../../scenario/index.js';
import type { ScenarioSource } from '../types.js';
import type { Knob } from './knobs.js';

/**
 * Two FNV-1a lanes of 32 bits with different offset bases: 64 bits that identify scenarios (not
 * a defence against forgery). Strings hash their UTF-16 units, typed arrays their bytes.
 */
class Digest {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;
  add(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193) >>> 0;
    this.b = Math.imul(this.b ^ (x + 0x9e37), 0x01000193) >>> 0;
  }
  text(t: string): this {
    for (let i = 0; i < t.length; i++) this.add(t.charCodeAt(i));
    return this;
  }
  bytes(v: ArrayBufferView): this {
    const u8 = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    for (let i = 0; i < u8.length; i++) this.add(u8[i]!);
    return this;
  }
  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

/** JSON with sorted keys; typed arrays (trace columns) by length and digest; functions left out. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value !== 'object') return 'null';
  if (ArrayBuffer.isView(value)) return JSON.stringify({ bytes: value.byteLength, digest: new Digest().bytes(value).hex() });
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function networkFingerprint(spec: NetworkSpec): string {
  return `fnv1a:${new Digest().text(canonical(spec)).hex()}`;
}

/** Fingerprint of the scenario given by these overrides, with the knobs pinned. */
export function pinnedFingerprint(source: ScenarioSource, overrides: readonly string[], knobs: readonly Knob[]): string {
  const pins = knobs.map((k) => `${k.path}=${String(k.lo)}`);
  const s = loadScenario(source.file, source.text, { readFile: source.readFile, overrides: [...overrides, ...pins] });
  return networkFingerprint(s.network);
}
