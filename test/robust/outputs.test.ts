// The output folder under hostile conditions (issue 18): a wrong --out fails before any simulation,
// a failure to write after the run keeps the printed results and names the file, a folder never
// mixes two runs' files (kill -9 mid-write included), leftovers of killed runs are removed, and
// SIGINT / SIGTERM stop a run with its partial results and exit 130 / 143 — and, arriving while
// the files are written, let them all be written. Faults are planted with --import (no hook in apmsim).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('outputs');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const MM4 = fileURLToPath(new URL('../../../scenarios/mm4.yaml', import.meta.url));
const QUICK = ['--replications', '2', '--horizon', '500s', '--warmup', '50s'];
const SET = ['latency.arrow', 'metrics.arrow', 'report.html', 'results.json', 'timeseries.arrow'];

/**
 * A module run before apmsim that makes `fs[fn]` on a staged file ending in `name` do `action`:
 * throw EIO, or send this process a signal (SIGINT, SIGTERM, SIGKILL) and go on.
 */
function plant(fn: 'openSync' | 'renameSync', name: string, action: 'EIO' | NodeJS.Signals): string {
  const code = `import fs from 'node:fs'; import { syncBuiltinESMExports } from 'node:module';
const original = fs.${fn};
fs.${fn} = function (...args) {
  if (String(args[0]).includes('.apmsim-staging') && String(args[0]).endsWith(${JSON.stringify(name)})) {
    if (${JSON.stringify(action)} === 'EIO') { const e = new Error('EIO: planted by the test'); e.code = 'EIO'; throw e; }
    process.kill(process.pid, ${JSON.stringify(action)});
  }
  return original.apply(this, args);
};
syncBuiltinESMExports();`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

function apmsim(args: string[], planted?: string): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...(planted === undefined ? [] : ['--import', planted]), MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const visible = (dir: string): string[] => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
const hidden = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.')).sort();
const fresh = (): string => scratchDir('apmsim-robust-');

test('defect 8: a wrong --out fails with exit 2 before any simulation', () => {
  const dir = fresh();
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a folder');
  for (const [out, why] of [[file, /--out .*a-file: expected a folder, found a file/], [join(file, 'sub'), /a part of the path is a file/], ['/proc/self/apmsim-out', /cannot create the folder/]] as const) {
    const t0 = performance.now();
    // A run of 10^4 replications would take minutes: the check comes first.
    const r = apmsim(['run', MM4, '--replications', '10000', '--out', out]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, why);
    assert.not.match(r.stderr, /internal error|\n\s+at /);
    assert.ok(performance.now() - t0 < 15_000);
  }
  const report = apmsim(['report', MM4, '--out', dir]);
  assert.is(report.code, 2);
  assert.match(report.stderr, /expected a file, found a folder/);
  assert.is(apmsim(['report', MM4, '--out', join(file, 'r.html')]).code, 2);
});

test('defect 8: a failure to write after the run prints the results, names the file and exits 73; the folder keeps the earlier run', () => {
  const dir = fresh();
  assert.is(apmsim(['run', MM4, ...QUICK, '--seed', '1', '--out', dir, '--quiet']).code, 0);
  const before = readFileSync(join(dir, 'results.json'), 'utf8');
  const r = apmsim(['run', MM4, ...QUICK, '--seed', '2', '--out', dir], plant('openSync', 'report.html', 'EIO'));
  assert.is(r.code, 73, r.stderr);
  assert.match(r.stdout, /e2e\.mean/, 'the results table is printed before any file is written');
  assert.match(r.stderr, /could not write .*report\.html: an input\/output error \(EIO\)/);
  assert.not.match(r.stderr, /internal error/);
  assert.equal(visible(dir), SET);
  assert.is(readFileSync(join(dir, 'results.json'), 'utf8'), before, 'the earlier run is left whole');
  assert.equal(hidden(dir), []);
});

test('kill -9 while the files are staged leaves the earlier run whole; the next run removes the leftovers', () => {
  const dir = fresh();
  assert.is(apmsim(['run', MM4, ...QUICK, '--seed', '1', '--out', dir, '--quiet', '--trace']).code, 0);
  const before = readFileSync(join(dir, 'results.json'), 'utf8');
  const killed = apmsim(['run', MM4, ...QUICK, '--seed', '2', '--out', dir, '--quiet'], plant('openSync', 'report.html', 'SIGKILL'));
  assert.is(killed.signal, 'SIGKILL');
  assert.equal(visible(dir), [...SET, 'requests.arrow'].sort());
  assert.is(readFileSync(join(dir, 'results.json'), 'utf8'), before);
  assert.is(hidden(dir).length, 1, 'the staging folder of the killed run');
  // An orphan temporary file of writeFileAtomic from a process long gone, too.
  writeFileSync(join(dir, '.results.json.999999999.tmp'), 'torn');
  assert.is(apmsim(['run', MM4, ...QUICK, '--seed', '3', '--out', dir, '--quiet']).code, 0);
  assert.equal(hidden(dir), []);
  // requests.arrow was the earlier run's (--trace): it goes with that run's set.
  assert.equal(visible(dir), SET);
  assert.not.equal(readFileSync(join(dir, 'results.json'), 'utf8'), before);
});

test('kill -9 while the set is moved in never leaves two runs mixed: the folder lacks results.json, moved last', () => {
  const dir = fresh();
  assert.is(apmsim(['run', MM4, ...QUICK, '--seed', '1', '--out', dir, '--quiet']).code, 0);
  const killed = apmsim(['run', MM4, ...QUICK, '--seed', '2', '--out', dir, '--quiet'], plant('renameSync', 'report.html', 'SIGKILL'));
  assert.is(killed.signal, 'SIGKILL');
  const left = visible(dir);
  assert.not.ok(left.includes('results.json'), `found ${left.join(', ')}`);
  assert.not.ok(left.includes('report.html'));
  assert.is(apmsim(['run', MM4, ...QUICK, '--seed', '3', '--out', dir, '--quiet']).code, 0);
  assert.equal(visible(dir), SET);
  assert.equal(hidden(dir), []);
});

test('SIGINT or SIGTERM while the files are written: every file is written, exit 130 / 143', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const dir = fresh();
    const r = apmsim(['run', MM4, ...QUICK, '--out', dir, '--quiet'], plant('openSync', 'metrics.arrow', signal));
    assert.is(r.code, code, `${signal}: ${r.stderr}`);
    assert.equal(visible(dir), SET, signal);
    assert.equal(hidden(dir), []);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { partial: boolean; replications: number };
    assert.is(results.partial, false, 'the simulation had finished');
  }
});

/** A run of the unstable M/M/4 (it warns as it starts) stopped by `signal` once the warning is seen. */
async function stoppedRun(signal: NodeJS.Signals, dir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, 'run', MM4, '--set', 'workload.requests.arrivals.rate=5/s', '--replications', '50', '--out', dir]);
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d) => {
    stderr += String(d);
    if (!sent && stderr.includes('unstable')) { sent = true; setTimeout(() => child.kill(signal), 500); }
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stderr };
}

test('SIGTERM stops a run like Ctrl-C: partial results written, exit 143', async () => {
  const dir = fresh();
  mkdirSync(dir, { recursive: true });
  const r = await stoppedRun('SIGTERM', dir);
  assert.is(r.code, 143, r.stderr);
  assert.match(r.stderr, /terminated; results cover \d+ of 50 replications and are marked partial/);
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { partial: boolean };
  assert.is(results.partial, true);
  assert.ok(existsSync(join(dir, 'report.html')) && existsSync(join(dir, 'metrics.arrow')));
  assert.equal(hidden(dir), []);
});

test.run();
