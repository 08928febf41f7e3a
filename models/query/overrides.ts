// Query overrides: `path=value` as for `apmsim run --set`, plus relative forms `path*=1.4`,
// `path+=2`, `path-=2` resolved against the value in the file (or set earlier) into absolute ones,
// which the scenario loader then validates like any other. Also reads the number at a path.

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { parseDuration, parseRate } from '../scenario/index.js';
import { QueryError } from './errors.js';

type Segment = { readonly key: string } | { readonly index: number };

/** `path*=x`: the character before the first '=' makes the override relative. */
function relative(o: string): { path: string; op: string; operand: string } | undefined {
  const eq = o.indexOf('=');
  const op = eq > 0 ? o[eq - 1]! : '';
  if (!'*+-'.includes(op) || op === '') return undefined;
  return { path: o.slice(0, eq - 1).trim(), op, operand: o.slice(eq + 1).trim() };
}

/** `a.b[0].c` as segments, or undefined when malformed (the loader reports those with context). */
function parsePath(text: string): Segment[] | undefined {
  const out: Segment[] = [];
  const pattern = /(^|\.)([^.[\]]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m === null) return undefined;
    out.push(m[3] !== undefined ? { index: Number(m[3]) } : { key: m[2]!.trim() });
    at = pattern.lastIndex;
  }
  return out.length > 0 ? out : undefined;
}

function nodeAt(root: unknown, segments: readonly Segment[]): unknown {
  let node: unknown = root;
  for (const s of segments) {
    if ('key' in s) {
      if (!isMap(node)) return undefined;
      node = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === s.key)?.value;
    } else {
      if (!isSeq(node)) return undefined;
      node = node.items[s.index];
    }
  }
  return node;
}

/** A scalar as a number: plain, or a rate or duration with its unit converted (per second, seconds). */
export function quantityValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const rate = parseRate(raw);
  if (rate.ok) return rate.value;
  const duration = parseDuration(raw);
  return duration.ok ? duration.value : undefined;
}

/** Shortest text that reads back as exactly this number. */
const numberText = (x: number): string => String(x);

/**
 * Resolves relative overrides into absolute ones, in order (a relative override sees earlier
 * overrides of the same path). Absolute overrides pass through untouched.
 */
export function resolveOverrides(text: string, overrides: readonly string[]): string[] {
  const doc = parseDocument(text);
  const set = new Map<string, unknown>();
  return overrides.map((o) => {
    const m = relative(o);
    if (m === undefined) {
      const eq = o.indexOf('=');
      if (eq > 0) set.set(o.slice(0, eq).trim(), parseDocument(o.slice(eq + 1)).toJS());
      return o;
    }
    const { path, op, operand: operandText } = m;
    const segments = parsePath(path);
    if (segments === undefined) throw new QueryError(`--set ${o}: '${path}' is not a path such as agents.worker.servers`);
    const current = set.has(path) ? set.get(path) : scalarValue(nodeAt(doc.contents, segments));
    const base = quantityValue(current);
    if (base === undefined) {
      const found = current === undefined ? 'nothing there (set it with path=value first)' : `'${String(current)}'`;
      throw new QueryError(`--set ${o}: expected a number, rate or duration at ${path} to change relatively, found ${found}`);
    }
    const operand = quantityValue(parseDocument(operandText).toJS());
    if (operand === undefined) throw new QueryError(`--set ${o}: expected a number after '${op}=', found '${operandText}'`);
    const value = op === '*' ? base * operand : op === '+' ? base + operand : base - operand;
    set.set(path, value);
    return `${path}=${numberText(value)}`;
  });
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node === undefined ? undefined : '(a map or list)';
}

/**
 * The numbers at `paths` after the (absolute) overrides: from the last override of each path,
 * else from the file (parsed only if needed). Undefined where there is no number.
 */
export function numbersAt(text: string, overrides: readonly string[], paths: readonly string[]): (number | undefined)[] {
  let doc: unknown;
  return paths.map((path) => {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const o = overrides[i]!;
      const eq = o.indexOf('=');
      if (eq > 0 && o.slice(0, eq).trim() === path) {
        const raw = o.slice(eq + 1).trim();
        return quantityValue(raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : parseDocument(raw).toJS());
      }
    }
    const segments = parsePath(path);
    if (segments === undefined) return undefined;
    doc ??= parseDocument(text).contents;
    return quantityValue(scalarValue(nodeAt(doc, segments)));
  });
}

/** The path of an absolute override (`path=value`). */
export function overridePath(o: string): string {
  const eq = o.indexOf('=');
  return (eq < 0 ? o : o.slice(0, eq)).trim();
}
