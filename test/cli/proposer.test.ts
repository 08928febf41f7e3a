// The external plan proposer: a shell command given the situation on stdin, its JSON stdout parsed;
// every failure (late, killed with its children, not JSON, too much output, a non-zero exit, no
// such command) becomes a message naming the command, never an exception.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommandProposer, PROPOSER_OUTPUT_LIMIT } from '../../cli/proposer.js';
import type { ProposerReply } from '../../models/coordination/proposals.js';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('proposer process');
const posix = process.platform !== 'win32';

/** A command running a one-line node script (no double quotes, dollars or backquotes in it). */
function node(script: string): string {
  if (/["$`]/.test(script)) throw new Error(`script not shell-safe: ${script}`);
  return `"${process.execPath}" -e "${script}"`;
}

const ECHO = node("let s='';process.stdin.setEncoding('utf8').on('data',(d)=>{s+=d}).on('end',()=>{process.stdout.write(JSON.stringify({plans:[],got:JSON.parse(s)}))})");

function failed(r: ProposerReply, command: string, ...parts: (string | RegExp)[]): string {
  assert.ok(!r.ok, `expected a failure, got ${JSON.stringify(r)}`);
  const message = (r as { message: string }).message;
  assert.ok(message.includes(`proposer '${command}'`), `names the command: ${message}`);
  assert.ok(message.endsWith('continuing with the built-in plans'), message);
  for (const p of parts) assert.ok(typeof p === 'string' ? message.includes(p) : p.test(message), `${message}\n  lacks ${p}`);
  return message;
}

/** Whether process `pid` is gone (a zombie nobody reaps counts as gone: it runs nothing). */
function gone(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try { return / [ZX] /.test(readFileSync(stat, 'utf8').replace(/^.*\)/, '')); } catch { return true; }
  }
  try { process.kill(pid, 0); return false; } catch { return true; }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('valid JSON on stdout, the situation read from stdin (UTF-8 both ways)', async () => {
  const situation = JSON.stringify({ t: 1230.5, agent: 'chat-agent', note: 'déjà vu ✓', catalogue: [{ name: 'throttle-batch' }] });
  const r = await createCommandProposer(ECHO, 10_000)(situation);
  assert.equal(r, { ok: true, output: { plans: [], got: JSON.parse(situation) } });
  // A process that answers without reading a large situation: its closed input is not an error.
  const big = JSON.stringify({ pad: 'x'.repeat(4 << 20) });
  assert.equal(await createCommandProposer(node("process.stdout.write('{}')"), 10_000)(big), { ok: true, output: {} });
});

test('a proposer past its timeout is killed with its children, promptly', async () => {
  if (!posix) return;
  const dir = scratchDir('apmsim-proposer-');
  const pids = join(dir, 'pids');
  // The shell records its pid and its background sleep's, then waits on it.
  const command = `echo $$ > '${pids}'; sleep 30 & echo $! >> '${pids}'; wait`;
  const started = performance.now();
  const r = await createCommandProposer(command, 300)('{}');
  const elapsed = performance.now() - started;
  failed(r, command, 'did not answer within 300 ms');
  assert.ok(elapsed >= 250 && elapsed < 5000, `answered after ${elapsed} ms`);
  const recorded = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.is(recorded.length, 2, `pids ${recorded}`);
  for (let i = 0; i < 50 && !recorded.every(gone); i++) await sleep(20);
  for (const pid of recorded) assert.ok(gone(pid), `process ${pid} still runs`);
});

test('a proposer still running when apmsim exits is killed with it', async () => {
  if (!posix) return;
  const dir = scratchDir('apmsim-proposer-');
  const pids = join(dir, 'pids');
  const module = new URL('../../cli/proposer.js', import.meta.url).href;
  const script = `import(${JSON.stringify(module)}).then((m) => {
    m.createCommandProposer(${JSON.stringify(`echo $$ > '${pids}'; sleep 30 & echo $! >> '${pids}'; wait`)}, 60000)('{}');
    setTimeout(() => process.exit(130), 500);
  });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.is(r.status, 130, r.stderr);
  const recorded = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.is(recorded.length, 2, `pids ${recorded}`);
  for (let i = 0; i < 50 && !recorded.every(gone); i++) await sleep(20);
  for (const pid of recorded) assert.ok(gone(pid), `process ${pid} still runs`);
});

test('output that is not JSON, empty, or beyond the limit', async () => {
  const garbage = node("process.stdout.write('hello, this is not JSON')");
  failed(await createCommandProposer(garbage, 10_000)('{}'), garbage, 'did not print JSON', '"hello, this is not JSON"');
  const long = node("process.stdout.write('<html>'+'y'.repeat(500))");
  const m = failed(await createCommandProposer(long, 10_000)('{}'), long, `"<html>${'y'.repeat(74)}…"`);
  assert.ok(!m.includes('y'.repeat(75)), 'quotes 80 characters at most');
  const silent = node('0');
  failed(await createCommandProposer(silent, 10_000)('{}'), silent, 'printed nothing');
  if (!posix) return;
  const started = performance.now();
  failed(await createCommandProposer('yes', 10_000)('{}'), 'yes', `printed more than ${PROPOSER_OUTPUT_LIMIT} bytes`);
  assert.ok(performance.now() - started < 5000, 'stopped as soon as it went past the limit');
});

test('a non-zero exit quotes the first lines of stderr; a missing command says so', async () => {
  const three = node("console.error('bad things happened\\nsecond line');process.stdout.write('{}');process.exit(3)");
  const m = failed(await createCommandProposer(three, 10_000)('{}'), three, 'failed with exit code 3: bad things happened | second line');
  // The same failure gives the same message (it is logged, and deduplicated, by its text).
  assert.is((await createCommandProposer(three, 10_000)('{}') as { message: string }).message, m);
  const missing = 'apmsim-no-such-proposer --plan';
  failed(await createCommandProposer(missing, 10_000)('{}'), missing, 'could not be started', 'no such command', 'apmsim-no-such-proposer');
  if (!posix) return;
  const killed = 'kill -9 $$';
  failed(await createCommandProposer(killed, 10_000)('{}'), killed, 'was killed by SIGKILL');
});

test('a timeout must be above 0 (checked when the proposer is made); Infinity means none', async () => {
  assert.throws(() => createCommandProposer('true', 0), /above 0/);
  assert.throws(() => createCommandProposer('true', NaN), /above 0/);
  assert.equal(await createCommandProposer(node("process.stdout.write('[1]')"), Infinity)('{}'), { ok: true, output: [1] });
});

test.run();
