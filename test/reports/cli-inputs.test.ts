// `apmsim report` on comparisons and sweeps, and the reports compare and sweep write themselves:
// inputs recognised by content, the same page whichever way it is built, the commands' other
// outputs unchanged by --report, and anything else refused with exit 2 and a message.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, tmp } from './recorded-run.js';

const test = suite('report cli: comparisons and sweeps');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const QUICK = ['--set', 'horizon=1000s', '--set', 'warmup=100s'];
const dir = tmp();
const MM4 = join(SCENARIOS, 'mm4.yaml');

// One comparison with --report and one without, to check --report changes nothing else.
const compared = apmsim('compare', MM4, MM4, '--candidate-set', 'agents.worker.servers=5', ...QUICK, '--replications', '4', '--json', join(dir, 'c.json'), '--junit', join(dir, 'c.xml'), '--report', join(dir, 'c.html'));
const comparedPlain = apmsim('compare', MM4, MM4, '--candidate-set', 'agents.worker.servers=5', ...QUICK, '--replications', '4', '--json', join(dir, 'c2.json'), '--junit', join(dir, 'c2.xml'));
const GRID = ['--grid', 'agents.worker.servers=4..6', ...QUICK, '--set', 'replications=3'];
const swept = apmsim('sweep', MM4, ...GRID, '--out', join(dir, 'sweep'), '--report');
const sweptPlain = apmsim('sweep', MM4, ...GRID, '--out', join(dir, 'sweep-plain'));

test('compare --report writes the report; its other outputs are byte-identical to a run without it', () => {
  assert.is(compared.code, 0, compared.stderr);
  assert.is(compared.stdout, comparedPlain.stdout);
  assert.is(compared.stderr, '');
  assert.is(readFileSync(join(dir, 'c.json'), 'utf8'), readFileSync(join(dir, 'c2.json'), 'utf8'));
  assert.is(readFileSync(join(dir, 'c.xml'), 'utf8'), readFileSync(join(dir, 'c2.xml'), 'utf8'));
  assert.match(readFileSync(join(dir, 'c.html'), 'utf8'), /<title>apmsim comparison: mm4<\/title>/);
});

test('report on compare --json FILE rebuilds exactly the page compare --report wrote', () => {
  const page = join(dir, 'again.html');
  const r = apmsim('report', join(dir, 'c.json'), '--out', page);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.is(readFileSync(page, 'utf8'), readFileSync(join(dir, 'c.html'), 'utf8'));
});

test('sweep --report adds report.html to --out; sweep.json and sweep.arrow are byte-identical to a run without it', () => {
  assert.is(swept.code, 0, swept.stderr);
  assert.equal(readdirSync(join(dir, 'sweep')).sort(), ['report.html', 'sweep.arrow', 'sweep.json']);
  assert.equal(readdirSync(join(dir, 'sweep-plain')).sort(), ['sweep.arrow', 'sweep.json']);
  for (const f of ['sweep.json', 'sweep.arrow']) assert.ok(readFileSync(join(dir, 'sweep', f)).equals(readFileSync(join(dir, 'sweep-plain', f))), f);
  assert.match(swept.stdout, /wrote .*sweep\.json, .*sweep\.arrow, .*report\.html\n$/);
  assert.match(sweptPlain.stdout, /wrote .*sweep\.json, .*sweep\.arrow\n$/);
});

test('report on a sweep folder or its sweep.json rebuilds exactly the page sweep --report wrote', () => {
  for (const input of [join(dir, 'sweep'), join(dir, 'sweep', 'sweep.json')]) {
    const page = join(tmp(), 'sweep.html');
    const r = apmsim('report', input, '--out', page);
    assert.is(r.code, 0, r.stderr);
    assert.is(readFileSync(page, 'utf8'), readFileSync(join(dir, 'sweep', 'report.html'), 'utf8'), input);
  }
});

