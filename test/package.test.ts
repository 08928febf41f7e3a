// What `npm pack` ships: the licence package.json names, the compiled library and CLI, never the
// compiled tests.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './helpers/scratch.js';

const test = suite('package');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('npm pack lists the MIT LICENSE and no compiled test', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const files: string[] = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  assert.ok(files.includes('LICENSE'));
  assert.ok(files.includes('dist/bin/apmsim.js'));
  assert.equal(files.filter((f) => f.startsWith('dist/test/')), []);
  // The library's types ship; the reports' declarations are nobody's API, and the command line
  // ships as its bundle only (dist/bin), not also as the modules it was bundled from.
  assert.ok(files.includes('dist/api/index.d.ts'));
  assert.equal(files.filter((f) => /^dist\/reports\/.*\.d\.ts$/.test(f) || f.startsWith('dist/cli/')), []);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
  assert.is(pkg.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
});

test('a trace sample ships, and a trace scenario without its data says which dataset and where to get it (exit 2)', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const files: string[] = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of ['scenarios/azure-gpu-sample.yaml', 'scenarios/data/azure-conv-5min.csv', 'scenarios/data/README.md']) assert.ok(files.includes(f), f);
  // The full replays point outside the package (../../shared/data): from elsewhere the file is absent.
  const dir = scratchDir('apmsim-package-');
  for (const [scenario, dataset] of [['azure-gpu-replay', /Azure LLM inference trace 2023.*https:\/\/github\.com\/Azure\/AzurePublicDataset/], ['mooncake-replay', /Mooncake conversation trace.*https:\/\/github\.com\/kvcache-ai\/Mooncake/]] as const) {
    const copy = join(dir, `${scenario}.yaml`);
    copyFileSync(join(ROOT, 'scenarios', `${scenario}.yaml`), copy);
    const v = spawnSync(process.execPath, [join(ROOT, 'dist/bin/apmsim.js'), 'validate', copy], { encoding: 'utf8' });
    assert.is(v.status, 2, scenario);
    assert.match(v.stderr, /arrivals\.file: expected a readable file, found .* could not be read: ENOENT/);
    assert.match(v.stderr, dataset);
    assert.not.match(v.stderr, /\n\s+at /, 'no stack trace');
  }
});

test.run();
