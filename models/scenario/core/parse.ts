// Scenario text -> YAML document with a line counter, or syntax diagnostics located by line and
// column. Only the text is parsed here; reading the file is the shell's job. Most scenarios are
// read by core/plain-yaml.ts, much cheaper in a fresh process; the rest, and every error, by yaml.

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Scalar } from 'yaml';
import { childPath, itemPath } from './fields.js';
import { msg } from './messages.js';
import { readPlainYaml } from './plain-yaml.js';
import type { Diagnostic } from './types.js';

export interface ParsedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** YAML errors (syntax, duplicate keys); when any, the document is not worth validating. */
  readonly diagnostics: readonly Diagnostic[];
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const plain = readPlainYaml(text);
  if (plain !== undefined) return { ...plain, diagnostics: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics = doc.errors.map((error): Diagnostic => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const twice = error.code === 'DUPLICATE_KEY' ? duplicateAt(doc.contents, error.pos[0], '') : undefined;
    if (twice !== undefined) return { file, path: twice.path, line, column: col, ...msg.duplicateKey(twice.key, lineCounter.linePos(twice.first).line) };
    const detail = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { file, path: '', line, column: col, ...msg.yamlSyntax(detail) };
  });
  return { doc, lineCounter, diagnostics };
}

/** The key written again at offset `at`: its dotted path, its name and where it was first written. */
function duplicateAt(node: unknown, at: number, path: string): { path: string; key: string; first: number } | undefined {
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = duplicateAt(item, at, itemPath(path, i));
      if (found !== undefined) return found;
    }
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const inner = childPath(path, key);
    if (isScalar(pair.key) && pair.key.range?.[0] === at) {
      const first = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)!;
      return { path: inner, key, first: (first.key as Scalar).range?.[0] ?? at };
    }
    const found = duplicateAt(pair.value, at, inner);
    if (found !== undefined) return found;
  }
  return undefined;
}
