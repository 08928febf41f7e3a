// Hostile scenarios for the fuzz suite: a bundled scenario with a few mutations (a value replaced
// by an extreme number, a hostile name or expression, a field deleted or copied elsewhere, a name
// renamed everywhere, a trace replaced by a random file or a device), written as YAML. fast-check
// draws the mutations and shrinks a failing case to the fewest that still fail.

import fc from 'fast-check';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every bundled scenario, with the files it names made absolute so its mutants can live anywhere. */
export const BUNDLED: readonly { readonly name: string; readonly doc: Json }[] = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml')).sort()
  .map((f) => ({ name: f, doc: absoluteFiles(parse(readFileSync(join(SCENARIOS, f), 'utf8')) as Json, SCENARIOS) }));

function absoluteFiles(node: Json, dir: string): Json {
  if (Array.isArray(node)) return node.map((x) => absoluteFiles(x, dir));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'file' && typeof v === 'string' && !isAbsolute(v) ? resolve(dir, v) : absoluteFiles(v, dir);
  return out;
}

/** Numbers that broke, or could break, a size, a rate or a time. */
const NUMBERS = [
  0, -1, -500, 0.5, 1, 2, 1e-300, 1e8, 1e9, 1e12, 1e15, 1e308, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31), 4294967296, 16777217,
  Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN,
];
/** Names that are Object.prototype members or otherwise awkward. */
const NAMES = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'prototype', 'exit', '', ' ', 'a.b', 'ü', '<script>'];
/** Expressions of t: wrong arities and domains, long and deep ones, sandbox escapes. */
const EXPRESSIONS = [
  'min()', 'sin(t,t)', 'pow(t)', 'mod(t)', 'abs()', 'sign()', 'round()', 'round(t,-1)', 'ceil(t,-5)', 'floor(t, t)', 'log(t)', 'log(-1)',
  'sqrt(-t)', '1/t', '1/0', 't^t^t', 'mod(t, 0)', 'exp(t)', 'pow(10, 400)', '1e308 * 10', 't ? 1 : 0', 'not t',
  Array(2500).fill('t').join('+'), `max(${Array(20_000).fill('t').join(',')})`, `${'('.repeat(300)}t${')'.repeat(300)}`, `${'-'.repeat(999)}t`,
  'import("fs", {})', 'evaluate("1")', 'cos.constructor("return process")()', 'f(x) = x', '[1,2][1]', '{a: 1}', '"text"', '5 m', 'e', 'pi',
];
/** Strings in the shape of durations, rates and sizes, some broken. */
const QUANTITIES = ['0s', '-1s', '1e308s', '1e-300s', '1e9s', '5/s', '0/s', '1e12/s', '-3/s', '5s', '5 parsecs', '1e15 GiB', '0 B', 'auto', '1min', 'NaN s', 'Infinity s'];
/** Paths to files that are not regular, small files. */
const FILES = ['/dev/zero', '/dev/urandom', '/dev/null', '/proc/self/status', '/', '/nonexistent/trace.csv'];

export type Mutation =
  | { readonly op: 'set'; readonly at: number; readonly value: Json }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'copy'; readonly from: number; readonly to: number }
  | { readonly op: 'rename'; readonly at: number; readonly name: string }
  | { readonly op: 'scale'; readonly at: number; readonly power: number }
  | { readonly op: 'trace'; readonly at: number; readonly trace: string };

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...NUMBERS), fc.constantFrom(...NAMES), fc.constantFrom(...EXPRESSIONS), fc.constantFrom(...QUANTITIES),
  fc.constantFrom(...FILES), fc.constantFrom<Json>(null, true, false, [], {}, [null], { dist: 'exponential', mean: '1s' }),
  fc.double(), fc.integer(), fc.string({ maxLength: 20 }),
);

