// Refactoring guard: every bundled scenario (and the fixtures in test/golden/) run through the CLI
// writes the same bytes as when test/golden/outputs.sha256.json was recorded. A change of
// behaviour must be deliberate: re-record with APMSIM_RECORD_GOLDEN=1 and say why in the commit.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { scratchDir } from './helpers/scratch.js';

const test = suite('golden outputs');
const root = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(root, 'dist/bin/apmsim.js');
const STORE = join(root, 'test/golden/outputs.sha256.json');
// report.html is left out: reports may change on their own; the data files may not.
const HASHED = /^(results\.json|negotiation\.json|.*\.arrow)$/;

const inputs = [
  ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`),
  ...readdirSync(join(root, 'test/golden')).filter((f) => f.endsWith('.yaml')).map((f) => `test/golden/${f}`),
].sort();

function outputsOf(file: string, extra: readonly string[] = []): Record<string, string> {
  const out = join(scratchDir('apmsim-golden-'), 'out');
  const r = spawnSync(process.execPath, [MAIN, 'run', file, '--replications', '2', '--out', out, ...extra], { cwd: root, encoding: 'utf8' });
  assert.is(r.status, 0, `${file}: ${r.stderr}`);
  const hashes: Record<string, string> = {};
  for (const name of readdirSync(out).filter((n) => n.endsWith('.json'))) {
    const holes = nullEnds(JSON.parse(readFileSync(join(out, name), 'utf8')));
    assert.equal(holes, [], `${file}: ${name} has intervals with a null end (an interval is [lo, hi] or null)`);
  }
  for (const name of readdirSync(out).filter((n) => HASHED.test(n)).sort()) {
    hashes[name] = createHash('sha256').update(readFileSync(join(out, name))).digest('hex');
  }
  return hashes;
}

/** Paths of every `interval` in a JSON document that is an array holding a null. */
function nullEnds(doc: unknown, path = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((x, i) => nullEnds(x, `${path}[${i}]`));
  if (typeof doc !== 'object' || doc === null) return [];
  return Object.entries(doc).flatMap(([k, v]) => (k === 'interval' && Array.isArray(v) && v.includes(null) ? [`${path}.${k}`] : nullEnds(v, `${path}.${k}`)));
}

const recording = process.env['APMSIM_RECORD_GOLDEN'] === '1';
const stored: Record<string, Record<string, string>> = existsSync(STORE) ? JSON.parse(readFileSync(STORE, 'utf8')) : {};
const recorded: Record<string, Record<string, string>> = {};

for (const file of inputs) {
  test(`${file}: the same output bytes as recorded`, () => {
    const hashes = outputsOf(file);
    assert.ok(hashes['results.json'] !== undefined, `${file}: no results.json`);
    if (recording) { recorded[file] = hashes; return; }
    assert.ok(stored[file] !== undefined, `${file} has no recorded hashes (record with APMSIM_RECORD_GOLDEN=1)`);
    assert.equal(hashes, stored[file]);
  });
}

test.after(() => {
  if (recording) writeFileSync(STORE, `${JSON.stringify(recorded, null, 2)}\n`);
});

test.run();
