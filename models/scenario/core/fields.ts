// Reading YAML nodes with their locations: the load context, slots (a node and its dotted path),
// diagnostics pointed at a node, and typed readers for scalars and maps with known fields.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import { describeValue, fromOverride, msg } from './messages.js';
import type { Message } from './messages.js';
import type { Diagnostic } from './types.js';
import { parseDuration, parseRate } from './units.js';
import type { Quantity } from './units.js';
import { suggest } from '../../suggest.js';

/** Where a --set value stands in the file: the node it replaced, or the map it was added to. */
export interface OverrideOrigin {
  readonly setting: string;
  readonly line: number;
  readonly column: number;
}

export interface LoadContext {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Nodes (and their descendants) that came from an override (--set or a flag); their own ranges index the override text. */
  readonly origins: WeakMap<object, OverrideOrigin>;
  readonly diagnostics: Diagnostic[];
  readonly readFile: (path: string) => string;
}

export interface Slot {
  /** The value with aliases resolved; null for an empty value. */
  readonly node: YamlNode | null;
  /** Where diagnostics about the value point (the alias itself, not its anchor). */
  readonly at: YamlNode | null;
  readonly path: string;
}

export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function itemPath(path: string, index: number): string {
  return `${path}[${String(index)}]`;
}

export function slotOf(ctx: LoadContext, node: unknown, path: string): Slot {
  const at = isYamlNode(node) ? node : null;
  const resolved = at !== null && isAlias(at) ? (at.resolve(ctx.doc) ?? null) : at;
  return { node: resolved, at, path };
}

/** Records a diagnostic located at `at`; a value that came from an override says so in `found`. */
export function report(ctx: LoadContext, at: YamlNode | null, path: string, message: Message): void {
  const origin = at === null ? undefined : ctx.origins.get(at);
  const found = origin === undefined ? message.found : fromOverride(message.found, origin.setting);
  ctx.diagnostics.push({ file: ctx.file, path, ...positionOf(ctx, at), expected: message.expected, found });
}

export function positionOf(ctx: LoadContext, node: YamlNode | null): { line: number; column: number } {
  const origin = node === null ? undefined : ctx.origins.get(node);
  if (origin !== undefined) return { line: origin.line, column: origin.column };
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 0, column: 0 };
  const { line, col } = ctx.lineCounter.linePos(offset);
  return { line, column: col };
}

/** The JS value of a slot for describing it: scalars as themselves, collections as {} / []. */
export function plainValue(slot: Slot): unknown {
  if (slot.node === null) return null;
  if (isScalar(slot.node)) return slot.node.value;
  if (isSeq(slot.node)) return [];
  return {};
}

export function describeSlot(slot: Slot): string {
  return describeValue(plainValue(slot));
}

export function reportType(ctx: LoadContext, slot: Slot, expected: string): void {
  report(ctx, slot.at, slot.path, msg.wrongType(expected, describeSlot(slot)));
}

export interface Entry {
  readonly key: string;
  readonly keyAt: YamlNode | null;
  readonly slot: Slot;
}

/** Entries of a map whose keys are names chosen by the user (agents, classes, routes, attributes). */
export function entriesOf(ctx: LoadContext, slot: Slot, expected: string): Entry[] | undefined {
  if (slot.node === null || !isMap(slot.node)) {
    reportType(ctx, slot, expected);
    return undefined;
  }
  return (slot.node as YAMLMap).items.map((pair) => {
    const keyAt = isYamlNode(pair.key) ? pair.key : null;
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    return { key, keyAt, slot: slotOf(ctx, pair.value, childPath(slot.path, key)) };
  });
}

/** A map with a fixed set of field names; unknown names are reported as they are read. */
export class Fields {
  readonly slot: Slot;
  private readonly ctx: LoadContext;
  private readonly values = new Map<string, Slot>();
  /** Known fields an unknown one was taken for ('scv' for 'cv'): already said, so not also missing. */
  private readonly suggested = new Set<string>();

  constructor(ctx: LoadContext, slot: Slot, entries: readonly Entry[], known: readonly string[]) {
    this.ctx = ctx;
    this.slot = slot;
    for (const entry of entries) {
      if (known.includes(entry.key)) { this.values.set(entry.key, entry.slot); continue; }
      const hint = suggest(entry.key, known);
      if (hint !== undefined) this.suggested.add(hint);
      report(ctx, entry.keyAt, entry.slot.path, msg.unknownField(entry.key, known, hint));
    }
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string): Slot | undefined {
    return this.values.get(key);
  }

