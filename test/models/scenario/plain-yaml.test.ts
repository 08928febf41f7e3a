// The plain-YAML fast path (models/scenario/core/plain-yaml.ts) against yaml's parseDocument: on
// every YAML text of the repository and on random edits of them, whatever the fast path accepts
// must be what yaml reads (node kinds, values, scalar styles, start offsets, lines), and yaml must
// find no error in it. The bundled scenarios must all take the fast path: that is its reason to be.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { readPlainYaml } from '../../../models/scenario/core/plain-yaml.js';
import { MINIMAL } from './fixtures.js';

const test = suite('plain YAML fast path against yaml');
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => ({ name: `scenarios/${f}`, text: readFileSync(join(ROOT, 'scenarios', f), 'utf8') }));
const docBlocks = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].flatMap((file) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${file} block ${i + 1}`, text: m[1]! })));
const corpus = [...scenarios, ...docBlocks, { name: 'fixtures MINIMAL', text: MINIMAL }];

/** What yaml reads: a description of every node that the loader could look at, or its errors. */
function viaYaml(text: string): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return `errors: ${doc.errors.map((e) => e.message).join('; ')}`;
  return describe(doc.contents, lineCounter.lineStarts);
}

function viaPlain(text: string): string | undefined {
  const plain = readPlainYaml(text);
  return plain === undefined ? undefined : describe(plain.doc.contents, plain.lineCounter.lineStarts);
}

function describe(root: unknown, lineStarts: readonly number[]): string {
  const parts: string[] = [`lines ${lineStarts.join(',')}`];
  const walk = (node: unknown, path: string): void => {
    if (isScalar(node)) {
      const v = node.value;
      parts.push(`${path} scalar@${node.range?.[0]} ${node.type} ${typeof v} ${Object.is(v, -0) ? '-0' : String(v)}`);
    } else if (isMap(node)) {
      parts.push(`${path} map@${node.range?.[0]}${node.flow === true ? ' flow' : ''} ${node.items.length}`);
      node.items.forEach((pair, i) => {
        assert.ok(isPair(pair));
        walk(pair.key, `${path}.key${i}`);
        walk(pair.value, `${path}.value${i}`);
      });
    } else if (isSeq(node)) {
      parts.push(`${path} seq@${node.range?.[0]}${node.flow === true ? ' flow' : ''} ${node.items.length}`);
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else {
      parts.push(`${path} other ${String(node)}`);
    }
  };
  walk(root, '');
  return parts.join('\n');
}

/** Fails unless the fast path either declines `text` or reads it exactly as yaml does. */
function agrees(text: string): boolean {
  const plain = viaPlain(text);
  if (plain === undefined) return false;
  assert.is(plain, viaYaml(text), `the fast path and yaml differ on:\n${text}`);
  return true;
}

test('every bundled scenario takes the fast path and reads as yaml reads it', () => {
  for (const { name, text } of scenarios) {
    assert.ok(readPlainYaml(text) !== undefined, `${name} falls back to yaml`);
    assert.ok(agrees(text), name);
  }
  assert.ok(scenarios.length >= 10, `found ${scenarios.length} scenarios`);
});

test('every YAML block of the docs is read as yaml reads it, or left to yaml', () => {
  let accepted = 0;
  for (const { text } of docBlocks) if (agrees(text)) accepted++;
  // Most blocks are whole or partial scenarios in the subset; a drop here means the subset shrank.
  assert.ok(accepted >= docBlocks.length / 2, `${accepted} of ${docBlocks.length} doc blocks took the fast path`);
});

// Plain scalars whose type the schema decides, and texts near the subset's edges.
const SCALARS = [
  '1', '-1', '+1', '08', '0o17', '0o8', '0x1F', '0xg', '1.0', '1.', '.5', '-.5', '1e3', '1E-3', '1e', '1_000', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
  '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'yes', 'no', 'on', 'off', 'y',
  '2s', '40/s', '3.2/s', '800 milliseconds', 'a b', 'a#b', 'a #b', 'a:b', 'a: b', 'a:', '-a', '- a', '-', '--', '---', '...',
  '"x"', '"x y"', '"a\\"b"', '"1"', "'x'", "'it''s'", "''", '""', "'a", '"a', '[]', '{}', '[a]', '[a, b]', '[a,b]', '[ a , b ]', '[a,]',
  '{a: 1}', '{a: 1, b: [2, 3]}', '{ a: 1 , b : 2 }', '{a:1}', '{"a": 1}', '{a: }', '{a}', '[a: 1]', '[[1, 2], [3]]', '{a: {b: {c: d}}}',
  '[a #b]', '*ref', '&a x', '!!str 1', '!tag x', '|', '>', '? x', '%x', '@x', '`x', 'é', 'x y # z', '"x" # c', '[1] # c', '[1] x',
  'ref: {to: "a"}', '1e300', '1e400', '123456789012345678901234567890', '-0', '-0.0', '0.', 'x\'y', 'x"y',
];

