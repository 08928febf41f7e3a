// Issue 18's repros that need the whole command: names that are Object.prototype members through
// to the report, a report of 3,000 timeline events, traces that are devices, FIFOs or hold negative
// counts, and a closed population's latency distribution.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('hostile runs');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const scenario = (name: string): string => fileURLToPath(new URL(`../../../scenarios/${name}.yaml`, import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('defect 4: classes, agents, pools and attributes named constructor, valueOf, __proto__ ... run through to the report', () => {
  const dir = scratchDir('apmsim-proto-');
  const text = readFileSync(scenario('coding-agent'), 'utf8')
    .replace(/\bdevelopers\b/g, 'valueOf').replace(/\bplan\b/g, 'constructor').replace(/\bexecute\b/g, 'toString')
    .replace(/\bcheck\b/g, 'hasOwnProperty').replace(/\bconsolidate\b/g, 'isPrototypeOf').replace(/\bcoder-pool\b/g, '__proto__')
    .replace(/\bprompt_tokens\b/g, 'propertyIsEnumerable');
  const file = join(dir, 'proto.yaml');
  writeFileSync(file, text);
  const out = join(dir, 'out');
  const r = apmsim('run', file, '--replications', '2', '--horizon', '600s', '--warmup', '60s', '--out', out, '--quiet');
  assert.is(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { metrics: Record<string, { estimate: number | null }> };
  for (const name of ['agent.constructor.wait.mean', 'agent.toString.utilization', 'agent.hasOwnProperty.utilization', 'gpu.__proto__.utilization']) {
    assert.ok(Object.hasOwn(results.metrics, name), name);
  }
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const name of ['valueOf', 'constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__proto__']) assert.ok(html.includes(name), name);
  assert.ok(existsSync(join(out, 'latency.arrow')));
  // The report rebuilt from the folder too.
  assert.is(apmsim('report', out, '--out', join(dir, 'again.html'), '--quiet').code, 0);
});

test('defect 5: a run with 3,000 timeline events writes its report', () => {
  const dir = scratchDir('apmsim-timeline-');
  const events = Array.from({ length: 3000 }, (_, i) => `  - { at: ${((i + 1) / 10).toFixed(1)}s, set_rate: { class: requests, factor: ${i % 2 === 0 ? 0.9 : 1} } }`);
  const file = join(dir, 't.yaml');
  writeFileSync(file, [
    'name: t3000', 'horizon: 400s', 'warmup: 10s', 'replications: 2', 'workload:',
    '  requests: { arrivals: { process: poisson, rate: 3.2/s }, entry: worker }', 'agents:',
    '  worker: { servers: 4, service: { dist: exponential, mean: 1s } }', 'timeline:', ...events, '',
  ].join('\n'));
  const r = apmsim('run', file, '--out', join(dir, 'out'), '--quiet');
  assert.is(r.code, 0, r.stderr);
  assert.ok(readFileSync(join(dir, 'out', 'report.html'), 'utf8').length > 10_000);
  // Above the limit, the loader says so.
  writeFileSync(file, [...readFileSync(file, 'utf8').trimEnd().split('\n'), ...Array.from({ length: 7001 }, (_, i) => `  - { at: ${300 + i / 100}s, set_rate: { class: requests, factor: 1 } }`), ''].join('\n'));
  const over = apmsim('validate', file);
  assert.is(over.code, 2);
  assert.match(over.stderr, /timeline: expected .*at most 10,000 .*found 10001/);
});

test('defect 9: a trace that is a device, a FIFO or a folder is refused at once (exit 2), never read forever', () => {
  const dir = scratchDir('apmsim-fifo-');
  const fifo = join(dir, 'trace.csv');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0);
  for (const [file, what] of [['/dev/zero', 'a device'], ['/dev/urandom', 'a device'], [fifo, 'a FIFO'], [dir, 'a folder']] as const) {
    const r = apmsim('validate', scenario('azure-gpu-replay'), '--set', `workload.conversations.arrivals.file=${file}`, '--set', 'workload.conversations.arrivals.format=csv');
    assert.is(r.code, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`workload\\.conversations\\.arrivals\\.file: expected a readable file, found '.*' could not be read: not a regular file \\(${what}\\)`));
  }
  const self = apmsim('validate', '/dev/zero');
  assert.is(self.code, 2);
  assert.match(self.stderr, /cannot read the scenario file: not a regular file \(a device\)/);
});

test('defect 10: a negative token count in a trace is rejected, naming the row and the column', () => {
  const dir = scratchDir('apmsim-neg-');
  const trace = join(dir, 'neg.csv');
  writeFileSync(trace, 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\n2023-11-16 18:15:50.99,-500,109\n');
  const r = apmsim('run', scenario('azure-gpu-replay'), '--set', `workload.conversations.arrivals.file=${trace}`);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /expected a finite number ≥ 0 in column 'ContextTokens', found '-500' \(row 2 of /);
});

test('defect 11: run coding-agent --out writes latency.arrow and a report with its latency distribution', () => {
  const out = scratchDir('apmsim-sessions-');
  const r = apmsim('run', scenario('coding-agent'), '--replications', '2', '--horizon', '900s', '--warmup', '100s', '--out', out, '--quiet');
  assert.is(r.code, 0, r.stderr);
  assert.ok(readdirSync(out).includes('latency.arrow'), readdirSync(out).join(', '));
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.not.match(html, /about — requests/);
});

test.run();