  /** The field's slot, or a "missing field" diagnostic at the enclosing map (unless a misspelling of it was reported). */
  require(key: string, expected: string): Slot | undefined {
    const slot = this.values.get(key);
    if (slot === undefined && !this.suggested.has(key)) report(this.ctx, this.slot.at, childPath(this.slot.path, key), msg.missingField(key, expected));
    return slot;
  }
}

export function fieldsOf(ctx: LoadContext, slot: Slot, known: readonly string[], expected: string): Fields | undefined {
  const entries = entriesOf(ctx, slot, expected);
  return entries === undefined ? undefined : new Fields(ctx, slot, entries, known);
}

/** A field of a map without checking the others (they are checked where the map is read). */
export function peekField(ctx: LoadContext, slot: Slot, key: string): Slot | undefined {
  if (slot.node === null || !isMap(slot.node)) return undefined;
  const pair = (slot.node as YAMLMap).items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  return pair === undefined ? undefined : slotOf(ctx, pair.value, childPath(slot.path, key));
}

export function itemsOf(ctx: LoadContext, slot: Slot, expected: string): Slot[] | undefined {
  if (slot.node === null || !isSeq(slot.node)) {
    reportType(ctx, slot, expected);
    return undefined;
  }
  return (slot.node as YAMLSeq).items.map((item, i) => slotOf(ctx, item, itemPath(slot.path, i)));
}

export function readString(ctx: LoadContext, slot: Slot, expected: string): string | undefined {
  const value = plainValue(slot);
  if (typeof value === 'string') return value;
  reportType(ctx, slot, expected);
  return undefined;
}

/** A finite number for which `accept` holds. */
export function readNumber(ctx: LoadContext, slot: Slot, expected: string, accept: (n: number) => boolean): number | undefined {
  const value = plainValue(slot);
  if (typeof value === 'number' && Number.isFinite(value) && accept(value)) return value;
  reportType(ctx, slot, expected);
  return undefined;
}

/** The largest a size may be, and why (format/limits.ts holds each field's). */
export interface SizeLimit {
  readonly max: number;
  /** Why, for messages: what the engine holds per unit. */
  readonly why: string;
}

/** A whole number of at least `min`; with a size limit, at most its maximum (said in its own message). */
export function readInteger(ctx: LoadContext, slot: Slot, min: number, expected: string, limit?: SizeLimit): number | undefined {
  const value = readNumber(ctx, slot, expected, (n) => Number.isSafeInteger(n) && n >= min);
  if (value === undefined || limit === undefined || value <= limit.max) return value;
  report(ctx, slot.at, slot.path, msg.aboveLimit(expected, value, limit));
  return undefined;
}

export function readEnum<T extends string>(ctx: LoadContext, slot: Slot, options: readonly T[]): T | undefined {
  const value = plainValue(slot);
  const match = options.find((option) => option === value);
  if (match === undefined) report(ctx, slot.at, slot.path, msg.notOneOf(options, describeSlot(slot)));
  return match;
}

export function readDuration(ctx: LoadContext, slot: Slot): number | undefined {
  return quantity(ctx, slot, parseDuration(plainValue(slot)));
}

export function readRate(ctx: LoadContext, slot: Slot): number | undefined {
  return quantity(ctx, slot, parseRate(plainValue(slot)));
}

function quantity(ctx: LoadContext, slot: Slot, result: Quantity): number | undefined {
  if (result.ok) return result.value;
  report(ctx, slot.at, slot.path, result.message);
  return undefined;
}

/**
 * Reads a file the scenario names; an unreadable file becomes a diagnostic carrying the OS message
 * and, when the scenario says where the data comes from (`source`), that too.
 */
export function readNamedFile(ctx: LoadContext, at: Slot, file: string, source?: string): string | undefined {
  try {
    return ctx.readFile(file);
  } catch (error) {
    report(ctx, at.at, at.path, msg.unreadable(file, error instanceof Error ? error.message : String(error), source));
    return undefined;
  }
}

function isYamlNode(value: unknown): value is YamlNode {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}
