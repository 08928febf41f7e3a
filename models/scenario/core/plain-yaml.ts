// A fast path for the YAML that scenarios are written in: block maps and sequences, flow
// collections on one line, plain scalars and quoted ones without escapes, comments. It builds what
// yaml's parseDocument would (yaml's own node classes, each with its start offset, and scalars
// resolved by the document's own schema tags), and gives up on anything else: anchors, tags, block
// scalars, multi-line scalars or flows, escapes, empty values, duplicate keys, tabs, CR line ends,
// document markers, syntax errors. The caller then parses with yaml, which also words the errors.
//
// Why: yaml's lexer and parser are generators, which V8's optimizing compiler works hard on once
// a few kilobytes have been read. In a fresh process that was most of `validate`'s CPU on the
// bundled scenarios; this reader, a loop over lines, costs a few milliseconds for all of them.
// test/models/scenario/plain-yaml.test.ts checks it against yaml on every YAML text of the
// repository and on random edits of them.

import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isScalar } from 'yaml';
import type { Node as YamlNode, ScalarTag } from 'yaml';

export interface PlainYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** Thrown inside the reader when the text leaves the subset; never escapes `readPlainYaml`. */
const OUTSIDE = Symbol('outside the plain subset');

/** Characters that the subset leaves to yaml wherever they appear: tab, CR, other controls, BOM. */
const UNSUPPORTED_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f\ufeff]/;
/** Directives and document markers: a file of several documents is yaml's. */
const MARKER_LINE = /^(?:---|\.\.\.)(?:[ \n]|$)|^%/m;
/** A plain scalar may not start with these (YAML 1.2, 7.3.3); `-` is allowed before a non-space. */
const INDICATORS = new Set(['?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
const FLOW_INDICATORS = new Set([',', '[', ']', '{', '}']);
/** Longer implicit keys are an error in YAML. */
const MAX_KEY = 1024;
/** Deeper collections are left to yaml, which words running out of stack as an error of the file. */
const MAX_DEPTH = 64;

/** The document and line counter yaml would give for `text`, or undefined when the text is not in the subset. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  if (UNSUPPORTED_CHARACTER.test(text) || MARKER_LINE.test(text)) return undefined;
  const doc = new Document();
  try {
    const reader = new Reader(text, doc);
    doc.contents = reader.document();
    return { doc, lineCounter: reader.lineCounter };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

interface Read<T extends YamlNode = YamlNode> {
  readonly node: T;
  /** The offset just after the node's text. */
  readonly end: number;
}

class Reader {
  readonly lineCounter = new LineCounter();
  private readonly starts: number[] = [];
  private readonly tags: readonly ScalarTag[];
  /** The current line. */
  private line = 0;
  /** Where the current line's unread content starts when it is not at its first non-space (a map after `- `); else -1. */
  private at = -1;
  /** How many collections enclose the one being read. */
  private depth = 0;
  /** For each text searched for (`find`): where the last search started, and what it found. */
  private readonly searches = new Map<string, { from: number; at: number }>();

  constructor(private readonly text: string, private readonly doc: Document) {
    for (let start = 0; ; ) {
      this.starts.push(start);
      this.lineCounter.addNewLine(start);
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      start = newline + 1;
    }
    this.tags = doc.schema.tags.filter((tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test instanceof RegExp);
  }

  document(): YamlNode {
    this.skipBlank();
    if (this.done() || this.indent() !== 0) throw OUTSIDE;
    const root = this.block(0);
    this.skipBlank();
    if (!this.done()) throw OUTSIDE;
    return root;
  }

  // ---- lines

  private done(): boolean {
    return this.line >= this.starts.length;
  }

  /** The offset of the current line's end (its newline, or the end of the text). */
  private lineEnd(): number {
    return this.line + 1 < this.starts.length ? this.starts[this.line + 1]! - 1 : this.text.length;
  }

  private start(): number {
    if (this.at >= 0) return this.at;
    return this.skipSpaces(this.starts[this.line]!);
  }

  private indent(): number {
    return this.start() - this.starts[this.line]!;
  }

  private nextLine(): void {
    this.line++;
    this.at = -1;
  }

  /** Moves past lines holding nothing or only a comment. */
  private skipBlank(): void {
    while (!this.done() && this.at < 0) {
      const first = this.start();
      if (first !== this.lineEnd() && this.text[first] !== '#') return;
      this.line++;
    }
  }

  /**
   * The first `search` at or after `from`, or the text's length. The reader moves forward, so a
   * search is repeated only once its last find is passed: reading stays linear in the text's
   * length, where indexOf from every line would scan to the end of a text that lacks `search`.
   */
  private find(search: string, from: number): number {
    let last = this.searches.get(search);
    if (last === undefined || from < last.from || last.at < from) {
      const at = this.text.indexOf(search, from);
      last = { from, at: at < 0 ? this.text.length : at };
      this.searches.set(search, last);
    }
    return last.at;
  }

  private skipSpaces(offset: number): number {
    while (this.text[offset] === ' ') offset++;
    return offset;
  }

  /** A space, a line end or the end of the text at `offset`. */
  private spaceOrEnd(offset: number): boolean {
    const c = this.text[offset];
    return c === undefined || c === ' ' || c === '\n';
  }

  /** `- ` or a lone `-` at `offset`: a block sequence item. */
  private isItem(offset: number): boolean {
    return this.text[offset] === '-' && this.spaceOrEnd(offset + 1);
  }

  /** Only spaces and maybe a comment from `offset` to the line's end; then on to the next line. */
  private endLine(offset: number): void {
    const rest = this.skipSpaces(offset);
    if (rest !== this.lineEnd() && !(this.text[rest] === '#' && rest > offset)) throw OUTSIDE;
    this.nextLine();
  }

  // ---- block collections

  /** The block map or sequence whose first line is the current one, at `indent`. */
  private block(indent: number): YamlNode {
    return this.nested(() => (this.isItem(this.start()) ? this.sequence(indent) : this.map(indent)));
  }

  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const node = read();
    this.depth--;
    return node;
  }

  private map(indent: number): YAMLMap {
    const map = new YAMLMap(this.doc.schema);
    const keys = new Set<unknown>();
    const first = this.start();
    let end = first;
    for (;;) {
      this.skipBlank();
      if (this.done() || this.indent() < indent) break;
      if (this.indent() > indent) throw OUTSIDE;
      const key = this.key(this.start());
      if (keys.has(key.node.value)) throw OUTSIDE;
      keys.add(key.node.value);
      const value = this.valueAfter(key.end + 1, indent, true);
      map.items.push(new Pair(key.node, value.node));
      end = value.end;
    }
    map.range = [first, end, end];
    return map;
  }

  private sequence(indent: number): YAMLSeq {
    const sequence = new YAMLSeq(this.doc.schema);
    const first = this.start();
    let end = first;
    for (;;) {
      this.skipBlank();
      if (this.done() || this.indent() < indent || !this.isItem(this.start())) break;
      if (this.indent() > indent) throw OUTSIDE;
      const value = this.valueAfter(this.start() + 1, indent, false);
      sequence.items.push(value.node);
      end = value.end;
    }
    sequence.range = [first, end, end];
    return sequence;
  }

  /**
   * The value that follows a key's `:` or an item's `-` at `offset`, in a collection at `indent`:
   * on the same line (a scalar, a flow collection, or after `-` a map), or a block on the next lines.
   */
  private valueAfter(offset: number, indent: number, inMap: boolean): Read {
    const start = this.skipSpaces(offset);
    if (start === this.lineEnd() || this.text[start] === '#') {
      this.nextLine();
      this.skipBlank();
      if (this.done()) throw OUTSIDE;
      const below = this.indent();
      // A map's value may be a sequence at the map's own indentation.
      if (below <= indent && !(inMap && below === indent && this.isItem(this.start()))) throw OUTSIDE;
      const node = this.block(below);
      return { node, end: (node.range as [number, number, number])[1] };
    }
    if (!inMap && this.isItem(start)) throw OUTSIDE;
    if (!inMap && this.keyColon(start) >= 0) {
      this.at = start;
      const node = this.nested(() => this.map(start - this.starts[this.line]!));
      return { node, end: (node.range as [number, number, number])[1] };
    }
    // A deeper line after it (a scalar's continuation, or an error) stops the collection's loop.
    const value = this.inline(start);
    this.endLine(value.end);
    return value;
  }

  /** A block map's key and, as `end`, the offset of its `:`. */
  private key(offset: number): Read<Scalar> {
    const colon = this.keyColon(offset);
    if (colon < 0) throw OUTSIDE;
    const c = this.text[offset];
    if (c === '"' || c === "'") return { node: this.quoted(offset).node, end: colon };
    const source = this.text.slice(offset, colon).trimEnd();
    if (source.length > MAX_KEY || source.includes(' #')) throw OUTSIDE;
    return { node: this.plain(source, offset), end: colon };
  }

  /** Where the `:` of a block map key starting at `offset` is; -1 when the line there is not `key: ...`. */
  private keyColon(offset: number): number {
    const c = this.text[offset]!;
    const lineEnd = this.lineEnd();
    if (c === '"' || c === "'") {
      const end = this.quotedEnd(offset);
      return end >= 0 && this.text[end] === ':' && this.spaceOrEnd(end + 1) ? end : -1;
    }
    if (!this.canStartPlain(offset, false)) return -1;
    for (let i = offset; ; i++) {
      i = this.find(':', i);
      if (i >= lineEnd) return -1;
      if (this.spaceOrEnd(i + 1)) return i;
    }
  }

  // ---- scalars and flow collections on one line

  /** A scalar or flow collection at `offset`, ending on this line. */
  private inline(offset: number): Read {
    const c = this.text[offset]!;
    if (c === '[' || c === '{') return this.flow(offset);
    if (c === '"' || c === "'") return this.quoted(offset);
    if (!this.canStartPlain(offset, false)) throw OUTSIDE;
    const lineEnd = this.lineEnd();
    const source = this.text.slice(offset, Math.min(this.find(' #', offset), lineEnd)).trimEnd();
    // `a: b: c` nests a map in a one-line value: an error in YAML.
    if (source.includes(': ') || source.endsWith(':')) throw OUTSIDE;
    return { node: this.plain(source, offset), end: offset + source.length };
  }

  private flow(offset: number): Read<YAMLMap | YAMLSeq> {
    const isMap = this.text[offset] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? new YAMLMap(this.doc.schema) : new YAMLSeq(this.doc.schema);
    node.flow = true;
    const keys = new Set<unknown>();
    let i = this.skipSpaces(offset + 1);
    if (this.text[i] !== close) {
      for (;;) {
        if (isMap) {
          const c = this.text[i];
          const key = c === '"' || c === "'" ? this.quoted(i) : this.flowPlain(i);
          if (keys.has(key.node.value)) throw OUTSIDE;
          keys.add(key.node.value);
          i = this.skipSpaces(key.end);
          if (this.text[i] !== ':' || !this.spaceOrEnd(i + 1)) throw OUTSIDE;
          const value = this.flowValue(this.skipSpaces(i + 1));
          (node as YAMLMap).items.push(new Pair(key.node, value.node));
          i = this.skipSpaces(value.end);
        } else {
          const item = this.flowValue(i);
          (node as YAMLSeq).items.push(item.node);
          i = this.skipSpaces(item.end);
        }
        if (this.text[i] === ',') {
          i = this.skipSpaces(i + 1);
          // A trailing comma ends the collection, as in yaml.
          if (this.text[i] === close) break;
          continue;
        }
        if (this.text[i] === close) break;
        throw OUTSIDE;
      }
    }
    node.range = [offset, i + 1, i + 1];
    return { node, end: i + 1 };
  }

  private flowValue(offset: number): Read {
    const c = this.text[offset];
    if (c === '[' || c === '{') return this.nested(() => this.flow(offset));
    if (c === '"' || c === "'") return this.quoted(offset);
    return this.flowPlain(offset);
  }

  /** A plain scalar inside a flow collection: it ends at a flow indicator, `: `, ` #` or the line's end (which is an error). */
  private flowPlain(offset: number): Read<Scalar> {
    if (!this.canStartPlain(offset, true)) throw OUTSIDE;
    let i = offset;
    for (;;) {
      const c = this.text[i];
      if (c === undefined || c === '\n') throw OUTSIDE;
      if (FLOW_INDICATORS.has(c)) break;
      if (c === ':' && (this.spaceOrEnd(i + 1) || FLOW_INDICATORS.has(this.text[i + 1]!))) break;
      if (c === '#' && this.text[i - 1] === ' ') throw OUTSIDE;
      i++;
    }
    const source = this.text.slice(offset, i).trimEnd();
    if (source === '') throw OUTSIDE;
    return { node: this.plain(source, offset), end: offset + source.length };
  }

  private canStartPlain(offset: number, inFlow: boolean): boolean {
    const c = this.text[offset];
    if (c === undefined || c === ' ' || c === '\n' || INDICATORS.has(c)) return false;
    if (c !== '-') return true;
    const next = this.text[offset + 1];
    return !this.spaceOrEnd(offset + 1) && !(inFlow && FLOW_INDICATORS.has(next!));
  }

  /** A plain scalar, resolved as yaml's composer does: the first of the schema's tags whose test matches, else a string. */
  private plain(source: string, offset: number): Scalar {
    const tag = this.tags.find((t) => t.test!.test(source));
    const resolved = tag === undefined ? source : tag.resolve(source, () => { throw OUTSIDE; }, this.doc.options);
    const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
    const end = offset + source.length;
    scalar.range = [offset, end, end];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    if (tag?.format !== undefined) scalar.format = tag.format;
    return scalar;
  }

  /** The offset after a quoted scalar's closing quote on this line; -1 when it does not close or has an escape. */
  private quotedEnd(offset: number): number {
    const quote = this.text[offset]!;
    const lineEnd = this.lineEnd();
    for (let i = offset + 1; ; i++) {
      i = this.find(quote, i);
      if (i >= lineEnd) return -1;
      if (quote === "'" && this.text[i + 1] === "'") { i++; continue; }
      if (quote === '"' && this.find('\\', offset) < i) return -1;
      return i + 1;
    }
  }

  private quoted(offset: number): Read<Scalar> {
    const end = this.quotedEnd(offset);
    if (end < 0) throw OUTSIDE;
    const single = this.text[offset] === "'";
    const inner = this.text.slice(offset + 1, end - 1);
    const value = single ? inner.replaceAll("''", "'") : inner;
    const scalar = new Scalar(value);
    scalar.range = [offset, end, end];
    scalar.source = value;
    scalar.type = single ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return { node: scalar, end };
  }
}
