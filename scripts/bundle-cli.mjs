// Bundles the command line (dist/cli/main.js, as tsc built it) into dist/bin/: a start-up reads a
// few files instead of some 700 modules (ours, yaml's, yargs's, @stdlib's, mathjs's), which was
// most of a short command's CPU. Each command stays a chunk loaded only when it runs. The heavy
// libraries of a few commands (vega for reports, Arrow, the learned backend's matrices) stay
// outside, imported from node_modules when those commands need them; mathjs's factories are two
// files of their own, one per instance, required at the first expression or unit that needs them.
//
// dist/bin/ is two folders deep like dist/api/, so `new URL('../../package.json', import.meta.url)`
// finds the package from any chunk, and the replication worker sits beside the chunks that start it.

import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { Script } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bin');
const require = Module.createRequire(import.meta.url);
/** mathjs's ES build, by path: its package exports only the whole-library entry. */
const MATHJS_ESM = join(dirname(require.resolve('mathjs/package.json')), 'lib/esm');

/** Loaded only by the commands that need them, and large: left in node_modules. */
const EXTERNAL = ['vega', 'vega-lite', 'apache-arrow', 'ml-matrix'];

/** The two mathjs instances' files in dist/bin/, by the kind of factories each is built from. */
const MATHJS_FILES = { Number: 'mathjs-expressions.cjs', Any: 'mathjs-units.cjs' };
/** Beside each instance's file: V8's compiled code of it, after building and using an instance. */
const CODE_CACHE_SUFFIX = '.v8cache';

/**
 * dist/bin/mathjs-<use>.cjs: the factories of one instance of models/scenario/core/mathjs.js as
 * static imports of mathjs's ES build, so the bundler keeps only what it uses. A file each, compiled
 * only by a process that meets a rate expression (about 440 kB) or a unit only mathjs knows (about
 * 490 kB, with decimal.js, complex.js and fraction.js).
 */
async function mathjsFactories() {
  const { EXPRESSION_FACTORIES, UNIT_FACTORIES } = await import(pathToFileURL(join(DIST, 'models/scenario/core/mathjs.js')).href);
  const from = (file) => JSON.stringify(join(MATHJS_ESM, file));
  return Object.entries({ Number: EXPRESSION_FACTORIES, Any: UNIT_FACTORIES }).map(([kind, names]) => ({
    kind,
    names,
    file: MATHJS_FILES[kind],
    contents: [
      `import { create } from ${from('core/create.js')};`,
      `import { ${names.map((n) => `${n}Dependencies`).join(', ')} } from ${from(`entry/dependencies${kind}.generated.js`)};`,
      `const TABLE = { ${names.map((n) => `${JSON.stringify(n)}: ${n}Dependencies`).join(', ')} };`,
      'export function dependenciesOf(name) { return TABLE[name]; }',
      'export function createFunction() { return create; }',
    ].join('\n'),
  }));
}

/**
 * string-width (three copies, used by yargs to lay out help) builds an Intl.Segmenter and several
 * Unicode-property regular expressions as it loads: about 17 ms of every command's CPU, though only
 * help and error texts measure widths. Each import of it gets a stand-in that loads the real module
 * at its first call (esbuild runs a required ES module's top level on first require).
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      return real.errors.length > 0 ? { errors: real.errors } : { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let width;\nexport default function stringWidth(text, options) {\n  width ??= require(${JSON.stringify(args.path)}).default;\n  return width(text, options);\n}\n`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * yaml as ES modules: its package gives Node its CommonJS build, which the bundle wraps module by
 * module and runs whole at the first import; its ES build (the same code, meant for bundlers, that
 * warns by console.warn rather than process.emitWarning) is tree-shaken and hoisted with ours.
 * About 4 ms less CPU for validate scenarios/*.yaml (medians of 31 alternating runs).
 */
const yamlModules = {
  name: 'yaml-es-modules',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(dirname(require.resolve('yaml/package.json')), 'browser/index.js') }));
  },
};

