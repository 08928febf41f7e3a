// The engine spec is plain data: every scenario survives structured cloning unchanged (what worker
// threads receive), and a scenario with rate expressions gives the same bytes on 1 and 2 threads.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../models/scenario/index.js';
import { canonicalJson } from '../models/scenario/core/fingerprint.js';
import { scratchDir } from './helpers/scratch.js';

const test = suite('plain-data spec');
const root = fileURLToPath(new URL('../../', import.meta.url));
const files = [
  ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f)),
  ...readdirSync(join(root, 'test/golden')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'test/golden', f)),
];

/** Every function anywhere in `value`, by path. */
function functionsIn(value: unknown, path: string, found: string[]): string[] {
  if (typeof value === 'function') found.push(path);
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) functionsIn(v, `${path}.${k}`, found);
  }
  return found;
}

for (const file of files) {
  test(`${file.slice(root.length)}: no function in the scenario, and a structured clone equals it`, () => {
    const scenario = loadScenario(file, readFileSync(file, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(file), p), 'utf8'), overrides: [] });
    assert.equal(functionsIn(scenario, 'scenario', []), []);
    assert.is(canonicalJson(structuredClone(scenario)), canonicalJson(scenario));
  });
}

test('a predictive autoscaler and a varying rate: --workers 2 writes the bytes --workers 1 does', () => {
  const dir = scratchDir('apmsim-workers-');
  const run = (workers: number): string => {
    const out = join(dir, `w${workers}`);
    const r = spawnSync(process.execPath, [join(root, 'dist/bin/apmsim.js'), 'run', 'test/golden/predictive-spike.yaml', '--workers', String(workers), '--out', out], { cwd: root, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return readFileSync(join(out, 'results.json'), 'utf8');
  };
  const one = run(1);
  assert.ok(one.includes('"partial": false'));
  assert.is(run(2), one);
});

test.run();