/** A random trace file's text: rows of numbers and junk, good and bad headers, CSV or JSON lines. */
export const traceText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(fc.oneof(fc.double(), fc.constantFrom('2023-11-16 18:15:46.68', 'x', '', '-1')), fc.oneof(fc.integer({ min: -1000, max: 1e9 }), fc.constantFrom('', 'NaN', '1e999', '-500'))), { maxLength: 50 })
    .map((rows) => ['TIMESTAMP,ContextTokens,GeneratedTokens,timestamp,input_length,output_length', ...rows.map(([t, n]) => `${t},${n},${n},${t},${n},${n}`)].join('\n')),
  fc.array(fc.record({ timestamp: fc.oneof(fc.double(), fc.string()), input_length: fc.oneof(fc.integer(), fc.double(), fc.constant(null)), output_length: fc.integer(), hash_ids: fc.array(fc.integer(), { maxLength: 5 }) }), { maxLength: 50 })
    .map((rows) => rows.map((r) => JSON.stringify(r)).join('\n')),
  fc.string({ maxLength: 2000 }),
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('scale' as const), at: fc.nat(), power: fc.integer({ min: -12, max: 15 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trace' as const), at: fc.nat(), trace: traceText }) },
);

export interface Mutant {
  readonly scenario: number;
  readonly mutations: readonly Mutation[];
}

export const mutant: fc.Arbitrary<Mutant> = fc.record({
  scenario: fc.nat({ max: BUNDLED.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

type Path = readonly (string | number)[];

/** Every node's path, the root's first, in document order. */
function paths(node: Json, at: Path = []): Path[] {
  const here: Path[] = [at];
  if (Array.isArray(node)) node.forEach((x, i) => here.push(...paths(x, [...at, i])));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) here.push(...paths(v, [...at, k]));
  return here;
}

function get(node: Json, path: Path): Json {
  return path.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k]!, node);
}

function set(node: Json, path: Path, v: Json | undefined): void {
  if (path.length === 0) return;
  const parent = get(node, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (v === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else (parent as Record<string | number, Json>)[key] = v;
}

/** Replaces a string wherever it is a key or a value (a name renamed everywhere). */
function renameAll(node: Json, from: string, to: string): Json {
  if (node === from) return to;
  if (Array.isArray(node)) return node.map((x) => renameAll(x, from, to));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) Object.defineProperty(out, k === from ? to : k, { value: renameAll(v, from, to), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The mutant's YAML text; trace files it names are written into `dir`. */
export function mutantText(m: Mutant, dir: string): string {
  let doc = structuredClone(BUNDLED[m.scenario]!.doc);
  m.mutations.forEach((mu, i) => {
    const all = paths(doc);
    const pick = (n: number): Path => all[n % all.length]!;
    switch (mu.op) {
      case 'set': set(doc, pick(mu.at), mu.value); break;
      case 'delete': set(doc, pick(mu.at), undefined); break;
      case 'copy': set(doc, pick(mu.to), structuredClone(get(doc, pick(mu.from)))); break;
      case 'scale': {
        const numbers = all.filter((p) => { const v = get(doc, p); return typeof v === 'number' || (typeof v === 'string' && /^\d/.test(v)); });
        const p = numbers[mu.at % Math.max(1, numbers.length)];
        if (p === undefined) break;
        const v = get(doc, p);
        set(doc, p, typeof v === 'number' ? v * 10 ** mu.power : (v as string).replace(/^[\d.]+/, (x) => String(Number(x) * 10 ** mu.power)));
        break;
      }
      case 'rename': {
        const keys = all.filter((p) => p.length === 2 && ['agents', 'workload', 'gpus', 'models'].includes(String(p[0])));
        const p = keys[mu.at % Math.max(1, keys.length)];
        if (p !== undefined) doc = renameAll(doc, String(p[1]), mu.name);
        break;
      }
      case 'trace': {
        const file = join(dir, `trace-${i}.${mu.at % 2 === 0 ? 'csv' : 'jsonl'}`);
        writeFileSync(file, mu.trace);
        const files = all.filter((p) => p[p.length - 1] === 'file');
        const p = files[mu.at % Math.max(1, files.length)];
        if (p !== undefined) set(doc, p, file);
        break;
      }
    }
  });
  return stringify(doc, { aliasDuplicateObjects: false });
}
