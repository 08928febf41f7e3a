// `apmsim compare` as CI calls it: exit codes 0/1/2/3, the JUnit, markdown and JSON files, the
// GitHub step summary, stored baselines, and refusals of baselines that cannot be compared.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli compare');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const dir = scratchDir('apmsim-compare-');

function apmsim(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An M/M/1 queue at utilisation 0.5: 2000 requests per replication, fast enough for many runs. */
const mm1 = (serviceMean: string, extra = '') => `name: mm1
seed: 1
horizon: 4000s
warmup: 100s
workload:
  requests:
    arrivals: { process: poisson, rate: 0.5/s }
    entry: server
agents:
  server:
    servers: 1
    service: { dist: exponential, mean: ${serviceMean} }
${extra}`;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const BASE = file('base.yaml', mm1('1s', 'slos:\n  - { metric: e2e.p95, max: 30s }\n'));
const SLOW = file('slow.yaml', mm1('1.1s', 'slos:\n  - { metric: e2e.p95, max: 30s }\n'));
const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;

test('a real regression exits 1 and is reported in JUnit, markdown, JSON and the step summary', () => {
  const out = mkdtempSync(join(dir, 'out-'));
  const summary = file('summary.md', '# earlier step\n');
  const r = apmsim(['compare', BASE, SLOW, '--junit', join(out, 'gate.xml'), '--markdown', join(out, 'gate.md'), '--json', join(out, 'gate.json')], { GITHUB_STEP_SUMMARY: summary });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /e2e\.p95\s+higher.*REGRESSED/);
  assert.match(r.stdout, /FAIL: e2e\.p95 regressed/);
  const doc = JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'));
  const cases = doc.gates.length + doc.slos.length;
  assert.ok(doc.gates.length >= 4, 'e2e p95 and mean, throughput, rejected fraction at least');
  // Nothing is rejected on either side: no interval, and the note says why.
  const rejected = doc.gates.find((g: { metric: string }) => g.metric === 'rejected.fraction');
  assert.equal([rejected.interval, rejected.note, rejected.verdict], [null, 'no sampling variability: the same change in every pair', 'equivalent']);
  assert.match(r.stdout, /^rejected\.fraction\s+higher\s+0\s+0\s+\+0\.00pp\s+—\s+±0\.5pp\s+equivalent$/m);
  assert.match(r.stdout, /^note: rejected\.fraction: no sampling variability: the same change in every pair$/m);
  const junit = readFileSync(join(out, 'gate.xml'), 'utf8');
  assert.match(junit, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  assert.is(count(junit, /<testcase /g), cases, 'one test case per gate and per SLO');
  assert.match(junit, new RegExp(`<testsuites name="apmsim compare" tests="${cases}" failures="2" errors="0" skipped="0"`));
  assert.match(junit, /name="e2e\.p95" time="0">\s*<failure message="REGRESSED: change \+[\d.]+% \[/);
  assert.match(junit, /name="SLO e2e\.p95 &lt;= 30s" time="0">\s*<system-out>met/);
  const md = readFileSync(join(out, 'gate.md'), 'utf8');
  assert.match(md, /^### apmsim compare: ❌ FAIL/);
  assert.match(md, /\| e2e\.p95 \| higher \| .* \| ❌ REGRESSED \|/);
  assert.match(md, /\| rejected\.fraction \| higher \| 0 \| 0 \| \+0\.00pp \| — \(no sampling variability\) \|/);
  assert.is(readFileSync(summary, 'utf8'), `# earlier step\n${md}\n`, 'appended to the step summary, earlier content kept');
  assert.is(doc.outcome, 'fail');
  assert.is(doc.pairing, 'common-random-numbers');
  assert.ok(doc.gates[0].correlation > 0.5, 'common random numbers correlate the sides');
  assert.equal(readdirSync(out).sort(), ['gate.json', 'gate.md', 'gate.xml'], 'no temporary files left');
});

test('inconclusive: exit 0 with a warning and skipped test cases, exit 3 and failures under --strict', () => {
  const out = mkdtempSync(join(dir, 'out-'));
  const args = ['compare', BASE, file('edge.yaml', mm1('1.02s')), '--metric', 'e2e.p95', '--replications', '3', '--max-replications', '3', '--candidate-set', 'seed=5'];
  const lax = apmsim([...args, '--junit', join(out, 'lax.xml')]);
  assert.is(lax.code, 0, lax.stderr);
  assert.match(lax.stdout, /INCONCLUSIVE after 3 replications: e2e\.p95/);
  assert.match(lax.stderr, /still inconclusive after 3 replications/);
  assert.match(readFileSync(join(out, 'lax.xml'), 'utf8'), /<skipped message="inconclusive: /);
  const strict = apmsim([...args, '--strict', '--junit', join(out, 'strict.xml')]);
  assert.is(strict.code, 3, strict.stderr);
  assert.match(readFileSync(join(out, 'strict.xml'), 'utf8'), /failures="1"[\s\S]*<failure message="inconclusive: [^"]*" type="inconclusive">/);
});

test('a violated SLO exits 1 even when no metric regressed', () => {
  const r = apmsim(['compare', BASE, BASE, '--candidate-set', 'slos=[{ metric: e2e.p95, max: 1s }]', '--json']);
  assert.is(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.slos.map((s: { verdict: string }) => s.verdict), ['violated']);
  assert.ok(doc.gates.every((g: { verdict: string }) => g.verdict === 'equivalent'));
});

const STORED = mkdtempSync(join(dir, 'stored-'));

test('a stored baseline: compared with its per-replication values on the same streams; no change passes', () => {
  assert.is(apmsim(['run', BASE, '--replications', '20', '--out', STORED, '--quiet']).code, 0);
  const stored = join(STORED, 'results.json');
  const r = apmsim(['compare', stored, SLOW, '--json']);
  assert.is(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.baseline.source, 'results');
  assert.is(doc.pairing, 'common-random-numbers');
  assert.is(doc.replications, 20);
  const same = apmsim(['compare', stored, BASE, '--quiet', '--junit', join(STORED, 'gate.xml')]);
  assert.is(same.code, 0, same.stderr);
  assert.is(same.stdout, '');
  assert.match(readFileSync(join(STORED, 'gate.xml'), 'utf8'), /tests="\d+" failures="0" errors="0" skipped="0"/);
  // The run's --out folder stands for the results.json in it.
  const folder = apmsim(['compare', STORED, SLOW, '--json']);
  assert.is(folder.code, 1, folder.stderr);
  assert.equal(JSON.parse(folder.stdout).gates, doc.gates);
});

test('--json holds both sides: each gate\'s replication values, both latency distributions, per-agent changes', () => {
  const r = apmsim(['compare', BASE, SLOW, '--set', 'metrics={ percentiles: exact }', '--replications', '5', '--max-replications', '5', '--json']);
  assert.is(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  for (const g of doc.gates) {
    assert.is(g.values.baseline.length, doc.replications, g.metric);
    assert.is(g.values.candidate.length, doc.replications, g.metric);
    // The values are the very pairs the gate judged: their means are the gate's, and a ratio's change is their geometric mean.
    assert.ok(Math.abs(mean(g.values.baseline) - g.baseline) <= 1e-12 * Math.abs(g.baseline), g.metric);
    if (g.scale === 'relative') {
      const b: number[] = g.values.baseline, c: number[] = g.values.candidate;
      const geo = Math.exp(mean(b.map((x, i) => Math.log(c[i]! / x)))) - 1;
      assert.ok(Math.abs(geo - g.change) < 1e-12, `${g.metric}: ${geo} vs ${g.change}`);
    }
  }
  // With exact percentiles, each side's latency curve at 0.95 is the mean of the replications' p95: the gate's side means.
  const p95 = doc.gates.find((g: { metric: string }) => g.metric === 'e2e.p95');
  const at = doc.latency.levels.indexOf(0.95);
  assert.is(doc.latency.baseline.replications, 5);
  assert.ok(Math.abs(doc.latency.baseline.estimate[at] - p95.baseline) < 1e-5 * p95.baseline, `${doc.latency.baseline.estimate[at]} vs ${p95.baseline}`);
  assert.ok(Math.abs(doc.latency.candidate.estimate[at] - p95.candidate) < 1e-5 * p95.candidate);
  assert.ok(doc.latency.baseline.lower[at] < doc.latency.baseline.estimate[at] && doc.latency.baseline.estimate[at] < doc.latency.baseline.upper[at]);
  // One station: its wait and service per request are the whole of the mean latency's change.
  assert.equal(doc.agents.agents.map((a: { agent: string }) => a.agent), ['server']);
  assert.ok(Math.abs(doc.agents.agents[0].contribution - 1) < 1e-9, String(doc.agents.agents[0].contribution));
  assert.ok(doc.agents.agents[0].service.estimate > 0 && doc.agents.agents[0].wait.estimate > 0, 'slower service: more service and more wait');
  assert.equal(doc.probableCause, doc.agents, 'a gate regressed: the probable cause is the same per-agent change');
});

test('a stored baseline\'s latency distribution is read from latency.arrow beside it: the same streams give the same curve', () => {
  const r = apmsim(['compare', join(STORED, 'results.json'), BASE, '--metric', 'e2e.mean', '--json']);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.baseline.source, 'results');
  assert.is(doc.latency.baseline.replications, doc.replications);
  assert.equal(doc.latency.baseline, doc.latency.candidate);
  const alone = join(mkdtempSync(join(dir, 'alone-')), 'results.json');
  writeFileSync(alone, readFileSync(join(STORED, 'results.json')));
  const without = JSON.parse(apmsim(['compare', alone, BASE, '--metric', 'e2e.mean', '--json']).stdout);
  assert.match(without.latency.missing, /^no latency distribution of the baseline: .*results\.json has no latency\.arrow beside it/);
});

test('baselines that cannot be compared, and unknown metrics, are bad input (exit 2) without a stack trace', () => {
  const results = JSON.parse(readFileSync(join(STORED, 'results.json'), 'utf8'));
  // Every refusal is tested in models/compare; here, that each kind reaches the user as exit 2.
  const old = file('old.json', JSON.stringify({ ...results, apmsim: '0.0.1' }));
  const cases: [string[], RegExp][] = [
    [['compare', old, BASE], /old\.json: expected results written by apmsim [\d.]+ \(this version\), found apmsim 0\.0\.1/],
    [['compare', BASE, SLOW, '--metric', 'e2e.p59'], /--metric: expected a metric both sides report \(.*\), found 'e2e\.p59'/],
    [['compare', BASE, SLOW, '--candidate-set', 'slos=[{ metric: e2e.p59, max: 2s }]'], /slow\.yaml:\d+:\d+: slos\[0\]\.metric: .*unknown metric 'e2e\.p59' \(did you mean/],
  ];
  for (const [args, pattern] of cases) {
    const r = apmsim(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('compare --help has examples and the exit codes', () => {
  const r = apmsim(['compare', '--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /Examples:/);
  assert.match(r.stdout, /Exit codes: 0 pass, 1 regression or SLO violated, 2 bad input, 3 inconclusive/);
});

test.run();