test('merge --report writes the merged sweep\'s report, the same page as the unsharded sweep\'s', () => {
  const shards = [1, 2].map((i) => {
    const out = join(dir, `shard-${i}`);
    const r = apmsim('sweep', MM4, ...GRID, '--shard', `${i}/2`, '--out', out, '--quiet');
    assert.is(r.code, 0, r.stderr);
    return out;
  });
  const shardPage = apmsim('report', shards[0]!, '--out', join(dir, 'shard.html'));
  assert.is(shardPage.code, 0, shardPage.stderr);
  assert.match(readFileSync(join(dir, 'shard.html'), 'utf8'), /Shard 1\/2: 2 of the 3 points/);
  const merged = apmsim('merge', ...shards, '--out', join(dir, 'merged'), '--report', '--quiet');
  assert.is(merged.code, 0, merged.stderr);
  assert.is(readFileSync(join(dir, 'merged', 'report.html'), 'utf8'), readFileSync(join(dir, 'sweep', 'report.html'), 'utf8'));
});

test('a run, a comparison and a sweep make one page with a part each', () => {
  const run = join(dir, 'run');
  assert.is(apmsim('run', MM4, ...QUICK, '--replications', '3', '--out', run, '--quiet').code, 0);
  const page = join(dir, 'all.html');
  const r = apmsim('report', run, join(dir, 'c.json'), join(dir, 'sweep'), '--out', page);
  assert.is(r.code, 0, r.stderr);
  const html = readFileSync(page, 'utf8');
  assert.equal([...html.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]), ['run1', 'compare2', 'sweep3']);
  assert.match(html, /<title>apmsim report: mm4, comparison mm4, sweep mm4<\/title>/);
  assert.match(html, /<p class="subtitle">1 run, 1 comparison, 1 sweep<\/p>/);
});

test('anything else exits 2 saying what report accepts', () => {
  const bad = tmp();
  const empty = join(bad, 'empty');
  mkdirSync(empty);
  writeFileSync(join(bad, 'list.json'), '[1, 2]');
  const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { gates: Record<string, unknown>[] };
  delete doc.gates[0]!['verdict'];
  writeFileSync(join(bad, 'damaged.json'), JSON.stringify(doc));
  const short = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { latency: { candidate: { upper: number[] } }; gates: { values: { baseline: unknown[] } }[] };
  short.latency.candidate.upper.pop();
  writeFileSync(join(bad, 'short-curve.json'), JSON.stringify(short));
  const texts = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { gates: { values: { baseline: unknown[] } }[] };
  texts.gates[1]!.values.baseline[0] = 'fast';
  writeFileSync(join(bad, 'text-values.json'), JSON.stringify(texts));
  const sweep = JSON.parse(readFileSync(join(dir, 'sweep', 'sweep.json'), 'utf8')) as { points: { values: Record<string, string> }[] };
  sweep.points[1]!.values['agents.worker.servers'] = '9';
  writeFileSync(join(bad, 'sweep.json'), JSON.stringify(sweep));
  const cases: [string, RegExp][] = [
    [empty, /empty: expected a run \(its folder or results\.json, from apmsim run --out\), a comparison .*; this folder holds neither results\.json nor sweep\.json/],
    [join(bad, 'list.json'), /list\.json: expected a run .* found a list/],
    [join(bad, 'damaged.json'), /damaged\.json: not an apmsim comparison \(apmsim compare --json\): gates\[0\] should be \{ metric, unit, worse/],
    [join(bad, 'short-curve.json'), /short-curve\.json: not an apmsim comparison \(apmsim compare --json\): latency should be \{ levels, confidence, baseline, candidate \}/],
    [join(bad, 'text-values.json'), /text-values\.json: not an apmsim comparison \(apmsim compare --json\): gates\[1\]\.values should be \{ baseline: \[numbers or null\]/],
    [join(bad, 'sweep.json'), /sweep\.json: not an apmsim sweep \(sweep\.json from apmsim sweep --out\): points\[1\]\.values should be one of the grid values per axis/],
  ];
  for (const [input, message] of cases) {
    const r = apmsim('report', input, '--out', join(bad, 'r.html'));
    assert.is(r.code, 2, `${input}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /    at /);
  }
  assert.equal(readdirSync(bad).filter((f) => f.endsWith('.html')), [], 'nothing written');
});

test.run();