const KEYS = ['a', 'b', 'key with space', '"q"', "'s'", '1', 'true', 'null', '~', '-k', 'a.b', 'x[0]', '{k}', 'k:k', '? k', '&k', 'k #c', '2s'];

const scalar = fc.oneof({ arbitrary: fc.constantFrom('1', '2.5', '40/s', 'exponential', '1s', 'a b', '"q"', '[a, b]', '{ dist: gamma, mean: 2s }'), weight: 3 }, { arbitrary: fc.constantFrom(...SCALARS), weight: 1 });
const key = fc.constantFrom(...KEYS);
const comment = fc.constantFrom('', '', '   # note', ' #', '#no space');

type Tree = string | { map: Array<[string, Tree]> } | { seq: Tree[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ map: fc.uniqueArray(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4, selector: (entry) => entry[0] }) }),
    fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
  ),
})).node;

/** A block rendering of a tree; `compact` puts a map's first key on its item's `- ` line. */
function render(node: Tree, indent: number, step: number, sameIndentSeq: boolean, note: string): string[] {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string') return [`${pad}${node}${note}`];
  if ('map' in node) {
    return node.map.flatMap(([k, v]) => {
      if (typeof v === 'string') return [`${pad}${k}: ${v}${note}`];
      const inner = 'seq' in v && sameIndentSeq ? indent : indent + step;
      return [`${pad}${k}:${note}`, ...render(v, inner, step, sameIndentSeq, note)];
    });
  }
  return node.seq.flatMap((v) => {
    if (typeof v === 'string') return [`${pad}- ${v}${note}`];
    const lines = render(v, indent + 2, step, sameIndentSeq, note);
    return 'map' in v ? [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)] : [`${pad}-`, ...lines];
  });
}

test('random documents: the fast path reads them as yaml does, or declines', () => {
  let accepted = 0;
  fc.assert(fc.property(
    fc.record({ map: fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 5, selector: (entry) => entry[0] }) }),
    fc.constantFrom(2, 3, 4), fc.boolean(), comment, fc.constantFrom('', '\n', '\n\n# end\n'),
    (root, step, sameIndentSeq, note, tail) => {
      if (agrees(render(root, 0, step, sameIndentSeq, note).join('\n') + tail)) accepted++;
    },
  ), { numRuns: 3000, seed: 20261206 });
  assert.ok(accepted >= 300, `only ${accepted} of 3000 random documents took the fast path`);
});

const EDIT_CHARACTERS = [' ', '  ', '\n', '-', '- ', ':', ': ', '#', ' #', '[', ']', '{', '}', ',', '"', "'", '\\', '&a ', '*a', '!', '|', '>', '?', '%', '\t', '\r', 'x', '1', '.', '---\n', '...\n'];

test('random edits of the repository\'s YAML: the fast path reads them as yaml does, or declines', () => {
  let accepted = 0;
  const edit = fc.record({
    doc: fc.integer({ min: 0, max: corpus.length - 1 }),
    at: fc.nat(),
    kind: fc.constantFrom('insert', 'delete', 'indent', 'dedent', 'duplicate line'),
    text: fc.constantFrom(...EDIT_CHARACTERS),
    length: fc.integer({ min: 1, max: 6 }),
  });
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
    let text = corpus[edits[0]!.doc]!.text;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
      if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
      else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === 'indent') text = text.slice(0, lineStart) + ' '.repeat(e.length) + text.slice(lineStart);
      else if (e.kind === 'dedent') text = text.slice(0, lineStart) + text.slice(lineStart).replace(new RegExp(`^ {1,${e.length}}`), '');
      else text = text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    }
    if (agrees(text)) accepted++;
  }), { numRuns: 3000, seed: 61202026 });
  assert.ok(accepted >= 300, `only ${accepted} of 3000 edited texts took the fast path`);
});

test('what it leaves to yaml', () => {
  for (const text of [
    '', '# only a comment\n', 'a: 1\r\nb: 2\r\n', 'a:\t1\n', '\ufeffa: 1\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n',
    'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: >\n  text\n', 'a:\n', 'a:\nb: 1\n', 'a: 1\na: 2\n', 'a: [1,\n  2]\n',
    'a: long\n  plain\n', 'a: "two\n  lines"\n', 'a: "esc\\n"\n', '? a\n: 1\n', '- - 1\n', '  a: 1\n', 'a: b: c\n', '[1, 2]\n', 'just text\n',
  ]) assert.is(readPlainYaml(text), undefined, JSON.stringify(text));
  // Deep nesting, which yaml reports as an error of the file when it runs out of stack.
  const flow = (depth: number) => `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
  const block = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + `\n${' '.repeat(depth)}z: 1\n`;
  assert.ok(agrees(flow(60)) && agrees(block(60)), 'sixty levels are read');
  for (const text of [flow(70), block(70), flow(20_000), block(3_000)]) assert.is(readPlainYaml(text), undefined);
});

test.run();
