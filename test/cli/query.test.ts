// `apmsim query` and `apmsim train` as users and CI call them: the documented JSON, answers that do
// not depend on the number of worker threads, clear errors with exit code 2, help with examples.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mmc } from '../../models/analytic/queues.js';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli: query and train');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const scenario = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
const MM4 = scenario('mm4.yaml');
const QUICK = ['--horizon', '2000s', '--warmup', '200s', '--replications', '4'];

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('query --json: the documented document, exact analytic values', () => {
  const r = apmsim('query', MM4, '--metric', 'e2e.mean', '--metric', 'agent.worker.wait.mean', '--json');
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(Object.keys(d), ['apmsim', 'scenario', 'file', 'set', 'versus', 'confidence', 'precision', 'backend', 'answers']);
  assert.is(d.scenario, 'mm4');
  assert.is(d.versus, null);
  assert.is(d.backend, 'auto');
  const [e2e, wait] = d.answers;
  for (const key of ['metric', 'unit', 'of', 'confidence', 'backend', 'kind', 'estimate', 'interval', 'precision', 'exact', 'reason', 'elapsedMs']) assert.ok(key in e2e, key);
  assert.is(e2e.backend, 'analytic');
  assert.is(e2e.exact, true);
  assert.ok(Math.abs(e2e.estimate - mmc(3.2, 1, 4).sojourn) < 1e-12);
  assert.ok(Math.abs(wait.estimate - mmc(3.2, 1, 4).wait) < 1e-12);
  assert.match(e2e.reason, /^auto chose analytic/);
  // A comma-separated list is the same as repeating --metric.
  const listed = apmsim('query', MM4, '--metric', 'e2e.mean,agent.worker.wait.mean', '--json');
  assert.is(listed.code, 0, listed.stderr);
  assert.equal(JSON.parse(listed.stdout).answers.map((a: { metric: string }) => a.metric), ['e2e.mean', 'agent.worker.wait.mean']);
});

test('sampled answers are identical whatever the number of worker threads; --vs asks for a paired difference', () => {
  const run = (workers: string) => {
    const r = apmsim('query', MM4, ...QUICK, '--metric', 'e2e.mean', '--vs', 'agents.worker.servers=5', '--backend', 'sampled', '--precision', '0.05', '--workers', workers, '--json');
    assert.is(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    return d.answers.map((a: Record<string, unknown>) => ({ ...a, elapsedMs: 0 }));
  };
  const one = run('1');
  assert.equal(run('2'), one);
  assert.is(one[0].of, 'difference');
  assert.ok(one[0].replications > 4, 'the precision asked needed a second stage');
  assert.ok(one[0].interval[1] < 0, 'a fifth server lowers the mean latency');
});

test('bad metric names, unknown --set paths and effects to agents not sent to are exit 2 with a clear message', () => {
  const bad = apmsim('query', MM4, '--metric', 'e2e.p96');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /unknown metric 'e2e.p96' \(did you mean 'e2e.p95'\?\)/);
  assert.not.match(bad.stderr, /\n\s+at /, 'no stack trace');
  const path = apmsim('query', MM4, '--metric', 'e2e.p95', '--set', 'agents.wrker.servers=5');
  assert.is(path.code, 2);
  assert.match(path.stderr, /agents.wrker.servers: expected a path that exists.*did you mean 'worker'/);
  const effect = apmsim('query', MM4, '--metric', 'agent.worker.to.checker');
  assert.is(effect.code, 2);
  assert.match(effect.stderr, /agent 'worker' sends requests only to exit/);
});

test('train writes a model; query uses it inside its region and refuses it for another scenario', () => {
  const dir = scratchDir('apmsim-train-');
  const model = join(dir, 'mm4.json');
  const t = apmsim('train', MM4, '--vary', 'workload.requests.arrivals.rate=2..3.2', '--samples', '40', '--replications', '2',
    '--horizon', '1000s', '--warmup', '100s', '--metric', 'e2e.mean', '--out', model, '--workers', '1');
  assert.is(t.code, 0, t.stderr);
  assert.match(t.stdout, /mm4: 40 points, 2 replications each; 8-fold cross-validation/);
  assert.match(t.stdout, /^ {2}metric\s+error {3}points' noise {3}90% interval$/m);
  assert.match(t.stdout, /e2e\.mean\s+\d+\.\d+%\s+\d+\.\d+%\s+±\d+\.\d+%/);
  assert.match(t.stdout, /error: against each point's label from its 2 replications/);
  assert.is(JSON.parse(readFileSync(model, 'utf8')).format, 'apmsim-learned-model/3');
  const q = apmsim('query', MM4, '--metric', 'e2e.mean', '--set', 'workload.requests.arrivals.rate=2.5', '--model', model, '--backend', 'learned', '--confidence', '0.8', '--json');
  assert.is(q.code, 0, q.stderr);
  assert.is(JSON.parse(q.stdout).answers[0].backend, 'learned');
  assert.is(JSON.parse(q.stdout).answers[0].kind, 'estimate');
  const other = apmsim('query', scenario('tandem.yaml'), '--metric', 'e2e.mean', '--model', model, '--backend', 'learned');
  assert.is(other.code, 2);
  assert.match(other.stderr, /mm4.json was trained on scenario 'mm4'/);
  const missing = apmsim('query', MM4, '--metric', 'e2e.mean', '--model', join(dir, 'none.json'));
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /--model .*none.json: cannot read the model file: no such file or folder \(ENOENT\)/);
});

test('train --target-precision adds points in rounds until the intervals are narrow enough, or says it stopped at the cap', () => {
  const dir = scratchDir('apmsim-train-');
  const args = ['train', MM4, '--vary', 'workload.requests.arrivals.rate=2..3.2', '--samples', '40', '--replications', '2',
    '--horizon', '1000s', '--warmup', '100s', '--metric', 'e2e.mean', '--workers', '1', '--confidence', '0.9'];
  const easy = apmsim(...args, '--target-precision', '0.5', '--out', join(dir, 'easy.json'));
  assert.is(easy.code, 0, easy.stderr);
  assert.match(easy.stderr, /^round 1: 40 points; median half-width at 0\.9: e2e\.mean ±\d+\.\d+% \(target ±50%\)$/m);
  assert.not.match(easy.stderr, /round 2/);
  assert.match(easy.stdout, /target precision 0\.5 at 0\.9 confidence: met/);
  const hard = apmsim(...args, '--target-precision', '0.000001', '--max-samples', '100', '--out', join(dir, 'hard.json'));
  assert.is(hard.code, 0, hard.stderr);
  assert.match(hard.stderr, /round 1: 40 points;[^\n]*\nround 2: 80 points;[^\n]*\nround 3: 100 points;/);
  assert.match(hard.stdout, /mm4: 100 points in 3 rounds, 2 replications each/);
  assert.match(hard.stdout, /target precision 0\.000001 at 0\.9 confidence: not met within 100 points \(raise --max-samples\)/);
  const m = JSON.parse(readFileSync(join(dir, 'hard.json'), 'utf8'));
  assert.equal([m.samples.total, m.samples.rounds, m.target], [100, 3, { precision: 0.000001, confidence: 0.9, met: false }]);
});

test('help of query and train shows examples', () => {
  for (const command of ['query', 'train']) {
    const r = apmsim(command, '--help');
    assert.is(r.code, 0);
    assert.match(r.stdout, /Examples:/);
  }
});

test.run();
