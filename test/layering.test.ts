// Dependencies point one way: cli -> api -> reports -> models -> sim. The pure core (sim, models) does
// no I/O: it imports no node: module. Inside sim/network, the subfolders point one way too
// (sim/network/README.md): capacity <- record <- resources <- flow <- parts <- engine.ts, all over
// the vocabulary beside engine.ts (spec.ts, arrival-spec.ts, arrival-process.ts, route-kinds.ts, control.ts), and nothing imports the
// replication (engine.ts) but code outside sim; engine.ts stays under 300 lines and no sim file
// passes 400. Checked on the sources, so a violation fails every run.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const test = suite('layering');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['sim', 'models', 'reports', 'api', 'cli'] as const;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm), ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
}

const layerOf = (path: string): number => LAYERS.indexOf(relative(ROOT, path).split(/[\\/]/)[0] as (typeof LAYERS)[number]);

test('no layer imports a layer above it', () => {
  const violations: string[] = [];
  for (const layer of LAYERS) {
    for (const file of sources(join(ROOT, layer))) {
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (layerOf(target) > layerOf(file)) violations.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  assert.equal(violations, []);
});

/**
 * The one exception: the private mathjs instances are built from factories required by path, on
 * first use (models/scenario/core/mathjs-factories.ts); node:module loads code, it reads nothing of the user's.
 */
const LIBRARY_LOADERS: ReadonlyMap<string, string> = new Map([['models/scenario/core/mathjs-factories.ts', 'node:module']]);

test('sim and models import no node: module (no I/O in the core)', () => {
  const violations: string[] = [];
  for (const layer of ['sim', 'models']) {
    for (const file of sources(join(ROOT, layer))) {
      const allowed = LIBRARY_LOADERS.get(relative(ROOT, file).split(/[\\/]/).join('/'));
      for (const spec of imports(file)) if (spec !== allowed && (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'worker_threads', 'module'].includes(spec))) violations.push(`${relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.equal(violations, []);
});

/** sim/network's subfolders, lowest first: a file may import its own folder and those before it. */
const NETWORK_FOLDERS = ['capacity', 'record', 'resources', 'flow', 'parts'] as const;
const NETWORK = join(ROOT, 'sim', 'network');
const ENGINE = join(NETWORK, 'engine.ts');

/** Rank of a file in sim/network: its folder's index; the vocabulary beside engine.ts is -1, engine.ts itself last. */
function networkRank(path: string): number {
  if (path === ENGINE) return NETWORK_FOLDERS.length;
  const [first, second] = relative(NETWORK, path).split(/[\\/]/);
  return second === undefined ? -1 : NETWORK_FOLDERS.indexOf(first as (typeof NETWORK_FOLDERS)[number]);
}

test('sim/network has only the documented subfolders, each with a README', () => {
  const folders = readdirSync(NETWORK).filter((name) => statSync(join(NETWORK, name)).isDirectory());
  assert.equal(folders.filter((f) => !(NETWORK_FOLDERS as readonly string[]).includes(f)), []);
  for (const f of folders) assert.ok(statSync(join(NETWORK, f, 'README.md')).isFile(), `sim/network/${f} has no README.md`);
});

test('sim/network subfolders import only downwards, and nothing in sim imports the replication', () => {
  const violations: string[] = [];
  for (const file of sources(join(ROOT, 'sim'))) {
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (target === ENGINE) { violations.push(`${relative(ROOT, file)} imports the replication (${spec})`); continue; }
      if (!file.startsWith(NETWORK) || !target.startsWith(NETWORK)) continue;
      if (networkRank(target) > networkRank(file)) violations.push(`${relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.equal(violations, []);
  assert.ok(networkRank(join(NETWORK, 'flow', 'routes.ts')) > networkRank(join(NETWORK, 'record', 'stats.ts')), 'the ranks see folders');
});

test('the replication stays a wiring of parts: engine.ts under 300 lines, no file in sim over 400', () => {
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;
  assert.ok(lines(ENGINE) < 300, `sim/network/engine.ts has ${lines(ENGINE)} lines`);
  assert.equal(sources(join(ROOT, 'sim')).filter((f) => lines(f) > 400).map((f) => `${relative(ROOT, f)}: ${lines(f)} lines`), []);
});

test('the checker sees imports (it would catch a violation)', () => {
  assert.ok(imports(join(ROOT, 'cli', 'main.ts')).includes('../sim/errors.js'));
});

test.run();
