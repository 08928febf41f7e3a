// `apmsim sweep` from the shell: outputs byte-identical whatever --workers, bad grid values exit 2
// at their line, an error in a worker thread keeps its code. Shards and merge run as the CI matrix
// example does: compare-workflows.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import { formatSweep } from '../../cli/commands/sweep.js';
import { parseSweep } from '../../models/sweep/document.js';

const test = suite('cli sweep and merge');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const MM4 = fileURLToPath(new URL('../../../scenarios/mm4.yaml', import.meta.url));
const dir = scratchDir('apmsim-sweep-');
const GRID = ['--grid', 'agents.worker.servers=4..6', '--grid', 'workload.requests.arrivals.rate=2/s,3/s', '--replications', '3', '--horizon', '2000s', '--warmup', '200s'];

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bytes = (out: string) => [readFileSync(join(out, 'sweep.json')), readFileSync(join(out, 'sweep.arrow'))];

function sweepTo(name: string, ...extra: string[]): string {
  const out = join(dir, name);
  const r = apmsim('sweep', MM4, ...GRID, '--out', out, '--quiet', ...extra);
  assert.is(r.code, 0, r.stderr);
  return out;
}

const ONE = sweepTo('one', '--workers', '1');

test('the printed table gives each point\'s figures with their intervals, as sweep.json holds them', () => {
  const file = join(ONE, 'sweep.json');
  const doc = parseSweep(file, readFileSync(file, 'utf8'));
  const lines = formatSweep(doc).split('\n');
  assert.is(lines.length, 1 + doc.points.length + 1);
  assert.match(lines.at(-1)!, /^\(estimates with 95% intervals\)$/);
  const mean = doc.points[0]!.results.metrics['e2e.mean']!;
  assert.ok(mean.interval !== null);
  assert.ok(lines[1]!.includes(`[${Number(mean.interval[0].toPrecision(4))}, ${Number(mean.interval[1].toPrecision(4))}] s`), lines[1]);
});

test('the outputs are byte-identical with 1 and 2 worker threads', () => {
  const two = sweepTo('two', '--workers', '2');
  const [json1, arrow1] = bytes(ONE);
  const [json2, arrow2] = bytes(two);
  assert.ok(json1!.equals(json2!), 'sweep.json');
  assert.ok(arrow1!.equals(arrow2!), 'sweep.arrow');
  const doc = JSON.parse(json1!.toString('utf8'));
  assert.is(doc.points.length, 6);
  assert.equal(doc.points[5].values, { 'agents.worker.servers': '6', 'workload.requests.arrivals.rate': '3/s' });
  assert.equal(readdirSync(ONE).sort(), ['sweep.arrow', 'sweep.json'], 'no temporary files left');
});

test('an error raised in a worker thread keeps its exit code and message (exit 2, no stack)', () => {
  // A scenario with coordination is refused by the replication itself, here in a worker thread.
  const spike = fileURLToPath(new URL('../../../scenarios/monday-spike-coordination.yaml', import.meta.url));
  const r = apmsim('sweep', spike, '--grid', 'seed=1,2', '--replications', '2', '--workers', '2', '--out', join(dir, 'refused'), '--quiet');
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^apmsim: \S*monday-spike-coordination\.yaml: scenario 'monday-spike-coordination' has a timeline, objectives or coordination, which only `apmsim run` replays/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a bad grid value is reported at its line with the --set it came from (exit 2)', () => {
  const r = apmsim('sweep', MM4, '--grid', 'agents.worker.servers=4,0', '--out', join(dir, 'bad'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /mm4\.yaml:\d+:\d+: agents\.worker\.servers: expected an integer of at least 1, found 0 \(from the override agents\.worker\.servers=0\)/);
});

test('a shard with no point of the grid says so, and its empty file still merges (a CI matrix wider than the grid)', () => {
  const grid = ['--grid', 'agents.worker.servers=4,5', '--replications', '2', '--horizon', '500s', '--warmup', '50s'];
  const shards = [1, 2, 3].map((i) => join(dir, `wide-${i}`));
  const runs = shards.map((out, i) => apmsim('sweep', MM4, ...grid, '--shard', `${i + 1}/3`, '--out', out));
  runs.forEach((r) => assert.is(r.code, 0, r.stderr));
  assert.match(runs[2]!.stdout, /^shard 3\/3 holds none of the 2 points \(it takes points 2, 5, …\): nothing to run; its empty shard is written for apmsim merge$/m);
  assert.not.match(runs[2]!.stdout, /^point /m);
  assert.match(runs[0]!.stdout, /^point /m);
  const merged = apmsim('merge', ...shards, '--out', join(dir, 'wide'), '--quiet');
  assert.is(merged.code, 0, merged.stderr);
  assert.is(parseSweep('sweep.json', readFileSync(join(dir, 'wide', 'sweep.json'), 'utf8')).points.length, 2);
});

test('sweep and merge --help have examples', () => {
  for (const command of ['sweep', 'merge']) {
    const r = apmsim(command, '--help');
    assert.is(r.code, 0);
    assert.match(r.stdout, /Examples:/, command);
  }
});

test.run();
