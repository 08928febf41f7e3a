// One error path: the exit-code table has one source (EXIT_CODES in sim/errors.ts), the README and
// docs/ci.md document it word for word, only cli/main.ts sets the exit code, every error class of
// ours extends ApmsimError and gives the code docs/ci.md lists for it, and errors keep their code
// when they cross from a worker.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApmsimError, EXIT_CODES, fileErrorReason, SimulationError } from '../sim/errors.js';
import { postableError, receivedError } from '../api/thread-errors.js';

const test = suite('errors');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = fileURLToPath(new URL('../', import.meta.url));
const LAYERS = ['sim', 'models', 'reports', 'api', 'cli'];
const BUILT_IN = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The rows of the markdown table under the header `| first | ... |`, each as its trimmed cells. */
function markdownTable(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${header} |`));
  assert.ok(start >= 0, `a table headed | ${header} |`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}

const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1');

/** Every class declared in the source with the class it extends, and the file it is in. */
function declaredClasses(): { name: string; parent: string; file: string }[] {
  return LAYERS.flatMap((layer) => sources(join(ROOT, layer)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bclass\s+(\w+)(?:<[^>{]*>)?\s+extends\s+([\w.]+)/g)]
      .map((m) => ({ name: m[1]!, parent: m[2]!, file }))));
}

/** Every error class of ours (every class descending from ApmsimError), with its exported value. */
async function errorClasses(): Promise<{ name: string; file: string; value: unknown }[]> {
  const classes = declaredClasses();
  const parentOf = new Map(classes.map((c) => [c.name, c.parent]));
  const isOurs = (name: string): boolean => {
    for (let n: string | undefined = name; n !== undefined; n = parentOf.get(n)) if (n === 'ApmsimError') return true;
    return false;
  };
  const ours = classes.filter((c) => isOurs(c.parent));
  return Promise.all(ours.map(async (c) => {
    const built = join(DIST, relative(ROOT, c.file)).replace(/\.ts$/, '.js');
    const module = await import(pathToFileURL(built).href) as Record<string, unknown>;
    return { name: c.name, file: relative(ROOT, c.file), value: module[c.name] };
  }));
}

const sourceTable = Object.entries(EXIT_CODES).map(([name, { code, meaning }]) => [String(code), name, meaning]);

test('the exit codes: success 0, regression 1, bad input 2, inconclusive 3, internal 70 (EX_SOFTWARE), output failed 73 (EX_CANTCREAT), interrupted 130, terminated 143', () => {
  const codes = Object.fromEntries(Object.entries(EXIT_CODES).map(([name, { code }]) => [name, code]));
  assert.equal(codes, { 'success': 0, 'regression': 1, 'bad-input': 2, 'inconclusive': 3, 'internal': 70, 'output-failed': 73, 'interrupted': 130, 'terminated': 143 });
});

for (const doc of ['README.md', 'docs/ci.md']) {
  test(`${doc} documents the exit-code table of sim/errors.ts, row for row and word for word`, () => {
    const documented = markdownTable(readFileSync(join(ROOT, doc), 'utf8'), 'code').map(([code, name, meaning]) => [unquote(code!), unquote(name!), meaning]);
    assert.equal(documented, sourceTable);
  });
}

test('no class of ours extends a built-in error but ApmsimError (every error carries its exit code)', () => {
  const direct = declaredClasses().filter((c) => BUILT_IN.has(c.parent) && c.name !== 'ApmsimError').map((c) => `${relative(ROOT, c.file)}: ${c.name} extends ${c.parent}`);
  assert.equal(direct, []);
});

test('every error class is exported, declares its exit, and gives the code docs/ci.md lists for it', async () => {
  const classes = await errorClasses();
  assert.ok(classes.length >= 9, `found ${classes.map((c) => c.name).join(', ')}`);
  const listed = new Map(markdownTable(readFileSync(join(ROOT, 'docs/ci.md'), 'utf8'), 'error')
    .filter(([name]) => name!.startsWith('`'))
    .map(([name, code]) => [unquote(name!), Number(code)]));
  for (const c of classes) {
    assert.type(c.value, 'function', `${c.file}: ${c.name} is exported`);
    const cls = c.value as typeof ApmsimError;
    assert.ok(cls.prototype instanceof ApmsimError, `${c.name} extends ApmsimError`);
    assert.ok(Object.hasOwn(cls, 'exit'), `${c.name} declares its own static exit`);
    assert.ok(cls.exit in EXIT_CODES, `${c.name}: exit '${String(cls.exit)}' is a row of EXIT_CODES`);
    assert.is(listed.get(c.name), EXIT_CODES[cls.exit].code, `${c.name} in docs/ci.md`);
  }
  assert.equal([...listed.keys()].sort(), classes.map((c) => c.name).sort(), 'docs/ci.md lists exactly the error classes');
});

test('only cli/main.ts sets the exit code (commands return their status, errors carry theirs)', () => {
  const setters = LAYERS.flatMap((layer) => sources(join(ROOT, layer)))
    .filter((file) => /process\.exitCode\s*=|process\.exit\(/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  assert.equal(setters, [join('cli', 'main.ts')]);
});

test('an error takes its class\'s exit and name', () => {
  const e = new SimulationError('no server can ever take this request');
  assert.is(e.exit, 'bad-input');
  assert.is(e.exitCode, 2);
  assert.is(e.name, 'SimulationError');
  assert.is(e.message, 'no server can ever take this request');
});

test('an error of ours crossing from a worker thread keeps its message, name and exit code; a bug keeps its stack', () => {
  const cross = (e: unknown): Error => receivedError(structuredClone(postableError(e)));
  const ours = cross(new SimulationError('stuck'));
  assert.ok(ours instanceof ApmsimError);
  assert.is((ours as ApmsimError).exitCode, 2);
  assert.is(ours.message, 'stuck');
  assert.is(ours.name, 'SimulationError');
  const bug = new TypeError('x is undefined');
  const crossed = cross(bug);
  assert.not.ok(crossed instanceof ApmsimError, 'a bug stays a bug');
  assert.ok(crossed.message.includes(bug.stack!), 'with the stack from the worker');
  assert.not.ok(cross(new ApmsimError('escaped', 'internal')) instanceof ApmsimError, 'an internal error of ours is a bug too');
});

test('a file system error is given in words with its code, in one place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apmsim-errors-'));
  const reason = (read: () => unknown): string => {
    try { read(); } catch (e) { return fileErrorReason(e); }
    return 'no error';
  };
  try {
    assert.is(reason(() => readFileSync(join(dir, 'missing.yaml'))), 'no such file or folder (ENOENT)');
    assert.is(reason(() => readFileSync(dir)), 'a folder, not a file (EISDIR)');
    assert.is(reason(() => readFileSync(join(dir, 'missing', 'x.yaml'))), 'no such file or folder (ENOENT)');
  } finally {
    rmSync(dir, { recursive: true });
  }
  assert.is(fileErrorReason(Object.assign(new Error('odd'), { code: 'EWHATEVER' })), 'EWHATEVER');
  assert.is(fileErrorReason(new Error('no code')), 'no code');
  // Every message built from an error's code goes through fileErrorReason.
  const bare = LAYERS.flatMap((l) => sources(join(ROOT, l))).filter((f) => /\.code \?\?/.test(readFileSync(f, 'utf8')));
  assert.equal(bare.map((f) => relative(ROOT, f)), []);
});

test.run();
