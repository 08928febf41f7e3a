// What a document says about how it was made: the scenario file, the overrides as applied
// (relative ones resolved, in every command that takes --set) and the command line without the
// options that do not change a number, so two runs of one file with different --set differ.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordedCommand } from '../../cli/command-line.js';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli: provenance and relative overrides');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/bin/apmsim.js');
const QUICK = ['--replications', '2', '--horizon', '300s', '--warmup', '30s'];

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

test('results.json records the file, the overrides as applied and the command; two --set runs differ', () => {
  const dir = scratchDir('apmsim-prov-');
  const a = apmsim('run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers*=2', '--out', join(dir, 'a'), '--workers', '1', '--quiet');
  const b = apmsim('run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers+=1', '--out', join(dir, 'b'), '--quiet');
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  const ra = readJson(join(dir, 'a', 'results.json'));
  const rb = readJson(join(dir, 'b', 'results.json'));
  assert.is(ra.scenarioFile, 'scenarios/mm4.yaml');
  assert.equal(ra.overrides, ['agents.worker.servers=8', 'replications=2', 'horizon=300s', 'warmup=30s']);
  assert.equal(rb.overrides, ['agents.worker.servers=5', 'replications=2', 'horizon=300s', 'warmup=30s']);
  // --out, --workers and --quiet do not change a number, so they are not part of it.
  assert.equal(ra.command, ['apmsim', 'run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers*=2']);
  assert.equal(rb.command, ['apmsim', 'run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers+=1']);
  assert.is.not(ra.fingerprint, rb.fingerprint);
  // The relative override really changed the system: twice the servers, a quarter of... at least less waiting.
  assert.ok(ra.metrics['e2e.mean'].estimate < rb.metrics['e2e.mean'].estimate);
});

test('--json prints the same provenance; a relative override equals its absolute value (same fingerprint, same numbers)', () => {
  const rel = apmsim('run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers-=1', '--json');
  const abs = apmsim('run', 'scenarios/mm4.yaml', ...QUICK, '--set', 'agents.worker.servers=3', '--json');
  assert.is(rel.code, 0, rel.stderr);
  const r = JSON.parse(rel.stdout);
  const s = JSON.parse(abs.stdout);
  assert.is(r.overrides[0], 'agents.worker.servers=3');
  assert.is(r.fingerprint, s.fingerprint);
  assert.equal(r.metrics, s.metrics);
  assert.equal(r.command.slice(-2), ['--set', 'agents.worker.servers-=1']);
});

test('sweep.json and each point record provenance; relative --set works in sweep', () => {
  const dir = scratchDir('apmsim-prov-');
  const r = apmsim('sweep', 'scenarios/mm4.yaml', ...QUICK, '--set', 'workload.requests.arrivals.rate*=0.5', '--grid', 'agents.worker.servers=4,5', '--out', dir, '--workers', '1', '--quiet');
  assert.is(r.code, 0, r.stderr);
  const doc = readJson(join(dir, 'sweep.json'));
  assert.is(doc.scenarioFile, 'scenarios/mm4.yaml');
  assert.ok(/^workload\.requests\.arrivals\.rate=\d/.test(doc.overrides[0]), doc.overrides[0]);
  assert.equal(doc.command, ['apmsim', 'sweep', 'scenarios/mm4.yaml', ...QUICK, '--set', 'workload.requests.arrivals.rate*=0.5', '--grid', 'agents.worker.servers=4,5']);
  assert.equal(doc.points[1].results.overrides, [...doc.overrides, 'agents.worker.servers=5']);
  assert.equal(doc.points[1].results.command, doc.command);
});

test('compare records the command and each side\'s overrides; relative --candidate-set works', () => {
  const r = apmsim('compare', 'scenarios/mm4.yaml', 'scenarios/mm4.yaml', '--horizon', '300s', '--warmup', '30s', '--replications', '4', '--max-replications', '4',
    '--candidate-set', 'agents.worker.servers+=1', '--metric', 'e2e.mean', '--json');
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.candidate.overrides, ['horizon=300s', 'warmup=30s', 'agents.worker.servers=5']);
  assert.equal(doc.baseline.overrides, ['horizon=300s', 'warmup=30s']);
  assert.equal(doc.command.slice(0, 4), ['apmsim', 'compare', 'scenarios/mm4.yaml', 'scenarios/mm4.yaml']);
  assert.ok(!doc.command.includes('--json'));
});

test('validate takes relative overrides, and names the override when one does not apply', () => {
  assert.is(apmsim('validate', 'scenarios/mm4.yaml', '--set', 'agents.worker.servers*=2').code, 0);
  const bad = apmsim('validate', 'scenarios/mm4.yaml', '--set', 'agents.worker.servers-=4');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /agents\.worker\.servers: expected an integer of at least 1, found 0 \(from the override agents\.worker\.servers-=4\)/);
  // A flag that changes the scenario is an override too, and is named as the value it set.
  const flag = apmsim('run', 'scenarios/mm4.yaml', '--replications', '1');
  assert.is(flag.code, 2);
  assert.match(flag.stderr, /replications: expected an integer of at least 2, found 1 \(from the override replications=1\)/);
  const notNumber = apmsim('validate', 'scenarios/mm4.yaml', '--set', 'agents.worker*=2');
  assert.is(notNumber.code, 2);
  assert.match(notNumber.stderr, /expected a number, rate or duration at the path to change relatively/);
});

test('the recorded command leaves out where outputs go and how work is spread, with their values', () => {
  const parsed = { out: 'o', workers: 2, quiet: true, json: '', report: 'r.html', shard: '1/2' };
  assert.equal(
    recordedCommand(parsed, ['run', 's.yaml', '--out', 'o', '--workers=2', '--quiet', '--set', 'a*=2', '--shard', '1/2', '--report', 'r.html', '--json']),
    ['apmsim', 'run', 's.yaml', '--set', 'a*=2'],
  );
  // A boolean option does not take the next argument with it.
  assert.equal(recordedCommand({ quiet: true }, ['run', '--quiet', 's.yaml']), ['apmsim', 'run', 's.yaml']);
  // Nor do their short forms.
  assert.equal(recordedCommand({ out: 'o', o: 'o', quiet: true, q: true }, ['run', '-o', 'o', 's.yaml', '-q', '--seed', '3']), ['apmsim', 'run', 's.yaml', '--seed', '3']);
  assert.equal(recordedCommand({ out: 'o', o: 'o' }, ['run', '-o=o', 's.yaml']), ['apmsim', 'run', 's.yaml']);
});

test.run();
