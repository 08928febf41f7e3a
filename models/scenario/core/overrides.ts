// `--set path=value` overrides applied to the YAML document before validation. Replaced nodes keep
// the location of what they replaced, so later diagnostics point into the file and name the --set.
// Relative forms (`path*=1.4`, `path+=2`, `path-=1`) change the number, rate or duration found at
// the path (in the file, or as an earlier override left it) and are applied, and recorded, as the
// absolute `path=value` they resolve to (in base units: seconds, per second).

import { Pair, Scalar, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { positionOf } from './fields.js';
import { suggest } from '../../suggest.js';
import type { LoadContext, OverrideOrigin } from './fields.js';
import { msg } from './messages.js';
import type { Message } from './messages.js';
import { parseDuration, parseRate } from './units.js';

type Segment = { readonly key: string } | { readonly index: number };

/** Applies the overrides in order; returns them as applied (relative ones resolved to absolute). */
export function applyOverrides(ctx: LoadContext, overrides: readonly string[]): string[] {
  return overrides.map((setting) => applyOverride(ctx, setting) ?? setting);
}

/** A number, or a rate or duration in base units (per second, seconds); undefined for anything else. */
export function quantityValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const rate = parseRate(raw);
  if (rate.ok) return rate.value;
  const duration = parseDuration(raw);
  return duration.ok ? duration.value : undefined;
}

/** The override as applied (absolute), or undefined when it could not be (a diagnostic says why). */
function applyOverride(ctx: LoadContext, written: string): string | undefined {
  const equals = written.indexOf('=');
  if (equals < 0) return fail(ctx, '', null, msg.overrideMalformed(written));
  const op = equals > 0 && '*+-'.includes(written[equals - 1]!) ? written[equals - 1]! : undefined;
  const pathText = written.slice(0, op === undefined ? equals : equals - 1).trim();
  let setting = written;
  const segments = parsePath(pathText);
  if (segments === undefined) return fail(ctx, pathText, null, msg.overrideBadPath(setting));
  let parent: YamlNode | null = (ctx.doc.contents as YamlNode | null);
  for (let i = 0; i < segments.length - 1; i++) {
    const child: YamlNode | null = parent === null ? null : childOf(parent, segments[i]!);
    if (child === null) return fail(ctx, pathText, parent, noPath(pathText, parent, segments[i]!));
    if (isScalar(child)) return fail(ctx, pathText, child, msg.overrideNoPath(pathText, ` (${segmentText(segments[i]!)} is a single value)`));
    parent = child;
  }
  const last = segments[segments.length - 1]!;
  if (op !== undefined) {
    const resolved = resolveRelative(ctx, written, pathText, op, parent === null ? null : childOf(parent, last));
    if (resolved === undefined) return undefined;
    setting = resolved;
  }
  const valueDoc = parseDocument(setting.slice(setting.indexOf('=') + 1), { prettyErrors: false });
  if (valueDoc.errors.length > 0) {
    const target = parent === null ? null : childOf(parent, last);
    return fail(ctx, pathText, target ?? parent, msg.overrideBadValue(setting, valueDoc.errors[0]!.message.split('\n')[0] ?? ''));
  }
  const value: YamlNode = (valueDoc.contents as YamlNode | null) ?? new Scalar(null);
  if (parent !== null && isMap(parent) && 'key' in last) {
    const pair = findPair(parent, last.key);
    if (pair !== undefined) {
      mark(ctx, value, origin(ctx, written, isNode(pair.value) ? pair.value : parent));
      pair.value = value;
    } else {
      const key = new Scalar(last.key);
      const where = origin(ctx, written, parent);
      mark(ctx, key, where);
      mark(ctx, value, where);
      parent.items.push(new Pair(key, value));
    }
    return setting;
  }
  if (parent !== null && isSeq(parent) && 'index' in last && last.index < parent.items.length) {
    const old = parent.items[last.index];
    mark(ctx, value, origin(ctx, written, isNode(old) ? old : parent));
    parent.items[last.index] = value;
    return setting;
  }
  return fail(ctx, pathText, parent, noPath(pathText, parent, last));
}

/** `path*=x` as `path=value`, from the number, rate or duration now at the path. */
function resolveRelative(ctx: LoadContext, written: string, pathText: string, op: string, target: YamlNode | null): string | undefined {
  const current = target === null ? undefined : isScalar(target) ? target.value : '(a map or list)';
  const base = quantityValue(current);
  if (base === undefined) {
    const found = current === undefined ? 'nothing there (set it with path=value first)' : `'${String(current)}'`;
    return fail(ctx, pathText, target, msg.overrideNotQuantity(written, found));
  }
  const operandText = written.slice(written.indexOf('=') + 1).trim();
  const operandDoc = parseDocument(operandText, { prettyErrors: false });
  const operand = operandDoc.errors.length > 0 ? undefined : quantityValue(operandDoc.toJS());
  if (operand === undefined) return fail(ctx, pathText, target, msg.overrideBadOperand(written, op, operandText));
  const value = op === '*' ? base * operand : op === '+' ? base + operand : base - operand;
  return `${pathText}=${String(value)}`;
}

/** `a.b[0].c` -> segments; undefined when malformed. */
function parsePath(text: string): Segment[] | undefined {
  const segments: Segment[] = [];
  const pattern = /(^|\.)([^.[\]]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m === null || (m[1] === '' && at > 0 && m[2] !== undefined)) return undefined;
    segments.push(m[3] !== undefined ? { index: Number(m[3]) } : { key: m[2]!.trim() });
    at = pattern.lastIndex;
  }
  return segments.length > 0 && 'key' in segments[0]! ? segments : undefined;
}

function childOf(node: YamlNode, segment: Segment): YamlNode | null {
  if ('key' in segment) {
    if (!isMap(node)) return null;
    const pair = findPair(node, segment.key);
    return pair !== undefined && isNode(pair.value) ? pair.value : null;
  }
  if (!isSeq(node)) return null;
  const item: unknown = node.items[segment.index];
  return isNode(item) ? item : null;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key);
}

/** "No such path", with the closest existing key when the missing segment looks like a typo. */
function noPath(pathText: string, parent: YamlNode | null, segment: Segment): Message {
  const keys = parent !== null && isMap(parent) ? parent.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))) : [];
  const hint = 'key' in segment ? suggest(segment.key, keys) : undefined;
  return msg.overrideNoPath(pathText, hint === undefined ? '' : ` (did you mean '${hint}'?)`);
}

function segmentText(segment: Segment): string {
  return 'key' in segment ? `'${segment.key}'` : `[${String(segment.index)}]`;
}

function origin(ctx: LoadContext, setting: string, replaced: YamlNode): OverrideOrigin {
  return { setting, ...positionOf(ctx, replaced) };
}

/** Every node of an override value points at the same place in the file. */
function mark(ctx: LoadContext, node: unknown, where: OverrideOrigin): void {
  if (!isNode(node)) return;
  ctx.origins.set(node, where);
  if (isMap(node)) {
    for (const pair of node.items) {
      mark(ctx, pair.key, where);
      mark(ctx, pair.value, where);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) mark(ctx, item, where);
  }
}

function fail(ctx: LoadContext, path: string, near: YamlNode | null, message: Message): undefined {
  ctx.diagnostics.push({ file: ctx.file, path, ...positionOf(ctx, near), ...message });
  return undefined;
}

function isNode(value: unknown): value is YamlNode {
  return isScalar(value) || isMap(value) || isSeq(value);
}
