// `apmsim run` on the Monday-spike coordination scenario: coordination off vs on over the same
// replications (the objective violated for a large share of windows off, clearly fewer on, both
// with intervals), the negotiation log written and identical byte for byte whatever the threads,
// and external proposers that time out or print something other than JSON.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyComparison } from '../../models/coordination/experiment.js';
import type { NegotiationLog } from '../../models/coordination/log.js';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli coordination');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const SPIKE = fileURLToPath(new URL('../../../scenarios/monday-spike-coordination.yaml', import.meta.url));
const MM4 = fileURLToPath(new URL('../../../scenarios/mm4.yaml', import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => scratchDir('apmsim-coord-');

test('Monday spike: chat p95 violated in most windows without coordination, clearly fewer with it; same log whatever the threads', () => {
  const a = tmp(), b = tmp();
  const r = apmsim('run', SPIKE, '--coordination', 'compare', '--replications', '3', '--out', a);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /coordination off vs on: 3 replications each/);
  assert.match(r.stdout, /objective\.chat-p95\.violated_share\s+\S+ (\[\S+, \S+\]|\(no sampling variability\))\s+\S+ \[\S+, \S+\]/);
  assert.match(r.stdout, /negotiation, replication 0/);
  const c = JSON.parse(readFileSync(join(a, 'comparison.json'), 'utf8')) as PolicyComparison;
  const share = c.metrics.find((m) => m.metric === 'objective.chat-p95.violated_share')!;
  assert.ok(share.off.estimate! > 0.5, `off: ${share.off.estimate}`);
  assert.ok(share.on.estimate! < share.off.estimate! / 2, `on: ${share.on.estimate} vs off ${share.off.estimate}`);
  assert.ok(share.difference.interval !== null && share.difference.interval[1] < 0, `paired difference ${share.difference.interval}`);
  assert.ok(share.on.interval !== null);
  // Without coordination the spike may violate the same windows in every replication: then no
  // interval, and the reason, never a zero-width one.
  const offValues: number[] = JSON.parse(readFileSync(join(a, 'off', 'results.json'), 'utf8')).metrics['objective.chat-p95.violated_share'].values;
  if (share.off.interval === null) {
    assert.is(share.off.note, 'no sampling variability: the same in every replication');
    assert.is(new Set(offValues).size, 1, String(offValues));
  } else assert.ok(share.off.interval[1] > share.off.interval[0]);

  const log = JSON.parse(readFileSync(join(a, 'on', 'negotiation.json'), 'utf8')) as NegotiationLog;
  const rec = log.records;
  assert.ok(rec.some((x) => x.type === 'answer' && x.action === 'throttle-batch' && x.answer === 'accept'), 'upstream rate limit accepted');
  assert.ok(rec.some((x) => x.type === 'answer' && x.action === 'yield-batch' && x.answer === 'deny' && x.reason === 'own-objective-at-risk'), 'peer yield denied with a reason');
  assert.ok(rec.some((x) => x.type === 'request' && x.depth === 2), 'a recursive round');
  const offLog = JSON.parse(readFileSync(join(a, 'off', 'negotiation.json'), 'utf8')) as NegotiationLog;
  assert.not.ok(offLog.records.some((x) => x.type === 'request'));
  for (const f of ['results.json', 'report.html']) assert.ok(readFileSync(join(a, 'on', f)).length > 0);

  const again = apmsim('run', SPIKE, '--coordination', 'compare', '--replications', '3', '--workers', '2', '--out', b, '--quiet');
  assert.is(again.code, 0, again.stderr);
  assert.is(readFileSync(join(b, 'on', 'negotiation.json'), 'utf8'), readFileSync(join(a, 'on', 'negotiation.json'), 'utf8'));
  assert.is(readFileSync(join(b, 'comparison.json'), 'utf8'), readFileSync(join(a, 'comparison.json'), 'utf8'));
  assert.is(readFileSync(join(b, 'on', 'results.json'), 'utf8'), readFileSync(join(a, 'on', 'results.json'), 'utf8'));
});

const SHORT = ['--replications', '2', '--horizon', '25min', '--quiet'];

test('a proposer that times out: a clear warning, the run goes on with the built-in plans', () => {
  const started = Date.now();
  const r = apmsim('run', SPIKE, ...SHORT, '--coordination', 'on', '--json', '--proposer', 'sleep 30', '--proposer-timeout', '300ms');
  assert.is(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 25_000, 'the sleeping proposer was not waited for');
  assert.match(r.stderr, /warning: proposer 'sleep 30' did not answer within 300 ms; continuing with the built-in plans/);
  assert.is(r.stderr.match(/did not answer/g)!.length, 1, 'said once, not per round');
  const results = JSON.parse(r.stdout) as { metrics: Record<string, { estimate: number }> };
  assert.ok(results.metrics['coordination.upstream.accepted']!.estimate >= 1, 'built-in plans were still negotiated');
});

test('a proposer that prints something other than JSON: a clear warning, the run goes on', () => {
  const r = apmsim('run', SPIKE, ...SHORT, '--coordination', 'on', '--proposer', 'echo "let me think about it"');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: proposer 'echo "let me think about it"' did not print JSON; it printed "let me think about it"; continuing with the built-in plans/);
});

test('usage errors: coordination flags on a scenario without coordination, a proposer with coordination off, a bad timeout', () => {
  const plain = apmsim('run', MM4, '--coordination', 'on');
  assert.is(plain.code, 2);
  assert.match(plain.stderr, /--coordination: .*mm4\.yaml declares no timeline, objectives or coordination/);
  const off = apmsim('run', SPIKE, ...SHORT, '--coordination', 'off', '--proposer', 'cat');
  assert.is(off.code, 2);
  assert.match(off.stderr, /--proposer: coordination is off/);
  const timeout = apmsim('run', SPIKE, ...SHORT, '--proposer', 'cat', '--proposer-timeout', 'soon');
  assert.is(timeout.code, 2);
  assert.match(timeout.stderr, /--proposer-timeout: expected a duration above 0/);
  for (const x of [plain, off, timeout]) assert.not.match(x.stderr, /\n\s+at /, 'no stack trace');
});

test('Ctrl-C stops a coordinated run within its replication: exit 130, results marked partial', async () => {
  const out = tmp();
  // The run listens for Ctrl-C once started; on a loaded machine start-up alone can pass 2.5 s (a
  // signal before then kills the process: exit null). So the wait is what start-up (module loading
  // and reading the scenario, as validate does) takes now, plus 2.5 s.
  const before = Date.now();
  assert.is(apmsim('validate', SPIKE).code, 0);
  const startup = Date.now() - before;
  // 40 replications of ~1 s each; the interrupt comes in the middle of one.
  const child = spawn(process.execPath, [MAIN, 'run', SPIKE, '--replications', '40', '--out', out, '--quiet']);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const started = Date.now();
  setTimeout(() => child.kill('SIGINT'), startup + 2500);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  assert.is(code, 130, stderr);
  assert.ok(Date.now() - started < 20_000, 'stopped long before 40 replications');
  assert.match(stderr, /warning: interrupted; results cover \d+ of 40 replications and are marked partial/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { partial: boolean; replications: number };
  assert.is(results.partial, true);
  assert.ok(results.replications < 40);
});

test.run();
