// The command line as users and CI scripts call it: exit codes, messages without stack traces,
// results.json written atomically, flags turned into scenario overrides.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli');

/**
 * Runs the CLI on an overloaded scenario, which warns as the run starts, and sends Ctrl-C once the
 * warning is seen (so the signal arrives while it runs): its exit code and everything it wrote to stderr.
 */
async function interruptedAfterWarning(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args]);
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d) => {
    stderr += String(d);
    if (!sent && stderr.includes('unstable')) { sent = true; setTimeout(() => child.kill('SIGINT'), 300); }
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stderr };
}

const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const MM4 = fileURLToPath(new URL('../../../scenarios/mm4.yaml', import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => scratchDir('apmsim-cli-');
const QUICK = ['--replications', '3', '--horizon', '2000s', '--warmup', '200s'];

test('run prints a table and writes results.json with the contract fields', () => {
  const out = tmp();
  const r = apmsim('run', MM4, ...QUICK, '--out', out);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /e2e\.mean/);
  assert.match(r.stdout, /95% interval/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.is(results.scenario, 'mm4');
  assert.is(results.seed, 7);
  assert.is(results.replications, 3);
  assert.is(results.confidence, 0.95);
  assert.is(results.partial, false);
  for (const name of ['e2e.mean', 'e2e.p50', 'e2e.p95', 'e2e.p99', 'throughput', 'agent.worker.wait.mean',
    'agent.worker.utilization', 'agent.worker.queue.mean', 'agent.worker.rejected', 'class.requests.e2e.p95']) {
    const m = results.metrics[name];
    assert.ok(m !== undefined, name);
    assert.is(m.values.length, 3, name);
    // An interval contains the estimate; a metric without one (the same in every replication) says why.
    if (m.interval === null) assert.match(m.note, /no sampling variability/, name);
    else assert.ok(m.interval[0] <= m.estimate && m.estimate <= m.interval[1], name);
  }
  // No capacity limit: nothing is ever rejected, so no interval, and never [0, 0].
  assert.equal([results.metrics['agent.worker.rejected'].estimate, results.metrics['agent.worker.rejected'].interval], [0, null]);
  assert.is(results.metrics['e2e.mean'].unit, 's');
  assert.is(results.metrics['throughput'].unit, '1/s');
  assert.equal(readdirSync(out).sort(), ['latency.arrow', 'metrics.arrow', 'report.html', 'results.json', 'timeseries.arrow'], 'no temporary file left behind');
});

test('--json prints the same document; --seed and --set change the run', () => {
  const a = JSON.parse(apmsim('run', MM4, ...QUICK, '--json').stdout);
  const b = JSON.parse(apmsim('run', MM4, ...QUICK, '--json', '--seed', '8').stdout);
  const c = JSON.parse(apmsim('run', MM4, ...QUICK, '--json', '--set', 'agents.worker.servers=8').stdout);
  assert.is(b.seed, 8);
  assert.is.not(a.metrics['e2e.mean'].estimate, b.metrics['e2e.mean'].estimate);
  assert.ok(c.metrics['agent.worker.utilization'].estimate < 0.5, 'eight servers halve utilisation');
});

test('results.json is byte-identical whatever the number of worker threads', () => {
  const FANOUT = fileURLToPath(new URL('../../../scenarios/fanout.yaml', import.meta.url));
  const outs = [1, 2, 3].map((workers) => {
    const out = tmp();
    const r = apmsim('run', FANOUT, '--replications', '4', '--horizon', '1000s', '--warmup', '100s', '--workers', String(workers), '--out', out, '--quiet');
    assert.is(r.code, 0, r.stderr);
    return readFileSync(join(out, 'results.json'), 'utf8');
  });
  assert.is(outs[1], outs[0]);
  assert.is(outs[2], outs[0]);
});

test('an unstable scenario runs but warns', () => {
  const r = apmsim('run', MM4, ...QUICK, '--quiet', '--set', 'workload.requests.arrivals.rate=5/s');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /unstable/);
  assert.match(r.stderr, /utilisation 1\.250/);
});

test('a bad scenario exits 2 naming file, path and line, without a stack trace', () => {
  const dir = tmp();
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, readFileSync(MM4, 'utf8').replace('servers: 4', 'servers: -4'));
  const r = apmsim('run', file);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:\d+:\d+/);
  assert.match(r.stderr, /agents\.worker\.servers/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
});

