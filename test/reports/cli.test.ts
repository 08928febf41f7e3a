// The report outputs as users get them from the command line: `run --out` writes them whatever
// the number of worker threads (byte for byte), `report DIR` rebuilds the same page, bad inputs
// exit 2 with a message.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, tmp } from './recorded-run.js';

const test = suite('report cli');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const QUICK = ['--replications', '4', '--horizon', '1000s', '--warmup', '100s'];
const FILES = ['latency.arrow', 'metrics.arrow', 'report.html', 'requests.arrow', 'results.json', 'timeseries.arrow'];

const outs = [1, 2].map((workers) => {
  const out = tmp();
  const r = apmsim('run', join(SCENARIOS, 'fanout.yaml'), ...QUICK, '--trace', '--workers', String(workers), '--out', out);
  assert.is(r.code, 0, r.stderr);
  return { out, stdout: r.stdout };
});

test('run --out --trace writes results.json, report.html and four Arrow files, and lists them', () => {
  assert.equal(readdirSync(outs[0]!.out).sort(), FILES);
  assert.match(outs[0]!.stdout, /wrote .*results\.json, .*metrics\.arrow, .*timeseries\.arrow, .*latency\.arrow, .*requests\.arrow, .*report\.html/);
});

test('every output is byte-identical whatever the number of worker threads', () => {
  for (const f of FILES) {
    assert.ok(readFileSync(join(outs[0]!.out, f)).equals(readFileSync(join(outs[1]!.out, f))), f);
  }
});

test('report DIR rebuilds exactly the page run --out wrote', () => {
  const page = join(tmp(), 'again.html');
  const r = apmsim('report', outs[0]!.out, '--out', page);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.is(readFileSync(page, 'utf8'), readFileSync(join(outs[0]!.out, 'report.html'), 'utf8'));
});

test('report on results.json alone (run --json) works, saying what is missing', () => {
  const dir = tmp();
  const json = apmsim('run', join(SCENARIOS, 'mm4.yaml'), ...QUICK, '--json');
  writeFileSync(join(dir, 'results.json'), json.stdout);
  const r = apmsim('report', join(dir, 'results.json'), '--out', join(dir, 'r.html'));
  assert.is(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, 'r.html'), 'utf8');
  assert.match(html, /No time series: timeseries\.arrow of this run was not found/);
  assert.not.match(html, /Latency distribution \(CDF\)/);
});

test('Arrow files of another run beside results.json are left out with a warning', () => {
  const dir = tmp();
  const json = apmsim('run', join(SCENARIOS, 'fanout.yaml'), ...QUICK, '--json', '--seed', '99');
  writeFileSync(join(dir, 'results.json'), json.stdout);
  copyFileSync(join(outs[0]!.out, 'timeseries.arrow'), join(dir, 'timeseries.arrow'));
  const r = apmsim('report', dir, '--out', join(dir, 'r.html'));
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /timeseries\.arrow belongs to another run/);
  assert.not.match(readFileSync(join(dir, 'r.html'), 'utf8'), /Arrival and completion rates/);
});

test('several runs make one page: an overview overlaying them against a baseline, then a part each; identical runs shown once', () => {
  const other = tmp();
  assert.is(apmsim('run', join(SCENARIOS, 'fanout.yaml'), ...QUICK, '--seed', '99', '--out', other, '--quiet').code, 0);
  const page = join(tmp(), 'both.html');
  // outs[1] is the very run of outs[0] (byte-identical results, another worker count): merged into it.
  const r = apmsim('report', outs[0]!.out, other, outs[1]!.out, '--out', page);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`note: ${outs[1]!.out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is the same run as ${outs[0]!.out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(identical results\\): shown once`));
  const html = readFileSync(page, 'utf8');
  assert.equal([...html.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]), ['runs1', 'run2', 'run3']);
  assert.match(html, /<h2 id="runs1-h">2 runs overlaid, baseline #1 fanout<\/h2>/);
  assert.match(html, /<h2 id="run2-h">#1 fanout \(seed 11\), baseline<\/h2>/);
  assert.match(html, /<h2 id="run3-h">#2 fanout \(seed 99\)<\/h2>/);
  assert.match(html, /<p class="subtitle">2 runs<\/p>/);
  assert.match(html, /id="runs1-runs-key-metrics"/);
  assert.match(html, /id="runs1-runs-latency-cdf"/);
  assert.match(html, /is the same run as .* \(identical results\): shown once/);
  // --baseline names another run; one not given is bad input.
  const swapped = apmsim('report', outs[0]!.out, other, '--baseline', other, '--out', page);
  assert.is(swapped.code, 0, swapped.stderr);
  const again = readFileSync(page, 'utf8');
  assert.match(again, /<h2 id="runs1-h">2 runs overlaid, baseline #2 fanout<\/h2>/);
  assert.match(again, /<h2 id="run3-h">#2 fanout \(seed 99\), baseline<\/h2>/);
  const wrong = apmsim('report', outs[0]!.out, other, '--baseline', join(other, 'nope'), '--out', page);
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /--baseline .*nope: expected one of the runs given \(/);
  assert.not.match(wrong.stderr, /    at /);
});

test('bad inputs exit 2 with a message and no stack trace', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
  const notResults = apmsim('report', join(dir, 'x.json'), '--out', join(dir, 'r.html'));
  assert.is(notResults.code, 2);
  assert.match(notResults.stderr, /x\.json: expected a run \(its folder or results\.json.*, a comparison .* or a sweep .*, found an object with "hello"/);
  assert.not.match(notResults.stderr, /    at /);
  const missing = apmsim('report', join(dir, 'nope'), '--out', join(dir, 'r.html'));
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /cannot read it: no such file or folder \(ENOENT\)/);
  const trace = apmsim('run', join(SCENARIOS, 'mm4.yaml'), '--trace');
  assert.is(trace.code, 2);
  assert.match(trace.stderr, /--trace needs --out/);
});

test.run();
