// `apmsim report --whatif MODEL.json` from the command line: alone, after a run's outputs, with the
// scenario found where the model recorded it or named; and every wrong model or scenario is
// refused with exit 2 and a message naming the file, before anything is written.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inProcessExecutor, parseVary, trainModel } from '../../models/query/index.js';
import { SCENARIOS, tmp } from './recorded-run.js';

const test = suite('report --whatif cli');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

function apmsim(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A small model trained on a copy of mm4.yaml named relatively, as a user would (`apmsim train mm4.yaml`).
const dir = tmp();
copyFileSync(join(SCENARIOS, 'mm4.yaml'), join(dir, 'mm4.yaml'));
const SET = ['horizon=1000s', 'warmup=100s', 'confidence=0.9'];
const model = await trainModel({ file: 'mm4.yaml', text: readFileSync(join(dir, 'mm4.yaml'), 'utf8'), readFile: (p) => readFileSync(join(dir, p), 'utf8') }, {
  knobs: [parseVary('workload.requests.arrivals.rate=2..3')], samples: 80, replications: 1, set: SET, metrics: ['e2e.mean'], version: 'test',
}, inProcessExecutor);
writeFileSync(join(dir, 'model.json'), JSON.stringify(model));

test('alone: a what-if page of its own, the scenario found where the model recorded it', () => {
  const r = apmsim(dir, 'report', '--whatif', 'model.json', '--out', 'whatif.html');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'wrote whatif.html\n');
  const html = readFileSync(join(dir, 'whatif.html'), 'utf8');
  assert.match(html, /<title>apmsim what-if: mm4<\/title>/);
  assert.match(html, /<input type="range" id="whatif-k0"/);
  assert.match(html, /script-src 'sha256-/);
  // From another folder, the model's folder is tried next.
  const elsewhere = tmp();
  assert.is(apmsim(elsewhere, 'report', '--whatif', join(dir, 'model.json'), '--out', 'w.html').code, 0);
});

test('after a run\'s outputs: the run\'s part, then the what-if part, on one page', () => {
  const run = apmsim(dir, 'run', 'mm4.yaml', ...SET.flatMap((s) => ['--set', s]), '--replications', '2', '--out', 'run', '--quiet');
  assert.is(run.code, 0, run.stderr);
  const r = apmsim(dir, 'report', 'run', '--whatif', 'model.json', '--out', 'both.html', '--quiet');
  assert.is(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, 'both.html'), 'utf8');
  assert.match(html, /<title>apmsim report: mm4, what-if mm4<\/title>/);
  assert.match(html, /1 run, 1 what-if model/);
  assert.ok(html.indexOf('id="run1-summary"') < html.indexOf('id="whatif2-whatif"'), 'the run first');
});

test('a moved scenario is named with --whatif-scenario; another scenario is refused', () => {
  const away = tmp();
  copyFileSync(join(dir, 'model.json'), join(away, 'model.json'));
  const lost = apmsim(away, 'report', '--whatif', 'model.json', '--out', 'w.html');
  assert.is(lost.code, 2);
  assert.match(lost.stderr, /--whatif model\.json: the model was trained on mm4\.yaml, found neither mm4\.yaml nor .*mm4\.yaml; name the scenario file with --whatif-scenario FILE/);
  assert.is(apmsim(away, 'report', '--whatif', 'model.json', '--whatif-scenario', join(dir, 'mm4.yaml'), '--out', 'w.html').code, 0);
  const other = apmsim(away, 'report', '--whatif', 'model.json', '--whatif-scenario', join(SCENARIOS, 'tandem.yaml'), '--out', 'x.html');
  assert.is(other.code, 2);
  assert.match(other.stderr, /model\.json was trained on scenario 'mm4' \(mm4\.yaml, fnv1a:[0-9a-f]+\), not on .*tandem\.yaml \(fnv1a:[0-9a-f]+\); give the scenario it was trained on with --whatif-scenario/);
  writeFileSync(join(away, 'mm4.yaml'), readFileSync(join(dir, 'mm4.yaml'), 'utf8').replace('servers: 4', 'servers: 5'));
  const edited = apmsim(away, 'report', '--whatif', 'model.json', '--out', 'x.html');
  assert.is(edited.code, 2);
  assert.match(edited.stderr, /model\.json was trained on scenario 'mm4' \(mm4\.yaml, fnv1a:[0-9a-f]+\), not on mm4\.yaml \(fnv1a:[0-9a-f]+\)/);
  assert.not.ok(existsSync(join(away, 'x.html')), 'nothing written');
});

test('wrong models and wrong usage: exit 2, the file named, no stack trace', () => {
  writeFileSync(join(dir, 'notjson.json'), 'format: yaml\n');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ format: 'something-else/1' }));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...model, knobs: [{ path: 'x', lo: 3, hi: 1, integer: false }] }));
  writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...model, format: 'apmsim-learned-model/1' }));
  for (const [args, message] of [
    [['report', '--out', 'x.html'], /expected outputs to report on .* or --whatif MODEL\.json, found neither/],
    [['report', '--whatif', 'missing.json', '--out', 'x.html'], /--whatif missing\.json: cannot read the model file: no such file or folder \(ENOENT\)/],
    [['report', '--whatif', 'notjson.json', '--out', 'x.html'], /notjson\.json: expected a model file written by apmsim train, found text that is not JSON/],
    [['report', '--whatif', 'other.json', '--out', 'x.html'], /other\.json: expected a model file with format 'apmsim-learned-model\/\d+' \(written by apmsim train\), found format "something-else\/1"/],
    [['report', '--whatif', 'broken.json', '--out', 'x.html'], /broken\.json: malformed model file: knobs/],
    [['report', '--whatif', 'old.json', '--out', 'x.html'], /old\.json: a model file of format 'apmsim-learned-model\/1' \(from an older apmsim\); .* train it again with apmsim train/],
    [['report', 'run', '--whatif-scenario', 'mm4.yaml', '--out', 'x.html'], /--whatif-scenario names the scenario of a --whatif model; give --whatif MODEL\.json too/],
    [['report', '--whatif', 'model.json', '--whatif', 'model.json', '--out', 'x.html'], /expected one file each, found several/],
  ] as const) {
    const r = apmsim(dir, ...args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.not.ok(existsSync(join(dir, 'x.html')));
});

test('--help shows the what-if examples', () => {
  const r = apmsim(dir, 'report', '--help');
  assert.match(r.stdout, /--whatif\s/);
  assert.match(r.stdout, /report --whatif five\.json --out whatif\.html/);
  assert.match(r.stdout, /report out\/five --whatif five\.json --out/);
});

test.run();
