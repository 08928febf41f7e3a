// Dependencies point one way: cli -> reports -> models -> sim. The pure core (sim, models) does
// no I/O: it imports no node: module. Checked on the sources, so a violation fails every run.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const test = suite('layering');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['sim', 'models', 'reports', 'cli'] as const;

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

test('sim and models import no node: module (no I/O in the core)', () => {
  const violations: string[] = [];
  for (const layer of ['sim', 'models']) {
    for (const file of sources(join(ROOT, layer))) {
      for (const spec of imports(file)) if (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'worker_threads'].includes(spec)) violations.push(`${relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.equal(violations, []);
});

test('the checker sees imports (it would catch a violation)', () => {
  assert.ok(imports(join(ROOT, 'cli', 'main.ts')).includes('../sim/errors.js'));
});

test.run();
