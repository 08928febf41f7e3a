// Scenario text -> YAML document with a line counter, or syntax diagnostics located by line and
// column. Only the text is parsed here; reading the file is the shell's job. Most scenarios are
// read by core/plain-yaml.ts, much cheaper in a fresh process; the rest, and every error, by yaml.

import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
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
    const detail = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { file, path: '', line, column: col, ...msg.yamlSyntax(detail) };
  });
  return { doc, lineCounter, diagnostics };
}
