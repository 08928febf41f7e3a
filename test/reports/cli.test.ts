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
const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

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

test('several runs make one page with a part each', () => {
  const page = join(tmp(), 'both.html');
  const r = apmsim('report', outs[0]!.out, outs[1]!.out, '--out', page);
  assert.is(r.code, 0, r.stderr);
  const html = readFileSync(page, 'utf8');
  assert.is((html.match(/<article /g) ?? []).length, 2);
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
  assert.match(missing.stderr, /cannot read \(ENOENT\)/);
  const trace = apmsim('run', join(SCENARIOS, 'mm4.yaml'), '--trace');
  assert.is(trace.code, 2);
  assert.match(trace.stderr, /--trace needs --out/);
});

test.run();
