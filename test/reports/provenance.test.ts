// Provenance on report pages: the command line, scenario file and overrides a document records, and
// a comparison's knob-by-knob difference between its sides.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandText, knobDiff, madeFacts } from '../../reports/provenance.js';
import { compareSummarySection, headlineWithMagnitude, magnitude } from '../../reports/sections/compare-summary.js';
import { compareFixture } from './compare-fixture.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/bin/apmsim.js');

test('the command line reads as typed; the scenario file and overrides are listed, or said to be none', () => {
  assert.is(commandText(['apmsim', 'run', 'scenarios/mm4.yaml', '--set', 'agents.worker.servers=5', '--set', 'a.when="x > 0.6"']),
    `apmsim run scenarios/mm4.yaml --set agents.worker.servers=5 --set 'a.when="x > 0.6"'`);
  assert.equal(madeFacts({ command: ['apmsim', 'run', 'x.yaml'], scenarioFile: 'x.yaml', overrides: ['seed=3', 'horizon=100s'] }),
    [['command', 'apmsim run x.yaml'], ['scenario file', 'x.yaml'], ['overrides', 'seed=3; horizon=100s']]);
  assert.equal(madeFacts({ command: null, overrides: [] }), [['command', '(run from a program, not the command line)'], ['overrides', 'none']]);
  assert.equal(madeFacts({}), [], 'documents from before apmsim recorded them show nothing');
});

test('knob by knob: the paths whose values differ, the last value of each side, (file) where a side keeps the file\'s', () => {
  assert.equal(knobDiff(['seed=5', 'gpus.small.replicas=1'], ['seed=5', 'gpus.small.replicas=2', 'a.when="x > 0.6"']),
    [['gpus.small.replicas', '1', '2'], ['a.when', '(file)', '"x > 0.6"']]);
  assert.equal(knobDiff(['x=1', 'x=2'], ['x=2']), []);
  assert.is(knobDiff(null, ['x=1']), undefined);
});

test('a comparison names each side\'s overrides and tables the knobs that differ', () => {
  const doc = compareFixture();
  const made = {
    ...doc, command: ['apmsim', 'compare', 'a.yaml', 'a.yaml', '--candidate-set', 'gpus.small-pool.replicas=2'],
    baseline: { ...doc.baseline, overrides: [] }, candidate: { ...doc.candidate, overrides: ['gpus.small-pool.replicas=2'] },
  };
  const s = compareSummarySection(made);
  const facts = s.blocks.find((b) => b.kind === 'facts');
  assert.ok(facts?.kind === 'facts');
  const text = facts.facts.map(([k, v]) => `${k}: ${v}`).join('\n');
  assert.match(text, /^command: apmsim compare a\.yaml a\.yaml --candidate-set gpus\.small-pool\.replicas=2$/m);
  assert.match(text, /^baseline: .*; no overrides$/m);
  assert.match(text, /^candidate: .*; overrides gpus\.small-pool\.replicas=2$/m);
  const table = s.blocks.find((b) => b.kind === 'table');
  assert.ok(table?.kind === 'table');
  assert.equal(table.table.rows, [['gpus.small-pool.replicas', '(file)', '2']]);
});

test('a run with --set: results.json records the overrides and the command, and its report shows them', () => {
  const out = join(scratchDir('apmsim-provenance-'), 'out');
  const r = spawnSync(process.execPath, [MAIN, 'run', 'scenarios/mm4.yaml', '--set', 'agents.worker.servers=5', '--set', 'horizon=4000s', '--replications', '2', '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { overrides: string[]; command: string[] };
  assert.equal(results.overrides, ['agents.worker.servers=5', 'horizon=4000s', 'replications=2'], '--replications 2 recorded as the override it is');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<dt>overrides<\/dt><dd>agents\.worker\.servers=5; horizon=4000s; replications=2<\/dd>/);
  assert.match(html, /<dt>command<\/dt><dd>apmsim run scenarios\/mm4\.yaml --set agents\.worker\.servers=5 --set horizon=4000s --replications 2<\/dd>/);
  assert.match(html, /<dt>scenario file<\/dt><dd>scenarios\/mm4\.yaml<\/dd>/);
});

test('the comparison headline gives each regressed gate\'s change with its interval', () => {
  const doc = compareFixture();
  const g = doc.gates[0]!;
  const regressed = { ...doc, outcome: 'fail' as const, gates: [{ ...g, metric: 'e2e.p95', scale: 'relative' as const, verdict: 'regressed' as const, change: 0.054, interval: [0.046, 0.063] as const }], slos: [] };
  assert.is(headlineWithMagnitude(regressed), 'FAIL: e2e.p95 regressed +5.4 % [+4.6, +6.3]');
  const passed = { ...regressed, outcome: 'pass' as const, gates: [{ ...regressed.gates[0]!, verdict: 'equivalent' as const, change: -0.004, interval: [-0.011, 0.003] as const }] };
  assert.is(headlineWithMagnitude(passed), 'PASS: no gated metric regressed; largest change e2e.p95 −0.4 % [−1.1, +0.3]');
  assert.is(magnitude({ ...g, scale: 'absolute', change: 0.0012, interval: [0.0005, 0.002] }), '+0.12 pp [+0.05, +0.2]');
});

test.run();
