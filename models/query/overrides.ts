// Reads the number at a path of a scenario after its (absolute) overrides: the learned backend's
// knobs. The loader resolves relative overrides (`path*=1.4`) into absolute ones.

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { quantityValue } from '../scenario/index.js';

export { quantityValue };

type Segment = { readonly key: string } | { readonly index: number };

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