test('validate reports every file, exits 2 when one is bad', () => {
  const dir = tmp();
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: x\nhorizon: 10s\nworkload: {}\nagents: {}\n');
  const good = apmsim('validate', MM4);
  assert.is(good.code, 0, good.stderr);
  assert.match(good.stdout, /ok/);
  const r = apmsim('validate', MM4, bad);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml/);
  // A folder stands for its scenario files, in name order; nothing else in it is read.
  writeFileSync(join(dir, 'a.yml'), readFileSync(MM4, 'utf8'));
  writeFileSync(join(dir, 'notes.txt'), 'not a scenario');
  const folder = apmsim('validate', dir, '--json');
  assert.is(folder.code, 2);
  assert.equal(JSON.parse(folder.stdout).files.map((f: { file: string; ok: boolean }) => [f.file, f.ok]), [[join(dir, 'a.yml'), true], [join(dir, 'bad.yaml'), false]]);
  mkdirSync(join(dir, 'empty'));
  const empty = apmsim('validate', join(dir, 'empty'));
  assert.is(empty.code, 2);
  assert.match(empty.stderr, /empty: expected scenario files \(\*\.yaml, \*\.yml\) in the folder, found none/);
});

test('a missing file and an unknown option are usage errors (exit 2)', () => {
  const missing = apmsim('run', 'no-such-file.yaml');
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no-such-file\.yaml: cannot read/);
  const unknown = apmsim('run', MM4, '--replicatoins', '3');
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /replicatoins/);
});

test('a bug exits 70 (not 1, a regression) and says so, with its stack', () => {
  // A bug planted before the command runs: writing to stdout throws.
  const plant = 'data:text/javascript,process.stdout.write = () => { throw new Error("a bug planted by the test"); };';
  const r = spawnSync(process.execPath, ['--import', plant, MAIN, 'validate', MM4], { encoding: 'utf8' });
  assert.is(r.status, 70, r.stderr);
  assert.match(r.stderr, /^apmsim: internal error \(please report it\):\nError: a bug planted by the test\n\s+at /);
});

test('help of every command has examples', () => {
  for (const args of [['--help'], ['run', '--help'], ['validate', '--help']]) {
    const r = apmsim(...args);
    assert.is(r.code, 0);
    assert.match(r.stdout, /Examples:/, args.join(' '));
  }
});

test('a wall-clock budget that runs out writes results marked partial', () => {
  const out = tmp();
  const r = apmsim('run', MM4, '--replications', '50', '--horizon', '200000s', '--budget', '1s', '--out', out, '--quiet');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /partial/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.is(results.partial, true);
  assert.ok(results.replications < 50);
});

test('Ctrl-C stops the run, writes results marked partial and exits 130', async () => {
  const out = tmp();
  // An overloaded scenario warns as the run starts: the signal is sent once the warning is seen.
  const { code, stderr } = await interruptedAfterWarning(['run', MM4, '--replications', '50', '--horizon', '200000s', '--out', out, '--quiet',
    '--workers', '1', '--set', 'workload.requests.arrivals.rate=5/s']);
  assert.is(code, 130, stderr);
  assert.match(stderr, /interrupted/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.is(results.partial, true);
});

test('Ctrl-C stops a sweep: exit 130, the message says nothing was written, and nothing is', async () => {
  const out = tmp();
  const { code, stderr } = await interruptedAfterWarning(['sweep', MM4, '--grid', 'agents.worker.servers=4,5', '--replications', '50', '--horizon', '200000s',
    '--out', out, '--quiet', '--workers', '1', '--set', 'workload.requests.arrivals.rate=5/s']);
  assert.is(code, 130, stderr);
  assert.match(stderr, /\napmsim: sweep interrupted; no output written\n$/);
  assert.equal(readdirSync(out), []);
});

test('the built command is executable, so `npx apmsim` (the README\'s first command) can run it from a fresh clone', () => {
  assert.ok((statSync(MAIN).mode & 0o111) !== 0, `${MAIN} has mode ${(statSync(MAIN).mode & 0o777).toString(8)}`);
  assert.match(readFileSync(MAIN, 'utf8').split('\n')[0]!, /^#!\/usr\/bin\/env node$/);
});

test.run();
