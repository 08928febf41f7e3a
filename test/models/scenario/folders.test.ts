// models/scenario/ is split by section (README.md there): code outside it imports only its index.js;
// core/ (what every section reads with) and format/ (the declarations) import no section; every
// folder says in a README what lives there. Checked on the sources.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SCENARIO = join(ROOT, 'models', 'scenario');
const test = suite('models/scenario folders');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The files a source imports, as paths relative to models/scenario (`../x` when outside it). */
function scenarioImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)]
    .map((m) => relative(SCENARIO, resolve(dirname(file), m[1]!)).split(sep).join('/'));
}

const folderOf = (path: string): string => (path.includes('/') ? path.split('/')[0]! : '');

test('code outside models/scenario imports only its index.js', () => {
  const violations: string[] = [];
  let seen = 0;
  for (const layer of ['sim', 'models', 'reports', 'cli']) {
    for (const file of sources(join(ROOT, layer))) {
      if (file.startsWith(SCENARIO + sep)) continue;
      for (const target of scenarioImports(file)) {
        if (target === 'index.js') seen++;
        else if (!target.startsWith('..')) violations.push(`${relative(ROOT, file)} imports models/scenario/${target}`);
      }
    }
  }
  assert.ok(seen > 10, 'the checker sees the imports of the index');
  assert.equal(violations, []);
});

test('core/ and format/ import no section (core shares only the serving message texts)', () => {
  const allowed: Readonly<Record<string, readonly string[]>> = { core: ['core', 'serving/messages.js'], format: ['format', 'core/units.js'] };
  const violations: string[] = [];
  for (const [folder, ok] of Object.entries(allowed)) {
    for (const file of sources(join(SCENARIO, folder))) {
      for (const target of scenarioImports(file)) {
        if (target.startsWith('..')) continue;
        if (!ok.includes(folderOf(target)) && !ok.includes(target)) violations.push(`${relative(SCENARIO, file)} imports ${target}`);
      }
    }
  }
  assert.equal(violations, []);
});

test('every folder of models/scenario has a README.md, and no source is left at the top but index.ts', () => {
  const entries = readdirSync(SCENARIO);
  const folders = entries.filter((name) => statSync(join(SCENARIO, name)).isDirectory());
  assert.ok(folders.length >= 7);
  assert.equal(folders.filter((folder) => !existsSync(join(SCENARIO, folder, 'README.md'))), []);
  assert.equal(entries.filter((name) => name.endsWith('.ts')), ['index.ts']);
});

test.run();