/**
 * The bundle's models/scenario/core/mathjs-factories.js: requires an instance's file at its first
 * use as Node's require would (a module in require.cache), but compiled with the V8 code cache the
 * build wrote beside it (writeCodeCache). A cache that V8 rejects (another Node version, other
 * flags) is ignored: the file then compiles as without one.
 */
const LAZY_FACTORIES = `import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
const FILES = ${JSON.stringify(MATHJS_FILES)};
function codeCache(file) {
  try { return readFileSync(file + '${CODE_CACHE_SUFFIX}'); } catch { return undefined; }
}
function required(file) {
  const require = Module.createRequire(file);
  if (require.cache[file] === undefined) {
    const module = new Module(file);
    module.filename = file;
    const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: codeCache(file) });
    script.runInThisContext()(module.exports, require, module, file, dirname(file));
    module.loaded = true;
    require.cache[file] = module;
  }
  return require.cache[file].exports;
}
const loaded = {};
const load = (kind) => (loaded[kind] ??= required(fileURLToPath(new URL('./' + FILES[kind], import.meta.url))));
export function dependenciesOf(kind, name) { return load(kind).dependenciesOf(name); }
export function createFunction(kind) { return load(kind).createFunction(); }
`;

/** What the build does with each instance so that its code is in the cache (the rest compiles when first used). */
const WARM_UP = {
  Number: (math) => math.parse('2 + 0.5 * sin(2 * pi * t / 3600) * exp(-t / 60) ^ 2 - min(t, 1) / max(1, t) >= 0 ? 1 : 0').compile().evaluate({ t: 5 }),
  Any: (math) => math.unit(1, 'mile').toNumber('m'),
};

/**
 * dist/bin/<file>.v8cache: V8's code cache of an instance's file after an instance was built as
 * models/scenario/core/mathjs.ts builds it, and used. Building the expression instance then takes
 * about half the CPU. V8 accepts a cache only for the same V8 version and flags and a source of the
 * same length; this build writes the file and its cache together, into the folder it just cleared.
 */
function writeCodeCache(file, kind, names) {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
  const math = module.exports.createFunction()(Object.assign({}, ...names.map((name) => module.exports.dependenciesOf(name))), { predictable: true });
  WARM_UP[kind](math);
  writeFileSync(file + CODE_CACHE_SUFFIX, script.createCachedData());
}

const factories = await mathjsFactories();
rmSync(OUT, { recursive: true, force: true });
const COMMON = { bundle: true, platform: 'node', target: 'node20', legalComments: 'eof', logLevel: 'warning' };
for (const { file, contents } of factories) {
  await build({ ...COMMON, stdin: { contents, loader: 'js', resolveDir: ROOT, sourcefile: file }, outfile: join(OUT, file), format: 'cjs' });
}
await build({
  ...COMMON,
  entryPoints: { apmsim: join(DIST, 'cli/main.js'), 'replication-worker': join(DIST, 'api/replication-worker.js') },
  outdir: OUT,
  splitting: true,
  format: 'esm',
  external: EXTERNAL,
  chunkNames: '[name]-[hash]',
  // CommonJS libraries inside an ES bundle call require(): give them Node's.
  banner: { js: "import { createRequire as __apmsimCreateRequire } from 'node:module'; const require = __apmsimCreateRequire(import.meta.url);" },
  plugins: [lazyStringWidth, yamlModules, {
    name: 'mathjs-factories',
    setup(b) {
      b.onLoad({ filter: /[\\/]models[\\/]scenario[\\/]core[\\/]mathjs-factories\.js$/ }, () => ({ contents: LAZY_FACTORIES, loader: 'js', resolveDir: ROOT }));
    },
  }],
});
chmodSync(join(OUT, 'apmsim.js'), 0o755);
// Node finds each module's format in the nearest package.json, walking up folder by folder, and
// turning URLs into paths hot enough to be optimized (about 5 ms of a validate): one here ends the walk.
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
for (const { kind, names, file } of factories) writeCodeCache(join(OUT, file), kind, names);
